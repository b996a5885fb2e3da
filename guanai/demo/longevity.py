"""Loading 红河州's longevity allowance (高龄津贴) of 2020: enrollments of its people aged 80 and over, and
the twelve monthly rosters of 2020 in each of its 13 counties, built, checked and locked by the county
through the real roster job, so that `benefits.selectors.payment_totals(year=2020)` counts the people
paid (seed 001: "惠及8.7万余名老年人"; the people are oldest_old.py's and the rest of the demo's).

Enrollments are written in bulk, like 凤县's (demo/benefits.py), with the three steps dated: applied
four weeks and reviewed one week before the approval day oldest_old.approved_on gives (20-70 days
after the 80th birthday, or the register's first months for those who were 80 before it began); the
eligibility text comes from the programme's rule (benefits.rules.longevity_allowance_eligible) on the
approval day. Every person of 红河州 who reached 80 before the load date and was alive on the approval
day is enrolled, so today's oldest old have their allowance on file too; only 2020 has rosters.

A death ends the enrollment (status ended, the last paid month is the month of death, RULES.md Money)
with its death stop (found from the person's record of death, as the roster build finds it) confirmed
by the county three weeks later; a death so recent that the county has not decided yet leaves the stop
proposed and the enrollment open. Payees: the elder, or the son or
daughter they live with (代领) for those 95 or older or needing care on the approval day.

The rosters go through roster_prepare / roster_build / roster_lock, county by county and month by month
in order (each month's lines compare with the last), locked on the 20th by the county's officer
(staff.demo_county_officers_ensure). About a million lines: FIGURES.md and docs/performance.md give
the time this takes.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.benefits import rules
from guanai.benefits.models import Enrollment, EnrollmentStatus, EnrollmentStop, StopKind, StopStatus, Variant
from guanai.benefits.months import add_months, month_start, next_month
from guanai.benefits.roster_build import roster_build
from guanai.benefits.services import bank_account_mask, roster_lock, roster_prepare
from guanai.demo import bulkload
from guanai.demo.benefits import standards_ensure
from guanai.demo.figures import HONGHE
from guanai.demo.oldest_old import MIN_AGE, YEAR, approved_on, turned
from guanai.demo.staff import demo_county_officers_ensure
from guanai.people import idcipher
from guanai.people.facts import age_on
from guanai.people.models import Person, Relationship

DEMO_LONGEVITY_LOADED = "demo_longevity_loaded"
PROGRAMME = "longevity_allowance"
BANK = "云南省农村信用社"
LOCK_DAY = 20
# The county confirms a death stop this many days after the death.
STOP_DECIDED_AFTER = datetime.timedelta(days=21)
# The son or daughter collects the allowance (代领) for an elder this old, or needing care.
AGENT_FROM_AGE = 95
D = datetime.date


@dataclass
class LongevityDemoResult:
    skipped: bool
    enrollments: int = 0
    ended: int = 0
    rosters: int = 0
    lines: int = 0
    seconds: float = 0.0


def demo_longevity_loaded() -> bool:
    return Event.objects.filter(verb=DEMO_LONGEVITY_LOADED, object_type="demo").exists()


def demo_longevity_load(*, on: datetime.date, say: Callable[[str], None] = lambda text: None) -> LongevityDemoResult:
    """Enroll 红河州's oldest old and build, check and lock the 2020 rosters, unless already loaded."""
    if demo_longevity_loaded():
        say("红河州高龄津贴演示数据已存在，跳过 / 红河州 longevity allowance already loaded, skipped")
        return LongevityDemoResult(skipped=True)
    if not Person.objects.filter(area__pk__startswith=HONGHE).exists():
        say("没有红河州演示人员，跳过高龄津贴演示 / no 红河州 demo people, longevity allowance skipped")
        return LongevityDemoResult(skipped=True)
    started = time.monotonic()
    officers = demo_county_officers_ensure(HONGHE)
    with transaction.atomic():
        standards_ensure()
        enrollments, ended = _enrollments_write(on=on, officers=officers)
    say(f"  红河州高龄津贴：已写入 {enrollments:,} 条享受资格，其中 {ended:,} 条因死亡停发 / longevity enrollments "
        f"written, ended by death; 正在生成 {YEAR} 年 1-12 月花名册 / building the {YEAR} rosters ...")
    rosters = lines = 0
    month = D(YEAR, 1, 1)
    while month.year == YEAR:
        for county, officer in sorted(officers.items()):
            if not _anyone_enrolled(county, month):
                continue
            roster = roster_prepare(programme_code=PROGRAMME, area_code=county, month=month, actor=officer)
            roster = roster_build(roster_id=roster.pk, actor=officer)
            if roster.total_fen > 0:
                roster_lock(actor=officer, scope=scope_for(officer), roster=roster,
                            at=_stamp(month.replace(day=LOCK_DAY), 10))
            rosters, lines = rosters + 1, lines + roster.line_count
        month = next_month(month)
    result = LongevityDemoResult(skipped=False, enrollments=enrollments, ended=ended, rosters=rosters, lines=lines,
                                 seconds=round(time.monotonic() - started, 1))
    event_record(actor=None, verb=DEMO_LONGEVITY_LOADED, object_type="demo",
                 data={"year": YEAR, "enrollments": enrollments, "ended": ended, "rosters": rosters, "lines": lines})
    say(f"  已锁定 {rosters} 份高龄津贴花名册，{lines:,} 条发放明细 / longevity rosters locked, payment lines "
        f"({result.seconds:.1f}s)")
    return result


