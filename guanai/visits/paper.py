"""The printable visit record (探访记录表) for the village archive: one A4 page, Chinese text in the
embedded Noto Sans SC (guanai/core/pdffonts.py)."""

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from guanai.core.pdffonts import pdf_font

FONT = pdf_font()

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15)
RISK_LABELS = {"high": "高", "medium": "中", "low": "低"}
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=12, textColor=colors.grey)


def _p(text, style=BODY) -> Paragraph:
    escaped = str(text or "—").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), style)


def _rows(visit, needs) -> list[list]:
    person = visit.person
    when = timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M")
    visitor = visit.visitor.display_name
    hazards = "、".join(visit.hazards) or "未发现隐患"
    need_text = "\n".join(f"{n.get_kind_display()}：{n.description}{'（紧急）' if n.urgent else ''}" for n in needs)
    return [
        ["服务对象", person.name, "身份证号", person.id_number_masked or "—"],
        ["村(社区)", visit.area.name, "风险等级", RISK_LABELS.get(visit.risk_level, "—")],
        ["探访时间", when, "探访方式", visit.get_method_display()],
        ["探访人", visitor, "服务合同", str(visit.contract.number) if visit.contract else "—"],
        ["身体状况", visit.get_health_display(), "精神状态", visit.get_mental_state_display()],
        ["身心状况说明", visit.health_note, "", ""],
        ["居家安全", f"用气：{visit.get_gas_safety_display()}　用电：{visit.get_power_safety_display()}　"
                     f"消防：{visit.get_fire_safety_display()}　防跌倒：{visit.get_fall_safety_display()}", "", ""],
        ["安全隐患", hazards, "", ""],
        ["补贴/救助到位", visit.get_money_received_display(), "赡养人/监护人履责", visit.get_supporters_care_display()],
        ["服务需求", visit.needs_summary or need_text, "", ""],
        ["探访情况", visit.notes, "", ""],
    ]


def visit_record_pdf(*, visit, needs) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"探访记录 {visit.pk}", author="关爱")
    rows = _rows(visit, needs)
    table = Table([[_p(cell) for cell in row] for row in rows], colWidths=[30 * mm, 57 * mm, 30 * mm, 57 * mm])
    spans = [("SPAN", (1, r), (3, r)) for r, row in enumerate(rows) if row[2] == ""]
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ("BACKGROUND", (2, 0), (2, 4), colors.whitesmoke),
        ("BACKGROUND", (2, 8), (2, 8), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *spans,
    ]))
    story = [_p("特殊困难老年人及关爱对象探访记录表", TITLE), Spacer(1, 6 * mm), table, Spacer(1, 10 * mm),
             _p("探访人签字：＿＿＿＿＿＿　　服务对象（家属）签字：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
             Spacer(1, 6 * mm)]
    if visit.version > 1:
        story.append(_p(f"本记录为第 {visit.version} 版（更正理由：{visit.correction_reason}）", SMALL))
    story.append(_p(f"记录编号 {visit.pk} · 打印时间 {timezone.localtime():%Y-%m-%d %H:%M} · 关爱系统", SMALL))
    doc.build(story)
    return buffer.getvalue()
