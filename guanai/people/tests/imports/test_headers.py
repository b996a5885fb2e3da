"""The people headers on real sheets: the header row found below title rows (merged ranges filled), a
two-level header joined with its group, and a sheet with no known header refused clearly."""

import io

import pytest

from guanai.people.headers import field_for_header, is_known_header
from guanai.people.tests.imports.workbooks import xlsx
from guanai.sheets.reading import SheetError, find_header_row, read_sheet, table_from_sheet


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
