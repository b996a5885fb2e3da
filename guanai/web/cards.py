"""The web app's own home cards (see guanai/web/home.py for the provider contract)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from guanai.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from guanai.accounts.scoping import Scope
from guanai.accounts.selectors import staff_coverage, user_count_by_role, user_list
from guanai.areas.models import Area, Kind, Level
from guanai.areas.selectors import area_ancestors, area_children, area_descendant_counts, area_names
from guanai.audit.selectors import access_log_list, event_list

RECENT_LOG_ROWS = 12
STAFF_LIST_ROWS = 30
KIND_LABELS = dict(Kind.choices)
LEVEL_LABELS = dict(Level.choices)


def place_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    """Where the area sits in the tree and what lies below it, by level and kind."""
    if area is None:
        return None
    below = [
        {"level": LEVEL_LABELS[level], "total": sum(kinds.values()),
         "kinds": [(KIND_LABELS.get(kind, kind), n) for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])
                   if kind != Kind.ADMINISTRATIVE]}
        for level, kinds in area_descendant_counts(area=area).items()
    ]
    return {"title": _("辖区概况"), "template": "web/cards/place.html", "order": 10,
            "context": {"area": area, "ancestors": area_ancestors(area=area), "below": below,
                        "kind": KIND_LABELS.get(area.kind, ""), "level": LEVEL_LABELS[area.level]}}


def staff_coverage_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    """Child directors per village and supervisors per township, with a chart by sub-area."""
    if area is None or area.level == Level.VILLAGE or not user.can(Capability.FIGURES_VIEW):
        return None
    coverage = staff_coverage(scope=scope, area=area)
    chart = None
    if len(coverage.rows) > 1:
        chart = {
            "labels": [row.area.short_name for row in coverage.rows],
            "covered": [row.villages.covered for row in coverage.rows],
            "missing": [row.villages.missing for row in coverage.rows],
            "names": {"covered": _("已配备儿童主任"), "missing": _("未配备")},
        }
    return {"title": _("儿童工作队伍覆盖"), "template": "web/cards/coverage.html", "order": 5, "wide": True,
            "context": {"coverage": coverage, "chart": chart, "area": area,
                        "row_label": LEVEL_LABELS.get(coverage.rows[0].area.level, "") if coverage.rows else ""}}


def subareas_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    """The areas one level down, each a button that narrows the working area to it."""
    if area is None:
        return None
    children = list(area_children(code=area.code))
    if not children:
        return None
    return {"title": _("下级区划"), "template": "web/cards/subareas.html", "order": 15,
            "context": {"children": children, "level": LEVEL_LABELS[children[0].level]}}


def staff_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    """The staff accounts of a village or township (a county lists too many; it has the admin)."""
    if area is None or area.level not in (Level.VILLAGE, Level.TOWNSHIP):
        return None
    staff = list(user_list(scope=scope).filter(is_active=True)[:STAFF_LIST_ROWS])
    return {"title": _("本辖区工作人员"), "template": "web/cards/staff.html", "order": 30,
            "context": {"staff": staff}}


def user_counts_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    if not user.can(Capability.USERS_MANAGE):
        return None
    counts = user_count_by_role(scope=scope)
    link = _admin_url("admin:accounts_user_changelist") if user.is_staff else None
    rows = [{"label": label, "n": counts[role], "url": f"{link}?role__exact={role}" if link else None}
            for role, label in Role.choices]
    return {"title": _("用户（按角色）"), "template": "web/cards/user_counts.html", "order": 10,
            "context": {"rows": rows, "total": sum(counts.values()), "peak": max(counts.values()) or 1}}


def admin_links_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    if not (user.can(Capability.USERS_MANAGE) and user.is_staff):
        return None
    wanted = [
        ("admin:accounts_user_changelist", _("用户与角色"), _("新增用户、分配角色和所属区划、停用账户")),
        ("admin:areas_area_changelist", _("行政区划"), _("查看区划树、停用日期和版本")),
        ("admin:accounts_apitoken_changelist", _("接口令牌"), _("对接上级系统的访问令牌")),
        ("admin:audit_event_changelist", _("业务事件"), _("每一次修改的记录")),
    ]
    links = [{"url": url, "label": label, "hint": hint}
             for name, label, hint in wanted if (url := _admin_url(name))]
    return {"title": _("系统管理"), "template": "web/cards/admin_links.html", "order": 20,
            "context": {"links": links, "index": _admin_url("admin:index")}}


def _areas_named(rows: list) -> list:
    """Log rows keep a plain area code; the card shows the place's name (one query)."""
    names = area_names(codes={row.area_code for row in rows if row.area_code})
    for row in rows:
        row.area_label = names.get(row.area_code, row.area_code)
    return rows


def access_log_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    if not user.can(Capability.AUDIT_VIEW):
        return None
    rows = _areas_named(list(access_log_list(scope=scope)[:RECENT_LOG_ROWS]))
    return {"title": _("最近的个人信息访问记录"), "template": "web/cards/access_log.html", "order": 30,
            "wide": True, "context": {"rows": rows}}


def event_log_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    if not user.can(Capability.AUDIT_VIEW):
        return None
    rows = _areas_named(list(event_list(scope=scope)[:RECENT_LOG_ROWS]))
    return {"title": _("最近的业务事件"), "template": "web/cards/event_log.html", "order": 40,
            "wide": True, "context": {"rows": rows}}


def capabilities_card(*, user, scope: Scope, area: Area | None) -> dict:
    labels = dict(Capability.choices)
    allowed = [labels[c] for c in Capability.values if c in ROLE_CAPABILITIES.get(user.role, ())]
    return {"title": _("我的权限"), "template": "web/cards/capabilities.html", "order": 900, "wide": True,
            "context": {"role": user.get_role_display(), "allowed": allowed}}


def _admin_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
