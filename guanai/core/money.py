"""Money is integer fen: reading yuan typed in a form or written in a sheet, and showing fen as yuan with two
decimals (CNY), with no float on the way."""

from decimal import Decimal, InvalidOperation

# What a sheet's amount cell may carry around the number: thousands separators (ASCII and full-width),
# the currency sign and the unit. A clerk writes "1,200元" or "￥1,200.00"; the number is the same.
_AMOUNT_NOISE = str.maketrans("", "", ",，元¥￥ \u3000")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_FEN = Decimal("0.01")


class AmountError(ValueError):
    """A text that is not an amount in yuan; the message says why, in Chinese and English."""


def fen_from_yuan(yuan: Decimal | None) -> int:
    """Decimal('123.45') -> 12345 (None -> 0), for a form's DecimalField (which already allows two decimal
    places). A third decimal place is refused rather than rounded: a payment is exact to the fen."""
    if yuan is None:
        return 0
    if not yuan.is_finite() or yuan != yuan.quantize(_FEN):
        raise AmountError(f"“{yuan}”不是精确到分的金额 / not an amount to the fen")
    return int(yuan * 100)


def fen_from_yuan_text(text: str, *, negative: bool = False) -> int:
    """A sheet cell's amount in yuan -> fen: '1,200.50元' -> 120050, '１２００' -> 120000. Refused (AmountError):
    no number, more than two decimal places, and a negative amount unless `negative` (a recovery, a
    correction). Spreadsheet numbers must arrive as their shortest decimal text (sheets' `cell_text`
    gives that), never through a float multiplied by 100."""
    cleaned = str(text).translate(_FULL_WIDTH).translate(_AMOUNT_NOISE)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(f"“{text}”不是金额 / not an amount") from None
    if not value.is_finite():
        raise AmountError(f"“{text}”不是金额 / not an amount")
    if value != value.quantize(_FEN):
        raise AmountError(f"“{text}”超过两位小数，金额须精确到分 / more than two decimal places: amounts are exact "
                          "to the fen")
    if value < 0 and not negative:
        raise AmountError(f"“{text}”是负数，这里的金额不能为负 / a negative amount is not allowed here")
    return int(value * 100)


def yuan_decimal(fen: int) -> Decimal:
    """12345 -> Decimal('123.45'): yuan as a number for a sheet cell or a form's initial value, exact."""
    return Decimal(int(fen)) / 100


def yuan_text(fen: int | None, *, grouping: bool = True) -> str:
    """12345 -> '123.45'; -5 -> '-0.05'; 1234500 -> '12,345.00' (grouping=False: '12345.00')."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}" if grouping else f"{sign}{whole}.{cents:02d}"
