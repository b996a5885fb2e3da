"""Home-page cards of child protection (provider contract in guanai/web/home.py). Web imports these;
this module never imports web."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.audit.models import AccessAction
from guanai.cases import selectors
from guanai.cases.access import manages_area_of
from guanai.cases.figures import case_figures
from guanai.cases.models import PlanStatus
from guanai.cases.rules import LEVEL_CODE_LENGTH, OPEN_STAGES, Stage

CARD_ROWS = 5
CASE_CAPABILITIES = (Capability.CASES_REPORT, Capability.CASES_MANAGE)


def _works_cases(user) -> bool:
    return any(user.can(c) for c in CASE_CAPABILITIES)


def case_notifications_card(*, user, scope: Scope, area) -> dict | None:
    """Unread case notifications (an urgent report, a missed step, an approval waiting), at the top."""
    if not _works_cases(user):
        return None
    unread = selectors.notification_list(user=user, scope=scope)
    rows = list(unread[:CARD_ROWS])
    if not rows:
        return None
    return {"title": _("个案通知"), "template": "cases/cards/notifications.html", "order": 1,
            "context": {"rows": rows, "total": unread.count(),
                        "url": reverse("cases:notifications")}}


def case_work_card(*, user, scope: Scope, area) -> dict | None:
    """My open cases, overdue steps in my area (escalated ones marked), approvals waiting for me."""
    if not _works_cases(user):
        return None
    now = timezone.now()
    code = manages_area_of(user)
    approver = bool(code and len(code) == LEVEL_CODE_LENGTH["county"] and user.can(Capability.CASES_APPROVE))
    awaiting = (Q(stage=Stage.ASSISTANCE_PLAN, plans__status=PlanStatus.SUBMITTED)
                | Q(stage=Stage.REVIEW, closure_requested_at__isnull=False))
    counts = selectors.case_list(scope=scope, viewer=user).aggregate(
        mine=Count("pk", distinct=True, filter=Q(known=True, stage__in=OPEN_STAGES)),
        new=Count("pk", distinct=True, filter=Q(known=True, stage=Stage.REPORTED)),
        approvals=Count("pk", distinct=True, filter=awaiting & Q(known=True)))
    overdue = selectors.deadline_list(scope=scope, now=now)
    shown = list(overdue[:CARD_ROWS])
    # Link only the cases the reader may open (need to know, or may break the glass).
    openable = {d.case_id for d in shown} if user.can(Capability.CASES_BREAK_GLASS) else set(
        selectors.case_list(scope=scope, viewer=user).filter(known=True, pk__in=[d.case_id for d in shown])
        .values_list("pk", flat=True))
    return {"title": _("儿童保护个案"), "template": "cases/cards/work.html", "order": 4,
            "context": {"mine": counts["mine"], "new": counts["new"], "overdue": shown, "openable": openable,
                        "overdue_total": overdue.count(), "approvals": counts["approvals"] if approver else 0,
                        "list_url": reverse("cases:list"), "report_url": reverse("cases:report"),
                        "can_report": user.can(Capability.CASES_REPORT)}}


def case_figures_card(*, user, scope: Scope, area) -> dict | None:
    """The county's figures: reports by situation and reporter type, open cases by stage, overdue
    steps, time to first contact (counts only)."""
    if area is None or len(area.code) > LEVEL_CODE_LENGTH["county"] or not user.can(Capability.FIGURES_VIEW):
        return None
    figures = case_figures(scope=scope)
    return {"title": _("儿童保护个案统计"), "template": "cases/cards/figures.html", "order": 8, "wide": True,
            "context": {"f": figures, "url": reverse("cases:figures"), "xlsx": reverse("cases:figures_xlsx"),
                        "open_stages": OPEN_STAGES}}


def break_glass_card(*, user, scope: Scope, area) -> dict | None:
    """Break-the-glass reads of cases in the area, shown to the county (and to auditors)."""
    code = manages_area_of(user)
    county = code is not None and len(code) == LEVEL_CODE_LENGTH["county"]
    if not (county or user.can(Capability.AUDIT_VIEW)):
        return None
    rows = list(selectors.case_access_log(scope=scope, actions=(AccessAction.BREAK_GLASS,))[:CARD_ROWS])
    return {"title": _("个案紧急查阅记录"), "template": "cases/cards/break_glass.html", "order": 35,
            "context": {"rows": rows, "url": reverse("cases:access"),
                        "can_open": user.can(Capability.CASES_BREAK_GLASS)}}
