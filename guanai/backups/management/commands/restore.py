from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guanai.backups.archive import backup_restore
from guanai.backups.engines import BackupError


class Command(BaseCommand):
    help = "Restore a backup made by `guanai backup` (servers stopped), then check it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup directory (guanai-YYYYMMDDT...Z)")

    def handle(self, *args, backup: Path, **options):
        try:
            result = backup_restore(directory=backup)
        except (BackupError, OSError) as error:
            raise CommandError(f"恢复失败 / restore failed: {error}") from error
        self.stdout.write(f"恢复完成并已核对 / restored and checked: {result.tables} tables, {result.rows} rows, "
                          f"{result.media_files} files from {result.directory}")
