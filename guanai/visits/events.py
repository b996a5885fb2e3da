"""Domain events of the visit service (Saleor-style), written through audit.event_record inside the
caller's transaction. Each name is the verb the audit trail and the person's timeline show."""

from guanai.audit.services import event_record


def visit_recorded_event(*, actor, visit) -> None:
    event_record(actor=actor, verb="visit_recorded", object_type="visit", object_id=visit.pk,
                 area_code=visit.area_id, data={"person": visit.person_id, "method": visit.method,
                                                "version": visit.version})


def visit_corrected_event(*, actor, visit) -> None:
    event_record(actor=actor, verb="visit_corrected", object_type="visit", object_id=visit.pk,
                 area_code=visit.area_id, data={"person": visit.person_id, "previous": visit.previous_id,
                                                "version": visit.version, "reason": visit.correction_reason})


def need_event(*, actor, need, verb: str) -> None:
    event_record(actor=actor, verb=verb, object_type="need", object_id=need.pk, area_code=need.area_id,
                 data={"person": need.person_id, "kind": need.kind, "urgent": need.urgent, "status": need.status})


def referral_event(*, actor, referral, verb: str) -> None:
    event_record(actor=actor, verb=verb, object_type="referral", object_id=referral.pk, area_code=referral.area_id,
                 data={"need": referral.need_id, "status": referral.status, "to": referral.to_department})


def followups_assigned_event(*, actor, area_code: str, worker, contract, person_ids: list[int]) -> None:
    event_record(actor=actor, verb="followups_assigned", object_type="follow_up", area_code=area_code,
                 data={"worker": worker.pk, "contract": contract.pk if contract else None, "people": person_ids})


def followups_ended_event(*, area_code: str, ended: int, counts_from) -> None:
    """Follow-ups of a village ended on an earlier day than the sync's (a death recorded late): the
    month they ended from, for the store's recount (reports.services._months_touched)."""
    event_record(actor=None, verb="followups_ended", object_type="follow_up", area_code=area_code,
                 data={"ended": ended, "counts_from": counts_from.replace(day=1).isoformat()})


def major_event_declared_event(*, actor, event) -> None:
    event_record(actor=actor, verb="major_event_declared", object_type="major_event", object_id=event.pk,
                 area_code=event.area_id, data={"kind": event.kind, "title": event.title,
                                                "people_due": event.people_due})


def alert_event(*, actor, alert, verb: str) -> None:
    event_record(actor=actor, verb=verb, object_type="alert", object_id=alert.pk, area_code=alert.area_id,
                 data={"person": alert.person_id, "signal": alert.signal, "status": alert.status,
                       "event_count": alert.event_count})


def followup_due_now_event(*, actor, followup, reason: str) -> None:
    event_record(actor=actor, verb="followup_due_now", object_type="person", object_id=str(followup.person_id),
                 area_code=followup.area_id, data={"reason": reason[:200]})
