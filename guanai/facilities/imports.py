"""Reading a facility list (.xlsx/.xls/.csv, Chinese headers) into FacilityIn rows.

Every row is checked before anything is written; a sheet with any bad row writes nothing and names
each bad cell by row, column and field (services.facilities_import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from pydantic import ValidationError as SchemaError

from guanai.facilities.schemas import FacilityIn
from guanai.sheets.reading import (
    RowError,
    SheetError,
    cell_text,
    column_letter,
    parse_date,
    read_sheet,
    table_from_sheet,
)

# Header words bureaus use -> FacilityIn field.
HEADERS: dict[str, str] = {
    "设施类型": "kind", "类型": "kind", "机构类型": "kind",
    "区划代码": "area_code", "所在区划代码": "area_code", "村(社区)代码": "area_code",
    "名称": "name", "设施名称": "name", "机构名称": "name",
    "地址": "address", "运营方式": "operator", "运营单位": "operator_name", "运营机构": "operator_name",
    "状态": "status", "运营状态": "status",
    "开始运营日期": "opened_on", "投用日期": "opened_on", "建成投用日期": "opened_on", "关闭日期": "closed_on",
    "联系电话": "phone", "开户银行": "bank_name", "账户名称": "bank_account_name", "银行账号": "bank_account",
    "床位": "beds", "床位数": "beds", "护理型床位": "nursing_beds", "活动用房": "rooms", "就餐座位": "seats",
}
DATE_FIELDS = ("opened_on", "closed_on")
LABELS = {v: k for k, v in reversed(list(HEADERS.items()))}


@dataclass
class ReadResult:
    rows: list[tuple[int, FacilityIn]]
    errors: list[RowError]


def facility_rows_read(source: IO[bytes], *, filename: str) -> ReadResult:
    sheet = read_sheet(source, filename=filename)
    table = table_from_sheet(sheet, is_known=lambda text: text in HEADERS)
    columns = {i: HEADERS[h] for i, h in enumerate(table.headers) if h in HEADERS}
    missing = [LABELS[f] for f in ("kind", "area_code", "name") if f not in columns.values()]
    if missing:
        raise SheetError(f"缺少必需的列：{'、'.join(missing)} / missing columns: {', '.join(missing)}")
    where = {f: f"{column_letter(i)} ({table.headers[i]})" for i, f in columns.items()}
    result = ReadResult(rows=[], errors=[])
    for number, cells in table.data_rows():
        values, bad = {}, False
        for i, f in columns.items():
            cell = cells[i] if i < len(cells) else None
            if f in DATE_FIELDS:
                try:
                    values[f] = parse_date(cell)
                except ValueError as error:
                    result.errors.append(RowError(number, where[f], str(error)))
                    bad = True
            elif f in ("beds", "nursing_beds", "rooms", "seats"):
                values[f] = cell
            else:
                values[f] = cell_text(cell)
        if bad:
            continue
        try:
            result.rows.append((number, FacilityIn(**values)))
        except SchemaError as error:
            for e in error.errors():
                f = str(e["loc"][0]) if e["loc"] else ""
                result.errors.append(RowError(number, where.get(f, f), e["msg"].removeprefix("Value error, ")))
    return result
