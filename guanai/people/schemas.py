"""The one schema per people entity, used by the API, the Excel import and the sheets people download.

Input values arrive as typed JSON from the API and as whatever a spreadsheet cell holds from the
import: Chinese labels (男, 农业户口), yes/no words (是/否/√/有/无), full-width digits, dates written
the Chinese ways, Excel date serials. The `*_from_cell` functions below are the documented
normalisation both paths share; every error is a PydanticCustomError whose `loc` is the field name,
so the import can name the column (see `field_errors`).
"""

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from ninja import Schema
from pydantic import (
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from guanai.people import idnumbers
from guanai.people.models import (
    AwayScope,
    CareNeed,
    CustodyType,
    DisabilityType,
    HukouType,
    LivingArrangement,
    Person,
    RelationshipKind,
    Sex,
)

FULL_WIDTH = str.maketrans("０１２３４５６７８９（）－—：／．　，", "0123456789()--:/. ,")

# Yes/no words seen in bureau sheets; anything else is an error, never a silent False.
TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "☑", "有", "1", "y", "yes", "true", "t", "对", "是的"})
FALSE_WORDS = frozenset({"否", "×", "✗", "✘", "☐", "□", "无", "没有", "不是", "0", "n", "no", "false", "f", ""})

# Words sheets use for a choice besides its value and its label (labels and values always work).
CHOICE_SYNONYMS: dict[type[models.TextChoices], dict[str, str]] = {
    Sex: {"男性": Sex.MALE, "女性": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE, "1": Sex.MALE, "2": Sex.FEMALE},
    HukouType: {"农业": HukouType.RURAL, "农业户口": HukouType.RURAL, "农村": HukouType.RURAL,
                "农村户口": HukouType.RURAL, "农": HukouType.RURAL, "非农业": HukouType.URBAN,
                "非农业户口": HukouType.URBAN, "非农": HukouType.URBAN, "城镇": HukouType.URBAN,
                "城镇户口": HukouType.URBAN, "城市": HukouType.URBAN},
    LivingArrangement: {"与配偶同住": LivingArrangement.WITH_SPOUSE, "夫妻同住": LivingArrangement.WITH_SPOUSE,
                        "与祖父母同住": LivingArrangement.WITH_GRANDPARENTS,
                        "与外祖父母同住": LivingArrangement.WITH_GRANDPARENTS,
                        "隔代同住": LivingArrangement.WITH_GRANDPARENTS,
                        "与亲属同住": LivingArrangement.WITH_RELATIVES,
                        "机构供养": LivingArrangement.INSTITUTION, "集中供养": LivingArrangement.INSTITUTION,
                        "寄养": LivingArrangement.INSTITUTION},
    AwayScope: {"县外": AwayScope.OUT_OF_COUNTY, "省内县外": AwayScope.OUT_OF_COUNTY,
                "跨省": AwayScope.OUT_OF_PROVINCE, "本县": AwayScope.IN_COUNTY},
    DisabilityType: {f"{label}残疾": value for value, label in DisabilityType.choices},
    CareNeed: {"自理": CareNeed.NONE, "完全失能": CareNeed.FULL, "部分失能": CareNeed.PARTIAL},
    CustodyType: {"服刑": CustodyType.IMPRISONED, "在押": CustodyType.IMPRISONED, "羁押": CustodyType.DETAINED,
                  "拘留": CustodyType.DETAINED, "戒毒": CustodyType.DRUG_REHAB,
                  "强制戒毒": CustodyType.DRUG_REHAB},
    RelationshipKind: {"父亲": RelationshipKind.PARENT, "母亲": RelationshipKind.PARENT,
                       "父": RelationshipKind.PARENT, "母": RelationshipKind.PARENT,
                       "照护人": RelationshipKind.ENTRUSTED_CARER, "赡养人": RelationshipKind.SUPPORTER,
                       "扶养人": RelationshipKind.SUPPORTER},
}

CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "壹": 1, "贰": 2, "叁": 3, "肆": 4}
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3})-?(\d{7,8})$")
_DATE_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Compiled once: the import runs these on every cell of 100,000-row sheets (docs/performance.md).
_BLANKS = re.compile(r"\s+")
_COUNTRY_CODE = re.compile(r"^\+?86(?=1\d{10}$)")
_BRACKETED_AREA = re.compile(r"^\((0\d{2,3})\)")
_HAN_NAME = re.compile(r"[\u3400-\u9fff·•\s]+")


def _error(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, message)


def text_from_cell(value: Any) -> str:
    """None -> "", numbers without a trailing .0, full-width spaces and surrounding blanks removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def word_key(value: Any) -> str:
    return _BLANKS.sub("", text_from_cell(value).translate(FULL_WIDTH)).lower()


def boolean_from_cell(value: Any) -> bool:
    """是/√/有/1/yes/true -> True; 否/×/无/0/no/false/empty -> False; anything else is an error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = word_key(value)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise _error("boolean", f"“{text_from_cell(value)}”应填“是”或“否” / must be yes (是) or no (否)")


def choice_from_cell(choices: type[models.TextChoices], value: Any, *, blank: bool = True) -> str:
    """A choice's value from its value, its Chinese label or a synonym in CHOICE_SYNONYMS."""
    key = word_key(value)
    if not key:
        if blank:
            return ""
        raise _error("required", "必填 / required")
    lookup = {word_key(v): v for v in choices.values}
    lookup.update({word_key(str(label)): v for v, label in choices.choices})
    lookup.update({word_key(word): str(v) for word, v in CHOICE_SYNONYMS.get(choices, {}).items()})
    if key in lookup:
        return lookup[key]
    allowed = "、".join(str(label) for v, label in choices.choices if v)
    raise _error("choice", f"“{text_from_cell(value)}”不是可选值（{allowed}） / not one of the allowed values")


