"""RULES.md price_subsidy: a local threshold is never above the national one, also when the national
one is lowered after the local row was set (the 2022-23 temporary 3.0% CPI trigger)."""

import datetime
from decimal import Decimal

import pytest

from guanai.benefits.models import PriceTrigger
from guanai.benefits.standards import price_month
from guanai.benefits.tests.factories import PriceIndexFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def september_2022(db):
    """CPI 3.2% and food 5.0% in September 2022 (paid in October)."""
    PriceIndexFactory(month=D(2022, 9, 1), cpi_yoy=Decimal("3.20"), food_cpi_yoy=Decimal("5.00"))


def test_an_older_local_row_does_not_lift_the_lowered_national_trigger(september_2022):
    # Set in 2021 when the national CPI trigger was 3.5% (created as it was then, before the temporary row).
    PriceTrigger.objects.create(area_id="610330", cpi_threshold=Decimal("3.50"), food_cpi_threshold=Decimal("5.00"),
                                effective_from=D(2021, 1, 1), source="县文件（2021）")
    month = price_month(roster_month=D(2022, 10, 1), area_code="610330100007")
    assert month.cpi_threshold == Decimal("3.00") and month.rise == Decimal("5.00")  # food 5.0 ≥ 5.0 is larger


def test_a_lower_local_threshold_applies(september_2022):
    PriceTrigger.objects.create(area_id="610330", cpi_threshold=Decimal("2.50"), food_cpi_threshold=Decimal("6.00"),
                                effective_from=D(2022, 9, 1), source="县文件")
    month = price_month(roster_month=D(2022, 10, 1), area_code="610330100007")
    assert (month.cpi_threshold, month.food_cpi_threshold) == (Decimal("2.50"), Decimal("6.00"))
    assert price_month(roster_month=D(2022, 10, 1), area_code="532501000000").cpi_threshold == Decimal("3.00")


def test_without_a_local_row_the_national_row_in_force(september_2022):
    month = price_month(roster_month=D(2022, 10, 1), area_code="610330100007")
    assert (month.cpi_threshold, month.food_cpi_threshold, month.rise) == (Decimal("3.00"), Decimal("6.00"),
                                                                           Decimal("3.20"))
    assert price_month(roster_month=D(2023, 6, 1), area_code="610330100007").cpi_threshold == Decimal("3.50")
