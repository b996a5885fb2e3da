"""The two extension points other apps use: navigation items and home cards."""

import pytest
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from guanai.accounts.roles import Capability
from guanai.web import home, nav

pytestmark = pytest.mark.django_db


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_nav_leaves_out_pages_that_do_not_exist(monkeypatch, director):
    monkeypatch.setattr(nav, "NAV_ITEMS", [nav.NavItem("home", _("工作台")),
                                           nav.NavItem("nowhere:list", _("未完成的页面"))])
    links = nav.nav_links(_request(director))
    assert [link.label for link in links] == ["工作台"] and links[0].active


def test_nav_respects_capabilities_and_staff(administrator, director):
    assert "系统管理" in [link.label for link in nav.nav_links(_request(administrator))]
    assert "系统管理" not in [link.label for link in nav.nav_links(_request(director))]
    assert not director.can(Capability.USERS_MANAGE)


def test_a_provider_adds_a_card_and_none_skips_it(monkeypatch, client, director):
    def visits_card(*, user, scope, area):
        return {"title": "本月探访", "template": "web/cards/capabilities.html", "order": 1,
                "context": {"role": "x", "allowed": ["探访卡片内容"]}}

    def silent_card(*, user, scope, area):
        return None

    monkeypatch.setattr(home, "HOME_CARD_PROVIDERS", [*home.HOME_CARD_PROVIDERS, visits_card, silent_card])
    client.force_login(director)
    response = client.get("/")
    cards = response.context["cards"]
    assert cards[0].title == "本月探访"
    assert "探访卡片内容" in response.content.decode()
