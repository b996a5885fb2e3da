"""Home card of facilities (provider contract: guanai/web/home.py). No import of web here."""

from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.facilities import selectors
from guanai.facilities.models import SubsidyStatus


def facilities_card(*, user, scope: Scope, area) -> dict | None:
    """Open facilities by kind in the working area, and subsidy rosters waiting for a step."""
    if not user.can(Capability.FACILITIES_VIEW):
        return None
    counts = selectors.facility_counts(scope=scope)
    if not counts:
        return None
    kinds = [(k.name, counts[k.code]) for k in selectors.kind_list() if k.code in counts]
    waiting = 0
    if user.can(Capability.FACILITIES_PAY):
        waiting = selectors.subsidy_roster_list(scope=scope).filter(
            status__in=[SubsidyStatus.DRAFT, SubsidyStatus.APPROVED]).count()
    return {"title": _("服务设施"), "template": "facilities/cards/facilities.html", "order": 45,
            "context": {"kinds": kinds, "waiting": waiting}}
