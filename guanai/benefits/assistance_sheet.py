"""Reading a sheet of assistance statuses (低保, 特困, 优抚 ... one row per person) for the county's import.

The bureau's own sheet, read through the sheet toolkit (guanai/sheets: any .xlsx/.xls/.ods/.csv, title
rows above the header, merged cells, Chinese dates). This module only turns cells into values and
names every bad cell by its row and column; matching the ID number to a person in the user's area and
the write are the service's (services.assistance_import), which changes nothing unless every row is good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from guanai.benefits.models import AssistanceKind
from guanai.core.money import AmountError, fen_from_yuan_text
from guanai.sheets.reading import (
    Cell,
    CellError,
    SheetError,
    cell_text,
    column_letter,
    parse_date,
    read_sheet,
    table_from_sheet,
)

# Column key -> the headers bureaus use for it (normalised: no spaces, lower case).
HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "name": ("姓名", "享受人姓名"),
    "kind": ("类别", "待遇类别", "保障类别", "救助类别"),
    "monthly": ("每月金额(元)", "每月金额", "月保障金额(元)", "月保障金额", "保障金额(元)", "保障金额"),
    "members": ("保障人数", "享受人数"),
    "scope": ("享受方式", "全户享受"),
    "first_month": ("起始月份", "享受起始月份", "起始时间", "开始月份"),
    "last_month": ("截止月份", "终止月份", "截止时间"),
    "evidence": ("证明材料", "批准文号", "审批文号"),
}
REQUIRED = ("id_number", "kind", "first_month")
TITLES = {key: names[0] for key, names in HEADERS.items()}
# The words a sheet uses for each kind: the labels, and the short names bureaus write.
KIND_WORDS: dict[str, str] = {
    **{str(label): value for value, label in AssistanceKind.choices},
    "低保": AssistanceKind.DIBAO, "城市低保": AssistanceKind.DIBAO, "农村低保": AssistanceKind.DIBAO,
    "低保对象": AssistanceKind.DIBAO, "特困": AssistanceKind.TEKUN, "特困人员": AssistanceKind.TEKUN,
    "特困供养": AssistanceKind.TEKUN, "五保": AssistanceKind.TEKUN, "残疾人补贴": AssistanceKind.DISABILITY,
    "优抚对象": AssistanceKind.YOUFU, "优抚": AssistanceKind.YOUFU, "失业保险金": AssistanceKind.UNEMPLOYMENT_INSURANCE,
    "失业补助金": AssistanceKind.UNEMPLOYMENT_ASSISTANCE, "低保边缘": AssistanceKind.DIBAO_EDGE,
    "艾滋病病毒感染儿童": AssistanceKind.HIV_CHILD, "感染艾滋病病毒儿童": AssistanceKind.HIV_CHILD,
}
HOUSEHOLD_WORDS = {"全户": True, "家庭": True, "是": True, "本人": False, "个人": False, "否": False, "": False}
_KNOWN = {name for names in HEADERS.values() for name in names}


class SheetRowsError(ValueError):
    """Bad cells, each named "第N行“列名”列(X)：..." (Chinese, then English)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AssistanceRow:
    row: int  # the sheet row number Excel shows
    id_number: str
    name: str
    kind: str
    monthly_fen: int | None
    members: int
    household: bool
    first_month: date
    last_month: date | None
    evidence: str


def _fen(text: str) -> int:
    try:
        # Spreadsheet numbers arrive as floats: cell_text gives their shortest decimal text first.
        return fen_from_yuan_text(text)
    except AmountError as error:
        raise CellError("amount", str(error)) from None


def _month(value: Cell) -> date | None:
    day = parse_date(value)
    return day.replace(day=1) if day else None


def _value(key: str, raw: Cell):
    text = cell_text(raw)
    if key == "kind":
        if text not in KIND_WORDS:
            raise CellError("kind", f"不认识的类别“{text}”，应为 低保、特困供养、优抚对象 等 / unknown kind")
        return KIND_WORDS[text]
    if key == "monthly":
        return _fen(text) if text else None
    if key == "members":
        if text and not (text.isdigit() and int(text) >= 1):
            raise CellError("members", f"保障人数应为正整数：“{text}” / members must be a whole number")
        return int(text) if text else 1
    if key == "scope":
        if text not in HOUSEHOLD_WORDS:
            raise CellError("scope", f"享受方式应为 本人 或 全户：“{text}” / write 本人 or 全户")
        return HOUSEHOLD_WORDS[text]
    if key in ("first_month", "last_month"):
        return _month(raw)
    return text


def assistance_rows_read(source: IO[bytes], *, filename: str) -> list[AssistanceRow]:
    """Every data row as an AssistanceRow; raises SheetError (the file) or SheetRowsError (all bad cells)."""
    table = table_from_sheet(read_sheet(source, filename=filename), is_known=_KNOWN.__contains__)
    where = {key: next((i for i, h in enumerate(table.headers) if h in {n.lower() for n in names}), None)
             for key, names in HEADERS.items()}
    missing = [TITLES[key] for key in REQUIRED if where[key] is None]
    if missing:
        raise SheetError(f"表格缺少“{'”“'.join(missing)}”列 / the sheet has no column {', '.join(missing)}")
    rows, problems = [], []
    for number, cells in table.data_rows():
        values, bad = {}, False
        for key, index in where.items():
            raw = cells[index] if index is not None and index < len(cells) else None
            place = f"第{number}行“{TITLES[key]}”列({column_letter(index or 0)})"
            try:
                values[key] = _value(key, raw)
            except CellError as error:
                problems.append(f"{place}：{error} / row {number}, column {TITLES[key]}")
                bad = True
                continue
            if key in REQUIRED and not values[key]:
                problems.append(f"{place}不能为空 / row {number}, column {TITLES[key]}: required")
                bad = True
        if bad:
            continue
        if values["last_month"] and values["last_month"] < values["first_month"]:
            problems.append(f"第{number}行：截止月份早于起始月份 / row {number}: last month before first month")
            continue
        rows.append(AssistanceRow(
            row=number, id_number=values["id_number"], name=values.get("name") or "", kind=values["kind"],
            monthly_fen=values.get("monthly"), members=values.get("members") or 1,
            household=bool(values.get("scope")), first_month=values["first_month"],
            last_month=values.get("last_month"), evidence=values.get("evidence") or ""))
    if problems:
        raise SheetRowsError(problems)
    if not rows:
        raise SheetError("表格中没有数据行 / the sheet has no data rows")
    return rows
