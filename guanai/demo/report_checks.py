"""Does the demo's 红河州 2021 report state the seed reply's figures? (seed 001: 红河州民政局's reply to
proposal No. 74, dated 23 September 2021.) Each row is a figure of `report_figures(area=红河州, year=2021)`,
the figures `guanai report annual|reply --area 5325 --year 2021` writes into the .docx, read from the
analytics store, next to the seed's figure.

The people counts of a year's report stand on the year's last day (31 December 2021); the seed's stood
on the reply's day. The demo's 红河州 people held their categories from that day on
(figures.HONGHE_STANDS_ON), so both days give the seed's figure (times the demo's scale).
"""

from __future__ import annotations

from django.utils import timezone

from guanai.areas.models import Area
from guanai.audit.models import Event
from guanai.demo.facility_checks import FigureRow
from guanai.demo.figures import HONGHE
from guanai.demo.people import DEMO_LOADED
from guanai.reports.figures import (
    POPULATION_AGED,
    POPULATION_TOTAL,
    parent_share,
    report_figures,
    share_text,
    wan_text,
)
from guanai.reports.periods import year_period
from guanai.reports.selectors import store_holds

YEAR = 2021
AREA = "红河州"
# The reply's counts of people: compared with the demo's scaled target (demo_loaded event).
PEOPLE = (
    ("left_behind_elder", "2021报告 农村留守老人 / left-behind elders"),
    ("empty_nest_elder", "2021报告 城市空巢老人 / empty-nest elders"),
    ("left_behind_child", "2021报告 留守儿童 / left-behind children"),
)
# Its facilities (built whole at any scale, demo/facilities.py).
FACILITIES = (
    ("care_institutions", "2021报告 养老服务机构 / care institutions", 582),
    ("urban_public_care_homes", "2021报告   城市公办 / urban public", 25),
    ("care_homes", "2021报告   敬老院 / care homes", 76),
    ("private_care_homes", "2021报告   社会力量兴办 / private", 27),
    ("home_care_stations", "2021报告   居家养老服务中心(站) / home-care", 454),
    ("elder_activity_rooms", "2021报告 老年活动室 / activity rooms", 911),
    ("care_beds", "2021报告 养老床位 / beds", 18_600),
    ("children_homes", "2021报告 儿童之家 / children's homes", 1_360),
)
NOT_REFRESHED = "统计库未刷新2021年：guanai report refresh --area 5325 --year 2021 / store not refreshed for 2021"
# Seed figures the records cannot give, and why (printed as GAP, not failed).
# The reply's population sentence (seed 001), from the census figures demo/population.py enters: the report
# states it in {{population_sentence}} (reports.figures.population_sentence).
POPULATION_SENTENCE = "全州常住人口447.84万人，其中60周岁以上老年人68.5万人，占15.29%，高于全省的14.91%。"
POPULATION_GAP = "常住人口未录入：guanai demo 写入 / resident population not entered (demo/population.py)"
COVERAGE_GAP = ("区划库(2023版)比2021年多1个村，1,360个儿童之家覆盖1,361个村(社区)中的1,360个 / the 2023 "
                "division edition holds one village more than 2021")
LONGEVITY_GAP = ("2020年高龄津贴领取人未按记录全部载入（见 FIGURES.md） / the 2020 longevity recipients are "
                 "not all loaded at record level (FIGURES.md)")
LONGEVITY_AT_LEAST = 87_000  # "惠及8.7万余名老年人" (2020)


def honghe_report_rows() -> list[FigureRow]:
    """The 2021 report's figures next to the seed's; empty when the people demo is not loaded."""
    event = Event.objects.filter(verb=DEMO_LOADED, object_type="demo").order_by("-at").first()
    if event is None or HONGHE not in event.data["targets"]:
        return []
    area = Area.objects.get(code=HONGHE)
    if not store_holds(area_code=HONGHE, period=year_period(YEAR)):
        return [FigureRow(AREA, "2021报告 / the 2021 report", "2021", "—", gap=NOT_REFRESHED)]
    report = report_figures(area=area, year=YEAR, today=timezone.localdate())
    figures, before = report.figures, report.last_year
    targets = event.data["targets"][HONGHE]
    rows = [FigureRow(AREA, label, f"{targets[code]:,}", f"{figures[code].numerator:,}") for code, label in PEOPLE]
    rows += [FigureRow(AREA, label, f"{seed:,}", f"{figures[code].numerator:,}") for code, label, seed in FACILITIES]
    coverage = figures["children_home_village_coverage"].text
    recipients = before["longevity_recipients"].numerator if "longevity_recipients" in before else 0
    at_least = round(LONGEVITY_AT_LEAST * event.data.get("scale", 1.0))  # the seed's figure at the demo's scale
    paid = f"{at_least:,}+" if recipients > at_least else f"{recipients:,}"
    rows += [
        FigureRow(AREA, "2021报告 儿童之家城乡社区覆盖率 / coverage", "100.0%", coverage,
                  gap="" if coverage == "100.0%" else COVERAGE_GAP),
        FigureRow(AREA, "2021报告 2020年高龄津贴领取人数 / longevity 2020", f"{at_least:,}+", paid,
                  gap="" if paid == f"{at_least:,}+" else LONGEVITY_GAP),
    ]
    return rows + population_rows(report)


def population_rows(report) -> list[FigureRow]:
    """The reply's "红河州总人口447.84万人,其中:60周岁以上老年人68.5万人,占全州人口总数的15.29%,高于全省的
    14.91%" against the 2021 report's resident population figures and its sentence."""
    figures = report.figures
    total, aged = figures.get(POPULATION_TOTAL), figures.get(POPULATION_AGED)
    held = total is not None and aged is not None and total.numerator > 0
    gap = "" if held else POPULATION_GAP
    parent = parent_share(report.area, YEAR)
    return [
        FigureRow(AREA, "2021报告 常住人口 / resident population", "447.84万",
                  wan_text(total.numerator) if held else "—", gap=gap),
        FigureRow(AREA, "2021报告 60周岁以上常住人口 / resident aged 60+", "68.5万",
                  wan_text(aged.numerator) if held else "—", gap=gap),
        FigureRow(AREA, "2021报告 60周岁以上占比 / aging share", "15.29%",
                  share_text(aged.numerator, total.numerator) if held else "—", gap=gap),
        FigureRow("云南", "2021报告 全省60周岁以上占比 / province's share", "14.91%",
                  share_text(*parent) if parent else "—", gap=gap),
        FigureRow(AREA, "2021报告 人口句 / the population sentence", POPULATION_SENTENCE, report.population_sentence,
                  gap=gap),
    ]
