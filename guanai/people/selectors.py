"""Every read of the registry (HackSoft selectors). Each takes the caller's `scope` and passes its
querysets through guanai.accounts.scoping.scoped, so nothing outside the scope can be returned.

Search (person_search, person_page and PersonFilter.q on person_list) reads the text as search.py
says: an ID number through the keyed digest, digits as a phone number, Latin letters as pinyin (a
prefix range on NameKey.key, which the (key, area, person) and (area, key) indexes serve), characters
as the start of a name (found through their pinyin), or, when no name starts with them, as the start
of a given name (found through the given names' keys), or, when none does either, anywhere in a name.
person_page, the list page's read, never counts or sorts every match (search.py). A category filter
reads the open spells of the category in scope on their own copy of the person's village
(CategorySpell.area), never every open spell joined to its person.

The timeline of a person is assembled from sources in TIMELINE_SOURCES; later apps (visits, cases,
benefits) add theirs with `timeline_source_register` in their AppConfig.ready(), each a function
`(scope, person) -> Iterable[TimelineItem]` costing a constant number of queries.
"""

import bisect
import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import NOTHING, Scope, scoped
from guanai.audit.models import Event
from guanai.core.collation import CodePointOrder
from guanai.people import idcipher, search
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
    TransferStatus,
)
from guanai.people.parameters import PARAMETERS, RuleParams, default_params
from guanai.people.schemas import PersonFilter


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
    """Every person in scope that the filters match (exports and the API page through this), with
    area, household and open spells loaded (no N+1). The list page reads person_page instead."""
    f = filters or PersonFilter()
    people = _people(scope)
    if f.area_code:
        people = people.filter(area__pk__startswith=f.area_code)
    people = people.filter(_filter_condition(scope, f))
    if (text := search.search_text(f.q)) is not None:
        people = people.filter(_search_condition(scope, text))
    return people.order_by("area_id", "name", "pk")


def open_spells_of(*, scope: Scope, category: str) -> QuerySet[CategorySpell]:
    """The open spells of `category` in scope, on the spell's own area (CategorySpell.area): a range of
    the (category, area, person) index of open spells, no join to the people."""
    return scoped(CategorySpell.objects.filter(category=category, ended_on__isnull=True), scope=scope)


def _filter_condition(scope: Scope, f: PersonFilter, path: str = "") -> Q:
    """The list's filters other than the text and the area, on Person or through `path` ("person__"
    from a NameKey). The category: the people among its open spells in scope."""
    condition = Q()
    if f.category:
        holders = open_spells_of(scope=scope, category=f.category).values("person_id")
        condition &= Q(**{f"{path}pk__in": holders})
    if f.risk_level:
        condition &= Q(**{f"{path}risk_level": f.risk_level})
    if f.sex:
        condition &= Q(**{f"{path}sex": f.sex})
    on = f.on or timezone.localdate()
    if f.min_age is not None:
        condition &= Q(**{f"{path}birth_date__lte": _years_before(on, f.min_age)})
    if f.max_age is not None:
        condition &= Q(**{f"{path}birth_date__gt": _years_before(on, f.max_age + 1)})
    return condition


def name_key_matches(*, scope: Scope, prefix: str) -> QuerySet[NameKey]:
    keys = NameKey.objects.filter(search.starts_with("key", prefix))
    if len(scope.prefix) == 12:  # one village: let the (area, key) index seek on both columns
        keys = keys.filter(area_id=scope.prefix)
    return scoped(keys, scope=scope)


def _name_key_rows(scope: Scope, prefix: str, condition: Q) -> QuerySet:
    """(key, area, person) of the NameKeys in scope starting with `prefix` whose person matches
    `condition` (on "person__"), in the order of the (key, area, person) index."""
    keys = assigned_only(name_key_matches(scope=scope, prefix=prefix), scope, "person__").filter(condition)
    return keys.order_by(CodePointOrder("key"), "area_id", "person_id").values_list("key", "area_id", "person_id")


def _names_starting(people: QuerySet[Person], text: str) -> QuerySet:
    """(village, person) of `people` whose name starts with `text`, in the order of the (name, area) index."""
    return (people.filter(search.starts_with("name", text)).order_by(CodePointOrder("name"), "area_id", "pk")
            .values_list("area_id", "pk"))


