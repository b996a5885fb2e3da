"""The cases demo on a small registry: every stage, some overdue and escalated, loaded once."""

import datetime

import pytest

from guanai.audit.models import AccessLog
from guanai.cases.models import Case, Deadline, JointMeeting
from guanai.cases.rules import Stage
from guanai.demo.cases import demo_cases_load
from guanai.demo.staff import demo_staff_ensure
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_cases_in_every_stage_some_overdue():
    from guanai.areas.models import Area

    demo_staff_ensure()
    def villages(prefix: str, n: int) -> list[str]:
        return list(Area.objects.filter(level="village", code__startswith=prefix).order_by("code")
                    .values_list("code", flat=True)[:n])

    codes = ["610330100007"] * 6 + villages("610330100", 6) + villages("610330101", 4) + villages("610330102", 4)
    for code in codes + villages("532501", 5) + villages("532502", 5):
        PersonFactory(area_id=code, birth_date=datetime.date(2016, 6, 1))
    result = demo_cases_load()
    assert not result.skipped and result.cases >= 13
    stages = set(Case.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Case.objects.filter(reopened_count=1).exists()
    assert Case.objects.filter(stage=Stage.REVIEW, closure_requested_at__isnull=False).exists()
    assert Deadline.objects.filter(met_at__isnull=True, escalated_to__in=["township", "county"]).count() >= 3
    assert Case.objects.filter(area__pk__startswith="5325").exists()
    assert JointMeeting.objects.get().items.count() == 3
    assert AccessLog.objects.filter(action="break_glass", user__username="xinminjie").exists()
    assert demo_cases_load().skipped
