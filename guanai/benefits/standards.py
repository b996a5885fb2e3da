"""Looking up standards and price indices for a month: rows read once, resolved per area in memory.

A Standard or PriceTrigger row for an area applies to every code under it; the longest matching code
wins, then the newest effective_from. A roster of 200,000 lines asks the database a handful of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from guanai.areas.precedence import in_force, most_specific
from guanai.benefits import rules
from guanai.benefits.models import PriceIndex, PriceTrigger, Standard, Variant
from guanai.benefits.months import add_months


class StandardMissing(Exception):
    def __init__(self, programme: str, variant: str, area_code: str, month: date):
        self.programme, self.variant, self.area_code, self.month = programme, variant, area_code, month
        super().__init__(f"{area_code} 在 {month:%Y-%m} 没有“{programme} {variant}”的补贴标准 / "
                         f"no standard for {programme} {variant or '-'} in {area_code} for {month:%Y-%m}")


@dataclass(frozen=True)
class StandardRow:
    area: str
    variant: str
    min_age: int | None
    max_age: int | None
    amount_fen: int
    effective_from: date


class StandardBook:
    """The standards of one programme in force in one month."""

    def __init__(self, programme: str, month: date):
        self.programme, self.month = programme, month
        found = Standard.objects.filter(in_force(month), programme_id=programme)
        self.rows = [StandardRow(*values) for values in found.values_list(
            "area_id", "variant", "min_age", "max_age", "amount_fen", "effective_from")]
        self._cache: dict[tuple[str, str, int | None], int | None] = {}

    def amount(self, *, area_code: str, variant: str, age: int | None = None) -> int | None:
        """Fen a month for the area and variant (and age band); None when no row applies."""
        key = (area_code, variant, age)
        if key not in self._cache:
            fits = [r for r in self.rows if area_code.startswith(r.area) and r.variant == variant
                    and (r.min_age is None or (age is not None and age >= r.min_age))
                    and (r.max_age is None or (age is not None and age <= r.max_age))]
            best = max(fits, key=lambda r: (len(r.area), r.effective_from, r.min_age or 0), default=None)
            self._cache[key] = best.amount_fen if best else None
        return self._cache[key]

    def require(self, *, area_code: str, variant: str, age: int | None = None) -> int:
        amount = self.amount(area_code=area_code, variant=variant, age=age)
        if amount is None:
            raise StandardMissing(self.programme, variant, area_code, self.month)
        return amount

    def lowest_min_age(self, area_code: str) -> int | None:
        """The youngest band of the area (the age the allowance starts at), from the rows that apply there."""
        ages = [r.min_age for r in self.rows if r.min_age is not None and area_code.startswith(r.area)]
        return min(ages) if ages else None


@dataclass(frozen=True)
class PriceMonth:
    """The price subsidy of one roster month for one area: the index month, its rise if triggered."""

    index_month: date
    cpi: Decimal | None
    food_cpi: Decimal | None
    cpi_threshold: Decimal
    food_cpi_threshold: Decimal
    rise: Decimal | None  # None: not triggered (or no index published)

    @property
    def explanation(self) -> str:
        if self.cpi is None:
            return f"{self.index_month:%Y-%m} 价格指数未录入"
        fired = "，启动联动" if self.rise is not None else "，未达到启动条件"
        return (f"{self.index_month:%Y-%m} CPI {self.cpi}%（启动条件 {self.cpi_threshold}%）、"
                f"食品CPI {self.food_cpi}%（启动条件 {self.food_cpi_threshold}%）{fired}")


def _thresholds(triggers: list[PriceTrigger], area_code: str) -> tuple[Decimal, Decimal]:
    """RULES.md price_subsidy: local thresholds may be lower than the national ones, never higher. The
    most specific row in force is used, but never above the national row in force: a national row
    lowered later (the 2022-23 temporary 3.0%) applies even where an older local row says more
    (PriceTrigger.clean refuses such a local row only when it is saved)."""
    national = most_specific([t for t in triggers if t.area_id is None], "")
    rows = [r for r in (most_specific(triggers, area_code), national) if r is not None]
    if not rows:
        return rules.DEFAULT_CPI_THRESHOLD, rules.DEFAULT_FOOD_CPI_THRESHOLD
    return min(r.cpi_threshold for r in rows), min(r.food_cpi_threshold for r in rows)


def price_month(*, roster_month: date, area_code: str) -> PriceMonth:
    """RULES.md price_subsidy, computed month by month from the index table and the thresholds in force."""
    index_month = add_months(roster_month, -rules.PRICE_INDEX_LAG_MONTHS)
    triggers = PriceTrigger.objects.filter(in_force(index_month))
    cpi_threshold, food_threshold = _thresholds(list(triggers), area_code)
    index = most_specific(list(PriceIndex.objects.filter(month=index_month)), area_code)
    if index is None:
        return PriceMonth(index_month, None, None, cpi_threshold, food_threshold, None)
    rise = rules.price_trigger_rise(index.cpi_yoy, index.food_cpi_yoy, cpi_threshold=cpi_threshold,
                                    food_cpi_threshold=food_threshold)
    return PriceMonth(index_month, index.cpi_yoy, index.food_cpi_yoy, cpi_threshold, food_threshold, rise)


def price_subsidy_fen(*, book: StandardBook, pm: PriceMonth, area_code: str, variant: str) -> int:
    """The amount for one person of the area in the month (0 when not triggered)."""
    if pm.rise is None:
        return 0
    dibao = book.require(area_code=area_code, variant=variant or Variant.URBAN)
    minimum = book.amount(area_code=area_code, variant=Variant.MINIMUM) or 0
    return rules.price_subsidy_amount(dibao_standard_fen=dibao, rise_percent=pm.rise, minimum_fen=minimum)
