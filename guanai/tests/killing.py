"""For the crash tests: run a job in a child process against the test database, stop it at a chosen
point with SIGKILL (no cleanup of any kind runs), and let the test look at what was left.

The child wraps one function (`module:name` or `module:Class.method`): after its `nth` call returns,
it prints a mark and sleeps; the parent kills it on seeing the mark. Wrap a function called inside a transaction and the
kill lands with that transaction open. The child needs a database another process can open, so these
tests run on PostgreSQL (the SQLite test database is in memory)."""

import os
import signal
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest
from django.conf import settings

MARK = "GUANAI-PAUSED"

# Skipped before any fixture runs: on SQLite the serialized rollback these tests ask for would reload the
# in-memory test database's rows over the ones still there.
needs_second_process = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs a database a second process can open: runs in the PostgreSQL suite")
CHILD = """
import importlib, os, sys, time
import django
django.setup()
module_name, name, nth, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
owner = importlib.import_module(module_name)
*path, name = name.split(".")
for part in path:  # "Class.method"
    owner = getattr(owner, part)
original = getattr(owner, name)
calls = 0
def paused(*args, **kwargs):
    global calls
    result = original(*args, **kwargs)
    calls += 1
    if calls == nth:
        print("MARK", flush=True)
        time.sleep(600)
    return result
setattr(owner, name, paused)
exec(code)
print("finished without pausing", flush=True)
""".replace("MARK", MARK)


def child_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs a database a second process can open: runs in the PostgreSQL suite")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def kill_when_paused(*, pause_after: str, nth: int = 1, code: str, env: dict[str, str] | None = None,
                     timeout: float = 300) -> str:
    """Run `code` in a child; SIGKILL it once `pause_after` ("module:function") has returned `nth`
    times. Returns the child's output; fails if it never got there."""
    module, name = pause_after.split(":")
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "guanai.config.settings",
               "DATABASE_URL": child_database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
               "GUANAI_ID_KEY": settings.GUANAI_ID_KEY, "HUEY_IMMEDIATE": "0", **(env or {})}
    child = subprocess.Popen([sys.executable, "-c", CHILD, module, name, str(nth), code],  # noqa: S603
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ)
    seen: list[str] = []
    paused = threading.Event()

    def read() -> None:
        for line in child.stdout:
            seen.append(line)
            if line.strip() == MARK:
                paused.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    paused.wait(timeout)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    output = "".join(seen)
    assert paused.is_set(), f"the child never reached {pause_after} #{nth}:\n{output}"
    assert child.returncode == -signal.SIGKILL
    return output
