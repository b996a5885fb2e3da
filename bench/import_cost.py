"""Import cost (issue 16, part 4): CPU seconds per 100,000 rows in every process, into empty and populated tables.

    GUANAI_DATA_DIR=/tmp/bench-import-cost .venv/bin/python -m bench.import_cost
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/g16b .venv/bin/python -m bench.import_cost
    ... --old /tmp/guanai-old   # the same runs with the code of another tree, alternating, in one run

Two databases: the one named (SQLite under $GUANAI_DATA_DIR, or DATABASE_URL) is filled with
--populate people (default 1,000,000) spread over every village of the packaged division tree (凤县 and
红河州, a prefecture), written directly as bench.search_people does; a twin ("-empty" data directory, or
"<name>_empty" database) holds the same schema and areas and no people. The file is
bench.import_people's (100,000 rows of 凤县, 18 columns, .xlsx); people of the populated database
whose ID numbers the file holds are removed first, so every run creates the same 100,000 people.

Each measurement runs in a fresh process (PYTHONPATH = the tree timed), as the 凤县 county officer,
through `people.imports.people_import_file`, and reports:
- wall seconds and rows/s;
- CPU of the importing process (time.process_time), of its reading process (RUSAGE_CHILDREN) and,
  on PostgreSQL, of the server backend serving the import (/proc/<pid>/stat of pg_backend_pid());
- on SQLite, the part of the importing process's CPU spent inside the database (thread CPU inside
  every statement and commit): SQLite runs in the process.
Before each run the tables are put back: the empty database truncated, the populated one cut back to
its --populate people (rows with a higher id deleted, then VACUUM/ANALYZE on PostgreSQL), a checkpoint
taken. --cores N pins the importing process, its reading process and the server backend to N cores
(sched_setaffinity); by default the runs are made on 1 core, on 2 and on all cores (1 and all on a
2-core machine).

On SQLite each run also reports how long the import's transactions held the write lock (BEGIN
IMMEDIATE to the end of COMMIT: the longest and the mean) and the largest extent of the write-ahead
log (its -wal file, truncated before the run).

--probe-visits (SQLite): while the populated import runs, another process records a visit through
`visits.services.visit_record` every 0.2 s (bench.import_cost_probe) and reports the slowest save (the
target: < 2 s), split into waiting for the write lock (its BEGIN IMMEDIATE) and its COMMIT (which runs
SQLite's automatic checkpoint when the log is long); --probe-log FILE keeps every save.

After the table: on SQLite, each run's database CPU split by statement (inserts by table, commits,
checkpoints, the rest); then populated vs empty per code and cores, wall and CPU (the issue's target:
wall at most 1.3x; meaningful on a quiet machine only).

The machine's load average is printed around every run: on a shared machine wall times are only
comparable within a run; CPU seconds are steadier.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
COUNTY = "610330"
PROTOTYPE_TABLE = "people_namesearch"  # bench.import_key_variants: reset too when present
PEOPLE_TABLES = ("people_categoryspell", "people_namekey", "people_transferrequest", "people_historicalperson",
                 "people_person")


# --- helpers usable in either tree (the measuring process imports only guanai from the tree timed) -----

def _setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("GUANAI_DATA_DIR", str(Path(tempfile.gettempdir()) / "bench-import-cost"))
        Path(os.environ["GUANAI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process of this machine (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tables_reset(keep: int) -> None:
    """People tables back to the people with id <= keep (0: empty), the same way before every run."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if keep == 0:
                cursor.execute(f"TRUNCATE {', '.join(PEOPLE_TABLES)} RESTART IDENTITY CASCADE")
            else:
                cursor.execute("DELETE FROM people_namekey WHERE person_id > %s", [keep])
                cursor.execute("DELETE FROM people_categoryspell WHERE person_id > %s", [keep])
                cursor.execute("DELETE FROM people_transferrequest WHERE person_id > %s", [keep])
                cursor.execute("DELETE FROM people_historicalperson WHERE id > %s", [keep])
                cursor.execute("DELETE FROM people_person WHERE id > %s", [keep])
                for table in PEOPLE_TABLES:
                    cursor.execute(f"VACUUM ANALYZE {table}")
            if _prototype_present(connection):
                cursor.execute(f"DELETE FROM {PROTOTYPE_TABLE} WHERE person_id > %s", [keep])  # noqa: S608
                cursor.execute(f"VACUUM ANALYZE {PROTOTYPE_TABLE}")
            cursor.execute("CHECKPOINT")
            return
        cursor.execute("DELETE FROM people_namekey WHERE person_id > %s", [keep])
        cursor.execute("DELETE FROM people_categoryspell WHERE person_id > %s", [keep])
        cursor.execute("DELETE FROM people_transferrequest WHERE person_id > %s", [keep])
        cursor.execute("DELETE FROM people_historicalperson WHERE id > %s", [keep])
        cursor.execute("DELETE FROM people_person WHERE id > %s", [keep])
        if _prototype_present(connection):
            cursor.execute(f"DELETE FROM {PROTOTYPE_TABLE} WHERE rowid > %s", [keep])  # noqa: S608
        if keep == 0:
            cursor.execute("VACUUM")  # the empty database starts with no free pages either
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _prototype_present(connection) -> bool:
    """bench.import_key_variants' table, when a prototype was set up in this database."""
    return PROTOTYPE_TABLE in connection.introspection.table_names()


