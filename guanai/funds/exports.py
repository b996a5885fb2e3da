"""An allocation plan as an Excel sheet: the factors and weights, each sub-area's values and amount,
and the total row (amounts as numbers of yuan, exact from integer fen)."""

from __future__ import annotations

import io

import xlsxwriter

from guanai.core.money import yuan_decimal
from guanai.funds.factors import factor_label
from guanai.funds.models import AllocationPlan, PlanStatus
from guanai.funds.selectors import share_list


def plan_file_name(plan: AllocationPlan) -> str:
    return f"{plan.area.name}{plan.year}年{plan.name}第{plan.version}版.xlsx"


def plan_xlsx(plan: AllocationPlan) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("分配结果")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    factors = list(plan.factors.all())
    status = "已锁定" if plan.status == PlanStatus.LOCKED else "测算稿（未锁定）"
    sheet.write_string(0, 0, f"{plan.area.name}{plan.year}年{plan.name}（第{plan.version}版，{status}）", bold)
    sheet.write_string(1, 0, "分配方法：因素法；各因素按权重加权，金额取整到分，尾差按最大余数法分配。"
                             f"数据时点：{plan.data_on:%Y-%m-%d}")
    weights = "；".join(f"{factor_label(f.factor)} 权重{f.weight}" for f in factors)
    sheet.write_string(2, 0, f"因素与权重：{weights}")
    header = ["区划代码", "区划", *[factor_label(f.factor) for f in factors], "分配金额(元)"]
    sheet.write_row(4, 0, header, bold)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, len(header) - 1, 16)
    row = 4
    for row, share in enumerate(share_list(plan=plan), start=5):
        sheet.write_string(row, 0, share.area_id)
        sheet.write_string(row, 1, share.area.name)
        for col, f in enumerate(factors, start=2):
            sheet.write_number(row, col, share.values.get(f.factor, 0))
        sheet.write_number(row, len(header) - 1, yuan_decimal(share.amount_fen), money)
    sheet.write_string(row + 1, 1, "合计", bold)
    for col, f in enumerate(factors, start=2):
        sheet.write_number(row + 1, col, f.total_value, bold)
    sheet.write_number(row + 1, len(header) - 1, yuan_decimal(plan.total_fen), money_bold)
    book.close()
    return out.getvalue()
