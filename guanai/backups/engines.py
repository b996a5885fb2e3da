"""Copying the database out and back in, one class per database engine.

SQLite goes through its online backup API both ways: the copy is a consistent snapshot while the
server writes, and a restore writes the backup's pages through SQLite into the live database, so a
-wal file left by the last server is replayed first and then overwritten, never replayed onto the
restored data afterwards (the fault of "stop, copy the file over, start"). PostgreSQL goes through
pg_dump/pg_restore; the counts are taken in the very snapshot pg_dump reads (pg_export_snapshot).
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _


class BackupError(Exception):
    """A backup or a restore that cannot be done or did not come out right; the message says why."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]  # noqa: S608
            for table in tables}


class SqliteEngine:
    file_name = "database.sqlite3"

    def dump(self, target: Path) -> dict[str, int]:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            # The copy is one self-contained file: no -wal beside it to lose or to forget.
            destination.execute("PRAGMA journal_mode=DELETE")
            self._check(destination, _("备份文件"))
            return sqlite_counts(destination)
        finally:
            destination.close()

    def restore(self, source: Path) -> dict[str, int]:
        connection.close()
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            self._check(backup, _("备份文件"))
            backup.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(_("恢复数据库失败：%(error)s") % {"error": error}) from error
        finally:
            backup.close()
        live = connection.connection
        # Fold the restored pages into the main file now, so the database file alone is the backup.
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._check(live, _("恢复后的数据库"))
        return sqlite_counts(live)

    @staticmethod
    def _check(conn: sqlite3.Connection, what: str) -> None:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(_("%(what)s未通过完整性检查：%(result)s") % {
                "what": what, "result": "; ".join(result[:5])})

    def other_sessions(self) -> int:
        return 0


class PostgresEngine:
    file_name = "database.dump"

    def _env(self) -> dict[str, str]:
        s = connection.settings_dict
        env = dict(os.environ)
        for key, value in {"PGHOST": s.get("HOST"), "PGPORT": s.get("PORT"), "PGUSER": s.get("USER"),
                           "PGPASSWORD": s.get("PASSWORD"), "PGDATABASE": s.get("NAME")}.items():
            if value:
                env[key] = str(value)
        return env

    def _run(self, args: list[str]) -> None:
        result = subprocess.run(args, env=self._env(), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(_("%(tool)s 失败：%(error)s") % {"tool": args[0], "error": result.stderr.strip()[-2000:]})

    def _counts(self, cursor) -> dict[str, int]:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts

    def dump(self, target: Path) -> dict[str, int]:
        with transaction.atomic(), connection.cursor() as cursor:
            # The counts and pg_dump read the same snapshot, so the manifest describes the dump exactly.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            self._run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"])
            return self._counts(cursor)

    def other_sessions(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            return cursor.fetchone()[0]

    def restore(self, source: Path) -> dict[str, int]:
        connection.close()
        # One transaction: a failed restore leaves the database as it was.
        self._run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                   "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}",
                   str(source)])
        with connection.cursor() as cursor:
            return self._counts(cursor)


def engine_for_connection() -> SqliteEngine | PostgresEngine:
    if connection.vendor == "sqlite":
        return SqliteEngine()
    if connection.vendor == "postgresql":
        return PostgresEngine()
    raise BackupError(_("不支持的数据库：%(vendor)s") % {"vendor": connection.vendor})
