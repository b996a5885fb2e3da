"""Home cards of benefits (provider contract: guanai/web/home.py). No import of web here."""

from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.benefits import selectors
from guanai.benefits.models import EnrollmentStatus, RosterStatus

RECENT_ROSTERS = 6


def benefits_work_card(*, user, scope: Scope, area) -> dict | None:
    """What waits for this user: applications to review or approve, stops to confirm, rosters to lock."""
    if not user.can(Capability.BENEFITS_VIEW):
        return None
    waiting = []
    if user.can(Capability.BENEFITS_REVIEW):
        n = selectors.enrollment_list(scope=scope, status=EnrollmentStatus.APPLIED).count()
        waiting.append((_("待乡镇审核的申请"), n, reverse("benefits:enrollment_list") + "?status=applied"))
    if user.can(Capability.BENEFITS_APPROVE):
        n = selectors.enrollment_list(scope=scope, status=EnrollmentStatus.REVIEWED).count()
        waiting.append((_("待县级审批的申请"), n, reverse("benefits:enrollment_list") + "?status=reviewed"))
        waiting.append((_("待确认的停发"), selectors.stop_list(scope=scope).count(), reverse("benefits:stop_list")))
    rosters = list(selectors.roster_list(scope=scope)[:RECENT_ROSTERS])
    if not waiting and not rosters:
        return None
    return {"title": _("补贴发放"), "template": "benefits/cards/work.html", "order": 40,
            "context": {"waiting": waiting, "rosters": rosters, "built": RosterStatus.BUILT}}
