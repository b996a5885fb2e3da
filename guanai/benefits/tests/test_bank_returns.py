"""Reading the bank's return file: .csv (UTF-8 or GBK) and .xlsx, errors naming row and column."""

import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from guanai.benefits.bank_returns import return_rows_read

CSV = ("明细编号,户名,金额(元),结果,失败原因,银行流水号\n"
       "11,王监护,700.00,成功,,B001\n12,李监护,750,失败,账户已冻结,B002\n")


def test_csv_in_utf8_and_gbk():
    for encoding in ("utf-8-sig", "gb18030"):
        rows = return_rows_read(filename="return.csv", content=CSV.encode(encoding))
        assert [(r.payment_id, r.amount_fen, r.ok, r.failure_reason) for r in rows] == [
            (11, 70_000, True, ""), (12, 75_000, False, "账户已冻结")]


def test_xlsx_numbers_become_fen_without_float_error():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["明细编号", "金额", "结果"])
    sheet.write_row(1, 0, [7, 0.29, "成功"])
    sheet.write_row(2, 0, [8, 1234.1, "失败"])
    book.close()
    rows = return_rows_read(filename="return.xlsx", content=out.getvalue())
    assert [(r.payment_id, r.amount_fen, r.ok) for r in rows] == [(7, 29, True), (8, 123_410, False)]


def test_errors_name_the_row_and_column():
    with pytest.raises(ValidationError, match="第3行“结果”"):
        return_rows_read(filename="r.csv", content="明细编号,金额,结果\n1,1.00,成功\n2,1.00,不知道\n".encode())
    with pytest.raises(ValidationError, match="缺少“结果”列"):
        return_rows_read(filename="r.csv", content="明细编号,金额\n1,1.00\n".encode())
