"""Reading resident population figures (常住人口) from a sheet: one row per area and year, as a
statistics office's table gives them (区划代码, 年度, 常住人口, 60周岁及以上, ...).

The sheet goes through guanai/sheets (header row found among title rows, merged cells filled, footers
skipped). This module checks what a cell alone can tell (digits, a whole number) and names each bad cell
by row and column; services.resident_population_rows_check checks the rest (the area, the scope, the
ages against the total) and services.resident_population_import writes all rows or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO

from guanai.sheets.reading import (
    Cell,
    CellError,
    RowError,
    SheetError,
    cell_text,
    column_letter,
    read_sheet,
    table_from_sheet,
)

# Header words -> field of PopulationRow (normalised: no spaces, lower case).
HEADERS: dict[str, str] = {
    "区划代码": "area_code", "行政区划代码": "area_code", "代码": "area_code",
    "年度": "year", "年份": "year",
    "常住人口": "total", "常住人口数": "total", "总人口": "total",
    "60周岁及以上": "aged_60_plus", "60岁及以上": "aged_60_plus", "60周岁以上": "aged_60_plus",
    "60岁以上": "aged_60_plus", "60周岁及以上人口": "aged_60_plus", "60岁及以上人口": "aged_60_plus",
    "65周岁及以上": "aged_65_plus", "65岁及以上": "aged_65_plus", "65周岁及以上人口": "aged_65_plus",
    "65岁及以上人口": "aged_65_plus",
    "0-17周岁": "aged_0_17", "0-17岁": "aged_0_17", "0-17周岁人口": "aged_0_17",
    "数据来源": "source", "来源": "source",
}
# The first header of each field: the import page lists them and the template writes them.
LABELS: dict[str, str] = {}
for _header, _field in HEADERS.items():
    LABELS.setdefault(_field, _header)
REQUIRED = ("area_code", "year", "total", "aged_60_plus", "source")
NUMBER_FIELDS = ("year", "total", "aged_60_plus", "aged_65_plus", "aged_0_17")
_NUMBER = re.compile(r"^\d+$")


@dataclass
class PopulationRow:
    number: int  # the sheet row, as Excel shows it
    area_code: str
    year: int | None
    total: int | None
    aged_60_plus: int | None
    source: str
    aged_65_plus: int | None = None
    aged_0_17: int | None = None


@dataclass
class ReadResult:
    rows: list[PopulationRow]
    errors: list[RowError]
    where: dict[str, str] = field(default_factory=dict)  # field -> "C (常住人口)", for later messages


def _value(name: str, cell: Cell):
    text = cell_text(cell)
    if name in NUMBER_FIELDS:
        if not text:
            return None
        digits = text.replace(",", "").replace("，", "").replace(" ", "")
        if not _NUMBER.match(digits):
            raise CellError(name, f"“{text}”应为整数(人数不写“万”) / '{text}' must be a whole number of people")
        return int(digits)
    if name == "area_code" and text and not text.isdigit():
        raise CellError(name, f"区划代码“{text}”应为数字 / an area code is digits only")
    return text


def population_rows_read(source: IO[bytes], *, filename: str) -> ReadResult:
    """Every row of the sheet, or the errors of the bad ones; raises SheetError when the file or its
    header cannot be read or a required column is missing."""
    table = table_from_sheet(read_sheet(source, filename=filename), is_known=lambda text: text in HEADERS)
    columns: dict[int, str] = {}
    for index, header in enumerate(table.headers):
        if header in HEADERS and HEADERS[header] not in columns.values():
            columns[index] = HEADERS[header]
    missing = [LABELS[name] for name in REQUIRED if name not in columns.values()]
    if missing:
        raise SheetError(f"缺少必需的列：{'、'.join(missing)} / missing columns: {', '.join(missing)}")
    where = {name: f"{column_letter(i)} ({table.headers[i]})" for i, name in columns.items()}
    result = ReadResult(rows=[], errors=[], where=where)
    for number, cells in table.data_rows():
        before = len(result.errors)
        values: dict[str, object] = {}
        for index, name in columns.items():
            try:
                values[name] = _value(name, cells[index] if index < len(cells) else None)
            except CellError as error:
                result.errors.append(RowError(number, where[name], str(error)))
        for name in REQUIRED:
            if name in values and values[name] in (None, ""):
                result.errors.append(RowError(number, where[name], "必填 / required"))
        if len(result.errors) == before:
            result.rows.append(PopulationRow(number=number, **values))
    return result
