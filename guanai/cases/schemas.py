"""One schema per case entity (pydantic through ninja): the pages' forms, the API and the demo all go
through these into the services."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field, field_validator, model_validator

from guanai.cases.models import InterventionKind
from guanai.cases.rules import (
    Channel,
    ClosureReason,
    Concern,
    LongTermGround,
    PlacementType,
    ReporterType,
    Situation,
    TemporaryGround,
)
from guanai.people.schemas import PersonIn


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("时间须带时区 / the time needs a time zone")
    return value


class ReportIn(Schema):
    """A mandatory report: the child is an existing person (`person_id`) or a new one (`child`)."""

    person_id: int | None = None
    child: PersonIn | None = None
    received_at: datetime.datetime
    channel: Channel
    reporter_type: ReporterType
    reporter_name: str = Field("", max_length=50)
    reporter_unit: str = Field("", max_length=100)
    reporter_phone: str = Field("", max_length=20)
    situation: Situation
    happened_at: datetime.datetime | None = None
    place: str = Field("", max_length=200)
    description: str = Field(min_length=2, max_length=4000)
    urgent: bool = False
    police_told: bool = False
    police_told_at: datetime.datetime | None = None
    police_station: str = Field("", max_length=100)
    police_receipt_no: str = Field("", max_length=60)

    @field_validator("received_at", "happened_at", "police_told_at")
    @classmethod
    def _aware_times(cls, value):
        return _aware(value)

    @model_validator(mode="after")
    def _one_child(self):
        if (self.person_id is None) == (self.child is None):
            raise ValueError("请选择已登记的儿童或登记新儿童（二选一） / give person_id or child, not both")
        if not self.police_told and (self.police_receipt_no or self.police_told_at):
            raise ValueError("填写了报警信息，请勾选“已报告公安机关” / police details given but police_told is false")
        return self


class EmergencyIn(Schema):
    contacted_at: datetime.datetime
    child_safe: bool = False
    actions: str = Field(min_length=2, max_length=4000)
    placement_type: PlacementType = PlacementType.HOME
    placement_place: str = Field("", max_length=200)

    @field_validator("contacted_at")
    @classmethod
    def _aware_time(cls, value):
        return _aware(value)


class AssessmentIn(Schema):
    assessed_on: datetime.date
    safety: Concern
    safety_note: str = Field("", max_length=500)
    guardianship: Concern
    guardianship_note: str = Field("", max_length=500)
    health: Concern
    health_note: str = Field("", max_length=500)
    schooling: Concern
    schooling_note: str = Field("", max_length=500)
    needs: Concern
    needs_note: str = Field("", max_length=500)
    intervention_needed: bool = False


class PlanServiceIn(Schema):
    service: str = Field(min_length=1, max_length=200)
    owner_name: str = Field(min_length=1, max_length=100)
    owner_id: int | None = None
    due_on: datetime.date


class PlanIn(Schema):
    goals: str = Field(min_length=2, max_length=4000)
    services: list[PlanServiceIn] = Field(min_length=1)


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _reason_to_return(self):
        if not self.approve and not self.note.strip():
            raise ValueError("退回时请写明理由 / give a reason when returning")
        return self


class InterventionIn(Schema):
    kind: InterventionKind
    temporary_ground: TemporaryGround | None = None
    long_term_ground: LongTermGround | None = None
    placement_type: PlacementType
    placement_place: str = Field(min_length=1, max_length=200)
    started_on: datetime.date
    carer_name: str = Field("", max_length=50)
    carer_agreement_signed_on: datetime.date | None = None
    carer_agreement_note: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _grounds_fit_kind(self):
        if self.kind == InterventionKind.TEMPORARY and not self.temporary_ground:
            raise ValueError("临时监护须选择第92条情形 / temporary guardianship needs an Art. 92 ground")
        if self.kind == InterventionKind.LONG_TERM and not self.long_term_ground:
            raise ValueError("长期监护须选择第94条情形 / long-term guardianship needs an Art. 94 ground")
        if self.kind == InterventionKind.ENTRUSTED_CARE and not (self.carer_name and self.carer_agreement_signed_on):
            raise ValueError("落实委托照护须填写照护人和协议签订日期 / entrusted care needs the carer and the "
                             "agreement date")
        return self


class ReviewIn(Schema):
    reviewed_on: datetime.date
    findings: str = Field(min_length=2, max_length=4000)
    risk_score: int | None = Field(None, ge=0, le=33)
    recommend_closure: bool = False


class ClosureIn(Schema):
    reason: ClosureReason
    note: str = Field("", max_length=2000)


class ReopenIn(Schema):
    reason: str = Field(min_length=2, max_length=500)


class AssignIn(Schema):
    user_id: int
    role: str


class MeetingItemIn(Schema):
    case_id: int
    decision: str = Field(min_length=1, max_length=500)
    follow_up_owner: str = Field(min_length=1, max_length=100)
    follow_up_due: datetime.date | None = None


class MeetingIn(Schema):
    area_code: str
    held_on: datetime.date
    title: str = Field(min_length=2, max_length=200)
    departments: str = Field(min_length=2, max_length=500)
    summary: str = Field("", max_length=8000)
    items: list[MeetingItemIn] = []


class CaseRowOut(Schema):
    """What anyone in scope sees of a case: that it exists, where, and how far it has come."""

    id: int
    number: str
    area_code: str
    stage: str
    urgent: bool
    opened_at: datetime.datetime
    known: bool

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area_id


class CaseOut(CaseRowOut):
    """The details, for those with need-to-know (or a logged break-the-glass read)."""

    person_id: int
    person_name: str
    situation: str
    first_contact_at: datetime.datetime | None
    risk_score: int | None
    risk_level: str
    closure_reason: str
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name
