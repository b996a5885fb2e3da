"""Visit saves while an import runs: the other user of bench.import_cost --probe-visits (SQLite).

Started by bench.import_cost next to the measuring process, on the same database: records a home
visit for a person of 凤县 through `visits.services.visit_record` (the service the visit form calls)
every PAUSE seconds until told to stop (SIGTERM), then prints one JSON line: each save's start (wall
clock) and duration, and its error if it failed (SQLite gives up after the settings' 20 s timeout).
bench.import_cost keeps the saves that started while the import ran.

Each save's time is split three ways, to tell where a slow save waited:
- "lock": its BEGIN IMMEDIATE, i.e. waiting for SQLite's write lock (the importer's transaction);
- "commit": its COMMIT, which on SQLite also runs the automatic checkpoint (copying the write-ahead
  log into the database file and syncing it) whenever the log holds more than wal_autocheckpoint pages
  not yet copied, whoever wrote them;
- the rest: its own statements and Python.
"""

import json
import signal
import time

PAUSE = 0.2


class _Split:
    """Wall time of the default connection's BEGIN and COMMIT within one save."""

    def __init__(self, connection):
        self.lock = self.commit = 0.0
        connection.execute_wrappers.append(self._timed)
        commit = connection._commit

        def timed_commit():
            started = time.perf_counter()
            try:
                return commit()
            finally:
                self.commit += time.perf_counter() - started
        connection._commit = timed_commit

    def _timed(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if sql.startswith("BEGIN"):
                self.lock += time.perf_counter() - started

    def reset(self) -> None:
        self.lock = self.commit = 0.0


def probe_visits() -> None:
    from bench.import_cost import _county_officer, _setup_django

    _setup_django()
    from django.db import DatabaseError, connection
    from django.utils import timezone

    from guanai.accounts.scoping import scope_for
    from guanai.people.models import Person
    from guanai.visits.schemas import VisitIn
    from guanai.visits.services import visit_record

    def stop(signum, frame):  # SIGINT may be ignored in a background job's children: SIGTERM, handled
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    user = _county_officer()
    scope = scope_for(user)
    person = Person.objects.filter(area__pk__startswith="610330").order_by("id").first()
    connection.ensure_connection()
    split = _Split(connection)
    print("ready", flush=True)
    saves = []
    try:
        while True:
            started, wall = time.perf_counter(), time.time()
            error = ""
            split.reset()
            try:
                visit_record(actor=user, scope=scope, person=person,
                             data=VisitIn(method="home", visited_at=timezone.now(), notes="import_cost probe"))
            except DatabaseError as failed:
                error = str(failed)
                connection.close()
            saves.append({"at": wall, "seconds": time.perf_counter() - started, "lock": split.lock,
                          "commit": split.commit, "error": error})
            time.sleep(PAUSE)
    except KeyboardInterrupt:
        pass
    print(json.dumps(saves), flush=True)
