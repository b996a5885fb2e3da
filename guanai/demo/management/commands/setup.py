from django.core.management import call_command
from django.core.management.base import BaseCommand

from guanai.areas.divisions import packaged_directory
from guanai.areas.models import Area
from guanai.areas.services import areas_load


class Command(BaseCommand):
    help = "Migrate the database, collect static files and load the packaged areas when none are loaded."

    def handle(self, *args, **options):
        from django.conf import settings

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Area.objects.exists():
            result = areas_load(directory=packaged_directory(), edition="2023")
            self.stdout.write(f"已导入行政区划 {result.created} 条 / loaded {result.created} areas")
        self.stdout.write("数据库已就绪 / database ready")
