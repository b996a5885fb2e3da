"""Scheduled backups (settings BACKUP_SCHEDULE_*, BACKUP_KEEP_DAYS; docs/operations.md)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from guanai.backups.archive import backup_create, backups_prune


def _schedule():
    if not settings.BACKUP_SCHEDULE_ENABLED:
        return lambda _moment: False
    return crontab(hour=str(settings.BACKUP_SCHEDULE_HOUR_UTC), minute=str(settings.BACKUP_SCHEDULE_MINUTE))


@db_periodic_task(_schedule())
def backup_nightly_task() -> None:
    backup_create()
    backups_prune()
