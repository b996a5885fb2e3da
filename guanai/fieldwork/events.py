"""Domain events of the offline visit app, written through audit.event_record in the caller's transaction."""

from guanai.audit.services import event_record


def device_prepared_event(*, actor, device) -> None:
    event_record(actor=actor, verb="field_prepared", object_type="field_device", object_id=device.pk,
                 area_code=device.area_id, data={"people": device.people_count, "label": device.label})


def visit_synced_event(*, actor, submission) -> None:
    event_record(actor=actor, verb="field_visit_synced", object_type="field_submission", object_id=submission.pk,
                 area_code=submission.area_id,
                 data={"client_id": str(submission.client_id), "status": submission.status,
                       "visit": submission.visit_id, "flag": submission.flag})


def device_revoked_event(*, actor, device) -> None:
    event_record(actor=actor, verb="field_device_revoked", object_type="field_device", object_id=device.pk,
                 area_code=device.area_id, data={"user": device.user_id})


def flag_reviewed_event(*, actor, submission) -> None:
    event_record(actor=actor, verb="field_flag_reviewed", object_type="field_submission", object_id=submission.pk,
                 area_code=submission.area_id, data={"flag": submission.flag, "note": submission.review_note})
