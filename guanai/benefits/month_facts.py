"""The facts of one month that the roster build re-reads for each page of enrollments.

A roster does not trust what was true at approval (RULES.md Money): each month it reads again the
categories held that month, the outside benefits the person receives alone or through the household
(Assistance rows, the 低保/特困 flags and their dates from the person's history), the other programmes
paid that month, the exclusivity rows and the price subsidy's cover groups in force. Each lookup is
one query per page (never one per line), keyed by the page's people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from guanai.areas.precedence import in_force
from guanai.benefits import rules
from guanai.benefits.models import (
    Assistance,
    AssistanceKind,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStop,
    PriceCoverGroup,
    Programme,
    ProgrammeCode,
    ProgrammeRelation,
    StopStatus,
)
from guanai.benefits.months import add_months, next_month
from guanai.benefits.standards import StandardBook
from guanai.people.models import CategorySpell, Person, Relationship, RelationshipKind
from guanai.people.selectors import RuleParamsCache, imported_creations

CHILD_CATEGORIES = ("orphan", "de_facto_orphan")
# Parent facts that, set before and cleared now, mean the parent was found alive (rules module notes).
LOST_FIELDS = ("died_on", "declared_missing_on", "out_of_contact_since")


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def _longest_per_key(rows, area_code: str, key) -> list:
    """Of the rows whose area is a prefix of the code (None: national), the longest area per key wins."""
    best: dict = {}
    for row in rows:
        area = row.area_id or ""
        if area_code.startswith(area) and len(area) >= best.get(key(row), (-1, None))[0]:
            best[key(row)] = (len(area), row)
    return [row for _, row in best.values()]


class RelationBook:
    """The exclusivity rows of one programme in force in a month, resolved per area."""

    def __init__(self, code: str, month: date):
        self.rows = list(ProgrammeRelation.objects.filter(in_force(month), programme_id=code).order_by("pk"))
        self._by_area: dict[str, list[rules.RelationRow]] = {}

    @property
    def other_programmes(self) -> set[str]:
        return {r.other for r in self.rows if r.other in ProgrammeCode.values}

    def for_area(self, area_code: str) -> list[rules.RelationRow]:
        if area_code not in self._by_area:
            chosen = _longest_per_key(self.rows, area_code, key=lambda r: r.other)
            # Exclusions first: a month excluded is never also topped up.
            chosen.sort(key=lambda r: (r.effect != "excluded", r.pk))
            self._by_area[area_code] = [rules.RelationRow(r.other, r.effect, r.source) for r in chosen]
        return self._by_area[area_code]


class CoverBook:
    """The price subsidy's cover groups for an index month, resolved per area."""

    def __init__(self, index_month: date):
        self.rows = list(PriceCoverGroup.objects.filter(in_force(index_month)).order_by("pk"))
        self._by_area: dict[str, list[tuple[str, str]]] = {}

    def for_area(self, area_code: str) -> list[tuple[str, str]]:
        if area_code not in self._by_area:
            chosen = _longest_per_key(self.rows, area_code, key=lambda r: r.group)
            self._by_area[area_code] = [(r.group, r.variant) for r in chosen]
        return self._by_area[area_code]


@dataclass(frozen=True)
class Subject:
    """The person fields the month's facts start from (the build's rows carry the same names)."""

    person_id: int
    household_id: int | None
    tekun: bool
    dibao: bool
    parents_unknown: bool
    area_id: str
    birth_date: date | None
    died_on: date | None
    in_school: bool


@dataclass
class PageFacts:
    """The month's facts for the people of one page (all dicts keyed by person id)."""

    spells: dict[int, list[tuple[str, date, date | None]]]
    received: dict[int, list[rules.Received]]
    parent_found: set[int]


def _spells(person_ids, categories) -> dict[int, list[tuple[str, date, date | None]]]:
    found: dict[int, list] = defaultdict(list)
    for pid, category, started, ended in CategorySpell.objects.filter(
            person_id__in=person_ids, category__in=categories).values_list(
            "person_id", "category", "started_on", "ended_on"):
        found[pid].append((category, started, ended))
    return found


