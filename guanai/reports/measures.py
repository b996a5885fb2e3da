"""What an indicator counts: the measures its numerator and denominator name (Indicator.measure).

Each measure counts one kind of record per village for several periods at once (one grouped query with
one conditional aggregate per period), and says which records it counted, for the drill-down list. The
measures several indicators ask with different filters (visits, people visited, people of a category,
people to visit) count every indicator's filters in one pass over their records (Measure.scan).
Indicators pick a measure and narrow it with filters (category, programme, target group, method,
facility kind), so a new indicator is a row of data; a new kind of record is a new measure here.

Stock measures (people holding a category) count on the period's last day, or today while it runs;
flow measures (visits, money paid, cases opened) count what happened inside the period. The store
counts months from the records and derives quarters and years from them (`combine`), so an
incremental refresh touches only the months a change affects; the visit rate of a quarter is a
ratio of person-months, as the rate is defined per calendar month (RULES.md "Visit frequency").
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case as SqlCase
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import Scope, scoped
from guanai.benefits.models import Payment, ReturnOutcome, RosterStatus
from guanai.cases.models import Case, MandatoryReport
from guanai.core.collation import CodePointOrder
from guanai.core.money import yuan_text
from guanai.people.models import CategorySpell, Person
from guanai.reports.periods import Period
from guanai.visits.models import FollowUp, VisitRecord

Values = dict[str, list[int]]  # village code -> one value per period asked for


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


@dataclass(frozen=True)
class Measure:
    code: str
    label: object
    compute: Callable[..., Values]  # (filters=, periods=, prefix=, today=) -> Values
    records: Callable[..., QuerySet]  # (filters=, period=, scope=, today=) -> the records counted
    columns: list[Column] = field(default_factory=list)
    # How a quarter's or a year's value follows from its months: "sum" (what happened in it), "last"
    # (people held on its last day = its last month's value), or "direct" (distinct people over the
    # whole period, counted for the period itself).
    combine: str = "sum"
    record_kind: str = "person"  # which list the records are: person / visit / payment / case / report
    filter_keys: tuple[str, ...] = ()  # the filters it understands (an indicator's form refuses others)
    filter_required: tuple[str, ...] = ()  # ... and those it cannot count without
    # One pass over the records for several filter sets of this measure and of the measures sharing the
    # same scan: (parts=[(measure code, filters)], periods=, prefix=, today=) -> one Values per part,
    # each what `compute` gives for that part alone (`compute` is this scan for one part). A full
    # refresh asks the visit measures for four indicators and category_holders for eleven; store_compute
    # hands each scan all its parts at once (docs/performance.md, "Figures pages and the analytics store").
    scan: Callable[..., list[Values]] | None = None
    # Values given per area of any level (the subtree under the prefix and the prefix's ancestors), each
    # the area's own figure, which the store writes as they stand instead of adding villages up the
    # tree (population_measures.py: a population entered for a county is that county's figure).
    per_area: bool = False


MEASURES: dict[str, Measure] = {}
Part = tuple[str, dict]  # measure code, filters


def measure_register(measure: Measure) -> None:
    MEASURES[measure.code] = measure


def is_entered_figure(measure_code: str) -> bool:
    """Whether a measure reads figures a bureau enters (Measure.per_area): for those a missing value is
    "no figure" ("—"), never zero people."""
    measure = MEASURES.get(measure_code)
    return measure is not None and measure.per_area


def _aware_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _grouped(queryset: QuerySet, *, group: str, aggregates: dict) -> Values:
    """Run one grouped query and return {village code: [value per aggregate in order]}."""
    names = list(aggregates)
    rows = queryset.values(group).annotate(**aggregates).order_by().values_list(group, *names)
    return {row[0]: [int(v or 0) for v in row[1:]] for row in rows}


def _one_part(code: str, scan: Callable[..., list[Values]]) -> Callable[..., Values]:
    """`compute` of a measure counted by a scan: the scan for that one part."""
    def compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
        return scan(parts=[(code, filters)], periods=periods, prefix=prefix, today=today)[0]
    return compute


def _sort_key(column: str) -> CodePointOrder:
    """A text column to group on, compared byte by byte: on PostgreSQL the database's default collation
    (C.UTF-8 here, any libc locale in general) sorts through strcoll without abbreviated keys, several
    times slower on millions of rows; for codes the groups are the same."""
    return CodePointOrder(F(column))


# --- people holding a category (stock) ----------------------------------------------------------

def _held_on(day: datetime.date) -> Q:
    # A spell holds from started_on up to the day before ended_on (people.selectors.category_counts).
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _category_scan(*, parts: list[Part], periods: list[Period], prefix: str, today: datetime.date) -> list[Values]:
    """People holding each part's category on each period's day (a person counts once however many of
    their spells hold), per village, every category asked in one pass grouped by village and category."""
    days = [p.as_of(today) for p in periods]
    categories = sorted({filters["category"] for _, filters in parts})
    spells = CategorySpell.objects.filter(category__in=categories, started_on__lte=max(days)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=min(days)))  # held on one of the days at least
    spells = scoped(spells, scope=Scope(prefix), area_field="person__area")
    holding = {f"p{j}": Count("person_id", distinct=True, filter=_held_on(day)) for j, day in enumerate(days)}
    rows = (spells.annotate(village=_sort_key("person__area_id")).values("village", "category")
            .annotate(**holding).order_by().values_list("village", "category", *holding))
    by_category: dict[str, Values] = defaultdict(dict)
    for code, category, *values in rows:
        by_category[category][code] = [int(v or 0) for v in values]
    return [by_category[filters["category"]] for _, filters in parts]


def _category_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    held = CategorySpell.objects.filter(_held_on(period.as_of(today)), person=OuterRef("pk"),
                                        category=filters["category"])
    return scoped(Person.objects.filter(Exists(held)), scope=scope).select_related("area").order_by("area_id", "name")


PERSON_COLUMNS = [
    Column(_("姓名"), lambda p: p.name), Column(_("性别"), lambda p: p.get_sex_display()),
    Column(_("出生日期"), lambda p: p.birth_date), Column(_("身份证号"), lambda p: p.id_number_masked),
    Column(_("村(社区)"), lambda p: p.area.name), Column(_("区划代码"), lambda p: p.area_id),
]

measure_register(Measure("category_holders", _("持有某类别的人数"), _one_part("category_holders", _category_scan),
                         _category_records, PERSON_COLUMNS, combine="last", filter_keys=("category",),
                         filter_required=("category",), scan=_category_scan))


# --- people of an age (stock) -------------------------------------------------------------------

def _born_by(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _alive_and_aged(day: datetime.date, years: int) -> Q:
    return (Q(birth_date__lte=_born_by(day, years)) & Q(created_at__lt=_aware_day_start(day + datetime.timedelta(1)))
            & (Q(died_on__isnull=True) | Q(died_on__gt=day)))


def _aged_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    people = scoped(Person.objects.filter(birth_date__isnull=False), scope=Scope(prefix))
    years = int(filters.get("min_age", 60))
    aggregates = {f"p{i}": Count("pk", filter=_alive_and_aged(p.as_of(today), years)) for i, p in enumerate(periods)}
    return _grouped(people, group="area_id", aggregates=aggregates)


def _aged_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    aged = _alive_and_aged(period.as_of(today), int(filters.get("min_age", 60)))
    return scoped(Person.objects.filter(aged), scope=scope).select_related("area").order_by("area_id", "name")


measure_register(Measure("aged_people", _("登记在册的某年龄以上人数"), _aged_compute, _aged_records, PERSON_COLUMNS,
                         combine="last", filter_keys=("min_age",)))


# --- the visit service --------------------------------------------------------------------------

def _followed_in(period: Period) -> Q:
    return Q(followed_since__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))


def _targets_scan(*, parts: list[Part], periods: list[Period], prefix: str, today: datetime.date) -> list[Values]:
    """Follow-ups of each part's target group running in each period, per village, every group asked
    in one pass (grouped by village and group)."""
    groups = sorted({filters["target_group"] for _, filters in parts})
    rows = scoped(FollowUp.objects.filter(target_group__in=groups), scope=Scope(prefix))
    aggregates = {f"p{i}": Count("pk", filter=_followed_in(p)) for i, p in enumerate(periods)}
    by_group: dict[str, Values] = defaultdict(dict)
    for code, group, *values in (rows.values("area_id", "target_group").annotate(**aggregates).order_by()
                                 .values_list("area_id", "target_group", *aggregates)):
        by_group[group][code] = [int(v or 0) for v in values]
    return [by_group[filters["target_group"]] for _, filters in parts]


def _targets_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    rows = FollowUp.objects.filter(_followed_in(period), target_group=filters["target_group"])
    return scoped(rows, scope=scope).select_related("person", "area").order_by("area_id", "person__name")


FOLLOWUP_COLUMNS = [
    Column(_("姓名"), lambda f: f.person.name), Column(_("风险等级"), lambda f: f.get_risk_level_display()),
    Column(_("纳入关爱日期"), lambda f: f.followed_since), Column(_("下次应访日期"), lambda f: f.next_due_on),
    Column(_("村(社区)"), lambda f: f.area.name), Column(_("区划代码"), lambda f: f.area_id),
]
measure_register(Measure("followed_targets", _("应探访对象数(人月)"), _one_part("followed_targets", _targets_scan),
                         _targets_records, FOLLOWUP_COLUMNS, record_kind="followup", filter_keys=("target_group",),
                         filter_required=("target_group",), scan=_targets_scan))


def _visits(filters: dict, prefix: str, first: datetime.date, last: datetime.date) -> QuerySet:
    rows = VisitRecord.objects.filter(is_current=True, visited_on__range=(first, last))
    if filters.get("target_group"):
        rows = rows.filter(target_group=filters["target_group"])
    if filters.get("method"):
        rows = rows.filter(method=filters["method"])
    return scoped(rows, scope=Scope(prefix))


def _in(period: Period, column: str) -> Q:
    return Q(**{f"{column}__range": (period.start, period.end)})


def _visit_filter(filters: dict) -> Q | None:
    """The visits a part counts among those `_visits` reads for every part (None: all of them)."""
    wanted = {key: filters[key] for key in ("target_group", "method") if filters.get(key)}
    return Q(**wanted) if wanted else None


def _period_index(periods: list[Period], column: str) -> SqlCase:
    """SQL: the position of the period holding the row's day (NULL in none). The periods must not
    overlap, as months do (a visit counts in one of them)."""
    ordered = sorted(periods)
    if any(later.start <= earlier.end for earlier, later in itertools.pairwise(ordered)):
        raise ValueError("overlapping periods: the visit measures count months (Measure.combine)")
    return SqlCase(*[When(_in(p, column), then=Value(i)) for i, p in enumerate(periods)], default=None)


def _visits_scan(*, parts: list[Part], periods: list[Period], prefix: str, today: datetime.date) -> list[Values]:
    """Visits (`visits`) and people visited (`visited_people`, a person once per village and period)
    per village and period for every part in one pass over the periods' visits, grouped by village and
    period (the visit figures need the table itself, not only the rate's index, for the method)."""
    rows = _visits({}, prefix, min(p.start for p in periods), max(p.end for p in periods))
    for key in ("target_group", "method"):  # read only what the parts count, when every one narrows
        named = {filters.get(key) or "" for _, filters in parts}
        if "" not in named:
            rows = rows.filter(**{f"{key}__in": sorted(named)})
    counts = {f"c{i}": Count("person_id", distinct=code == "visited_people", filter=_visit_filter(filters))
              for i, (code, filters) in enumerate(parts)}
    grouped = (rows.annotate(village=_sort_key("area_id"), period_index=_period_index(periods, "visited_on"))
               .values("village", "period_index").annotate(**counts).order_by()
               .values_list("village", "period_index", *counts))
    found: list[Values] = [defaultdict(lambda: [0] * len(periods)) for _ in parts]
    for code, index, *values in grouped:
        if index is not None:
            for per_part, value in zip(found, values, strict=True):
                per_part[code][index] = int(value or 0)
    return [dict(values) for values in found]


def _visited_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    visited = _visits(filters, scope.prefix, period.start, period.end).filter(person=OuterRef("pk"))
    people = scoped(Person.objects.filter(Exists(visited)), scope=scope)
    return people.select_related("area").order_by("area_id", "name")


measure_register(Measure("visited_people", _("已探访对象数(人月)"), _one_part("visited_people", _visits_scan),
                         _visited_records, PERSON_COLUMNS, filter_keys=("target_group", "method"), scan=_visits_scan))


def _visit_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    rows = _visits(filters, "", period.start, period.end)
    return scoped(rows, scope=scope).select_related("person", "area", "visitor").order_by("-visited_on", "-pk")


VISIT_COLUMNS = [
    Column(_("探访日期"), lambda v: v.visited_on), Column(_("服务对象"), lambda v: v.person.name),
    Column(_("探访方式"), lambda v: v.get_method_display()),
    Column(_("对象分组"), lambda v: v.get_target_group_display()),
    Column(_("探访人"), lambda v: getattr(v.visitor, "full_name", "") or str(v.visitor)),
    Column(_("村(社区)"), lambda v: v.area.name), Column(_("区划代码"), lambda v: v.area_id),
]
measure_register(Measure("visits", _("探访次数"), _one_part("visits", _visits_scan), _visit_records, VISIT_COLUMNS,
                         record_kind="visit", filter_keys=("target_group", "method"), scan=_visits_scan))


def _overdue_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    # Owed visits are known only now: the periods holding today get today's count, the others none.
    rows = scoped(FollowUp.objects.filter(ended_on__isnull=True, next_due_on__lt=today), scope=Scope(prefix))
    now = [p.start <= today <= p.end for p in periods]
    return {code: [n if current else 0 for current in now]
            for code, n in rows.values("area_id").annotate(n=Count("pk")).order_by().values_list("area_id", "n")}


def _overdue_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    rows = FollowUp.objects.filter(ended_on__isnull=True, next_due_on__lt=today)
    return scoped(rows, scope=scope).select_related("person", "area").order_by("next_due_on", "area_id")


measure_register(Measure("overdue_followups", _("逾期未访人数(当前)"), _overdue_compute, _overdue_records,
                         FOLLOWUP_COLUMNS, combine="last", record_kind="followup"))


# --- money paid ---------------------------------------------------------------------------------

def _payments(filters: dict) -> QuerySet:
    """Lines of locked rosters the bank did not return (benefits.selectors.paid_payments), of a
    programme, optionally only to people who held a category (orphan vs de facto orphan)."""
    rows = Payment.objects.filter(roster__status=RosterStatus.LOCKED).exclude(bank_return__outcome=ReturnOutcome.FAILED)
    if filters.get("programme"):
        rows = rows.filter(roster__programme_id=filters["programme"])
    if filters.get("category"):
        rows = rows.filter(Exists(CategorySpell.objects.filter(person=OuterRef("person_id"),
                                                               category=filters["category"])))
    return rows


def _money_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    rows = scoped(_payments(filters), scope=Scope(prefix)).filter(
        month__range=(min(p.start for p in periods), max(p.end for p in periods)))
    aggregates = {f"p{i}": Sum("amount_fen", filter=_in(p, "month")) for i, p in enumerate(periods)}
    return _grouped(rows, group="area_id", aggregates=aggregates)


def _recipients_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    rows = scoped(_payments(filters), scope=Scope(prefix)).filter(
        month__range=(min(p.start for p in periods), max(p.end for p in periods)))
    aggregates = {f"p{i}": Count("person_id", distinct=True, filter=_in(p, "month")) for i, p in enumerate(periods)}
    return _grouped(rows, group="area_id", aggregates=aggregates)


def _payment_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    rows = _payments(filters).filter(month__range=(period.start, period.end))
    return scoped(rows, scope=scope).select_related("person", "area", "roster__programme").order_by("month", "area_id")


PAYMENT_COLUMNS = [
    Column(_("所属月份"), lambda p: f"{p.month:%Y-%m}"), Column(_("服务对象"), lambda p: p.person.name),
    Column(_("补贴项目"), lambda p: p.roster.programme.name), Column(_("领款人"), lambda p: p.payee_name),
    Column(_("金额(元)"), lambda p: yuan_text(p.amount_fen, grouping=False)),
    Column(_("村(社区)"), lambda p: p.area.name),
    Column(_("区划代码"), lambda p: p.area_id),
]
measure_register(Measure("payments_fen", _("发放金额"), _money_compute, _payment_records, PAYMENT_COLUMNS,
                         record_kind="payment", filter_keys=("programme", "category")))
measure_register(Measure("payment_recipients", _("领取人数"), _recipients_compute, _payment_records,
                         PAYMENT_COLUMNS, combine="direct", record_kind="payment",
                         filter_keys=("programme", "category")))


# --- child protection ---------------------------------------------------------------------------

def _between(period: Period, column: str) -> Q:
    return Q(**{f"{column}__gte": _aware_day_start(period.start),
                f"{column}__lt": _aware_day_start(period.end + datetime.timedelta(days=1))})


def _span(periods: list[Period]) -> Period:
    return Period(min(p.start for p in periods), max(p.end for p in periods), "span")


def _cases_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    rows = scoped(Case.objects.filter(_between(_span(periods), "opened_at")), scope=Scope(prefix))
    aggregates = {f"p{i}": Count("pk", filter=_between(p, "opened_at")) for i, p in enumerate(periods)}
    return _grouped(rows, group="area_id", aggregates=aggregates)


def _case_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    return scoped(Case.objects.filter(_between(period, "opened_at")), scope=scope).select_related("area").order_by(
        "-opened_at")


CASE_COLUMNS = [  # no names: a case is read on its own page, under need-to-know (cases/access.py)
    Column(_("个案编号"), lambda c: c.number), Column(_("受理时间"), lambda c: timezone.localtime(c.opened_at).date()),
    Column(_("情形"), lambda c: c.get_situation_display()), Column(_("环节"), lambda c: c.get_stage_display()),
    Column(_("村(社区)"), lambda c: c.area.name), Column(_("区划代码"), lambda c: c.area_id),
]
measure_register(Measure("cases_opened", _("新受理个案数"), _cases_compute, _case_records, CASE_COLUMNS,
                         record_kind="case"))


def _reports_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    rows = scoped(MandatoryReport.objects.filter(_between(_span(periods), "received_at")), scope=Scope(prefix))
    aggregates = {f"p{i}": Count("pk", filter=_between(p, "received_at")) for i, p in enumerate(periods)}
    return _grouped(rows, group="area_id", aggregates=aggregates)


def _report_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    return scoped(MandatoryReport.objects.filter(_between(period, "received_at")), scope=scope).select_related(
        "area").order_by("-received_at")


REPORT_COLUMNS = [
    Column(_("接报时间"), lambda r: timezone.localtime(r.received_at).date()),
    Column(_("情形"), lambda r: r.get_situation_display()), Column(_("村(社区)"), lambda r: r.area.name),
    Column(_("区划代码"), lambda r: r.area_id),
]
measure_register(Measure("mandatory_reports", _("强制报告数"), _reports_compute, _report_records, REPORT_COLUMNS,
                         record_kind="report"))