def date_from_cell(value: Any) -> datetime.date | None:
    """Dates as sheets write them: date cells, 2020-01-02, 2020/1/2, 2020.1.2, 2020年1月2日, 20200102,
    2020年1月 (the 1st), Excel serials (43831). Returns None for an empty cell."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, datetime.datetime):  # a sheet's cell is naive; an aware instant is read locally
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise _error("date", "不是日期 / not a date")
    text = text_from_cell(value).translate(FULL_WIDTH)
    text = re.split(r"[T ]\d{1,2}:\d{2}", text)[0].strip()  # drop a time of day
    try:
        if match := _DATE_YMD.match(text) or _DATE_COMPACT.match(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DATE_YM.match(text):
            return datetime.date(int(match[1]), int(match[2]), 1)
        if re.fullmatch(r"\d{1,5}(\.\d+)?", text) and 0 < float(text) < 2958466:
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    except ValueError:
        raise _error("date", f"“{text}”不是有效日期 / '{text}' is not a valid date") from None
    raise _error("date", f"“{text}”不是可识别的日期，请写成2020-01-02 / '{text}' is not a date; write 2020-01-02")


def phone_from_cell(value: Any) -> str:
    """An 11-digit mobile number, or a landline with its area code (0917-1234567); one number only."""
    if isinstance(value, str) and value.isascii() and MOBILE.fullmatch(value):  # most cells: a plain mobile
        return value
    text = _BLANKS.sub("", text_from_cell(value).translate(FULL_WIDTH))
    if not text:
        return ""
    text = _COUNTRY_CODE.sub("", text)
    text = _BRACKETED_AREA.sub(r"\1-", text)
    if MOBILE.match(text):
        return text
    if match := LANDLINE.match(text):
        area, number = match[1], match[2]
        if "-" not in text:  # area codes are 3 digits for 010 and 02x, 4 digits elsewhere
            cut = 3 if text[:2] in ("01", "02") else 4
            area, number = text[:cut], text[cut:]
        if 7 <= len(number) <= 8:
            return f"{area}-{number}"
    raise _error("phone", f"“{text}”不是有效电话：应为11位手机号或带区号的固定电话（如0917-4567890） / "
                          "not a phone number: use an 11-digit mobile or a landline with its area code")


def grade_from_cell(value: Any) -> int | None:
    """Disability grade 1-4 from 1, 2.0, "3级", "四级", "贰"."""
    text = word_key(value).removesuffix("级")
    if not text:
        return None
    grade = CHINESE_NUMERALS.get(text) or (int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else None)
    if grade not in (1, 2, 3, 4):
        raise _error("grade", f"残疾等级“{text_from_cell(value)}”应为1-4级 / disability grade must be 1 to 4")
    return grade


def months_from_cell(value: Any) -> int | None:
    """A term in months from 24, "24个月", "2年"."""
    text = word_key(value)
    if not text:
        return None
    if match := re.fullmatch(r"(\d+)(\.0+)?(个月|月)?", text):
        return int(match[1])
    if match := re.fullmatch(r"(\d+)年", text):
        return int(match[1]) * 12
    raise _error("months", f"“{text_from_cell(value)}”应为月数，如24或“2年” / must be a number of months")


def area_code_from_cell(value: Any) -> str:
    code = word_key(value)
    if not re.fullmatch(r"\d{12}", code):
        raise _error("area_code", f"“{text_from_cell(value)}”不是12位村(社区)区划代码 / "
                                  "not a 12-digit village area code")
    return code


# Annotated types: each runs its normaliser before pydantic's own type check.
def _choice(choices: type[models.TextChoices], *, blank: bool = True):
    return Annotated[str, BeforeValidator(lambda v: choice_from_cell(choices, v, blank=blank)),
                     # blank allowed: "" is in the enum too (the document's defaults must validate, OAS 3.1)
                     WithJsonSchema({"type": "string",
                                     "enum": [v for v in choices.values if v] + ([""] if blank else [])})]


def _text(max_length: int, *, required: bool = False):
    def clean(value: Any) -> str:
        text = text_from_cell(value)
        if required and not text:
            raise _error("required", "必填 / required")
        if len(text) > max_length:
            raise _error("too_long", f"不能超过{max_length}个字 / at most {max_length} characters")
        return text
    return Annotated[str, BeforeValidator(clean)]


YesNo = Annotated[bool, BeforeValidator(boolean_from_cell)]
CellDate = Annotated[datetime.date | None, BeforeValidator(date_from_cell)]
Phone = Annotated[str, BeforeValidator(phone_from_cell)]
Grade = Annotated[int | None, BeforeValidator(grade_from_cell)]
Months = Annotated[int | None, BeforeValidator(months_from_cell)]
AreaCode = Annotated[str, BeforeValidator(area_code_from_cell)]

# Fact dates that cannot lie in the future.
PAST_DATE_FIELDS = ("away_since", "custody_since", "out_of_contact_since", "guardianship_revoked_on",
                    "deported_on", "died_on", "declared_missing_on")


def _id_number_from_cell(value: Any) -> str | None:
    if value is None or isinstance(value, str) and not value.strip():
        return None
    try:
        return idnumbers.parse(value, today=timezone.localdate()).number
    except idnumbers.IdNumberError as exc:
        raise _error(f"id_number_{exc.code}", str(exc)) from None


def _name_from_cell(value: Any) -> str:
    text = text_from_cell(value)
    if _HAN_NAME.fullmatch(text):  # 李 四 -> 李四; a Latin name keeps its spaces
        text = _BLANKS.sub("", text).replace("•", "·")
    if not text:
        raise _error("required", "姓名必填 / name is required")
    if len(text) > 50:
        raise _error("too_long", "姓名不能超过50个字 / name has at most 50 characters")
    return text


IdNumberText = Annotated[str | None, BeforeValidator(_id_number_from_cell)]
Name = Annotated[str, BeforeValidator(_name_from_cell)]


class PersonIn(Schema):
    """A person's facts as typed in a form, sent to the API or read from a sheet row.

    `sex` and `birth_date` are filled from the ID number; when given too they must agree with it.
    Without an ID number both are required. Only the fields a caller sets (`model_fields_set`) are
    written by services.person_update, so a sheet with a few columns changes only those columns.
    """

    area_code: AreaCode
    name: Name
    id_number: IdNumberText = None
    sex: _choice(Sex) = Field("", validate_default=True)
    birth_date: CellDate = Field(None, validate_default=True)
    household_id: int | None = None
    phone: Phone = ""
    hukou_type: _choice(HukouType) = ""
    address: _text(200) = ""
    living_arrangement: _choice(LivingArrangement) = ""
    is_migrant_worker: YesNo = False
    away_scope: _choice(AwayScope) = ""
    away_place: _text(100) = ""
    away_since: CellDate = None
    disability_type: _choice(DisabilityType) = ""
    disability_grade: Grade = None
    disability_certificate_no: _text(30) = ""
    care_need: _choice(CareNeed) = ""
    severe_illness: _text(100) = ""
    custody_type: _choice(CustodyType) = ""
    custody_since: CellDate = None
    custody_term_months: Months = None
    custody_evidence: _text(100) = ""
    out_of_contact_since: CellDate = None
    police_receipt_no: _text(60) = ""
    guardianship_revoked_on: CellDate = None
    deported_on: CellDate = None
    died_on: CellDate = None
    declared_missing_on: CellDate = None
    death_evidence: _text(100) = ""
    parents_unknown: YesNo = False
    parents_unknown_evidence: _text(100) = ""
    dibao: YesNo = False
    tekun: YesNo = False
    bereaved_one_child_family: YesNo = False
    in_full_time_school: YesNo = False
    written_notice_given: YesNo = False
    weekly_contact: YesNo = False
    carer_excluded_reason: _text(100) = ""
    notes: _text(2000) = ""
    # What an import could not read, word for word (issue 16); a clerk clears it once the facts are set.
    unrecognised: _text(2000) = ""

    @field_validator("sex")
    @classmethod
    def _sex_agrees_with_id_number(cls, value: str, info: ValidationInfo) -> str:
        number = info.data.get("id_number")
        if number:
            derived = idnumbers.parse(number).sex
            if value and value != derived:
                raise _error("sex_mismatch", f"性别与身份证号不符（身份证号显示为{Sex(derived).label}） / "
                                             "sex does not match the ID number")
        elif not value and "id_number" in info.data:
            raise _error("required", "没有身份证号时性别必填 / sex is required without an ID number")
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_date_agrees_with_id_number(cls, value, info: ValidationInfo):
        number = info.data.get("id_number")
        if number:
            derived = idnumbers.parse(number).birth_date
            if value and value != derived:
                raise _error("birth_date_mismatch", f"出生日期与身份证号不符（身份证号显示为{derived:%Y-%m-%d}） / "
                                                    "birth date does not match the ID number")
        elif value is None and "id_number" in info.data:
            raise _error("required", "没有身份证号时出生日期必填 / birth date is required without an ID number")
        if value and value > timezone.localdate():
            raise _error("future_date", "出生日期不能在今天之后 / birth date cannot be in the future")
        return value

    @field_validator(*PAST_DATE_FIELDS)
    @classmethod
    def _not_in_future(cls, value):
        if value and value > timezone.localdate():
            raise _error("future_date", f"日期{value:%Y-%m-%d}在今天之后 / the date is in the future")
        return value

    @model_validator(mode="after")
    def _fill_from_id_number(self):
        if self.id_number:
            parsed = idnumbers.parse(self.id_number)
            if not self.sex:
                self.sex = parsed.sex
            if self.birth_date is None:
                self.birth_date = parsed.birth_date
        return self

    def person_fields(self, *, only_set: bool = False) -> dict[str, Any]:
        """Values for Person's own columns (not area, household, ID number: services handle those)."""
        names = self.model_fields_set if only_set else type(self).model_fields
        return {name: getattr(self, name) for name in names if name not in NOT_PERSON_COLUMNS}


