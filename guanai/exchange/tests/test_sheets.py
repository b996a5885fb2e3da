"""Generic sheet reading and writing: header row, merged cells, CSV encodings, dates, widths."""

import datetime
import io

import pytest

from guanai.exchange.headers import field_for_header, is_known_header
from guanai.exchange.sheets import (
    SheetError,
    column_letter,
    decode_csv,
    find_header_row,
    parse_date,
    read_sheet,
    table_from_sheet,
)
from guanai.exchange.writers import Column, SheetOut, display_width, xlsx_write
from guanai.people.tests.imports.workbooks import xlsx


def test_header_row_found_below_title_rows_and_merged_ranges_filled():
    data = xlsx([["标题"], ["单位：某村", "", "日期"], ["序号", "姓名", "身份证号码", "村（社区）"],
                 [1, "王"], [2, "李"]],
                merges=[("A1:D1", "某村花名册"), ("D4:D5", "新民街社区")])
    sheet = read_sheet(io.BytesIO(data), filename="a.xlsx")
    assert sheet.rows[0] == ["某村花名册"] * 4
    assert sheet.rows[4][3] == "新民街社区"
    table = table_from_sheet(sheet, is_known=is_known_header)
    assert table.header_index == 2 and table.headers == ["序号", "姓名", "身份证号码", "村(社区)"]
    assert [row for row, _ in table.data_rows()] == [4, 5]


def test_two_level_header_takes_the_lower_row_and_joins_the_group():
    rows = [["姓名", "身份证号", "残疾情况", "残疾情况"], ["姓名", "身份证号", "类别", "等级"]]
    assert find_header_row(rows, is_known=is_known_header) == 1
    assert field_for_header("类别", "残疾情况") == "disability_type"
    assert field_for_header("等级", "残疾情况") == "disability_grade"


def test_no_header_row_is_a_clear_error():
    with pytest.raises(SheetError, match="表头"):
        find_header_row([["a", "b"], ["c", "d"]], is_known=is_known_header)


def test_unsupported_file_type():
    with pytest.raises(SheetError, match=".docx"):
        read_sheet(io.BytesIO(b""), filename="a.docx")


def test_csv_utf8_bom_and_gb18030():
    text = "姓名,身份证号\n王秀英,1\n"
    assert decode_csv(("\ufeff" + text).encode("utf-8")) == text
    assert decode_csv(text.encode("gb18030")) == text
    sheet = read_sheet(io.BytesIO(text.encode("gb18030")), filename="a.csv")
    assert sheet.rows == [["姓名", "身份证号"], ["王秀英", "1"]]


@pytest.mark.parametrize(("cell", "expected"), [
    ("2023年6月1日", datetime.date(2023, 6, 1)), ("2023.6.1", datetime.date(2023, 6, 1)),
    ("2023/06/01", datetime.date(2023, 6, 1)), ("20230601", datetime.date(2023, 6, 1)),
    ("2023-6", datetime.date(2023, 6, 1)), ("2023年6月", datetime.date(2023, 6, 1)),
    (45078.0, datetime.date(2023, 6, 1)), (20230601.0, datetime.date(2023, 6, 1)),
    ("２０２３年６月１日", datetime.date(2023, 6, 1)), ("", None)])
def test_parse_date(cell, expected):
    assert parse_date(cell) == expected


def test_parse_date_refuses_nonsense():
    with pytest.raises(ValueError, match="无法识别"):
        parse_date("六月一日")


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_writer_keeps_id_numbers_as_text_and_freezes_the_header():
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets=[SheetOut("名单", [Column("身份证号", text=True), Column("年龄")],
                                        [["610330195001020021", 73]])])
    rows = read_sheet(io.BytesIO(buffer.getvalue()), filename="a.xlsx").rows
    assert rows == [["身份证号", "年龄"], ["610330195001020021", 73.0]]
    assert display_width("身份证号") == 8
