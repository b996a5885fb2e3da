"""The fault of the old documented restore: a -wal file left by a killed server must not come back."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from guanai.areas.tests.factories import AreaFactory
from guanai.backups.archive import backup_create
from guanai.conftest import XINMINJIE
from guanai.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's -wal file")]

KILLED_WRITER = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("UPDATE people_person SET name = 'written after the backup'")
db.commit()
os.kill(os.getpid(), signal.SIGKILL)
"""


def _guanai(*args: str, data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data_dir / 'guanai.sqlite3'}", "GUANAI_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "guanai.cli", *args], env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=120, check=False)


def test_restore_over_a_killed_servers_wal_gives_the_backup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    AreaFactory(code=XINMINJIE, name="新民街社区", level="village")
    PersonFactory(area_id=XINMINJIE, name="王小明")
    backup = backup_create(output_dir=tmp_path / "out")
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    live = data_dir / "guanai.sqlite3"
    shutil.copy(backup / "database.sqlite3", live)
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(live)], check=False, timeout=60)  # noqa: S603
    assert (data_dir / "guanai.sqlite3-wal").stat().st_size > 0  # the killed writer's change waits there

    result = _guanai("restore", str(backup), data_dir=data_dir)

    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(live)
    assert db.execute("SELECT name FROM people_person").fetchall() == [("王小明",)]
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_restore_refuses_while_guanai_serve_runs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = backup_create(output_dir=tmp_path / "out")
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    shutil.copy(backup / "database.sqlite3", data_dir / "guanai.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data_dir / 'guanai.sqlite3'}", "GUANAI_DATA_DIR": str(data_dir)}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "guanai.cli", "serve", "--port", "0", "--no-worker"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert "serving on" in server.stdout.readline()
        result = _guanai("restore", str(backup), data_dir=data_dir)
    finally:
        server.kill()
        server.wait(timeout=30)
    assert result.returncode != 0
    assert "服务正在运行" in result.stderr
    assert _guanai("restore", str(backup), data_dir=data_dir).returncode == 0
