"""/api/v1/field/: preparing a phone for the field and syncing its queued visits, with the scoping of
the visit pages. A revoked phone gets 410 (it wipes itself); outside the scope everything is a 404;
other refusals go through the API's error mapping (config/api.py)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.fieldwork import selectors, services
from guanai.fieldwork.formdef import visit_form_definition
from guanai.fieldwork.schemas import FieldVisitIn, PrepareIn, SyncOut
from guanai.people.selectors import PersonNotFound

router = Router(tags=["field"])
REVOKED = "该手机已被停用，离线数据已清除 / this phone was revoked; its offline data is wiped"


def _person_card(followup, needs) -> dict:
    person = followup.person
    return {
        "id": person.pk, "name": person.name, "sex": person.get_sex_display() if person.sex else "",
        "age": selectors.age_on(person.birth_date), "id_masked": person.id_number_masked,
        "phone": person.phone, "address": person.address,
        "village": followup.area.short_name or followup.area.name,
        "risk": followup.risk_level, "risk_label": followup.get_risk_level_display(),
        "group_label": followup.get_target_group_display(),
        "due_on": followup.next_due_on.isoformat(), "due_reason": followup.get_due_reason_display(),
        "last_visit": timezone.localtime(followup.last_visit_at).date().isoformat() if followup.last_visit_at else "",
        "needs": [{"kind": n.get_kind_display(), "description": n.description, "urgent": n.urgent}
                  for n in needs.get(person.pk, [])],
    }


@router.post("/prepare", url_name="field_prepare")
def prepare(request: HttpRequest, payload: PrepareIn):
    """The worker's caseload (soonest due first), the visit form and the offline rules, for one phone."""
    scope = current_scope(request, capability=Capability.VISITS_OFFLINE)
    followups, total = selectors.caseload(user=request.user, scope=scope, limit=settings.FIELD_MAX_PEOPLE)
    needs = selectors.open_needs_of(scope=scope, person_ids=[f.person_id for f in followups])
    try:
        device = services.device_prepare(actor=request.user, scope=scope, key=payload.device, label=payload.label,
                                         followups=followups, ip_address=client_ip(request))
    except services.DeviceRevoked:
        raise HttpError(410, REVOKED) from None
    user = request.user
    bundle = {
        "device": str(device.key), "prepared_at": timezone.localtime(device.prepared_at).isoformat(),
        "today": timezone.localdate(),
        "user": {"id": user.pk, "name": user.display_name, "role": user.get_role_display()},
        "settings": {"pin_tries": settings.FIELD_PIN_TRIES, "expiry_days": settings.FIELD_EXPIRY_DAYS,
                     "max_people": settings.FIELD_MAX_PEOPLE, "photos_per_visit": settings.FIELD_PHOTOS_PER_VISIT,
                     "photo_max_bytes": settings.FIELD_PHOTO_MAX_BYTES},
        "total": total, "people": [_person_card(f, needs) for f in followups],
        "form": visit_form_definition(),
    }
    # Chinese text as UTF-8, not \uXXXX escapes: half the bytes over a slow village connection.
    return HttpResponse(json.dumps(bundle, ensure_ascii=False, cls=DjangoJSONEncoder, separators=(",", ":")),
                        content_type="application/json; charset=utf-8")


@router.post("/visits", response={200: SyncOut, 201: SyncOut}, url_name="field_visit_sync")
def visit_sync(request: HttpRequest, payload: FieldVisitIn):
    """One queued visit. 201 when taken in now, 200 when it was already (sent twice: stored once) or
    when it is rejected (status "rejected", the reasons per field in `errors`)."""
    scope = current_scope(request, capability=Capability.VISITS_OFFLINE)
    device = selectors.device_of(user=request.user, key=payload.device)
    try:
        result = _sync_once(request, scope, device, payload)
    except IntegrityError:
        # The same visit arrived twice at the same moment; the other request stored it.
        result = _sync_once(request, scope, device, payload)
    except PersonNotFound:
        access_log_write(user=request.user, action=AccessAction.DENIED, object_type="field_visit",
                         object_id=str(payload.client_id), reason="offline visits: sync",
                         detail={"person": payload.person_id}, ip_address=client_ip(request))
        raise
    s = result.submission
    body = {"client_id": s.client_id, "status": s.status, "duplicate": result.duplicate, "visit_id": s.visit_id,
            "flag": s.flag, "flag_note": s.flag_note, "errors": s.errors}
    return Status(200 if result.duplicate or s.status == "rejected" else 201, body)


def _sync_once(request, scope, device, payload):
    try:
        return services.visit_sync(actor=request.user, scope=scope, device=device, data=payload,
                                   ip_address=client_ip(request))
    except services.DeviceRevoked:
        raise HttpError(410, REVOKED) from None
