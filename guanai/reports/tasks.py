"""Background jobs of the analytics store (huey): the incremental refresh after writes, and a periodic
one in case a job was lost."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from guanai.reports.services import store_refresh_incremental


@db_task()
def store_refresh_pending() -> int:
    return len(store_refresh_incremental())


@db_periodic_task(crontab(minute="*/5"))
def store_refresh_periodic() -> int:
    return len(store_refresh_incremental())
