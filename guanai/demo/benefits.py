"""Loading the demo's benefits: 凤县's standards, a price-index table, the 2022 enrollments of its 3
scattered orphans and 10 de facto orphans (the people demo derives them by the rules), and the monthly
rosters from January 2022 up to the current month, built by the real roster job; every month before
the current one is locked (the current one waits for the county to check and lock it), so 发放统计
has figures for this year too. The price subsidy gets a roster only in a month it is paid (no roster
of 0.00 is ever locked).

The seed (凤民政函〔2023〕27号) says 凤县 paid in 2022: orphans CNY 19,750 living allowance, their
guardians CNY 8,100, orphans CNY 180 price subsidy; de facto orphans CNY 67,321 and CNY 180. Those
totals come out of the payment lines; FIGURES.md (凤县 2022 benefits) shows the derivation.

Enrollments are written directly with their three steps dated in 2021-2022 (the people demo's
category spells start on the load date, so the services' eligibility check on a 2022 date would not
see them); the rosters and their locks go through the same code as the pages. The roster build reads
the category held in each month, so the children's spells are dated back to CATEGORY_HELD_FROM (the
county recognised them before their first approval), and the dibao the de facto orphan receives
through its mother's household is an Assistance row with its amount (the build computes the 补差).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.benefits.models import (
    Assistance,
    AssistanceKind,
    Enrollment,
    EnrollmentStatus,
    OtherBenefit,
    PriceIndex,
    Programme,
    Standard,
    Variant,
)
from guanai.benefits.months import add_months, next_month
from guanai.benefits.roster_build import roster_build
from guanai.benefits.services import bank_account_mask, roster_lock, roster_prepare
from guanai.demo.figures import FENGXIAN, HONGHE
from guanai.people import idcipher
from guanai.people.models import CategorySpell, Person, Relationship

DEMO_BENEFITS_LOADED = "demo_benefits_loaded"
SHAANXI = "61"
D = datetime.date
YEAR = 2022
MONTHLY_PROGRAMMES = ("orphan_allowance", "guardian_care_subsidy", "de_facto_orphan_allowance")
# The price subsidy is paid only in a month after an index month that reaches a threshold: with the
# table below, only September 2022 does, so October 2022 is its one roster.
PRICE_SUBSIDY_MONTHS = (D(2022, 10, 1),)

# (programme, area, variant, min_age, max_age, yuan a month, from, to, source)
STANDARDS = (
    ("orphan_allowance", FENGXIAN, Variant.SCATTERED, None, None, 700, D(2021, 1, 1), D(2022, 6, 30),
     "演示标准：散居孤儿基本生活费（2022年6月前）"),
    ("orphan_allowance", FENGXIAN, Variant.SCATTERED, None, None, 750, D(2022, 7, 1), None,
     "演示标准：散居孤儿基本生活费（2022年7月起提标）"),
    ("orphan_allowance", FENGXIAN, Variant.INSTITUTIONAL, None, None, 1_100, D(2021, 1, 1), None,
     "演示标准：集中供养孤儿基本生活费"),
    ("de_facto_orphan_allowance", FENGXIAN, Variant.SCATTERED, None, None, 700, D(2021, 1, 1), D(2022, 6, 30),
     "民发〔2019〕62号：参照散居孤儿标准"),
    ("de_facto_orphan_allowance", FENGXIAN, Variant.SCATTERED, None, None, 750, D(2022, 7, 1), None,
     "民发〔2019〕62号：参照散居孤儿标准"),
    ("de_facto_orphan_allowance", FENGXIAN, Variant.INSTITUTIONAL, None, None, 1_100, D(2021, 1, 1), None,
     "民发〔2019〕62号：参照集中供养孤儿标准"),
    ("guardian_care_subsidy", FENGXIAN, Variant.NONE, None, None, 300, D(2021, 1, 1), None,
     "演示标准：散居孤儿监护人劳务补助"),
    ("price_subsidy", FENGXIAN, Variant.URBAN, None, None, 682, D(2022, 1, 1), None, "演示：凤县城市低保标准"),
    ("price_subsidy", FENGXIAN, Variant.RURAL, None, None, 455, D(2022, 1, 1), None, "演示：凤县农村低保标准"),
    ("price_subsidy", FENGXIAN, Variant.MINIMUM, None, None, 10, D(2022, 1, 1), None, "演示：最低发放10元"),
    ("longevity_allowance", FENGXIAN, Variant.AGE_BAND, 80, 89, 30, D(2020, 1, 1), None, "RULES.md：另一县的标准"),
    ("longevity_allowance", FENGXIAN, Variant.AGE_BAND, 90, 99, 60, D(2020, 1, 1), None, "RULES.md：另一县的标准"),
    ("longevity_allowance", FENGXIAN, Variant.AGE_BAND, 100, None, 300, D(2020, 1, 1), None, "RULES.md"),
    ("longevity_allowance", HONGHE, Variant.AGE_BAND, 80, 99, 50, D(2020, 1, 1), None, "红河州2020：80-99周岁每月50元"),
    ("longevity_allowance", HONGHE, Variant.AGE_BAND, 100, None, 300, D(2020, 1, 1), None,
     "红河州2020：100周岁以上每月300元"),
    ("disability_subsidies", FENGXIAN, Variant.LIVING, None, None, 80, D(2022, 1, 1), None, "演示标准"),
    ("disability_subsidies", FENGXIAN, Variant.CARE, None, None, 100, D(2022, 1, 1), None, "演示标准"),
)

# 陕西省, index months Dec 2021 - Dec 2022: (CPI, food CPI) year on year, in %. A demo table shaped
# like 2022 (a food-price peak in September), NOT official statistics: only September reaches a
# threshold (food CPI 8.8% >= 6.0%), so the price subsidy is paid once in 2022, in October's roster.
PRICE_INDEX = {
    D(2021, 12, 1): ("1.4", "-1.0"), D(2022, 1, 1): ("1.0", "-2.9"), D(2022, 2, 1): ("0.9", "-3.4"),
    D(2022, 3, 1): ("1.6", "-1.3"), D(2022, 4, 1): ("2.2", "1.6"), D(2022, 5, 1): ("2.1", "2.2"),
    D(2022, 6, 1): ("2.6", "3.1"), D(2022, 7, 1): ("2.8", "5.6"), D(2022, 8, 1): ("2.4", "5.8"),
    D(2022, 9, 1): ("2.9", "8.8"), D(2022, 10, 1): ("2.2", "5.9"), D(2022, 11, 1): ("1.7", "3.7"),
    D(2022, 12, 1): ("1.9", "4.6"),
}

# 2022 schedules: the approval date (paid from the next month). FIGURES.md derives the totals.
ORPHAN_SIBLINGS_APPROVED = D(2022, 1, 18)   # paid Feb-Dec 2022 (11 months each)
ORPHAN_SINGLE_APPROVED = D(2022, 7, 12)     # paid Aug-Dec 2022 (5 months)
DE_FACTO_APPROVED = (D(2021, 12, 20),) * 6 + (D(2022, 2, 21), D(2022, 10, 17), D(2022, 10, 17))
DE_FACTO_DIBAO_APPROVED = D(2022, 1, 18)    # paid Feb-Dec 2022, the difference (补差)
DE_FACTO_DIBAO_SHARE_YUAN = 289             # the child's monthly dibao in its mother's dibao household
PRICE_APPROVED_EARLY = D(2022, 8, 25)       # orphans and three de facto orphans: paid in October
PRICE_APPROVED_LATE = D(2022, 11, 21)       # the other de facto orphans: from December (no trigger)
CATEGORY_HELD_FROM = D(2021, 12, 1)         # before the first approval (20 December 2021)


@dataclass
class BenefitsDemoResult:
    skipped: bool
    enrollments: int = 0
    rosters: int = 0
    lines: int = 0


def demo_benefits_load(*, through: datetime.date | None = None,
                       say: Callable[[str], None] = lambda text: None) -> BenefitsDemoResult:
    """`through`: the last month with a roster (default: today's month, left unlocked)."""
    if Event.objects.filter(verb=DEMO_BENEFITS_LOADED, object_type="demo").exists():
        say("演示补贴数据已存在，跳过 / demo benefits already loaded, skipped")
        return BenefitsDemoResult(skipped=True)
    county = User.objects.filter(username="fengxian").first()
    if county is None:
        say("没有凤县民政局演示账号，跳过补贴演示 / no county demo login, benefits demo skipped")
        return BenefitsDemoResult(skipped=True)
    with transaction.atomic():
        standards_ensure()
        enrollments = _enrollments_write(county)
    last = (through or timezone.localdate()).replace(day=1)
    say(f"  已写入 {enrollments} 条享受资格 / enrollments written; 正在生成 {YEAR}-01 至 {last:%Y-%m} 的花名册 / "
        "building rosters ...")
    rosters = lines = 0
    month = D(YEAR, 1, 1)
    while month <= last:
        codes = MONTHLY_PROGRAMMES + (("price_subsidy",) if month in PRICE_SUBSIDY_MONTHS else ())
        for code in (c for c in codes if _anyone_entitled(c, month)):
            roster = roster_prepare(programme_code=code, area_code=FENGXIAN, month=month, actor=county)
            roster = roster_build(roster_id=roster.pk, actor=county)
            if month < last and roster.total_fen > 0:
                roster_lock(actor=county, scope=scope_for(county), roster=roster, at=_stamp(month.replace(day=20), 10))
            rosters, lines = rosters + 1, lines + roster.line_count
        month = next_month(month)
    event_record(actor=None, verb=DEMO_BENEFITS_LOADED, object_type="demo",
                 data={"enrollments": enrollments, "rosters": rosters, "lines": lines})
    say(f"  已锁定 {rosters} 份花名册，{lines} 条发放明细 / rosters locked, payment lines")
    return BenefitsDemoResult(skipped=False, enrollments=enrollments, rosters=rosters, lines=lines)


def _anyone_entitled(code: str, month: datetime.date) -> bool:
    """A county builds a programme's roster only for a month somebody is entitled in (no empty rosters)."""
    return Enrollment.objects.filter(programme_id=code, area__pk__startswith=FENGXIAN, approved_at__isnull=False,
                                     starts_on__lte=month).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=month)).exists()


