"""Back up, write, restore: exactly the backed-up state comes back (runs on SQLite and PostgreSQL)."""

import json

import pytest
from django.core.management import CommandError, call_command

from guanai.areas.tests.factories import AreaFactory
from guanai.backups.archive import MANIFEST, backup_create, backup_restore, backups_prune
from guanai.backups.engines import BackupError
from guanai.backups.serverlock import server_lock_hold, server_lock_release
from guanai.conftest import XINMINJIE
from guanai.people.models import Person
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVER_LOCK_FILE = tmp_path / "server.lock"
    settings.BACKUP_DIR = tmp_path / "backups"
    (tmp_path / "media" / "imports").mkdir(parents=True)


@pytest.fixture(autouse=True)
def _village(transactional_db):
    """Transactional tests start from an empty database (the session's division tree is flushed)."""
    AreaFactory(code=XINMINJIE, name="新民街社区", level="village")


def _people() -> list[tuple[int, str]]:
    return list(Person.objects.order_by("pk").values_list("pk", "name"))


def test_restore_brings_back_exactly_the_backed_up_state(settings, tmp_path):
    kept = PersonFactory(area_id=XINMINJIE, name="王小明")
    sheet = settings.MEDIA_ROOT / "imports" / "a.xlsx"
    sheet.write_bytes(b"sheet before")
    before = _people()
    backup = backup_create(output_dir=tmp_path / "out")

    PersonFactory(area_id=XINMINJIE, name="李后来")
    Person.objects.filter(pk=kept.pk).update(name="改过的名字")
    sheet.write_bytes(b"sheet changed")
    (settings.MEDIA_ROOT / "imports" / "later.xlsx").write_bytes(b"uploaded after the backup")

    result = backup_restore(directory=backup)

    assert _people() == before
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == ["a.xlsx"]
    assert sheet.read_bytes() == b"sheet before"
    assert result.media_files == 1
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["tables"]["people_person"] == 1
    # A new person gets a key after the restored ones (sequences came back with the rows).
    assert PersonFactory(area_id=XINMINJIE).pk > kept.pk


def test_restore_refuses_while_a_server_holds_the_lock(tmp_path):
    PersonFactory(area_id=XINMINJIE)
    backup = backup_create(output_dir=tmp_path / "out")
    PersonFactory(area_id=XINMINJIE)
    fd = server_lock_hold()
    try:
        with pytest.raises(BackupError, match="服务正在运行"):
            backup_restore(directory=backup)
    finally:
        server_lock_release(fd)
    assert Person.objects.count() == 2
    backup_restore(directory=backup)
    assert Person.objects.count() == 1


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    PersonFactory(area_id=XINMINJIE)
    backup = backup_create(output_dir=tmp_path / "out")
    PersonFactory(area_id=XINMINJIE)
    database = next(path for path in backup.iterdir() if path.name.startswith("database."))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="摘要不符"):
        call_command("restore", str(backup))
    assert Person.objects.count() == 2


def test_the_commands_back_up_and_restore(tmp_path, capsys):
    PersonFactory(area_id=XINMINJIE)
    call_command("backup", "-o", str(tmp_path / "out"))
    (backup,) = (tmp_path / "out").iterdir()
    PersonFactory(area_id=XINMINJIE)
    call_command("restore", str(backup))
    assert "restored and checked" in capsys.readouterr().out
    assert Person.objects.count() == 1
    with pytest.raises(CommandError, match="读不出备份清单"):
        call_command("restore", str(tmp_path / "nothing-here"))


def test_prune_keeps_the_newest_and_drops_those_past_retention(tmp_path):
    first = backup_create(output_dir=tmp_path / "out")
    second = backup_create(output_dir=tmp_path / "out")
    manifest = json.loads((first / MANIFEST).read_text())
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"
    (first / MANIFEST).write_text(json.dumps(manifest))
    assert backups_prune(directory=tmp_path / "out", keep_days=30) == [first]
    assert backups_prune(directory=tmp_path / "out", keep_days=0) == []
    assert second.is_dir()
