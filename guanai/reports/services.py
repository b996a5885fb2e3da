"""Every write of the reports app: refreshing the analytics store, new indicator versions, templates."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.areas.models import Area
from guanai.audit.models import Event
from guanai.reports import events
from guanai.reports.measures import MEASURES
from guanai.reports.models import (
    Indicator,
    RefreshKind,
    ReportTemplate,
    ResidentPopulation,
    StoreRefresh,
    TemplateKind,
    Unit,
)
from guanai.reports.periods import Period, month_period, year_period
from guanai.reports.population_imports import LABELS as POPULATION_LABELS
from guanai.reports.population_imports import PopulationRow
from guanai.reports.selectors import store_watermark
from guanai.reports.store import months_for_year, store_compute, store_write

# Events read per incremental run; the rest wait for the next run (every few minutes and after writes).
EVENT_BATCH = 5000


@transaction.atomic
def store_refresh_full(*, area_code: str, year: int, actor=None, today: datetime.date | None = None) -> StoreRefresh:
    """Recount every indicator for the months of `year` (up to today) in the area and below, and the
    area's ancestors from their children: the on-demand refresh (`guanai report refresh`)."""
    today = today or timezone.localdate()
    months = months_for_year(year, today=today)
    return _refresh(kind=RefreshKind.FULL, prefix=area_code, months=months, actor=actor, today=today,
                    last_event_id=_last_event_id())


def store_fill(*, area_codes: list[str], years: list[int], say=lambda text: None) -> int:
    """Fill the store for areas and years not yet fully refreshed (the demo, a new installation)."""
    done = 0
    for code in area_codes:
        for year in years:
            if StoreRefresh.objects.filter(kind=RefreshKind.FULL, area_code=code, finished_at__isnull=False,
                                           periods__startswith=f"{year}-01").exists():
                continue
            refresh = store_refresh_full(area_code=code, year=year)
            say(f"统计数据 / figures {code} {year}: {refresh.values_written}")
            done += 1
    return done


def _refresh(*, kind: str, prefix: str, months: list[Period], actor, today: datetime.date,
             last_event_id: int, measures: set[str] | None = None, codes: set[str] | None = None) -> StoreRefresh:
    """Recount the indicators (those counting one of `measures`, or those of `codes`, or all) for the
    months given."""
    refresh = StoreRefresh.objects.create(kind=kind, area_code=prefix, started_at=timezone.now(),
                                          periods=",".join(m.key for m in months)[:200], last_event_id=last_event_id)
    indicators = [i for i in Indicator.objects.filter(is_current=True)
                  if (measures is None or {i.measure, i.denominator_measure} & measures)
                  and (codes is None or i.code in codes)]
    if months and indicators:
        counted = store_compute(prefix=prefix, months=months, today=today, indicators=indicators)
        refresh.values_written = store_write(prefix=prefix, months=months, counted=counted, indicators=indicators,
                                             today=today)
    refresh.finished_at = timezone.now()
    refresh.save(update_fields=["values_written", "finished_at", "updated_at"])
    events.store_refreshed_event(actor=actor, refresh=refresh)
    return refresh


def _last_event_id() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _months_touched(event: Event, today: datetime.date) -> set[Period]:
    """The months an event can change: the visit's or roster's month; every month since a date the
    event carries (a category held from or ended on a past day changes the counts from then on); and
    the current month (a change to a person or case counts from today on)."""
    touched = {month_period(today)}
    found = _EVENT_MONTHS.get(event.object_type)
    if found and event.object_id.isdigit():
        day = found(int(event.object_id))
        if day is not None and day <= today:
            touched.add(month_period(day))
    year = (event.data or {}).get("figure_year")  # a yearly figure (population): every month of its year
    if isinstance(year, int) and datetime.date(year, 1, 1) <= today:
        touched |= {m for m in year_period(year).months() if m.start <= today}
    for key in ("started_on", "ended_on"):
        try:
            since = datetime.date.fromisoformat(str((event.data or {}).get(key, "")))
        except ValueError:
            continue
        while since <= today:
            touched.add(month_period(since))
            since = month_period(since).end + datetime.timedelta(days=1)
    return touched


def _visit_day(pk: int) -> datetime.date | None:
    from guanai.visits.models import VisitRecord

    return VisitRecord.objects.filter(pk=pk).values_list("visited_on", flat=True).first()


def _roster_month(pk: int) -> datetime.date | None:
    from guanai.benefits.models import Roster

    return Roster.objects.filter(pk=pk).values_list("month", flat=True).first()


