"""Case figures (issue 6): reports by situation and by reporter type, open cases by stage, overdue
steps, time to first contact; for the county home page, the figures page and an Excel export.
Counts only: no names, so anyone with Capability.FIGURES_VIEW in scope may see them."""

from __future__ import annotations

import datetime
import io
import statistics
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from guanai.accounts.scoping import Scope, scoped
from guanai.cases.models import Case, Deadline, MandatoryReport
from guanai.cases.rules import OPEN_STAGES, DeadlineStep, ReporterType, Situation, Stage
from guanai.sheets.writing import cell_safe, row_safe

HOURS = 3600


@dataclass
class CaseFigures:
    year: int
    reports: int = 0
    by_situation: list[tuple[str, int]] = field(default_factory=list)
    by_reporter_type: list[tuple[str, int]] = field(default_factory=list)
    open_by_stage: list[tuple[str, int]] = field(default_factory=list)
    open_total: int = 0
    overdue_by_step: list[tuple[str, int]] = field(default_factory=list)
    overdue_total: int = 0
    contacted: int = 0
    contacted_within_day: int = 0
    first_contact_median_hours: float | None = None
    first_contact_mean_hours: float | None = None

    @property
    def within_day_rate(self) -> int | None:
        return round(100 * self.contacted_within_day / self.contacted) if self.contacted else None


def _counted(rows, choices) -> list[tuple[str, int]]:
    counts = {row[0]: row[1] for row in rows}
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def case_figures(*, scope: Scope, year: int | None = None, now: datetime.datetime | None = None) -> CaseFigures:
    """Figures for the cases in scope: reports received and first contacts in `year` (default this
    year); open cases and overdue steps as of now. Six aggregate queries."""
    now = now or timezone.now()
    year = year or timezone.localdate(now).year
    figures = CaseFigures(year=year)
    reports = scoped(MandatoryReport.objects.filter(received_at__year=year), scope=scope)
    figures.by_situation = _counted(reports.values_list("situation").annotate(n=Count("pk")).order_by(),
                                    Situation.choices)
    figures.by_reporter_type = _counted(reports.values_list("reporter_type").annotate(n=Count("pk")).order_by(),
                                        ReporterType.choices)
    figures.reports = sum(n for _label, n in figures.by_situation)
    cases = scoped(Case.objects.all(), scope=scope)
    figures.open_by_stage = _counted(cases.filter(stage__in=OPEN_STAGES).values_list("stage")
                                     .annotate(n=Count("pk")).order_by(),
                                     [(s, label) for s, label in Stage.choices if s != Stage.CLOSED])
    figures.open_total = sum(n for _label, n in figures.open_by_stage)
    overdue = scoped(Deadline.objects.filter(met_at__isnull=True, due_at__lt=now), scope=scope)
    figures.overdue_by_step = _counted(overdue.values_list("step").annotate(n=Count("pk")).order_by(),
                                       DeadlineStep.choices)
    figures.overdue_total = sum(n for _label, n in figures.overdue_by_step)
    _first_contact(figures, cases.filter(opened_at__year=year, first_contact_at__isnull=False))
    return figures


def _first_contact(figures: CaseFigures, cases) -> None:
    from guanai.cases.deadlines import deadline_rule

    rule = deadline_rule(DeadlineStep.FIRST_CONTACT)
    limit = datetime.timedelta(hours=rule.amount) if rule.unit == "hours" else datetime.timedelta(days=rule.amount)
    delays = [contact - opened for opened, contact in cases.values_list("opened_at", "first_contact_at")]
    figures.contacted = len(delays)
    figures.contacted_within_day = sum(1 for d in delays if d <= limit)
    if delays:
        hours = [d.total_seconds() / HOURS for d in delays]
        figures.first_contact_median_hours = round(statistics.median(hours), 1)
        figures.first_contact_mean_hours = round(statistics.fmean(hours), 1)


def figures_workbook(figures: CaseFigures, *, area_name: str) -> bytes:
    """The figures as an .xlsx workbook (xlsxwriter), one sheet per table."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    tables = [
        ("按情形", ("情形", "报告数"), figures.by_situation),
        ("按报告人类型", ("报告人类型", "报告数"), figures.by_reporter_type),
        ("在办个案按环节", ("环节", "个案数"), figures.open_by_stage),
        ("逾期环节", ("环节", "逾期数"), figures.overdue_by_step),
        ("首次接触", ("指标", "数值"), [
            ("已首次接触的个案", figures.contacted), ("24小时内接触", figures.contacted_within_day),
            ("24小时内接触率(%)", figures.within_day_rate if figures.within_day_rate is not None else ""),
            ("中位时长(小时)", figures.first_contact_median_hours or ""),
            ("平均时长(小时)", figures.first_contact_mean_hours or "")]),
    ]
    for title, header, rows in tables:
        sheet = book.add_worksheet(title)
        sheet.write(0, 0, cell_safe(f"{area_name} {figures.year}年 儿童保护个案统计：{title}"), bold)
        sheet.write_row(2, 0, header, bold)
        for i, row in enumerate(rows, start=3):
            sheet.write_row(i, 0, row_safe(row))
        sheet.set_column(0, 0, 60 if title == "按情形" else 28)
        sheet.set_column(1, 1, 12)
    book.close()
    return buffer.getvalue()