def _county_officer():
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    user, _ = User.objects.get_or_create(username="bench-county", defaults={"role": Role.COUNTY_OFFICER,
                                                                           "area_id": COUNTY})
    return user


class _SqliteShare:
    """Thread CPU spent inside SQLite statements and commits of the default connection, and how long
    each of its write transactions held SQLite's write lock (from BEGIN IMMEDIATE to the end of COMMIT:
    what another user's save may wait for)."""

    def __init__(self):
        from django.db import connection

        self.seconds = 0.0
        self.holds: list[float] = []
        self.by_kind: dict[str, float] = {}  # "insert people_namekey", "checkpoint", "commit", ...
        self._began = None
        self.connection = connection
        connection.execute_wrappers.append(self._timed)
        commit, rollback = connection._commit, connection._rollback

        def timed_commit():
            started = time.thread_time()
            try:
                return commit()
            finally:
                spent = time.thread_time() - started
                self.seconds += spent
                self.by_kind["commit"] = self.by_kind.get("commit", 0.0) + spent
                self._held()

        def timed_rollback():
            try:
                return rollback()
            finally:
                self._held()
        connection._commit, connection._rollback = timed_commit, timed_rollback

    def _held(self) -> None:
        if self._began is not None:
            self.holds.append(time.perf_counter() - self._began)
            self._began = None

    def _timed(self, execute, sql, params, many, context):
        if sql.startswith("BEGIN"):
            begun = execute(sql, params, many, context)  # waiting for the lock is not holding it, nor CPU
            self._began = time.perf_counter()
            return begun
        started = time.thread_time()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.thread_time() - started
            self.seconds += spent
            kind = _statement_kind(sql)
            self.by_kind[kind] = self.by_kind.get(kind, 0.0) + spent


def _statement_kind(sql: str) -> str:
    """What a statement does, for the split of SQLite's CPU: inserts by table, checkpoints, the rest."""
    words = sql.split(None, 3)
    if "wal_checkpoint" in sql:
        return "checkpoint"
    if words[0].upper() == "INSERT" and len(words) > 2:
        return f"insert {words[2].strip(chr(34))}"
    return "other"


def _pin(pids: list[int], cores: int | None) -> None:
    everything = set(range(os.cpu_count() or 1))
    wanted = set(sorted(everything)[:cores]) if cores else everything
    for pid in pids:
        os.sched_setaffinity(pid, wanted)


