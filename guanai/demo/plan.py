"""The demo plan: which families live in which village, so that the rules derive the figures in
figures.py, with people in every village (村/社区) of 凤县 and 红河州.

Counts are spread county by county, then village by village, with the largest-remainder method so
totals are exact at any scale. Each county draws from its own seeded random source, so the same
load date and scale always give the same people.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from guanai.areas.models import Area, Kind, Level
from guanai.demo import children, elders, fengxian, oldest_old
from guanai.demo.families import FamilyBuilder, Registry, Village
from guanai.demo.figures import (
    CARER_IS_LEFT_BEHIND_ELDER,
    DISABLED_SHARE,
    FENGXIAN,
    HONGHE,
    HONGHE_COUNTY_WEIGHTS,
    HONGHE_OLDEST_OLD_WEIGHTS,
    HONGHE_STANDS_ON,
    targets_for,
)

QUOTA_KEYS = ("left_behind_child", "left_behind_elder", "empty_nest_elder")
# 红河州 also spreads these over its villages (凤县 builds its own as named cases, fengxian.py).
HONGHE_QUOTA_KEYS = (*QUOTA_KEYS, "orphan", "child_in_difficulty")
# Named cases, built whole at any scale (凤县's 3 orphans and its de facto orphans).
UNSCALED = frozenset({"orphan", "de_facto_orphan"})


@dataclass
class DemoPlan:
    on: datetime.date
    scale: float
    registry: Registry = field(default_factory=Registry)
    targets: dict[str, dict[str, int]] = field(default_factory=dict)  # area -> category -> count
    # 红河州's people paid the longevity allowance in 2020 (oldest_old.py): how many the plan holds.
    longevity_recipients: int = 0

    def expected_counts(self, area: str) -> Counter:
        """Per category, how many people in the area the scenarios built to hold it."""
        counts: Counter = Counter()
        for person in self.registry.persons:
            if person.area_code.startswith(area):
                counts.update(person.expected)
        return counts


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` over the keys in proportion to the weights; the parts add up to `total`."""
    weight_sum = sum(weights.values())
    if not weights or weight_sum <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    remainders = sorted(weights, key=lambda key: (exact[key] - parts[key], key), reverse=True)
    for key in remainders[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def villages_of(county_code: str) -> list[Village]:
    townships = dict(Area.objects.filter(level=Level.TOWNSHIP, code__startswith=county_code)
                     .values_list("code", "short_name"))
    return [Village(code, short, townships.get(parent, ""), county_code, kind)
            for code, short, parent, kind in Area.objects.filter(
                level=Level.VILLAGE, code__startswith=county_code, ended_on__isnull=True)
            .order_by("code").values_list("code", "short_name", "parent_id", "kind")]


def village_quotas(rng: random.Random, villages: list[Village], totals: dict[str, int],
                   keys: tuple[str, ...] = QUOTA_KEYS) -> dict[str, Counter]:
    """Left-behind children and elders and orphans go to 村民委员会, empty-nest elders to 社区居委会,
    children in difficulty to both."""
    rural = {v.code: rng.uniform(0.5, 1.5) for v in villages if v.kind == Kind.VILLAGE_COMMITTEE}
    urban = {v.code: rng.uniform(0.5, 1.5) for v in villages if v.kind == Kind.RESIDENTS_COMMITTEE}
    quotas: dict[str, Counter] = {v.code: Counter() for v in villages}
    pools = {"empty_nest_elder": urban, "child_in_difficulty": {**rural, **urban}}
    for key in keys:
        pool = pools.get(key, rural)
        for code, count in apportion(totals.get(key, 0), pool).items():
            quotas[code][key] = count
    return quotas


def scaled_targets(area: str, scale: float) -> dict[str, int]:
    return {key: value if key in UNSCALED and area == FENGXIAN else round(value * scale)
            for key, value in targets_for(area).items()}


def county_totals(area: str, scale: float) -> dict[str, dict[str, int]]:
    targets = scaled_targets(area, scale)
    if area == FENGXIAN:
        return {FENGXIAN: targets}
    per_county: dict[str, dict[str, int]] = {code: {} for code in HONGHE_COUNTY_WEIGHTS}
    for index, key in enumerate(HONGHE_QUOTA_KEYS):
        weights = {code: w[index] for code, w in HONGHE_COUNTY_WEIGHTS.items()}
        for code, count in apportion(targets.get(key, 0), weights).items():
            per_county[code][key] = count
    return per_county


def plan_build(*, areas: tuple[str, ...] = (FENGXIAN, HONGHE), scale: float = 1.0,
               on: datetime.date) -> DemoPlan:
    plan = DemoPlan(on=on, scale=scale)
    longevity = apportion(oldest_old.planned_recipients(scale), HONGHE_OLDEST_OLD_WEIGHTS)
    for area in areas:
        plan.targets[area] = scaled_targets(area, scale)
        for county_code, totals in county_totals(area, scale).items():
            since = len(plan.registry.persons)
            rng = random.Random(f"guanai-demo-{county_code}-{scale}")
            builder = FamilyBuilder(rng=rng, on=on, registry=plan.registry,
                                    region="honghe" if area == HONGHE else "national",
                                    held_by=HONGHE_STANDS_ON if area == HONGHE and on > HONGHE_STANDS_ON else None)
            villages = villages_of(county_code)
            quotas = village_quotas(rng, villages, totals, HONGHE_QUOTA_KEYS if area == HONGHE else QUOTA_KEYS)
            for village in villages:
                village_build(builder, village, quotas[village.code], in_county_is_away=area == HONGHE)
            if area == FENGXIAN:
                fengxian.extras_build(builder, villages, totals, scale=scale)
            else:
                plan.longevity_recipients += oldest_old_build(builder, villages, quota=longevity[county_code],
                                                              since=since)
    return plan


def oldest_old_build(b: FamilyBuilder, villages: list[Village], *, quota: int, since: int) -> int:
    """红河州's people paid the longevity allowance in 2020 (oldest_old.py): the county's people built so
    far (registry persons from `since`) who were paid count first, then households of the oldest old
    are spread over all its villages with a random weight. Returns the county's people paid in 2020."""
    already = oldest_old.paid_count(b.registry.persons[since:])
    missing = quota - already
    if missing <= 0 or not villages:
        return already
    by_code = {v.code: v for v in villages}
    for code, count in apportion(missing, {v.code: b.rng.uniform(0.5, 1.5) for v in villages}).items():
        while count > 0:
            members = 2 if count >= 2 and b.rng.random() < oldest_old.COUPLE_SHARE else 1
            oldest_old.household_build(b, by_code[code], members=members)
            count -= members
    return quota


def village_build(b: FamilyBuilder, v: Village, quota: Counter, *, in_county_is_away: bool) -> None:
    """The quota's families, then the near misses every village has."""
    if v.kind == Kind.VILLAGE_COMMITTEE:
        rural_village_build(b, v, quota, in_county_is_away=in_county_is_away)
    elif v.kind == Kind.RESIDENTS_COMMITTEE:
        remaining = quota["empty_nest_elder"]
        while remaining > 0:
            members = 2 if remaining >= 2 and b.rng.random() < 0.45 else 1
            elders.elder_household(b, v, members=members, kind="empty_nest", disabled_share=DISABLED_SHARE)
            remaining -= members
        elders.elder_household(b, v, members=b.rng.choice((1, 2)), kind="son_home", disabled_share=DISABLED_SHARE)
        children.ordinary_family(b, v)
        children_in_difficulty_build(b, v, quota["child_in_difficulty"])
    else:  # forestry and farm living areas: workers' families, elders living with a son
        elders.elder_household(b, v, members=2, kind="son_home", disabled_share=DISABLED_SHARE)
        children.ordinary_family(b, v)


def children_in_difficulty_build(b: FamilyBuilder, v: Village, count: int) -> None:
    """Dibao families' children and (3 in 10) children with a disability certificate."""
    while count > 0:
        kids = children.poor_family(b, v, disabled_child=b.rng.random() < 0.3,
                                    count=min(count, b.rng.choice((1, 1, 2))))
        count -= len(kids)


def orphans_build(b: FamilyBuilder, v: Village, count: int) -> None:
    """Scattered orphans (散居孤儿): both parents dead, one to three siblings living with an uncle's family
    who are their guardians."""
    while count > 0:
        ages = children.child_ages(b, min(count, b.rng.choice((1, 1, 1, 2, 2, 3))), max_age=16,
                                   min_age=b.age_floor(0))
        dead = [children.ParentFate({"died_on": b.months_ago(10, 110), "death_evidence": "居民死亡医学证明（推断）书"},
                                    "死亡") for _ in range(2)]
        children.raised_by_relatives(b, v, ages=ages, father_fate=dead[0], mother_fate=dead[1], expected={"orphan"},
                                     notes="社会散居孤儿")
        count -= len(ages)


def rural_village_build(b: FamilyBuilder, v: Village, quota: Counter, *, in_county_is_away: bool) -> None:
    orphans_build(b, v, quota["orphan"])
    children_in_difficulty_build(b, v, quota["child_in_difficulty"])
    children_left, elders_left = quota["left_behind_child"], quota["left_behind_elder"]
    while children_left > 0:
        count = min(children_left, b.rng.choice((1, 1, 1, 2, 2, 3)))
        carer_kind = b.rng.choices(("young", "son_home", "relative"), weights=(55, 25, 20))[0]
        couple = b.rng.random() < 0.4
        if elders_left > 0 and b.rng.random() < CARER_IS_LEFT_BEHIND_ELDER:
            carer_kind, couple = "left_behind", couple and elders_left >= 2
        variant = "mother_incapable" if b.rng.random() < 0.06 else "both_away"
        kids = children.left_behind_family(
            b, v, children=count, carer_builder=elders.grandparent_carers(carer_kind, couple=couple), variant=variant,
            living="with_relatives" if carer_kind == "relative" else "with_grandparents")
        children_left -= sum("left_behind_child" in kid.expected for kid in kids)
        if carer_kind == "left_behind":
            elders_left -= 2 if couple else 1
    while elders_left > 0:
        members = 2 if elders_left >= 2 and b.rng.random() < 0.45 else 1
        elders.elder_household(b, v, members=members, kind="left_behind", disabled_share=DISABLED_SHARE)
        elders_left -= members
    # Near misses: none of these may be counted by the rules.
    children.ordinary_family(b, v)
    if b.rng.random() < 0.35:
        children.single_parent_away_family(b, v)
    if b.rng.random() < 0.5:
        elders.elder_household(b, v, members=b.rng.choice((1, 2)), kind="son_home", disabled_share=DISABLED_SHARE)
    if b.rng.random() < 0.3:
        elders.elder_household(b, v, members=2, kind="in_county", disabled_share=DISABLED_SHARE)
    if not in_county_is_away and b.rng.random() < 0.3:
        children.in_county_family(b, v)
