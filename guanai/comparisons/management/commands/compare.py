"""guanai compare FILE --source deaths|moves|dibao|tekun|disability|school: a comparison run from the
command line (as the system, over the area given). Prints the counts; the flags wait on the page."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from guanai.accounts.scoping import Scope
from guanai.comparisons import services
from guanai.comparisons.models import Source
from guanai.comparisons.reading import FileError


class Command(BaseCommand):
    help = "数据比对：把部门数据文件与登记对象比对 / compare a department's file with the registry"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, choices=Source.values)
        parser.add_argument("--area", default="610330", help="比对范围的区划代码 / the area compared (default 凤县)")
        parser.add_argument("--map", action="append", default=[], metavar="表头=字段",
                            help="记住一列的对应，如 --map 亡故日期=died_on / remember a header's field")

    def handle(self, *args, file: Path, source: str, area: str, map: list[str], **options) -> None:
        scope = Scope(area)
        try:
            if map:
                pairs = dict(item.split("=", 1) for item in map)
                services.mapping_save(actor=None, scope=scope, source=source, mapping=pairs)
            run = services.comparison_run(actor=None, scope=scope, source=source, path=file)
        except (FileError, ValidationError, ValueError) as error:
            raise CommandError(getattr(error, "messages", [str(error)])[0]) from None
        self.stdout.write(f"{run.get_source_display()} #{run.pk}: {run.rows} 行，匹配 {run.matched}，未匹配 "
                          f"{run.unmatched}，无效 {run.invalid}，新提示 {run.flags}，用时 {run.seconds} 秒")
        if run.changes:
            self.stdout.write(f"与上次（#{run.changes['previous']}）相比：新增 {run.changes['new']}，"
                              f"减少 {run.changes['gone']}，变化 {run.changes['changed']}")
