"""Reading a county's roster of posts and their holders (儿童督导员/儿童主任 名册) from a sheet.

One row is one post in an area with the person holding it now (blank name: the post is vacant). The
sheet goes through guanai/sheets: the header row is found among title rows, merged cells are filled,
footers (合计, 填表人) are skipped, dates in any common form are read. This module checks what a cell
alone can tell (a known post kind, a date, digits in a phone number, a start date for a named holder)
and names each bad cell by row and column; services.workforce_rows_check checks the rest against the
database, and services.workforce_import writes all rows or none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO

from guanai.sheets.reading import (
    Cell,
    CellError,
    RowError,
    SheetError,
    cell_text,
    column_letter,
    parse_date,
    read_sheet,
    table_from_sheet,
)
from guanai.workforce.models import Background, PostKind

# Header words county rosters use -> field of HolderRow.
HEADERS: dict[str, str] = {
    "岗位": "kind", "岗位类型": "kind", "岗位类别": "kind",
    "区划代码": "area_code", "服务区划代码": "area_code", "村(社区)代码": "area_code", "乡镇(街道)代码": "area_code",
    "乡镇代码": "area_code",
    "岗位名称": "title", "设岗日期": "established_on",
    "姓名": "name", "在岗人员": "name", "联系电话": "phone", "手机号码": "phone", "电话": "phone",
    "人员身份": "background", "任职日期": "started_on", "上岗日期": "started_on",
    "最近培训日期": "trained_on", "培训日期": "trained_on", "证书编号": "certificate_no", "发证日期": "certificate_on",
    "系统账号": "username", "用户名": "username",
}
# The first header of each field: the import page lists them and the export writes them.
LABELS: dict[str, str] = {}
for _header, _field in HEADERS.items():
    LABELS.setdefault(_field, _header)
REQUIRED = ("kind", "area_code")
DATE_FIELDS = ("established_on", "started_on", "trained_on", "certificate_on")
# A kind or a background is written as its Chinese label or its code; 社工 is what rosters say.
KIND_WORDS = {str(label): code for code, label in PostKind.choices} | {code: code for code in PostKind.values} | {
    "社工": PostKind.SOCIAL_WORKER, "社工站工作人员": PostKind.SOCIAL_WORKER}
BACKGROUND_WORDS = {str(label): code for code, label in Background.choices} | {
    code: code for code in Background.values}


@dataclass
class HolderRow:
    """One sheet row: a post (kind, area, title) and who holds it (blank name: vacant)."""

    number: int  # the sheet row, as Excel shows it
    kind: str
    area_code: str
    title: str = ""
    established_on: datetime.date | None = None
    name: str = ""
    phone: str = ""
    background: str = ""
    started_on: datetime.date | None = None
    trained_on: datetime.date | None = None
    certificate_no: str = ""
    certificate_on: datetime.date | None = None
    username: str = ""

    @property
    def post_key(self) -> tuple[str, str, str]:
        return self.kind, self.area_code, self.title


@dataclass
class ReadResult:
    rows: list[HolderRow]
    errors: list[RowError]
    where: dict[str, str] = field(default_factory=dict)  # field -> "C (区划代码)", for later messages


def _value(name: str, cell: Cell):
    """The field's value from its cell, or CellError with a message for the reader."""
    if name in DATE_FIELDS:
        return parse_date(cell)
    text = cell_text(cell)
    if name == "kind":
        if text not in KIND_WORDS:
            raise CellError("kind", f"不认识的岗位“{text}”，应为{'、'.join(map(str, PostKind.labels))} / "
                                    f"unknown post kind '{text}'")
        return KIND_WORDS[text]
    if name == "background" and text:
        if text not in BACKGROUND_WORDS:
            raise CellError("background", f"不认识的人员身份“{text}”，应为{'、'.join(map(str, Background.labels))} / "
                                          f"unknown background '{text}'")
        return BACKGROUND_WORDS[text]
    if name == "phone":
        text = text.replace(" ", "").replace("-", "")
        if text and not text.isdigit():
            raise CellError("phone", "联系电话只能是数字 / a phone number is digits only")
    if name == "area_code" and text and not text.isdigit():
        raise CellError("area_code", f"区划代码“{text}”应为数字 / an area code is digits only")
    return text


def _row_read(number: int, cells: list[Cell], columns: dict[int, str], where: dict[str, str],
              errors: list[RowError]) -> HolderRow | None:
    """The row as a HolderRow, or None after adding one error per bad cell to `errors`."""
    before = len(errors)
    values: dict[str, object] = {}
    for index, name in columns.items():
        try:
            values[name] = _value(name, cells[index] if index < len(cells) else None)
        except CellError as error:
            errors.append(RowError(number, where[name], str(error)))
    for name in REQUIRED:
        if name in values and not values[name]:
            errors.append(RowError(number, where[name], "必填 / required"))
    if values.get("name") and "started_on" in values and not values["started_on"]:
        errors.append(RowError(number, where["started_on"], "填写了姓名的，任职日期必填 / a holder needs a start date"))
    return None if len(errors) > before else HolderRow(number=number, **values)


def holder_rows_read(source: IO[bytes], *, filename: str) -> ReadResult:
    """Every row of the sheet, or the errors of the bad ones; raises SheetError when the file or its
    header cannot be read or a required column is missing."""
    table = table_from_sheet(read_sheet(source, filename=filename), is_known=lambda text: text in HEADERS)
    columns: dict[int, str] = {}
    for index, header in enumerate(table.headers):
        if header in HEADERS and HEADERS[header] not in columns.values():
            columns[index] = HEADERS[header]
    missing = [LABELS[name] for name in REQUIRED if name not in columns.values()]
    if "name" in columns.values() and "started_on" not in columns.values():
        missing.append(LABELS["started_on"])  # a holder without a start date cannot be appointed
    if missing:
        raise SheetError(f"缺少必需的列：{'、'.join(missing)} / missing columns: {', '.join(missing)}")
    where = {name: f"{column_letter(i)} ({table.headers[i]})" for i, name in columns.items()}
    result = ReadResult(rows=[], errors=[], where=where)
    for number, cells in table.data_rows():
        row = _row_read(number, cells, columns, where, result.errors)
        if row is not None:
            result.rows.append(row)
    return result
