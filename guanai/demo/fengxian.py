"""凤县's named cases: its 3 scattered orphans (the 2023 reply), 10 de facto orphans whose parents
meet set S in varied ways (民发〔2019〕62号), the near misses beside them, and the fills that bring
the county's other categories to the numbers in figures.py.
"""

from __future__ import annotations

from collections import Counter

from guanai.demo import children, elders
from guanai.demo.children import ParentFate
from guanai.demo.families import FamilyBuilder, Village
from guanai.demo.figures import DISABLED_SHARE, FENGXIAN

CASE_COURT = "(2025)陕0330刑初"
POLICE_UNIT = "凤县公安局双石铺派出所受案回执"


def fates(b: FamilyBuilder) -> dict[str, ParentFate]:
    """The parents' situations the cases below draw on, dated back from the load date."""
    return {
        "dead": ParentFate({"died_on": b.months_ago(30, 80), "death_evidence": "居民死亡医学证明（推断）书"}, "死亡"),
        "imprisoned_3y": ParentFate({"custody_type": "imprisoned", "custody_since": b.months_ago(10, 16),
                                     "custody_term_months": 36, "custody_evidence": f"{CASE_COURT}18号判决书"},
                                    "服刑（有期徒刑三年）"),
        "imprisoned_5y": ParentFate({"custody_type": "imprisoned", "custody_since": b.months_ago(12, 30),
                                     "custody_term_months": 60, "custody_evidence": f"{CASE_COURT}7号判决书"},
                                    "服刑（有期徒刑五年）"),
        "imprisoned_10y": ParentFate({"custody_type": "imprisoned", "custody_since": b.months_ago(20, 40),
                                      "custody_term_months": 120, "custody_evidence": f"{CASE_COURT}3号判决书"},
                                     "服刑（有期徒刑十年）"),
        "drug_rehab": ParentFate({"custody_type": "drug_rehab", "custody_since": b.months_ago(6, 9),
                                  "custody_term_months": 24, "custody_evidence": "凤公(禁)决字〔2026〕12号"},
                                 "强制隔离戒毒（二年）"),
        "out_of_contact": ParentFate({"out_of_contact_since": b.months_ago(9, 30),
                                      "police_receipt_no": f"{POLICE_UNIT}〔2025〕0417号"}, "失联（已报案）"),
        "disabled_1": ParentFate({"disability_type": "physical", "disability_grade": 1, "care_need": "full",
                                  "disability_certificate_no": "61033019*******11"}, "肢体一级残疾"),
        "intellectual_3": ParentFate({"disability_type": "intellectual", "disability_grade": 3,
                                      "disability_certificate_no": "61033019*******53"}, "智力三级残疾"),
        "mental_2": ParentFate({"disability_type": "mental", "disability_grade": 2, "dibao": True,
                                "disability_certificate_no": "61033019*******62"}, "精神二级残疾"),
        "missing": ParentFate({"declared_missing_on": b.months_ago(12, 40),
                               "death_evidence": "凤县人民法院宣告失踪判决书"}, "经法院宣告失踪"),
        "ill": ParentFate({"severe_illness": "尿毒症"}, "重病（尿毒症）"),
        "revoked": ParentFate({"guardianship_revoked_on": b.months_ago(8, 20)}, "被撤销监护资格"),
        # Near misses: a 3-month detention and a grade-3 physical disability are not in set S.
        "detained_3m": ParentFate({"custody_type": "detained", "custody_since": b.months_ago(0, 1),
                                   "custody_term_months": 3, "custody_evidence": "凤公(治)决字〔2026〕31号"},
                                  "行政拘留（三个月，不足六个月）"),
        "physical_3": ParentFate({"disability_type": "physical", "disability_grade": 3}, "肢体三级残疾（非重度）"),
    }


# (ages of the children, father's fate, mother's fate, what the rules should give them)
DE_FACTO_CASES = (
    ((13, 9), "imprisoned_3y", "dead"),
    ((11,), "imprisoned_5y", "out_of_contact"),
    ((15, 12), "dead", "disabled_1"),
    ((8,), "dead", "drug_rehab"),
    ((10,), "intellectual_3", "mental_2"),
    ((14,), "out_of_contact", "dead"),
    ((6,), "ill", "missing"),
    ((16,), "imprisoned_10y", "revoked"),
)
ORPHAN_CASES = (((13, 9), "dead", "dead"), ((15,), "dead", "dead"))
NEAR_MISS_CASES = (
    ((7,), "detained_3m", "dead"),        # detained for 3 months: under the 6-month term
    ((12,), "physical_3", "dead"),        # grade 3 physical disability: not severe
    ((18,), "imprisoned_5y", "out_of_contact"),  # 18 years old: past the age
)


def extras_build(b: FamilyBuilder, villages: list[Village], totals: dict[str, int], *, scale: float) -> None:
    rural = [v for v in villages if v.kind == "village_committee"]
    cases = [(ages, f, m, {"de_facto_orphan"}, "事实无人抚养儿童") for ages, f, m in DE_FACTO_CASES]
    cases += [(ages, f, m, {"orphan"}, "社会散居孤儿") for ages, f, m in ORPHAN_CASES]
    cases += [(ages, f, m, set(), "") for ages, f, m in NEAR_MISS_CASES]
    for village, (ages, father, mother, expected, notes) in zip(b.rng.sample(rural, len(cases)), cases,
                                                                strict=True):
        table = fates(b)
        if table[father].facts.get("dibao") or table[mother].facts.get("dibao"):
            expected = expected | {"child_in_difficulty"}  # family poverty (国发〔2016〕36号)
        children.raised_by_relatives(b, village, ages=list(ages), father_fate=table[father],
                                     mother_fate=table[mother], expected=expected, notes=notes)
    fill_to_targets(b, villages, totals)


def _planned(b: FamilyBuilder) -> Counter:
    counts: Counter = Counter()
    for person in b.registry.persons:
        if person.area_code.startswith(FENGXIAN):
            counts.update(person.expected)
    return counts


def fill_to_targets(b: FamilyBuilder, villages: list[Village], totals: dict[str, int]) -> None:
    """Children in difficulty, elders living alone (their children work in the county town) and
    the oldest old living with a son, until the county's planned counts reach figures.py's."""
    rural = [v for v in villages if v.kind == "village_committee"]
    settled = [v for v in villages if v.kind != "other_unit"]
    missing = totals.get("child_in_difficulty", 0) - _planned(b)["child_in_difficulty"]
    while missing > 0:
        kids = children.poor_family(b, b.rng.choice(settled), disabled_child=b.rng.random() < 0.3,
                                    count=min(missing, b.rng.choice((1, 1, 2))))
        missing -= len(kids)
    for _ in range(max(0, totals.get("living_alone", 0) - _planned(b)["living_alone"])):
        elders.elder_household(b, b.rng.choice(rural), members=1, kind="in_county", disabled_share=DISABLED_SHARE)
    missing = totals.get("oldest_old", 0) - _planned(b)["oldest_old"]
    while missing > 0:
        members = 2 if missing >= 2 and b.rng.random() < 0.3 else 1
        elders.elder_household(b, b.rng.choice(villages), members=members, kind="son_home",
                               disabled_share=DISABLED_SHARE, ages=(80, 100))
        missing -= members
