from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guanai.backups.archive import backup_create, backups_prune
from guanai.backups.engines import BackupError


class Command(BaseCommand):
    help = "Back up the database and the media files into a new directory with a manifest (counts, digests)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, default=None,
                            help="directory that receives the backup (default: settings.BACKUP_DIR)")
        parser.add_argument("--prune", action="store_true",
                            help="then delete backups older than BACKUP_KEEP_DAYS in that directory")

    def handle(self, *args, output: Path | None, prune: bool, **options):
        try:
            path = backup_create(output_dir=output)
            removed = backups_prune(directory=path.parent) if prune else []
        except (BackupError, OSError) as error:
            raise CommandError(f"备份失败 / backup failed: {error}") from error
        self.stdout.write(f"备份完成 / backup written: {path}")
        for old in removed:
            self.stdout.write(f"已删除过期备份 / removed: {old}")
