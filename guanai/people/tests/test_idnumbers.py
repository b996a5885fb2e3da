import datetime

import pytest

from guanai.people import idnumbers
from guanai.people.tests.factories import id_number_make

TODAY = datetime.date(2026, 11, 23)
VALID = idnumbers.with_check_character("61033019580304123")  # born 1958-03-04, sequence 123 -> male


def test_valid_number_gives_birth_date_and_sex():
    parsed = idnumbers.parse(VALID, today=TODAY)
    assert parsed.number == VALID
    assert parsed.birth_date == datetime.date(1958, 3, 4)
    assert parsed.sex == "male"
    assert parsed.address_code == "610330"


def test_even_sequence_is_female():
    number = id_number_make(birth_date=datetime.date(2012, 5, 6), sex="female")
    assert idnumbers.parse(number, today=TODAY).sex == "female"


@pytest.mark.parametrize("raw", [
    VALID.lower(),
    VALID.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ")),
    f"  {VALID[:6]} {VALID[6:14]} {VALID[14:]} ",
    f"'{VALID}",
])
def test_cleaning_spreadsheet_forms(raw):
    assert idnumbers.parse(raw, today=TODAY).number == VALID


def test_lowercase_x_check_character():
    candidates = (idnumbers.with_check_character(f"610330199001010{i:02d}") for i in range(100))
    number = next(n for n in candidates if n.endswith("X"))
    assert idnumbers.parse(number.lower(), today=TODAY).number == number


@pytest.mark.parametrize(("raw", "code"), [
    (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "checksum"),
    ("610330580304123", "old_15"),
    ("6.10330E+17", "excel_number"),
    (6.10330e17, "excel_number"),
    (610330195803041231, "excel_number"),
    ("", "empty"),
    (None, "empty"),
    ("61033019580304", "length"),
    ("6103301958030412A4", "format"),
    (idnumbers.with_check_character("61033019581304123"), "component"),  # month 13
    (idnumbers.with_check_character("61033020270101123"), "future_birth"),
])
def test_refusals(raw, code):
    with pytest.raises(idnumbers.IdNumberError) as excinfo:
        idnumbers.parse(raw, today=TODAY)
    assert excinfo.value.code == code
    assert " / " in str(excinfo.value)  # Chinese / English


def test_mask_keeps_four_and_four():
    assert idnumbers.mask(VALID) == VALID[:4] + "*" * 10 + VALID[-4:]