def standards_ensure() -> None:
    """The demo standards and price indices (idempotent: each row only when missing)."""
    programmes = {p.code: p for p in Programme.objects.all()}
    for code, area, variant, min_age, max_age, yuan, start, end, source in STANDARDS:
        Standard.objects.get_or_create(
            programme=programmes[code], area_id=area, variant=variant, min_age=min_age, max_age=max_age,
            effective_from=start, defaults={"amount_fen": yuan * 100, "effective_to": end, "source": source})
    for month, (cpi, food) in PRICE_INDEX.items():
        PriceIndex.objects.get_or_create(area_id=SHAANXI, month=month, defaults={
            "cpi_yoy": Decimal(cpi), "food_cpi_yoy": Decimal(food),
            "published_on": add_months(month, 1).replace(day=10),
            "source": "演示数据（非官方统计）"})


def _children(category: str) -> list[Person]:
    ids = CategorySpell.objects.filter(category=category, ended_on__isnull=True,
                                       person__area__pk__startswith=FENGXIAN).values("person_id")
    return sorted(Person.objects.filter(pk__in=ids), key=lambda p: (p.birth_date, p.name, p.pk))


def _guardians(people: list[Person]) -> dict[int, Person]:
    found = {}
    for rel in Relationship.objects.filter(person__in=people, kind="guardian").select_related("relative").order_by(
            "pk"):
        found.setdefault(rel.person_id, rel.relative)
    return found