_EVENT_MONTHS = {"visit": _visit_day, "roster": _roster_month}

# The measures an event about an object of a type can change; types not listed (a person: categories,
# ages, follow-ups; anything new) recount every indicator. An empty set: nothing the store counts.
EVENT_MEASURES: dict[str, set[str]] = {
    "visit": {"visits", "visited_people", "followed_targets", "overdue_followups"},
    "follow_up": {"followed_targets", "overdue_followups"},
    "need": set(), "referral": set(), "alert": set(), "major_event": set(),
    "enrollment": set(), "roster": {"payments_fen", "payment_recipients"},
    "case": {"cases_opened", "mandatory_reports"},
    "post": {"post_holders", "areas_staffed", "areas_to_staff"},  # workforce: posts and their holders
    "resident_population": {"resident_population"}, "resident_population_import": set(),  # each row has its event
}


def _measures_touched(event: Event) -> set[str] | None:
    return EVENT_MEASURES.get(event.object_type)


def store_refresh_incremental(*, today: datetime.date | None = None) -> list[StoreRefresh]:
    """Recount the areas and months that events since the last refresh touched (one transaction per
    area, so a long queue does not hold one lock)."""
    today = today or timezone.localdate()
    start = store_watermark()
    batch = list(Event.objects.filter(pk__gt=start).exclude(verb__in=events.OWN_VERBS)
                 .order_by("pk")[:EVENT_BATCH])
    if not batch:
        return []
    last = batch[-1].pk
    touched: dict[str, Touched] = {}
    for event in batch:
        if event.area_code:
            touched.setdefault(event.area_code, Touched()).add(event, today)
    done = []
    for code, what in sorted(_outermost(touched).items()):
        if what.measures is not None and not what.measures:
            continue
        with transaction.atomic():
            done.append(_refresh(kind=RefreshKind.INCREMENTAL, prefix=code, months=sorted(what.months), actor=None,
                                 today=today, last_event_id=last, measures=what.measures))
    versioned = {event.object_id for event in batch if event.verb == "indicator_versioned"}
    if versioned:
        done += _recount_indicators(codes=versioned, today=today, last_event_id=last)
    if not done:  # only events without an area: move the watermark on
        with transaction.atomic():
            done.append(_refresh(kind=RefreshKind.INCREMENTAL, prefix="", months=[], actor=None, today=today,
                                 last_event_id=last))
    return done


def store_coverage() -> list[tuple[str, int]]:
    """(area, year) of every finished full refresh, leaving out areas inside another one of the same
    year: what the store holds, and what a new definition must be recounted over."""
    held = set()
    for code, periods in (StoreRefresh.objects.filter(kind=RefreshKind.FULL, finished_at__isnull=False)
                          .values_list("area_code", "periods")):
        if periods[:4].isdigit():
            held.add((code, int(periods[:4])))
    return sorted((code, year) for code, year in held
                  if not any(code != other and code.startswith(other) and year == y for other, y in held))


def _recount_indicators(*, codes: set[str], today: datetime.date, last_event_id: int) -> list[StoreRefresh]:
    """A new version of an indicator: its values over everything the store holds, counted again with
    the definition now in force (one transaction per area and year)."""
    done = []
    for code, year in store_coverage():
        with transaction.atomic():
            done.append(_refresh(kind=RefreshKind.INCREMENTAL, prefix=code, months=months_for_year(year, today=today),
                                 actor=None, today=today, last_event_id=last_event_id, codes=codes))
    return done


class Touched:
    """What the events about one area can have changed: months, and measures (None: all of them)."""

    def __init__(self):
        self.months: set[Period] = set()
        self.measures: set[str] | None = set()

    def add(self, event: Event, today: datetime.date) -> None:
        self.months |= _months_touched(event, today)
        self.merge_measures(_measures_touched(event))

    def merge_measures(self, measures: set[str] | None) -> None:
        self.measures = None if measures is None or self.measures is None else self.measures | measures

    def merge(self, other: "Touched") -> None:
        self.months |= other.months
        self.merge_measures(other.measures)


def _outermost(touched: dict[str, Touched]) -> dict[str, Touched]:
    """Merge areas inside another touched area into it (a county import covers its villages)."""
    merged: dict[str, Touched] = {}
    for code in sorted(touched, key=len):
        outer = next((c for c in merged if code.startswith(c)), None)
        merged.setdefault(outer or code, Touched()).merge(touched[code])
    return merged


