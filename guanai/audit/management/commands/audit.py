from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guanai.audit.chain import chain_verify
from guanai.audit.models import AccessLog, Event
from guanai.audit.services import RetentionTooShort, audit_prune


class Command(BaseCommand):
    help = "Audit trail: `verify` checks the hash chain, `prune` deletes rows past AUDIT_RETENTION_DAYS."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check every row's hash and link; exit 1 at the first break")
        prune = sub.add_parser("prune", help="delete rows older than the retention (>= 183 days), logged")
        prune.add_argument("--days", type=int, default=None, help="default: settings.AUDIT_RETENTION_DAYS")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self._verify()
        else:
            self._prune(options["days"] if options["days"] is not None else settings.AUDIT_RETENTION_DAYS)

    def _verify(self) -> None:
        for model in (AccessLog, Event):
            checked, broken = chain_verify(model)
            if broken:
                raise CommandError(f"审计链断裂 / chain broken: {broken.table} row {broken.row_id}: {broken.reason} "
                                   f"({checked} rows before it hold)")
            self.stdout.write(f"{model._meta.db_table}: {checked} 行完好 / rows intact")

    def _prune(self, days: int) -> None:
        try:
            removed = audit_prune(retention_days=days)
        except RetentionTooShort as error:
            raise CommandError(str(error)) from error
        for table, count in removed.items():
            self.stdout.write(f"{table}: 删除 {count} 行 / rows deleted (older than {days} days)")
