"""The case pages as each persona: the owner side works, a colleague not on the case is refused (and
logged) until they give a reason, the outsider gets 404 everywhere."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessLog
from guanai.cases.models import Case, Notification
from guanai.cases.rules import Step
from guanai.cases.tests.factories import JointMeetingFactory, case_at, case_reported
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
LOCAL = "%Y-%m-%dT%H:%M"


def _case_urls(case) -> list[str]:
    names = ["detail", "assign", "link"] + [f"step_{s}" for s in Step.values]
    return [reverse(f"cases:{n}", args=[case.pk]) for n in names]


def test_a_director_files_an_urgent_report_for_a_registered_child(client, director, supervisor, county):
    child = PersonFactory(area_id=director.area_id, name="王小花")
    client.force_login(director)
    page = client.get(reverse("cases:report") + "?q=王小花")
    assert "王小花" in page.content.decode()
    response = client.post(reverse("cases:report"), {
        "person_id": child.pk, "received_at": timezone.localtime().strftime(LOCAL), "channel": "phone",
        "reporter_type": "school", "situation": "abandoned", "description": "孩子独自在家多日", "urgent": "on"})
    case = Case.objects.get(person=child)
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    assert Notification.objects.filter(user=supervisor, case=case).exists()
    client.force_login(supervisor)
    home = client.get("/").content.decode()
    assert case.number in home


def test_a_report_for_a_new_child_and_its_errors(client, director):
    client.force_login(director)
    response = client.post(reverse("cases:report"), {
        "received_at": timezone.localtime().strftime(LOCAL), "channel": "own", "reporter_type": "village_committee",
        "situation": "abandoned", "description": "x"})
    assert response.status_code == 200 and "child_name" in response.context["form"].errors
    response = client.post(reverse("cases:report"), {
        "child_name": "新来的孩子", "child_sex": "male", "child_birth_date": "2018-02-03",
        "child_area_code": director.area_id, "received_at": timezone.localtime().strftime(LOCAL), "channel": "own",
        "reporter_type": "village_committee", "situation": "abandoned", "description": "孩子被遗弃在村口"})
    assert response.status_code == 302
    assert Case.objects.get().person.name == "新来的孩子"


def test_the_county_takes_a_step_through_its_form(client, director, county):
    case = case_reported(by=director)
    client.force_login(county)
    url = reverse("cases:step_emergency", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"contacted_at": timezone.localtime().strftime(LOCAL), "child_safe": "on",
                                 "actions": "上门核实", "placement_type": "home"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == "emergency_response"
    response = client.post(reverse("cases:step_plan", args=[case.pk]), {"goals": "x"})
    assert response.status_code == 200  # wrong stage and missing rows: the form says so, nothing saved


def test_a_colleague_is_refused_logged_then_breaks_the_glass(client, director, county):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    client.force_login(colleague)
    listing = client.get(reverse("cases:list")).content.decode()
    assert case.number in listing and case.person.name not in listing
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 403 and case.person.name not in response.content.decode()
    assert AccessLog.objects.filter(user=colleague, action="denied", object_id=str(case.pk)).exists()
    url = reverse("cases:break_glass", args=[case.pk])
    assert client.post(url, {"reason": "x", "purpose": "case_handling"}).status_code == 403
    response = client.post(url, {"reason": "孩子今天到村委会求助", "purpose": "emergency"})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200 and case.person.name in page.content.decode()
    read = AccessLog.objects.filter(user=colleague, action="view", object_id=str(case.pk)).get()
    assert read.detail == {"break_glass": True}
    assert client.get(reverse("cases:step_emergency", args=[case.pk])).status_code == 403  # reading is not working
    client.force_login(county)
    assert "孩子今天到村委会求助" in client.get("/").content.decode()
    assert "孩子今天到村委会求助" in client.get(reverse("cases:access")).content.decode()


def test_the_outsider_gets_nothing_and_the_attempt_is_logged(client, director, outsider):
    case = case_reported(by=director)
    client.force_login(outsider)
    for url in _case_urls(case):
        response = client.get(url)
        assert response.status_code in (403, 404), url  # 403 only where the role lacks the capability
        assert case.person.name not in response.content.decode() and case.number not in response.content.decode()
    assert client.post(reverse("cases:break_glass", args=[case.pk]), {"reason": "想看看情况",
                                                                       "purpose": "case_handling"}).status_code == 404
    assert case.number not in client.get(reverse("cases:list")).content.decode()
    assert AccessLog.objects.filter(user=outsider, action="denied", reason="outside_scope").exists()


def test_boards_for_the_county_and_refused_for_the_director(client, director, county, outsider):
    case_at("review", county=county, by=director)
    meeting = JointMeetingFactory(recorded_by=county)
    client.force_login(county)
    for name in ("meetings", "meeting_new", "figures", "access", "notifications"):
        assert client.get(reverse(f"cases:{name}")).status_code == 200, name
    assert client.get(reverse("cases:meeting", args=[meeting.pk])).status_code == 200
    xlsx = client.get(reverse("cases:figures_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    client.force_login(director)
    assert client.get(reverse("cases:meetings")).status_code == 403
    assert client.get(reverse("cases:access")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("cases:meeting", args=[meeting.pk])).status_code == 403


def test_a_meeting_is_recorded_with_its_cases(client, director, county):
    case = case_at("assessment", county=county, by=director)
    client.force_login(county)
    response = client.post(reverse("cases:meeting_new"), {
        "area_code": "610330", "held_on": "2026-11-20", "title": "第四季度联席会议", "departments": "民政、教育、公安",
        "case_1": case.pk, "decision_1": "由教育部门落实复学", "owner_1": "县教育局", "due_1": "2026-12-10"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "由教育部门落实复学" in page and case.number in page


@pytest.mark.parametrize("persona", ["director", "supervisor", "county"])
def test_the_list_costs_the_same_for_5_or_25_cases(client, director, county, persona, request):
    user = request.getfixturevalue(persona)
    for _ in range(5):
        case_reported(by=director)
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cases:list")).status_code == 200
    for _ in range(20):
        case_reported(by=director)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:list"))
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_home_page_costs_the_same_with_more_cases(client, director, county):
    for _ in range(3):
        case_reported(by=director, urgent=True, received_at=timezone.now() - datetime.timedelta(hours=30))
    client.force_login(county)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(10):
        case_reported(by=director, urgent=True, received_at=timezone.now() - datetime.timedelta(hours=30))
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_the_person_timeline_shows_the_case_only_to_those_who_know(client, director, supervisor):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    url = reverse("people:detail", args=[case.person_id])
    client.force_login(supervisor)
    assert case.number in client.get(url).content.decode()
    client.force_login(colleague)
    page = client.get(url)
    assert page.status_code == 200 and case.number not in page.content.decode()
