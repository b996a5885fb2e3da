"""Loading the demo's people: plan (plan.py) -> households, people, relationships and name keys in
bulk -> one categories_recompute -> one demo_loaded Event, all in one transaction.

Bulk on purpose: `make demo` must finish within 3 minutes on a 2-core machine with about 130,000
people, so rows go in through bulkload.py (executemany with ids assigned up front) rather than one
service call per person. The services' invariants are kept by construction (valid ID numbers,
encrypted with their digest and mask; name keys from pinyin.py as person_write_name_keys writes
them; categories only from the rules, through one categories_recompute). Simple-history rows are not
written for the initial load: the history starts with the first edit.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.demo import bulkload, oldest_old
from guanai.demo.figures import FENGXIAN, HONGHE
from guanai.demo.plan import DemoPlan, plan_build
from guanai.demo.spellstarts import on_file_by, on_file_since, spells_date_back
from guanai.people import idcipher
from guanai.people.idnumbers import mask
from guanai.people.models import Household, NameKey, Person, Relationship, RuleParameter
from guanai.people.pinyin import name_keys
from guanai.people.spells import categories_recompute

DEMO_LOADED = "demo_loaded"
# Person facts the scenarios may set (families.py puts them in PersonSpec.facts).
PERSON_FACTS = (
    "hukou_type", "address", "living_arrangement", "is_migrant_worker", "away_scope", "away_place", "away_since",
    "disability_type", "disability_grade", "disability_certificate_no", "care_need", "severe_illness",
    "custody_type", "custody_since", "custody_term_months", "custody_evidence", "out_of_contact_since",
    "police_receipt_no", "guardianship_revoked_on", "deported_on", "died_on", "declared_missing_on",
    "death_evidence", "parents_unknown", "parents_unknown_evidence", "dibao", "tekun",
    "bereaved_one_child_family", "in_full_time_school", "written_notice_given", "weekly_contact",
    "carer_excluded_reason",
)

# 凤县's demo setting: a parent counts as away for a left-behind child only when working outside the
# county, so the families whose parents work in the county town are near misses there.
FENGXIAN_SETTING = {
    "key": "child_parent_away_scopes", "value": ["out_of_county", "out_of_province"],
    "source": "演示设置（非凤县正式文件）：留守儿童父母外出务工以离开本县为准 / demo setting: out of the county",
}


@dataclass
class LoadResult:
    skipped: bool
    people: int = 0
    households: int = 0
    relationships: int = 0
    name_keys: int = 0
    spells: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def demo_people_exist() -> bool:
    return Event.objects.filter(verb=DEMO_LOADED, object_type="demo").exists()


def demo_people_load(*, on: datetime.date, areas: tuple[str, ...] = (FENGXIAN, HONGHE), scale: float = 1.0,
                     say: Callable[[str], None] = lambda text: None) -> LoadResult:
    """Build and write the demo people unless a demo is already loaded (then nothing is touched)."""
    if demo_people_exist():
        say("演示人员已存在，跳过 / demo people already loaded, skipped")
        return LoadResult(skipped=True)
    clock = _Clock()
    say(f"正在生成演示人员 / planning demo people ({', '.join(areas)}, scale {scale}) ...")
    plan = plan_build(areas=areas, scale=scale, on=on)
    clock.lap("plan")
    registry = plan.registry
    say(f"  {len(registry.persons):,} 人 / people, {len(registry.households):,} 户 / households, "
        f"{len(registry.relations):,} 条关系 / relationships ({clock.last:.1f}s)")
    with transaction.atomic():
        result = _write(plan, say=say, clock=clock)
    result.seconds = clock.laps
    return result


def _write(plan: DemoPlan, *, say: Callable[[str], None], clock: _Clock) -> LoadResult:
    registry = plan.registry
    _ids_assign(plan)
    _persons_write(plan)
    bulkload.rows_insert(Household, ("id", "area", "head", "address", "hukou_type"), (
        (h.pk, h.area_code, h.head.pk if h.head else None, h.address, h.hukou_type) for h in registry.households))
    clock.lap("people")
    say(f"  已写入人员与家庭 / people and households written ({clock.last:.1f}s)")
    bulkload.rows_insert(Relationship, ("person", "relative", "kind", "started_on", "notes"), (
        (r.person.pk, r.relative.pk, r.kind, r.started_on, r.notes) for r in registry.relations))
    keys = bulkload.rows_insert(NameKey, ("person", "area", "key"), _name_key_rows(registry.persons))
    bulkload.sequences_reset(Household, Person)
    clock.lap("relationships")
    say(f"  已写入关系与 {keys:,} 条拼音检索键 / relationships and {keys:,} name keys written ({clock.last:.1f}s)")
    if FENGXIAN in plan.targets:
        _fengxian_setting()
    say("  正在按规则认定对象类别 / deriving categories by the rules ...")
    recomputed = categories_recompute(person_ids=[p.pk for p in registry.persons], on=plan.on)
    clock.lap("categories")
    say(f"  已认定 {recomputed.opened:,} 个类别 / {recomputed.opened:,} category spells opened ({clock.last:.1f}s)")
    moved = spells_date_back(person_ids=[p.pk for p in registry.persons], on=plan.on)
    clock.lap("spell starts")
    say(f"  {moved:,} 个类别按事实发生日期回溯开始日期 / spells dated back to when their facts began "
        f"({clock.last:.1f}s)")
    closed = oldest_old.dead_spells_write(people=oldest_old.dead_oldest_old(registry.persons, on=plan.on),
                                          on=plan.on, on_file=lambda pk: on_file_since(pk, plan.on))
    clock.lap("spells of the dead")
    say(f"  {closed:,} 位已故高龄老人的类别记录 / closed oldest-old spells of the elders who died ({clock.last:.1f}s)")
    event_record(actor=None, verb=DEMO_LOADED, object_type="demo", data={
        "on": plan.on.isoformat(), "scale": plan.scale, "people": len(registry.persons),
        "households": len(registry.households), "relationships": len(registry.relations),
        "targets": plan.targets, "planned": {area: dict(plan.expected_counts(area)) for area in plan.targets},
        "longevity_recipients": {"year": oldest_old.YEAR, "planned": plan.longevity_recipients},
    })
    return LoadResult(skipped=False, people=len(registry.persons), households=len(registry.households),
                      relationships=len(registry.relations), name_keys=keys, spells=recomputed.opened)


def _ids_assign(plan: DemoPlan) -> None:
    """Ids up front, so households can name their head and people their household in one pass."""
    first = bulkload.next_id(Household)
    for offset, spec in enumerate(plan.registry.households):
        spec.pk = first + offset
    first = bulkload.next_id(Person)
    for offset, spec in enumerate(plan.registry.persons):
        spec.pk = first + offset


def _persons_write(plan: DemoPlan) -> None:
    """People with their facts; ID numbers encrypted, with their keyed digest and mask (idcipher).
    Each is created on the day it came on file (spellstarts.on_file_since), so a count of the people
    registered on a past day (the aged_60_plus indicator) finds those the demo says were there."""
    columns = ("id", "area", "household", "name", "sex", "birth_date", "phone", "id_number_cipher",
               "id_number_digest", "id_number_masked", "risk_level", "notes", "created_at", *PERSON_FACTS)
    defaults = {name: Person._meta.get_field(name).get_default() for name in PERSON_FACTS}

    def created(spec) -> datetime.datetime:
        # A child born after the day drawn comes on file at birth.
        day = max(on_file_since(spec.pk, plan.on, by=on_file_by(spec.area_code)), spec.birth_date)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def rows():
        for spec in plan.registry.persons:
            number, facts = spec.id_number, spec.facts
            yield (spec.pk, spec.area_code, spec.household.pk if spec.household else None, spec.name, spec.sex,
                   spec.birth_date, spec.phone, idcipher.encrypt(number), idcipher.digest(number), mask(number),
                   "", facts.get("notes", ""), created(spec),
                   *(facts.get(name, defaults[name]) for name in PERSON_FACTS))

    bulkload.rows_insert(Person, columns, rows())


def _name_key_rows(persons):
    """Pinyin search keys (people/pinyin.py, as services.person_write_name_keys writes them),
    computed once per distinct name."""
    cache: dict[str, list[str]] = {}
    for spec in persons:
        keys = cache.get(spec.name)
        if keys is None:
            keys = cache[spec.name] = name_keys(spec.name)
        for key in keys:
            yield (spec.pk, spec.area_code, key)


def _fengxian_setting() -> None:
    exists = RuleParameter.objects.filter(area_id=FENGXIAN, key=FENGXIAN_SETTING["key"]).exists()
    if not exists:
        setting = RuleParameter(area_id=FENGXIAN, effective_from=datetime.date(2020, 1, 1), **FENGXIAN_SETTING)
        setting.full_clean()
        setting.save()


class _Clock:
    def __init__(self):
        self._last = time.perf_counter()
        self.laps: dict[str, float] = {}
        self.last = 0.0

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.last = round(now - self._last, 2)
        self.laps[name] = self.last
        self._last = now
