"""How a restore knows that a server is running: the lock file every server process holds.

`guanai serve` and `guanai worker` take a shared advisory lock (flock) on settings.SERVER_LOCK_FILE
for as long as they run; several servers may hold it at once. A restore asks for the exclusive lock
and refuses when it cannot have it. The kernel drops the lock when the process ends, however it
ends (even SIGKILL), so a crashed server never leaves a stale "running" mark as a pid file would.
The file itself stays; its presence means nothing.

On PostgreSQL the servers may run on other machines, so the restore also refuses while any other
session is connected to the database (see engines.py).
"""

import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

try:
    import fcntl
except ImportError:  # Windows: no flock; the restore then relies on the operator (docs/operations.md)
    fcntl = None


def _lock_path() -> Path:
    path = Path(settings.SERVER_LOCK_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def server_lock_hold(*, when_alone: Callable[[], object] | None = None) -> int | None:
    """Take the shared lock for the life of this process; returns the descriptor kept open.

    `when_alone` runs first if no other server or worker holds the lock (taken exclusively meanwhile,
    so none starts): then nothing else on this machine can be running a job, and jobs still marked
    running were left by a process that died (core/jobs.py)."""
    if fcntl is None:
        return None
    fd = os.open(_lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    if when_alone is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            when_alone()
    fcntl.flock(fd, fcntl.LOCK_SH)  # from exclusive: converted in place
    return fd


def server_lock_release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


@contextmanager
def no_server_running():
    """Hold the exclusive lock while the body runs, so no server can start meanwhile.

    Yields False (and holds nothing) when a server holds the shared lock."""
    if fcntl is None:
        yield True
        return
    fd = os.open(_lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
