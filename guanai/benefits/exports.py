"""Files out of a roster: the bank's payment file (.xlsx, .csv) and a printable roster (PDF).

Rows are streamed from the database with iterator(chunk_size=...), so a 200,000-line roster is written
without holding its rows in memory (the .xlsx through xlsxwriter's constant_memory mode). The bank
file carries the full account number (the bank needs it), decrypted line by line; the PDF and the
pages show the masked one. Callers write the access-log row (views.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone

from guanai.benefits.models import Payment, Roster
from guanai.benefits.money import yuan_text
from guanai.people import idcipher
from guanai.sheets.writing import row_safe

CHUNK = 2_000
BANK_HEADER = ["明细编号", "户名", "银行账号", "开户银行", "金额(元)", "村(社区)代码", "摘要"]
# The PDF's font: a CID font built into reportlab (Adobe-GB1), so no font file is shipped or downloaded.
PDF_FONT = "STSong-Light"


def _bank_lines(roster: Roster) -> QuerySet:
    """Lines the bank pays: positive amounts (recoveries are collected, not paid)."""
    return (Payment.objects.filter(roster=roster, amount_fen__gt=0).order_by("township_code", "area_id", "pk")
            .values_list("pk", "payee_name", "enrollment__bank_account_cipher", "enrollment__bank_name",
                         "amount_fen", "area_id", "kind"))


def bank_rows(roster: Roster) -> Iterator[list]:
    memo = f"{roster.programme.name}{roster.month:%Y年%m月}"
    for pk, payee, cipher, bank, fen, area, _kind in _bank_lines(roster).iterator(chunk_size=CHUNK):
        account = idcipher.decrypt(cipher) if cipher else ""
        yield row_safe([pk, payee, account, bank, yuan_text(fen, grouping=False), area, memo])


class _Echo:
    def write(self, value: str) -> str:
        return value


def bank_file_csv(roster: Roster) -> Iterator[str]:
    """UTF-8 with BOM so that Excel opens the Chinese headers correctly; one line at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(BANK_HEADER)
    for row in bank_rows(roster):
        yield writer.writerow(row)


def bank_file_xlsx(roster: Roster, target) -> None:
    """Write the .xlsx to `target` (a path or a binary file). constant_memory flushes each row."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet("发放明细")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 24, text)
    sheet.set_column(3, 3, 18)
    sheet.set_column(4, 4, 12)
    sheet.set_column(5, 6, 16)
    sheet.write_row(0, 0, BANK_HEADER, bold)
    for r, row in enumerate(bank_rows(roster), start=1):
        sheet.write_number(r, 0, row[0])
        sheet.write_string(r, 1, row[1])
        sheet.write_string(r, 2, row[2], text)  # never a number: 19-digit accounts lose digits as floats
        sheet.write_string(r, 3, row[3])
        sheet.write_string(r, 4, row[4])
        sheet.write_string(r, 5, row[5])
        sheet.write_string(r, 6, row[6])
    book.close()


def roster_pdf(roster: Roster, *, lines: QuerySet, township_totals: list) -> bytes:
    """A printable roster: header, lines (masked accounts), totals by township, signature lines."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    title = ParagraphStyle("t", fontName=PDF_FONT, fontSize=15, leading=20, alignment=1)
    body = ParagraphStyle("b", fontName=PDF_FONT, fontSize=9, leading=12)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"{roster.programme.name}发放花名册", author="关爱")
    status = "已锁定" if roster.status == "locked" else "未锁定（草稿）"
    story = [Paragraph(f"{roster.area.name}{roster.programme.name}发放花名册（{roster.month:%Y年%m月}）", title),
             Paragraph(f"状态：{status}　人数：{roster.line_count}　合计：{yuan_text(roster.total_fen)}元　"
                       f"打印时间：{timezone.localtime():%Y-%m-%d %H:%M}", body), Spacer(1, 4 * mm)]
    data = [["序号", "姓名", "领款人", "村(社区)", "银行账号", "金额(元)", "变动原因"]]
    for n, p in enumerate(lines.iterator(chunk_size=CHUNK), start=1):
        data.append([n, p.person.name, p.payee_name, p.area.name, p.bank_account_masked, yuan_text(p.amount_fen),
                     Paragraph(p.change_reason, body)])
    style = TableStyle([("FONT", (0, 0), (-1, -1), PDF_FONT, 9), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f0")),
                        ("ALIGN", (5, 1), (5, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    widths = [12 * mm, 24 * mm, 24 * mm, 40 * mm, 44 * mm, 24 * mm, 100 * mm]
    story.append(Table(data, colWidths=widths, repeatRows=1, style=style))
    story.append(Spacer(1, 5 * mm))
    totals = [["乡镇(街道)", "人数", "金额(元)"]] + [[t.name, t.lines, yuan_text(t.total_fen)] for t in township_totals]
    story.append(Table(totals, colWidths=[60 * mm, 24 * mm, 34 * mm], repeatRows=1, style=style))
    story.append(Spacer(1, 12 * mm))
    sign = ParagraphStyle("s", fontName=PDF_FONT, fontSize=11, leading=22)
    story.append(Paragraph("制表人：＿＿＿＿＿＿　　审核人（乡镇）：＿＿＿＿＿＿　　"
                           "审批人（县民政局）：＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日（盖章）", sign))
    doc.build(story)
    return out.getvalue()
