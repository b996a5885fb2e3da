"""The figures pages read the store, never the records counted: the number of queries does not grow
with the people, visits or sub-areas behind the figures, and no query of the prefecture analyst's
pages reads the people, spell, follow-up, visit or payment tables (no timings here: bench/reports_pages.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guanai.areas.models import Area
from guanai.conftest import HONGHE
from guanai.reports.services import store_refresh_full
from guanai.visits.tests.factories import VisitRecordFactory, followed_person

RAW_TABLES = ("people_person", "people_categoryspell", "visits_followup", "visits_visitrecord", "benefits_payment")
ANALYST_PAGES = ("/reports/", f"/reports/?area={HONGHE}01", "/", "/visits/figures/",
                 "/reports/indicator/elder_visit_rate/?chart=x")

pytestmark = pytest.mark.usefixtures("indicators_present")  # a --reuse-db run after a browser test


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def people_in(villages: list[str]) -> None:
    """Followed elders (a special-difficulty spell each) with a visit this month, in each village."""
    for village in villages:
        for _i in range(2):
            followup = followed_person(area_id=village)
            VisitRecordFactory(person=followup.person)


def counts(client) -> dict[str, int]:
    store_refresh_full(area_code=HONGHE, year=timezone.localdate().year)
    return {url: len(queries(client, url)) for url in ANALYST_PAGES}


@pytest.mark.django_db
def test_the_analysts_pages_do_not_grow_with_the_records_behind_them(client, analyst):
    villages = list(Area.objects.filter(level="village", code__startswith=f"{HONGHE}01").order_by("code")
                    .values_list("code", flat=True)[:6])
    client.force_login(analyst)
    people_in(villages[:1])
    few = counts(client)
    people_in(villages[1:])
    many = counts(client)
    assert many == few


@pytest.mark.django_db
def test_the_analysts_figures_pages_never_read_the_records(client, analyst):
    villages = list(Area.objects.filter(level="village", code__startswith=HONGHE).values_list("code", flat=True)[:3])
    people_in(villages)
    store_refresh_full(area_code=HONGHE, year=timezone.localdate().year)
    client.force_login(analyst)
    for url in ("/reports/", f"/reports/?area={villages[0][:6]}", "/", "/visits/figures/"):
        raw = [sql for sql in queries(client, url) if any(f'"{table}"' in sql for table in RAW_TABLES)]
        assert raw == [], url


@pytest.mark.django_db
def test_a_county_sees_workload_by_worker_and_the_prefecture_is_asked_to_pick_a_county(client, analyst, county):
    client.force_login(analyst)
    assert "data-pick-county" in client.get("/visits/figures/").content.decode()
    client.force_login(county)
    assert "data-pick-county" not in client.get("/visits/figures/").content.decode()
