"""Real .xlsx files for the import tests, written with xlsxwriter the way bureau sheets come."""

import datetime
import io

import xlsxwriter


def xlsx(rows: list[list[object]], *, merges: list[tuple[str, object]] = (), sheet: str = "花名册") -> bytes:
    """`rows` are written cell by cell with their Python types (a float stays a number, as when Excel
    turns an ID number into 6.10330E+17); `merges` are ("A1:D1", value) ranges written last."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                worksheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, str(value))
    for cell_range, value in merges:
        worksheet.merge_range(cell_range, value)
    workbook.close()
    return buffer.getvalue()
