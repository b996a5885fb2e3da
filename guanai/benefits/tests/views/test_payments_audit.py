"""The county's payments audit page and export: every exclusion, top-up and stop of a month with its
reason; the person page answers "why this line"; the outsider sees none of it."""

import datetime

import pytest
from django.urls import reverse

from guanai.benefits.models import Assistance
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import Household

D = datetime.date
pytestmark = pytest.mark.django_db
MARCH = D(2022, 3, 1)


@pytest.fixture
def month(standards):
    """March 2022: one de facto orphan excluded (also an orphan), one topped up, one who died in February."""
    both = PersonFactory(name="甲孤儿", birth_date=D(2012, 1, 1))
    EnrollmentFactory(person=both)
    EnrollmentFactory(person=both, programme=programme("de_facto_orphan_allowance"))
    home = Household.objects.create(area_id="610330100001")
    topped = PersonFactory(name="乙补差", household=home)
    Assistance.objects.create(kind="dibao", household=home, area_id=home.area_id, monthly_fen=60_000, members=2,
                              first_month=D(2022, 1, 1))
    EnrollmentFactory(person=topped, programme=programme("de_facto_orphan_allowance"))
    EnrollmentFactory(person=PersonFactory(name="丙停发", died_on=D(2022, 2, 10)))
    for code in ("orphan_allowance", "de_facto_orphan_allowance"):
        roster_build(roster_id=RosterFactory(programme=programme(code), month=MARCH).pk)


def test_county_sees_every_exclusion_top_up_and_stop_with_its_reason(client, county, month):
    client.force_login(county)
    text = client.get(reverse("benefits:payments_audit") + "?month=2022-03").content.decode()
    assert "甲孤儿" in text and "孤儿基本生活费" in text          # excluded: the orphan allowance wins
    assert "乙补差" in text and "标准700.00元 − 低保300.00元" in text  # top-up with its arithmetic
    assert "丙停发" in text and "死亡" in text                    # stopped from March


def test_the_export_has_the_same_rows(client, county, month):
    client.force_login(county)
    response = client.get(reverse("benefits:payments_audit_export") + "?month=2022-03")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "甲孤儿" in body and "乙补差" in body and "400.00" in body and "丙停发" in body


def test_outsider_sees_no_row(client, outsider, month):
    client.force_login(outsider)
    text = client.get(reverse("benefits:payments_audit") + "?month=2022-03").content.decode()
    body = b"".join(client.get(reverse("benefits:payments_audit_export") + "?month=2022-03")
                    .streaming_content).decode()
    for name in ("甲孤儿", "乙补差", "丙停发"):
        assert name not in text and name not in body


def test_the_person_page_says_why_the_line_was_paid(client, county, month):
    from guanai.benefits.models import Payment

    line = Payment.objects.get(person__name="乙补差")
    client.force_login(county)
    text = client.get(reverse("people:detail", args=[line.person_id])).content.decode()
    assert "规则版本" in text and "标准700.00元/月" in text and "= 400.00元" in text


def test_the_roster_page_lists_its_stop_list(client, county, month):
    from guanai.benefits.models import Roster

    roster = Roster.objects.get(programme_id="de_facto_orphan_allowance", month=MARCH)
    client.force_login(county)
    text = client.get(reverse("benefits:roster_detail", args=[roster.pk])).content.decode()
    assert "未发放名单" in text and "甲孤儿" in text
