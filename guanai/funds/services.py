"""Every write of funds: projects and their progress; allocation plans computed from the records by
the factor method (allocation.py), saved as versions, locked. Keyword-only, checked, one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.areas.models import Area, Kind
from guanai.areas.selectors import area_children
from guanai.facilities.models import Facility, FacilityKind
from guanai.funds import allocation, events
from guanai.funds.factors import FACTORS
from guanai.funds.models import (
    AllocationFactor,
    AllocationPlan,
    AllocationShare,
    FundSource,
    PlanLocked,
    PlanStatus,
    Project,
    ProjectStatus,
)
from guanai.funds.schemas import PlanIn, ProgressIn, ProjectIn


def _area(scope: Scope, code: str) -> Area:
    require_in_scope(scope=scope, area_code=code)
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise ValidationError({"area_code": "区划代码不存在 / no such area"})
    return area


@transaction.atomic
def project_create(*, actor, scope: Scope, data: ProjectIn) -> Project:
    require_capability(actor, Capability.FACILITIES_EDIT)
    if data.source not in FundSource.values:
        raise ValidationError({"source": "未知的资金来源 / unknown source of funds"})
    kind = None
    if data.facility_kind:
        kind = FacilityKind.objects.filter(code=data.facility_kind).first()
        if kind is None:
            raise ValidationError({"facility_kind": "未知的设施类型 / unknown facility kind"})
    project = Project(area=_area(scope, data.area_code), facility_kind=kind,
                      status=ProjectStatus.UNDERWAY if data.started_on else ProjectStatus.PLANNED,
                      **data.model_dump(exclude={"area_code", "facility_kind"}))
    project.full_clean()
    project.save()
    events.project_event(actor=actor, project=project, verb="project_created")
    return project


@transaction.atomic
def project_progress(*, actor, scope: Scope, project: Project, data: ProgressIn) -> Project:
    """Record progress, spending and (on completion) the facilities the project built."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=project.area_id)
    if data.completed_on and data.progress_percent != 100:
        raise ValidationError({"progress_percent": "完工的项目进度应为100% / a completed project is at 100%"})
    facilities = list(Facility.objects.filter(pk__in=data.facility_ids))
    if any(not scope.contains(f.area_id) for f in facilities) or len(facilities) != len(set(data.facility_ids)):
        raise ValidationError({"facility_ids": "设施不存在或不在管辖范围内 / unknown facility"})
    project.progress_percent, project.spent_fen = data.progress_percent, data.spent_fen
    project.done_households, project.completed_on = data.done_households, data.completed_on
    project.status = ProjectStatus.COMPLETED if data.completed_on else ProjectStatus.UNDERWAY
    project.full_clean()
    project.save()
    if facilities:
        project.facilities.add(*facilities)
    events.project_event(actor=actor, project=project, verb="project_progressed")
    return project


def _sub_areas(area: Area) -> list[Area]:
    return [a for a in area_children(code=area.code) if a.kind != Kind.OTHER_UNIT]


def _factor_values(*, area: Area, weights: dict[str, int], on: datetime.date) -> dict[str, dict[str, int]]:
    subs = [a.code for a in _sub_areas(area)]
    if not subs:
        raise ValidationError({"area_code": "该区划没有下级区划，无法分配 / the area has no sub-areas"})
    length = len(subs[0])
    values = {}
    for key in weights:
        computed = FACTORS[key].compute(scope=Scope(area.code), length=length, on=on)
        values[key] = {code: int(computed.get(code, 0)) for code in subs}
    return values


@transaction.atomic
def plan_compute(*, actor, scope: Scope, data: PlanIn, based_on: AllocationPlan | None = None) -> AllocationPlan:
    """A new version of a plan: factor values from the records per sub-area, shares by the weights,
    amounts to the fen by the largest remainder (allocation.py)."""
    require_capability(actor, Capability.FUNDS_PLAN)
    area = _area(scope, data.area_code)
    unknown = sorted(set(data.weights) - set(FACTORS))
    if unknown:
        raise ValidationError({"weights": f"未知的因素：{'、'.join(unknown)} / unknown factors"})
    weights = {k: w for k, w in data.weights.items() if w > 0}
    if not weights or any(w < 0 for w in data.weights.values()):
        raise ValidationError({"weights": "至少一个因素的权重应大于0，且不能为负 / give at least one positive weight"})
    on = data.data_on or timezone.localdate()
    values = _factor_values(area=area, weights=weights, on=on)
    try:
        amounts = allocation.allocate(data.total_fen, values, weights)
    except allocation.NothingToAllocate as error:
        raise ValidationError(str(error)) from None
    last = AllocationPlan.objects.filter(area=area, name=data.name, year=data.year).aggregate(v=Max("version"))["v"]
    plan = AllocationPlan(area=area, name=data.name, year=data.year, version=(last or 0) + 1, based_on=based_on,
                          total_fen=data.total_fen, data_on=on, created_by=actor)
    plan.full_clean()
    plan.save()
    AllocationFactor.objects.bulk_create([AllocationFactor(plan=plan, factor=k, weight=w,
                                                           total_value=sum(values[k].values()))
                                          for k, w in weights.items()])
    AllocationShare.objects.bulk_create([
        AllocationShare(plan=plan, area_id=code, values={k: values[k][code] for k in weights}, amount_fen=fen)
        for code, fen in amounts.items()])
    events.plan_event(actor=actor, plan=plan, verb="allocation_plan_computed")
    return plan


@transaction.atomic
def plan_lock(*, actor, scope: Scope, plan: AllocationPlan) -> AllocationPlan:
    require_capability(actor, Capability.FUNDS_PLAN)
    require_in_scope(scope=scope, area_code=plan.area_id)
    if plan.status == PlanStatus.LOCKED:
        raise PlanLocked(plan.pk)
    plan.status, plan.locked_by, plan.locked_at = PlanStatus.LOCKED, actor, timezone.now()
    AllocationPlan.objects.filter(pk=plan.pk).update(status=plan.status, locked_by=actor, locked_at=plan.locked_at)
    events.plan_event(actor=actor, plan=plan, verb="allocation_plan_locked")
    return plan
