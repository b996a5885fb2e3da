"""The sync API: preparing a phone, idempotent sync, rejection with its reason, flags, revocation."""

import base64
import datetime
import uuid

import pytest
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessLog
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.fieldwork.models import FieldDevice, FieldPhoto, FieldSubmission
from guanai.people.models import Person
from guanai.visits.models import FollowUp, Need, VisitRecord
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db
BASE = "/api/v1/field"
ID = "610330201501011234"


def _prepare(client, device=None):
    device = device or uuid.uuid4()
    response = client.post(f"{BASE}/prepare", {"device": str(device), "label": "测试手机"},
                           content_type="application/json")
    return device, response


def _form(**extra):
    when = timezone.localtime() - datetime.timedelta(minutes=30)
    form = {"method": "home", "visited_at": when.strftime("%Y-%m-%dT%H:%M"), "health": "good",
            "mental_state": "good", "gas_safety": "ok", "power_safety": "ok", "fire_safety": "ok",
            "fall_safety": "ok", "money_received": "na", "supporters_care": "na", "notes": "离线探访"}
    form.update(extra)
    return form


def _send(client, device, person_id, client_id=None, photos=(), **form):
    body = {"device": str(device), "client_id": str(client_id or uuid.uuid4()), "person_id": person_id,
            "device_time": timezone.now().isoformat(), "form": _form(**form), "photos": list(photos)}
    return client.post(f"{BASE}/visits", body, content_type="application/json")


def test_prepare_gives_the_caseload_masked_and_the_visit_form(client, director):
    mine = followed_person(name="离线甲", id_number_masked="6103**********1234", phone="13800000000")
    other_worker = UserFactory(role=Role.CHILD_DIRECTOR, area_id=XINMINJIE)
    theirs = followed_person(name="离线乙")
    FollowUp.objects.filter(pk=theirs.pk).update(worker=other_worker)
    followed_person(name="龙口人", area_id=LONGKOU)
    client.force_login(director)
    device, response = _prepare(client)
    assert response.status_code == 200, response.content
    bundle = response.json()
    assert [p["name"] for p in bundle["people"]] == ["离线甲"]
    card = bundle["people"][0]
    assert card["id_masked"] == "6103**********1234" and "birth_date" not in card
    names = [f["name"] for s in bundle["form"]["sections"] for f in s["fields"]]
    assert {"method", "visited_at", "health", "fire_safety", "need_kind", "notes"} <= set(names)
    assert bundle["settings"]["pin_tries"] == 5
    stored = FieldDevice.objects.get(key=device)
    assert stored.people_count == 1 and str(mine.person_id) in stored.prepared
    assert AccessLog.objects.filter(object_type="field_bundle", user=director).count() == 1


def test_prepare_stops_at_the_limit_and_says_how_many_there_are(client, director, settings):
    settings.FIELD_MAX_PEOPLE = 2
    for n in range(3):
        followed_person(name=f"限{n}")
    client.force_login(director)
    bundle = _prepare(client)[1].json()
    assert len(bundle["people"]) == 2 and bundle["total"] == 3


def test_a_county_officer_does_not_visit_offline(client, county):
    client.force_login(county)
    assert _prepare(client)[1].status_code == 403


def test_a_visit_sent_twice_is_stored_once(client, director):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    client_id = uuid.uuid4()
    first = _send(client, device, fu.person_id, client_id, need_kind="health", need_description="腿疼，需要就医")
    assert first.status_code == 201, first.content
    again = _send(client, device, fu.person_id, client_id, need_kind="health", need_description="腿疼，需要就医")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["visit_id"] == first.json()["visit_id"]
    assert VisitRecord.objects.filter(person_id=fu.person_id).count() == 1
    assert Need.objects.filter(person_id=fu.person_id).count() == 1
    submission = FieldSubmission.objects.get(client_id=client_id)
    assert submission.attempts == 2 and submission.status == "recorded"
    assert AccessLog.objects.filter(action="sync", object_id=str(client_id)).count() == 2
    assert FollowUp.objects.get(pk=fu.pk).next_due_on > timezone.localdate()


def test_an_invalid_visit_comes_back_with_its_reason_and_can_be_resent(client, director):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    client_id = uuid.uuid4()
    response = _send(client, device, fu.person_id, client_id, need_kind="health", need_description="")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "rejected"
    assert "need_description" in body["errors"] and "请描述需求" in body["errors"]["need_description"][0]
    assert not VisitRecord.objects.filter(person_id=fu.person_id).exists()
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    body = _send(client, device, fu.person_id, client_id, visited_at=future).json()
    assert body["status"] == "rejected" and "晚于现在" in body["errors"]["visited_at"][0]
    fixed = _send(client, device, fu.person_id, client_id, need_kind="health", need_description="腿疼")
    assert fixed.status_code == 201 and fixed.json()["status"] == "recorded"
    assert FieldSubmission.objects.get(client_id=client_id).attempts == 3


