"""Domain events of comparisons: counts and codes only, never the department's personal data."""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.comparisons.models import ComparisonRun, Flag


def comparison_run_event(*, actor, run: ComparisonRun) -> Event:
    return event_record(actor=actor, verb="comparison_run", object_type="comparison", object_id=str(run.pk),
                        area_code=run.area_code, data={"source": run.source, "rows": run.rows, "matched": run.matched,
                                                       "unmatched": run.unmatched, "flags": run.flags,
                                                       "changes": run.changes})


def flag_decided_event(*, actor, flag: Flag) -> Event:
    return event_record(actor=actor, verb=f"comparison_flag_{flag.status}", object_type="person",
                        object_id=str(flag.person_id), area_code=flag.area_id,
                        data={"flag": flag.pk, "kind": flag.kind, "run": flag.run_id, "outcome": flag.outcome})


def mapping_saved_event(*, actor, source: str, area_code: str, mapping: dict) -> Event:
    return event_record(actor=actor, verb="comparison_mapping_saved", object_type="comparison_mapping",
                        object_id=source, area_code=area_code, data={"mapping": mapping})
