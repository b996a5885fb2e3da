"""Files out of a roster: the bank's payment file (.xlsx, .csv) and a printable roster (PDF).

The bank file is written by the one writer, guanai/bankfiles/writing.py, in the columns of the
county's template; this module turns a roster's payments into its lines. Rows are streamed from the
database with iterator(chunk_size=...), so a 200,000-line roster is written without holding its rows
in memory. The bank file carries the full account number (the bank needs it), decrypted line by
line; the PDF and the pages show the masked one. Callers write the access-log row (views.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from guanai.bankfiles.writing import BankLine, bank_columns_for
from guanai.benefits.models import Payment, Roster
from guanai.core.money import yuan_text
from guanai.core.pdffonts import pdf_font
from guanai.people import idcipher

CHUNK = 2_000


def _roster_bank_queryset(roster: Roster) -> QuerySet:
    """Lines the bank pays: positive amounts (recoveries are collected, not paid), in a fixed order so
    that 序号 n is the same line in the file and in the bank's return."""
    return (Payment.objects.filter(roster=roster, amount_fen__gt=0).order_by("township_code", "area_id", "pk")
            .values_list("pk", "payee_name", "person__id_number_cipher", "person__name",
                         "enrollment__bank_account_cipher", "enrollment__bank_name", "amount_fen", "area_id",
                         "area__name"))


def roster_bank_lines(roster: Roster) -> Iterator[BankLine]:
    memo = f"{roster.programme.name}{roster.month:%Y年%m月}"
    rows = _roster_bank_queryset(roster).iterator(chunk_size=CHUNK)
    for pk, payee, id_cipher, person, account_cipher, bank, fen, area, area_name in rows:
        # The ID number is the person's: when someone else collects (a guardian), 备注 names the person.
        note = memo if payee == person else f"{memo}（对象：{person}）"
        yield BankLine(line_id=pk, payee_name=payee, id_number=idcipher.decrypt(id_cipher) if id_cipher else "",
                       account=idcipher.decrypt(account_cipher) if account_cipher else "", bank=bank,
                       amount_fen=fen, memo=note, area_code=area, area_name=area_name, person_name=person)


def roster_bank_payment_ids(roster: Roster) -> list[int]:
    """Payment ids in file order: 序号 n of the bank file (and of its return) is element n-1."""
    return list(_roster_bank_queryset(roster).values_list("pk", flat=True))


def roster_bank_columns(roster: Roster) -> list[str]:
    return bank_columns_for(area_code=roster.area_id)


def roster_file_name(roster: Roster, ext: str) -> str:
    """凤县-事实无人抚养儿童生活补贴-2027年01月.xlsx: what a clerk looks for in the downloads folder."""
    return f"{roster.area.name}-{roster.programme.name}-{roster.month:%Y年%m月}.{ext}"


def roster_pdf(roster: Roster, *, lines: QuerySet, township_totals: list) -> bytes:
    """A printable roster: header, lines (masked accounts), totals by township, signature lines."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    PDF_FONT = pdf_font()  # noqa: N806 - a constant of this document
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
