"""`guanai idkey rotate` re-keys every stored ID number (and bank account) and digest to GUANAI_ID_KEY,
reading the old values with GUANAI_ID_KEY_OLD; `guanai idkey status` shows how far it has got.
Safe to stop at any point and run again (people/idkeys.py; docs/operations.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from guanai.core.errors import Conflict
from guanai.people.idkeys import idkey_rotate, rotation_status


class Command(BaseCommand):
    help = "ID key rotation: `rotate` re-keys in batches (resumable), `status` shows the progress."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="re-key to GUANAI_ID_KEY, reading GUANAI_ID_KEY_OLD")
        rotate.add_argument("--batch", type=int, default=1000, help="rows per transaction (default 1000)")
        rotate.add_argument("--max-batches", type=int, default=None, help="stop after so many batches")
        sub.add_parser("status", help="the rotation's progress per table")

    def handle(self, *args, action: str, **options):
        if action == "status":
            self.stdout.write(json.dumps(rotation_status(), ensure_ascii=False, indent=2))
            return
        if options["batch"] < 1:
            raise CommandError("--batch 至少为 1 / at least 1")
        try:
            rotation = idkey_rotate(batch_size=options["batch"], max_batches=options["max_batches"],
                                    report=lambda label, rows: self.stdout.write(f"{label}: {rows} 行 / rows"))
        except Conflict as error:
            raise CommandError(str(error)) from error
        if rotation.finished_at:
            self.stdout.write("轮换完成：可以从 GUANAI_ID_KEY_OLD 中删除旧密钥并重启 / rotation finished: "
                              "remove the old key from GUANAI_ID_KEY_OLD and restart")
        else:
            self.stdout.write("尚未完成，再次运行即可继续 / not finished: run again to go on")
