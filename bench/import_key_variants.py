"""Prototypes of storing a person's name keys, to time the import with each (issue 16, part 4).

Today every pinyin reading and the given name are one NameKey row each (4.6 a person) in three
b-trees. The proposal left by the earlier rounds was one row per person holding every key, searched
through a text index. Before building that into the search, this measures what the import would pay
for it, with bench.import_cost, against the same populated and empty databases:

    # once per database: the prototype's table, filled from the populated database's name keys
    GUANAI_DATA_DIR=/tmp/g16i-cost .venv/bin/python -m bench.import_key_variants --setup trigram
    # a tree of this commit whose import writes the prototype instead of NameKey rows
    .venv/bin/python -m bench.import_key_variants --tree /tmp/keys-trigram --variant trigram
    GUANAI_DATA_DIR=/tmp/g16i-cost .venv/bin/python -m bench.import_cost --cores 0 \
        --old /tmp/keys-trigram --old-label trigram

The variants (the table is people_namesearch; bench.import_cost puts it back before every run):
- none: no keys written at all. What no way of storing them can beat: the ceiling of the proposal.
- trigram: one row per person, its keys in one text column, each behind a "^" so that a two-letter
  prefix is a trigram ("^zs"); SQLite: an FTS5 table with the trigram tokenizer (detail=none, LIKE
  checks the text), PostgreSQL: a table (person, area, keys) with a GIN pg_trgm index on the keys.
- prefix: one row per person, its keys as the words of a text index with prefixes indexed; SQLite:
  FTS5 unicode61 with prefix='2 3' (detail=none), PostgreSQL: a tsvector of the keys (built from the
  array, no parsing) with a GIN index, which answers 'zh':* by partial match.

Only the write is prototyped: none of these is read by the search here. The trees are throwaway;
nothing of them is landed.
"""

import argparse
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = "people_namesearch"
VARIANTS = ("none", "trigram", "prefix")

# The statement of people/imports.py that the variant replaces (checked: the tree refuses to build
# when the code it patches has moved on).
_NAMEKEY_INSERT = """\
        lists_insert(NameKey, ("person_id", "area_id", "key"), [(valid.new_row[at_id], valid.new_row[at_area], key)
                                                                for valid in creates for key in valid.name_keys],
                     binary=True)
"""
_VARIANT_CALL = """\
        from guanai.people import key_variant

        key_variant.write([(valid.new_row[at_id], valid.new_row[at_area], valid.name_keys) for valid in creates])
"""

_WRITER = '''"""Prototype {variant!r} of bench.import_key_variants: where the import's name keys go."""

from django.db import connection

VARIANT = {variant!r}


def write(people):
    """people: (person id, area code, [keys]) of the people a chunk creates."""
    if VARIANT == "none" or not people:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany("INSERT INTO {table} (rowid, keys) VALUES (%s, %s)",
                               [(pk, " ".join("^" + key for key in keys)) for pk, _area, keys in people])
        elif VARIANT == "trigram":
            with cursor.cursor.copy("COPY {table} (person_id, area_id, keys) FROM STDIN") as copy:
                for pk, area, keys in people:
                    copy.write_row((pk, area, " ".join("^" + key for key in keys)))
        else:
            with cursor.cursor.copy("COPY {table} (person_id, area_id, keys) FROM STDIN") as copy:
                for pk, area, keys in people:
                    # tsvector's text form: each key a quoted lexeme (keys hold letters, digits, Han)
                    copy.write_row((pk, area, " ".join("'" + key + "'" for key in keys)))
'''


def tree_make(directory: Path, variant: str) -> None:
    """This commit's tree in `directory`, its import writing `variant` instead of NameKey rows."""
    directory.mkdir(parents=True, exist_ok=False)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(directory, filter="data")
    imports = directory / "guanai/people/imports.py"
    source = imports.read_text(encoding="utf-8")
    if source.count(_NAMEKEY_INSERT) != 1:
        raise SystemExit("people/imports.py no longer writes NameKey rows as this prototype expects")
    imports.write_text(source.replace(_NAMEKEY_INSERT, _VARIANT_CALL), encoding="utf-8")
    (directory / "guanai/people/key_variant.py").write_text(_WRITER.format(variant=variant, table=TABLE),
                                                             encoding="utf-8")
    print(f"# {directory}: HEAD with the import writing name keys as {variant!r}")


def _ddl(vendor: str, variant: str) -> list[str]:
    if vendor == "sqlite":
        tokenizer = "tokenize='trigram'" if variant == "trigram" else "tokenize='unicode61', prefix='2 3'"
        return [f"CREATE VIRTUAL TABLE {TABLE} USING fts5(keys, {tokenizer}, detail=none)"]
    column = "text" if variant == "trigram" else "tsvector"
    opclass = " gin_trgm_ops" if variant == "trigram" else ""
    return (["CREATE EXTENSION IF NOT EXISTS pg_trgm"] if variant == "trigram" else []) + [
        f"CREATE TABLE {TABLE} (person_id integer PRIMARY KEY, area_id varchar(12) NOT NULL, keys {column})",
        f"CREATE INDEX {TABLE}_keys ON {TABLE} USING gin (keys{opclass})"]


def _fill(vendor: str, variant: str) -> str:
    if vendor == "sqlite":
        return (f"INSERT INTO {TABLE} (rowid, keys) SELECT person_id, group_concat('^' || key, ' ') "
                "FROM people_namekey GROUP BY person_id")
    keys = "string_agg('^' || key, ' ')" if variant == "trigram" else "array_to_tsvector(array_agg(key))"
    return (f"INSERT INTO {TABLE} (person_id, area_id, keys) SELECT person_id, min(area_id), {keys} "  # noqa: S608
            "FROM people_namekey GROUP BY person_id")


def setup(variant: str) -> None:
    """The prototype's table in the database the environment names and in its empty twin, the first
    filled from its NameKey rows (a populated database holds the keys of its people in both forms)."""
    from bench.import_cost import _databases

    for env_db in _databases():
        env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "GUANAI_DATA_DIR")}
        subprocess.run([sys.executable, "-m", "bench.import_key_variants", "--setup-here", variant],
                       env={**env, **env_db}, cwd=ROOT, check=True)


def _setup_here(variant: str) -> None:
    from bench.import_cost import _setup_django

    _setup_django()
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        for statement in _ddl(connection.vendor, variant):
            cursor.execute(statement)
        cursor.execute(_fill(connection.vendor, variant))
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
        print(f"# {connection.settings_dict['NAME']}: {TABLE} as {variant!r}, {cursor.fetchone()[0]:,} people")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TABLE}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", choices=VARIANTS[1:], help="the prototype's table in both databases")
    parser.add_argument("--setup-here", choices=VARIANTS[1:], help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help="make a tree of HEAD whose import writes --variant")
    parser.add_argument("--variant", choices=VARIANTS)
    args = parser.parse_args(argv)
    if args.setup_here:
        _setup_here(args.setup_here)
    elif args.setup:
        setup(args.setup)
    elif args.tree and args.variant:
        tree_make(args.tree, args.variant)
    else:
        parser.error("--setup VARIANT, or --tree DIR --variant VARIANT")
    return 0


if __name__ == "__main__":
    sys.exit(main())
