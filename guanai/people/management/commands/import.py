"""`guanai import people FILE [--dry-run] [--user USERNAME] [--mapping 表头=field ...] [--report PATH]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guanai.accounts.models import User
from guanai.accounts.scoping import Scope, scope_for
from guanai.people.imports import MappingRequired, people_error_report, people_import_file
from guanai.sheets.reading import SheetError


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise CommandError(f"--mapping 应写成 表头=字段，如 身份号=id_number 或 监护人电话=- / got {pair!r}")
        mapping[header.strip()] = field.strip()
    return mapping


class Command(BaseCommand):
    help = "Import from a sheet (.xlsx/.xls/.ods/.csv): `import people FILE` / 从表格导入服务对象"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        people = sub.add_parser("people", help="people, matched by ID number / 服务对象，按身份证号匹配")
        people.add_argument("file")
        people.add_argument("--dry-run", action="store_true", help="check everything, write nothing / 只检查不写入")
        people.add_argument("--user", help="import as this user, within their area (default: the whole installation)")
        people.add_argument("--mapping", nargs="+", default=[], metavar="表头=field",
                            help="map an unknown header to a field (or '-' to leave the column out)")
        people.add_argument("--report", help="where to write the error report (default: FILE.errors.xlsx)")

    def handle(self, *args, what: str, **options):
        actor, scope = self._actor(options["user"])
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在 / no such file: {path}")
        try:
            result, table = people_import_file(actor=actor, scope=scope, source=path, dry_run=options["dry_run"],
                                               mapping=_mapping(options["mapping"]))
        except MappingRequired as error:
            lines = [str(error), "用 --mapping 表头=字段 指定（字段名见 guanai/people/headers.py；'-' 表示忽略该列）"]
            raise CommandError("\n".join(lines)) from error
        except SheetError as error:
            raise CommandError(str(error)) from error
        prefix = "[试运行，未写入 / dry run, nothing written] " if result.dry_run else ""
        self.stdout.write(f"{prefix}共 {result.total} 行：新增 {result.created}，更新 {result.updated}，"
                          f"无变化 {result.unchanged}，有警告 {result.warned}，未通过 {result.rejected} / rows "
                          f"{result.total}: created {result.created}, updated {result.updated}, unchanged "
                          f"{result.unchanged}, with warnings {result.warned}, rejected {result.rejected}")
        for row, reason in list(result.reasons().items())[:20]:
            self.stdout.write(f"  第{row}行 / row {row}: {reason}")
        for row, problems in sorted(result.warnings.items())[:20]:
            self.stdout.write(f"  第{row}行已导入，有警告 / row {row} imported with warnings: "
                              + "；".join(p.text() for p in problems))
        if result.rejected:
            report = Path(options["report"] or path.with_name(path.stem + ".errors.xlsx"))
            people_error_report(str(report), table=table, result=result)
            self.stdout.write(f"错误报告 / error report: {report}")

    def _actor(self, username: str | None) -> tuple[User | None, Scope]:
        if not username:
            return None, Scope("")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户 {username} / no active user {username}")
        return user, scope_for(user)
