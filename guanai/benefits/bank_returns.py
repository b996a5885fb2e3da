"""Reading the bank's return file (回盘): .xlsx/.xls through python-calamine, .csv as UTF-8 (with BOM) or GBK.

The return echoes the payment file's 序号 (or 明细编号) and 金额, and adds 结果 (成功/失败), 失败原因 and
银行流水号. A 序号 is the line's place in the bank file (benefits/exports.py keeps the order fixed); the
file's 合计 row is skipped.
Errors name the row and column, in Chinese and English.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from guanai.core.money import AmountError, fen_from_yuan_text

REQUIRED = {"金额": "amount", "结果": "result"}
LINE_KEYS = {"明细编号": "payment_id", "序号": "seq"}  # one of them names the line
OPTIONAL = {"失败原因": "failure_reason", "银行流水号": "bank_reference"}
OK_WORDS = {"成功", "已入账", "success", "ok", "paid"}
FAILED_WORDS = {"失败", "退回", "failed", "fail", "returned"}


@dataclass(frozen=True)
class ReturnRow:
    row_number: int
    payment_id: int
    amount_fen: int
    ok: bool
    failure_reason: str = ""
    bank_reference: str = ""


def _cells(filename: str, content: bytes) -> list[list]:
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return list(csv.reader(io.StringIO(content.decode(encoding))))
            except UnicodeDecodeError:
                continue
        raise ValidationError("无法识别CSV文件的编码 / the CSV file is neither UTF-8 nor GBK")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (ValueError, OSError) as exc:  # calamine reports a corrupt or unknown file this way
        raise ValidationError(f"无法读取银行回盘文件：{exc} / cannot read the return file") from exc
    return book.get_sheet_by_index(0).to_python(skip_empty_area=True)


def _fen(value, row: int) -> int:
    try:
        # Spreadsheet numbers arrive as binary floats: str() gives their shortest decimal text.
        return fen_from_yuan_text(str(value))
    except AmountError as error:
        raise ValidationError(f"第{row}行“金额”列：{error} / row {row}, column 金额") from None


def _line(cell, number: int, payment_ids: list[int] | None) -> int:
    """The payment a row names: its 明细编号, or its 序号 looked up in the file order."""
    title, key = ("序号", "seq") if payment_ids is not None else ("明细编号", "payment_id")
    try:
        value = int(float(cell(key)))
    except ValueError:
        raise ValidationError(f"第{number}行“{title}”列无效 / row {number}, column {title}") from None
    if payment_ids is None:
        return value
    if not 1 <= value <= len(payment_ids):
        raise ValidationError(f"第{number}行“序号”{value}不在代发文件中 / row {number}: 序号 {value} is not in "
                              "the file")
    return payment_ids[value - 1]


def return_rows_read(*, filename: str, content: bytes, payment_ids: list[int] | None = None) -> list[ReturnRow]:
    """`payment_ids`: the payment of each 序号 in file order (exports.roster_bank_payment_ids)."""
    rows = [r for r in _cells(filename, content) if any(str(c).strip() for c in r)]
    if not rows:
        raise ValidationError("回盘文件是空的 / the return file is empty")
    header = [str(c).strip() for c in rows[0]]
    where = {}
    for title, key in {**REQUIRED, **OPTIONAL}.items():
        found = next((i for i, h in enumerate(header) if h.startswith(title)), None)
        if found is None and title in REQUIRED:
            raise ValidationError(f"回盘文件缺少“{title}”列 / the return file has no {title} column")
        where[key] = found
    for title, key in LINE_KEYS.items():
        where[key] = next((i for i, h in enumerate(header) if h.startswith(title)), None)
    if where["payment_id"] is None and (where["seq"] is None or payment_ids is None):
        raise ValidationError("回盘文件缺少“序号”或“明细编号”列 / the return file has no 序号 or 明细编号 column")
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        def cell(key, cells=cells):
            i = where.get(key)
            return str(cells[i]).strip() if i is not None and i < len(cells) else ""

        if cells and str(cells[0]).strip() == "合计":
            continue
        result = cell("result").lower()
        if result not in OK_WORDS | FAILED_WORDS:
            raise ValidationError(f"第{number}行“结果”列应为 成功 或 失败：{result!r} / row {number}, column 结果")
        payment_id = _line(cell, number, payment_ids if where["payment_id"] is None else None)
        out.append(ReturnRow(row_number=number, payment_id=payment_id, amount_fen=_fen(cell("amount"), number),
                             ok=result in OK_WORDS, failure_reason=cell("failure_reason"),
                             bank_reference=cell("bank_reference")))
    return out
