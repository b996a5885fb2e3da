"""Every read of the registry (HackSoft selectors). Each takes the caller's `scope` and passes its
querysets through guanai.accounts.scoping.scoped, so nothing outside the scope can be returned.

Search (person_search, and PersonFilter.q on the list) reads the query's shape:
- an ID number (18 characters after cleaning full-width digits, spaces, a lowercase x): exact match
  through the keyed digest; an invalid number matches nobody;
- digits: phone number, exact or prefix (a landline also with the hyphen after its area code);
- Latin letters: pinyin, full or initials, as a prefix *range* scan on NameKey.key
  (key >= q AND key < successor(q)), which uses the (area, key) / (key) indexes on SQLite and
  PostgreSQL alike; names written in Latin letters have keys too;
- anything else: the name contains the text.

The timeline of a person is assembled from sources in TIMELINE_SOURCES; later apps (visits, cases,
benefits) add theirs with `timeline_source_register` in their AppConfig.ready(), each a function
`(scope, person) -> Iterable[TimelineItem]` costing a constant number of queries.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Scope, scoped
from guanai.people import idcipher, idnumbers
from guanai.people.models import (
    Category,
    CategorySpell,
    Household,
    NameKey,
    Person,
    Relationship,
    RuleParameter,
    SpellSource,
    TransferRequest,
)
from guanai.people.parameters import PARAMETERS, RuleParams, default_params
from guanai.people.schemas import FULL_WIDTH, PersonFilter

ID_LIKE = re.compile(r"^\d{17}[\dX]$")
PINYIN_LIKE = re.compile(r"^[a-z]+$")


class PersonNotFound(Http404):
    """No such person in the caller's scope (outside it, a person does not exist)."""


class HouseholdNotFound(Http404):
    pass


def open_spells_prefetch() -> Prefetch:
    """Open spells as `person.open_spells` (PersonOut.categories reads them): one query per list."""
    return Prefetch("spells", queryset=CategorySpell.objects.filter(ended_on__isnull=True).order_by("category"),
                    to_attr="open_spells")


AssignmentFilter = Callable[[int], Q]
ASSIGNMENT_FILTERS: list[AssignmentFilter] = []


def assignment_filter_register(condition: AssignmentFilter) -> AssignmentFilter:
    """How to tell the people assigned to a user (visits registers its follow-ups' worker)."""
    if condition not in ASSIGNMENT_FILTERS:
        ASSIGNMENT_FILTERS.append(condition)
    return condition


def assigned_only(people: QuerySet[Person], scope: Scope, path: str = "") -> QuerySet:
    """Narrow `people` (or rows reached through `path`, e.g. "person__") to the scope's assigned people."""
    if scope.assigned_to is None:
        return people
    if not ASSIGNMENT_FILTERS:
        return people.none()
    condition = Q()
    for make in ASSIGNMENT_FILTERS:
        condition |= make(scope.assigned_to)
    ids = Person.objects.filter(condition).values("pk")
    return people.filter(**{f"{path}pk__in" if path else "pk__in": ids})


def _people(scope: Scope) -> QuerySet[Person]:
    people = scoped(Person.objects.select_related("area", "household"), scope=scope)
    return assigned_only(people, scope).prefetch_related(open_spells_prefetch())