def _on_dibao_through_a_parent(people: list[Person]) -> set[int]:
    return set(Relationship.objects.filter(person__in=people, kind="parent", relative__dibao=True)
               .values_list("person_id", flat=True))


def _stamp(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _enrollment(person: Person, code: str, approved: datetime.date, county: User, guardian: Person | None,
                n: int, **extra) -> Enrollment:
    """An approved enrollment whose village applied 3 weeks and the township reviewed 1 week before."""
    account = f"62170{person.area_id[-6:]}{n:08d}"
    payee = guardian.name if guardian else person.name
    return Enrollment(
        person=person, programme_id=code, area_id=person.area_id, status=EnrollmentStatus.APPROVED,
        variant=extra.pop("variant", Variant.SCATTERED), eligibility=extra.pop("eligibility"),
        payee_name=payee, payee_relation="监护人" if guardian else "本人", bank_name="陕西凤县农村商业银行",
        bank_account_cipher=idcipher.encrypt(account), bank_account_masked=bank_account_mask(account),
        applied_by=county, applied_at=_stamp(approved - datetime.timedelta(days=21), 9),
        reviewed_by=county, reviewed_at=_stamp(approved - datetime.timedelta(days=7), 15),
        approved_by=county, approved_at=_stamp(approved, 10),
        starts_on=next_month(approved), **extra)


def _enrollments_write(county: User) -> int:
    orphans, de_facto = _children("orphan"), _children("de_facto_orphan")
    CategorySpell.objects.filter(person__in=orphans + de_facto, category__in=("orphan", "de_facto_orphan"),
                                 started_on__gt=CATEGORY_HELD_FROM).update(started_on=CATEGORY_HELD_FROM)
    guardians = _guardians(orphans + de_facto)
    on_dibao = _on_dibao_through_a_parent(de_facto)
    rows, n = [], 0
    # The two siblings share a household; the single orphan is the other one.
    households = [o.household_id for o in orphans]
    siblings = [o for o in orphans if households.count(o.household_id) > 1]
    for orphan in orphans:
        approved = ORPHAN_SIBLINGS_APPROVED if orphan in siblings else ORPHAN_SINGLE_APPROVED
        guardian = guardians.get(orphan.pk)
        for code, variant, when in (("orphan_allowance", Variant.SCATTERED, approved),
                                    ("guardian_care_subsidy", Variant.NONE, approved),
                                    ("price_subsidy", Variant.URBAN, PRICE_APPROVED_EARLY)):
            n += 1
            rows.append(_enrollment(orphan, code, when, county, guardian, n, variant=variant,
                                    eligibility="孤儿（散居，父母双亡）"))
    plain = [c for c in de_facto if c.pk not in on_dibao]
    for child, approved in zip(plain, DE_FACTO_APPROVED, strict=False):
        n += 1
        rows.append(_enrollment(child, "de_facto_orphan_allowance", approved, county, guardians.get(child.pk), n,
                                eligibility="事实无人抚养儿童（散居）"))
    for child in (c for c in de_facto if c.pk in on_dibao):
        Assistance.objects.create(kind=AssistanceKind.DIBAO, person=child, area_id=child.area_id,
                                  monthly_fen=DE_FACTO_DIBAO_SHARE_YUAN * 100, first_month=D(2021, 1, 1),
                                  evidence="随母亲低保户享受（演示）")
        n += 1
        rows.append(_enrollment(child, "de_facto_orphan_allowance", DE_FACTO_DIBAO_APPROVED, county,
                                guardians.get(child.pk), n,
                                eligibility="事实无人抚养儿童（散居），随母亲享受低保，补差发放",
                                other_benefit=OtherBenefit.DIBAO, other_benefit_fen=DE_FACTO_DIBAO_SHARE_YUAN * 100))
    for i, child in enumerate(plain):
        n += 1
        rows.append(_enrollment(child, "price_subsidy", PRICE_APPROVED_EARLY if i < 3 else PRICE_APPROVED_LATE,
                                county, guardians.get(child.pk), n, variant=Variant.URBAN,
                                eligibility="事实无人抚养儿童，价格临时补贴保障对象"))
    for row in rows:
        row.full_clean(exclude=["person", "programme", "area", "applied_by", "reviewed_by", "approved_by"])
    Enrollment.objects.bulk_create(rows)
    return len(rows)
