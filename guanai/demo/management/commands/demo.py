from django.core.management import call_command
from django.core.management.base import BaseCommand

from guanai.accounts.roles import Role
from guanai.demo.management.commands.serve import port_check
from guanai.demo.staff import DEMO_PASSWORD, demo_staff_ensure


class Command(BaseCommand):
    help = "Set up the database, load the demo (areas, staff, people) and serve it on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--scale", type=float, default=1.0,
                            help="share of the demo's people (CI's page check loads 0.05 to be quick)")

    def handle(self, *args, no_serve: bool, port: int, scale: float = 1.0, **options):
        if not no_serve:
            port_check("127.0.0.1", port, how_to_choose=f"make demo PORT={port + 1}  (guanai demo --port {port + 1})")
        call_command("setup")
        logins = demo_staff_ensure()
        self._load_domain_demo(scale=scale)
        self.stdout.write(f"\n演示账号 / demo logins (密码 password: {DEMO_PASSWORD})")
        for login in logins:
            role = str(Role(login.role).label)
            self.stdout.write(f"  {login.username:<12} {login.full_name:<6} {role:<14} {login.area_label}")
        if not no_serve:
            call_command("serve", port=port)

    def _load_domain_demo(self, *, scale: float = 1.0) -> None:
        """Each domain app adds its demo data here as it lands (people, visits, cases, benefits)."""
        from django.utils import timezone

        from guanai.demo.people import demo_people_load

        demo_people_load(on=timezone.localdate(), scale=scale, say=self.stdout.write)
        from guanai.demo.benefits import demo_benefits_load

        demo_benefits_load(say=self.stdout.write)
        from guanai.demo.longevity import demo_longevity_load

        demo_longevity_load(on=timezone.localdate(), say=self.stdout.write)
        from guanai.demo.visits import demo_visits_load

        demo_visits_load(on=timezone.localdate(), say=self.stdout.write)
        from guanai.demo.cases import demo_cases_load

        demo_cases_load(say=self.stdout.write)
        from guanai.demo.facilities import demo_facilities_load

        demo_facilities_load(say=self.stdout.write)
        from guanai.demo.population import demo_population_load

        demo_population_load(say=self.stdout.write)
        from guanai.demo.figures import FENGXIAN, HONGHE
        from guanai.reports.services import store_fill

        # The figures store for the years the demo holds records of (2022 payments, this year's visits;
        # 红河州's 2021 reply and the 2020 longevity allowance it states).
        this_year = timezone.localdate().year
        store_fill(area_codes=[FENGXIAN], years=sorted({2022, this_year}), say=self.stdout.write)
        store_fill(area_codes=[HONGHE], years=sorted({2020, 2021, 2022, this_year}), say=self.stdout.write)