def measure(args) -> dict:
    """One import in this process (run by main() in a fresh process); prints a JSON line."""
    _setup_django()
    from django.db import connection

    import guanai
    from guanai.accounts.scoping import scope_for
    from guanai.people.imports import people_import_file
    from guanai.people.models import CategorySpell, NameKey, Person

    _tables_reset(args.keep)
    user = _county_officer()
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    cores = args.cores[-1] if args.cores else None  # (--cores appends: the run passes one)
    _pin([os.getpid()] + ([backend] if backend else []), cores)
    share = _SqliteShare() if connection.vendor == "sqlite" else None
    load_before = _load()
    server_before = _proc_cpu(backend) if backend else 0.0
    children_before = _children_cpu()
    started, cpu, began = time.perf_counter(), time.process_time(), time.time()
    result, _table = people_import_file(actor=user, scope=scope_for(user), source=args.measure)
    wall, cpu, ended = time.perf_counter() - started, time.process_time() - cpu, time.time()
    children = _children_cpu() - children_before
    server = (_proc_cpu(backend) - server_before) if backend else 0.0
    if backend:
        _pin([backend], None)
    history = Person.history.filter(id__gt=args.keep).count()
    wal = Path(f"{connection.settings_dict['NAME']}-wal") if connection.vendor == "sqlite" else None
    out = {"tree": str(Path(guanai.__file__).parent.parent), "vendor": connection.vendor, "cores": cores,
           "keep": args.keep, "wall": wall, "began": began, "ended": ended,
           "parent_cpu": cpu, "child_cpu": children, "server_cpu": server,
           "sqlite_cpu": share.seconds if share else 0.0,
           "sqlite_by_kind": share.by_kind if share else {},
           "holds": {"n": len(share.holds), "max": max(share.holds, default=0.0),
                     "mean": sum(share.holds) / len(share.holds) if share.holds else 0.0} if share else None,
           "wal_bytes": wal.stat().st_size if wal and wal.exists() else 0,  # its largest extent: the log restarts
           "created": result.created, "updated": result.updated,
           "rejected": result.rejected, "rows": result.total, "load_before": load_before, "load_after": _load(),
           "name_keys": NameKey.objects.filter(person_id__gt=args.keep).count(),
           "spells": CategorySpell.objects.filter(person_id__gt=args.keep).count(), "history_rows": history}
    print(json.dumps(out), flush=True)
    return out


# --- the run (this tree) -------------------------------------------------------------------------------

