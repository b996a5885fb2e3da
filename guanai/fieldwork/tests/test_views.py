"""The server pages of the offline app: the shell, its service worker and manifest, the supervisor's
devices and flagged visits, photos; as the owner, the supervisor and the outsider."""

import base64
import json
import uuid

import pytest
from django.utils import timezone

from guanai.fieldwork.models import FieldDevice, FieldSubmission
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db
FORM = {"method": "home", "health": "good", "mental_state": "good", "gas_safety": "ok", "power_safety": "ok",
        "fire_safety": "ok", "fall_safety": "ok", "money_received": "na", "supporters_care": "na"}


def _prepared(client, user):
    client.force_login(user)
    key = uuid.uuid4()
    client.post("/api/v1/field/prepare", {"device": str(key)}, content_type="application/json")
    return FieldDevice.objects.get(key=key)


def _synced(client, device, person_id, **form):
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0" + b"1" * 50).decode()
    body = {"device": str(device.key), "client_id": str(uuid.uuid4()), "person_id": person_id,
            "device_time": timezone.now().isoformat(), "form": {**FORM, "visited_at": when, **form},
            "photos": [jpeg]}
    return client.post("/api/v1/field/visits", body, content_type="application/json").json()


def test_the_shell_is_for_the_roles_that_visit(client, director, county):
    assert client.get("/field/").status_code == 302
    client.force_login(director)
    page = client.get("/field/")
    assert page.status_code == 200 and b'rel="manifest"' in page.content
    assert "csrftoken" in page.cookies
    client.force_login(county)
    assert client.get("/field/").status_code == 403


def test_the_service_worker_and_manifest(client):
    worker = client.get("/field/sw.js").content.decode()
    assert "/static/fieldwork/field.js" in worker and "/static/vendor/idb/index.js" in worker
    manifest = json.loads(client.get("/field/manifest.webmanifest").content)
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}


def test_devices_as_supervisor_owner_and_outsider(client, director, supervisor, outsider):
    device = _prepared(client, director)
    client.force_login(supervisor)
    assert f'data-device="{device.pk}"'.encode() in client.get("/field/devices/").content
    client.force_login(outsider)
    assert f'data-device="{device.pk}"'.encode() not in client.get("/field/devices/").content
    assert client.post(f"/field/devices/{device.pk}/revoke/").status_code == 404
    client.force_login(director)
    assert client.post(f"/field/devices/{device.pk}/revoke/").status_code == 302
    assert FieldDevice.objects.get(pk=device.pk).revoked_at is not None


def test_a_flagged_visit_is_reviewed_by_the_supervisor(client, director, supervisor, outsider):
    fu = followed_person(name="核对对象")
    device = _prepared(client, director)
    snapshot = {str(fu.person_id): [fu.area_id, fu.worker_id, "2000-01-01"]}  # as if prepared before a change
    FieldDevice.objects.filter(pk=device.pk).update(prepared=snapshot)
    device.refresh_from_db()
    assert _synced(client, device, fu.person_id)["flag"] == "due_changed"
    submission = FieldSubmission.objects.get()
    client.force_login(outsider)
    assert client.get("/field/flags/").status_code == 403
    assert client.get(f"/field/submissions/{submission.pk}/photos/0/").status_code == 404
    client.force_login(supervisor)
    page = client.get("/field/flags/").content.decode()
    assert "核对对象" in page and f"/field/submissions/{submission.pk}/photos/0/" in page
    assert client.get(f"/field/submissions/{submission.pk}/photos/0/").status_code == 200
    client.post(f"/field/flags/{submission.pk}/review/", {"note": ""})
    assert FieldSubmission.objects.get().reviewed_at is None
    client.post(f"/field/flags/{submission.pk}/review/", {"note": "同日两人探访，已核实"})
    assert FieldSubmission.objects.get().review_note == "同日两人探访，已核实"
