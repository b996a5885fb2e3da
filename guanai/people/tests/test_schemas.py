import datetime

import pytest
from pydantic import ValidationError

from guanai.people.models import CareNeed, HukouType, LivingArrangement, RelationshipKind, Sex
from guanai.people.schemas import (
    PersonIn,
    RelationshipIn,
    boolean_from_cell,
    choice_from_cell,
    date_from_cell,
    field_errors,
    grade_from_cell,
    months_from_cell,
    phone_from_cell,
)
from guanai.people.tests.factories import XINMINJIE, id_number_make

NUMBER = id_number_make(birth_date=datetime.date(2012, 3, 4), sex="female")


def _errors(**values) -> dict[str, str]:
    base = {"area_code": XINMINJIE, "name": "王小花", "id_number": NUMBER}
    with pytest.raises(ValidationError) as excinfo:
        PersonIn(**(base | values))
    return {error.field: error.message for error in field_errors(excinfo.value)}


def test_id_number_fills_birth_date_and_sex():
    person = PersonIn(area_code=XINMINJIE, name="王小花", id_number=NUMBER.lower())
    assert (person.id_number, person.birth_date, person.sex) == (NUMBER, datetime.date(2012, 3, 4), "female")
    assert {"sex", "birth_date"} <= person.model_fields_set


def test_agreeing_sex_and_birth_date_in_chinese_are_accepted():
    person = PersonIn(area_code=XINMINJIE, name="王小花", id_number=NUMBER, sex="女", birth_date="2012年3月4日")
    assert person.sex == "female"


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"sex": "男"}, "sex", "性别与身份证号不符"),
    ({"birth_date": "2012-03-05"}, "birth_date", "出生日期与身份证号不符"),
    ({"id_number": "6.10330E+17"}, "id_number", "科学计数法"),
    ({"id_number": 6.1033e17}, "id_number", "Excel"),
    ({"id_number": NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")}, "id_number", "校验位"),
    ({"id_number": "610330120304002"}, "id_number", "15位"),
    ({"phone": "4567890"}, "phone", "区号"),
    ({"phone": "13800138000/13900139000"}, "phone", "手机号"),
    ({"dibao": "不详"}, "dibao", "是"),
    ({"hukou_type": "外籍"}, "hukou_type", "农业(农村)户口"),
    ({"disability_grade": "五级"}, "disability_grade", "1-4"),
    ({"died_on": "2099-01-01"}, "died_on", "今天之后"),
    ({"away_since": "2020-02-30"}, "away_since", "有效日期"),
    ({"away_since": "去年"}, "away_since", "日期"),
    ({"area_code": "6103301"}, "area_code", "12位"),
    ({"name": "  "}, "name", "必填"),
    ({"id_number": None}, "sex", "必填"),
])
def test_errors_name_their_field(values, field, words):
    errors = _errors(**values)
    assert field in errors and words in errors[field], errors
    assert " / " in errors[field]


def test_labels_for_the_import():
    with pytest.raises(ValidationError) as excinfo:
        PersonIn(area_code=XINMINJIE, name="王", id_number="123")
    (error,) = field_errors(excinfo.value)
    assert (error.field, error.label, error.code) == ("id_number", "身份证号", "id_number_length")


@pytest.mark.parametrize(("raw", "expected"), [
    ("是", True), ("√", True), ("有", True), (1, True), ("1", True), ("Yes", True), (True, True),
    ("否", False), ("无", False), ("×", False), (0, False), ("0", False), ("", False), (None, False),
    ("  否 ", False), (1.0, True),
])
def test_booleans(raw, expected):
    assert boolean_from_cell(raw) is expected


@pytest.mark.parametrize(("choices", "raw", "expected"), [
    (Sex, "男", "male"), (Sex, "女性", "female"), (Sex, "female", "female"), (Sex, "1", "male"),
    (HukouType, "农业户口", "rural"), (HukouType, "农业(农村)户口", "rural"), (HukouType, "农业（农村）户口", "rural"),
    (HukouType, "非农业户口", "urban"), (HukouType, "城镇", "urban"), (HukouType, "", ""),
    (LivingArrangement, "独居", "alone"), (LivingArrangement, "与外祖父母同住", "with_grandparents"),
    (CareNeed, "能自理", ""), (CareNeed, "失能", "full"), (CareNeed, "半失能", "partial"),
    (RelationshipKind, "母亲", "parent"), (RelationshipKind, "委托照护人", "entrusted_carer"),
])
def test_choices_by_value_label_or_synonym(choices, raw, expected):
    assert choice_from_cell(choices, raw) == expected


def test_relationship_kind_is_required():
    with pytest.raises(ValidationError):
        RelationshipIn(person_id=1, relative_id=2, kind="")


@pytest.mark.parametrize(("raw", "expected"), [
    ("2020-01-02", datetime.date(2020, 1, 2)), ("2020/1/2", datetime.date(2020, 1, 2)),
    ("2020.1.2", datetime.date(2020, 1, 2)), ("2020年1月2日", datetime.date(2020, 1, 2)),
    ("２０２０年１月２日", datetime.date(2020, 1, 2)), ("20200102", datetime.date(2020, 1, 2)),
    ("2020年3月", datetime.date(2020, 3, 1)), ("2020-01-02 00:00:00", datetime.date(2020, 1, 2)),
    (43832, datetime.date(2020, 1, 2)), ("43832", datetime.date(2020, 1, 2)), (43832.0, datetime.date(2020, 1, 2)),
    (datetime.datetime(2020, 1, 2, 8, 0), datetime.date(2020, 1, 2)),  # noqa: DTZ001 - a sheet cell is naive
    (datetime.datetime(2020, 1, 1, 20, 0, tzinfo=datetime.UTC), datetime.date(2020, 1, 2)),  # 04:00 in Shanghai
    ("", None), (None, None),
])
def test_dates(raw, expected):
    assert date_from_cell(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("13800138000", "13800138000"), (13800138000, "13800138000"), (13800138000.0, "13800138000"),
    ("138 0013 8000", "13800138000"), ("１３８００１３８０００", "13800138000"), ("+86 138 0013 8000", "13800138000"),
    ("0917-4567890", "0917-4567890"), ("09174567890", "0917-4567890"), ("(0917)4567890", "0917-4567890"),
    ("010-12345678", "010-12345678"), ("01012345678", "010-12345678"), ("", ""),
])
def test_phones(raw, expected):
    assert phone_from_cell(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), ("2", 2), ("3级", 3), ("四级", 4), ("贰", 2), (2.0, 2),
                                               ("", None), (None, None)])
def test_grades(raw, expected):
    assert grade_from_cell(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [(24, 24), ("18个月", 18), ("2年", 24), ("", None)])
def test_months(raw, expected):
    assert months_from_cell(raw) == expected