def _years_before(on: datetime.date, years: int) -> datetime.date:
    """The birth date on which a person turns `years` (周岁) on `on`; 29 February counts from 1 March."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


def person_list(*, scope: Scope, filters: PersonFilter | None = None) -> QuerySet[Person]:
    """People in scope, filtered; with area, household and open spells loaded (no N+1)."""
    f = filters or PersonFilter()
    people = _people(scope)
    if f.area_code:
        people = people.filter(area__pk__startswith=f.area_code)
    if f.category:
        people = people.filter(Exists(CategorySpell.objects.filter(
            person=OuterRef("pk"), category=f.category, ended_on__isnull=True)))
    if f.risk_level:
        people = people.filter(risk_level=f.risk_level)
    if f.sex:
        people = people.filter(sex=f.sex)
    on = f.on or timezone.localdate()
    if f.min_age is not None:
        people = people.filter(birth_date__lte=_years_before(on, f.min_age))
    if f.max_age is not None:
        people = people.filter(birth_date__gt=_years_before(on, f.max_age + 1))
    if f.q and f.q.strip():
        people = people.filter(_search_condition(scope, f.q))
    return people.order_by("area_id", "name", "pk")


def _successor(prefix: str) -> str | None:
    """The smallest string above every string starting with `prefix` (a-z or 0-9 at the end):
    zs -> zt, az -> b, 1399 -> 14. Only letters and digits are compared, so any collation agrees."""
    top = {"z": "z", "9": "9"}.get(prefix[-1:], "")
    stripped = prefix.rstrip(top) if top else prefix
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def _prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range an index can serve (LIKE cannot on SQLite)."""
    condition = Q(**{f"{field}__gte": prefix})
    if (upper := _successor(prefix)) is not None:
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def name_key_matches(*, scope: Scope, prefix: str) -> QuerySet[NameKey]:
    keys = NameKey.objects.filter(_prefix_range("key", prefix))
    if len(scope.prefix) == 12:  # one village: let the (area, key) index seek on both columns
        keys = keys.filter(area_id=scope.prefix)
    return scoped(keys, scope=scope)


def _phone_variants(digits: str) -> list[str]:
    variants = [digits]
    if digits.startswith("0"):  # landlines are stored as 0917-4567890
        variants += [f"{digits[:n]}-{digits[n:]}" for n in (3, 4) if len(digits) > n]
    return variants


def _search_condition(scope: Scope, q: str, key_scan: int | None = None) -> Q:
    text = q.strip()
    cleaned = idnumbers.clean(text)
    if ID_LIKE.match(cleaned):
        try:
            number = idnumbers.parse(cleaned).number
        except idnumbers.IdNumberError:
            return Q(pk__in=[])
        return Q(id_number_digest__in=idcipher.digests(number))  # either key while one rotates
    digits = re.sub(r"[\s\-]", "", text.translate(FULL_WIDTH))
    if digits.isdigit():
        condition = Q()
        for variant in _phone_variants(digits):
            condition |= _prefix_range("phone", variant)
        return condition
    letters = re.sub(r"\s+", "", text).lower()
    if PINYIN_LIKE.match(letters):
        keys = name_key_matches(scope=scope, prefix=letters).values("person_id")
        if key_scan is not None:  # the (key, area, person) index yields these in order; stop early
            keys = keys.order_by("key")[:key_scan]
        return Q(pk__in=keys)
    return Q(name__icontains=text)


# A quick search reads at most this many name keys, in key order, before sorting people by name: a
# short prefix ("w") matches a county's worth of keys, and nobody reads past the first screen.
SEARCH_KEY_SCAN = 200


def person_search(*, scope: Scope, q: str, limit: int = 50) -> list[Person]:
    """Up to `limit` people matching `q` (see the module docstring), each once, by name."""
    if not (q or "").strip():
        return []
    condition = _search_condition(scope, q, key_scan=max(SEARCH_KEY_SCAN, limit * 4))
    return list(_people(scope).filter(condition).order_by("name", "pk")[:limit])


def person_get(*, scope: Scope, pk: int) -> Person:
    person = _people(scope).filter(pk=pk).first()
    if person is None:
        raise PersonNotFound("没有这个服务对象 / no such person")
    return person


def household_get(*, scope: Scope, pk: int) -> Household:
    households = assigned_only(scoped(Household.objects.select_related("area", "head"), scope=scope), scope,
                               "members__")
    household = (households.distinct()
                 .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("birth_date", "pk")))
                 .filter(pk=pk).first())
    if household is None:
        raise HouseholdNotFound("没有这个家庭 / no such household")
    return household


def transfer_list(*, scope: Scope, status: str | None = None) -> QuerySet[TransferRequest]:
    """Transfer requests into or out of the scope: the holder's area decides incoming ones."""
    base = TransferRequest.objects.all()
    if status:
        base = base.filter(status=status)
    both = scoped(base, scope=scope, area_field="from_area") | scoped(base, scope=scope, area_field="to_area")
    both = assigned_only(both, scope, "person__")
    return both.select_related("person", "from_area", "to_area", "requested_by", "decided_by").order_by(
        "-created_at", "-pk")


