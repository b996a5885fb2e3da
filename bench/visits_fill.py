"""(helper, not a benchmark) PostgreSQL fills for the visits benchmarks: people, follow-ups and years
of visits written with INSERT ... SELECT generate_series, so tens of millions of rows take minutes.

Rows go straight into the tables (no services), with every NOT NULL column given a value derived
from the model's own field list, so a new field does not break the fill.
"""

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def require_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("These benchmarks measure PostgreSQL: set DATABASE_URL=postgres://...")


def ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load(directory=packaged_directory(), edition="2023")


def _default_sql(field) -> str:
    from django.db import models

    if field.name in ("created_at", "updated_at"):
        return "now()"
    if field.null:
        return "NULL"
    default = field.default if field.has_default() and not callable(field.default) else None
    if isinstance(field, models.BooleanField):
        return "true" if default else "false"
    if isinstance(field, models.CharField | models.TextField):
        return "'" + str(default or "").replace("'", "''") + "'"
    if isinstance(field, models.IntegerField | models.DecimalField):
        return str(default or 0)
    if isinstance(field, models.JSONField):
        return "'{}'::jsonb"
    raise ValueError(f"no bench default for {field.model.__name__}.{field.name}; give one")


def insert_select(model, *, source: str, values: dict[str, str]) -> str:
    """INSERT INTO model's table SELECT <values or defaults> FROM <source> (SQL text; trusted input)."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in values:
            continue
        columns.append(field.column)
        expressions.append(values.get(field.name, values.get(field.column)) or _default_sql(field))
    return (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {source}")


def execute(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def truncate() -> None:
    """Empty the people and visits tables (the bench database only)."""
    from guanai.people.models import Person
    from guanai.visits.models import FollowUp, VisitRecord

    tables = [VisitRecord._meta.db_table, FollowUp._meta.db_table, Person._meta.db_table]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def village_codes(prefix: str) -> list[str]:
    from guanai.areas.models import Area

    return list(Area.objects.filter(level="village", code__startswith=prefix).order_by("code")
                .values_list("code", flat=True))


def people_insert(*, count: int, villages: list[str], risk_sql: str, tag: str) -> int:
    """`count` people spread over `villages`; risk_sql is an SQL expression of g (1..count)."""
    from guanai.people.models import Person

    sql = insert_select(Person, source="generate_series(1, %(count)s) g", values={
        "area": "(%(villages)s::varchar[])[1 + g %% cardinality(%(villages)s::varchar[])]",
        "name": f"'{tag}' || g", "sex": "CASE WHEN g %% 2 = 0 THEN 'female' ELSE 'male' END",
        "birth_date": "DATE '1946-01-01' + (g %% 9000)", "risk_level": risk_sql})
    return execute(sql, {"count": count, "villages": villages})


FOLLOWUP_VALUES = {
    "person": "p.id", "area": "p.area_id", "risk_level": "p.risk_level",
    "target_group": "CASE WHEN p.id %% 5 < 2 THEN 'elder' WHEN p.id %% 5 < 4 THEN 'child' ELSE 'other' END",
    "worker": "NULL", "followed_since": "current_date - 1095",
    "last_visit_at": "now() - ((p.id %% 45) || ' days')::interval",
    "contact_due_on": "current_date + (p.id %% 60)::int - 20", "next_due_on": "current_date + (p.id %% 60)::int - 20",
    "due_reason": "'contact'",
}


def followups_insert(*, area_prefix: str) -> int:
    from guanai.people.models import Person
    from guanai.visits.models import FollowUp

    source = f"{Person._meta.db_table} p WHERE p.area_id LIKE %s AND p.risk_level <> ''"
    return execute(insert_select(FollowUp, source=source, values=FOLLOWUP_VALUES), [area_prefix + "%"])


def visits_insert(*, area_prefix: str, per_person_sql: str, days: int, visitor_id: int) -> int:
    """Visits for each followed person in the prefix: per_person_sql (of f.risk_level) visits spread
    evenly over the last `days` days, in the person's follow-up group."""
    from guanai.visits.models import FollowUp, VisitRecord

    source = (f"{FollowUp._meta.db_table} f CROSS JOIN LATERAL generate_series(1, {per_person_sql}) k "
              "WHERE f.area_id LIKE %s")
    day = f"((f.person_id * 7919 + k * {days} / ({per_person_sql})) %% {days})"
    at = f"now() - (({day} * 1440 + f.person_id %% 600) || ' minutes')::interval"
    values = {"person": "f.person_id", "area": "f.area_id", "visitor": str(visitor_id),
              "method": "CASE WHEN k %% 3 = 0 THEN 'home' ELSE 'phone' END", "visited_at": at,
              "visited_on": f"(({at}) AT TIME ZONE 'Asia/Shanghai')::date", "target_group": "f.target_group",
              "risk_level": "f.risk_level", "health": "'good'", "mental_state": "'good'", "version": "1",
              "is_current": "true"}
    return execute(insert_select(VisitRecord, source=source, values=values), [area_prefix + "%"])