def held_in(spells: list[tuple[str, date, date | None]], month: date) -> frozenset[str]:
    """Categories held on any day of the month (a category ending mid-month is paid that month)."""
    last = month_end(month)
    return frozenset(c for c, started, ended in spells if started <= last and (ended is None or ended >= month))


def _assistance(person_ids, households: dict[int, int | None], month: date) -> dict[int, list[rules.Received]]:
    """Assistance rows covering the month, the person's own and their household's (shared per member)."""
    labels = dict(AssistanceKind.choices)
    by_household: dict[int, list[int]] = defaultdict(list)
    for pid, hid in households.items():
        if hid:
            by_household[hid].append(pid)
    found: dict[int, list[rules.Received]] = defaultdict(list)
    covering = Q(first_month__lte=month) & (Q(last_month__isnull=True) | Q(last_month__gte=month))
    rows = Assistance.objects.filter(covering).filter(
        Q(person_id__in=person_ids) | Q(household_id__in=list(by_household))).values_list(
        "person_id", "household_id", "kind", "monthly_fen", "members")
    for pid, hid, kind, monthly, members in rows:
        label = str(labels[kind])
        if pid:
            found[pid].append(rules.Received(kind, label, monthly, "本人"))
            continue
        share = rules.household_share(monthly, members) if monthly is not None else None
        via = (f"家庭享受，全户{rules.yuan_text(monthly)}元、{members}人保障" if monthly is not None
               else "家庭享受")
        for member in by_household[hid]:
            found[member].append(rules.Received(kind, label, share, via))
    return found


def _flag_since(person_ids: list[int], flag: str) -> dict[int, date]:
    """The day each person's flag was last switched on, from the person's history (simple_history)."""
    since: dict[int, date] = {}
    if not person_ids:
        return since
    seen = set()
    for pid, when, on in Person.history.filter(id__in=person_ids).order_by("id", "history_date").values_list(
            "id", "history_date", flag):
        seen.add(pid)
        if on and pid not in since:
            since[pid] = when.date()
        elif not on:
            since.pop(pid, None)
    # People an import created and nobody changed since have no history row (the import's event lists
    # them): the flag they carry is the one imported, set on the day of the import.
    if missing := set(person_ids) - seen:
        carrying = Person.objects.filter(id__in=missing, **{flag: True}).values_list("id", flat=True)
        for pid, creation in imported_creations(carrying).items():
            since[pid] = creation.at.date()  # as the creation row's history_date was read above
    return since


def _flags(rows, households: dict[int, int | None], month: date) -> dict[int, list[rules.Received]]:
    """特困/低保 marked on the person (or 低保 on a household member) with no Assistance row: the
    flag counts from the month after it was set (tekun), and a dibao flag has no amount."""
    found: dict[int, list[rules.Received]] = defaultdict(list)
    tekun = _flag_since([r.person_id for r in rows if r.tekun], "tekun")
    for pid, day in tekun.items():
        if next_month(day) <= month:
            found[pid].append(rules.Received(AssistanceKind.TEKUN, "特困供养", None, f"登记为特困人员（{day}起）"))
    poor_homes = dict(Person.objects.filter(household_id__in=[h for h in households.values() if h], dibao=True)
                      .values_list("household_id", "name"))
    for row in rows:
        if row.dibao:
            found[row.person_id].append(rules.Received(AssistanceKind.DIBAO, "低保", None, "本人登记为低保"))
        elif households.get(row.person_id) in poor_homes:
            name = poor_homes[households[row.person_id]]
            found[row.person_id].append(rules.Received(AssistanceKind.DIBAO, "低保", None,
                                                       f"同户成员{name}登记为低保"))
    return found


def _still_paid(code: str, row, month: date, params: RuleParamsCache) -> bool:
    """The death and age stops of another programme, by the same rules its own roster applies (so the
    order the rosters are built in does not matter)."""
    if row.died_on and rules.stop_for_death(row.died_on).stop_month <= month:
        return False
    limit = rules.child_age_limit(code, params.for_area(row.area_id), in_school=row.in_school)
    return not (limit is not None and row.birth_date and rules.stop_for_age(row.birth_date, limit).stop_month <= month)


