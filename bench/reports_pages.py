"""Figures pages through real HTTP on PostgreSQL: the prefecture dashboard, the visit figures page and
the analyst's home (target p95 < 300 ms each), a full refresh of the analytics store for a prefecture-year
(< 60 s) and an incremental refresh after one visit (< 1 s), with 1,000,000 people and 10,000,000 visits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/g14 .venv/bin/python -m bench.reports_pages --people 1000000

Fills (unless --reuse) with bench.visits_fill: --people followed people over every village of 红河州,
--visits-per-person visits each over the last 365 days, and category spells (children: left-behind
children; elders: special-difficulty elders, a fifth of them left-behind). Then times the full refresh,
times its counting and its writing apart (--refresh does it on --reuse data too), profiles each page
once in this process (queries, their time, the rest), starts `guanai serve` on --port, signs the
analyst in with a session cookie and times --runs requests of each page after two warm-up requests,
then records one visit through visits.services.visit_record and times the incremental refresh that
follows it.
"""

import argparse
import dataclasses
import datetime
import os
import subprocess
import sys
import time
import urllib.request

from bench.visits_fill import (
    ensure_schema,
    execute,
    followups_insert,
    insert_select,
    people_insert,
    require_postgresql,
    setup_django,
    truncate,
    village_codes,
    visits_insert,
)

PREFECTURE = "5325"
RISK = "CASE WHEN g %% 10 = 0 THEN 'high' WHEN g %% 10 < 7 THEN 'medium' ELSE 'low' END"
PAGES = ("/reports/", "/visits/figures/", "/", "/reports/indicator/left_behind_child/")


def _spells_insert() -> int:
    """Spells matching the follow-up groups bench.visits_fill gives (id % 5: 0-1 elder, 2-3 child)."""
    from guanai.people.models import CategorySpell, Person

    category = ("CASE WHEN p.id %% 5 >= 2 THEN 'left_behind_child' WHEN p.id %% 10 = 0 THEN 'left_behind_elder' "
                "ELSE 'special_difficulty_elder' END")
    source = f"{Person._meta.db_table} p WHERE p.area_id LIKE %s AND p.id %% 5 < 4"
    return execute(insert_select(CategorySpell, source=source, values={
        "person": "p.id", "area": "p.area_id", "category": category, "started_on": "current_date - 400",
        "reason": "'bench'", "source": "'rule'"}), [PREFECTURE + "%"])


def _fill(people: int, per_person: int, visitor_id: int) -> None:
    from django.db import connection

    from guanai.reports.models import IndicatorValue, StoreRefresh

    truncate()
    execute(f"TRUNCATE {IndicatorValue._meta.db_table}, {StoreRefresh._meta.db_table}")
    started = time.monotonic()
    people_insert(count=people, villages=village_codes(PREFECTURE), risk_sql=RISK, tag="州对象")
    followups_insert(area_prefix=PREFECTURE)
    spells = _spells_insert()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # skip FK triggers: rows are consistent
    n = visits_insert(area_prefix=PREFECTURE, per_person_sql=str(per_person), days=365, visitor_id=visitor_id)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")
    print(f"filled: {people:,} people, {spells:,} spells, {n:,} visits ({time.monotonic() - started:.0f} s)",
          flush=True)


def _users():
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    director, _ = User.objects.get_or_create(username="bench-director", defaults={
        "role": Role.CHILD_DIRECTOR, "area_id": village_codes(PREFECTURE)[0]})
    analyst, _ = User.objects.get_or_create(username="bench-analyst", defaults={
        "role": Role.PREFECTURE_ANALYST, "area_id": PREFECTURE})
    return director, analyst


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "guanai.cli", "serve", "--port", str(port), "--no-worker"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)  # noqa: S310 - our own server
            return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit("the server did not start")


def _get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our own server
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        body = response.read()
        if response.status != 200 or b"login" in response.url.encode() and b"id_password" in body:
            raise SystemExit(f"{url}: not a figures page (signed out?)")
    return time.perf_counter() - started


def _pages(port: int, cookie: str, runs: int) -> None:
    base = f"http://127.0.0.1:{port}"
    for page in PAGES:
        for _ in range(2):
            _get(base + page, cookie)
        times = sorted(_get(base + page, cookie) for _ in range(runs))
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"  GET {page:<42} p50 {1000 * times[len(times) // 2]:6.0f} ms  p95 {1000 * p95:6.0f} ms  "
              f"max {1000 * times[-1]:6.0f} ms  (load {os.getloadavg()[0]:.1f})", flush=True)


