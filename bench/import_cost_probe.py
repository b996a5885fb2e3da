"""Visit saves while an import runs: the other user of bench.import_cost --probe-visits (SQLite).

Started by bench.import_cost next to the measuring process, on the same database: records a home
visit for a person of 凤县 through `visits.services.visit_record` (the service the visit form calls)
every PAUSE seconds until told to stop (SIGTERM), then prints one JSON line: each save's start (wall
clock) and duration, and its error if it failed (SQLite gives up after the settings' 20 s timeout).
bench.import_cost keeps the saves that started while the import ran.
"""

import json
import signal
import time

PAUSE = 0.2


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
    print("ready", flush=True)
    saves = []
    try:
        while True:
            started, wall = time.perf_counter(), time.time()
            error = ""
            try:
                visit_record(actor=user, scope=scope, person=person,
                             data=VisitIn(method="home", visited_at=timezone.now(), notes="import_cost probe"))
            except DatabaseError as failed:
                error = str(failed)
                connection.close()
            saves.append({"at": wall, "seconds": time.perf_counter() - started, "error": error})
            time.sleep(PAUSE)
    except KeyboardInterrupt:
        pass
    print(json.dumps(saves), flush=True)
