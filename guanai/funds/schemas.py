"""One schema per funds entity, shared by the API and the pages."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import field_validator


class ProjectIn(Schema):
    area_code: str
    name: str
    year: int
    facility_kind: str | None = None
    planned_units: int = 0
    planned_households: int = 0
    budget_fen: int
    source: str
    started_on: datetime.date | None = None

    @field_validator("budget_fen", "planned_units", "planned_households")
    @classmethod
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("不能为负数 / cannot be negative")
        return value


class ProgressIn(Schema):
    progress_percent: int
    spent_fen: int
    done_households: int = 0
    completed_on: datetime.date | None = None
    facility_ids: list[int] = []

    @field_validator("progress_percent")
    @classmethod
    def _percent(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise ValueError("进度应在0-100之间 / progress is 0-100")
        return value


class ProjectOut(Schema):
    id: int
    area_id: str
    name: str
    year: int
    facility_kind_id: str | None
    planned_units: int
    planned_households: int
    budget_fen: int
    spent_fen: int
    source: str
    status: str
    progress_percent: int
    completed_on: datetime.date | None


class PlanIn(Schema):
    area_code: str
    name: str
    year: int
    total_fen: int
    weights: dict[str, int]  # factor key -> weight
    data_on: datetime.date | None = None

    @field_validator("total_fen")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("资金总额应大于0 / the total must be positive")
        return value


class ShareOut(Schema):
    area_id: str
    values: dict[str, int]
    amount_fen: int


class PlanOut(Schema):
    id: int
    area_id: str
    name: str
    year: int
    version: int
    total_fen: int
    status: str
