"""Files out of facilities: the bank file of a locked subsidy roster and the facility list (.xlsx).

The bank file has one line per facility's public account with the amount as a number of yuan, a
total row, and a Chinese file name; accounts are written as text (a 19-digit account loses digits
as a number). The benefits bank file (benefits/exports.py) pays people from encrypted accounts and
streams 200,000 lines; this one pays a few hundred units from their public accounts.
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.db.models import QuerySet

from guanai.facilities import selectors
from guanai.facilities.models import Facility, SubsidyRoster

BANK_HEADER = ["序号", "收款单位", "银行账号", "开户银行", "金额(元)", "所在区划代码", "摘要"]
FACILITY_HEADER = ["设施类型", "区划代码", "所在区划", "名称", "地址", "运营方式", "运营单位", "状态", "开始运营日期",
                   "关闭日期", "联系电话", "床位", "护理型床位", "活动用房", "就餐座位"]


def _yuan(fen: int) -> Decimal:
    """A number for the cell; Decimal keeps it exact until xlsxwriter writes it."""
    return Decimal(fen) / 100


def bank_file_name(roster: SubsidyRoster) -> str:
    return f"{roster.area.name}{roster.year}年{roster.kind.name}{roster.get_payout_kind_display()}代发.xlsx"


def bank_file_xlsx(roster: SubsidyRoster) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("代发明细")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    for col, width in enumerate((6, 30, 24, 20, 14, 14, 30)):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, BANK_HEADER, bold)
    memo = f"{roster.year}年{roster.kind.name}{roster.get_payout_kind_display()}"
    row = 0
    for row, line in enumerate(roster.payments.order_by("area_id", "pk"), start=1):
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 1, line.payee_name)
        sheet.write_string(row, 2, line.bank_account, text)
        sheet.write_string(row, 3, line.bank_name)
        sheet.write_number(row, 4, _yuan(line.amount_fen), money)
        sheet.write_string(row, 5, line.area_id)
        sheet.write_string(row, 6, memo)
    sheet.write_string(row + 1, 1, f"合计（{roster.line_count}个单位）", bold)
    sheet.write_number(row + 1, 4, _yuan(roster.total_fen), money_bold)
    book.close()
    return out.getvalue()


def facility_list_xlsx(*, facilities: QuerySet[Facility], on) -> bytes:
    """The facility list in the same columns the import reads, so a file can go out and back in."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("设施名录")
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, FACILITY_HEADER, bold)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 4, 24)
    sheet.set_column(5, 7, 14)
    sheet.set_column(8, 9, 12, date)
    for r, f in enumerate(facilities.select_related("kind", "area"), start=1):
        cap = selectors.capacity_on(facility=f, on=on)
        sheet.write_row(r, 0, [f.kind.name, f.area_id, f.area.name, f.name, f.address, f.get_operator_display(),
                               f.operator_name, f.get_status_display()])
        for col, day in ((8, f.opened_on), (9, f.closed_on)):
            if day:
                sheet.write_datetime(r, col, day, date)
        sheet.write_string(r, 10, f.phone)
        sheet.write_row(r, 11, [cap.beds if cap else 0, cap.nursing_beds if cap else 0, cap.rooms if cap else 0,
                                cap.seats if cap else 0])
    book.close()
    return out.getvalue()
