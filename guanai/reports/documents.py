"""Word reports from a template with placeholders: the annual report and the reply to a proposal.

A template is any .docx (Word or WPS) with placeholders in double braces: {{left_behind_child}} (an
indicator's code: its value for the area and year), {{longevity_recipients_last_year}} (its value for the
year before), {{area}}, {{year}}, {{last_year}}, {{as_of}}, {{today}},
{{registry_note}}, {{population_sentence}} (figures.population_sentence: the resident population and its
share aged 60+ against the parent area's, or the registered people aged 60+ where none was entered), and
for a reply {{proposer}}, {{proposal_title}}, {{proposal_no}}. A paragraph
holding only {{figures_table}} becomes the footnote table of every figure's indicator and value. The
default templates below are written with python-docx in the layout and tone of the seed replies; a
bureau downloads one, edits it in Word and uploads it as its own.
"""

import io
import re
from dataclasses import dataclass

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from guanai.reports.figures import LAST_YEAR, ReportFigures
from guanai.reports.models import ReportTemplate, TemplateKind
from guanai.reports.selectors import indicator_list

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
TABLE_MARK = "figures_table"
# The words a template may hold besides the indicator codes, and what each is filled with (the upload
# page lists them for the clerk who edits the template).
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("area", _("区划名称，如 凤县")),
    ("year", _("报告年度")),
    ("last_year", _("上一年度")),
    ("as_of", _("在册人数的截至日期")),
    ("today", _("生成日期")),
    ("registry_note", _("登记晚于报告年度时的说明；无需说明时整段删去")),
    ("population_sentence", _("常住人口及60周岁以上人口占比的一句话；未填报常住人口时为登记在册60周岁以上人数")),
    ("proposer", _("答复：提案(建议)人")),
    ("proposal_title", _("答复：提案(建议)标题")),
    ("proposal_no", _("答复：提案(建议)编号")),
    (TABLE_MARK, _("主要指标表，单独成段")),
)
WORDS = {name for name, _meaning in PLACEHOLDERS}
# Placeholders that stand alone in a paragraph and leave no blank line when they have nothing to say.
OPTIONAL_PARAGRAPHS = ("registry_note", "population_sentence")
FONT = "仿宋"  # official letters are set in 仿宋 (GB/T 9704); WPS and Word substitute if it is missing

ANNUAL = {
    "title": "{{area}}民政局{{year}}年度农村留守老年人和儿童关爱服务工作报告",
    "opening": ["{{year}}年，我们坚持以农村经济困难家庭的高龄、失能留守老年人和农村留守儿童、困境儿童为重点，"
                "健全县镇村三级关爱服务网络，现将全年工作情况报告如下。"],
    "sections": [
        ("一、基本情况", [
            "{{registry_note}}",
            "{{population_sentence}}",
            "截至{{as_of}}，全域登记农村留守老年人{{left_behind_elder}}人、城市空巢老年人{{empty_nest_elder}}人、"
            "特殊困难老年人{{special_difficulty_elder}}人；"
            "农村留守儿童{{left_behind_child}}人、孤儿{{orphan}}人、事实无人抚养儿童{{de_facto_orphan}}人、"
            "困境儿童{{child_in_difficulty}}人。"]),
        ("二、留守老年人关爱服务", [
            "一是落实特殊困难老年人探访关爱制度。全年开展探访{{visits_total}}次，其中上门入户{{home_visits}}次，"
            "特殊困难老年人月探访率{{elder_visit_rate}}。",
            "二是落实高龄津贴。全年发放高龄津贴{{longevity_allowance_fen}}，惠及{{longevity_recipients}}名老年人；"
            "{{last_year}}年发放{{longevity_allowance_fen_last_year}}，惠及{{longevity_recipients_last_year}}名老年人。",
            "三是规范养老服务设施运行。全域有农村幸福院{{happiness_homes}}个，其中三星级{{three_star_homes}}个，"
            "全年下拨运行补助资金{{operating_subsidy_fen}}，以奖代补资金{{performance_award_fen}}；"
            "建有日间照料中心{{day_care_centres}}个、老年食堂{{elder_canteens}}个、老年活动室{{elder_activity_rooms}}个；"
            "保障型养老服务机构{{care_institutions}}所，其中城市公办{{urban_public_care_homes}}所、敬老院{{care_homes}}所、"
            "社会力量兴办养老机构{{private_care_homes}}所、居家养老服务中心(站){{home_care_stations}}个，"
            "共设置养老床位{{care_beds}}张。"]),
        ("三、留守儿童关爱保护", [
            "一是按月发放生活补助资金。全年为孤儿发放基本生活费{{orphan_allowance_fen}}（{{orphan_allowance_recipients}}人），"
            "监护人劳务补助{{guardian_care_subsidy_fen}}，孤儿价格临时补贴{{orphan_price_subsidy_fen}}；"
            "发放事实无人抚养儿童生活补贴{{de_facto_orphan_allowance_fen}}，价格临时补贴{{de_facto_orphan_price_subsidy_fen}}。",
            "二是健全未成年人保护网络。建有儿童之家{{children_homes}}个，乡镇(街道)覆盖率{{children_home_town_coverage}}，"
            "村(社区)覆盖率{{children_home_village_coverage}}；未成年人保护工作站{{minor_protection_stations}}个；"
            "配备儿童督导员{{child_supervisors}}名、儿童主任{{child_directors}}名，乡镇(街道)儿童督导员配备率"
            "{{child_supervisor_coverage}}，村(社区)儿童主任配备率{{child_director_coverage}}。",
            "三是落实强制报告和个案帮扶。全年接报强制报告{{mandatory_reports}}件，受理儿童保护个案{{cases_opened}}个；"
            "关爱儿童月探访率{{child_visit_rate}}。"]),
        ("四、下一步工作打算", [
            "（请在此填写下一步工作打算。）"]),
    ],
    "closing": [],
}

