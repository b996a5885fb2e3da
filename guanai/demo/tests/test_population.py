"""The demo's resident population: entered once, and the 2021 report's sentence matches the 红河州 reply."""

import pytest

from guanai.areas.models import Area
from guanai.demo.figures import HONGHE
from guanai.demo.population import demo_population_load
from guanai.demo.report_checks import POPULATION_SENTENCE, YEAR, population_rows
from guanai.demo.staff import demo_staff_ensure
from guanai.reports.figures import report_figures
from guanai.reports.models import ResidentPopulation
from guanai.reports.services import store_refresh_full
from guanai.reports.tests.conftest import TODAY


@pytest.mark.django_db
def test_the_demo_population_gives_the_replys_sentence():
    demo_staff_ensure()
    assert demo_population_load() == 4
    assert demo_population_load() == 0  # loaded once
    assert set(ResidentPopulation.objects.values_list("area_id", "year")) == {
        ("53", 2020), ("53", 2021), (HONGHE, 2020), (HONGHE, 2021)}
    store_refresh_full(area_code=HONGHE, year=YEAR, today=TODAY)
    report = report_figures(area=Area.objects.get(code=HONGHE), year=YEAR, today=TODAY)
    assert report.population_sentence == POPULATION_SENTENCE
    rows = population_rows(report)
    assert len(rows) == 5 and all(row.ok and not row.gap for row in rows), rows
