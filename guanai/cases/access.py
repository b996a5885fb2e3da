"""Need-to-know (issue 6): inside their scope, a case's details are open only to
- the workers assigned to it,
- the township's child supervisor and the county's case managers (a user with Capability.CASES_MANAGE
  bound to the township or county that holds the case's village).
Everyone else in scope sees that the case exists and may open it only by giving a reason (break the
glass), which is logged (AccessLog) and shown to the county. Outside the scope a case does not exist.

Scope (guanai.accounts.scoping) is checked by the selectors; this module only narrows within it.
"""

from django.db.models import Exists, OuterRef, Q

from guanai.accounts.roles import Capability
from guanai.cases.models import Case, CaseAssignment
from guanai.cases.rules import LEVEL_CODE_LENGTH

MANAGER_LEVEL_LENGTHS = (LEVEL_CODE_LENGTH["township"], LEVEL_CODE_LENGTH["county"])


def manages_area_of(user) -> str | None:
    """The area code under which `user` manages every case (township supervisor, county case
    manager), or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.area_id:
        return None
    if user.can(Capability.CASES_MANAGE) and len(user.area_id) in MANAGER_LEVEL_LENGTHS:
        return user.area_id
    return None


def open_assignment(user) -> Exists:
    return Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, ended_at__isnull=True))


def need_to_know_condition(user) -> Q:
    """A condition on Case rows that `user` may open without a reason (one query for a list)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    condition = Q(open_assignment(user))
    if code := manages_area_of(user):
        condition |= Q(area__pk__startswith=code)
    return condition


def has_need_to_know(user, case: Case) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if (code := manages_area_of(user)) and case.area_id.startswith(code):
        return True
    return CaseAssignment.objects.filter(case=case, user=user, ended_at__isnull=True).exists()


def may_approve(user, case: Case) -> bool:
    """The county approves plans and closures: a county-level user with the capability."""
    code = manages_area_of(user)
    return bool(code and len(code) == LEVEL_CODE_LENGTH["county"] and user.can(Capability.CASES_APPROVE)
                and case.area_id.startswith(code))
