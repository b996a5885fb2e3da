"""Background jobs of the people registry (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from guanai.people.models import Person
from guanai.people.spells import RecomputeResult, categories_recompute, spells_age_out


# 01:30 Asia/Shanghai. HUEY runs with utc=True (settings.py), so the crontab is read in UTC:
# 17:30 UTC the day before (China keeps no daylight saving time).
@db_periodic_task(crontab(hour="17", minute="30"))
def categories_age_out_daily() -> RecomputeResult:
    """End spells that aged out and open those that time alone brings (RULES.md ages and months)."""
    return spells_age_out(on=timezone.localdate())


@db_task()
def categories_recompute_area(area_code: str = "") -> RecomputeResult:
    """Recompute everyone under an area code ("" = everyone), e.g. after a rule parameter changed."""
    ids = Person.objects.filter(area_id__startswith=area_code).values_list("id", flat=True)
    return categories_recompute(person_ids=ids, on=timezone.localdate())
