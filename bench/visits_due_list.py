"""Due list of a township with 20,000 followed people and three years of visits: p50/p95 ms on
PostgreSQL (issue 5: under 100 ms p95).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_visits .venv/bin/python -m bench.visits_due_list

Fills (unless --reuse): 20,000 followed people in 双石铺镇 (610330100) and 80,000 elsewhere (红河州),
follow-ups with due dates spread from 20 days overdue to 40 days ahead, and three years of visits at
each person's rule (high weekly, medium monthly, low quarterly; about 0.8 million in the township,
2 million in all). Then times, after a warm-up: the selectors behind the page (first page of
due_list + due_counts), and the whole page GET /visits/ as the township's supervisor.
"""

import argparse
import os
import statistics
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

TOWNSHIP = "610330100"
RISK = "CASE WHEN g %% 10 = 0 THEN 'high' WHEN g %% 10 < 7 THEN 'medium' ELSE 'low' END"
PER_PERSON = {"3y": "CASE f.risk_level WHEN 'high' THEN 156 WHEN 'medium' THEN 36 ELSE 12 END",
              "1y": "CASE f.risk_level WHEN 'high' THEN 52 WHEN 'medium' THEN 12 ELSE 4 END"}


def _fill(township_people: int, other_people: int) -> None:
    from django.db import connection

    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    truncate()
    visitor, _ = User.objects.get_or_create(username="bench-director", defaults={
        "role": Role.CHILD_DIRECTOR, "area_id": village_codes(TOWNSHIP)[0]})
    started = time.monotonic()
    people_insert(count=township_people, villages=village_codes(TOWNSHIP), risk_sql=RISK, tag="镇对象")
    people_insert(count=other_people, villages=village_codes("5325"), risk_sql=RISK, tag="州对象")
    followups_insert(area_prefix=TOWNSHIP)
    followups_insert(area_prefix="5325")
    n = visits_insert(area_prefix=TOWNSHIP, per_person_sql=PER_PERSON["3y"], days=1095, visitor_id=visitor.pk)
    m = visits_insert(area_prefix="5325", per_person_sql=PER_PERSON["3y"], days=1095, visitor_id=visitor.pk)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled: {township_people + other_people:,} people, {n:,} visits in the township, "
          f"{n + m:,} in all ({time.monotonic() - started:.0f} s)")


def _timed(fn, runs: int) -> tuple[float, float, float]:
    for _ in range(5):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--township-people", type=int, default=20_000)
    parser.add_argument("--other-people", type=int, default=80_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep the data of the last run")
    args = parser.parse_args()
    setup_django()
    require_postgresql()
    ensure_schema()
    if not args.reuse:
        _fill(args.township_people, args.other_people)

    from django.test import Client
    from django.utils import timezone

    from guanai.accounts.models import User
    from guanai.accounts.roles import Role
    from guanai.accounts.scoping import Scope
    from guanai.visits.models import FollowUp, VisitRecord
    from guanai.visits.selectors import due_counts, due_list

    scope, today = Scope(TOWNSHIP), timezone.localdate()
    followed = FollowUp.objects.filter(area__pk__startswith=TOWNSHIP).count()
    visits = VisitRecord.objects.filter(area__pk__startswith=TOWNSHIP).count()

    def selectors() -> None:
        list(due_list(scope=scope, on=today, when="today")[:30])
        due_counts(scope=scope, on=today)

    supervisor, _ = User.objects.get_or_create(username="bench-supervisor", defaults={
        "role": Role.CHILD_SUPERVISOR, "area_id": TOWNSHIP})
    client = Client()
    client.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")

    def page() -> None:
        response = client.get("/visits/?when=today")
        assert response.status_code == 200

    due_today = due_counts(scope=scope, on=today).today
    print(f"township {TOWNSHIP}: {followed:,} followed, {visits:,} visits, {due_today:,} due today or overdue; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, fn in (("selectors (page 1 + counts)", selectors), ("GET /visits/ page", page)):
        p50, p95, worst = _timed(fn, args.runs)
        print(f"  {label:<28} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   max {worst:6.1f} ms   ({args.runs} runs)")


if __name__ == "__main__":
    main()
