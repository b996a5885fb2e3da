"""Generic sheet reading and writing: file types, CSV encodings, dates, column letters, widths.
(Finding the header row with the people headers: people/tests/imports/test_headers.py.)"""

import datetime
import io

import pytest

from guanai.sheets.reading import (
    SheetError,
    column_letter,
    decode_csv,
    parse_date,
    read_sheet,
)
from guanai.sheets.writing import Column, SheetOut, display_width, xlsx_write


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