INDICATOR_FIELDS = ("name", "description", "measure", "filters", "denominator_measure", "denominator_filters",
                    "unit", "period_types", "section", "order")
PERIOD_TYPES = ("month", "quarter", "year")


def _definition_problems(fields: dict) -> dict[str, list[str]]:
    """What makes a definition uncountable, per field (bilingual): unknown measures, filters the
    measure does not understand, a ratio without a denominator or a count with one."""
    from guanai.reports.dashboards import SECTIONS
    from guanai.reports.filters import filters_problems

    problems: dict[str, list[str]] = {}
    for measure_field, filters_field in (("measure", "filters"), ("denominator_measure", "denominator_filters")):
        code = fields[measure_field]
        if code and code not in MEASURES:
            problems[measure_field] = [f"没有这种口径 / no such measure: {code}"]
        elif code:
            problems[filters_field] = filters_problems(code, fields[filters_field])
        elif fields[filters_field]:
            problems[filters_field] = ["没有口径时不能填写筛选条件 / filters need a measure"]
    if not fields["measure"]:
        problems["measure"] = ["须选择分子口径 / a measure is needed"]
    parts = [fields[name] for name in ("measure", "denominator_measure") if fields[name] in MEASURES]
    if len({MEASURES[code].per_area for code in parts}) > 1:
        problems["denominator_measure"] = ["填报数口径(如常住人口)只能与填报数口径相除 / a measure of entered "
                                           "figures (resident population) divides only by another such measure"]
    if fields["unit"] == Unit.RATIO and not fields["denominator_measure"]:
        problems["denominator_measure"] = ["比率指标须有分母口径 / a ratio needs a denominator measure"]
    if fields["unit"] != Unit.RATIO and fields["denominator_measure"]:
        problems["unit"] = ["有分母口径的指标单位应为 % / an indicator with a denominator is a ratio"]
    types = [t for t in str(fields["period_types"]).split(",") if t]
    if not types or any(t not in PERIOD_TYPES for t in types):
        problems["period_types"] = ["统计周期应为 month、quarter、year 中的一个或几个，用逗号分隔 / "
                                    "period types: month, quarter, year separated by commas"]
    if fields["section"] not in SECTIONS:
        problems["section"] = [f"没有这个分组 / no such section: {fields['section']}"]
    return {name: messages for name, messages in problems.items() if messages}


@transaction.atomic
def indicator_version_create(*, actor, code: str, **changes) -> Indicator:
    """A new version of an indicator: the current row keeps its history and stops being current; a
    version is never overwritten. Its event (not one of the store's own verbs) queues the recount of
    the indicator's values with the new definition (store_refresh_incremental)."""
    require_capability(actor, Capability.INDICATORS_EDIT)
    current = Indicator.objects.select_for_update().filter(code=code, is_current=True).first()
    if current is None:
        raise ValidationError({"code": f"没有这个指标 / no such indicator: {code}"})
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改的字段 / fields that cannot change: {', '.join(sorted(unknown))}")
    fields = {name: changes.get(name, getattr(current, name)) for name in INDICATOR_FIELDS}
    problems = _definition_problems(fields)
    if problems:
        raise ValidationError(problems)
    if all(fields[name] == getattr(current, name) for name in INDICATOR_FIELDS):
        raise ValidationError("没有修改任何内容，未保存新版本 / nothing changed, no new version saved")
    Indicator.objects.filter(pk=current.pk).update(is_current=False)
    indicator = Indicator(code=code, version=current.version + 1, is_current=True, created_by=actor, **fields)
    indicator.full_clean()
    indicator.save()
    events.indicator_versioned_event(actor=actor, indicator=indicator)
    return indicator


@transaction.atomic
def report_template_upload(*, actor, kind: str, area_code: str, name: str, content: bytes) -> ReportTemplate:
    """A bureau's own Word template; it replaces the one active for the same kind and area."""
    from guanai.reports.documents import template_check

    if kind not in TemplateKind.values:
        raise ValidationError({"kind": "未知的报告类型 / unknown report kind"})
    template_check(content)
    ReportTemplate.objects.filter(kind=kind, area_id=area_code, is_active=True).update(is_active=False)
    template = ReportTemplate(kind=kind, area_id=area_code, name=name[:100], content=content, uploaded_by=actor)
    template.full_clean()
    template.save()
    events.report_template_uploaded_event(actor=actor, template=template)
    return template


