"""The people list page with a search, through HTTP, among 1,000,000 people (issue 16, part 3: p95 < 100 ms
at prefecture and county scope for every kind of query, on SQLite and on PostgreSQL with default settings).

    GUANAI_DATA_DIR=/tmp/bench-pages .venv/bin/python -m bench.people_pages --old main~5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/g16 .venv/bin/python -m bench.people_pages --old main~5

Fills an empty database with bench.search_people's generator (--people people over every village of 凤县
and 红河州, valid ID numbers encrypted and digested, pinyin NameKeys, phone numbers), unless it already
holds that many, and gives every 20th person an open category spell (the chips and the category filter
read them). Then starts `guanai serve` on --port, signs in a 红河州 prefecture analyst and a county
officer of the county with the most people (a session cookie each), and requests /people/?q=... for
every kind of query, drawn from people of that county, --runs times per kind and scope after warm-up
requests. With --old REV it first serves the same data with the code of REV (`git archive` into a
temporary directory, run with this checkout's virtualenv), so old and new are timed in one run on the
same machine and data. Besides wall times it reports the CPU time per page of the serving process and,
on PostgreSQL, of the database server's processes connected to the bench database (from /proc: a
figure other people's load on a shared machine does not change).
"""

import argparse
import datetime
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.search_people import _busiest_county, _db_version, _ensure_schema, _numbers_of, generate, setup_django

PREFECTURE = "5325"
REPO = Path(__file__).resolve().parent.parent
SPELL_EVERY = 20  # one person in 20 holds an open category spell
WARM_UP = 3


def _spells_fill() -> int:
    """An open spell for every SPELL_EVERY-th person, the categories in turn (plain SQL: 50,000 rows)."""
    from django.db import connection

    from guanai.people.models import Category, CategorySpell, Person

    categories = Category.values
    case = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(categories))
    now = "now()" if connection.vendor == "postgresql" else "CURRENT_TIMESTAMP"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CategorySpell._meta.db_table} (person_id, area_id, category, started_on, ended_on, reason, "
            f"reason_message, end_reason, end_reason_message, source, created_by_id, created_at, updated_at) "
            f"SELECT id, area_id, CASE (id / {SPELL_EVERY}) % {len(categories)} {case} END, '2025-01-01', NULL, "
            f"'bench', '{{}}', '', '{{}}', 'rule', NULL, {now}, {now} FROM {Person._meta.db_table} "
            f"WHERE id % {SPELL_EVERY} = 0")
        count = cursor.rowcount
        cursor.execute("ANALYZE")
    return count


def _vacuum() -> None:
    """VACUUM ANALYZE the people's tables on PostgreSQL, as autovacuum (on by default) does to a
    running server's tables after a load: without it the visibility map of freshly written tables is
    empty, every index-only scan visits the table, and the planner prefers a bitmap scan and a sort of
    a whole key range to reading the (key, area, person) index in order (docs/performance.md, issue 16's
    third pass). Quick when nothing changed since the last run."""
    from django.db import connection

    from guanai.people.models import CategorySpell, NameKey, Person

    with connection.cursor() as cursor:
        for model in (Person, NameKey, CategorySpell):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _store_fill() -> float | None:
    """Fill the analytics store for the prefecture's year (the chips read it, as on a running server
    whose nightly and on-write refreshes keep it), unless it holds it; the seconds it took."""
    from django.utils import timezone

    from guanai.reports.periods import month_period
    from guanai.reports.selectors import store_holds
    from guanai.reports.services import store_refresh_full

    if store_holds(area_code=PREFECTURE, period=month_period(timezone.localdate())):
        return None
    started = time.perf_counter()
    store_refresh_full(area_code=PREFECTURE, year=timezone.localdate().year)
    return time.perf_counter() - started


def _users(county: str):
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    analyst, _ = User.objects.get_or_create(username="bench-analyst", defaults={
        "role": Role.PREFECTURE_ANALYST, "area_id": PREFECTURE})
    officer, _ = User.objects.get_or_create(username="bench-county", defaults={
        "role": Role.COUNTY_OFFICER, "area_id": county})
    return {f"prefecture {PREFECTURE}": analyst, f"county {county}": officer}