def _profile(analyst) -> None:
    """Where a page's time goes, in this process (Django's test client, no HTTP): queries, their time
    as the database driver saw it, and the rest (Python: views, templates)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(analyst)
    for page in PAGES:
        client.get(page)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            assert client.get(page).status_code == 200, page
            total = time.perf_counter() - started
        sql = sum(float(q["time"]) for q in captured.captured_queries)
        print(f"  in-process {page:<42} {1000 * total:6.0f} ms: {len(captured.captured_queries)} queries "
              f"{1000 * sql:6.0f} ms, the rest {1000 * (total - sql):6.0f} ms", flush=True)


def _full_refresh() -> None:
    """The full refresh of the prefecture-year, with its counting and writing timed apart."""
    from django.utils import timezone

    from guanai.reports import services
    from guanai.reports.measures import MEASURES
    from guanai.reports.models import IndicatorValue

    spent = {"count": 0.0, "write": 0.0}

    def timed(name, function):
        def run(**kwargs):
            started = time.perf_counter()
            try:
                return function(**kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return run

    original = services.store_compute, services.store_write
    services.store_compute, services.store_write = timed("count", original[0]), timed("write", original[1])
    measures = dict(MEASURES)
    scans = {}  # one timed wrapper per scan, named by the measures sharing it (they stay one pass)
    for code, measure in measures.items():
        scan = getattr(measure, "scan", None)  # None too for the code before scans (old vs new runs)
        if scan is not None and scan not in scans:
            name = "+".join(c for c, m in measures.items() if getattr(m, "scan", None) is scan)
            scans[scan] = timed(name, scan)
            spent[name] = 0.0
        changes = {"compute": timed(code, measure.compute)}
        if scan is not None:
            changes["scan"] = scans[scan]
        MEASURES[code] = dataclasses.replace(measure, **changes)
        spent[code] = 0.0
    try:
        started = time.perf_counter()
        refresh = services.store_refresh_full(area_code=PREFECTURE, year=timezone.localdate().year)
        seconds = time.perf_counter() - started
    finally:
        services.store_compute, services.store_write = original
        MEASURES.update(measures)
    slowest = sorted(((s, c) for c, s in spent.items() if c not in ("count", "write") and s), reverse=True)[:5]
    print("  counting, slowest measures: " + ", ".join(f"{c} {s:.1f} s" for s, c in slowest), flush=True)
    print(f"  full refresh {PREFECTURE} {timezone.localdate().year}: {seconds:.1f} s (counting {spent['count']:.1f} s, "
          f"writing {spent['write']:.1f} s), {refresh.values_written:,} values; store holds "
          f"{IndicatorValue.objects.count():,} rows (load {os.getloadavg()[0]:.1f})", flush=True)


def _one_visit(director) -> float:
    from django.utils import timezone

    from guanai.accounts.scoping import scope_for
    from guanai.people.models import Person
    from guanai.reports.services import store_refresh_incremental
    from guanai.visits.schemas import VisitIn
    from guanai.visits.services import visit_record

    person = Person.objects.filter(area_id=director.area_id, follow_up__isnull=False).first()
    visit_record(actor=director, scope=scope_for(director), person=person,
                 data=VisitIn(method="phone", visited_at=timezone.now()))
    started = time.perf_counter()
    done = store_refresh_incremental()
    seconds = time.perf_counter() - started
    print(f"  incremental refresh after one visit: {seconds:.2f} s ({len(done)} area(s): "
          f"{', '.join(r.area_code for r in done)}; {sum(r.values_written for r in done)} values written)", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--visits-per-person", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--port", type=int, default=8014)
    parser.add_argument("--reuse", action="store_true", help="keep the data (and store) of the last run")
    parser.add_argument("--refresh", action="store_true", help="with --reuse: time a full refresh all the same")
    args = parser.parse_args()
    os.environ["REPORTS_REFRESH_ON_WRITE"] = "0"  # the bench times the refresh itself
    setup_django()
    require_postgresql()
    ensure_schema()
    director, analyst = _users()
    if not args.reuse:
        _fill(args.people, args.visits_per_person, director.pk)

    from guanai.people.models import Person
    from guanai.visits.models import VisitRecord

    print(f"people {Person.objects.count():,}, visits {VisitRecord.objects.count():,}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine shared)", flush=True)
    if not args.reuse or args.refresh:
        _full_refresh()
    _profile(analyst)
    server = _serve(args.port)
    try:
        _pages(args.port, _session_cookie(analyst), args.runs)
    finally:
        server.terminate()
        server.wait()
    _one_visit(director)
    print(f"done {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC", flush=True)


if __name__ == "__main__":
    main()
