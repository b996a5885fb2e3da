"""Monthly roster of 200,000 enrolled people: time and peak memory of the roster build (issue 7:
< 20 s on PostgreSQL, < 40 s on SQLite, memory not growing with the roster).

Run on a database of its own (it fills the people and benefits tables), e.g.

    GUANAI_DATA_DIR=/tmp/bench-roster .venv/bin/python -m bench.roster_build
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guanai_bench_roster .venv/bin/python -m bench.roster_build

People (aged 80-104, in every village of 红河州) and their approved longevity_allowance enrollments
are bulk-inserted (no services, no history); a second run reuses them when the count matches. The
bench builds two consecutive months with the real job (roster_build.roster_build): the second has a
previous month to compare with, as every month after the first does. Reported per month: seconds,
lines, the Python heap's peak during the build (tracemalloc, --tracemalloc, slows the build) and
the process's peak RSS (resource.getrusage). Run with --people 50000 and 200000 to compare memory.
Results are appended to docs/performance.md with --write.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import sys
import time
import tracemalloc

CHUNK = 20_000
MONTHS = (datetime.date(2021, 11, 1), datetime.date(2021, 12, 1))
AREA = "5325"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def _ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load(directory=packaged_directory(), edition="2023")


def _actor():
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    user, _ = User.objects.get_or_create(username="bench-roster", defaults={"role": Role.COUNTY_OFFICER,
                                                                           "area_id": AREA})
    return user


def _standards() -> None:
    from guanai.benefits.models import Programme, Standard, Variant

    programme = Programme.objects.get(code="longevity_allowance")
    for low, high, fen in ((80, 99, 5_000), (100, None, 30_000)):
        Standard.objects.get_or_create(programme=programme, area_id=AREA, variant=Variant.AGE_BAND, min_age=low,
                                       max_age=high, effective_from=datetime.date(2020, 1, 1),
                                       defaults={"amount_fen": fen, "source": "bench"})


def generate(n: int, seed: int) -> float:
    """n people aged 80-104 with an approved longevity enrollment each; returns seconds taken."""
    from django.db import transaction
    from django.utils import timezone

    from guanai.areas.models import Area, Level
    from guanai.benefits.models import Enrollment, EnrollmentStatus, Variant
    from guanai.people.models import Person

    started = time.perf_counter()
    rng = random.Random(seed)
    villages = list(Area.objects.filter(level=Level.VILLAGE, code__startswith=AREA).values_list("code", flat=True))
    actor, now = _actor(), timezone.now()
    made = 0
    while made < n:
        size = min(CHUNK, n - made)
        with transaction.atomic():
            people = Person.objects.bulk_create([
                Person(area_id=rng.choice(villages), name=f"老人{made + i}",
                       birth_date=datetime.date(1917 + rng.randrange(25), rng.randrange(1, 13), rng.randrange(1, 29)))
                for i in range(size)], batch_size=2_000)
            Enrollment.objects.bulk_create([
                Enrollment(person=p, programme_id="longevity_allowance", area_id=p.area_id, variant=Variant.AGE_BAND,
                           status=EnrollmentStatus.APPROVED, eligibility="bench", payee_name=p.name,
                           bank_account_masked="6217********0000", applied_by=actor, applied_at=now,
                           approved_by=actor, approved_at=now, starts_on=datetime.date(2020, 1, 1))
                for p in people], batch_size=2_000)
        made += size
        print(f"  {made:,} / {n:,}", file=sys.stderr)
    return time.perf_counter() - started


def _maxrss_mb() -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def build(month: datetime.date, trace: bool) -> dict:
    from guanai.benefits.roster_build import roster_build
    from guanai.benefits.services import roster_prepare

    roster = roster_prepare(programme_code="longevity_allowance", area_code=AREA, month=month)
    rss_before = _maxrss_mb()
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    roster = roster_build(roster_id=roster.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if trace else None
    if trace:
        tracemalloc.stop()
    return {"month": f"{month:%Y-%m}", "seconds": seconds, "cpu": cpu, "lines": roster.line_count,
            "total_yuan": roster.total_fen // 100, "heap_peak_mb": peak, "rss_before_mb": rss_before,
            "rss_peak_mb": _maxrss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="measure the Python heap's peak (slower)")
    parser.add_argument("--write", action="store_true", help="append the result to docs/performance.md")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from guanai.benefits.models import Enrollment

    _ensure_schema()
    _standards()
    have = Enrollment.objects.filter(programme_id="longevity_allowance", area__pk__startswith=AREA).count()
    if have != args.people:
        if have:
            sys.exit(f"the database holds {have:,} enrollments, not {args.people:,}: use an empty database")
        print(f"generated {args.people:,} people and enrollments in {generate(args.people, args.seed):.1f}s",
              file=sys.stderr)
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum/ANALYZE keeps them in service
            cursor.execute("ANALYZE")
    results = [build(month, args.tracemalloc) for month in MONTHS]
    engine = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    lines = []
    for r in results:
        heap = f", heap peak {r['heap_peak_mb']:.1f} MB (tracemalloc)" if r["heap_peak_mb"] is not None else ""
        lines.append(f"- {r['month']}: {r['lines']:,} lines, CNY {r['total_yuan']:,}, {r['seconds']:.1f} s "
                     f"(Python CPU {r['cpu']:.1f} s){heap}, "
                     f"peak RSS {r['rss_peak_mb']:.0f} MB (before the build {r['rss_before_mb']:.0f} MB)")
    today = datetime.datetime.now(datetime.UTC).date()
    load = os.getloadavg()[0]
    report = (f"\n### Roster build, {args.people:,} enrolled ({engine.strip()}, {today}, "
              f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f})\n\n"
              f"`{' '.join(sys.argv)}`\n\n" + "\n".join(lines) + "\n")
    print(report)
    if args.write:
        with open("docs/performance.md", "a", encoding="utf-8") as doc:
            doc.write(report)


if __name__ == "__main__":
    main()