def _session_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _queries(county: str, n: int, seed: int) -> dict[str, list[dict]]:
    """Per kind, n query strings (as GET parameters) drawn from random people of the county."""
    from guanai.people.models import Category, NameKey, Person

    rng = random.Random(seed)
    ids = list(Person.objects.filter(area_id__gte=county, area_id__lt=county[:-1] + str(int(county[-1]) + 1))
               .values_list("id", flat=True)[:200_000])
    sample = rng.sample(ids, n)
    people = {pk: (name, phone) for pk, name, phone in Person.objects.filter(pk__in=sample)
              .values_list("pk", "name", "phone")}
    keys: dict[int, list[str]] = {}
    for pk, key in NameKey.objects.filter(person_id__in=sample).values_list("person_id", "key"):
        if key.isalpha():  # pinyin keys (not a given name's: pinyin.GIVEN_MARK)
            keys.setdefault(pk, []).append(key)
    full = [max(keys[pk], key=len) for pk in sample]
    names = [people[pk][0] for pk in sample]
    return {
        "list, no search": [{}] * n,
        "category filter (chip)": [{"category": rng.choice(Category.values)} for _ in range(n)],
        "pinyin initials (zxm)": [{"q": min(keys[pk], key=len)} for pk in sample],
        "pinyin prefix, 2-4 letters": [{"q": k[:rng.randint(2, 4)]} for k in full],
        "full pinyin": [{"q": k} for k in full],
        "name prefix, 1-2 characters": [{"q": name[:rng.randint(1, 2)]} for name in names],
        "whole name": [{"q": name} for name in names],
        "given name (contains)": [{"q": name[1:]} for name in names],
        "ID number": [{"q": number} for number in _numbers_of(sample)],
        "phone number": [{"q": people[pk][1]} for pk in sample],
    }


def _port_free(port: int) -> None:
    """Wait while the port is held: the previous server's closed connections keep it in TIME_WAIT for
    a minute, and `guanai serve` refuses a port it cannot bind."""
    for _ in range(180):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return
            except OSError:
                time.sleep(1)
    raise SystemExit(f"port {port} stays in use")


