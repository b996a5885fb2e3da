"""Every benefits page as its owner, a stranger (the outsider) and with query counts on list pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanai.benefits.models import Payment
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import CategorySpell

D = datetime.date
pytestmark = pytest.mark.django_db
MARK = "福利甲乙"


@pytest.fixture
def roster(standards):
    for _ in range(3):
        EnrollmentFactory(person=PersonFactory(name=MARK))
    return roster_build(roster_id=RosterFactory(month=D(2022, 3, 1)).pk)


def test_county_sees_the_roster_and_its_lines(client, county, roster):
    client.force_login(county)
    page = client.get(reverse("benefits:roster_detail", args=[roster.pk]))
    assert page.status_code == 200 and MARK in page.content.decode()
    assert "2,100.00" in page.content.decode()


def test_outsider_sees_nothing_on_any_page(client, outsider, roster):
    client.force_login(outsider)
    e = Payment.objects.filter(roster=roster).first().enrollment
    for name, args in [("benefits:roster_detail", [roster.pk]), ("benefits:roster_progress", [roster.pk]),
                       ("benefits:enrollment_detail", [e.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 404
    for name in ["benefits:index", "benefits:enrollment_list", "benefits:stop_list", "benefits:roster_list",
                 "benefits:failed_list", "benefits:totals"]:
        page = client.get(reverse(name))
        assert page.status_code == 200 and MARK not in page.content.decode()
    for fmt in ("csv", "xlsx", "pdf"):
        assert client.get(reverse("benefits:roster_export", args=[roster.pk, fmt])).status_code == 404


def test_an_export_of_another_areas_roster_is_a_404_like_its_page(client, analyst, director, roster):
    client.force_login(analyst)  # may see rosters (of 红河州), may not export them
    for fmt in ("csv", "xlsx", "pdf"):
        assert client.get(reverse("benefits:roster_export", args=[roster.pk, fmt])).status_code == 404
    assert client.get(reverse("benefits:roster_detail", args=[roster.pk])).status_code == 404
    own = RosterFactory(area_id="610330100007", month=D(2022, 4, 1))
    client.force_login(director)  # sees the roster of her village, may not export it
    assert client.get(reverse("benefits:roster_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("benefits:roster_export", args=[own.pk, "csv"])).status_code == 403


def test_exports_stream_the_bank_file_and_print_the_pdf(client, county, roster):
    client.force_login(county)
    csv_body = b"".join(client.get(reverse("benefits:roster_export", args=[roster.pk, "csv"])).streaming_content)
    text = csv_body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("明细编号") and "700.00" in text
    xlsx = client.get(reverse("benefits:roster_export", args=[roster.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = client.get(reverse("benefits:roster_export", args=[roster.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF") and b"STSong-Light" in pdf.content


def test_director_applies_from_the_person(client, director, standards):
    child = PersonFactory()
    CategorySpell.objects.create(person=child, category="orphan", started_on=D(2020, 1, 1), reason="双亡")
    client.force_login(director)
    url = reverse("benefits:enrollment_apply") + f"?person={child.pk}"
    response = client.post(url, {"person": child.pk, "programme_code": "orphan_allowance", "payee_name": "王监护",
                                 "bank_account": "6217000011112222"})
    assert response.status_code == 302
    assert child.enrollments.get().programme == programme("orphan_allowance")


def test_roster_request_page_queues_a_build(client, county, standards, settings):
    client.force_login(county)
    response = client.post(reverse("benefits:roster_list"), {"programme_code": "orphan_allowance",
                                                              "area_code": "610330", "month": "2022-05"})
    assert response.status_code == 302


@pytest.mark.parametrize("name", ["benefits:enrollment_list", "benefits:roster_list", "benefits:stop_list",
                                  "benefits:failed_list", "benefits:totals"])
def test_list_pages_do_not_grow_queries_with_rows(client, county, standards, name):
    client.force_login(county)
    EnrollmentFactory.create_batch(2)
    roster_build(roster_id=RosterFactory(month=D(2022, 3, 1)).pk)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name))
    EnrollmentFactory.create_batch(6)
    roster_build(roster_id=RosterFactory(month=D(2022, 4, 1)).pk)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(name))
    assert len(many) == len(few)


def test_roster_detail_queries_do_not_grow_with_lines(client, county, standards):
    client.force_login(county)
    EnrollmentFactory.create_batch(2)
    small = roster_build(roster_id=RosterFactory(month=D(2022, 3, 1)).pk)
    EnrollmentFactory.create_batch(8)
    large = roster_build(roster_id=RosterFactory(month=D(2022, 4, 1)).pk)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("benefits:roster_detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("benefits:roster_detail", args=[large.pk]))
    assert len(many) == len(few)
