"""Showing integer fen as yuan with two decimals (CNY), with no float on the way."""

from decimal import Decimal


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
