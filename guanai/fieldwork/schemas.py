"""What the phone sends and gets back (pydantic through ninja)."""

import datetime
import uuid

from ninja import Schema
from pydantic import Field, field_validator


class PrepareIn(Schema):
    device: uuid.UUID
    label: str = Field("", max_length=120)


class FieldVisitIn(Schema):
    """One queued visit: the visit form's fields as the online form posts them (`form`), the phone's
    own id for the visit and the phone's clock when it was saved."""

    device: uuid.UUID
    client_id: uuid.UUID
    person_id: int
    device_time: datetime.datetime
    form: dict[str, str | bool | None]
    photos: list[str] = Field([], max_length=10, description="base64 JPEG, shrunk on the phone")

    @field_validator("device_time")
    @classmethod
    def aware(cls, value: datetime.datetime) -> datetime.datetime:
        if value.tzinfo is None:
            raise ValueError("device_time 须带时区 / device_time needs a time zone")
        return value


class SyncOut(Schema):
    client_id: uuid.UUID
    status: str
    duplicate: bool
    visit_id: int | None
    flag: str
    flag_note: str
    errors: dict[str, list[str]]
