"""The figures a written report states: each indicator's value for an area and a year, from the store,
formatted the way the seed replies write them (7924人 is written by the template; 19750元, 68.8万元,
96.5%). Money stays integer fen until it is written as text (Decimal, never float)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from guanai.areas.models import Area
from guanai.reports.measures import is_entered_figure
from guanai.reports.models import Indicator, IndicatorValue, Unit
from guanai.reports.periods import Period, month_period, year_period
from guanai.reports.selectors import figures as store_figures
from guanai.reports.selectors import indicator_list, store_holds

WAN_FROM_FEN = 10_000_000  # 10万元 and up are written in 万元, as the seeds do (68.8万元, 30万元)
WAN_FEN = 1_000_000  # below that, a whole number of 万 is too (以奖代补资金共计4万元), other sums in 元 (19750元)


def yuan_text(fen: int) -> str:
    amount = Decimal(fen) / 100
    if abs(fen) >= WAN_FROM_FEN or (fen and fen % WAN_FEN == 0):
        wan = (amount / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        return f"{wan:f}万元"
    return f"{amount.quantize(Decimal('0.01')).normalize():f}元"


def ratio_text(numerator: int, denominator: int | None) -> str:
    if not denominator:
        return "—"
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent}%"


def value_text(indicator: Indicator, numerator: int, denominator: int | None) -> str:
    if not numerator and is_entered_figure(indicator.measure):
        return "—"  # no population entered: no figure, not zero people
    if indicator.unit == Unit.FEN:
        return yuan_text(numerator)
    if indicator.unit == Unit.RATIO:
        return ratio_text(numerator, denominator)
    return str(numerator)


@dataclass(frozen=True)
class StatedFigure:
    indicator: Indicator
    period: Period
    text: str
    numerator: int
    denominator: int | None


# A placeholder naming an indicator's code with this suffix states its value for the year before
# ({{longevity_recipients_last_year}}): a reply written in 2021 answers with 2020's allowance figures.
LAST_YEAR = "_last_year"


@dataclass(frozen=True)
class ReportFigures:
    area: Area
    year: int
    as_of: datetime.date  # the day the people counts stand on
    registry_note: str  # said when the registry began after the year ended
    figures: dict[str, StatedFigure]
    last_year: dict[str, StatedFigure] = field(default_factory=dict)  # the year before, by code
    population_sentence: str = ""  # {{population_sentence}}: population_sentence() below

    def context(self) -> dict[str, str]:
        return ({code: f.text for code, f in self.figures.items()}
                | {code + LAST_YEAR: f.text for code, f in self.last_year.items()})


# The measures that count the registry of people (facilities keep their own dates and are not moved).
REGISTRY_MEASURES = ("category_holders", "aged_people")


def _registry_start(area_code: str, after: Period) -> Period | None:
    """The first month after `after` holding any people count for the area, when the year itself holds
    none (the registry was started later)."""
    stock = [i.code for i in indicator_list() if i.measure in REGISTRY_MEASURES]
    months = (IndicatorValue.objects.filter(area_code=area_code, indicator_code__in=stock, level=len(area_code),
                                            numerator__gt=0)
              .filter(period__regex=r"^\d{4}-\d{2}$", period__gt=after.months()[-1].key)
              .order_by("period").values_list("period", flat=True))
    first = months.first()
    return month_period(datetime.date(int(first[:4]), int(first[5:7]), 1)) if first else None


def report_figures(*, area: Area, year: int, today: datetime.date) -> ReportFigures:
    """Every current indicator for the area and year. People counts stand on the year's last day (or
    today); if the registry holds no one then but began later, they stand on the end of its first
    month and the report says so, rather than printing zeros for a year before the records."""
    period = year_period(year)
    indicators = indicator_list()
    stock = [i for i in indicators if i.measure in REGISTRY_MEASURES]
    flows = [i for i in indicators if i not in stock]
    stock_period, as_of, note = period, period.as_of(today), ""
    stated = {f.indicator.code: f for f in store_figures(area_code=area.code, period=period, indicators=stock)}
    if not any(f.numerator for f in stated.values()):
        later = _registry_start(area.code, period)
        if later is not None:
            stock_period, as_of = later, later.as_of(today)
            note = (f"本系统的服务对象登记始于{later.start.year}年{later.start.month}月，"
                    f"{year}年末的在册人数无记录；以下人数为{as_of.year}年{as_of.month}月{as_of.day}日在册数。")
            stated = {f.indicator.code: f for f in store_figures(area_code=area.code, period=later, indicators=stock)}
    stated.update({f.indicator.code: f for f in store_figures(area_code=area.code, period=period, indicators=flows)})
    found = {code: StatedFigure(f.indicator, stock_period if f.indicator in stock else period,
                                value_text(f.indicator, f.numerator, f.denominator), f.numerator, f.denominator)
             for code, f in stated.items()}
    # The year before, for {{code_last_year}}: "—" where the store was never filled for it (a zero
    # there would claim that nothing was paid).
    before = year_period(year - 1)
    counted = store_holds(area_code=area.code, period=before)
    previous = {f.indicator.code: StatedFigure(f.indicator, before,
                                               value_text(f.indicator, f.numerator, f.denominator) if counted else "—",
                                               f.numerator, f.denominator)
                for f in store_figures(area_code=area.code, period=before, indicators=indicators)}
    return ReportFigures(area=area, year=year, as_of=as_of, registry_note=note, figures=found, last_year=previous,
                         population_sentence=population_sentence(area=area, year=year, figures=found))


# --- the population sentence ---------------------------------------------------------------------------

POPULATION_TOTAL, POPULATION_AGED, AGING_SHARE = "resident_population", "resident_aged_60_plus", "resident_aging_share"
REGISTERED_AGED = "aged_60_plus"
# The word for "the whole area" by the ending of its name, longest first: 全省, 全州 (自治州), 全市, 全县.
_WHOLE = ("自治区", "社区", "街道", "省", "州", "市", "盟", "县", "区", "旗", "镇", "乡", "村")


def whole_area(area: Area) -> str:
    """全省 / 全州 / 全市 / 全县 ... as a reply names its own area (红河哈尼族彝族自治州 -> 全州)."""
    name = area.name
    for ending in _WHOLE:
        if name.endswith(ending):
            return "全" + ("区" if ending == "自治区" else ending)
    return "全域"


def wan_text(people: int) -> str:
    """People in 万 to two decimals, trailing zeros dropped, as the seeds write them (447.84万, 68.5万)."""
    wan = (Decimal(people) / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{wan:f}万"


def share_text(numerator: int, denominator: int) -> str:
    """A share to two decimals, as the seed writes the aging share (15.29%, 14.91%)."""
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{percent}%"


def parent_share(area: Area, year: int) -> tuple[int, int] | None:
    """The parent area's aging share for the year from the store, when it has one (its own figure or
    the sum of all its sub-areas'; population_measures.py)."""
    if area.parent_id is None:
        return None
    indicators = [i for i in indicator_list() if i.code == AGING_SHARE]
    found = store_figures(area_code=area.parent_id, period=year_period(year), indicators=indicators)
    if not found or not found[0].denominator:
        return None
    return found[0].numerator, found[0].denominator


