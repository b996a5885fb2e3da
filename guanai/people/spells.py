"""Keeping rule-derived category spells and risk levels in step with the facts.

categories_recompute works in chunks with a constant number of queries per chunk: people and their
relatives (facts_load below, 3 queries), their open spells (1), then at most one bulk insert, one
bulk update and one UPDATE per risk level. Manual spells are never opened or edited here, and closed
only by a death (below); a rule spell is not opened while a manual spell of the same category is open
(the person already holds the category), and manual categories count towards the risk level.

A death ends every category on the day of death, not on the day it is recorded (spell_end_day): a
death recorded in 2023 for someone who died in 2021 takes them out of the 2021 and 2022 counts.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from guanai.audit.services import event_record
from guanai.core.messages import Message
from guanai.people.facts import FACT_FIELDS, PersonFacts, add_months
from guanai.people.models import CategorySpell, Person, Relationship, RelationshipKind, SpellSource
from guanai.people.parameters import RuleParams
from guanai.people.rules import derive_categories, derive_risk_level, why_not
from guanai.people.selectors import RuleParamsCache

CHUNK_SIZE = 2000
# The daily job also looks back this many days for thresholds crossed, so a missed run catches up.
AGE_OUT_LOOKBACK_DAYS = 7
# Age parameters whose birthdays open or close a category (the job recomputes people crossing them).
AGE_KEYS = ("left_behind_child_max_age", "orphan_max_age", "de_facto_max_age", "child_in_difficulty_max_age",
            "school_extension_max_age", "left_behind_elder_min_age", "elder_min_age", "oldest_old_min_age",
            "high_risk_min_age", "child_max_age")


_LIST_OF_KIND = {RelationshipKind.PARENT: "parents", RelationshipKind.GUARDIAN: "guardians",
                 RelationshipKind.ENTRUSTED_CARER: "entrusted_carers", RelationshipKind.SUPPORTER: "supporters"}


def id_q(field: str, ids: list[int]) -> Q:
    """Rows whose `field` is one of `ids`: a range scan when the ids are nearly contiguous (a recompute
    of everyone), which spares the database and Django a 2,000-item IN list; callers keep only the
    ids they asked for."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": ids})


def _facts_rows(person_ids: list[int]) -> dict[int, PersonFacts]:
    wanted = set(person_ids)
    rows = Person.objects.filter(id_q("id", person_ids)).values_list(*FACT_FIELDS, "area_id", "area__kind")
    names = (*FACT_FIELDS, "area_code", "area_kind")
    return {row[0]: PersonFacts(**dict(zip(names, row, strict=True))) for row in rows if row[0] in wanted}


