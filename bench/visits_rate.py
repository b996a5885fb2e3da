"""The month's visit rate for a prefecture with 1,000,000 followed people and 10,000,000 visits:
seconds on PostgreSQL (issue 5: under 2 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_visits .venv/bin/python -m bench.visits_rate

Fills (unless --reuse): --people followed people over every village of 红河州 (5325), 40% in the
special-difficulty elder group, 40% children, 20% other, each with --visits-per-person visits spread
over the last 365 days (so about 830,000 visits fall in one month). Then times selectors.visit_rates
(per county, three grouped queries) for the prefecture for this month and last month, and for one
county, after a warm-up run.
"""

import argparse
import datetime
import os
import time

from bench.visits_fill import (
    ensure_schema,
    followups_insert,
    people_insert,
    require_postgresql,
    setup_django,
    truncate,
    village_codes,
    visits_insert,
)

PREFECTURE = "5325"
RISK = "CASE WHEN g %% 10 = 0 THEN 'high' WHEN g %% 10 < 7 THEN 'medium' ELSE 'low' END"


def _fill(people: int, per_person: int) -> None:
    from django.db import connection

    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    truncate()
    visitor, _ = User.objects.get_or_create(username="bench-director", defaults={
        "role": Role.CHILD_DIRECTOR, "area_id": village_codes(PREFECTURE)[0]})
    started = time.monotonic()
    people_insert(count=people, villages=village_codes(PREFECTURE), risk_sql=RISK, tag="州对象")
    followups_insert(area_prefix=PREFECTURE)
    print(f"  people and follow-ups: {time.monotonic() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # skip FK triggers: rows are consistent
    n = visits_insert(area_prefix=PREFECTURE, per_person_sql=str(per_person), days=365, visitor_id=visitor.pk)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")
    print(f"filled: {people:,} people, {n:,} visits ({time.monotonic() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--visits-per-person", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the last run")
    args = parser.parse_args()
    setup_django()
    require_postgresql()
    ensure_schema()
    if not args.reuse:
        _fill(args.people, args.visits_per_person)

    from django.utils import timezone

    from guanai.accounts.scoping import Scope
    from guanai.visits.models import VisitRecord
    from guanai.visits.selectors import visit_rate_total, visit_rates

    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    print(f"visits in the table: {VisitRecord.objects.count():,}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, scope, month in (("prefecture, this month", Scope(PREFECTURE), today),
                                ("prefecture, last month", Scope(PREFECTURE), last_month),
                                ("one county, last month", Scope("532501"), last_month)):
        rows = visit_rates(scope=scope, month=month, on=today)  # warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            rows = visit_rates(scope=scope, month=month, on=today)
            times.append(time.perf_counter() - started)
        total = visit_rate_total(rows, code=scope.prefix, name="", month=month)
        print(f"  {label:<24} median {sorted(times)[len(times) // 2]:5.2f} s  max {max(times):5.2f} s   "
              f"{len(rows)} rows; elders {total.elders_visited:,}/{total.elders:,}, "
              f"children {total.children_visited:,}/{total.children:,}")


if __name__ == "__main__":
    main()