def _serve(port: int, tree: Path) -> subprocess.Popen:
    _port_free(port)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    log = tempfile.NamedTemporaryFile(prefix="bench-people-pages-server-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "-m", "guanai.cli", "serve", "--port", str(port), "--no-worker"],
                              cwd=tree, env=env, stdout=log, stderr=log)
    for _ in range(600):  # a loaded machine takes minutes to start Django
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)  # noqa: S310 - our own server
            return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit(f"the server did not start: see {log.name}")


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used: on a shared machine the page's own work,
    which the wall time hides under other people's load (on PostgreSQL, without the server's share)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _db_cpu(database: str | None) -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL server process connected to `database` (found by
    its process title, `postgres: ... user database host(port) state`), read from /proc as the serving
    process's: the database server's share of a page, which nobody else's work adds to since only the
    page's server connects to the bench database during a run. The page's persistent connections
    (DB_CONN_MAX_AGE) keep the same processes from one request to the next. Empty on SQLite."""
    if database is None:
        return {}
    needle, found = f" {database} ".encode(), {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                title = Path(entry.path, "cmdline").read_bytes()
                if title.startswith(b"postgres:") and needle in title:
                    found[int(entry.name)] = _cpu(int(entry.name))
            except (OSError, IndexError, ValueError):  # the process ended meanwhile
                continue
    return found


def _db_cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the database processes spent between two readings: a process that started since
    counts whole, one that ended since (a connection past its DB_CONN_MAX_AGE) is left out."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _get(url: str, cookie: str, pid: int, database: str | None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the serving process and of the database server for one page."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our own server
    cpu, db_cpu = _cpu(pid), _db_cpu(database)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        body = response.read()
    seconds = time.perf_counter() - started
    if response.status != 200 or b"pp-filters" not in body:
        raise SystemExit(f"{url}: not the people list (signed out?)")
    return seconds, _cpu(pid) - cpu, _db_cpu_spent(db_cpu, _db_cpu(database))


def _measure(port: int, pid: int, cookies: dict[str, str], queries: dict[str, list[dict]], runs: int,
             database: str | None) -> dict:
    """{(scope, kind): (sorted wall seconds, CPU seconds of the serving process, of the database
    server)}: CPU is read in clock ticks (10 ms), so only its mean over the runs says something."""
    results = {}
    for scope, cookie in cookies.items():
        for kind, params in queries.items():
            urls = [f"http://127.0.0.1:{port}/people/?{urllib.parse.urlencode(p)}" for p in params]
            for url in urls[:WARM_UP]:
                _get(url, cookie, pid, database)
            timed = [_get(url, cookie, pid, database) for url in urls[WARM_UP:WARM_UP + runs]]
            times, cpu, db_cpu = (sorted(t[i] for t in timed) for i in range(3))
            results[scope, kind] = times, cpu, db_cpu
            print(f"  {scope:<18} {kind:<30} p50 {1000 * statistics.median(times):7.1f} ms  "
                  f"p95 {1000 * _p95(times):7.1f} ms  CPU mean {1000 * statistics.mean(cpu):5.0f} ms  "
                  f"DB CPU mean {1000 * statistics.mean(db_cpu):5.0f} ms  (load {os.getloadavg()[0]:.1f})",
                  file=sys.stderr, flush=True)
    return results


def _p95(times: list[float]) -> float:
    return times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]


def _old_tree(rev: str) -> Path:
    tree = Path(tempfile.mkdtemp(prefix="bench-people-pages-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40, help="timed requests per kind and scope")
    parser.add_argument("--old", metavar="REV", help="also time the code of this git revision, first")
    parser.add_argument("--old-runs", type=int, default=10, help="timed requests per kind and scope for --old")
    parser.add_argument("--port", type=int, default=8016)
    parser.add_argument("--no-store", action="store_true",
                        help="do not fill the analytics store (the chips then count up to their cap)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--fill-only", action="store_true", help="fill the database (if empty) and stop")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection

    from guanai.people.models import CategorySpell, Person

    _ensure_schema()
    existing = Person.objects.count()
    if existing != args.people:
        if existing:
            print(f"The database holds {existing:,} people, not {args.people:,}: use an empty one.", file=sys.stderr)
            return 2
        print(f"Writing {args.people:,} people on {connection.vendor} ...", file=sys.stderr)
        generate(args.people, args.seed)
    if not CategorySpell.objects.exists():
        print(f"spells: {_spells_fill():,}", file=sys.stderr)
    if not args.no_store and (seconds := _store_fill()) is not None:
        print(f"store filled for {PREFECTURE}: {seconds:.0f} s", file=sys.stderr)
    if connection.vendor == "postgresql":
        _vacuum()
    if args.fill_only:
        return 0
    county, in_county = _busiest_county()
    users = _users(county)
    cookies = {scope: _session_cookie(user) for scope, user in users.items()}
    queries = _queries(county, WARM_UP + max(args.runs, args.old_runs), args.seed)
    database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else None
    connection.close()
    load = [os.getloadavg()[0]]
    runs = {}
    for label, tree, n in ([("old", _old_tree(args.old), args.old_runs)] if args.old else []) + [
            ("new", REPO, args.runs)]:
        print(f"{label}: serving {tree}", file=sys.stderr, flush=True)
        server = _serve(args.port, tree)
        try:
            runs[label] = _measure(args.port, server.pid, cookies, queries, n, database)
        finally:
            server.terminate()
            server.wait()
        load.append(os.getloadavg()[0])
    _report(args, connection, county, in_county, runs, load)
    return 0


def _report(args, connection, county: str, in_county: int, runs: dict, load: list[float]) -> None:
    from guanai.people.models import CategorySpell, NameKey, Person

    print(f"### /people/ among {args.people:,} people ({_db_version(connection)}, "
          f"{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC)\n")
    print(f"- machine: {os.cpu_count()} cores shared with other work, {platform.machine()}, Python "
          f"{platform.python_version()}; load average (1 min) {', '.join(f'{x:.1f}' for x in load)} "
          f"(start, after each server)")
    print(f"- rows: {Person.objects.count():,} people, {NameKey.objects.count():,} name keys, "
          f"{CategorySpell.objects.count():,} open spells; county {county} holds {in_county:,} people")
    print(f"- `{' '.join(['python -m bench.people_pages', *sys.argv[1:]])}`; timed requests per kind and scope: "
          + ", ".join(f"{label} {args.old_runs if label == 'old' else args.runs}" for label in runs) + "\n")
    labels, with_db = list(runs), connection.vendor == "postgresql"
    columns = ["p50 ms", "p95 ms", "CPU ms (mean)"] + (["DB CPU ms (mean)"] if with_db else [])
    head = " | ".join(f"{label} {column}" for label in labels for column in columns)
    print(f"| scope | query | {head} |\n| --- | --- |" + " ---: |" * (len(columns) * len(labels)))
    for scope, kind in runs[labels[-1]]:
        cells = []
        for label in labels:
            times, cpu, db_cpu = runs[label][scope, kind]
            cells.append(f"{1000 * statistics.median(times):.0f} | {1000 * _p95(times):.0f} | "
                         f"{1000 * statistics.mean(cpu):.0f}" + (f" | {1000 * statistics.mean(db_cpu):.0f}"
                                                                  if with_db else ""))
        print(f"| {scope} | {kind} | {' | '.join(cells)} |")


if __name__ == "__main__":
    sys.exit(main())