def facts_load(person_ids: Iterable[int], on: date) -> dict[int, PersonFacts]:
    """{person id: PersonFacts} with the relationships open on the date: the person's parents,
    guardians, entrusted carers and supporters, and the people whose parent they are (children)."""
    ids = list(person_ids)
    if not ids:
        return {}
    wanted = set(ids)
    facts = _facts_rows(ids)
    open_on = (Q(started_on__isnull=True) | Q(started_on__lte=on)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    links = [(person_id, relative_id, kind) for person_id, relative_id, kind in Relationship.objects.filter(open_on)
             .filter(id_q("person_id", ids) | (id_q("relative_id", ids) & Q(kind=RelationshipKind.PARENT)))
             .values_list("person_id", "relative_id", "kind")
             if person_id in wanted or (kind == RelationshipKind.PARENT and relative_id in wanted)]
    missing = {pid for person_id, relative_id, _ in links for pid in (person_id, relative_id)} - facts.keys()
    relatives = _facts_rows(sorted(missing)) if missing else {}
    for person_id, relative_id, kind in links:
        person = facts.get(person_id) or relatives.get(person_id)
        relative = facts.get(relative_id) or relatives.get(relative_id)
        if person is None or relative is None:
            continue
        if person_id in wanted and relative not in (kin := getattr(person, _LIST_OF_KIND[kind])):
            kin.append(relative)
        if kind == RelationshipKind.PARENT and relative_id in wanted and person not in relative.children:
            relative.children.append(person)
    return {pid: facts[pid] for pid in ids if pid in facts}


@dataclass
class RecomputeResult:
    people: int = 0
    opened: int = 0
    closed: int = 0
    risk_changed: int = 0
    seconds: float = 0.0

    def __add__(self, other: RecomputeResult) -> RecomputeResult:
        return RecomputeResult(self.people + other.people, self.opened + other.opened,
                               self.closed + other.closed, self.risk_changed + other.risk_changed,
                               self.seconds + other.seconds)


@dataclass
class _Tally:
    opened: Counter
    closed: Counter


def categories_recompute(*, person_ids: Iterable[int], on: date, actor=None) -> RecomputeResult:
    """Open the rule spells that start on `on`, close those that no longer hold (with the reason),
    and set each person's risk_level. One Event summarises the call."""
    started = time.perf_counter()
    ids = sorted(set(person_ids))
    cache = RuleParamsCache(on)
    result, tally = RecomputeResult(), _Tally(Counter(), Counter())
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            chunk = ids[start:start + CHUNK_SIZE]
            result += _recompute_chunk(chunk, on=on, cache=cache, actor=actor, tally=tally)
        result.seconds = round(time.perf_counter() - started, 3)
        event_record(actor=actor, verb="categories_recomputed", object_type="person",
                     object_id=str(ids[0]) if len(ids) == 1 else "",
                     data={**asdict(result), "on": on.isoformat(), "opened_by_category": dict(tally.opened),
                           "closed_by_category": dict(tally.closed)})
    return result


def spell_end_day(person: PersonFacts, *, on: date, started_on: date) -> date:
    """The day a spell closed on `on` ends: the day of death when its holder died before `on` (a category
    is a fact over time, and "dead" is died_on on or before a date: people/rules.py; DESIGN.md "Facts
    over time"), else `on`; never before the spell began (a spell opened after an unrecorded death then
    holds on no day)."""
    day = person.died_on if person.died_on is not None and person.died_on < on else on
    return max(day, started_on)


def _is_dead(person: PersonFacts, on: date) -> bool:
    return person.died_on is not None and person.died_on <= on


def _recompute_chunk(chunk: list[int], *, on: date, cache: RuleParamsCache, actor, tally: _Tally
                     ) -> RecomputeResult:
    facts = facts_load(chunk, on)
    rule_open: dict[int, dict[str, tuple[int, date]]] = defaultdict(dict)
    manual_open: dict[int, set[str]] = defaultdict(set)
    manual_spells: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
    for spell_id, person_id, category, source, started_on in CategorySpell.objects.filter(
            id_q("person_id", chunk), ended_on__isnull=True).values_list(
            "id", "person_id", "category", "source", "started_on"):
        if person_id not in facts:
            continue
        if source == SpellSource.MANUAL:
            manual_open[person_id].add(category)
            manual_spells[person_id].append((spell_id, category, started_on))
        else:
            rule_open[person_id][category] = (spell_id, started_on)
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    new, closed, risk = [], [], defaultdict(list)
    for pid, person in facts.items():
        params = cache.for_area(person.area_code)
        dead = _is_dead(person, on)
        held = set() if dead else manual_open[pid]  # a death ends the manual categories too
        derived, level = _derive(person, params, on, held=held, new=new, tally=tally, already=rule_open[pid])
        open_spells = [(spell_id, category, started_on) for category, (spell_id, started_on) in rule_open[pid].items()
                       if category not in derived]
        open_spells += manual_spells[pid] if dead else []
        for spell_id, category, started_on in open_spells:
            end_reason = why_not(category, person, params, on)
            closed.append(CategorySpell(id=spell_id, ended_on=spell_end_day(person, on=on, started_on=started_on),
                                        updated_at=now, end_reason=end_reason.render_in("zh-hans")[:300],
                                        end_reason_message=end_reason.to_json()))
            tally.closed[category] += 1
        if level != person.risk_level:
            risk[level].append(pid)
    _spells_insert(new, on=on, created_by=created_by, now=now)
    CategorySpell.objects.bulk_update(closed, ["ended_on", "end_reason", "end_reason_message", "updated_at"],
                                      batch_size=300)
    for level, pids in risk.items():
        Person.objects.filter(id__in=pids).update(risk_level=level)
    return RecomputeResult(people=len(facts), opened=len(new), closed=len(closed),
                           risk_changed=sum(len(pids) for pids in risk.values()))


def _derive(person: PersonFacts, params: RuleParams, on: date, *, held: set[str], new: list, tally: _Tally,
            already: dict | None = None) -> tuple[dict[str, Message], str]:
    """The person's rule categories and risk level; spells to open are appended to `new`. A rule
    spell is not opened while one is open already, nor while a manual spell of the category is."""
    derived = derive_categories(person, params, on)
    for category, reason in derived.items():
        if category not in held and (already is None or category not in already):
            new.append((person.id, category, reason))
            tally.opened[category] += 1
    return derived, derive_risk_level(person, set(derived) | held, params, on)


def new_person_categories(person: PersonFacts, *, on: date, cache: RuleParamsCache
                          ) -> tuple[str, list[tuple[str, Message]]]:
    """(risk level, [(category, reason)]) for someone about to be created: what categories_recompute
    derives once they exist (they hold no spells and no relationships yet), worked out from their
    facts in memory so that a bulk create stores the risk level with the row and never reads the
    people back (docs/performance.md, import)."""
    opened: list[tuple[int | None, str, Message]] = []
    _, level = _derive(person, cache.for_area(person.area_code), on, held=set(), new=opened,
                       tally=_Tally(Counter(), Counter()))
    return level, [(category, reason) for _, category, reason in opened]


def categories_write_new(spells: list[tuple[int, str, Message]], *, people: int, risk_levels: Iterable[str], on: date,
                         actor=None) -> RecomputeResult:
    """Write the spells (person id, category, reason) of new_person_categories once the people's rows
    are in, and the event categories_recompute would have written."""
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    _spells_insert(spells, on=on, created_by=created_by, now=timezone.now())
    result = RecomputeResult(people=people, opened=len(spells), risk_changed=sum(1 for level in risk_levels if level))
    event_record(actor=created_by, verb="categories_recomputed", object_type="person",
                 data={**asdict(result), "on": on.isoformat(),
                       "opened_by_category": dict(Counter(category for _, category, _ in spells)),
                       "closed_by_category": {}})
    return result


def _spells_insert(rows: list[tuple[int, str, Message]], *, on: date, created_by, now) -> None:
    """Insert new rule spells with one executemany: Django's bulk_create spends most of a first
    derivation (65,000 spells) preparing values one by one. CategorySpell has no signals and no
    history, so nothing is skipped; values go through the backend's own adapters. The reason is stored
    as its message (rendered in the reader's language) and, for searching and exports, in Chinese.
    The spell's area is read from its person's row in the same statement (CategorySpell.area), so no
    caller can give it another."""
    if not rows:
        return
    ops, meta = connection.ops, CategorySpell._meta
    columns = ["person_id", "category", "started_on", "reason", "reason_message", "end_reason",
               "end_reason_message", "source", "created_by_id", "created_at", "updated_at"]
    person = Person._meta
    area_of_person = "(SELECT {} FROM {} WHERE {} = %s)".format(  # noqa: S608  (names from _meta)
        ops.quote_name(person.get_field("area").column), ops.quote_name(person.db_table),
        ops.quote_name(person.pk.column))
    sql = "INSERT INTO {} ({}, {}) VALUES ({}, {})".format(  # noqa: S608  (names from the model's _meta)
        ops.quote_name(meta.db_table), ", ".join(ops.quote_name(meta.get_field(c).column) for c in columns),
        ops.quote_name(meta.get_field("area").column), ", ".join(["%s"] * len(columns)), area_of_person)
    started_on, stamp = ops.adapt_datefield_value(on), ops.adapt_datetimefield_value(now)
    user_id = created_by.pk if created_by is not None else None
    message_field = meta.get_field("reason_message")
    no_message = message_field.get_db_prep_value({}, connection)
    with translation.override("zh-hans"), connection.cursor() as cursor:
        cursor.executemany(sql, [(pid, category, started_on, reason.render()[:300],
                                  message_field.get_db_prep_value(reason.to_json(), connection), "", no_message,
                                  SpellSource.RULE.value, user_id, stamp, stamp, pid)
                                 for pid, category, reason in rows])


def spells_age_out(*, on: date) -> RecomputeResult:
    """The daily job: recompute everyone holding an open spell, people whose age crossed a threshold
    in the last days (children turning 16/18, elderly turning 60/80, per the parameters in force),
    and the children and elderly whose relative's time out of contact or away just reached the
    minimum."""
    cache = RuleParamsCache(on)
    ids = set(CategorySpell.objects.filter(ended_on__isnull=True).values_list("person_id", flat=True))
    ages = {age for key in AGE_KEYS for age in cache.values_of(key) if isinstance(age, int)}
    ids |= set(Person.objects.filter(_crossed_q("birth_date", on, years=ages)).values_list("id", flat=True))
    relatives = Person.objects.filter(
        _crossed_q("out_of_contact_since", on, months=cache.values_of("out_of_contact_min_months"))
        | _crossed_q("away_since", on, months=cache.values_of("elder_min_months_away")
                     | cache.values_of("child_parent_min_months_away"))).values("id")
    links = Relationship.objects.filter(Q(relative_id__in=relatives) | Q(person_id__in=relatives,
                                                                         kind=RelationshipKind.PARENT))
    for person_id, relative_id in links.values_list("person_id", "relative_id"):
        ids.update((person_id, relative_id))
    return categories_recompute(person_ids=ids, on=on)


def _crossed_q(field: str, on: date, *, years: Iterable[int] = (), months: Iterable[int] = ()) -> Q:
    """Dates D such that D + threshold falls in the look-back window ending on `on` (a day's margin
    each side so that 29 February and month ends are never missed)."""
    q = Q(pk__in=[])
    for shift in [12 * n for n in years] + [n for n in months if n]:
        latest, earliest = add_months(on, -shift), add_months(on - timedelta(days=AGE_OUT_LOOKBACK_DAYS), -shift)
        q |= Q(**{f"{field}__range": (earliest - timedelta(days=1), latest + timedelta(days=1))})
    return q



def spell_messages_fill() -> int:
    """Give rule spells stored before reasons were messages (people migration 0007) their messages:
    the rules run again on the spell's start date (its reason) and end date (its end reason). A spell
    whose rule no longer gives that reason from today's facts keeps its Chinese text only, shown as
    stored. Reads only the columns it needs, so it runs on any later schema. Returns spells filled."""
    rows = list(CategorySpell.objects.filter(source=SpellSource.RULE, reason_message={})
                .values_list("id", "person_id", "category", "started_on", "ended_on"))
    by_day: dict[date, list[tuple]] = defaultdict(list)
    for row in rows:
        by_day[row[3]].append(("reason", row))
        if row[4] is not None:
            by_day[row[4]].append(("end_reason", row))
    filled: dict[int, dict] = defaultdict(dict)
    for on, wanted in by_day.items():
        cache = RuleParamsCache(on)
        facts = facts_load({row[1] for _, row in wanted}, on)
        for kind, (spell_id, person_id, category, _start, _end) in wanted:
            person = facts.get(person_id)
            if person is None:
                continue
            params = cache.for_area(person.area_code)
            if kind == "reason":
                reason = derive_categories(person, params, on).get(category)
                if reason is not None:
                    filled[spell_id]["reason_message"] = reason.to_json()
            elif category not in derive_categories(person, params, on):
                filled[spell_id]["end_reason_message"] = why_not(category, person, params, on).to_json()
    CategorySpell.objects.bulk_update(
        [CategorySpell(id=spell_id, reason_message=fields.get("reason_message", {}),
                       end_reason_message=fields.get("end_reason_message", {})) for spell_id, fields in filled.items()],
        ["reason_message", "end_reason_message"], batch_size=500)
    return len(filled)