def _other_programmes(codes: set[str], rows, month: date, spells) -> dict[int, list[rules.Received]]:
    """Programmes paid here that the person holds this month (approved, covering the month, not stopped,
    and for a child programme its category held that month), with their monthly standard as the share
    (RULES.md Money: a de facto orphan on a disability allowance paid here gets only the difference)."""
    found: dict[int, list[rules.Received]] = defaultdict(list)
    if not codes:
        return found
    by_person = {r.person_id: r for r in rows}
    person_ids = list(by_person)
    params = RuleParamsCache(month)
    names = dict(Programme.objects.filter(code__in=codes).values_list("code", "name"))
    books = {code: StandardBook(code, month) for code in codes if rules.amount_basis(code) == rules.AMOUNT_BY_STANDARD}
    enrolled = Enrollment.objects.filter(
        programme_id__in=codes, person_id__in=person_ids, starts_on__lte=month,
        status__in=[EnrollmentStatus.APPROVED, EnrollmentStatus.ENDED]).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=month))
    stopped = set(EnrollmentStop.objects.filter(enrollment__in=enrolled, stop_month__lte=month).exclude(
        status=StopStatus.DISMISSED).values_list("enrollment_id", flat=True))
    for pk, pid, code, area, variant in enrolled.values_list("pk", "person_id", "programme_id", "area_id", "variant"):
        if pk in stopped or not rules.category_verdict(code, held_in(spells.get(pid, []), month)).paid \
                or not _still_paid(code, by_person[pid], month, params):
            continue
        # Its monthly standard is the share a 补差 subtracts (None: not a standard programme, or no
        # standard in force, which holds a topped-up line rather than paying it in full).
        share = books[code].amount(area_code=area, variant=variant) if code in books else None
        found[pid].append(rules.Received(code, names.get(code, code), share, "本月同时享受"))
    return found


def _parents_found(closed: dict[int, date], children_unknown: set[int]) -> set[int]:
    """Children whose category closed because a parent was found alive: a parent dead, declared missing
    or out of contact in an earlier record and none of these now; or birth parents found."""
    if not closed:
        return set()
    parents = defaultdict(list)
    for child, parent in Relationship.objects.filter(person_id__in=list(closed), kind=RelationshipKind.PARENT
                                                     ).values_list("person_id", "relative_id"):
        parents[parent].append(child)
    found = set()
    now = {row[0]: row[1:] for row in Person.objects.filter(pk__in=list(parents)).values_list("pk", *LOST_FIELDS)}
    for row in Person.history.filter(id__in=list(parents)).values_list("id", "history_date", *LOST_FIELDS):
        pid, when, lost = row[0], row[1], row[2:]
        if any(lost) and not any(now.get(pid, lost)):
            found.update(c for c in parents[pid] if when.date() <= closed[c])
    unknown_before = set(Person.history.filter(id__in=[c for c in closed if c not in children_unknown],
                                               parents_unknown=True).values_list("id", flat=True))
    return found | unknown_before


def page_facts(rows, month: date, *, relations: RelationBook, needs_spells: bool) -> PageFacts:
    person_ids = [r.person_id for r in rows]
    households = {r.person_id: r.household_id for r in rows}
    spells = _spells(person_ids, CHILD_CATEGORIES) if needs_spells else {}
    received: dict[int, list[rules.Received]] = defaultdict(list)
    records = _assistance(person_ids, households, month)
    flags = _flags(rows, households, month)
    others = _other_programmes(relations.other_programmes, rows, month, spells)
    for pid in person_ids:
        own = records.get(pid, [])
        have = {r.source for r in own}
        received[pid] = own + [r for r in flags.get(pid, []) if r.source not in have] + others.get(pid, [])
    closed = {pid: max(e for _, _, e in spell_list) for pid, spell_list in spells.items()
              if all(e is not None for _, _, e in spell_list)}
    unknown_now = {r.person_id for r in rows if r.parents_unknown}
    return PageFacts(spells=spells, received=received, parent_found=_parents_found(closed, unknown_now))