def test_a_visit_to_a_transferred_person_is_held_and_flagged(client, director, supervisor):
    fu = followed_person(name="迁走的人")
    client.force_login(director)
    device, _ = _prepare(client)
    Person.objects.filter(pk=fu.person_id).update(area_id=LONGKOU)
    FollowUp.objects.filter(pk=fu.pk).update(area_id=LONGKOU)
    body = _send(client, device, fu.person_id).json()
    assert body["status"] == "held" and body["flag"] == "transferred"
    submission = FieldSubmission.objects.get(client_id=body["client_id"])
    assert submission.area_id == XINMINJIE and submission.payload["notes"] == "离线探访"
    client.force_login(supervisor)
    page = client.get("/field/flags/")
    assert "迁走的人" in page.content.decode()


def test_a_visit_whose_follow_up_changed_is_recorded_and_flagged(client, director):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    FollowUp.objects.filter(pk=fu.pk).update(next_due_on=fu.next_due_on + datetime.timedelta(days=20))
    body = _send(client, device, fu.person_id).json()
    assert body["status"] == "recorded" and body["flag"] == "due_changed"


def test_a_person_never_prepared_and_outside_the_scope_is_a_404(client, director, outsider):
    theirs = followed_person(area_id=LONGKOU)
    client.force_login(director)
    device, _ = _prepare(client)
    assert _send(client, device, theirs.person_id).status_code == 404
    assert not FieldSubmission.objects.exists()
    assert AccessLog.objects.filter(action="denied", object_type="field_visit").exists()


def test_the_outsider_cannot_use_anothers_device(client, director, outsider):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    client.force_login(outsider)
    assert _send(client, device, fu.person_id).status_code == 404
    assert _prepare(client, device)[1].status_code == 404


def test_a_revoked_device_is_told_to_wipe(client, director, supervisor):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    client.force_login(supervisor)
    pk = FieldDevice.objects.get(key=device).pk
    assert client.post(f"/field/devices/{pk}/revoke/").status_code == 302
    client.force_login(director)
    assert _send(client, device, fu.person_id).status_code == 410
    assert _prepare(client, device)[1].status_code == 410
    assert not VisitRecord.objects.exists()


def test_photos_are_kept_with_the_visit_and_checked(client, director, settings):
    fu = followed_person()
    client.force_login(director)
    device, _ = _prepare(client)
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0" + b"0" * 100).decode()
    body = _send(client, device, fu.person_id, photos=[jpeg]).json()
    assert body["status"] == "recorded"
    photo = FieldPhoto.objects.get()
    assert photo.size == 104 and photo.area_id == XINMINJIE
    png = base64.b64encode(b"\x89PNG" + b"0" * 10).decode()
    body = _send(client, device, fu.person_id, photos=[png]).json()
    assert body["status"] == "rejected" and "JPEG" in body["errors"]["photos"][0]
    settings.FIELD_PHOTO_MAX_BYTES = 50
    body = _send(client, device, fu.person_id, photos=[jpeg]).json()
    assert body["status"] == "rejected" and "KB" in body["errors"]["photos"][0]


def test_a_social_worker_prepares_only_the_people_assigned_to_them(client, director):
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id="610330")
    mine = followed_person(name="社工对象")
    followed_person(name="别人的对象")
    FollowUp.objects.filter(pk=mine.pk).update(worker=worker)
    client.force_login(worker)
    bundle = _prepare(client)[1].json()
    assert [p["name"] for p in bundle["people"]] == ["社工对象"]


def test_a_300_person_bundle_is_under_2_mb(client, director):
    """Issue 19: a whole caseload offline in < 2 MB, even with long addresses and two long open needs each."""
    from guanai.people.models import Person as P

    today = timezone.localdate()
    people = P.objects.bulk_create([P(area_id=XINMINJIE, name=f"长名字测试对象{i:03d}", phone=f"139{i:08d}",
                                      address="凤县双石铺镇新民街社区" * 10, id_number_masked="6103**********123X",
                                      birth_date=datetime.date(1950, 1, 1), risk_level="high") for i in range(300)])
    FollowUp.objects.bulk_create([FollowUp(person=p, area_id=XINMINJIE, risk_level="high", target_group="elder",
                                           followed_since=today, contact_due_on=today, next_due_on=today)
                                  for p in people])
    Need.objects.bulk_create([Need(person=p, area_id=XINMINJIE, kind="daily_care", created_by=director,
                                   description="需" * 300) for p in people for _ in range(2)])
    client.force_login(director)
    response = _prepare(client)[1]
    assert len(response.json()["people"]) == 300
    assert len(response.content) < 2 * 1024 * 1024, len(response.content)
