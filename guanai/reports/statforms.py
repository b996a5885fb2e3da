"""Statistical report forms (统计报表): the main indicators per sub-area (townships of a county,
counties of a prefecture) for a quarter or a year, with a total row, in the banded-header layout a
higher authority asks for, as .xlsx. Figures from the analytics store."""

import io

import xlsxwriter

from guanai.areas.models import Area
from guanai.core.money import yuan_text
from guanai.reports.measures import is_entered_figure
from guanai.reports.models import Unit
from guanai.reports.periods import Period
from guanai.reports.selectors import Figure, figures, indicator_list, sub_area_figures

# (band, [indicator codes]) in the order of the form's columns
BANDS = [
    ("老年人(人)", ["left_behind_elder", "empty_nest_elder", "special_difficulty_elder", "oldest_old"]),
    ("儿童(人)", ["left_behind_child", "orphan", "de_facto_orphan", "child_in_difficulty"]),
    ("探访关爱", ["visits_total", "home_visits", "elder_visit_rate", "child_visit_rate"]),
    ("资金发放(元)", ["orphan_allowance_fen", "guardian_care_subsidy_fen", "de_facto_orphan_allowance_fen",
                   "longevity_allowance_fen"]),
    ("服务设施(个)", ["happiness_homes", "three_star_homes", "children_homes", "care_institutions", "care_beds"]),
    ("未成年人保护(件)", ["mandatory_reports", "cases_opened"]),
]


def _cell(figure: Figure):
    """A count as a number, a ratio as a fraction (money is written as a formula, see _row)."""
    if figure.indicator.unit == Unit.RATIO:
        return figure.numerator / figure.denominator if figure.denominator else ""
    if not figure.numerator and is_entered_figure(figure.indicator.measure):
        return ""  # no population entered for the area: blank, not zero people
    return figure.numerator


def forms_workbook(*, area: Area, period: Period) -> bytes:
    by_code = {i.code: i for i in indicator_list()}
    columns = [by_code[c] for _band, codes in BANDS for c in codes if c in by_code]
    rows = sub_area_figures(area=area, period=period, indicators=columns)
    total = figures(area_code=area.code, period=period, indicators=columns)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("统计报表")
    f = _formats(book)
    width = len(columns) + 1
    sheet.merge_range(0, 0, 0, width, f"{area.name}农村留守老年人和儿童关爱服务统计报表（{period.label}）", f["title"])
    sheet.merge_range(1, 0, 1, width, f"填报单位：{area.name}民政局        统计周期：{period.label}        "
                                      "数据来源：关爱系统统计指标(人数为期末在册数)", f["note"])
    sheet.merge_range(2, 0, 3, 0, "区划代码", f["head"])
    sheet.merge_range(2, 1, 3, 1, "区划名称", f["head"])
    col = 2
    for band, codes in BANDS:
        present = [c for c in codes if c in by_code]
        if len(present) > 1:
            sheet.merge_range(2, col, 2, col + len(present) - 1, band, f["head"])
        else:
            sheet.write(2, col, band, f["head"])
        for code in present:
            sheet.write(3, col, by_code[code].name, f["head"])
            col += 1
    line = 4
    for child, row in rows:
        _row(sheet, line, child.code, child.name, row, f)
        line += 1
    _row(sheet, line, area.code, "合计", total, f, bold=True)
    sheet.write(line + 2, 0, "单位负责人：            填表人：            联系电话：            填报日期：", f["note"])
    sheet.set_row(3, 48)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, width, 12)
    sheet.freeze_panes(4, 2)
    book.close()
    return buffer.getvalue()


def _row(sheet, line: int, code: str, name: str, row: list[Figure], f: dict, *, bold: bool = False) -> None:
    sheet.write(line, 0, code, f["bold"] if bold else None)
    sheet.write(line, 1, name, f["bold"] if bold else None)
    for i, figure in enumerate(row, start=2):
        if figure.indicator.unit == Unit.FEN:
            # yuan as "=fen/100": a number to Excel and WPS, and no float in our code (money rule)
            sheet.write_formula(line, i, f"={figure.numerator}/100", f["money"],
                                yuan_text(figure.numerator, grouping=False))
            continue
        style = "pct" if figure.indicator.unit == Unit.RATIO else "int"
        sheet.write(line, i, _cell(figure), f[style])


def _formats(book) -> dict:
    return {
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "note": book.add_format({"font_size": 9}),
        "head": book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                 "border": 1, "bg_color": "#e8edf0"}),
        "bold": book.add_format({"bold": True}),
        "int": book.add_format({"num_format": "0", "border": 1}),
        "money": book.add_format({"num_format": "#,##0.00", "border": 1}),
        "pct": book.add_format({"num_format": "0.0%", "border": 1}),
    }

