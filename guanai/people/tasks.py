"""Background jobs of the people registry (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from guanai.people.spells import RecomputeResult, spells_age_out


# 01:30 Asia/Shanghai. HUEY runs with utc=True (settings.py), so the crontab is read in UTC:
# 17:30 UTC the day before (China keeps no daylight saving time).
@db_periodic_task(crontab(hour="17", minute="30"))
def categories_age_out_daily() -> RecomputeResult:
    """End spells that aged out and open those that time alone brings (RULES.md ages and months)."""
    return spells_age_out(on=timezone.localdate())
