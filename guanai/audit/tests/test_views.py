import pytest

from guanai.audit.services import access_log_write, event_record
from guanai.audit.tests.factories import AccessLogFactory, EventFactory
from guanai.conftest import LONGKOU, XINMINJIE

pytestmark = pytest.mark.django_db


def _plant(user):
    access_log_write(user=user, action="view", object_type="person", object_id="11", area_code=XINMINJIE,
                     reason="新民街的查阅")
    access_log_write(user=user, action="export", object_type="person_list", area_code=LONGKOU,
                     reason="龙口的导出")
    event_record(actor=user, verb="person_created", object_type="person", object_id="11", area_code=XINMINJIE)


def test_auditor_reads_and_filters_the_whole_log(client, auditor, director):
    _plant(director)
    client.force_login(auditor)
    page = client.get("/audit/access/").content.decode()
    assert "新民街的查阅" in page and "龙口的导出" in page
    filtered = client.get("/audit/access/", {"action": "export"}).content.decode()
    assert "龙口的导出" in filtered and "新民街的查阅" not in filtered
    assert "person_created" in client.get("/audit/events/").content.decode()


def test_roles_without_audit_rights_are_refused(client, director, outsider):
    _plant(director)
    for user in (director, outsider):
        client.force_login(user)
        assert client.get("/audit/access/").status_code == 403
        assert client.get("/audit/events/").status_code == 403


def test_log_pages_cost_a_constant_number_of_queries(client, auditor, director, django_assert_max_num_queries):
    AccessLogFactory.create_batch(30, user=director, reason="批量查阅")
    EventFactory.create_batch(30, actor=director)
    client.force_login(auditor)
    with django_assert_max_num_queries(12):
        access = client.get("/audit/access/")
    with django_assert_max_num_queries(12):
        events = client.get("/audit/events/")
    assert access.content.decode().count("批量查阅") == 30
    assert events.content.decode().count("新增服务对象") >= 30


def test_system_rows_without_a_user_render_and_verbs_read_as_words(client, auditor, director):
    """Jobs and the demo write events with no actor; failed sign-ins leave access rows with no user."""
    _plant(director)
    event_record(actor=None, verb="categories_recomputed", object_type="person")
    access_log_write(user=None, action="view", object_type="person", object_id="12", area_code=XINMINJIE)
    client.force_login(auditor)
    events = client.get("/audit/events/")
    assert events.status_code == 200
    page = events.content.decode()
    assert "系统" in page and "按规则认定类别" in page and "新增服务对象" in page
    assert client.get("/audit/access/").status_code == 200


def test_auditor_filters_by_purpose_and_sees_who_unmasked_most(client, auditor, director, supervisor):
    for _ in range(3):
        access_log_write(user=director, action="unmask", object_type="person", object_id="11", area_code=XINMINJIE,
                         purpose="benefit_review", reason="三月补贴复核")
    access_log_write(user=supervisor, action="break_glass", object_type="case", object_id="5", area_code=XINMINJIE,
                     purpose="emergency", reason="儿童求助")
    access_log_write(user=supervisor, action="view", object_type="person", object_id="11", area_code=XINMINJIE)
    client.force_login(auditor)
    filtered = client.get("/audit/access/", {"purpose": "emergency"})
    assert [row.purpose for row in filtered.context["page_obj"]] == ["emergency"]
    assert "儿童求助" in filtered.content.decode() and "三月补贴复核" not in filtered.content.decode()
    top = filtered.context["top"]
    assert [(row["user__username"], row["n"]) for row in top] == [("director", 3), ("supervisor", 1)]
    assert 'id="unmaskers"' in filtered.content.decode()
