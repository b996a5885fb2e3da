"""The one writer of a bank's payment file (.xlsx, .csv), whatever it pays.

A caller turns its lines into `BankLine`s (benefits: a person's allowance from encrypted accounts,
streamed from 200,000-line rosters; facilities: a facility's subsidy to its public account) and asks
`bank_columns_for` the county's template. The .xlsx is written in xlsxwriter's constant_memory mode,
so a large roster is never held in memory. Amounts are numbers with two decimals (a bank adds them
up); IDs and accounts are text (an 18- or 19-digit number would lose digits); a total row comes last.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

from guanai.bankfiles.models import BANK_FILE_COLUMNS, BankFileTemplate
from guanai.core.money import yuan_decimal, yuan_text
from guanai.sheets.writing import row_safe


@dataclass(frozen=True)
class BankLine:
    """One line a bank pays, whatever it pays for (a person's allowance, a facility's subsidy)."""

    line_id: int
    payee_name: str
    id_number: str
    account: str
    bank: str
    amount_fen: int
    memo: str
    area_code: str = ""
    area_name: str = ""
    person_name: str = ""


BANK_COLUMNS = BANK_FILE_COLUMNS
TEXT_COLUMNS = {"payee_name", "id_number", "account", "memo", "bank", "area_code", "area_name", "person_name"}


def _cell(key: str, seq: int, line: BankLine):
    if key == "seq":
        return seq
    if key == "amount":
        return yuan_decimal(line.amount_fen)
    return getattr(line, key)


def bank_columns_for(*, area_code: str) -> list[str]:
    """The template of the most specific area above `area_code` (the county's bank), else the default."""
    prefixes = [area_code[:n] for n in (12, 9, 6, 4, 2) if len(area_code) >= n]
    found = {t.area_id: t for t in BankFileTemplate.objects.filter(area_id__in=prefixes)}
    for prefix in prefixes:
        if prefix in found:
            return found[prefix].column_keys
    return list(BankFileTemplate.DEFAULT_COLUMNS)


class _Echo:
    def write(self, value: str) -> str:
        return value


def bank_file_csv(*, lines: Iterable[BankLine], columns: list[str]) -> Iterator[str]:
    """UTF-8 with BOM so that Excel opens the Chinese headers; one line at a time; a total row last."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([BANK_COLUMNS[k] for k in columns])
    count = total = 0
    for count, line in enumerate(lines, start=1):  # noqa: B007 - count is the total row's too
        total += line.amount_fen
        yield writer.writerow(row_safe([yuan_text(line.amount_fen, grouping=False) if k == "amount"
                                        else _cell(k, count, line) for k in columns]))
    yield writer.writerow(_total_row(columns, count, yuan_text(total, grouping=False)))


def _total_row(columns: list[str], count: int, total) -> list:
    """The sum under 金额, 合计 under the first other column, the number of lines under 姓名 (else the
    next free column)."""
    row: list = [""] * len(columns)
    if "amount" in columns:
        row[columns.index("amount")] = total
    free = [i for i, key in enumerate(columns) if key != "amount"]
    if free:
        row[free.pop(0)] = "合计"
    if free:
        at = columns.index("payee_name") if "payee_name" in columns and columns.index("payee_name") in free \
            else free[0]
        row[at] = f"{count}笔"
    return row


def bank_file_xlsx(*, lines: Iterable[BankLine], columns: list[str], target, sheet_name: str = "发放明细") -> None:
    """Write the .xlsx to `target` (a path or a binary file). constant_memory flushes each row."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "0.00"})
    money_bold = book.add_format({"num_format": "0.00", "bold": True})
    widths = {"seq": 6, "id_number": 22, "account": 24, "amount": 12, "memo": 30, "bank": 18, "area_name": 18}
    for c, key in enumerate(columns):
        sheet.set_column(c, c, widths.get(key, 12), text if key in TEXT_COLUMNS else None)
    sheet.write_row(0, 0, [BANK_COLUMNS[k] for k in columns], bold)
    count = total = 0
    for count, line in enumerate(lines, start=1):  # noqa: B007 - count is the total row's too
        total += line.amount_fen
        for c, key in enumerate(columns):
            value = _cell(key, count, line)
            if key == "amount":
                sheet.write_number(count, c, value, money)
            elif key in ("seq", "line_id"):
                sheet.write_number(count, c, value)
            else:
                sheet.write_string(count, c, row_safe([value])[0], text)
    for c, value in enumerate(_total_row(columns, count, yuan_decimal(total))):
        if isinstance(value, Decimal):
            sheet.write_number(count + 1, c, value, money_bold)
        else:
            sheet.write_string(count + 1, c, value, bold)
    book.close()
