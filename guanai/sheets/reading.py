"""Reading the bureau's own sheets, whatever shape they come in.

.xlsx/.xlsm/.xls/.xlsb/.ods go through python-calamine (Rust, fast); .csv through the csv module,
decoded as UTF-8 (with or without BOM) and else GB18030 (a superset of GBK and GB2312, what Excel and
WPS write on a Chinese Windows). Cells keep their raw types (str, float, bool, date, datetime), so
that an ID number Excel stored as a float is seen as a number and rejected rather than guessed.

What bureau sheets do, and what this module undoes:
- title rows above the header (`find_header_row` scores rows by how many known header words they hold);
- merged cells: calamine gives the value only in the top-left cell, so every merged range is filled
  down and right from it, using the workbook's own merged-cell list (`CalamineSheet.merged_cell_ranges`).
  Formats without that list (.csv; .xls/.ods where calamine returns None) get no filling: nothing is
  guessed from blank cells;
- footer rows (合计, 填表人, 注：...) below the data are skipped;
- full-width digits and brackets (NFKC), Excel date serials and the common Chinese date forms
  (`parse_date`).

This module knows nothing about people (stdlib + calamine): it is part of guanai/sheets, the toolkit
below every app (docs/architecture.md, Layers). Which header means which field is people/headers.py.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import python_calamine

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
HEADER_SCAN_ROWS = 30
MIN_HEADER_SCORE = 2
FOOTER_WORDS = ("合计", "总计", "小计", "填表人", "填报人", "制表人", "审核人", "负责人", "填表日期", "注：", "注:",
                "说明：", "说明:")

Cell = str | float | int | bool | datetime.date | datetime.datetime | None


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is Chinese + English."""


class CellError(ValueError):
    """One cell cannot be read as the value its column needs; the message is Chinese + English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RowError:
    """A bad cell of a data row, as the reader names it: 第5行 C (区划代码)：必填 / required."""

    row: int  # the sheet row, 1-based as Excel shows it
    column: str  # "C (区划代码)"
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 {self.column}：{self.message}"


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # row i is sheet row i + 1; merged ranges already filled
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1)


@dataclass
class Table:
    """A sheet split into its title rows, header row and data rows."""

    sheet: Sheet
    header_index: int  # 0-based index of the header row in sheet.rows
    headers: list[str]  # normalised header text per column ("" for an empty header cell)
    group_headers: list[str]  # the row above the header (two-level headers), normalised

    @property
    def width(self) -> int:
        return len(self.headers)

    def data_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(sheet row number, 1-based as Excel shows it; cells) for each data row, blanks and footers skipped."""
        for index in range(self.header_index + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            if is_blank(row) or is_footer(row):
                continue
            yield index + 1, row


def read_sheet(source: Path | str | IO[bytes], *, filename: str | None = None, sheet: str | None = None) -> Sheet:
    """The first non-empty worksheet (or the one named), merged cells filled."""
    name = filename or (str(source) if isinstance(source, Path | str) else getattr(source, "name", ""))
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        data = Path(source).read_bytes() if isinstance(source, Path | str) else source.read()
        return Sheet(name=Path(name).stem, rows=read_csv_rows(data))
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SheetError(f"不支持的文件类型“{suffix or name}”，请上传 .xlsx、.xls、.ods 或 .csv 文件 / "
                         f"unsupported file type '{suffix}': use .xlsx, .xls, .ods or .csv")
    try:
        if isinstance(source, Path | str):
            workbook = python_calamine.CalamineWorkbook.from_path(str(source))
        else:
            workbook = python_calamine.CalamineWorkbook.from_filelike(source)
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        raise SheetError(f"文件无法打开，可能已损坏或不是表格文件 / the file cannot be opened as a workbook: {error}"
                         ) from None
    return _pick_sheet(workbook, wanted=sheet)


def _pick_sheet(workbook: python_calamine.CalamineWorkbook, *, wanted: str | None) -> Sheet:
    names = [wanted] if wanted else workbook.sheet_names
    for sheet_name in names:
        try:
            calamine_sheet = workbook.get_sheet_by_name(sheet_name)
        except python_calamine.CalamineError:
            raise SheetError(f"找不到工作表“{sheet_name}” / no worksheet named '{sheet_name}'") from None
        rows = calamine_sheet.to_python(skip_empty_area=False)
        if any(not is_blank(row) for row in rows):
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (calamine_sheet.merged_cell_ranges or [])]
            fill_merged(rows, merged)
            return Sheet(name=sheet_name, rows=rows, merged=merged)
    raise SheetError("文件中没有数据 / the workbook holds no data")


