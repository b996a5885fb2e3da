"""红河州's 2020 longevity allowance in `guanai demo_check`: the standard and the recipients both come from
the records; the recipients are the people on the locked 2020 rosters that demo/longevity.py builds
from the enrollments of 红河州's oldest old."""

import datetime

import pytest

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import Scope
from guanai.areas.models import Area, Level
from guanai.audit.services import event_record
from guanai.benefits.models import Enrollment, EnrollmentStatus, EnrollmentStop, Payment, Roster, RosterStatus
from guanai.benefits.selectors import payment_totals
from guanai.demo import benefit_checks, oldest_old
from guanai.demo.benefits import standards_ensure
from guanai.demo.figures import HONGHE
from guanai.demo.longevity import demo_longevity_load
from guanai.demo.people import DEMO_LOADED
from guanai.people.tests.factories import PersonFactory, id_number_make

pytestmark = pytest.mark.django_db
D = datetime.date
ON = D(2026, 11, 23)
JIANSHUI = "532524"


def person(village: str, birth: D, died: D | None = None, **facts):
    number = id_number_make(birth_date=birth, address_code=JIANSHUI)
    return PersonFactory(area_id=village, id_number=number, died_on=died, **facts)


@pytest.fixture
def village() -> str:
    return Area.objects.filter(code__startswith=JIANSHUI, level=Level.VILLAGE).order_by("code").first().code


@pytest.fixture
def elders(village):
    """Paid in 2020: an 85-year-old, one turning 100 in June, one dead in March 2020, one turning 80 in
    March 2020, one dead in 2023. Not paid in 2020: one turning 80 in 2021, one aged 70."""
    return {
        "85": person(village, D(1935, 5, 10)),
        "100 in June": person(village, D(1920, 6, 15)),
        "dead March 2020": person(village, D(1938, 2, 2), D(2020, 3, 10)),
        "80 in March": person(village, D(1940, 3, 1)),
        "dead 2023": person(village, D(1936, 1, 1), D(2023, 5, 5)),
        "80 in 2021": person(village, D(1941, 3, 1)),
        "70": person(village, D(1956, 4, 4)),
    }


def paid_yuan(p) -> int:
    return sum(Payment.objects.filter(person=p, month__year=2020).values_list("amount_fen", flat=True)) // 100


def test_the_2020_rosters_pay_the_elders_by_age_band_and_stop_at_death(elders):
    result = demo_longevity_load(on=ON)
    assert not result.skipped and result.enrollments == 6 and result.ended == 2
    totals = {t.programme: t for t in payment_totals(scope=Scope(HONGHE), year=2020)}
    assert totals["longevity_allowance"].people == 5
    assert paid_yuan(elders["85"]) == 12 * 50
    assert paid_yuan(elders["100 in June"]) == 6 * 50 + 6 * 300  # 100 on 1 July: the 300-yuan band
    assert paid_yuan(elders["dead March 2020"]) == 3 * 50  # the month of death is paid
    months = 12 - oldest_old.starts_on(elders["80 in March"].birth_date).month + 1
    assert paid_yuan(elders["80 in March"]) == months * 50
    assert paid_yuan(elders["dead 2023"]) == 12 * 50
    assert paid_yuan(elders["80 in 2021"]) == paid_yuan(elders["70"]) == 0
    assert not Enrollment.objects.filter(person=elders["70"]).exists()
    ended = Enrollment.objects.get(person=elders["dead 2023"])
    assert (ended.status, ended.ends_on, ended.end_reason) == (EnrollmentStatus.ENDED, D(2023, 5, 1), "2023-05-05死亡")
    stop = EnrollmentStop.objects.get(enrollment=ended)
    assert (stop.kind, stop.status, stop.stop_month) == ("death", "confirmed", D(2023, 6, 1))
    assert Enrollment.objects.get(person=elders["80 in 2021"]).starts_on.year == 2021
    rosters = Roster.objects.filter(programme_id="longevity_allowance", area_id=JIANSHUI)
    assert rosters.count() == 12 and set(rosters.values_list("status", flat=True)) == {RosterStatus.LOCKED}
    # Locked by the county's own officer: one per county of 红河州 (staff.demo_county_officers_ensure).
    assert set(rosters.values_list("locked_by__role", "locked_by__area_id")) == {(Role.COUNTY_OFFICER, JIANSHUI)}
    assert User.objects.filter(role=Role.COUNTY_OFFICER, area__pk__startswith=HONGHE).count() == 13
    assert demo_longevity_load(on=ON).skipped


def test_the_recipients_row_counts_the_locked_rosters(elders, monkeypatch):
    standards_ensure()
    event_record(actor=None, verb=DEMO_LOADED, object_type="demo", data={"scale": 1.0})
    monkeypatch.setattr(benefit_checks, "recipient_bounds", lambda scale: (4, 6))  # 5 people paid
    standard, recipients = benefit_checks.honghe_longevity_rows()
    assert standard.ok and standard.actual == "50 / 300"
    assert (recipients.target, recipients.actual, recipients.ok) == ("4+", "0", False)
    assert recipients.gap.startswith("未载入")  # a database loaded before the recipients' records
    demo_longevity_load(on=ON)
    recipients = benefit_checks.honghe_longevity_rows()[1]
    assert recipients.ok and not recipients.gap and recipients.actual == "4+"


def test_the_band_is_8_7_wan_and_more_scaled_with_the_people():
    assert benefit_checks.recipient_bounds(1.0) == (87_000, 88_000)
    assert benefit_checks.recipient_bounds(0.05) == (4_350, 4_400)
    assert oldest_old.planned_recipients(1.0) == 87_400
    assert 4_350 < oldest_old.planned_recipients(0.05) < 4_400
