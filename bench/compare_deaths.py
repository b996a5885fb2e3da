"""A 100,000-row death list compared against 1,000,000 people (issue 15: < 30 s, exactly the planted
matches).

    .venv/bin/python -m bench.compare_deaths --people 1000000 --rows 100000 --planted 1000

On a SQLite file of its own under $GUANAI_DATA_DIR (default /tmp/guanai-bench-compare), or PostgreSQL
with DATABASE_URL. People are bulk-inserted into 凤县 with the SM3 digest of a valid ID number (no
cipher: matching never decrypts). The list holds `planted` people who are alive in the registry, as
many already recorded dead (they match but must raise nothing), and the rest numbers nobody holds.
"""

import argparse
import csv
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.upstream_packages import id_number, people_fill, setup_django


def list_write(path: Path, *, people: int, rows: int, planted: int, dead: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    chosen = rng.sample(range(people), planted + dead)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "姓名", "公民身份号码", "死亡日期", "注销原因"])
        for number, index in enumerate(chosen, start=1):
            born = datetime.date(1930, 1, 1) + datetime.timedelta(days=index // 1000)
            writer.writerow([number, f"对象{index}", id_number(index, born), "2026-10-15", "死亡"])
        for number in range(len(chosen) + 1, rows + 1):
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=number // 1000)
            writer.writerow([number, f"外县{number}", id_number(number, born, county="610331"), "2026-10-20", "死亡"])
    return chosen[planted:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--planted", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    setup_django("guanai-bench-compare")
    from django.db import connection

    from bench.upstream_packages import ensure_schema
    from guanai.accounts.scoping import Scope
    from guanai.comparisons import services
    from guanai.comparisons.models import ComparisonRun, Flag
    from guanai.people import idcipher
    from guanai.people.models import Person

    ensure_schema()
    print(f"{connection.vendor}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {args.people:,} people, "
          f"{args.rows:,} rows, {args.planted:,} planted", flush=True)
    if Person.objects.count() != args.people:
        Person.objects.all().delete()
        started = time.perf_counter()
        for start in range(0, args.people, 200_000):
            people_fill(min(200_000, args.people - start), seed=args.seed + start, encrypt=False, start=start)
        print(f"fill people {time.perf_counter() - started:8.1f} s", flush=True)
    Flag.objects.all().delete()
    ComparisonRun.objects.all().delete()
    Person.objects.exclude(died_on=None).update(died_on=None)
    path = Path(os.environ.get("GUANAI_DATA_DIR", tempfile.gettempdir())) / "deaths.csv"
    dead = list_write(path, people=args.people, rows=args.rows, planted=args.planted, dead=args.planted // 10,
                      seed=args.seed)
    digests = [idcipher.digest(id_number(i, datetime.date(1930, 1, 1) + datetime.timedelta(days=i // 1000)))
               for i in dead]
    Person.objects.filter(id_number_digest__in=digests).update(died_on=datetime.date(2026, 9, 1))
    started, cpu = time.perf_counter(), time.process_time()
    run = services.comparison_run(actor=None, scope=Scope("610330"), source="deaths", path=path)
    elapsed = time.perf_counter() - started
    print(f"comparison {elapsed:8.1f} s wall, {time.process_time() - cpu:8.1f} s CPU: {run.rows:,} rows, "
          f"{run.matched:,} matched, {run.unmatched:,} unmatched, "
          f"{run.invalid} invalid, {run.flags:,} flags", flush=True)
    started = time.perf_counter()
    again = services.comparison_run(actor=None, scope=Scope("610330"), source="deaths", path=path)
    print(f"second run {time.perf_counter() - started:8.1f} s: {again.flags} new flags, changes {again.changes}",
          flush=True)
    exact = run.flags == args.planted and run.matched == args.planted + len(dead) and again.flags == 0
    print(f"load after: {os.getloadavg()[0]:.1f}; exact planted matches: {exact}; "
          f"target {'met' if elapsed < 30 and exact else 'NOT met'}", flush=True)
    return 0 if elapsed < 30 and exact else 1


if __name__ == "__main__":
    sys.exit(main())
