"""Domain events of funds."""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.funds.models import AllocationPlan, Project


def project_event(*, actor, project: Project, verb: str) -> Event:
    """verb: project_created / project_progressed."""
    return event_record(actor=actor, verb=verb, object_type="project", object_id=str(project.pk),
                        area_code=project.area_id,
                        data={"budget_fen": project.budget_fen, "spent_fen": project.spent_fen,
                              "progress": project.progress_percent, "status": project.status})


def plan_event(*, actor, plan: AllocationPlan, verb: str) -> Event:
    """verb: allocation_plan_computed / allocation_plan_locked."""
    return event_record(actor=actor, verb=verb, object_type="allocation_plan", object_id=str(plan.pk),
                        area_code=plan.area_id,
                        data={"version": plan.version, "total_fen": plan.total_fen,
                              "weights": {f.factor: f.weight for f in plan.factors.all()}})
