"""Recompute categories for 100,000 people: seconds of spells.categories_recompute (the demo needs
the whole registry derived in well under a minute on SQLite).

Run on a database of its own (it fills the people tables), e.g.

    GUANAI_DATA_DIR=/tmp/bench-recompute .venv/bin/python -m bench.recompute_categories
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_recompute .venv/bin/python -m bench.recompute_categories

People come in families spread over every village of the packaged tree: children with both parents
working away (left_behind_child), children with one parent dead and one imprisoned (de_facto_orphan),
rural elderly whose two children live out of the province (left_behind_elder), elderly living
alone, and other adults; written with bulk_create, bypassing the services. Three timed runs: the
first derivation (opens every spell), a run with no change, and a run after a tenth of the migrant
parents came home (closes spells with their reason).
"""

import argparse
import datetime
import os
import random
import time


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def _ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load(directory=packaged_directory(), edition="2023")


def _fill(total: int, rng: random.Random) -> None:
    from guanai.areas.models import Area, Level
    from guanai.people.models import CategorySpell, Person, Relationship

    CategorySpell.objects.all().delete()
    Person.objects.update(risk_level="")
    if Person.objects.count() >= total:  # a second run reuses the people (deleting 100,000 is slow)
        return
    Relationship.objects.all().delete()
    Person.objects.all().delete()
    villages = list(Area.objects.filter(level=Level.VILLAGE).values_list("code", flat=True))
    people, links = [], []

    def person(**facts):
        people.append(Person(area_id=village, name=f"测试{len(people)}", **facts))
        return len(people) - 1

    def born(low, high):
        return datetime.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))

    while len(people) < total:
        village, kind = rng.choice(villages), rng.random()
        if kind < 0.3:
            kid = person(birth_date=born(2010, 2024), hukou_type="rural", living_arrangement="with_grandparents")
            for sex in ("male", "female"):
                links.append((kid, person(sex=sex, birth_date=born(1980, 1995), is_migrant_worker=True,
                                          away_scope="out_of_province", away_since=born(2018, 2025))))
        elif kind < 0.35:
            kid = person(birth_date=born(2010, 2024), hukou_type="rural", dibao=True)
            links.append((kid, person(sex="male", birth_date=born(1980, 1995), custody_type="imprisoned",
                                      custody_since=born(2023, 2025), custody_term_months=60)))
            links.append((kid, person(sex="female", birth_date=born(1980, 1995), died_on=born(2019, 2024))))
        elif kind < 0.6:
            old = person(birth_date=born(1936, 1965), hukou_type="rural", living_arrangement="with_spouse")
            for _ in range(2):
                links.append((person(birth_date=born(1960, 1990), away_scope="out_of_province",
                                     away_since=born(2015, 2025)), old))
        elif kind < 0.75:
            person(birth_date=born(1930, 1966), hukou_type=rng.choice(("rural", "urban")), living_arrangement="alone",
                   care_need=rng.choice(("", "", "partial", "full")))
        else:
            person(birth_date=born(1966, 2000), hukou_type="rural")
    Person.objects.bulk_create(people, batch_size=2000)
    Relationship.objects.bulk_create(
        [Relationship(person_id=people[a].pk, relative_id=people[b].pk, kind="parent") for a, b in links],
        batch_size=2000)


def _timed(label: str, **kwargs) -> None:
    from guanai.people.spells import categories_recompute

    started, cpu = time.perf_counter(), time.process_time()
    result = categories_recompute(**kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<24} {seconds:6.2f} s wall {cpu:6.2f} s CPU {result.people / seconds:8,.0f} people/s  "
          f"opened {result.opened:,}  closed {result.closed:,}  risk changed {result.risk_changed:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from guanai.people.models import Person

    _ensure_schema()
    rng = random.Random(4)  # noqa: S311  (test data)
    started = time.perf_counter()
    _fill(args.people, rng)
    ids = list(Person.objects.values_list("id", flat=True))
    print(f"{connection.vendor}: {len(ids):,} people ready in {time.perf_counter() - started:.1f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    on = datetime.date(2026, 11, 23)
    _timed("first derivation", person_ids=ids, on=on)
    _timed("no change", person_ids=ids, on=on)
    home = list(Person.objects.filter(is_migrant_worker=True).values_list("id", flat=True)[::10])
    Person.objects.filter(id__in=home).update(is_migrant_worker=False, away_scope="")
    _timed("a tenth of parents home", person_ids=ids, on=on + datetime.timedelta(days=1))


if __name__ == "__main__":
    main()
