"""The one bank-file writer: the most specific template wins, amounts are numbers, a total row."""

import csv
import io

import pytest
from python_calamine import CalamineWorkbook

from guanai.areas.models import Area
from guanai.bankfiles.models import BankFileTemplate
from guanai.bankfiles.writing import BankLine, bank_columns_for, bank_file_csv, bank_file_xlsx

pytestmark = pytest.mark.django_db

LINES = [BankLine(line_id=7, payee_name="甲村委会", id_number="", account="6230000000000000001", bank="农商行",
                  amount_fen=600_001, memo="2022年运行补助"),
         BankLine(line_id=9, payee_name="张三", id_number="610330195001010011", account="6217000000000000002",
                  bank="农商行", amount_fen=5_000, memo="高龄津贴")]


def test_without_a_template_the_default_columns():
    assert bank_columns_for(area_code="610330101001") == list(BankFileTemplate.DEFAULT_COLUMNS)


def test_the_most_specific_template_above_the_area_wins():
    BankFileTemplate.objects.create(area=Area.objects.get(code="61"), bank_name="省行", columns="seq,amount")
    assert bank_columns_for(area_code="610330101001") == ["seq", "amount"]
    BankFileTemplate.objects.create(area=Area.objects.get(code="610330"), bank_name="凤县农商银行",
                                    columns="account,amount,memo")
    assert bank_columns_for(area_code="610330101001") == ["account", "amount", "memo"]
    assert bank_columns_for(area_code="610330") == ["account", "amount", "memo"]


def test_xlsx_numbers_text_and_a_total_row():
    out = io.BytesIO()
    bank_file_xlsx(lines=iter(LINES), columns=["seq", "payee_name", "id_number", "account", "amount"], target=out)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    assert rows[0] == ["序号", "姓名", "身份证号", "账号", "金额"]
    assert rows[1] == [1, "甲村委会", "", "6230000000000000001", 6000.01]
    assert rows[2][2] == "610330195001010011"  # text: 18 digits kept
    assert rows[3] == ["合计", "2笔", "", "", 6050.01]


def test_csv_two_decimals_and_the_total():
    text = "".join(bank_file_csv(lines=LINES, columns=["amount", "account"]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["金额", "账号"], ["6000.01", "6230000000000000001"], ["50.00", "6217000000000000002"],
                    ["6050.01", "合计"]]  # the amount first: 合计 moves to the next column
