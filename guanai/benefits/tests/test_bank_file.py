"""The bank file: the county's template of columns, ID numbers, numeric amounts, a total row, a Chinese
file name, and a return that names lines by 序号."""

import csv
import datetime
import io
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.areas.models import Area
from guanai.bankfiles.models import BankFileTemplate
from guanai.benefits import exports
from guanai.benefits.bank_returns import return_rows_read
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory
from guanai.people.tests.factories import id_number_make

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(standards):
    for n in range(3):
        number = id_number_make(birth_date=D(2015, 1, 1 + n))
        EnrollmentFactory(person=PersonFactory(name=f"对象{n}", id_number=number))
    return roster_build(roster_id=RosterFactory(month=D(2027, 1, 1)).pk)


def _xlsx_rows(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_default_columns_numbers_and_a_total_row(client, county, roster):
    client.force_login(county)
    response = client.get(reverse("benefits:roster_export", args=[roster.pk, "xlsx"]))
    name = unquote(response["Content-Disposition"].split("filename*=utf-8''")[1])
    assert name == f"{roster.area.name}-{roster.programme.name}-2027年01月.xlsx"
    rows = _xlsx_rows(response)
    assert rows[0] == ["序号", "姓名", "身份证号", "账号", "金额", "备注"]
    lines = rows[1:-1]
    assert [r[0] for r in lines] == [1, 2, 3]
    assert all(isinstance(r[4], float) and r[4] > 0 for r in lines)  # a number a bank can add up
    assert all(len(r[2]) == 18 and "*" not in r[2] for r in lines)  # the whole ID number, as text
    assert rows[-1][0] == "合计" and rows[-1][1] == "3笔"
    assert round(rows[-1][4] * 100) == roster.total_fen


def test_csv_has_two_decimals_and_the_total(client, county, roster):
    client.force_login(county)
    response = client.get(reverse("benefits:roster_export", args=[roster.pk, "csv"]))
    assert "2027年01月.csv" in unquote(response["Content-Disposition"])
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][4].count(".") == 1 and len(rows[1][4].split(".")[1]) == 2
    assert rows[-1][0] == "合计" and rows[-1][4] == f"{roster.total_fen // 100}.{roster.total_fen % 100:02d}"


def test_a_county_template_orders_the_columns(client, county, roster):
    BankFileTemplate.objects.create(area=Area.objects.get(code="610330"), bank_name="凤县农商银行",
                                    columns="line_id,account,payee_name,amount")
    client.force_login(county)
    rows = _xlsx_rows(client.get(reverse("benefits:roster_export", args=[roster.pk, "xlsx"])))
    assert rows[0] == ["明细编号", "账号", "姓名", "金额"]
    assert rows[-1][0] == "合计"


def test_a_template_must_name_known_columns_and_an_amount():
    area = Area.objects.get(code="610330")
    with pytest.raises(ValidationError, match="不认识的列代码"):
        BankFileTemplate(area=area, bank_name="某行", columns="seq,amount,colour").full_clean()
    with pytest.raises(ValidationError, match="金额列"):
        BankFileTemplate(area=area, bank_name="某行", columns="seq,payee_name").full_clean()


def test_the_return_names_lines_by_seq_and_skips_the_total(roster):
    ids = exports.roster_bank_payment_ids(roster)
    content = "序号,姓名,金额,结果\n1,甲,700.00,成功\n3,丙,700.00,失败\n合计,2笔,1400.00,\n".encode()
    rows = return_rows_read(filename="r.csv", content=content, payment_ids=ids)
    assert [(r.payment_id, r.ok) for r in rows] == [(ids[0], True), (ids[2], False)]
    with pytest.raises(ValidationError, match="序号.*9"):
        return_rows_read(filename="r.csv", content="序号,金额,结果\n9,1.00,成功\n".encode(), payment_ids=ids)