def population_sentence(*, area: Area, year: int, figures: dict[str, StatedFigure]) -> str:
    """The sentence on the area's population: with the resident population entered for the year,
    "全州常住人口447.84万人，其中60周岁以上老年人68.5万人，占15.29%，高于全省的14.91%。" (the comparison
    only when the parent area has a figure); without it, the people aged 60+ the registry holds, never
    a figure that does not exist."""
    whole = whole_area(area)
    total, aged = figures.get(POPULATION_TOTAL), figures.get(POPULATION_AGED)
    if total is None or aged is None or not total.numerator or not aged.numerator:
        registered = figures.get(REGISTERED_AGED)
        return f"{whole}登记在册60周岁以上老年人{registered.text}人。" if registered is not None else ""
    own = share_text(aged.numerator, total.numerator)
    sentence = (f"{whole}常住人口{wan_text(total.numerator)}人，"
                f"其中60周岁以上老年人{wan_text(aged.numerator)}人，占{own}")
    parent = parent_share(area, year)
    if parent is not None:
        theirs = share_text(*parent)
        if theirs == own:
            sentence += f"，与{whole_area(area.parent)}持平"
        else:
            higher = aged.numerator * parent[1] > parent[0] * total.numerator
            sentence += f"，{'高于' if higher else '低于'}{whole_area(area.parent)}的{theirs}"
    return sentence + "。"
