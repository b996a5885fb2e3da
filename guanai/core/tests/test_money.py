from decimal import Decimal

import pytest

from guanai.core.money import AmountError, fen_from_yuan, fen_from_yuan_text, yuan_decimal, yuan_text


@pytest.mark.parametrize(("text", "fen"), [
    ("1200", 120000),
    ("1,200.5", 120050),
    ("1，200.50元", 120050),
    ("￥1,200.00", 120000),
    ("¥ 0.01", 1),
    ("１２００．５", 120050),  # full-width digits, as a Chinese input method types them
    ("12.3", 1230),  # a spreadsheet float's shortest text: no 1229 from 12.3 * 100 in binary
    ("0", 0),
])
def test_sheet_amount_read_to_the_fen(text, fen):
    assert fen_from_yuan_text(text) == fen


@pytest.mark.parametrize(("text", "reason"), [
    ("", "not an amount"),
    ("十元", "not an amount"),
    ("1.2.3", "not an amount"),
    ("NaN", "not an amount"),
    ("Infinity", "not an amount"),
    ("12.345", "more than two decimal places"),
    ("-5", "negative"),
])
def test_sheet_amount_refused_with_why(text, reason):
    with pytest.raises(AmountError, match=reason):
        fen_from_yuan_text(text)


def test_negative_amount_allowed_when_asked():
    assert fen_from_yuan_text("-12.50", negative=True) == -1250


def test_form_amount_exact_or_refused():
    assert fen_from_yuan(None) == 0
    assert fen_from_yuan(Decimal("123.45")) == 12345
    assert fen_from_yuan(Decimal("-0.05")) == -5
    with pytest.raises(AmountError):
        fen_from_yuan(Decimal("1.005"))


def test_round_trip_with_the_display():
    for fen in (0, 1, 99, 100, 12345, -5, 123456789):
        assert fen_from_yuan_text(yuan_text(fen), negative=True) == fen
        assert fen_from_yuan(yuan_decimal(fen)) == fen
