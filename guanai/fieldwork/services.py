"""Every write of the offline visit app: preparing a phone, taking in its queued visits (idempotent on
the phone's id for each), revoking a phone, reviewing a flagged visit. Keyword-only, typed, in one
transaction with the audit event; each sync and each preparation is also in the access log.

A queued visit is validated by the online page's own form (visits.forms.VisitForm) and recorded by
the online page's own service (visits.services.visit_record): there is no second validator."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability, Role, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write
from guanai.core.forms import form_add_errors
from guanai.fieldwork import events
from guanai.fieldwork.models import FieldDevice, FieldPhoto, FieldSubmission, SubmissionFlag, SubmissionStatus
from guanai.fieldwork.schemas import FieldVisitIn
from guanai.fieldwork.selectors import DeviceNotFound
from guanai.people.selectors import PersonNotFound, person_get
from guanai.visits import selectors as visit_selectors
from guanai.visits import services as visit_services
from guanai.visits.forms import VisitForm
from guanai.visits.models import FollowUp

JPEG_MAGIC = b"\xff\xd8\xff"


class DeviceRevoked(Exception):
    """The phone was revoked on the server: it must wipe its offline store."""


def _snapshot(followup: FollowUp) -> list:
    """What the phone was told about a person, to compare with when its visit comes back."""
    return [followup.area_id, followup.worker_id, followup.next_due_on.isoformat()]


@transaction.atomic
def device_prepare(*, actor, scope: Scope, key: uuid.UUID, label: str, followups: list[FollowUp],
                   ip_address: str | None = None) -> FieldDevice:
    """Register (or refresh) the caller's phone with the people it now holds offline."""
    require_capability(actor, Capability.VISITS_OFFLINE)
    device = FieldDevice.objects.select_for_update().filter(key=key).first()
    if device is not None and device.user_id != actor.pk:
        raise DeviceNotFound
    if device is not None and device.is_revoked:
        raise DeviceRevoked
    now = timezone.now()
    device = device or FieldDevice(key=key, user=actor)
    device.area_id = actor.area_id or scope.prefix
    device.label, device.prepared_at, device.people_count = label[:120], now, len(followups)
    device.prepared = {str(f.person_id): _snapshot(f) for f in followups}
    device.full_clean(exclude=["area"])
    device.save()
    events.device_prepared_event(actor=actor, device=device)
    access_log_write(user=actor, action=AccessAction.DOWNLOAD, object_type="field_bundle", object_id=device.pk,
                     area_code=device.area_id, reason="offline visits: prepare",
                     detail={"device": str(device.key), "people": len(followups)}, ip_address=ip_address)
    return device


@dataclass(frozen=True)
class SyncResult:
    submission: FieldSubmission
    duplicate: bool


