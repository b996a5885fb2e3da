"""County package of 100,000 people and 1,000,000 visits written and applied (issue 15: < 60 s each);
the incremental package after 1,000 changes (< 2 s).

    .venv/bin/python -m bench.upstream_packages --people 100000 --visits 1000000

Runs on a SQLite file of its own under $GUANAI_DATA_DIR (default /tmp/guanai-bench-upstream), or
PostgreSQL with DATABASE_URL. People (with a category spell each, a real SM4 cipher and SM3 digest of
a valid ID number) and visits are bulk-inserted into 凤县's villages, bypassing the services. Then, in
one database, 凤县 (610330) packs for 宝鸡市 (6103), which checks and applies the package; the ack
goes back; 1,000 people change; the incremental package is written and applied.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

BATCH = 20_000


def setup_django(name: str) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("GUANAI_DATA_DIR", str(Path(tempfile.gettempdir()) / name))
        Path(os.environ["GUANAI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.filter(pk="610330100007").exists():
        areas_load(directory=packaged_directory(), edition="2023")


def villages(prefix: str) -> list[str]:
    from guanai.areas.models import Area

    return list(Area.objects.filter(level="village", code__startswith=prefix).values_list("code", flat=True))


def id_number(index: int, born: datetime.date, county: str = "610330") -> str:
    from guanai.people import idnumbers

    return idnumbers.with_check_character(f"{county}{born:%Y%m%d}{index % 1000:03d}")


def people_fill(n: int, *, seed: int, encrypt: bool = True, start: int = 0) -> list[int]:
    """n people in 凤县 with unique valid ID numbers; returns their ids."""
    from django.db import connection, transaction
    from django.utils import timezone

    from guanai.people import idcipher, idnumbers
    from guanai.people.models import Person
    from guanai.sheets.bulkrows import InsertColumns, ids_reserve, lists_insert

    rng, codes, now = random.Random(seed), villages("610330"), timezone.now()
    columns = InsertColumns(Person)
    made = []
    with transaction.atomic():
        ids = ids_reserve(Person, n)
        rows = []
        for offset, pk in enumerate(ids):
            index = start + offset
            born = datetime.date(1930, 1, 1) + datetime.timedelta(days=index // 1000)
            number = id_number(index, born)
            values = {"id": pk, "area_id": rng.choice(codes), "name": f"对象{index}",
                      "sex": "male" if index % 2 else "female",
                      "birth_date": born, "hukou_type": "rural", "id_number_digest": idcipher.digest(number),
                      "id_number_masked": idnumbers.mask(number), "risk_level": "medium",
                      "id_number_cipher": idcipher.encrypt(number) if encrypt else None,
                      "created_at": now, "updated_at": now}
            rows.append(columns.row(values))
            made.append(pk)
            if len(rows) == BATCH:
                lists_insert(Person, columns.attnames, rows)
                rows = []
        lists_insert(Person, columns.attnames, rows)
    connection.close()
    return made


def spells_fill(person_ids: list[int]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from guanai.people.models import CategorySpell, Person
    from guanai.sheets.bulkrows import InsertColumns, lists_insert

    columns, now = InsertColumns(CategorySpell, with_pk=False), timezone.now()
    with transaction.atomic():
        for start in range(0, len(person_ids), BATCH):
            batch = person_ids[start:start + BATCH]
            areas = dict(Person.objects.filter(pk__in=batch).values_list("pk", "area_id"))
            lists_insert(CategorySpell, columns.attnames, [columns.row({
                "person_id": pk, "area_id": areas[pk], "category": "left_behind_elder",
                "started_on": datetime.date(2024, 1, 1), "reason": "bench", "source": "rule", "created_at": now,
                "updated_at": now}) for pk in batch])


def visits_fill(person_ids: list[int], n: int, *, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from guanai.accounts.models import User
    from guanai.people.models import Person
    from guanai.sheets.bulkrows import InsertColumns, lists_insert
    from guanai.visits.models import VisitRecord

    rng, now = random.Random(seed), timezone.now()
    visitor, _ = User.objects.get_or_create(username="bench-visitor", defaults={"role": "county_officer",
                                                                                 "area_id": "610330"})
    area_of = dict(Person.objects.values_list("pk", "area_id"))
    columns = InsertColumns(VisitRecord, with_pk=False)
    with transaction.atomic():
        rows = []
        for index in range(n):
            pk = person_ids[index % len(person_ids)]
            at = now - datetime.timedelta(days=rng.randrange(1, 1000), minutes=rng.randrange(600))
            rows.append(columns.row({"person_id": pk, "area_id": area_of[pk], "visitor_id": visitor.pk,
                                     "method": "home",
                                     "visited_at": at, "visited_on": at.date(), "target_group": "elder",
                                     "risk_level": "medium", "health": "good", "mental_state": "good", "version": 1,
                                     "is_current": True, "created_at": now, "updated_at": now}))
            if len(rows) == BATCH:
                lists_insert(VisitRecord, columns.attnames, rows)
                rows = []
        lists_insert(VisitRecord, columns.attnames, rows)


def nodes_make():
    from guanai.upstream import sealing, services

    made = {}
    for code, name, parent in [("61", "陕西省", None), ("6103", "宝鸡市", "61"), ("610330", "凤县", "6103")]:
        node = services.node_register(actor=None, code=code, name=name, parent_code=parent)
        pair = sealing.keypair_generate()
        services.key_register(actor=None, node=node, sign_public=pair.sign_public, seal_public=pair.seal_public)
        made[code] = (node, pair)
    return made


def timed(label: str, call):
    """Wall time, and this process's CPU time beside it: on the shared 2-core machine (load 15-25) the
    wall time is mostly waiting for a core; SQLite runs in-process, so CPU time is the work itself."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:8.1f} s wall {time.process_time() - cpu:8.1f} s CPU", flush=True)
    return elapsed, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    setup_django("guanai-bench-upstream")
    from django.db import connection
    from django.utils import timezone

    from guanai.people.models import Person
    from guanai.upstream import services
    from guanai.upstream.models import OutgoingPackage, ReceivedRecord

    ensure_schema()
    print(f"{connection.vendor} {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
          f"{args.people:,} people, {args.visits:,} visits", flush=True)
    if Person.objects.count() != args.people:
        Person.objects.all().delete() if Person.objects.exists() else None
        ids = timed("fill people", lambda: people_fill(args.people, seed=args.seed))[1]
        timed("fill spells", lambda: spells_fill(ids))
        timed("fill visits", lambda: visits_fill(ids, args.visits, seed=args.seed))
    ReceivedRecord.objects.all().delete()
    OutgoingPackage.objects.all().delete()
    nodes = nodes_make()
    (county, county_pair), (prefecture, prefecture_pair) = nodes["610330"], nodes["6103"]
    folder = Path(os.environ.get("GUANAI_DATA_DIR", tempfile.gettempdir()))
    full = folder / "full.zip"
    full.unlink(missing_ok=True)
    write, package = timed("full package written", lambda: services.package_pack(
        actor=None, local=county, pair=county_pair, to=prefecture, path=full, full=True))
    print(f"  {package.counts}, {full.stat().st_size / 1e6:.1f} MB", flush=True)
    apply, result = timed("full package checked and applied", lambda: services.package_apply(
        actor=None, local=prefecture, pair=prefecture_pair, path=full))
    assert not result.refused, result.reason
    print(f"  {result.counts}", flush=True)
    services.package_apply(actor=None, local=county, pair=county_pair, path=result.ack)
    changed = list(Person.objects.order_by("?").values_list("pk", flat=True)[:args.changes])
    Person.objects.filter(pk__in=changed).update(updated_at=timezone.now(), phone="13800000000")
    incremental = folder / "incremental.zip"
    incremental.unlink(missing_ok=True)
    inc_write, package = timed(f"incremental package ({args.changes} changes) written", lambda: services.package_pack(
        actor=None, local=county, pair=county_pair, to=prefecture, path=incremental))
    inc_apply, result = timed("incremental package applied", lambda: services.package_apply(
        actor=None, local=prefecture, pair=prefecture_pair, path=incremental))
    print(f"  {package.counts} -> {result.counts}", flush=True)
    ok = write < 60 and apply < 60 and inc_write < 2
    print(f"load after: {os.getloadavg()[0]:.1f}; targets {'met' if ok else 'NOT met'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
