"""Background jobs of the visit service (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from guanai.visits.followups import followups_sync, reminders_compute


# 02:00 Asia/Shanghai (18:00 UTC the day before; HUEY runs with utc=True), after the people registry's
# 01:30 spell recompute, so the day's risk levels are in: who is followed, then what each worker owes.
@db_periodic_task(crontab(hour="18", minute="0"))
def visits_daily() -> int:
    today = timezone.localdate()
    followups_sync(on=today)
    return reminders_compute(on=today)


# Hourly, so people registered or re-assessed during the day reach the due lists the same day.
@db_periodic_task(crontab(minute="15"))
def followups_sync_hourly() -> None:
    followups_sync(on=timezone.localdate())
