"""Domain events of child-protection cases (Saleor-style), written through audit.event_record inside
the caller's transaction. No personal details go into the event data: ids, stages and codes only."""

from guanai.audit.services import event_record


def case_event(*, actor, case, verb: str, **data) -> None:
    event_record(actor=actor, verb=verb, object_type="case", object_id=case.pk, area_code=case.area_id,
                 data={"number": case.number, "stage": case.stage, **data})


def deadline_escalated_event(*, deadline) -> None:
    event_record(actor=None, verb="case_deadline_escalated", object_type="case", object_id=deadline.case_id,
                 area_code=deadline.area_id, data={"step": deadline.step, "to": deadline.escalated_to,
                                                   "due_at": deadline.due_at.isoformat()})


def meeting_recorded_event(*, actor, meeting) -> None:
    event_record(actor=actor, verb="joint_meeting_recorded", object_type="joint_meeting", object_id=meeting.pk,
                 area_code=meeting.area_id, data={"cases": [item.case_id for item in meeting.items.all()]})
