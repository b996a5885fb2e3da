"""Every visit page as its owner (the director or supervisor), and as the outsider who must get
nothing; list pages with query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.models import AccessLog
from guanai.visits.models import FollowUp, MajorEvent, Need, VisitRecord
from guanai.visits.monitoring import device_signal_receive
from guanai.visits.schemas import DeviceSignalIn, NeedIn
from guanai.visits.services import need_refer, visit_record
from guanai.visits.tests.factories import DeviceFactory, followed_person

pytestmark = pytest.mark.django_db
NAME = "探访甲乙"


@pytest.fixture
def world(director, county, visit_in):
    fu = followed_person(name=NAME)
    scope = scope_for(director)
    visit = visit_record(actor=director, scope=scope, person=fu.person,
                         data=visit_in(notes="VISIT-NOTE", needs=[NeedIn(kind="health", description="看病难",
                                                                         urgent=True)]))
    need = Need.objects.get()
    other = Need.objects.create(person=fu.person, area_id=fu.area_id, kind="money", description="补贴",
                                created_by=director)
    referral = need_refer(actor=director, scope=scope, need=other, to_department="镇民政办",
                          deadline=timezone.localdate() + datetime.timedelta(days=5))
    device = DeviceFactory(person=fu.person)
    alert = device_signal_receive(actor=county, scope=scope_for(county), data=DeviceSignalIn(
        serial=device.serial, signal="sos", occurred_at=timezone.now())).alert
    return {"person": fu.person.pk, "visit": visit.pk, "need": need.pk, "referral": referral.pk, "alert": alert.pk}


def _urls(w):
    return [reverse("visits:due"), reverse("visits:person", args=[w["person"]]),
            reverse("visits:record", args=[w["person"]]), reverse("visits:detail", args=[w["visit"]]),
            reverse("visits:correct", args=[w["visit"]]), reverse("visits:pdf", args=[w["visit"]]),
            reverse("visits:needs"), reverse("visits:need_refer", args=[w["need"]]),
            reverse("visits:referral", args=[w["referral"]]), reverse("visits:alerts"),
            reverse("visits:alert_answer", args=[w["alert"]]), reverse("visits:events"),
            reverse("visits:figures"), reverse("visits:figures_xlsx")]


def test_the_director_sees_every_page_with_its_content(client, director, county, world):
    """Each page shows what it is for: who is due, the person, the visit's notes, the need, the referral,
    the alert, the major event."""
    followed_person(name="待访丙丁")  # not visited yet: due
    now = timezone.now()
    MajorEvent.objects.create(area_id="610330100", kind="extreme_weather", title="寒潮预警", starts_at=now,
                              ends_at=now + datetime.timedelta(days=1), declared_by=county)
    client.force_login(director)
    shows = {
        reverse("visits:due"): ["待访丙丁"], reverse("visits:person", args=[world["person"]]): [NAME],
        reverse("visits:record", args=[world["person"]]): [NAME],
        reverse("visits:detail", args=[world["visit"]]): [NAME, "VISIT-NOTE", "看病难"],
        reverse("visits:correct", args=[world["visit"]]): ["VISIT-NOTE"],
        reverse("visits:needs"): [NAME, "看病难"], reverse("visits:need_refer", args=[world["need"]]): ["看病难"],
        reverse("visits:referral", args=[world["referral"]]): ["镇民政办", "补贴"],
        reverse("visits:alerts"): [NAME], reverse("visits:alert_answer", args=[world["alert"]]): [NAME],
        reverse("visits:events"): ["寒潮预警"], reverse("visits:figures"): ["新民街社区"],
    }
    assert set(shows) | {reverse("visits:pdf", args=[world["visit"]]), reverse("visits:figures_xlsx")} == set(
        _urls(world))
    missing = {}
    for url, texts in shows.items():
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        missing.update({url: lost} if (lost := [text for text in texts if text not in body]) else {})
    assert missing == {}
    pdf = client.get(reverse("visits:pdf", args=[world["visit"]]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    sheet = client.get(reverse("visits:figures_xlsx"))
    assert sheet.status_code == 200 and sheet.content.startswith(b"PK")  # an .xlsx is a zip


def test_the_outsider_gets_nothing(client, outsider, world):
    client.force_login(outsider)
    for url in _urls(world):
        response = client.get(url)
        body = response.content.decode("utf-8", errors="ignore") if not response.streaming else ""
        assert response.status_code in (200, 403, 404), url
        assert NAME not in body and "VISIT-NOTE" not in body and "看病难" not in body, url


def test_the_due_list_shows_the_person_and_then_not(client, director, world):
    client.force_login(director)
    FollowUp.objects.update(next_due_on=timezone.localdate())
    marker = 'data-person="{}"'.format(world["person"])
    assert marker in client.get(reverse("visits:due")).content.decode()
    response = client.post(reverse("visits:record", args=[world["person"]]), {
        "method": "home", "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "health": "good",
        "mental_state": "fair", "gas_safety": "ok", "power_safety": "ok", "fire_safety": "hazard",
        "fall_safety": "ok", "money_received": "yes", "supporters_care": "good", "notes": "入户回访"})
    assert response.status_code == 302
    assert VisitRecord.objects.filter(notes="入户回访", fire_safety="hazard").exists()
    assert marker not in client.get(reverse("visits:due")).content.decode()


def test_an_invalid_visit_form_names_the_field(client, director, world):
    client.force_login(director)
    response = client.post(reverse("visits:record", args=[world["person"]]), {"method": "home", "visited_at": ""})
    assert response.status_code == 200
    assert "visited_at" in response.content.decode() or "探访时间" in response.content.decode()


def test_viewing_a_visit_is_logged(client, director, world):
    client.force_login(director)
    client.get(reverse("visits:detail", args=[world["visit"]]))
    assert AccessLog.objects.filter(object_type="visit", object_id=str(world["visit"]), user=director).exists()


def test_the_pdf_is_a_pdf_with_the_chinese_font(client, director, world):
    client.force_login(director)
    response = client.get(reverse("visits:pdf", args=[world["visit"]]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"STSong-Light" in response.content


def test_the_excel_export_has_the_rate_table(client, director, world):
    from python_calamine import CalamineWorkbook

    client.force_login(director)
    response = client.get(reverse("visits:figures_xlsx"))
    sheet = CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:2] == ["区划代码", "区划名称"] and rows[1][0] == "610330100007"


def test_a_supervisor_declares_an_event_from_the_page(client, supervisor, world):
    client.force_login(supervisor)
    now = timezone.localtime()
    response = client.post(reverse("visits:events"), {
        "area_code": "610330100", "kind": "extreme_weather", "title": "寒潮",
        "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302 and MajorEvent.objects.filter(title="寒潮").exists()


def test_a_director_cannot_assign(client, director, world):
    client.force_login(director)
    assert client.get(reverse("visits:assign")).status_code == 403


def test_the_supervisor_assign_page(client, supervisor, world):
    client.force_login(supervisor)
    assert NAME in client.get(reverse("visits:assign")).content.decode()


def test_due_page_query_count_is_flat(client, director, django_assert_max_num_queries):
    for _ in range(3):
        followed_person()
    client.force_login(director)
    client.get(reverse("visits:due"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("visits:due") + "?when=month")
    for _ in range(12):
        followed_person()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("visits:due") + "?when=month")
    assert response.content.decode().count('class="vs-due-item') == 15


def test_home_cards_for_director_and_supervisor(client, director, supervisor, world):
    client.force_login(director)
    page = client.get(reverse("home")).content.decode()
    assert "我的探访提醒" in page and "本月探访率" in page
    client.force_login(supervisor)
    page = client.get(reverse("home")).content.decode()
    assert "待督办" in page and "看病难" in page


def test_the_excel_export_writes_a_formula_like_area_name_as_text(client, director, world):
    from python_calamine import CalamineWorkbook

    from guanai.areas.models import Area

    Area.objects.filter(code="610330100007").update(name="=HYPERLINK(\"http://x\")")
    client.force_login(director)
    response = client.get(reverse("visits:figures_xlsx"))
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