NOT_PERSON_COLUMNS = frozenset({"area_code", "id_number", "household_id"})


class PersonOut(Schema):
    id: int
    area_code: str
    area_name: str
    household_id: int | None
    name: str
    id_number_masked: str
    sex: str
    birth_date: datetime.date | None
    phone: str
    hukou_type: str
    address: str
    living_arrangement: str
    is_migrant_worker: bool
    away_scope: str
    away_place: str
    away_since: datetime.date | None
    disability_type: str
    disability_grade: int | None
    care_need: str
    severe_illness: str
    custody_type: str
    custody_since: datetime.date | None
    custody_term_months: int | None
    out_of_contact_since: datetime.date | None
    died_on: datetime.date | None
    declared_missing_on: datetime.date | None
    parents_unknown: bool
    dibao: bool
    tekun: bool
    bereaved_one_child_family: bool
    in_full_time_school: bool
    risk_level: str
    categories: list[str]
    notes: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_area_code(obj: Person) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Person) -> str:
        return obj.area.name

    @staticmethod
    def resolve_categories(obj: Person) -> list[str]:
        """Open spells; selectors prefetch them as `open_spells` so a list costs one query."""
        spells = getattr(obj, "open_spells", None)
        if spells is None:
            spells = obj.spells.filter(ended_on__isnull=True)
        return sorted({spell.category for spell in spells})


