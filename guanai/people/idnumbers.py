"""Resident ID numbers (GB 11643-1999): cleaning, validation, masking.

Validation is python-stdnum's `stdnum.cn.ric` (checksum ISO 7064 MOD 11-2, birth date, address code);
this module only cleans what spreadsheets do to numbers and turns stdnum's errors into messages a
village clerk can act on (RULES.md, "ID numbers and codes").
"""

import datetime
import re
from dataclasses import dataclass

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
_STRAY = re.compile(r"[\s\u3000'’‘`]")  # blanks and the quotes that force a cell to text
SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


class IdNumberError(ValueError):
    """A number that is not a valid ID number; `code` says why, the message is Chinese + English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str  # "male" / "female": the 17th digit, odd = male

    @property
    def address_code(self) -> str:
        return self.number[:6]


def clean(raw: object) -> str:
    """Full-width digits, a lowercase x, spaces and a trailing '.0' from a float cell are undone."""
    text = str(raw if raw is not None else "").translate(FULL_WIDTH).strip()
    text = _STRAY.sub("", text)
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def parse(raw: object, *, today: datetime.date | None = None) -> IdNumber:
    """Validate and split an ID number; raise IdNumberError with a reason a person can act on."""
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        raise IdNumberError(
            "excel_number",
            "身份证号被Excel存成了数字，后几位已丢失，请把该列设为文本后重新填写 / "
            "the ID number was stored as a number by Excel and lost digits; re-enter it as text",
        )
    number = clean(raw)
    if not number:
        raise IdNumberError("empty", "身份证号为空 / ID number is empty")
    if SCIENTIFIC.match(number):
        raise IdNumberError(
            "excel_number",
            f"身份证号“{number}”是科学计数法，后几位已丢失，不能推测，请重新填写 / "
            f"'{number}' is in scientific notation: digits were lost and are not guessed",
        )
    if len(number) == 15 and number.isdigit():
        raise IdNumberError(
            "old_15", f"“{number}”是15位旧身份证号，请换成18位新号码 / '{number}' is an old 15-digit number"
        )
    try:
        number = ric.validate(number)
    except InvalidLength:
        raise IdNumberError("length", f"身份证号“{number}”应为18位，实际{len(number)}位 / "
                                      f"must have 18 characters, has {len(number)}") from None
    except InvalidFormat:
        raise IdNumberError("format", f"身份证号“{number}”含有非法字符 / has characters that are not allowed") from None
    except InvalidChecksum:
        raise IdNumberError("checksum", f"身份证号“{number}”校验位错误 / check character is wrong") from None
    except InvalidComponent:
        raise IdNumberError("component", f"身份证号“{number}”的出生日期或地址码无效 / "
                                         "birth date or address code is invalid") from None
    birth = ric.get_birth_date(number)
    if birth > (today or datetime.date.today()):  # noqa: DTZ011 - a calendar date, not an instant
        raise IdNumberError("future_birth", f"身份证号“{number}”的出生日期在未来 / birth date is in the future")
    return IdNumber(number=number, birth_date=birth, sex="male" if int(number[16]) % 2 else "female")


def mask(number: str) -> str:
    """6103**********123X: the first four and last four characters stay."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def with_check_character(first17: str) -> str:
    """A full number from its first 17 digits (for demo data and tests)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def matchable(raw: object) -> str | None:
    """The cleaned number when it has the form and check character of an 18-character ID number, else
    None. For matching another department's list against numbers already registered (数据比对): the
    full `parse` also checks the address code against stdnum's database, which was three quarters of a
    100,000-row comparison (docs/performance.md), and a number that matches a registered one was
    fully checked when it was registered."""
    number = clean(raw)
    if len(number) != 18 or not number[:17].isdigit() or ric.calc_check_digit(number[:17] + "0") != number[17]:
        return None
    return number