REPLY = {
    "title": "关于第{{proposal_no}}号提案（建议）的答复",
    "opening": ["{{proposer}}：",
                "您提出的“{{proposal_title}}”（第{{proposal_no}}号）收悉，现答复如下："],
    "sections": [
        ("一、现状", [
            "{{registry_note}}",
            "{{population_sentence}}",
            "据统计，截至{{as_of}}，{{area}}登记农村留守老年人{{left_behind_elder}}人，城市空巢老年人{{empty_nest_elder}}人，"
            "农村留守儿童{{left_behind_child}}人，孤儿{{orphan}}人，事实无人抚养儿童{{de_facto_orphan}}人。"]),
        ("二、工作情况", [
            "（一）探访关爱。{{year}}年开展探访{{visits_total}}次，其中上门入户{{home_visits}}次，"
            "特殊困难老年人月探访率{{elder_visit_rate}}，关爱儿童月探访率{{child_visit_rate}}。",
            "（二）资金保障。{{year}}年发放孤儿基本生活费{{orphan_allowance_fen}}，监护人劳务补助{{guardian_care_subsidy_fen}}，"
            "孤儿价格临时补贴{{orphan_price_subsidy_fen}}；事实无人抚养儿童生活补贴{{de_facto_orphan_allowance_fen}}，"
            "价格临时补贴{{de_facto_orphan_price_subsidy_fen}}；高龄津贴{{longevity_allowance_fen}}"
            "（{{longevity_recipients}}人）。{{last_year}}年发放高龄津贴{{longevity_allowance_fen_last_year}}，"
            "惠及{{longevity_recipients_last_year}}名老年人。",
            "（三）设施建设。有农村幸福院{{happiness_homes}}个(三星级{{three_star_homes}}个)，下拨运行补助{{operating_subsidy_fen}}、"
            "以奖代补{{performance_award_fen}}；保障型养老服务机构{{care_institutions}}所，其中城市公办{{urban_public_care_homes}}所、"
            "敬老院{{care_homes}}所、社会力量兴办养老机构{{private_care_homes}}所、居家养老服务中心(站){{home_care_stations}}个，"
            "共设置养老床位{{care_beds}}张；老年活动室{{elder_activity_rooms}}个；儿童之家{{children_homes}}个，"
            "村(社区)覆盖率{{children_home_village_coverage}}。",
            "（四）未成年人保护。接报强制报告{{mandatory_reports}}件，受理个案{{cases_opened}}个；"
            "配备儿童督导员{{child_supervisors}}名、儿童主任{{child_directors}}名，儿童主任配备率"
            "{{child_director_coverage}}。"]),
        ("三、下一步打算", [
            "（请根据提案内容填写下一步打算。）"]),
    ],
    "closing": ["感谢您对民政工作的关心和支持！"],
}


