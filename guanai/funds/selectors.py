"""Every read of funds, scoped: projects and allocation plans of the caller's area (and plans of
the areas above it that split money over it are not shown: a plan belongs to the area that splits)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.http import Http404

from guanai.accounts.scoping import Scope, scoped
from guanai.facilities.models import Facility
from guanai.funds.models import AllocationPlan, AllocationShare, Project


class ProjectNotFound(Http404):
    pass


class PlanNotFound(Http404):
    pass


def project_list(*, scope: Scope, year: int | None = None) -> QuerySet[Project]:
    qs = scoped(Project.objects.select_related("area", "facility_kind"), scope=scope)
    return qs.filter(year=year) if year else qs


def project_get(*, scope: Scope, pk: int) -> Project:
    project = project_list(scope=scope).filter(pk=pk).first()
    if project is None:
        raise ProjectNotFound
    return project


def project_totals(*, scope: Scope) -> dict[str, int]:
    agg = project_list(scope=scope).aggregate(budget=Sum("budget_fen"), spent=Sum("spent_fen"))
    return {"budget_fen": agg["budget"] or 0, "spent_fen": agg["spent"] or 0}


def plan_list(*, scope: Scope) -> QuerySet[AllocationPlan]:
    return scoped(AllocationPlan.objects.select_related("area", "created_by"), scope=scope)


def plan_get(*, scope: Scope, pk: int) -> AllocationPlan:
    plan = plan_list(scope=scope).filter(pk=pk).first()
    if plan is None:
        raise PlanNotFound
    return plan


def project_facilities(*, scope: Scope, project: Project) -> QuerySet[Facility]:
    """The facilities the project built that the caller may see (a project's may lie in other areas)."""
    return scoped(project.facilities.select_related("area"), scope=scope)


def plan_versions(*, scope: Scope, plan: AllocationPlan) -> QuerySet[AllocationPlan]:
    """Every version of the plan (same area, name and year), the plan itself among them."""
    return plan_list(scope=scope).filter(area=plan.area, name=plan.name, year=plan.year)


def share_list(*, plan: AllocationPlan) -> QuerySet[AllocationShare]:
    return plan.shares.select_related("area").order_by("area_id")


@dataclass(frozen=True)
class CompareRow:
    area_code: str
    area_name: str
    a_fen: int
    b_fen: int

    @property
    def change_fen(self) -> int:
        return self.b_fen - self.a_fen


def plan_compare(*, a: AllocationPlan, b: AllocationPlan) -> list[CompareRow]:
    """Two versions side by side, per sub-area."""
    left = {s.area_id: s for s in share_list(plan=a)}
    right = {s.area_id: s for s in share_list(plan=b)}
    rows = []
    for code in sorted(set(left) | set(right)):
        share = left.get(code) or right[code]
        rows.append(CompareRow(code, share.area.name, left[code].amount_fen if code in left else 0,
                               right[code].amount_fen if code in right else 0))
    return rows
