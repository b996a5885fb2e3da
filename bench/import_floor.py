"""The database's own share of a people import: the floor under bench.import_people.

Run it after `bench.import_people` on the same database; it copies the rows that import wrote
(people, their history, name keys and spells) into empty twins of those tables, made with the same
indexes, and times the inserts and the commit alone: no reading, validating, encrypting or rules.

    GUANAI_DATA_DIR=/tmp/guanai-bench-import .venv/bin/python -m bench.import_floor
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guanai_bench .venv/bin/python -m bench.import_floor

SQLite: executemany of 5,000 rows at a time in one transaction (as the import's bulkrows does), on a
plain sqlite3 connection so that values go in as stored (Django's connection would turn dates and
times into Python objects on the way out and back, which the import never does).
PostgreSQL: COPY of 5,000 rows at a time (as bulkrows does), the server on the same machine.
"""

import re
import time

from bench.import_people import setup_django

TABLES = ("people_person", "people_historicalperson", "people_namekey", "people_categoryspell")
BATCH = 5000


def _header(vendor: str) -> None:
    print(f"# import floor ({vendor}); run after bench.import_people on this database")
    print("| table | rows | b-trees | insert | commit |")
    print("| --- | ---: | ---: | ---: | ---: |")


def _row(table: str, rows: int, trees: int, insert: float, commit: float) -> None:
    print(f"| {table} | {rows:,} | {trees} | {insert:.2f} s | {commit:.2f} s |")


def twin_sqlite(db, table: str) -> int:
    create = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    db.execute(f'DROP TABLE IF EXISTS "floor_{table}"')
    db.execute(create.replace(f'"{table}"', f'"floor_{table}"', 1))
    for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type = 'index' "
                             "AND sql IS NOT NULL", [table]).fetchall():
        db.execute(re.sub(rf'INDEX "([^"]+)" ON "{table}"', rf'INDEX "floor_\1" ON "floor_{table}"', sql))
    count = db.execute("SELECT count(*) FROM sqlite_master WHERE tbl_name = ? AND type = 'index'",
                       [f"floor_{table}"]).fetchone()[0]
    return count + 1  # and the table's own b-tree (rowid)


def twin_postgresql(cursor, table: str) -> int:
    cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
    cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS INCLUDING INDEXES "
                   "INCLUDING CONSTRAINTS)")
    cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = %s", [f"floor_{table}"])
    return cursor.fetchone()[0]


def main() -> None:
    setup_django()
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        plain = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        plain.execute("PRAGMA journal_mode = WAL")
        plain.execute("PRAGMA synchronous = NORMAL")
        sqlite_floor(plain)
        return
    postgresql_floor(connection)


def sqlite_floor(db) -> None:
    _header("sqlite")
    db.execute("PRAGMA cache_size = -131072")  # as bulkrows.bulk_cache during an import
    total = 0.0
    for table in TABLES:
        trees = twin_sqlite(db, table)
        rows = db.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 - the names above
        marks = ", ".join(["?"] * len(rows[0]))
        started = time.perf_counter()
        db.execute("BEGIN")
        for start in range(0, len(rows), BATCH):
            db.executemany(f'INSERT INTO "floor_{table}" VALUES ({marks})', rows[start:start + BATCH])  # noqa: S608
        inserted = time.perf_counter()
        db.execute("COMMIT")
        done = time.perf_counter()
        total += done - started
        _row(table, len(rows), trees, inserted - started, done - inserted)
        db.execute(f'DROP TABLE "floor_{table}"')
    print(f"| **all** | | | **{total:.2f} s** | |")


def postgresql_floor(connection) -> None:
    raw = connection.cursor
    _header("postgresql")
    total = 0.0
    for table in TABLES:
        with raw() as cursor:
            trees = twin_postgresql(cursor, table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the names above
            rows = cursor.fetchall()
        with raw() as cursor:
            cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        connection.set_autocommit(False)
        with raw() as cursor:
            for start in range(0, len(rows), BATCH):
                with cursor.cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                    for row in rows[start:start + BATCH]:
                        copy.write_row(row)
        inserted = time.perf_counter()
        connection.commit()
        connection.set_autocommit(True)
        done = time.perf_counter()
        total += done - started
        _row(table, len(rows), trees, inserted - started, done - inserted)
        with raw() as cursor:
            cursor.execute(f'DROP TABLE "floor_{table}"')
    print(f"| **all** | | | **{total:.2f} s** | |")


if __name__ == "__main__":
    main()
