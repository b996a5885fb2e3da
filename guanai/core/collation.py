"""Text compared code point by code point on every database the product runs on."""

from django.db.models import Func


class CodePointOrder(Func):
    """`expression` compared code point by code point (byte by byte in UTF-8), whatever the database's
    collation. PostgreSQL's default collation may be any libc or ICU locale: zh_CN sorts by pinyin, so a
    range from 华 up to the next code point would not hold exactly the names that start with 华, and a
    range over a locale's order cannot use an index built in another. COLLATE "C" there; SQLite compares
    bytes already (BINARY). An index built on this expression serves ranges and ORDER BY on it."""

    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f'{sql} COLLATE "C"', params