def _form_errors(form: VisitForm) -> dict[str, list[str]]:
    """The form's errors as the online page shows them, per field ("__all__" for the visit as a whole)."""
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def _photos_decode(photos: list[str]) -> tuple[list[bytes], dict[str, list[str]]]:
    limit, most = settings.FIELD_PHOTO_MAX_BYTES, settings.FIELD_PHOTOS_PER_VISIT
    if len(photos) > most:
        return [], {"photos": [_("照片最多 %(n)s 张 / at most %(n)s photos") % {"n": most}]}
    blobs = []
    for index, text in enumerate(photos, start=1):
        try:
            blob = base64.b64decode(text.split(",", 1)[-1], validate=True)
        except (binascii.Error, ValueError):
            blob = b""
        if not blob.startswith(JPEG_MAGIC):
            return [], {"photos": [_("第 %(i)s 张照片不是 JPEG 图片 / photo %(i)s is not a JPEG") % {"i": index}]}
        if len(blob) > limit:
            return [], {"photos": [_("第 %(i)s 张照片超过 %(kb)s KB / photo %(i)s is over %(kb)s KB")
                                   % {"i": index, "kb": limit // 1024}]}
        blobs.append(blob)
    return blobs, {}


def _changed_flag(snapshot: list | None, followup: FollowUp | None) -> tuple[str, str]:
    """Why the supervisor should look at a visit recorded offline: what changed since the phone was
    prepared (the issue: a visit to a person transferred or whose follow-up changed is accepted and
    flagged, never lost)."""
    if snapshot is None:
        return SubmissionFlag.NONE, ""
    area, worker, due = snapshot
    if followup is None or followup.ended_on is not None:
        return SubmissionFlag.ENDED, _("准备离线后，该对象已结束关爱")
    if followup.area_id != area:
        return SubmissionFlag.TRANSFERRED, _("准备离线后，该对象已迁至 %(area)s") % {"area": followup.area_id}
    if followup.worker_id != worker:
        return SubmissionFlag.REASSIGNED, _("准备离线后，该对象已改派其他探访人")
    if followup.next_due_on.isoformat() != due:
        return SubmissionFlag.DUE_CHANGED, _("准备离线后，应访日期已变化（可能已有他人探访）")
    return SubmissionFlag.NONE, ""


def _submission_for(*, actor, device: FieldDevice, data: FieldVisitIn) -> tuple[FieldSubmission, bool]:
    """The row for this client id (locked), and whether it was already taken in."""
    existing = FieldSubmission.objects.select_for_update().filter(client_id=data.client_id).first()
    if existing is not None and existing.user_id != actor.pk:
        raise PermissionDenied(_("该记录标识已被使用 / this client id is taken"))
    if existing is not None and existing.status != SubmissionStatus.REJECTED:
        return existing, True
    submission = existing or FieldSubmission(client_id=data.client_id, user=actor, attempts=0)
    submission.device, submission.person_id = device, data.person_id
    submission.device_time, submission.received_at = data.device_time, timezone.now()
    submission.payload = dict(data.form)
    submission.attempts += 1
    submission.status, submission.errors, submission.flag, submission.flag_note = "", {}, "", ""
    return submission, False


def _record(*, actor, scope: Scope, submission: FieldSubmission, form: VisitForm, snapshot: list | None) -> None:
    """Record through the online service; a refusal becomes the submission's reason (or, when the
    person left the worker's hands since preparing, a held visit for the supervisor)."""
    try:
        person = person_get(scope=scope, pk=submission.person_id)
    except PersonNotFound:
        if snapshot is None or not scope.contains(snapshot[0]):
            raise
        submission.status, submission.area_id = SubmissionStatus.HELD, snapshot[0]
        if actor.role == Role.SOCIAL_WORKER:
            submission.flag, submission.flag_note = SubmissionFlag.REASSIGNED, _("准备离线后，该对象已改派其他探访人")
        else:
            submission.flag, submission.flag_note = SubmissionFlag.TRANSFERRED, _("准备离线后，该对象已迁出本辖区")
        return
    before = visit_selectors.followup_get(scope=scope, person_id=person.pk)
    submission.area_id = person.area_id
    try:
        with transaction.atomic():
            visit = visit_services.visit_record(actor=actor, scope=scope, person=person, data=form.to_schema())
    except (SchemaError, ValidationError) as error:
        # Onto the form with the online page's own helper, so the reason reads as it would there.
        form_add_errors(form, error)
        submission.status, submission.errors = SubmissionStatus.REJECTED, _form_errors(form)
        return
    submission.status, submission.visit = SubmissionStatus.RECORDED, visit
    submission.flag, submission.flag_note = _changed_flag(snapshot, before)


@transaction.atomic
def visit_sync(*, actor, scope: Scope, device: FieldDevice, data: FieldVisitIn,
               ip_address: str | None = None) -> SyncResult:
    """Take in one queued visit. Sent again, it is found by its client id and not stored twice; a
    rejected one may be sent again (fixed) under the same id."""
    require_capability(actor, Capability.VISITS_OFFLINE)
    if device.is_revoked:
        raise DeviceRevoked
    submission, duplicate = _submission_for(actor=actor, device=device, data=data)
    if not duplicate:
        snapshot = device.prepared.get(str(data.person_id))
        form = VisitForm(data=data.form)
        photos, photo_errors = _photos_decode(data.photos)
        if not form.is_valid() or photo_errors:
            submission.status = SubmissionStatus.REJECTED
            submission.errors = {**_form_errors(form), **photo_errors}
            # Where the person is now decides nothing here; a rejection is kept under the prepared village.
            person = _person_or_none(scope=scope, pk=data.person_id)
            if person is None and (snapshot is None or not scope.contains(snapshot[0])):
                raise PersonNotFound("没有这个服务对象 / no such person")
            submission.area_id = person.area_id if person else snapshot[0]
        else:
            _record(actor=actor, scope=scope, submission=submission, form=form, snapshot=snapshot)
        submission.full_clean(exclude=["device", "user", "person", "area", "visit", "payload", "errors"])
        submission.save()
        if submission.status != SubmissionStatus.REJECTED:
            for blob in photos:
                FieldPhoto.objects.create(submission=submission, area_id=submission.area_id, size=len(blob),
                                          image=ContentFile(blob, name=f"{submission.client_id}.jpg"))
        events.visit_synced_event(actor=actor, submission=submission)
    else:
        FieldSubmission.objects.filter(pk=submission.pk).update(attempts=submission.attempts + 1)
    device.last_sync_at = timezone.now()
    device.save(update_fields=["last_sync_at", "updated_at"])
    access_log_write(user=actor, action=AccessAction.SYNC, object_type="field_visit",
                     object_id=str(data.client_id), area_code=submission.area_id, reason="offline visits: sync",
                     detail={"device": str(device.key), "status": submission.status, "duplicate": duplicate,
                             "person": data.person_id}, ip_address=ip_address)
    return SyncResult(submission=submission, duplicate=duplicate)


def _person_or_none(*, scope: Scope, pk: int):
    try:
        return person_get(scope=scope, pk=pk)
    except PersonNotFound:
        return None


@transaction.atomic
def device_revoke(*, actor, scope: Scope, device: FieldDevice) -> FieldDevice:
    """Stop a phone: its next contact wipes its offline store, and it can no longer sync or prepare.
    The worker may revoke their own (a lost phone); a supervisor any device of their area."""
    if device.user_id != actor.pk:
        require_capability(actor, Capability.VISITS_MANAGE)
        require_in_scope(scope=scope, area_code=device.area_id)
    if device.is_revoked:
        raise ValidationError(_("该设备已停用 / the device is already revoked"))
    device.revoked_at, device.revoked_by = timezone.now(), actor
    device.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    events.device_revoked_event(actor=actor, device=device)
    return device


@transaction.atomic
def submission_review(*, actor, scope: Scope, submission: FieldSubmission, note: str) -> FieldSubmission:
    """The supervisor has looked at a flagged visit and says what was done about it."""
    require_capability(actor, Capability.VISITS_MANAGE)
    require_in_scope(scope=scope, area_code=submission.area_id)
    if not note.strip():
        raise ValidationError({"note": _("请填写核对说明 / say what was done")})
    if submission.reviewed_at is not None:
        raise ValidationError(_("已核对 / already reviewed"))
    submission.reviewed_at, submission.reviewed_by, submission.review_note = timezone.now(), actor, note.strip()
    submission.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    events.flag_reviewed_event(actor=actor, submission=submission)
    return submission
