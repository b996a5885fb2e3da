from django.core.management.base import BaseCommand
from django.utils import timezone

from guanai.visits.followups import followups_sync, reminders_compute


class Command(BaseCommand):
    help = "Bring the visit follow-up list up to date with the registry's risk levels, and compute reminders."

    def handle(self, *args, **options):
        today = timezone.localdate()
        result = followups_sync(on=today)
        reminders = reminders_compute(on=today)
        self.stdout.write(f"follow-ups: {result.created} new, {result.updated} updated, {result.ended} ended; "
                          f"{reminders} reminders")
