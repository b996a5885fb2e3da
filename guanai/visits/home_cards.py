"""Home-page cards of the visit service (provider contract in guanai/web/home.py). Web imports these;
this module never imports web."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability, Role
from guanai.accounts.scoping import Scope
from guanai.visits import selectors

WORKER_ROLES = (Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.SOCIAL_WORKER)


def my_visits_card(*, user, scope: Scope, area) -> dict | None:
    """What the worker owes today: the daily job's reminder if it ran, otherwise counted now."""
    if user.role not in WORKER_ROLES or not user.can(Capability.VISITS_RECORD):
        return None
    today = timezone.localdate()
    worker = selectors.worker_limit(user) or user
    counts = selectors.due_counts(scope=scope, on=today, worker=worker)
    reminder = selectors.reminder_for(user=user, on=today)
    alerts = selectors.alert_list(scope=scope, worker=selectors.worker_limit(user)).count()
    return {"title": _("我的探访提醒"), "template": "visits/cards/my_visits.html", "order": 5,
            "context": {"counts": counts, "reminder": reminder, "alerts": alerts,
                        "url": reverse("visits:due") + "?mine=1", "alerts_url": reverse("visits:alerts")}}


def visit_rate_card(*, user, scope: Scope, area) -> dict | None:
    """This month's visit rate for the area and below, with overdue counts (every role with figures)."""
    if not user.can(Capability.FIGURES_VIEW) or user.role == Role.ADMINISTRATOR:
        return None
    today = timezone.localdate()
    rows = selectors.visit_rates(scope=scope, month=today, on=today)
    total = selectors.visit_rate_total(rows, code=scope.prefix, name=area.name if area else _("全部区划"), month=today)
    return {"title": _("本月探访率"), "template": "visits/cards/visit_rate.html", "order": 6,
            "wide": len(rows) > 1,
            "context": {"total": total, "rows": rows[:12] if len(rows) > 1 else [], "more": len(rows) > 12,
                        "url": reverse("visits:figures")}}


def supervision_card(*, user, scope: Scope, area) -> dict | None:
    """Urgent needs nobody has acted on, overdue referrals and open alerts: the supervisor's list."""
    if not user.can(Capability.VISITS_MANAGE):
        return None
    today = timezone.localdate()
    urgent = list(selectors.urgent_needs(scope=scope)[:5])
    late = selectors.referral_list(scope=scope).filter(deadline__lt=today).count()
    alerts = selectors.alert_list(scope=scope).count()
    return {"title": _("待督办"), "template": "visits/cards/supervision.html", "order": 7,
            "context": {"urgent": urgent, "urgent_total": selectors.urgent_needs(scope=scope).count(),
                        "late_referrals": late, "alerts": alerts, "needs_url": reverse("visits:needs"),
                        "alerts_url": reverse("visits:alerts")}}