def category_counts(*, scope: Scope, on: datetime.date | None = None) -> dict[str, int]:
    """People holding each category within scope (a social worker: their own caseload), now (open
    spells) or on a date; one query."""
    spells = assigned_only(scoped(CategorySpell.objects.all(), scope=scope, area_field="person__area"), scope,
                           "person__")
    if on is None:
        spells = spells.filter(ended_on__isnull=True)
    else:  # a spell holds from started_on up to the day before ended_on
        spells = spells.filter(Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)))
    rows = spells.values("category").annotate(people=Count("person", distinct=True)).order_by()
    counts = dict.fromkeys(Category.values, 0)
    counts.update({row["category"]: row["people"] for row in rows})
    return counts


def category_counts_by_area(*, scope: Scope, code_length: int) -> dict[str, dict[str, int]]:
    """Open spells per category, grouped by the first `code_length` digits of the person's village
    code (6 = by county, 9 = by township); one query."""
    spells = assigned_only(scoped(CategorySpell.objects.filter(ended_on__isnull=True), scope=scope,
                                  area_field="person__area"), scope, "person__")
    rows = (spells.annotate(unit=Substr("person__area_id", 1, code_length)).values("unit", "category")
            .annotate(people=Count("person", distinct=True)).order_by())
    grouped: dict[str, dict[str, int]] = {}
    for row in rows:
        grouped.setdefault(row["unit"], {})[row["category"]] = row["people"]
    return grouped


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime  # aware; date-only events sort at the start of their day
    kind: str  # "facts", "category_opened", "category_closed", "relationship", later "visit", ...
    title: str  # Chinese, e.g. "修改：联系电话、住址"
    detail: str = ""
    actor: str = ""
    url: str = ""

    @property
    def on(self) -> datetime.date:
        return timezone.localtime(self.at).date()


TimelineSource = Callable[[Scope, Person], Iterable[TimelineItem]]
TIMELINE_SOURCES: list[TimelineSource] = []

# Fields whose changes the timeline does not show: bookkeeping, fields shown through another field,
# and risk_level, which the rules set by bulk update (no history row), so history sees it only by chance.
TIMELINE_HIDDEN_FIELDS = frozenset({"updated_at", "created_at", "id_number_digest", "id_number_cipher",
                                    "risk_level"})


