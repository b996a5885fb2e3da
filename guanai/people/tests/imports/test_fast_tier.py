"""The import's fast tier never accepts a row PersonIn would refuse, and gives the same values."""

import datetime

import pytest
from pydantic import ValidationError

from guanai.accounts.scoping import Scope
from guanai.people import idnumbers
from guanai.people.importrows import (
    HARD_FIELDS,
    MIRRORED_FIELD_VALIDATORS,
    MIRRORED_MODEL_VALIDATORS,
    RowReader,
    SheetColumn,
    ValidRow,
    Villages,
    id_number_parse,
)
from guanai.people.schemas import PersonIn, field_errors

FIELDS = ["name", "id_number", "sex", "birth_date", "phone", "hukou_type", "is_migrant_worker", "away_since",
          "disability_grade", "dibao", "living_arrangement", "died_on"]
TODAY = datetime.date(2026, 11, 23)


def test_every_personin_validator_is_mirrored():
    decorators = PersonIn.__pydantic_decorators__
    assert set(decorators.field_validators) == MIRRORED_FIELD_VALIDATORS
    assert set(decorators.model_validators) == MIRRORED_MODEL_VALIDATORS


@pytest.fixture
def reader(db):
    columns = [SheetColumn(i, name, name) for i, name in enumerate(FIELDS)]
    return RowReader(columns=columns, villages=Villages(Scope("610330100007")))


def rows(ids):
    good = ids(1)
    return [
        ["王秀英", good, "", "", "13800138000", "农业", "否", "", "", "是", "独居", ""],
        ["王秀英", good, "女", datetime.date(1950, 1, 2), "", "", "", "", "二级", "", "", ""],
        ["王秀英", good, "男", "", "", "", "", "", "", "", "", ""],  # sex disagrees with the ID number
        ["王秀英", good, "", "1951-01-01", "", "", "", "", "", "", "", ""],  # birth date disagrees
        ["王秀英", "", "女", "1950年1月2日", "", "", "", "", "", "", "", ""],  # no ID: sex and birth given
        ["王秀英", "", "女", "", "", "", "", "", "", "", "", ""],  # no ID, no birth date
        ["王秀英", good, "", "", "", "", "是", "2099-01-01", "", "", "", ""],  # a future date
        ["王秀英", good[:-1] + "0" if good[-1] != "0" else good[:-1] + "1", "", "", "", "", "", "", "", "", "", ""],
        ["王秀英", 6.10330195e17, "", "", "", "", "", "", "", "", "", ""],
        ["", good, "", "", "", "", "", "", "", "", "", ""],  # no name
        ["王秀英", good, "", "", "123", "城里", "也许", "", "九级", "", "", "2020-01-01"],
    ]


def test_fast_tier_agrees_with_the_schema(reader, ids):
    for number, cells in enumerate(rows(ids), start=2):
        outcome = reader.read(number, cells)
        raw = {name: value for name, value in zip(FIELDS, cells, strict=True) if value not in ("", None)}
        raw["area_code"] = "610330100007"
        try:
            expected = PersonIn.model_validate(raw)
        except ValidationError as exc:
            soft_only = all(error.field not in HARD_FIELDS for error in field_errors(exc))
            if not soft_only:
                assert not isinstance(outcome, ValidRow), (number, cells)
                assert outcome and all(p.row == number and p.message for p in outcome)
                continue
            # Only soft cells are wrong: the row comes in without them, each one a warning (issue 16).
            assert isinstance(outcome, ValidRow) and outcome.warnings, (number, cells, outcome)
            left_out = {p.field for p in outcome.warnings}
            assert left_out == {error.field for error in field_errors(exc)}, (number, left_out)
            expected = PersonIn.model_validate({k: v for k, v in raw.items() if k not in left_out})
        assert isinstance(outcome, ValidRow), (number, cells, outcome)
        for name, value in outcome.values.items():
            if name != "unrecognised":
                assert getattr(expected, name) == value, (number, name)


def test_id_number_parse_matches_idnumbers(ids):
    for raw in (ids(1), ids(2).lower(), " " + ids(3), "610330500101123", "61033019500101", "abc"):
        try:
            expected = idnumbers.parse(raw, today=TODAY)
        except idnumbers.IdNumberError as error:
            with pytest.raises(idnumbers.IdNumberError) as caught:
                id_number_parse(raw, today=TODAY)
            assert caught.value.code == error.code
        else:
            assert id_number_parse(raw, today=TODAY) == expected
