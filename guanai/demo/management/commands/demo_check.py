import unicodedata

from django.core.management.base import BaseCommand, CommandError

from guanai.demo.benefit_checks import demo_benefits_loaded, honghe_longevity_rows
from guanai.demo.checks import AREA_NAMES, DemoNotLoaded, demo_counts_compare
from guanai.demo.facility_checks import demo_facilities_loaded, demo_facility_figures
from guanai.demo.report_checks import fengxian_report_rows, honghe_report_rows
from guanai.people.models import Category


class Command(BaseCommand):
    help = ("Compare the demo's category counts derived by the rules with the target figures and the "
            "plan; exit 1 when any differs.")

    def handle(self, *args, **options):
        try:
            rows = demo_counts_compare()
        except DemoNotLoaded as error:
            raise CommandError(str(error)) from None
        labels = dict(Category.choices)
        self.stdout.write(f"{pad('区划 area', 10)}{pad('类别 category', 44)}{'目标 target':>12}{'计划 plan':>10}"
                          f"{'认定 derived':>12}")
        for row in rows:
            target = "-" if row.target is None else f"{row.target:,}"
            mark = "OK" if row.ok else "DIFFERS 不一致"
            self.stdout.write(f"{pad(AREA_NAMES.get(row.area, row.area), 10)}{pad(str(labels[row.category]), 18)}"
                              f"{row.category:<26}{target:>10}{row.planned:>10,}{row.derived:>10,}  {mark}")
        figures = demo_facility_figures() if demo_facilities_loaded() else []
        if figures:
            self.stdout.write(f"\n{pad('区划 area', 10)}{pad('设施、队伍与资金 facilities, workforce, funds', 56)}"
                              f"{pad('目标 target', 28)}查询结果 from the records")
        else:
            self.stdout.write("\n设施、队伍与资金演示数据未加载，未核对 / facilities demo not loaded, not checked")
        figures += honghe_longevity_rows() if demo_benefits_loaded() else []
        figures += fengxian_report_rows() + honghe_report_rows() if demo_facilities_loaded() else []
        for row in figures:
            mark = "OK" if row.ok else (f"GAP 缺口：{row.gap}" if row.gap else "DIFFERS 不一致")
            self.stdout.write(f"{pad(row.area, 10)}{pad(row.label, 56)}{pad(row.target, 28)}{row.actual}  {mark}")
        if not all(row.ok for row in rows):
            raise CommandError("演示数据的认定结果与目标不一致 / derived counts differ from the targets")
        if not all(row.ok or row.gap for row in figures):
            raise CommandError("演示设施、队伍、资金或补贴数据与目标不一致 / facility, workforce, fund or benefit "
                               "figures differ")
        gaps = sum(1 for row in figures if row.gap and not row.ok)
        self.stdout.write(f"全部一致，另有{gaps}项已说明的缺口（GAP） / every count matches; {gaps} known gaps (GAP)"
                          if gaps else "全部一致 / every count matches")


def pad(text: str, width: int) -> str:
    """Left-align in a terminal column: Chinese characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - used)
