"""The figures card on the home page (provider contract: guanai/web/home.py): this month's main
figures from the analytics store, each a link into the drill-down, with the store's "data as of"."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability, Role
from guanai.accounts.scoping import Scope
from guanai.reports import selectors
from guanai.reports.periods import month_period

CARD_INDICATORS = ("left_behind_elder", "empty_nest_elder", "special_difficulty_elder", "left_behind_child",
                   "orphan", "de_facto_orphan", "elder_visit_rate", "child_visit_rate", "overdue_followups",
                   "child_director_coverage", "child_supervisor_coverage")


# The roles whose home shows this card instead of the cards that count records on every load
# (web/home.py); the others keep theirs and reach the figures through the menu.
CARD_ROLES = (Role.PREFECTURE_ANALYST,)


def figures_card(*, user, scope: Scope, area) -> dict | None:
    if user.role not in CARD_ROLES or not user.can(Capability.FIGURES_VIEW) or scope.assigned_to is not None:
        return None
    period = month_period(timezone.localdate())
    shown = [i for i in selectors.indicator_list() if i.code in CARD_INDICATORS]
    code = area.code if area else ""
    query = urlencode({"period": period.key} | ({"area": code} if code else {}))
    figures = [(f, reverse("reports:indicator", args=[f.indicator.code]) + "?" + query)
               for f in selectors.figures(area_code=code, period=period, indicators=shown)]
    return {"title": _("本月统计"), "template": "reports/cards/figures.html", "order": 3, "wide": True,
            "context": {"figures": figures, "freshness": selectors.freshness(), "period": period,
                        "url": reverse("reports:dashboard") + "?" + query}}
