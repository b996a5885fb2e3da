"""红河州's oldest old of 2020: the people behind the longevity allowance's 87,000+ recipients.

Seed 001 (红河州民政局's reply to proposal No. 74, 2021): "2020年我州…按80-99周岁不低于每人每月50元，100周岁
以上不低于每人每月300元的标准发放老龄津贴，惠及8.7万余名老年人". The demo plans figures.HONGHE_LONGEVITY_PLANNED
people paid in 2020 (scaled with --scale), spread over the 13 counties by figures.HONGHE_OLDEST_OLD_WEIGHTS
and over each county's villages with a random weight; the people the rest of the demo already built
who were paid in 2020 (80 or older by then) count towards their county's share.

Who they are (FIGURES.md, "红河州 2020 longevity allowance"):
- Ages at the end of 2020 shaped like the 2020 census's population aged 80+ (AGE_SHARES): mostly
  80-89, fewer 90-99, about 0.3% aged 100+ (the 300-yuan band). Everyone built reached 80 by
  31 August 2020, so their enrollment (approved at most 70 days after the 80th birthday) is paid from
  December 2020 at the latest.
- Each lives with a son or daughter (the household's head, living with the parents) in a household of
  the village: a widowed elder, or (a quarter of households) a couple both 80 or older. Living with
  their children, they are neither left-behind, empty-nest nor living alone, so the seed figures
  `guanai demo_check` checks do not move; some need care (elders.care_facts) and some are on dibao,
  as among the other elders built.
- Deaths since 2020: each elder's age at death is drawn from a Gompertz mortality (MU_80, GROWTH: about
  5% a year at 80, 14% at 90, 37% at 100) from the later of 1 January 2020 and the first paid month,
  so nobody dies before being paid once; a death before the load date is recorded (died_on, with
  the medical death certificate). The survivors are 85 or older today and hold 高龄老人 by the rules;
  the dead hold nothing today, and `dead_spells_write` gives them the closed 高龄老人 spell they held
  until their death.

The enrollment dates are a pure function of the birth date (`approved_on`), so the plan counts who
is paid in 2020 (`paid_in`) exactly as the benefits load (longevity.py) will enroll them.
"""

from __future__ import annotations

import datetime
import json
import math
import random
from collections.abc import Callable, Iterable

from django.utils import translation

from guanai.benefits.months import next_month
from guanai.demo import bulkload, elders
from guanai.demo.families import FamilyBuilder, PersonSpec, Village, village_hukou
from guanai.demo.figures import DISABLED_SHARE, HONGHE_LONGEVITY_PLANNED
from guanai.demo.spellstarts import REGISTER_FROM
from guanai.people.facts import PersonFacts, age_on
from guanai.people.models import CategorySpell, SpellSource
from guanai.people.rules import oldest_old, why_not
from guanai.people.selectors import RuleParamsCache

D = datetime.date
YEAR = 2020
MIN_AGE = 80
# Everyone built reached 80 by this day: approved within 70 days, so paid from December 2020 at the latest.
BORN_BY = D(YEAR - MIN_AGE, 8, 31)
# Enrollments of elders who reached 80 before the registers began (spellstarts.REGISTER_FROM) were
# entered on the register in its first months.
REGISTER_ENTRY_DAYS = 275
# Days from the 80th birthday to the county's approval (application, township review, approval).
APPROVAL_DAYS = (20, 71)

# Ages at the end of 2020 by five-year group, in % (approximately the 2020 census's population aged
# 80+: 119,000 aged 100+ of 35.8 million is 0.33%); within a group each year has 0.9 of the year before.
AGE_SHARES = ((80, 52.0), (85, 31.0), (90, 12.6), (95, 4.1), (100, 0.3))
YEAR_FACTOR = 0.9
# Gompertz hazard a year: MU_80 at 80, growing by exp(GROWTH) a year of age (q = 5% at 80, 14% at 90,
# 37% at 100: shaped like China's 2020 life table for the oldest ages, Yunnan's rural mortality).
MU_80 = -math.log(1 - 0.05)
GROWTH = 0.11
# A quarter of households are couples both paid; the widowed are women more often than men.
COUPLE_SHARE = 0.25
WIDOWED_WOMEN = 0.64
PHONE_SHARE = 0.45  # most of the oldest old are reached through the child they live with
DIBAO_SHARE = 0.12  # as among the other elders (elders.elder)
DEATH_EVIDENCE = "居民死亡医学证明（推断）书"


