"""The figures the demo's people must reproduce, and how they spread over counties. FIGURES.md
(next to this module) gives the basis of each number; change a number here, not in the builders.

Seed figures (the two bureau replies in ../shared/seeds/): 红河州 2021 counts of rural left-behind
elderly, urban empty-nest elderly and left-behind children; 凤县 2022: 3 scattered orphans. The other
凤县 numbers are the demo's documented assumptions.
"""

import datetime

HONGHE = "5325"
FENGXIAN = "610330"

# The day 红河州's seed counts describe: the reply to proposal No. 74 is dated 23 September 2021 and
# says "目前" (at present). The facts behind 红河州's people's categories already held then, and nothing
# ends them before the load date, so a count on any day from then on (the 2021 report's year end,
# the reply's own day, today) gives the seed figures (FIGURES.md, "When categories start").
HONGHE_STANDS_ON = datetime.date(2021, 9, 23)

# Category -> count the rules must derive in the area (at scale 1).
SEED_TARGETS: dict[str, dict[str, int]] = {
    HONGHE: {"left_behind_elder": 7924, "empty_nest_elder": 2187, "left_behind_child": 29262},
    FENGXIAN: {"orphan": 3},
}

# 凤县 has no published counts of these; each is an assumption scaled from 红河州's rates or from
# national shares (FIGURES.md), and counted exactly by the rules like the seed figures.
FENGXIAN_ASSUMED: dict[str, int] = {
    "de_facto_orphan": 10,      # CNY 67,321 / (CNY 19,750 / 3 orphans) = 10.2 child-years in 2022
    "left_behind_child": 653,   # 29,262 / 4,478,400 x ~100,000 residents
    "left_behind_elder": 177,   # 7,924 / 4,478,400 x ~100,000
    "empty_nest_elder": 49,     # 2,187 / 4,478,400 x ~100,000, in the 4 社区
    "oldest_old": 2540,         # 2.54% aged 80+ (2020 census, national) x ~100,000
    "living_alone": 600,        # assumption: the 独居 elders the village files follow
    "child_in_difficulty": 120,  # assumption: dibao families' children and disabled children
}

# 红河州 has no published counts of these either: the national orphan rate and 凤县's assumed rate of
# children in difficulty, times 红河州's 4,478,400 residents (FIGURES.md).
HONGHE_ASSUMED: dict[str, int] = {
    "orphan": 549,                # 2021 statistical bulletin: 173,000 orphans / 1,412.6 million x 4,478,400
    "child_in_difficulty": 5374,  # 凤县's 120 per ~100,000 residents x 4,478,400
}

# 红河州's counties: weights for spreading the prefecture's counts (rural population, raised for the
# mountain counties with more out-migration; urban population for empty-nest elders; orphans and
# children in difficulty raised for the former poverty counties 屏边, 元阳, 红河, 金平, 绿春; no two
# counties alike, as no two counties' populations are).
# Approximate, from the 2020 census county totals; FIGURES.md.
HONGHE_COUNTY_WEIGHTS: dict[str, tuple[float, float, float, float, float]] = {
    # code: (left_behind_child, left_behind_elder, empty_nest_elder, orphan, child_in_difficulty)
    "532501": (5.0, 5.2, 16.0, 4.0, 5.0),     # 个旧市
    "532502": (4.4, 4.6, 11.0, 3.5, 4.0),     # 开远市
    "532503": (8.8, 7.8, 15.0, 7.0, 8.0),     # 蒙自市
    "532504": (9.3, 9.4, 13.0, 6.5, 7.5),     # 弥勒市
    "532523": (5.6, 4.1, 2.3, 6.0, 6.5),      # 屏边县
    "532524": (11.0, 11.2, 8.0, 8.0, 9.0),    # 建水县
    "532525": (6.5, 7.0, 5.0, 4.5, 5.5),      # 石屏县
    "532527": (8.2, 8.6, 6.0, 6.3, 7.0),      # 泸西县
    "532528": (11.7, 10.3, 3.4, 13.0, 14.0),  # 元阳县
    "532529": (8.5, 8.1, 2.0, 11.0, 12.0),    # 红河县
    "532530": (10.0, 9.0, 3.0, 14.0, 13.0),   # 金平县
    "532531": (7.2, 6.6, 2.7, 10.0, 11.0),    # 绿春县
    "532532": (2.0, 2.0, 4.0, 1.5, 1.5),      # 河口县
}

# 红河州's longevity allowance in 2020 (seed 001: "惠及8.7万余名老年人"): more than 87,000 and, as 8.7万余
# reads, fewer than 88,000 people paid in the year. The demo plans HONGHE_LONGEVITY_PLANNED (an assumption
# inside that band), scaled like the other counts; oldest_old.py builds them, longevity.py pays them.
HONGHE_LONGEVITY_2020 = (87_000, 88_000)
HONGHE_LONGEVITY_PLANNED = 87_400
# Weights for spreading them over the counties: the 2020 census county population (10,000s, approximate)
# times an ageing factor (older in 建水, 石屏, 个旧; younger in the border and mountain counties).
HONGHE_OLDEST_OLD_WEIGHTS: dict[str, float] = {
    "532501": 46.0 * 1.15,  # 个旧市
    "532502": 32.3 * 1.1,   # 开远市
    "532503": 61.8 * 0.95,  # 蒙自市
    "532504": 56.3 * 1.05,  # 弥勒市
    "532523": 15.5 * 0.8,   # 屏边县
    "532524": 53.5 * 1.2,   # 建水县
    "532525": 30.1 * 1.25,  # 石屏县
    "532527": 40.7 * 1.0,   # 泸西县
    "532528": 40.3 * 0.8,   # 元阳县
    "532529": 31.0 * 0.8,   # 红河县
    "532530": 35.9 * 0.7,   # 金平县
    "532531": 23.5 * 0.7,   # 绿春县
    "532532": 10.8 * 0.7,   # 河口县
}

# The share of left-behind families whose carers are grandparents aged 60+ with every child away
# (they are left-behind elders themselves); the rest of the left-behind elders live without children.
CARER_IS_LEFT_BEHIND_ELDER = 0.22
# Elders needing care (失能/半失能) among the elderly the demo builds; 80+ twice as often.
DISABLED_SHARE = 0.10


def targets_for(area: str) -> dict[str, int]:
    """Every count the demo plans in an area at scale 1 (seed figures first, then assumptions)."""
    if area == HONGHE:
        return {**HONGHE_ASSUMED, **SEED_TARGETS[HONGHE]}
    return {**FENGXIAN_ASSUMED, **SEED_TARGETS[FENGXIAN]}
