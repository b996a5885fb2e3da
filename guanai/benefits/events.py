"""Domain events of benefits (Saleor's events.py): one named function per thing that happens.

Services call these inside their own transaction. Event data holds ids, codes, months and amounts in
fen, never a bank account or ID number.
"""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.benefits.models import Assistance, Enrollment, EnrollmentStop, Roster


def enrollment_event(*, actor, enrollment: Enrollment, verb: str, **data) -> Event:
    """verb: enrollment_applied / _reviewed / _approved / _rejected / _ended."""
    return event_record(actor=actor, verb=verb, object_type="enrollment", object_id=str(enrollment.pk),
                        area_code=enrollment.area_id,
                        data={"person": enrollment.person_id, "programme": enrollment.programme_id,
                              "status": enrollment.status, **data})


def stop_event(*, actor, stop: EnrollmentStop, verb: str) -> Event:
    """verb: enrollment_stop_reported / _confirmed / _dismissed."""
    return event_record(actor=actor, verb=verb, object_type="enrollment", object_id=str(stop.enrollment_id),
                        area_code=stop.area_id,
                        data={"stop": stop.pk, "kind": stop.kind, "stop_month": f"{stop.stop_month:%Y-%m}"})


def roster_event(*, actor, roster: Roster, verb: str, **data) -> Event:
    """verb: roster_requested / roster_built / roster_failed / roster_locked / bank_return_imported."""
    return event_record(actor=actor, verb=verb, object_type="roster", object_id=str(roster.pk),
                        area_code=roster.area_id,
                        data={"programme": roster.programme_id, "month": f"{roster.month:%Y-%m}",
                              "lines": roster.line_count, "total_fen": roster.total_fen, **data})


def adjustment_event(*, actor, enrollment: Enrollment, month, amount_fen: int, reason: str) -> Event:
    return event_record(actor=actor, verb="payment_adjustment_created", object_type="enrollment",
                        object_id=str(enrollment.pk), area_code=enrollment.area_id,
                        data={"month": f"{month:%Y-%m}", "amount_fen": amount_fen, "reason": reason})


def assistance_event(*, actor, assistance: Assistance, verb: str, **data) -> Event:
    """verb: assistance_recorded / assistance_ended (a status such as 低保 or 特困 held outside)."""
    holder = {"person": assistance.person_id} if assistance.person_id else {"household": assistance.household_id}
    return event_record(actor=actor, verb=verb, object_type="assistance", object_id=str(assistance.pk),
                        area_code=assistance.area_id,
                        data={**holder, "kind": assistance.kind, "monthly_fen": assistance.monthly_fen,
                              "first_month": f"{assistance.first_month:%Y-%m}",
                              "last_month": f"{assistance.last_month:%Y-%m}" if assistance.last_month else "",
                              **data})


def assistance_import_event(*, actor, area_code: str, count: int, kinds: list[str]) -> Event:
    return event_record(actor=actor, verb="assistance_imported", object_type="assistance", area_code=area_code,
                        data={"rows": count, "kinds": kinds})
