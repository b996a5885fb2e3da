"""Files out of facilities: the bank file of a locked subsidy roster and the facility list (.xlsx).

The bank file is written by the one bank-file writer (guanai/bankfiles/writing.py) in the columns of
the county's bank template, the same file the bank gets for people's allowances: one line per
facility's public account (收款单位 under 姓名, the facility under 对象姓名, no ID number), amounts as
numbers, a total row, and a Chinese file name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import xlsxwriter
from django.db.models import QuerySet

from guanai.bankfiles.writing import BankLine, bank_columns_for, bank_file_csv, bank_file_xlsx
from guanai.facilities import selectors
from guanai.facilities.models import Facility, SubsidyRoster

FACILITY_HEADER = ["设施类型", "区划代码", "所在区划", "名称", "地址", "运营方式", "运营单位", "状态", "开始运营日期",
                   "关闭日期", "联系电话", "床位", "护理型床位", "活动用房", "就餐座位"]


def bank_file_name(roster: SubsidyRoster, ext: str = "xlsx") -> str:
    return f"{roster.area.name}{roster.year}年{roster.kind.name}{roster.get_payout_kind_display()}代发.{ext}"


def subsidy_bank_lines(roster: SubsidyRoster) -> Iterator[BankLine]:
    """The roster's lines in a fixed order, so that 序号 n is the same facility in the file and in
    the bank's return."""
    memo = f"{roster.year}年{roster.kind.name}{roster.get_payout_kind_display()}"
    for line in roster.payments.select_related("area", "facility").order_by("area_id", "pk"):
        yield BankLine(line_id=line.pk, payee_name=line.payee_name, id_number="", account=line.bank_account,
                       bank=line.bank_name, amount_fen=line.amount_fen, memo=memo, area_code=line.area_id,
                       area_name=line.area.name, person_name=line.facility.name)


def subsidy_bank_columns(roster: SubsidyRoster) -> list[str]:
    return bank_columns_for(area_code=roster.area_id)


def subsidy_bank_xlsx(roster: SubsidyRoster) -> bytes:
    out = io.BytesIO()
    bank_file_xlsx(lines=subsidy_bank_lines(roster), columns=subsidy_bank_columns(roster), target=out,
                   sheet_name="代发明细")
    return out.getvalue()


def subsidy_bank_csv(roster: SubsidyRoster) -> str:
    return "".join(bank_file_csv(lines=subsidy_bank_lines(roster), columns=subsidy_bank_columns(roster)))


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
