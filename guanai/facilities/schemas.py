"""One schema per facilities entity, shared by the API and the Excel import of a facility list.

Sheets carry Chinese labels (公办, 运营中, 农村幸福院); the validators accept the code or the label,
so both paths share the same normalisation and the same messages (Chinese / English, naming the field).
"""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import field_validator

from guanai.facilities.models import FacilityStatus, Operator


def _choice(value, choices, field: str) -> str:
    text = str(value or "").strip()
    for code, label in choices:
        if text in (code, str(label)):
            return code
    words = "、".join(str(label) for _, label in choices)
    raise ValueError(f"“{text}”不是有效的{field}（可填：{words}） / '{text}' is not a valid {field}")


class FacilityIn(Schema):
    kind: str  # a FacilityKind code or name; the service checks it exists
    area_code: str
    name: str
    address: str = ""
    operator: str = Operator.PUBLIC
    operator_name: str = ""
    status: str = FacilityStatus.OPEN
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    phone: str = ""
    bank_name: str = ""
    bank_account_name: str = ""
    bank_account: str = ""
    beds: int = 0
    nursing_beds: int = 0
    rooms: int = 0
    seats: int = 0

    @field_validator("name", "area_code", "kind")
    @classmethod
    def _required(cls, value: str) -> str:
        value = str(value or "").strip()
        if not value:
            raise ValueError("必填 / required")
        return value

    @field_validator("operator", mode="before")
    @classmethod
    def _operator(cls, value) -> str:
        return _choice(value or Operator.PUBLIC, Operator.choices, "运营方式")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value) -> str:
        return _choice(value or FacilityStatus.OPEN, FacilityStatus.choices, "状态")

    @field_validator("beds", "nursing_beds", "rooms", "seats", mode="before")
    @classmethod
    def _count(cls, value) -> int:
        if value in (None, ""):
            return 0
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"“{value}”不是整数 / not a whole number") from None
        if number < 0 or number != int(number):
            raise ValueError(f"“{value}”不是非负整数 / not a non-negative whole number")
        return int(number)

    @field_validator("bank_account", mode="before")
    @classmethod
    def _account(cls, value) -> str:
        text = str(value or "").replace(" ", "").strip()
        if text and not text.isdigit():
            raise ValueError("银行账号只能是数字 / a bank account is digits only")
        return text


class FacilityOut(Schema):
    id: int
    kind_id: str
    area_id: str
    name: str
    address: str
    operator: str
    operator_name: str
    status: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None


class RatingIn(Schema):
    year: int
    rated_on: datetime.date
    scores: dict[int, int]  # score item id -> points
    raters: str = ""


class RatingOut(Schema):
    id: int
    facility_id: int
    year: int
    points: int
    stars: int
    rated_on: datetime.date
    revoked_on: datetime.date | None


class SubsidyRosterOut(Schema):
    id: int
    payout_kind: str
    kind_id: str
    area_id: str
    year: int
    status: str
    line_count: int
    total_fen: int
    approved_at: datetime.datetime | None
    locked_at: datetime.datetime | None
    paid_on: datetime.date | None


class SubsidyPaymentOut(Schema):
    id: int
    facility_id: int
    area_id: str
    stars: int
    months_open: int
    annual_fen: int
    amount_fen: int
    payee_name: str
