"""Jobs a dead process left "running" (a SIGKILL, a power cut): at start-up, when no other server or
worker runs on this machine (backups/serverlock.py), each app that runs background jobs marks its
jobs still shown as running as failed, with the reason, so that a person sees what happened and runs
them again. Apps register their function here in AppConfig.ready(); this module knows no app.

What a job leaves behind is the app's to say: an import keeps the chunks it committed (a rerun finds
them unchanged), a roster's partial lines are removed, a package apply is one transaction and leaves
nothing. docs/operations.md, "After a crash"."""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

INTERRUPTED = ("处理该任务的进程已意外停止（断电、重启或被强制结束），任务未完成；请重新运行 / "
               "the process running this job stopped unexpectedly (power cut, restart or kill): run it again")

_STALE: dict[str, Callable[..., int]] = {}


def stale_jobs_register(name: str, fail: Callable[..., int]) -> None:
    """`fail(reason=...)` marks the app's running jobs failed with `reason` and returns how many."""
    _STALE[name] = fail


def stale_jobs_fail(*, reason: str = INTERRUPTED) -> dict[str, int]:
    counts = {name: fail(reason=reason) for name, fail in _STALE.items()}
    for name, count in counts.items():
        if count:
            log.warning("%s: %d job(s) left running by a stopped process marked failed", name, count)
    return counts
