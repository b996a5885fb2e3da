"""`guanai export people [--area CODE] [--out FILE] [--user USERNAME] [--unmasked] [--template]`."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from guanai.accounts.models import User
from guanai.accounts.scoping import Scope, scope_for
from guanai.people.exports import export_filename, people_export, people_template
from guanai.people.schemas import PersonFilter


class Command(BaseCommand):
    help = "Export to Excel or CSV: `export people` / 导出服务对象"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        people = sub.add_parser("people", help="the people list, ID numbers masked / 服务对象名单（身份证号脱敏）")
        people.add_argument("--area", help="only this area code and below / 只导出该区划")
        people.add_argument("--out", help="file to write (.xlsx or .csv; default 服务对象-YYYYMMDD.xlsx)")
        people.add_argument("--user", help="export as this user, within their area (default: everything)")
        people.add_argument("--unmasked", action="store_true", help="whole ID numbers (logged) / 完整身份证号")
        people.add_argument("--purpose", default="", help="why, with --unmasked (case_handling, benefit_review, "
                                                         "identity_check, record_correction, upstream_report, "
                                                         "emergency, other)")
        people.add_argument("--purpose-text", default="", help="the purpose in words (needed for other)")
        people.add_argument("--template", action="store_true", help="write the empty import template instead")

    def handle(self, *args, what: str, **options):
        out = Path(options["out"] or export_filename("导入模板" if options["template"] else "服务对象"))
        if options["template"]:
            with out.open("wb") as handle:
                people_template(handle)
            self.stdout.write(f"已写出导入模板 / template written: {out}")
            return
        actor, scope = self._actor(options["user"])
        area = options["area"]
        if area and not scope.contains(area):
            raise CommandError(f"区划 {area} 不在范围内 / area {area} is outside the scope")
        fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
        try:
            with (out.open("w", encoding="utf-8-sig", newline="") if fmt == "csv" else out.open("wb")) as handle:
                result = people_export(handle, actor=actor, scope=Scope(area) if area else scope,
                                       filters=PersonFilter(), unmasked=options["unmasked"], fmt=fmt,
                                       purpose=options["purpose"], purpose_text=options["purpose_text"])
        except (PermissionDenied, ValidationError) as error:
            out.unlink(missing_ok=True)
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"已导出 {result.rows} 人 / exported {result.rows} people: {out}")

    def _actor(self, username: str | None) -> tuple[User | None, Scope]:
        if not username:
            return None, Scope("")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户 {username} / no active user {username}")
        return user, scope_for(user)