def _databases() -> tuple[dict, dict]:
    """Environment overrides for the populated database and its empty twin."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return {"DATABASE_URL": url}, {"DATABASE_URL": f"{url.rstrip('/')}_empty"}
    data = os.environ.get("GUANAI_DATA_DIR") or str(Path(tempfile.gettempdir()) / "bench-import-cost")
    return {"GUANAI_DATA_DIR": data}, {"GUANAI_DATA_DIR": f"{data}-empty"}


def _prepare(populate: int, rows: int) -> Path:
    """Schema, areas, the empty twin, the populated people and the file; returns the file."""
    _setup_django()
    from django.db import connection

    from bench import search_people
    from bench.import_people import ensure_schema, make_file
    from guanai.people.models import Person

    ensure_schema()
    path = Path(tempfile.gettempdir()) / f"guanai-bench-people-{rows}.xlsx"
    if not path.exists():
        make_file(rows, path)
    _, empty = _databases()
    if connection.vendor == "postgresql":
        _empty_twin_postgresql(connection, empty["DATABASE_URL"])
    else:
        _empty_twin_sqlite(empty["GUANAI_DATA_DIR"])
    have = Person.objects.count()
    if _max_id() < populate:  # (the people the file holds were removed from the populated ones: count is less)
        if have:
            _tables_reset(0)
        print(f"# writing {populate:,} people on {connection.vendor} ...", file=sys.stderr, flush=True)
        seconds = search_people.generate(populate, seed=4)
        print(f"# written in {seconds:,.0f} s", file=sys.stderr, flush=True)
        _clashes_remove(path)
    return path


# The twin is migrated on every run, as the populated database is: a twin left at an older schema made
# the new code refuse every row (a column it reads was missing) and the run time nothing.
_MIGRATE = "import bench.import_people as b; b.setup_django(); b.ensure_schema()"


def _empty_twin_postgresql(connection, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    env = {**os.environ, "DATABASE_URL": url}
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if not exists:
        source = connection.settings_dict["NAME"]
        subprocess.run(["psql", "-h", connection.settings_dict["HOST"], "-U", connection.settings_dict["USER"],
                        "-d", "postgres", "-c", f'CREATE DATABASE "{name}"'], check=True, env=env)
        print(f"# created {name} (schema and areas from migrate; {source} untouched)", file=sys.stderr)
    subprocess.run([sys.executable, "-c", _MIGRATE], check=True, env=env, cwd=ROOT)


def _empty_twin_sqlite(directory: str) -> None:
    Path(directory).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GUANAI_DATA_DIR": directory}
    subprocess.run([sys.executable, "-c", _MIGRATE], check=True, env=env, cwd=ROOT)


def _clashes_remove(path: Path) -> None:
    """People of the populated database who are in the file would be updated, not created: remove them."""
    from django.db import connection

    from guanai.people import idcipher, idnumbers
    from guanai.people.models import Person
    from guanai.sheets.reading import read_sheet

    sheet = read_sheet(path)
    at = sheet.rows[0].index("身份证号")
    digests = [idcipher.digest(idnumbers.clean(str(row[at]))) for row in sheet.rows[1:] if row[at]]
    ids = []
    for start in range(0, len(digests), 5000):
        ids += Person.objects.filter(id_number_digest__in=digests[start:start + 5000]).values_list("id", flat=True)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM people_namekey WHERE person_id IN ({marks})", chunk)  # noqa: S608
            cursor.execute(f"DELETE FROM people_person WHERE id IN ({marks})", chunk)  # noqa: S608
    print(f"# removed {len(ids):,} populated people the file would match", file=sys.stderr)


def _max_id() -> int:
    from django.db.models import Max

    from guanai.people.models import Person

    return Person.objects.aggregate(top=Max("id"))["top"] or 0


def _run_one(tree: Path, env_db: dict, path: Path, *, keep: int, cores: int | None, probe: bool,
             probe_log: Path | None = None) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "GUANAI_DATA_DIR")}
    env.update(env_db, PYTHONPATH=str(tree))
    command = [sys.executable, str(HERE), "--measure", str(path), "--keep", str(keep)]
    if cores:
        command += ["--cores", str(cores)]
    prober = None
    if probe:
        prober = subprocess.Popen([sys.executable, str(HERE), "--probe"], env={**env, "PYTHONPATH": str(ROOT)},
                                  stdout=subprocess.PIPE, text=True, cwd=ROOT)
        prober.stdout.readline()  # "ready": its person and follow-up exist
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"measuring failed:\n{done.stderr[-4000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if prober is not None:
        prober.send_signal(signal.SIGTERM)
        saves = json.loads(prober.communicate(timeout=120)[0].strip().splitlines()[-1])
        during = [save for save in saves if out["began"] <= save["at"] <= out["ended"]]
        if probe_log:
            with open(probe_log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"tree": str(tree), "saves": during}) + "\n")
        slowest = max(during, key=lambda save: save["seconds"], default=None)
        out["probe"] = {"n": len(during), "max": slowest["seconds"] if slowest else 0.0,
                        "max_lock": slowest["lock"] if slowest else 0.0,
                        "max_commit": slowest["commit"] if slowest else 0.0,
                        "over_2s": sum(1 for save in during if save["seconds"] >= 2),
                        "lock_max": max((save["lock"] for save in during), default=0.0),
                        "commit_max": max((save["commit"] for save in during), default=0.0),
                        "failed": sum(1 for save in during if save["error"])}
    return out


def _line(label: str, r: dict, rows: int) -> str:
    total = r["parent_cpu"] + r["child_cpu"] + r["server_cpu"]
    per = 100_000 / rows
    db = r["server_cpu"] if r["vendor"] == "postgresql" else r["sqlite_cpu"]
    probe = ""
    if r.get("holds"):
        probe = (f"; write lock held {r['holds']['n']} times, longest {r['holds']['max']:.2f} s, "
                 f"mean {r['holds']['mean']:.2f} s; log file {r['wal_bytes'] / 2**20:,.0f} MiB")
    if "probe" in r:
        p = r["probe"]
        probe += (f"; {p['n']} visit saves during it: slowest {p['max']:.2f} s (waiting for the lock "
                  f"{p['max_lock']:.2f} s, commit {p['max_commit']:.2f} s), {p['over_2s']} of 2 s or more, "
                  f"longest lock wait {p['lock_max']:.2f} s, longest commit {p['commit_max']:.2f} s, "
                  f"{p['failed']} failed")
    return (f"| {label} | {r['cores'] or 'all'} | {r['wall']:.2f} s | {r['rows'] / r['wall']:,.0f} | "
            f"{r['parent_cpu']:.2f} | {r['child_cpu']:.2f} | {db:.2f} | **{total * per:.2f}** | "
            f"{r['created']:,} created, {r['name_keys']:,} keys, {r['spells']:,} spells, "
            f"{r['history_rows']:,} history | {r['load_before']} / {r['load_after']}{probe} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--populate", type=int, default=1_000_000)
    parser.add_argument("--old", type=Path, help="also time the code of this tree (PYTHONPATH), run for run")
    parser.add_argument("--old-label", default="old", help="what the table calls --old's runs")
    parser.add_argument("--cores", type=int, action="append",
                        help="pin to N cores (repeat; 0: all; default 1, 2 and all)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=("empty", "populated"))
    parser.add_argument("--probe-visits", action="store_true", help="SQLite: time visit saves during the import")
    parser.add_argument("--probe-log", type=Path, help="append each run's visit saves (JSON lines) to this file")
    parser.add_argument("--prepare-only", action="store_true", help="make the databases and the file, time nothing")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        measure(args)
        return 0
    if args.probe:
        from bench.import_cost_probe import probe_visits

        probe_visits()
        return 0
    path = _prepare(args.populate, args.rows)
    if args.prepare_only:
        return 0
    from django.db import connection

    keep = min(_max_id(), args.populate)  # generated people have ids 1..populate; above are earlier runs' imports
    vendor = connection.vendor
    connection.close()
    populated, empty = _databases()
    trees = [("new", ROOT)] + ([(args.old_label, args.old.resolve())] if args.old else [])
    cores = args.cores or _default_cores()
    now = datetime.datetime.now(datetime.UTC)
    print(f"# import_cost: {args.rows:,} rows into {vendor}; populated: {keep:,} people (max id); "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {now:%Y-%m-%d %H:%M} UTC")
    print("| code, tables | cores | wall | rows/s | CPU importer | CPU reader | CPU database | "
          "CPU per 100k, all | written | load before / after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    results: dict[tuple[str, int, str], list[dict]] = {}
    notes: list[str] = []
    for _ in range(args.repeat):
        for n in cores:
            for state, env_db, kept in (("empty", empty, 0), ("populated", populated, keep)):
                if args.only and state != args.only:
                    continue
                for label, tree in trees:
                    probe = args.probe_visits and state == "populated" and not n
                    result = _run_one(tree, env_db, path, keep=kept, cores=n, probe=probe, probe_log=args.probe_log)
                    results.setdefault((label, n, state), []).append(result)
                    print(_line(f"{label}, {state}", result, args.rows), flush=True)
                    if result.get("sqlite_by_kind"):
                        split = sorted(result["sqlite_by_kind"].items(), key=lambda item: -item[1])
                        notes.append(f"# SQLite's CPU, {label}, {state}: "
                                     + ", ".join(f"{kind} {seconds:.2f} s" for kind, seconds in split))
    for line in notes + _ratios(results):
        print(line)
    return 0


def _default_cores() -> list[int]:
    """1, 2 and all cores (issue 16: rows/s on each); 0 stands for all."""
    return [1, 2, 0] if (os.cpu_count() or 1) > 2 else [1, 0]


def _ratios(results: dict[tuple[str, int, str], list[dict]]) -> list[str]:
    """Populated vs empty (the issue's target: at most 1.3x in time), per code and cores, from the
    runs of this invocation (runs repeated: the best of each side). Only meaningful on a quiet machine:
    the load is printed with every run."""
    lines = []
    for (label, n, state), populated in sorted(results.items()):
        emptied = results.get((label, n, "empty"))
        if state != "populated" or not emptied:
            continue
        wall = min(r["wall"] for r in populated) / min(r["wall"] for r in emptied)
        cpu = (min(r["parent_cpu"] + r["child_cpu"] + r["server_cpu"] for r in populated)
               / min(r["parent_cpu"] + r["child_cpu"] + r["server_cpu"] for r in emptied))
        lines.append(f"# populated / empty, {label}, {n or 'all'} cores: wall {wall:.2f}x, CPU {cpu:.2f}x "
                     f"(target: wall <= 1.3x)")
    return lines


if __name__ == "__main__":
    if str(ROOT) not in sys.path:  # run as a script (the measuring process): guanai from PYTHONPATH first
        sys.path.append(str(ROOT))
    sys.exit(main())