class HouseholdIn(Schema):
    area_code: AreaCode
    address: _text(200) = ""
    hukou_type: _choice(HukouType) = ""
    head_id: int | None = None


class HouseholdMemberOut(Schema):
    id: int
    name: str


class HouseholdOut(Schema):
    id: int
    area_code: str
    address: str
    hukou_type: str
    head_id: int | None
    members: list[HouseholdMemberOut]

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area_id

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())


class RelationshipIn(Schema):
    """`relative` is `kind` of `person`: a child's mother is (person=child, relative=mother, parent)."""

    person_id: int
    relative_id: int
    kind: _choice(RelationshipKind, blank=False)
    started_on: CellDate = None
    ended_on: CellDate = None
    notes: _text(200) = ""


class RelationshipOut(Schema):
    id: int
    person_id: int
    relative_id: int
    relative_name: str
    kind: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    notes: str

    @staticmethod
    def resolve_relative_name(obj) -> str:
        return obj.relative.name


class PersonFilter(Schema):
    """The list's filters (selectors.person_list); the API takes them as query parameters."""

    area_code: str | None = None
    category: str | None = None
    risk_level: str | None = None
    sex: str | None = None
    min_age: int | None = Field(None, ge=0, le=150)
    max_age: int | None = Field(None, ge=0, le=150)
    on: datetime.date | None = None  # ages are counted on this date; today when empty
    q: str | None = None


@dataclass(frozen=True)
class FieldError:
    field: str  # the schema field, e.g. "id_number"
    label: str  # its Chinese label, e.g. "身份证号"
    code: str  # e.g. "id_number_checksum", "choice", "date"
    message: str  # Chinese / English


def field_label(field: str) -> str:
    """The Chinese label of a schema field (the model field's verbose_name)."""
    name = {"area_code": "area", "household_id": "household", "head_id": "head",
            "id_number": "id_number_masked"}.get(field, field)
    try:
        return str(Person._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return field


def field_errors(exc: ValidationError) -> list[FieldError]:
    """A schema ValidationError as one FieldError per field, for forms and the import's error column."""
    result = []
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else ""
        message = error["msg"] if error["type"] not in ("missing",) else "必填 / required"
        result.append(FieldError(field=field, label=field_label(field) if field else "", code=error["type"],
                                 message=message))
    return result