def _anyone_enrolled(county: str, month: datetime.date) -> bool:
    """A county builds a month's roster only when somebody's enrollment covers it (no empty rosters)."""
    return Enrollment.objects.filter(programme_id=PROGRAMME, area__pk__startswith=county, approved_at__isnull=False,
                                     starts_on__lte=month).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=month)).exists()


def _stamp(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _agents() -> dict[int, str]:
    """The name of the son or daughter each 红河州 elder lives with (a supporter in the same household)."""
    found: dict[int, str] = {}
    for person_id, name in (Relationship.objects.filter(kind="supporter", person__area__pk__startswith=HONGHE,
                                                        relative__household=F("person__household"))
                            .values_list("person_id", "relative__name")):
        found.setdefault(person_id, name)
    return found


def _enrollments_write(*, on: datetime.date, officers: dict[str, User]) -> tuple[int, int]:
    """Every 红河州 person who reached 80 before `on` and was alive when approved; returns (written, ended)."""
    latest_birth = D(on.year - MIN_AGE, 12, 31)
    people = (Person.objects.filter(area__pk__startswith=HONGHE, birth_date__lte=latest_birth)
              .exclude(enrollments__programme_id=PROGRAMME).order_by("area_id", "pk")
              .values_list("pk", "area_id", "name", "birth_date", "died_on", "care_need"))
    agents = _agents()
    columns = ("id", "person", "programme", "area", "variant", "status", "eligibility", "other_benefit",
               "other_benefit_fen", "payee_name", "payee_relation", "bank_name", "bank_account_cipher",
               "bank_account_masked", "applied_by", "applied_at", "reviewed_by", "reviewed_at", "approved_by",
               "approved_at", "rejection_reason", "starts_on", "ends_on", "end_reason")
    enrollment_rows, stop_rows = [], []
    first = bulkload.next_id(Enrollment)
    for pk, area, name, birth, died, care_need in people:
        if turned(birth, MIN_AGE) >= on:
            continue
        approved = approved_on(birth)
        if approved >= on or (died and died <= approved):
            continue  # not approved yet (they apply soon), or died before it
        officer = officers[area[:6]]
        age = age_on(birth, approved)
        decision = rules.longevity_allowance_eligible(_applicant(age), approved, min_age=MIN_AGE)
        agent = agents.get(pk) if (age >= AGENT_FROM_AGE or care_need) else None
        account = f"62153{area[-6:]}{pk % 10**8:08d}"
        ends_on, end_reason, status = None, "", EnrollmentStatus.APPROVED
        enrollment_id = first + len(enrollment_rows)
        if died and died < on:
            stop = rules.stop_for_death(died)
            decided = died + STOP_DECIDED_AFTER
            confirmed = decided < on
            if confirmed:
                ends_on, end_reason, status = add_months(stop.stop_month, -1), stop.reason, EnrollmentStatus.ENDED
            stop_rows.append((enrollment_id, area, StopKind.DEATH, died, stop.stop_month, stop.reason,
                              StopStatus.CONFIRMED if confirmed else StopStatus.PROPOSED, None,
                              officer.pk if confirmed else None, _stamp(decided, 16) if confirmed else None))
        enrollment_rows.append((
            enrollment_id, pk, PROGRAMME, area, Variant.AGE_BAND, status, decision.reason, "", 0,
            agent or name, "子女（代领）" if agent else "本人", BANK, idcipher.encrypt(account),
            bank_account_mask(account), officer.pk, _stamp(approved - datetime.timedelta(days=28), 9), officer.pk,
            _stamp(approved - datetime.timedelta(days=7), 15), officer.pk, _stamp(approved, 10), "",
            month_start(next_month(approved)), ends_on, end_reason))
    bulkload.rows_insert(Enrollment, columns, enrollment_rows)
    first_stop = bulkload.next_id(EnrollmentStop)
    bulkload.rows_insert(EnrollmentStop, ("id", "enrollment", "area", "kind", "event_on", "stop_month", "reason",
                                          "status", "reported_by", "decided_by", "decided_at"),
                         ((first_stop + i, *row) for i, row in enumerate(stop_rows)))
    bulkload.sequences_reset(Enrollment, EnrollmentStop)
    return len(enrollment_rows), sum(1 for row in stop_rows if row[6] == StopStatus.CONFIRMED)


def _applicant(age: int) -> rules.Applicant:
    """What the longevity rule reads on the approval day: the age (the person is alive then)."""
    return rules.Applicant(age=age, died_on=None, open_categories=frozenset(), living_in_institution=False,
                           dibao=False, tekun=False, disability_grade=None, disability_type="")
