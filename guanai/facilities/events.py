"""Domain events of facilities (one named function per thing that happens). Services call these in
their own transaction. Data holds ids, codes, years and amounts in fen, never a bank account."""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.facilities.models import Facility, SubsidyRoster


def facility_event(*, actor, facility: Facility, verb: str, **data) -> Event:
    """verb: facility_created / _updated / _status_changed / _capacity_recorded / _file_added /
    facility_rated / facility_rating_revoked / facility_activity_logged."""
    return event_record(actor=actor, verb=verb, object_type="facility", object_id=str(facility.pk),
                        area_code=facility.area_id, data={"kind": facility.kind_id, **data})


def facilities_imported_event(*, actor, area_code: str, created: int, updated: int) -> Event:
    return event_record(actor=actor, verb="facilities_imported", object_type="facility", area_code=area_code,
                        data={"created": created, "updated": updated})


def subsidy_roster_event(*, actor, roster: SubsidyRoster, verb: str) -> Event:
    """verb: subsidy_roster_computed / _approved / _locked / _paid."""
    return event_record(actor=actor, verb=verb, object_type="subsidy_roster", object_id=str(roster.pk),
                        area_code=roster.area_id,
                        data={"payout_kind": roster.payout_kind, "kind": roster.kind_id, "year": roster.year,
                              "lines": roster.line_count, "total_fen": roster.total_fen})