# --- resident population (常住人口): reference figures a bureau enters -------------------------------

POPULATION_FIELDS = ("total", "aged_60_plus", "aged_65_plus", "aged_0_17", "source")


@dataclass(frozen=True)
class PopulationIn:
    area_code: str
    year: int
    total: int
    aged_60_plus: int
    source: str
    aged_65_plus: int | None = None
    aged_0_17: int | None = None


def _population_problems(*, scope: Scope, data: PopulationIn) -> dict[str, list[str]]:
    """What keeps a figure from being written, per field (bilingual); empty when it can be."""
    if not scope.contains(data.area_code) or not Area.objects.filter(code=data.area_code).exists():
        return {"area": [f"没有这个区划或不在您的管辖范围内：{data.area_code} / no such area in your scope"]}
    row = ResidentPopulation(area_id=data.area_code, year=data.year,
                             **{name: getattr(data, name) for name in POPULATION_FIELDS})
    try:
        row.full_clean(exclude=["area", "entered_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


@transaction.atomic
def resident_population_save(*, actor, scope: Scope, data: PopulationIn) -> ResidentPopulation:
    """Enter or correct an area's resident population for a year (one row per area and year: a second
    entry for the same area and year replaces the figures). Its event queues the store's recount of the
    population indicators for that year (store_refresh_incremental)."""
    require_capability(actor, Capability.POPULATION_EDIT)
    require_in_scope(scope=scope, area_code=data.area_code)
    problems = _population_problems(scope=scope, data=data)
    if problems:
        raise ValidationError(problems)
    row = ResidentPopulation.objects.select_for_update().filter(area_id=data.area_code, year=data.year).first()
    before = None if row is None else {name: getattr(row, name) for name in POPULATION_FIELDS}
    row = row or ResidentPopulation(area_id=data.area_code, year=data.year)
    for name in POPULATION_FIELDS:
        setattr(row, name, getattr(data, name))
    row.source = data.source.strip()
    row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    row.full_clean()
    row.save()
    events.resident_population_saved_event(actor=actor, row=row, before=before)
    return row


@transaction.atomic
def resident_population_delete(*, actor, scope: Scope, row: ResidentPopulation) -> None:
    """Remove a figure entered by mistake: the area has no own figure for the year again."""
    require_capability(actor, Capability.POPULATION_EDIT)
    require_in_scope(scope=scope, area_code=row.area_id)
    events.resident_population_deleted_event(actor=actor, row=row)
    row.delete()


def resident_population_rows_check(*, scope: Scope, rows: list[PopulationRow], where: dict[str, str]) -> list[str]:
    """One message per bad cell, naming the sheet row and the column; [] when every row can be written."""
    errors, first_row = [], {}
    column = {"area": "area_code"} | {name: name for name in POPULATION_FIELDS} | {"year": "year"}
    for row in rows:
        problems = _population_problems(scope=scope, data=_population_in(row))
        key = (row.area_code, row.year)
        if key in first_row:
            problems.setdefault("year", []).append(f"与第{first_row[key]}行是同一区划、同一年度 / the same area "
                                                   f"and year as row {first_row[key]}")
        first_row.setdefault(key, row.number)
        for name, messages in problems.items():
            field_name = column.get(name, "total")
            label = where.get(field_name, POPULATION_LABELS.get(field_name, field_name))
            errors.extend(f"第{row.number}行 {label}：{message}" for message in messages)
    return errors


def _population_in(row: PopulationRow) -> PopulationIn:
    return PopulationIn(area_code=row.area_code, year=row.year, total=row.total, aged_60_plus=row.aged_60_plus,
                        source=row.source, aged_65_plus=row.aged_65_plus, aged_0_17=row.aged_0_17)


@transaction.atomic
def resident_population_import(*, actor, scope: Scope, rows: list[PopulationRow], where: dict[str, str]) -> int:
    """Write a read sheet of population figures: all rows or none (any bad row raises a ValidationError
    naming its row and column, and nothing is written). Returns the rows written."""
    require_capability(actor, Capability.POPULATION_EDIT)
    errors = resident_population_rows_check(scope=scope, rows=rows, where=where)
    if errors:
        raise ValidationError(errors)
    for row in rows:
        resident_population_save(actor=actor, scope=scope, data=_population_in(row))
    events.resident_population_imported_event(actor=actor, area_code=scope.prefix, rows=len(rows),
                                              years=sorted({row.year for row in rows}))
    return len(rows)
