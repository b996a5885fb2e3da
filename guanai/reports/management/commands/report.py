"""`guanai report annual|reply|forms|refresh`: what the report pages do, from the shell."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guanai.areas.selectors import AreaNotFound, area_get
from guanai.reports.documents import Letter, document_render, template_check, template_for
from guanai.reports.figures import report_figures
from guanai.reports.models import TemplateKind
from guanai.reports.periods import PeriodError, period_parse
from guanai.reports.services import store_refresh_full, store_refresh_incremental
from guanai.reports.statforms import forms_workbook


class Command(BaseCommand):
    help = "Reports: annual report and reply (.docx), statistical forms (.xlsx), refresh of the figures store."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("annual", "the annual report (.docx)"), ("reply", "a reply to a proposal (.docx)")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--area", required=True, help="area code, e.g. 610330")
            p.add_argument("--year", required=True, type=int)
            p.add_argument("--template", help="a .docx template with {{placeholders}} (default: the bureau's own)")
            p.add_argument("-o", "--output", required=True)
            if name == "reply":
                p.add_argument("--proposer", default=Letter.proposer, help="e.g. 杨永刚委员")
                p.add_argument("--title", default=Letter.proposal_title, help="the proposal's title")
                p.add_argument("--number", default=Letter.proposal_no, help="the proposal's number")
        p = sub.add_parser("forms", help="statistical report forms (.xlsx)")
        p.add_argument("--area", required=True)
        p.add_argument("--period", required=True, help="2023, 2023Q4 or 2023-10")
        p.add_argument("-o", "--output", required=True)
        p = sub.add_parser("refresh", help="recount the figures store (full, or the changes since the last run)")
        p.add_argument("--area", default="", help="area code (required for a full refresh)")
        p.add_argument("--year", type=int, action="append", help="year(s) to recount (full refresh); repeatable")
        p.add_argument("--incremental", action="store_true", help="only what changed since the last refresh")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _area(self, code: str):
        try:
            return area_get(code=code)
        except AreaNotFound as error:
            raise CommandError(str(error)) from None

    def _document(self, kind: str, options: dict, letter: Letter | None = None) -> None:
        area, today = self._area(options["area"]), timezone.localdate()
        if options.get("template"):
            template = Path(options["template"]).read_bytes()
            try:
                template_check(template)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
        else:
            template = template_for(kind=kind, area_code=area.code)
        figures = report_figures(area=area, year=options["year"], today=today)
        Path(options["output"]).write_bytes(document_render(template=template, figures=figures, today=today,
                                                            letter=letter))
        self.stdout.write(f"{options['output']}: {area.name} {options['year']}")

    def _annual(self, **options):
        self._document(TemplateKind.ANNUAL, options)

    def _reply(self, **options):
        self._document(TemplateKind.REPLY, options, Letter(options["proposer"], options["title"], options["number"]))

    def _forms(self, **options):
        try:
            period = period_parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        Path(options["output"]).write_bytes(forms_workbook(area=self._area(options["area"]), period=period))
        self.stdout.write(f"{options['output']}: {options['area']} {period.label}")

    def _refresh(self, **options):
        if options["incremental"]:
            done = store_refresh_incremental()
            self.stdout.write(f"增量刷新 / incremental: {len(done)} 个区划 / areas")
            return
        if not options["area"]:  # the store is written per area tree: recounting every tree at once is no refresh
            raise CommandError("全量刷新须指定区划：--area 区划代码（或用 --incremental） / "
                               "a full refresh needs --area CODE (or use --incremental)")
        self._area(options["area"])
        for year in options["year"] or [timezone.localdate().year]:
            started = datetime.datetime.now(tz=datetime.UTC)
            refresh = store_refresh_full(area_code=options["area"], year=year)
            seconds = (datetime.datetime.now(tz=datetime.UTC) - started).total_seconds()
            self.stdout.write(f"{options['area']} {year}: {refresh.values_written} 个值 / values, "
                              f"{seconds:.1f}s")
