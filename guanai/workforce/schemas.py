"""One schema per workforce entity, shared by the API and the pages."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import field_validator


class PostIn(Schema):
    kind: str
    area_code: str
    title: str = ""
    facility_id: int | None = None
    established_on: datetime.date


class PostOut(Schema):
    id: int
    kind: str
    area_id: str
    title: str
    facility_id: int | None
    established_on: datetime.date
    abolished_on: datetime.date | None


class TenureIn(Schema):
    name: str
    phone: str = ""
    user_id: int | None = None
    background: str = ""
    started_on: datetime.date
    trained_on: datetime.date | None = None
    certificate_no: str = ""
    certificate_on: datetime.date | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("必填 / required")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.replace(" ", "").replace("-", "").strip()
        if value and not value.isdigit():
            raise ValueError("联系电话只能是数字 / a phone number is digits only")
        return value


class TenureOut(Schema):
    id: int
    post_id: int
    area_id: str
    name: str
    phone: str
    user_id: int | None
    started_on: datetime.date
    ended_on: datetime.date | None
    trained_on: datetime.date | None
    certificate_no: str


class VacancyOut(Schema):
    post_id: int
    kind: str
    area_id: str
    vacant_since: datetime.date
    days: int
    overdue: bool


class StaffCoverageOut(Schema):
    townships: int
    townships_with_supervisor: int
    villages: int
    villages_with_director: int
