"""Search among 1,000,000 people: p50/p95 of selectors.person_search (issue 4: p95 < 50 ms).

Run on a database of its own (it fills the people tables), e.g.

    GUANAI_DATA_DIR=/tmp/bench-search .venv/bin/python -m bench.search_people
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guanai_bench_search .venv/bin/python -m bench.search_people

People are spread over every village of the packaged division tree (凤县 and 红河州) and written
directly with bulk inserts (executemany on SQLite, COPY on PostgreSQL), with their NameKeys from
pinyin.name_keys and a real SM3 digest and SM4 cipher of a valid ID number. They bypass the services
(no history rows, no events, no category spells), which the search does not read. A second run on
the same database reuses the rows when the count matches.

Queries run as a county officer's scope (the county with the most people): pinyin initials and
full pinyin of a person of that county (a prefix of 2-4 letters too), and an exact ID number.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from itertools import islice

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
            "武戴莫孔向汤单解查仇普李杨罗")
GIVEN = ("明华平国建军伟芳秀英玉兰桂珍丽红梅娟霞燕丹萍艳杰涛斌刚勇强磊洋鹏辉敏静婷雪琳颖佳欣怡"
         "子梓浩宇轩然博文晨阳思雨嘉乐天佑一诺安宁志成海波永福春花秋菊德顺金凤翠云长发")
NAME_POOL = 60_000
BATCH = 20_000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def _names(rng: random.Random) -> list[str]:
    names = set()
    while len(names) < NAME_POOL:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        names.add(rng.choice(SURNAMES) + given)
    return sorted(names)


def _villages() -> list[str]:
    from guanai.areas.models import Area, Level

    return list(Area.objects.filter(level=Level.VILLAGE, ended_on__isnull=True).values_list("code", flat=True))


def _ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load(directory=packaged_directory(), edition="2023")


def _person_columns():
    from guanai.people.models import Person

    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    return Person._meta.db_table, ["id"] + [f.column for f in fields], fields


def _id_number(rng: random.Random, county: str, born: datetime.date, used: set[str]) -> str:
    from guanai.people import idnumbers

    while True:
        first17 = f"{county}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = idnumbers.with_check_character(first17)
        if number not in used:
            used.add(number)
            return number


def _rows(n: int, seed: int, start_id: int):
    """(person row, name key rows) per person, deterministic for a seed."""
    from django.utils import timezone

    from guanai.people import idcipher, idnumbers
    from guanai.people.pinyin import name_keys

    rng = random.Random(seed)
    villages = _villages()
    names = _names(rng)
    keys = {}
    _table, _columns, fields = _person_columns()
    now = timezone.now()
    today = datetime.date(2026, 11, 23)
    used: set[str] = set()
    template = [None] + [f.get_default() for f in fields]
    slot = {f.attname: i + 1 for i, f in enumerate(fields)}
    for i in range(n):
        pk = start_id + i
        area = rng.choice(villages)
        name = rng.choice(names)
        born = today - datetime.timedelta(days=rng.randrange(0, 95 * 365))
        number = _id_number(rng, area[:6], born, used)
        values = {"area_id": area, "name": name, "id_number_cipher": idcipher.encrypt(number),
                  "id_number_digest": idcipher.digest(number), "id_number_masked": idnumbers.mask(number),
                  "sex": "male" if int(number[16]) % 2 else "female", "birth_date": born,
                  "phone": f"1{rng.randrange(30, 99)}{rng.randrange(10**8):08d}",
                  "created_at": now, "updated_at": now}
        row = template.copy()
        row[0] = pk
        for attname, value in values.items():
            row[slot[attname]] = value
        if name not in keys:
            keys[name] = name_keys(name)
        yield row, [(pk, area, key) for key in keys[name]]


def generate(n: int, seed: int) -> float:
    """Insert n people and their name keys; return seconds taken."""
    from django.db import connection, transaction

    table, columns, _fields = _person_columns()
    started = time.perf_counter()
    if connection.vendor == "sqlite":  # random digests and keys hit every index page: keep them in memory
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1048576")
    rows = _rows(n, seed, start_id=1)
    done = 0
    while True:
        chunk = list(islice(rows, BATCH))
        if not chunk:
            break
        people = [row for row, _keys in chunk]
        keys = [k for _row, ks in chunk for k in ks]
        with transaction.atomic():
            _insert(connection, table, columns, people)
            _insert(connection, "people_namekey", ["person_id", "area_id", "key"], keys)
        done += len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"\r  {done:,} people written ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cursor.execute(f"ANALYZE {table}")
            cursor.execute("ANALYZE people_namekey")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _insert(connection, table: str, columns: list[str], rows: list[list]) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def _queries(county: str, per_kind: int, seed: int) -> dict[str, list[str]]:
    """Search texts drawn from people of the county: initials, full pinyin, prefixes, ID numbers."""
    from guanai.people.models import NameKey, Person

    rng = random.Random(seed + 1)
    people = list(Person.objects.filter(area__pk__startswith=county).order_by("?")
                  .values_list("id", "birth_date", "area_id")[:per_kind])
    keys = {}
    for person_id, key in NameKey.objects.filter(person_id__in=[p[0] for p in people]).values_list("person_id", "key"):
        if key.isalpha():  # pinyin keys (not a given name's: pinyin.GIVEN_MARK)
            keys.setdefault(person_id, []).append(key)
    initials = [min(ks, key=len) for ks in keys.values()]
    full = [max(ks, key=len) for ks in keys.values()]
    numbers = _numbers_of([p[0] for p in people])
    return {
        "pinyin initials (e.g. zxm)": initials,
        "full pinyin (e.g. zhangxiaoming)": full,
        "pinyin prefix, 2-4 letters": [k[: rng.randint(2, 4)] for k in full],
        "ID number (exact, digest)": numbers,
    }


def _numbers_of(person_ids: list[int]) -> list[str]:
    from guanai.people import idcipher
    from guanai.people.models import Person

    blobs = Person.objects.filter(pk__in=person_ids).values_list("id_number_cipher", flat=True)
    return [idcipher.decrypt(blob) for blob in blobs if blob]


def measure(scope_code: str, per_kind: int, seed: int, limit: int) -> dict[str, dict[str, float]]:
    from django.db import connection, reset_queries

    from guanai.accounts.scoping import Scope
    from guanai.people.selectors import person_search

    scope = Scope(scope_code)
    results = {}
    for kind, texts in _queries(scope_code, per_kind, seed).items():
        for text in texts[:10]:  # warm the caches (a real server has them warm)
            person_search(scope=scope, q=text, limit=limit)
        timings, found = [], 0
        for text in texts:
            started = time.perf_counter()
            hits = person_search(scope=scope, q=text, limit=limit)
            timings.append((time.perf_counter() - started) * 1000)
            found += len(hits)
            reset_queries()
        timings.sort()
        results[kind] = {"n": len(timings), "p50": statistics.median(timings),
                         "p95": timings[int(len(timings) * 0.95) - 1], "max": timings[-1],
                         "mean_hits": found / len(timings)}
    connection.close()
    return results


def _busiest_county() -> tuple[str, int]:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from guanai.people.models import Person

    row = (Person.objects.annotate(county=Substr("area_id", 1, 6)).values("county")
           .annotate(n=Count("id")).order_by("-n").first())
    return row["county"], row["n"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    parser.add_argument("--limit", type=int, default=50, help="person_search limit")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection

    from guanai.people.models import NameKey, Person

    _ensure_schema()
    existing = Person.objects.count()
    generation = None
    if existing != args.people:
        if existing:
            print(f"The database holds {existing:,} people, not {args.people:,}: use an empty database.",
                  file=sys.stderr)
            return 2
        print(f"Writing {args.people:,} people on {connection.vendor} ...", file=sys.stderr)
        generation = generate(args.people, args.seed)
    county, in_county = _busiest_county()
    results = measure(county, args.queries, args.seed, args.limit)
    print(f"## person_search among {args.people:,} people ({connection.vendor})\n")
    print(f"- date: {datetime.date.today():%Y-%m-%d}; machine: {os.cpu_count()} cores, "  # noqa: DTZ011
          f"{platform.machine()}, Python {platform.python_version()}, {_db_version(connection)}")
    print(f"- rows: {args.people:,} people, {NameKey.objects.count():,} name keys; scope: county {county} "
          f"({in_county:,} people); limit {args.limit}")
    if generation is not None:
        print(f"- generation (bulk insert, keys, cipher, digest): {generation:,.0f} s "
              f"({args.people / generation:,.0f} people/s)")
    print("\n| query | n | p50 ms | p95 ms | max ms | hits (mean) |\n| --- | --- | --- | --- | --- | --- |")
    for kind, r in results.items():
        print(f"| {kind} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | {r['mean_hits']:.1f} |")
    return 0


def _db_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


if __name__ == "__main__":
    sys.exit(main())