def timeline_source_register(source: TimelineSource) -> TimelineSource:
    """Add a source of timeline items (usable as a decorator); registering twice is harmless."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)
    return source


def person_timeline(*, scope: Scope, person: Person) -> list[TimelineItem]:
    """Everything that happened to a person, newest first, from every registered source."""
    if not scope.contains(person.area_id):
        raise PersonNotFound("没有这个服务对象 / no such person")
    items = [item for source in TIMELINE_SOURCES for item in source(scope, person)]
    return sorted(items, key=lambda item: item.at, reverse=True)


def _day_start(day: datetime.date, stamp: datetime.datetime | None = None) -> datetime.datetime:
    """A date as an instant: the stamp when the row was written that day, else the day's start."""
    if stamp is not None and timezone.localtime(stamp).date() == day:
        return stamp
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _shown(field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


@timeline_source_register
def facts_history_items(scope: Scope, person: Person) -> list[TimelineItem]:
    """Registration and each change of facts, from the simple_history table, with field labels."""
    records = list(person.history.select_related("history_user").order_by("history_date", "history_id"))
    items, previous = [], None
    for record in records:
        actor = str(record.history_user) if record.history_user else ""
        if previous is None or record.history_type == "+":
            items.append(TimelineItem(at=record.history_date, kind="facts", title=_("登记"), actor=actor))
        else:
            changes = [c for c in record.diff_against(previous).changes if c.field not in TIMELINE_HIDDEN_FIELDS]
            if changes:
                fields = [Person._meta.get_field(c.field) for c in changes]
                items.append(TimelineItem(
                    at=record.history_date, kind="facts", actor=actor,
                    title=_("修改：%(fields)s") % {"fields": "、".join(str(f.verbose_name) for f in fields)},
                    detail="；".join(f"{f.verbose_name}：{_shown(f, c.old)} → {_shown(f, c.new)}"
                                    for f, c in zip(fields, changes, strict=True))))
        previous = record
    return items


@timeline_source_register
def spell_items(scope: Scope, person: Person) -> list[TimelineItem]:
    """Categories opened and closed, with their reasons and whether a rule or a person decided."""
    items = []
    for spell in person.spells.select_related("created_by").order_by("started_on", "pk"):
        source = _("人工认定") if spell.source == SpellSource.MANUAL else _("按规则认定")
        label = spell.get_category_display()
        items.append(TimelineItem(at=_day_start(spell.started_on, spell.created_at), kind="category_opened",
                                  title=_("认定为%(category)s（%(source)s）") % {"category": label, "source": source},
                                  detail=spell.reason_text,
                                  actor=str(spell.created_by) if spell.created_by else ""))
        if spell.ended_on:
            items.append(TimelineItem(at=_day_start(spell.ended_on, spell.updated_at), kind="category_closed",
                                      title=_("不再属于%(category)s") % {"category": label},
                                      detail=spell.end_reason_text))
    return items


@timeline_source_register
def relationship_items(scope: Scope, person: Person) -> list[TimelineItem]:
    """Relatives added and relationships ended (only relatives inside the scope are named)."""
    items = []
    for rel in Relationship.objects.filter(person=person).select_related("relative").order_by("pk"):
        relative = rel.relative.name if scope.contains(rel.relative.area_id) else _("（辖区外人员）")
        kind = rel.get_kind_display()
        items.append(TimelineItem(at=_day_start(rel.started_on, rel.created_at) if rel.started_on else rel.created_at,
                                  kind="relationship",
                                  title=_("登记%(kind)s：%(relative)s") % {"kind": kind, "relative": relative}))
        if rel.ended_on:
            items.append(TimelineItem(at=_day_start(rel.ended_on, rel.updated_at), kind="relationship",
                                      title=_("%(kind)s关系结束：%(relative)s") % {"kind": kind,
                                                                                    "relative": relative}))
    return items


# ---------------------------------------------------------------------------------------------
# Rule parameters in force (people/parameters.py holds the defaults; RuleParameter rows override them).
# Not personal data, so not scoped: every area's rules read the rows that cover it.


class RuleParamsCache:
    """Parameters for one date: RuleParameter rows are read once, and the result is kept per set of
    matching area prefixes, so a recompute asks the database once however many people it covers."""

    def __init__(self, on: datetime.date):
        self.on = on
        self._rows: list[tuple[str, str, Any]] | None = None
        self._cache: dict[tuple[str, ...], RuleParams] = {}
        self._by_area: dict[str, RuleParams] = {}

    def rows(self) -> list[tuple[str, str, Any]]:
        """(key, area prefix or "", value) in force on the date, oldest effective_from first."""
        if self._rows is None:
            in_force = RuleParameter.objects.filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=self.on), effective_from__lte=self.on)
            self._rows = [(key, area or "", value) for key, area, value in
                          in_force.order_by("effective_from", "id").values_list("key", "area_id", "value")]
        return self._rows

    def for_area(self, area_code: str) -> RuleParams:
        params = self._by_area.get(area_code)
        if params is None:
            params = self._by_area[area_code] = self._for_area(area_code)
        return params

    def _for_area(self, area_code: str) -> RuleParams:
        prefixes = tuple(sorted({area for _, area, _ in self.rows() if area_code.startswith(area)}))
        if prefixes not in self._cache:
            chosen: dict[str, tuple[int, Any]] = {}
            for key, area, value in self.rows():  # a longer prefix wins; among equals, the newest row
                if area in prefixes and key in PARAMETERS and len(area) >= chosen.get(key, (-1, None))[0]:
                    chosen[key] = (len(area), value)
            self._cache[prefixes] = default_params(**{key: value for key, (_, value) in chosen.items()})
        return self._cache[prefixes]

    def values_of(self, key: str) -> set[Any]:
        """Every value a key takes on the date anywhere (for the daily job's birthday windows)."""
        return {PARAMETERS[key].default} | {value for k, _, value in self.rows() if k == key}


def rule_params_for(area_code: str, on: datetime.date) -> RuleParams:
    return RuleParamsCache(on).for_area(area_code)