def _given_names_starting(scope: Scope, text: str, condition: Q = Q()) -> QuerySet | None:  # noqa: B008
    """The NameKey rows of the given names in scope starting with `text` (pinyin.given_key: 0小明) whose
    person matches `condition`, in index order; None when the text holds nothing a given name is keyed by."""
    prefix = search.given_name_prefix(text)
    return _name_key_rows(scope, prefix, condition) if prefix else None


def _search_condition(scope: Scope, text: search.SearchText, key_scan: int | None = None) -> Q:
    """The people `text` finds (search.py, module docstring), as a condition on Person."""
    if text.kind == "id":
        # Either key while one rotates.
        return Q(id_number_digest__in=idcipher.digests(text.value)) if text.value else Q(pk__in=[])
    if text.kind == "phone":
        condition = Q()
        for variant in search.phone_variants(text.value):
            condition |= search.prefix_range("phone", variant)
        return condition
    if text.kind == "pinyin":
        keys = name_key_matches(scope=scope, prefix=text.value).values("person_id")
        if key_scan is not None:  # the (key, area, person) index yields these in order; stop early
            keys = keys.order_by(CodePointOrder("key"))[:key_scan]
        return Q(pk__in=keys)
    starting = search.starts_with("name", text.value)
    if _people(scope).filter(starting).exists():
        return starting
    given = _given_names_starting(scope, text.value)
    if given is not None and given.exists():  # nobody's name starts with it: a given name does
        holders = name_key_matches(scope=scope, prefix=search.given_name_prefix(text.value)).values("person_id")
        return Q(pk__in=holders)
    return Q(name__icontains=text.value)  # nor any given name: anywhere in the name


# A quick search reads at most this many name keys, in key order, before sorting people by name: a
# short prefix ("w") matches a county's worth of keys, and nobody reads past the first screen.
SEARCH_KEY_SCAN = 200


def person_search(*, scope: Scope, q: str, limit: int = 50) -> list[Person]:
    """Up to `limit` people matching `q` (see search.py), each once, by name."""
    if (text := search.search_text(q)) is None:
        return []
    condition = _search_condition(scope, text, key_scan=max(SEARCH_KEY_SCAN, limit * 4))
    return list(_people(scope).filter(condition).order_by("name", "pk")[:limit])


def person_page(*, scope: Scope, filters: PersonFilter | None = None) -> search.CappedResults:
    """The list page's people, for django's Paginator, at the same cost among a prefecture's million
    people as in a village (issue 16): without a text, everyone in (village, name) order, counted up
    to LIST_COUNT_CAP; with one, the matches in the order of the index that finds them (pinyin order
    for names, phone order for numbers), at most SEARCH_CAP."""
    f = filters or PersonFilter()
    scope = _narrowed(scope, f.area_code)
    text = search.search_text(f.q)
    if text is None and f.category:
        holders = _holders(scope, f)
        return search.CappedResults(count=lambda: holders.order_by()[:search.LIST_COUNT_CAP + 1].count(),
                                    cap=search.LIST_COUNT_CAP, rows=lambda start, stop: _holders_page(
                                        scope, holders, start, stop))
    if text is None:
        people = _people(scope).filter(_filter_condition(scope, f)).order_by("area_id", "name", "pk")
        return search.CappedResults(count=lambda: _capped_count(scope, f), cap=search.LIST_COUNT_CAP,
                                    rows=lambda start, stop: list(people[start:stop]))
    matches = functools.cache(lambda: _matches(scope, text, f))
    return search.CappedResults(count=lambda: len(matches()), cap=search.SEARCH_CAP,
                                rows=lambda start, stop: _in_order(scope, matches()[start:stop]))


def _capped_count(scope: Scope, f: PersonFilter) -> int:
    """People in scope the filters match (no category: see _holders), counted up to LIST_COUNT_CAP + 1."""
    people = assigned_only(scoped(Person.objects.filter(_filter_condition(scope, f)), scope=scope), scope)
    return people.values("pk")[:search.LIST_COUNT_CAP + 1].count()


