"""What accepting a flag does, through the domain services (never by writing their models): the
people services record the fact (and the rules recompute categories: a death ends them, a parent
home ends the children's left-behind status), the benefits services stop or recompute payments,
the visits service makes a visit due. Runs inside flag_decide's transaction; returns what it did."""

import datetime

from django.utils import timezone

from guanai.accounts.scoping import Scope
from guanai.benefits import services as benefits
from guanai.benefits.models import Enrollment, EnrollmentStatus, OtherBenefit, ProgrammeCode, StopKind
from guanai.comparisons.models import Flag, FlagKind
from guanai.people.models import Person, TransferRequest
from guanai.people.schemas import PersonIn
from guanai.people.services import person_move_out, person_update
from guanai.visits.followups import followup_due_now, followups_sync

ORPHAN_PROGRAMMES = (ProgrammeCode.ORPHAN_ALLOWANCE, ProgrammeCode.DE_FACTO_ORPHAN_ALLOWANCE)


def _update(actor, scope: Scope, person: Person, **fields) -> list[str]:
    # The schema wants who the person is (area, name, sex, birth date); unchanged, they write nothing.
    person_update(actor=actor, scope=scope, person=person,
                  data=PersonIn(area_code=person.area_id, name=person.name, sex=person.sex,
                                birth_date=person.birth_date, **fields))
    return sorted(fields)


def _stop(actor, scope: Scope, person: Person, *, kind: str, event_on: datetime.date, reason: str,
          programmes: tuple[str, ...] | None = None) -> list[int]:
    enrollments = Enrollment.objects.filter(person=person, status=EnrollmentStatus.APPROVED)
    if programmes:
        enrollments = enrollments.filter(programme_id__in=programmes)
    return [benefits.enrollment_stop_report(actor=actor, scope=scope, enrollment=e, kind=kind, event_on=event_on,
                                            reason=reason).pk for e in enrollments]


def _date(flag: Flag, name: str) -> datetime.date:
    text = flag.facts.get(name)
    return datetime.date.fromisoformat(text) if text else timezone.localdate()


def _move_out(actor, scope: Scope, flag: Flag, source: str) -> dict:
    """Payments here stop from the month after the move; then the transfer (people.person_move_out):
    inside this installation the person goes to the destination village, otherwise the person is
    marked moved out, every category ends and the move travels up to reach the destination (flowback).
    The follow-up goes with the person, or ends."""
    person, facts, moved_on = flag.person, flag.facts, _date(flag, "moved_on")
    place = facts.get("to_place") or facts.get("to_code") or ""
    stops = _stop(actor, scope, person, kind=StopKind.OTHER, event_on=moved_on, reason=f"{source}：户籍迁出至{place}")
    moved = person_move_out(actor=actor, scope=scope, person=person, moved_on=moved_on,
                            to_code=str(facts.get("to_code") or ""), to_place=str(facts.get("to_place") or ""),
                            reason=f"{source}：户籍迁出至{place}")
    followups_sync(on=timezone.localdate(), person_ids=[person.pk])
    if isinstance(moved, TransferRequest):
        return {"stops": stops, "transfer": moved.pk, "to_area": moved.to_area_id}
    return {"stops": stops, "moved_out": str(moved_on), "to_code": moved.moved_out_to}


def apply(*, actor, scope: Scope, flag: Flag) -> dict:
    person, facts = flag.person, flag.facts
    source = f"数据比对（{flag.run.get_source_display()}，第{flag.run_id}次）"
    if flag.kind == FlagKind.DIED:
        died_on = _date(flag, "died_on")
        fields = _update(actor, scope, person, died_on=died_on, death_evidence=source[:100])
        followups_sync(on=timezone.localdate(), person_ids=[person.pk])  # ends on the day of death
        return {"fields": fields,
                "stops": _stop(actor, scope, person, kind=StopKind.DEATH, event_on=died_on, reason=f"{source}：死亡")}
    if flag.kind == FlagKind.MOVED_OUT:
        return _move_out(actor, scope, flag, source)
    if flag.kind == FlagKind.PARENT_BACK:
        return {"fields": _update(actor, scope, person, is_migrant_worker=False, away_scope="", away_place="",
                                  away_since=None)}
    if flag.kind == FlagKind.TEKUN_STARTED:
        return {"fields": _update(actor, scope, person, tekun=True),
                "stops": _stop(actor, scope, person, kind=StopKind.OTHER, event_on=_date(flag, "started_on"),
                               reason=f"{source}：纳入特困供养，不重复享受", programmes=ORPHAN_PROGRAMMES)}
    if flag.kind == FlagKind.DIBAO_STARTED:
        return {"fields": _update(actor, scope, person, dibao=True)}
    if flag.kind == FlagKind.DIBAO_AMOUNT:
        topped = Enrollment.objects.filter(person=person, status=EnrollmentStatus.APPROVED,
                                           other_benefit=OtherBenefit.DIBAO)
        changed = [benefits.enrollment_top_up_set(actor=actor, scope=scope, enrollment=e,
                                                  other_benefit=OtherBenefit.DIBAO, other_benefit_fen=facts["amount"],
                                                  reason=source).pk for e in topped]
        return {"top_up": changed}
    if flag.kind == FlagKind.DISABILITY_CHANGED:
        fields = {"disability_grade": facts["grade"]}
        if facts.get("disability_type"):
            fields["disability_type"] = facts["disability_type"]
        if facts.get("certificate_no"):
            fields["disability_certificate_no"] = facts["certificate_no"][:30]
        return {"fields": _update(actor, scope, person, **fields)}
    if flag.kind == FlagKind.NO_ENROLMENT:
        followup_due_now(actor=actor, scope=scope, person_id=person.pk, reason=f"{source}：学龄儿童未见在校记录")
        return {"visit_due": str(timezone.localdate())}
    raise ValueError(flag.kind)
