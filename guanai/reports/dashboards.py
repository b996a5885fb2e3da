"""One dashboard per role: which indicators it shows as cards (by section), which one its sub-area
chart and trend start on, and which columns its sub-area table has. Data, not code in templates."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from guanai.accounts.roles import Role

SECTIONS = {
    "elderly": _("老年人"), "children": _("儿童"), "visits": _("探访关爱"), "money": _("资金发放"),
    "protection": _("未成年人保护"), "facilities": _("服务设施"), "workforce": _("工作队伍"),
}


@dataclass(frozen=True)
class Dashboard:
    sections: tuple[str, ...]
    chart: str  # the indicator of the sub-area chart and the trend, until the user picks another
    table: tuple[str, ...]  # columns of the sub-area table


_FULL = Dashboard(
    sections=("elderly", "children", "visits", "money", "facilities", "workforce", "protection"),
    chart="left_behind_child",
    table=("left_behind_elder", "empty_nest_elder", "special_difficulty_elder", "left_behind_child", "orphan",
           "de_facto_orphan", "elder_visit_rate", "child_visit_rate", "overdue_followups"))
_TOWNSHIP = Dashboard(
    sections=("visits", "elderly", "children", "protection", "money", "facilities", "workforce"),
    chart="elder_visit_rate",
    table=("special_difficulty_elder", "left_behind_child", "elder_visit_rate", "child_visit_rate",
           "overdue_followups", "visits_total", "home_visits"))
_VILLAGE = Dashboard(
    sections=("visits", "elderly", "children"), chart="elder_visit_rate",
    table=("special_difficulty_elder", "left_behind_child", "elder_visit_rate", "child_visit_rate",
           "overdue_followups"))

DASHBOARDS = {
    Role.PREFECTURE_ANALYST: _FULL, Role.COUNTY_OFFICER: _FULL, Role.AUDITOR: _FULL, Role.ADMINISTRATOR: _FULL,
    Role.CHILD_SUPERVISOR: _TOWNSHIP, Role.CHILD_DIRECTOR: _VILLAGE,
}


def dashboard_for(role: str) -> Dashboard:
    return DASHBOARDS.get(role, _VILLAGE)
