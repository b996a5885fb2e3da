"""The navigation bar: one registry of items, shown to a user only when the page exists and the user's
role has the item's capability.

Each app that adds a page adds one `NavItem` here (web is the top layer, so it may name other apps'
URLs; the lower app never imports web). An item whose URL does not resolve is left out, so the bar
never shows a link to a page that does not exist yet.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.roles import Capability


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    capability: str | None = None  # None: every signed-in user
    staff_only: bool = False  # Django admin pages also need is_staff


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    active: bool


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("工作台")),
    NavItem("people:list", _("服务对象"), Capability.PEOPLE_VIEW),
    NavItem("visits:due", _("探访关爱"), Capability.PEOPLE_VIEW),
    NavItem("fieldwork:app", _("离线探访"), Capability.VISITS_OFFLINE),
    NavItem("cases:list", _("儿童保护"), Capability.PEOPLE_VIEW),
    NavItem("benefits:index", _("补贴发放"), Capability.BENEFITS_VIEW),
    NavItem("facilities:list", _("服务设施"), Capability.FACILITIES_VIEW),
    NavItem("reports:dashboard", _("统计分析"), Capability.FIGURES_VIEW),
    NavItem("exchange:import_start", _("导入"), Capability.PEOPLE_IMPORT),
    NavItem("upstream:index", _("上报与回流"), Capability.UPSTREAM_MANAGE),
    NavItem("comparisons:flags", _("数据比对"), Capability.COMPARISONS_RUN),
    # Later apps add their first page here, e.g. NavItem("people:list", _("服务对象"), Capability.PEOPLE_VIEW)
    NavItem("audit:access_log", _("审计"), Capability.AUDIT_VIEW),
    NavItem("admin:index", _("系统管理"), Capability.USERS_MANAGE, staff_only=True),
]


def nav_links(request: HttpRequest) -> list[NavLink]:
    user = request.user
    links = []
    for item in NAV_ITEMS:
        if item.capability and not user.can(item.capability):
            continue
        if item.staff_only and not user.is_staff:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        links.append(NavLink(url=url, label=str(item.label), active=active))
    return links
