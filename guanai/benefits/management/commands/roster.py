"""`guanai roster build --programme CODE --area CODE --month YYYY-MM`: what the roster page does, from
the shell, in the foreground (the page runs the same build as a background job)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guanai.accounts.models import User
from guanai.benefits.models import RosterLocked
from guanai.benefits.months import parse_month
from guanai.benefits.roster_build import roster_build
from guanai.benefits.services import roster_prepare
from guanai.benefits.standards import StandardMissing
from guanai.core.money import yuan_text


class Command(BaseCommand):
    help = "Build a monthly benefit roster (发放花名册) for a programme, area and month."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build (or rebuild, while unlocked) a roster")
        build.add_argument("--programme", required=True, help="e.g. orphan_allowance, longevity_allowance")
        build.add_argument("--area", required=True, help="area code, e.g. 610330")
        build.add_argument("--month", required=True, help="YYYY-MM")
        build.add_argument("--user", help="username recorded as the requester (optional)")

    def handle(self, *args, action: str, programme: str, area: str, month: str, user: str | None, **options):
        actor = User.objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"没有用户 {user} / no such user")
        started = time.perf_counter()
        try:
            roster = roster_prepare(programme_code=programme, area_code=area, month=parse_month(month), actor=actor)
            roster = roster_build(roster_id=roster.pk, actor=actor)
        except (ValueError, ValidationError, RosterLocked, StandardMissing) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(f"花名册 #{roster.pk} {roster.programme} {roster.area_id} {roster.month:%Y-%m}："
                          f"{roster.line_count} 条，合计 {yuan_text(roster.total_fen)} 元（{seconds:.1f} 秒）"
                          f" / {roster.line_count} lines, CNY {yuan_text(roster.total_fen)}, {seconds:.1f} s")