def _holders(scope: Scope, f: PersonFilter) -> QuerySet:
    """(village, person) of the people in scope holding the category `f.category` now and matching the
    other filters, from the category's open spells in the order of their (category, area, person)
    index: a rare category is not looked for person by person, and no join is left to the planner's
    estimate of how many hold it."""
    spells = open_spells_of(scope=scope, category=f.category)
    others = _filter_condition(scope, f.model_copy(update={"category": None}), path="person__")
    return (assigned_only(spells, scope, "person__").filter(others).order_by("area_id", "person_id")
            .values_list("area_id", "person_id"))


def _holders_page(scope: Scope, holders: QuerySet, start: int, stop: int) -> list[Person]:
    """People `start` to `stop` of the holders in (village, name) order, as the list without a category
    orders them. The holders come in (village, person) order, so the first `stop` of them tell which
    villages the page lies in; only those villages' holders are sorted by name (the last village's
    whole, as it may go on past `stop`)."""
    head = list(holders[:stop])
    if len(head) <= start:
        return []
    first, last = head[start][0], head[-1][0]
    before = bisect.bisect_left(head, (first,))  # holders of the villages before the page's first
    ids = [pk for area, pk in head[before:] if area != last]
    if len(head) < stop:  # every holder is in head
        ids += [pk for area, pk in head if area == last]
    else:
        ids += holders.filter(area_id=last).values_list("person_id", flat=True)
    people = _people(scope).filter(pk__in=ids).order_by("area_id", "name", "pk")
    return list(people[start - before:stop - before])


def _narrowed(scope: Scope, area_code: str | None) -> Scope:
    """The scope narrowed to the area filter (never widened: an area outside the scope holds nobody)."""
    if not area_code or scope.prefix.startswith(area_code):
        return scope
    return Scope(area_code if scope.contains(area_code) else NOTHING, scope.assigned_to)


def _matches(scope: Scope, text: search.SearchText, f: PersonFilter) -> list[int]:
    """Ids of the first SEARCH_CAP + 1 people `text` and the filters find, in index order."""
    people = assigned_only(scoped(Person.objects.filter(_filter_condition(scope, f)), scope=scope), scope)
    if text.kind == "id":
        return (list(people.filter(id_number_digest__in=idcipher.digests(text.value)).values_list("pk", flat=True))
                if text.value else [])
    if text.kind == "phone":
        return search.first_distinct(
            people.filter(search.prefix_range("phone", variant)).order_by("phone", "pk").values_list("phone", "pk")
            for variant in search.phone_variants(text.value))
    condition = _filter_condition(scope, f, path="person__")
    if text.kind == "pinyin":
        return search.first_distinct([_name_key_rows(scope, text.value, condition)])
    if found := search.first_distinct([_names_starting(people, text.value)]):
        return found
    given = _given_names_starting(scope, text.value, condition)
    if given is not None and (found := search.first_distinct([given])):
        return found
    return search.first_distinct([people.filter(name__icontains=text.value).order_by("area_id", "name", "pk")
                                  .values_list("area_id", "name", "pk")])


def _in_order(scope: Scope, ids: list[int]) -> list[Person]:
    """The people of `ids` (one page), loaded with their area, household and open spells, in that order."""
    people = {person.pk: person for person in _people(scope).filter(pk__in=ids)}
    return [people[pk] for pk in ids if pk in people]


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


def transfers_to_answer_count(*, scope: Scope) -> int:
    """Pending transfer requests the scope has to answer: for people it holds (the request's from_area)
    whom another area registered. One COUNT (the list page shows it on every request)."""
    pending = scoped(TransferRequest.objects.filter(status=TransferStatus.PENDING), scope=scope,
                     area_field="from_area")
    return assigned_only(pending, scope, "person__").count()


def category_counts(*, scope: Scope, on: datetime.date | None = None) -> dict[str, int]:
    """People holding each category within scope (a social worker: their own caseload), now (open
    spells) or on a date; one query."""
    spells = assigned_only(scoped(CategorySpell.objects.all(), scope=scope), scope, "person__")
    if on is None:
        spells = spells.filter(ended_on__isnull=True)
    else:  # a spell holds from started_on up to the day before ended_on
        spells = spells.filter(Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)))
    rows = spells.values("category").annotate(people=Count("person", distinct=True)).order_by()
    counts = dict.fromkeys(Category.values, 0)
    counts.update({row["category"]: row["people"] for row in rows})
    return counts


