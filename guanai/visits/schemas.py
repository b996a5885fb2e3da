"""One schema per entity (pydantic through ninja): the API, the form and the demo all go through these."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field, field_validator

from guanai.visits.models import (
    Level3,
    Method,
    NeedKind,
    Received,
    SafetyCheck,
    SignalKind,
    SupportersCare,
)


class NeedIn(Schema):
    kind: NeedKind
    description: str = Field(min_length=1, max_length=300)
    urgent: bool = False


class VisitIn(Schema):
    method: Method
    visited_at: datetime.datetime
    health: Level3 = Level3.GOOD
    mental_state: Level3 = Level3.GOOD
    health_note: str = Field("", max_length=300)
    gas_safety: SafetyCheck = SafetyCheck.OK
    power_safety: SafetyCheck = SafetyCheck.OK
    fire_safety: SafetyCheck = SafetyCheck.OK
    fall_safety: SafetyCheck = SafetyCheck.OK
    money_received: Received = Received.NOT_APPLICABLE
    supporters_care: SupportersCare = SupportersCare.NOT_APPLICABLE
    needs_summary: str = Field("", max_length=300)
    notes: str = Field("", max_length=4000)
    needs: list[NeedIn] = []

    @field_validator("visited_at")
    @classmethod
    def aware(cls, value: datetime.datetime) -> datetime.datetime:
        if value.tzinfo is None:
            raise ValueError("探访时间须带时区 / visited_at needs a time zone")
        return value


class VisitCreateIn(VisitIn):
    person_id: int


class VisitCorrectIn(VisitIn):
    reason: str = Field(min_length=2, max_length=300)


class VisitOut(Schema):
    id: int
    person_id: int
    area_code: str = Field(alias="area_id")
    visitor: str
    method: str
    visited_at: datetime.datetime
    version: int
    is_current: bool
    previous_id: int | None
    correction_reason: str
    health: str
    mental_state: str
    gas_safety: str
    power_safety: str
    fire_safety: str
    fall_safety: str
    money_received: str
    supporters_care: str
    needs_summary: str
    notes: str

    @staticmethod
    def resolve_visitor(obj) -> str:
        return obj.visitor.display_name


class DueOut(Schema):
    person_id: int
    name: str
    area_code: str
    risk_level: str
    target_group: str
    next_due_on: datetime.date
    due_reason: str
    last_visit_at: datetime.datetime | None
    worker: str | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area_id

    @staticmethod
    def resolve_worker(obj) -> str | None:
        return (obj.worker.display_name) if obj.worker else None


class DeviceSignalIn(Schema):
    serial: str = Field(min_length=1, max_length=64)
    signal: SignalKind
    occurred_at: datetime.datetime
    value: Decimal | None = None
    window_hours: int | None = Field(None, ge=0, le=720)


class AlertOut(Schema):
    id: int
    person_id: int
    area_code: str = Field(alias="area_id")
    signal: str
    status: str
    raised_at: datetime.datetime
    due_by: datetime.datetime
    event_count: int
    answered_at: datetime.datetime | None


class SignalOut(Schema):
    signal_id: int
    alert: AlertOut | None
    alert_created: bool


class AlertAnswerIn(Schema):
    method: Method
    note: str = Field(min_length=1, max_length=300)


class RateOut(Schema):
    area_code: str
    area_name: str
    month: datetime.date
    elders: int
    elders_visited: int
    elder_rate: float | None
    children: int
    children_visited: int
    child_rate: float | None
    overdue: int