def turned(birth: datetime.date, age: int) -> datetime.date:
    """The birthday on which `age` is reached (29 February: 1 March in common years, RULES.md Ages)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return D(birth.year + age, 3, 1)


def approved_on(birth: datetime.date) -> datetime.date:
    """The day the county approved the person's longevity allowance: 20-70 days after the 80th
    birthday, or in the register's first months for those who were 80 before it began. Drawn from the
    birth date alone, so the plan and the benefits load agree without sharing state."""
    rng = random.Random(f"guanai-longevity-{birth.isoformat()}")
    eighty = turned(birth, MIN_AGE)
    if eighty < REGISTER_FROM:
        return REGISTER_FROM + datetime.timedelta(days=rng.randrange(REGISTER_ENTRY_DAYS))
    return eighty + datetime.timedelta(days=rng.randrange(*APPROVAL_DAYS))


def starts_on(birth: datetime.date) -> datetime.date:
    """The first paid month: the month after approval (RULES.md Money)."""
    return next_month(approved_on(birth))


def paid_in(year: int, birth: datetime.date | None, died_on: datetime.date | None) -> bool:
    """Paid at least one month of `year`: enrolled by December and alive on the first of a paid month
    of the year (a death stops payment from the month after it)."""
    if birth is None:
        return False
    first = starts_on(birth)
    if first > D(year, 12, 1):
        return False
    return died_on is None or died_on >= max(first, D(year, 1, 1))


def planned_recipients(scale: float) -> int:
    return round(HONGHE_LONGEVITY_PLANNED * scale)


def _age_weights() -> tuple[list[int], list[float]]:
    ages, weights = [], []
    for low, share in AGE_SHARES:
        years = [YEAR_FACTOR ** i for i in range(5)]
        for i, weight in enumerate(years):
            ages.append(low + i)
            weights.append(share * weight / sum(years))
    return ages, weights


AGES, AGE_WEIGHTS = _age_weights()


def birth_in_2020_band(rng: random.Random, age_at_year_end: int) -> datetime.date:
    """A birth date giving `age_at_year_end` on 31 December 2020, no later than BORN_BY."""
    year = YEAR - age_at_year_end
    last = min(D(year, 12, 31), BORN_BY)
    first = D(year, 1, 1)
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def death_day(rng: random.Random, birth: datetime.date, on: datetime.date) -> datetime.date | None:
    """The day of death under the Gompertz hazard, counted from the first paid month of 2020 (or 1
    January 2020); None when the person outlives the load date."""
    start = max(D(YEAR, 1, 1), starts_on(birth))
    x0 = (start - birth).days / 365.25
    draw = -math.log(1.0 - rng.random())
    x = MIN_AGE + math.log(math.exp(GROWTH * (x0 - MIN_AGE)) + GROWTH * draw / MU_80) / GROWTH
    day = birth + datetime.timedelta(days=int(x * 365.25))
    return max(day, start) if day < on else None


def paid_count(persons: Iterable[PersonSpec]) -> int:
    """How many of the planned people are paid in 2020 (the plan's side of `guanai demo_check`)."""
    return sum(1 for p in persons if paid_in(YEAR, p.birth_date, p.facts.get("died_on")))


def household_build(b: FamilyBuilder, v: Village, *, members: int) -> list[PersonSpec]:
    """A son or daughter's household with one or two parents paid in 2020 living with them."""
    rng = b.rng
    first_age = rng.choices(AGES, AGE_WEIGHTS)[0]
    ages = [first_age]
    if members == 2:
        ages.append(max(MIN_AGE, min(AGES[-1], first_age + rng.randrange(-6, 3))))
    oldest_today = max(ages) + (b.on.year - YEAR)
    household = b.household(v, village_hukou(v))
    father_surname = b.names.surname()
    child_sex = rng.choice(("male", "male", "female"))
    child = b.person(v, household, age=min(75, max(45, oldest_today - rng.randrange(22, 36))), sex=child_sex,
                     surname=father_surname if child_sex == "male" else None, phone_share=0.95,
                     living_arrangement="with_parents")
    child.expected = set()
    sexes = ("male", "female") if members == 2 else ("female" if rng.random() < WIDOWED_WOMEN else "male",)
    found = []
    for age, sex in zip(ages, sexes, strict=True):
        birth = birth_in_2020_band(rng, age)
        died = death_day(rng, birth, b.on)
        facts = {"living_arrangement": "with_children", **elders.care_facts(b, MIN_AGE, disabled_share=DISABLED_SHARE)}
        if rng.random() < DIBAO_SHARE:
            facts["dibao"] = True
        if died:
            facts.update(died_on=died, death_evidence=DEATH_EVIDENCE)
        person = b.person(v, household, age=age, sex=sex, surname=father_surname if sex == "male" else None,
                          phone_share=PHONE_SHARE, birth=birth, **facts)
        person.expected = set() if died else elders.elder_expected(person, age_on(birth, b.on))
        b.relate(person, child, "supporter")
        found.append(person)
    return found


# --- after the people are written ----------------------------------------------------------------

def dead_oldest_old(persons: Iterable[PersonSpec], *, on: datetime.date
                    ) -> list[tuple[int, str, datetime.date, datetime.date]]:
    """(id, area code, birth date, died on) of the people who died 80 or older before the load date."""
    found = []
    for p in persons:
        died = p.facts.get("died_on")
        if died and died < on and turned(p.birth_date, MIN_AGE) <= died:
            found.append((p.pk, p.area_code, p.birth_date, died))
    return found


def dead_spells_write(*, people: Iterable[tuple[int, str, datetime.date, datetime.date]], on: datetime.date,
                      on_file: Callable[[int], datetime.date]) -> int:
    """The closed 高龄老人 spell of each elder who died before the load date: from the later of the 80th
    birthday and the day they came on file (`on_file(person id)`, as the living elders' spells are
    dated back), to the death, with the rule's reasons for both days. `people`: (id, area code,
    birth date, died on). The load's categories_recompute derives nothing for the dead, so this is
    the only history they would otherwise lack."""
    cache = RuleParamsCache(on)
    rows = []
    with translation.override("zh-hans"):
        for pk, area, birth, died in people:
            start = max(turned(birth, MIN_AGE), on_file(pk))
            if start >= died:
                continue  # died before coming on file (or that day): no category history here
            facts = PersonFacts(id=pk, area_code=area, birth_date=birth, died_on=died)
            params = cache.for_area(area)
            reason = oldest_old(facts, params, start)
            end = why_not("oldest_old", facts, params, died)
            rows.append((pk, area, "oldest_old", start, died, reason.render()[:300], _json(reason.to_json()),
                         end.render()[:300], _json(end.to_json()), SpellSource.RULE))
    # A spell lies in its person's area (people.models.CategorySpell.area, issue 16).
    columns = ("person", "area", "category", "started_on", "ended_on", "reason", "reason_message", "end_reason",
               "end_reason_message", "source")
    first = bulkload.next_id(CategorySpell)
    written = bulkload.rows_insert(CategorySpell, ("id", *columns), ((first + i, *row) for i, row in enumerate(rows)))
    bulkload.sequences_reset(CategorySpell)
    return written


def _json(value) -> str:
    """A JSON column's value as text (bulkload sends it as is; both databases take text for JSON)."""
    return json.dumps(value, ensure_ascii=False)