# Readers of precomputed category counts (reports registers its store): (scope=) -> {category: people},
# or None when they do not hold the scope's area.
CategoryCountReader = Callable[..., dict[str, int] | None]
CATEGORY_COUNT_READERS: list[CategoryCountReader] = []


def category_count_reader_register(reader: CategoryCountReader) -> CategoryCountReader:
    if reader not in CATEGORY_COUNT_READERS:
        CATEGORY_COUNT_READERS.append(reader)
    return reader


def category_chip_counts(*, scope: Scope) -> tuple[dict[str, int], set[str]]:
    """The list page's chips: people holding each category now in scope, and the categories whose
    count stopped at search.CHIP_COUNT_CAP. From a registered reader of precomputed counts when one
    holds the scope (exact as of its last refresh), else counted per category up to the cap on the open
    spells' own index (an exact count of a prefecture reads every open spell: 2.4 s among 1,000,000
    people when it joined each to its person)."""
    for reader in CATEGORY_COUNT_READERS:
        if (counts := reader(scope=scope)) is not None:
            return counts, set()
    cap = search.CHIP_COUNT_CAP
    counts = {category: assigned_only(open_spells_of(scope=scope, category=category), scope, "person__")
              .values("person_id")[:cap + 1].count() for category in Category.values}
    return {category: min(n, cap) for category, n in counts.items()}, {c for c, n in counts.items() if n > cap}


def category_counts_by_area(*, scope: Scope, code_length: int) -> dict[str, dict[str, int]]:
    """Open spells per category, grouped by the first `code_length` digits of the person's village
    code (6 = by county, 9 = by township); one query, on the spells' copy of the village."""
    spells = assigned_only(scoped(CategorySpell.objects.filter(ended_on__isnull=True), scope=scope), scope,
                           "person__")
    rows = (spells.annotate(unit=Substr("area_id", 1, code_length)).values("unit", "category")
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


IMPORTED = "people_imported"  # the import's event (imports.py); its data["created_ids"] says whom it created
# An import's event is written when its chunk commits, after the created_at its people carry (the
# import's start); a day covers the longest import, and bounds the events read.
IMPORT_EVENT_WINDOW = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ImportedCreation:
    """Who created a person by importing a sheet, and when (the person's created_at)."""

    at: datetime.datetime
    actor: Any  # accounts.User, or None for a system import


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[[first, last], ...] runs of consecutive ids: how an import's event lists the people it created."""
    ranges: list[list[int]] = []
    for pid in sorted(ids):
        if ranges and pid == ranges[-1][1] + 1:
            ranges[-1][1] = pid
        else:
            ranges.append([pid, pid])
    return ranges


def imported_creations(person_ids: Iterable[int]) -> dict[int, ImportedCreation]:
    """For people an import created, which write no creation history row (issue 16: the import's
    event lists them instead), who imported them and when. Two queries; people created otherwise
    are not in the answer."""
    created = dict(Person.objects.filter(id__in=list(person_ids)).values_list("id", "created_at"))
    if not created:
        return {}
    events = Event.objects.filter(verb=IMPORTED, at__gte=min(created.values()),
                                  at__lt=max(created.values()) + IMPORT_EVENT_WINDOW).select_related("actor")
    ordered, found = sorted(created), {}
    for event in events.only("data", "actor"):
        for first, last in (event.data or {}).get("created_ids", []):
            for pid in ordered[bisect.bisect_left(ordered, first):bisect.bisect_right(ordered, last)]:
                found.setdefault(pid, ImportedCreation(at=created[pid], actor=event.actor))
    return found


@timeline_source_register
def facts_history_items(scope: Scope, person: Person) -> list[TimelineItem]:
    """Registration and each change of facts, from the simple_history table, with field labels. A
    person an import created has no creation row until their first change (services.py writes it
    then): their registration comes from the import's event."""
    records = list(person.history.select_related("history_user").order_by("history_date", "history_id"))
    if not records and (creation := imported_creations([person.pk]).get(person.pk)) is not None:
        return [TimelineItem(at=creation.at, kind="facts", title=_("登记"), detail=_("表格导入"),
                             actor=str(creation.actor) if creation.actor else "")]
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