def fill_merged(rows: list[list[Cell]], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell (in place)."""
    for r0, c0, r1, c1 in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def decode_csv(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("CSV 文件编码无法识别，请另存为 UTF-8 或 GB18030 / the CSV is neither UTF-8 nor GB18030")


def read_csv_rows(data: bytes) -> list[list[Cell]]:
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


# --- cells -------------------------------------------------------------------------------------------

def is_blank(row: list[Cell]) -> bool:
    return all(cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()) for cell in row)


def is_footer(row: list[Cell]) -> bool:
    """A 合计/填表人/注： line: its first filled cell starts with a footer word and it holds at most
    two distinct values."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if not (isinstance(cell, str) and cell_text(cell).startswith(FOOTER_WORDS)):
            return False
        return len({cell_text(c) for c in row if c is not None and c != ""}) <= 2
    return False


def cell_text(value: Cell) -> str:
    """A cell as text: NFKC (full-width digits, letters and brackets become ASCII), trimmed; an integral
    float that Excel holds exactly (below 2**53) loses its '.0'; dates become ISO text."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip() if not value.isascii() else value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return str(value)
    return str(value)


def normalise_header(value: Cell) -> str:
    """Header text for matching: NFKC, no spaces or line breaks, no required-marks (*), lower case."""
    text = cell_text(value)
    return re.sub(r"[\s*＊※:：]", "", text).lower()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- header row --------------------------------------------------------------------------------------

def find_header_row(rows: list[list[Cell]], *, is_known: Callable[[str], bool],
                    scan: int = HEADER_SCAN_ROWS) -> int:
    """Index of the header row: the row among the first `scan` with most distinct known header words
    (at least MIN_HEADER_SCORE). On a tie between adjacent rows (a two-level header whose merged
    cells were filled down) the lower one wins, since data starts below it."""
    best_index, best_score = -1, 0
    for index, row in enumerate(rows[:scan]):
        score = len({text for text in map(normalise_header, row) if text and is_known(text)})
        if score > best_score or (score == best_score and score and index == best_index + 1):
            best_index, best_score = index, score
    if best_score < MIN_HEADER_SCORE:
        raise SheetError(f"在前{scan}行中找不到表头行（应含“姓名”“身份证号”等列名） / "
                         f"no header row in the first {scan} rows (expected column names such as 姓名, 身份证号)")
    return best_index


def table_from_sheet(sheet: Sheet, *, is_known: Callable[[str], bool]) -> Table:
    index = find_header_row(sheet.rows, is_known=is_known)
    width = max((len(row) for row in sheet.rows), default=0)
    headers = [normalise_header(c) for c in sheet.rows[index]] + [""] * (width - len(sheet.rows[index]))
    above = sheet.rows[index - 1] if index else []
    groups = [normalise_header(c) for c in above] + [""] * (width - len(above))
    while headers and not headers[-1]:
        headers.pop()
    return Table(sheet=sheet, header_index=index, headers=headers, group_headers=groups[:len(headers)])


# --- dates -------------------------------------------------------------------------------------------

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
MAX_SERIAL = 73050  # 2099-12-31
_YMD = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YM = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?(?:份)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}")


def _date_error(text: str) -> CellError:
    return CellError("date", f"日期“{text}”无法识别，请写成 2023-06-01 或 2023年6月1日 / "
                             f"'{text}' is not a date: write 2023-06-01 or 2023年6月1日")


def _make_date(year: str | int, month: str | int, day: str | int, text: str) -> datetime.date:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise _date_error(text) from None


def parse_date(value: Cell) -> datetime.date | None:
    """A date from a cell: a real date, an Excel serial (45078), 20230601, 202306, 2023年6月1日,
    2023.6.1, 2023/06/01, 2023-6-1, 2023-6 or 2023年6月 (a month alone means its first day).
    Blank gives None; anything else raises CellError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_from_number(value)
    text = cell_text(value)
    if not text:
        return None
    if match := _ISO_TIME.match(text):
        text = match.group(1)
    if match := _YMD.match(text):
        return _make_date(*match.groups(), text)
    if match := _YM.match(text):
        return _make_date(match.group(1), match.group(2), 1, text)
    if match := _COMPACT.match(text):
        return _make_date(match.group(1), match.group(2), match.group(3) or 1, text)
    raise _date_error(text)


def _date_from_number(value: float) -> datetime.date:
    text = cell_text(value)
    if not float(value).is_integer():
        value = int(value)  # a date-time serial: the fraction is the time of day
    number = int(value)
    if 19000101 <= number <= 21001231 or 190001 <= number <= 210012:
        match = _COMPACT.match(str(number))
        if match:
            return _make_date(match.group(1), match.group(2), match.group(3) or 1, text)
    if 1 <= number <= MAX_SERIAL:
        return EXCEL_EPOCH + datetime.timedelta(days=number) if number > 60 else \
            datetime.date(1899, 12, 31) + datetime.timedelta(days=number)
    raise _date_error(text)