def default_template(kind: str) -> bytes:
    """The default .docx for a kind, written with python-docx."""
    layout = ANNUAL if kind == TemplateKind.ANNUAL else REPLY
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    title = document.add_paragraph(layout["title"])
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    for text in layout["opening"]:
        document.add_paragraph(text)
    for heading, paragraphs in layout["sections"]:
        document.add_paragraph(heading).runs[0].bold = True
        for text in paragraphs:
            document.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)
    for text in layout["closing"]:
        document.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)
    signature = document.add_paragraph("{{area}}民政局\n{{today}}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("附表：本报告数据来源（统计指标与数值）").runs[0].bold = True
    document.add_paragraph("{{" + TABLE_MARK + "}}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        yield from section.header.paragraphs
        yield from section.footer.paragraphs


def template_check(content: bytes) -> set[str]:
    """The placeholders of an uploaded template; ValidationError naming what is wrong."""
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as error:  # python-docx raises several kinds for a file that is not .docx
        raise ValidationError(f"不是有效的 Word(.docx) 文件：{error} / not a .docx file: {error}") from error
    names = {name for p in _paragraphs(document) for name in PLACEHOLDER.findall(p.text)}
    codes = {i.code for i in indicator_list()}
    known = WORDS | codes | {code + LAST_YEAR for code in codes}
    unknown = sorted(names - known)
    if unknown:
        names = "、".join(unknown)
        raise ValidationError(f"模板中有无法识别的占位符：{names} / unknown placeholders: {names}")
    return names


@dataclass(frozen=True)
class Letter:
    proposer: str = "＿＿＿委员"
    proposal_title: str = "＿＿＿＿"
    proposal_no: str = "＿＿"


def template_for(*, kind: str, area_code: str) -> bytes:
    """The bureau's own active template for its area or the nearest area above, else the default."""
    codes = [area_code[:n] for n in (12, 9, 6, 4, 2) if n <= len(area_code)]
    own = (ReportTemplate.objects.filter(kind=kind, is_active=True, area_id__in=codes)
           .order_by("-area_id").values_list("content", flat=True).first())
    return bytes(own) if own is not None else default_template(kind)


def _fill(paragraph, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{{" not in text:
        return
    filled = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)
    if filled != text:
        # Word splits text into runs at will; the paragraph keeps its first run's format.
        runs = paragraph.runs
        runs[0].text = filled
        for run in runs[1:]:
            run.text = ""


def _figures_table(document, paragraph, figures: ReportFigures, used: set[str]) -> None:
    """Every figure of the year, and those of the year before that the text states."""
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["指标", "指标代码(版本)", "统计周期", "数值"], strict=True):
        cell.text = text
    before = [f for code, f in figures.last_year.items() if code + LAST_YEAR in used]
    for stated in [*figures.figures.values(), *before]:
        cells = table.add_row().cells
        cells[0].text = stated.indicator.name
        cells[1].text = f"{stated.indicator.code} (v{stated.indicator.version})"
        cells[2].text = stated.period.label
        cells[3].text = stated.text
    paragraph._p.addnext(table._tbl)
    paragraph._p.getparent().remove(paragraph._p)


def document_render(*, template: bytes, figures: ReportFigures, today, letter: Letter | None = None) -> bytes:
    """Fill a template with the figures; the footnote table goes where {{figures_table}} stands."""
    document = docx.Document(io.BytesIO(template))
    letter = letter or Letter()
    values = figures.context() | {
        "area": figures.area.name, "year": str(figures.year), "last_year": str(figures.year - 1),
        "registry_note": figures.registry_note, "population_sentence": figures.population_sentence,
        "as_of": f"{figures.as_of.year}年{figures.as_of.month}月{figures.as_of.day}日",
        "today": f"{today.year}年{today.month}月{today.day}日", "proposer": letter.proposer,
        "proposal_title": letter.proposal_title, "proposal_no": letter.proposal_no}
    table_at, used = None, {name for p in _paragraphs(document) for name in PLACEHOLDER.findall(p.text)}
    for paragraph in list(_paragraphs(document)):
        alone = paragraph.text.strip()
        if alone == "{{" + TABLE_MARK + "}}":
            table_at = paragraph
        elif any(alone == "{{" + word + "}}" and not values[word] for word in OPTIONAL_PARAGRAPHS):
            paragraph._p.getparent().remove(paragraph._p)  # no blank line where nothing is due
        else:
            _fill(paragraph, values)
    if table_at is not None:
        _figures_table(document, table_at, figures, used)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
