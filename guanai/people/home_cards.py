"""The registry's card on the home page (provider contract: guanai/web/home.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.areas.models import Area, Level
from guanai.areas.selectors import area_children
from guanai.people.models import Category
from guanai.people.selectors import category_counts, category_counts_by_area

# The groups a bureau reports on (the seeds' figures), in the order they are read, for the chart.
CHART_CATEGORIES = [Category.LEFT_BEHIND_CHILD, Category.LEFT_BEHIND_ELDER, Category.EMPTY_NEST_ELDER,
                    Category.ORPHAN, Category.DE_FACTO_ORPHAN, Category.CHILD_IN_DIFFICULTY]
CHILD_CODE_LENGTH = {Level.PROVINCE: 4, Level.PREFECTURE: 6, Level.COUNTY: 9, Level.TOWNSHIP: 12}


def registry_card(*, user, scope: Scope, area: Area | None) -> dict | None:
    """How many people the area follows in each category, with a chart by sub-area."""
    if not user.can(Capability.PEOPLE_VIEW):
        return None
    counts = category_counts(scope=scope)
    list_url = reverse("people:list")
    chips = [{"label": label, "n": counts[value], "url": f"{list_url}?category={value}"}
             for value, label in Category.choices]
    return {"title": _("服务对象概况"), "template": "people/cards/registry.html", "order": 4, "wide": True,
            "context": {"chips": chips, "chart": _chart(scope, area), "list_url": list_url}}


def _chart(scope: Scope, area: Area | None) -> dict | None:
    length = CHILD_CODE_LENGTH.get(area.level) if area else None
    if length is None:
        return None
    children = {a.code: a.short_name for a in area_children(code=area.code)}
    grouped = category_counts_by_area(scope=scope, code_length=length)
    units = [code for code in children if grouped.get(code)]
    if len(units) < 2:
        return None
    labels = dict(Category.choices)
    return {"labels": [children[code] for code in units],
            "series": [{"name": str(labels[c]), "data": [grouped[code].get(c, 0) for code in units]}
                       for c in CHART_CATEGORIES]}
