"""Bulk reads and writes in plain SQL on SQLite and PostgreSQL: binary COPY, multi-row INSERT, upsert,
advisory locks, ids taken ahead from the sequence, a bigger page cache while writing.

Shared infrastructure: it knows tables, columns and field types through Django's model meta, and nothing
of any app. Its users: the dossier import (cchc.dossiers.writer, through ``Sql``) and the analytics
publisher (cchc.analytics.publish, through ``replace_rows``).

Why plain SQL: on 100k rows of 23 fields ``bulk_create`` spent about 20 s preparing values field by field,
and Django's cursor wrapper rewrites every placeholder with a regular expression on SQLite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import chain

import numpy as np
from django.db import connection

from cchc.platform.tables import iter_chunks

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)


def _instant(value: datetime) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]``."""
    return np.datetime64((value - _EPOCH) // _ONE_US, "us")


def _to_datetime(value: np.datetime64) -> datetime | None:
    """A UTC ``datetime64[us]`` as an aware datetime (None for NaT)."""
    if np.isnat(value):
        return None
    return _EPOCH + int(value.astype(np.int64)) * _ONE_US


class Adapter:
    """Values as the database stores them, adapted a whole column at a time (on 100k dossiers of 23 fields
    ``bulk_create`` spent about 20 s preparing values field by field). Stored values are read back in
    this form (``Sql._read_column``) and compared with the adapted new ones, which makes "identical,
    skip" exact and cheap. Needs only the connection's settings, so the checking thread adapts its
    batches while the database writes. Callers adapt their own records with ``dt`` and ``times``.

    Instants: on SQLite the UTC text Django writes (``str()`` of the naive UTC datetime); on PostgreSQL
    what a binary ``timestamptz`` is on the wire, the number of microseconds since 2000-01-01 UTC (an
    int8), which numpy computes for a whole column where building aware datetimes cost a microsecond each.
    """

    #: PostgreSQL's timestamp epoch, in the units of the int8 above.
    PG_EPOCH = np.datetime64("2000-01-01T00:00:00", "us")

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.db_tz = connection.timezone
        self.utc_text = self.sqlite and self.db_tz == UTC

    def dt(self, value: datetime | None) -> str | int | None:
        """One aware datetime."""
        if value is None:
            return None
        if not self.sqlite:
            return int((_instant(value) - self.PG_EPOCH).astype(np.int64))
        # Django: str(make_naive(value, connection.timezone)); the offset of an aware str() is cut off.
        return str(value.astimezone(self.db_tz))[:-6]

    def times(self, values: np.ndarray) -> list:
        """Instants (``datetime64[us]`` in UTC, NaT for none): on SQLite ``2024-03-04 01:15:00`` (with
        microseconds only when there are some), on PostgreSQL the int8."""
        if not len(values):
            return []
        missing = np.isnat(values)
        if not self.sqlite:
            micros = (values - self.PG_EPOCH).astype(np.int64).astype(object)
            micros[missing] = None
            return micros.tolist()
        if not self.utc_text:  # a database TIME_ZONE other than UTC: value by value, as Django does
            return [self.dt(_to_datetime(value)) for value in values]
        seconds = values.astype("datetime64[s]")
        text = np.datetime_as_string(seconds).astype("U19")  # years 1–9999, as datetime allows
        text.view(np.uint32).reshape(-1, 19)[:, 10] = ord(" ")  # "2024-03-04T01:15:00" → "2024-03-04 01:15:00"
        text = text.astype(object)
        text[missing] = None
        for i in np.flatnonzero(~missing & (values != seconds)):
            text[i] = self.dt(_to_datetime(values[i]))
        return text.tolist()


class Sql:
    """Bulk reads and writes in plain SQL, on SQLite and PostgreSQL alike, of values adapted by Adapter.

    Statements go to the DB-API cursor: Django's wrapper rewrites every placeholder with a regular
    expression on SQLite; on PostgreSQL rows go by binary COPY, and a list of keys goes as one array
    literal (psycopg dumps a list element by element in Python: a second per 100k codes).
    """

    #: Binary COPY types of the field kinds written here (PostgreSQL); instants as their int8 (Adapter).
    COPY_TYPES = {"CharField": "text", "TextField": "text", "BigAutoField": "int8", "ForeignKey": "int8",
                  "PositiveSmallIntegerField": "int2", "PositiveIntegerField": "int4", "BooleanField": "bool",
                  "DateTimeField": "int8", "DecimalField": "numeric", "BigIntegerField": "int8"}

    def __init__(self, adapter: Adapter) -> None:
        connection.ensure_connection()
        self.sqlite = connection.vendor == "sqlite"
        self.qn = connection.ops.quote_name
        self.mark = "?" if self.sqlite else "%s"
        self.dt = adapter.dt
        if self.sqlite:
            import sqlite3

            self.max_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.cursor = connection.connection.cursor()
        else:
            import psycopg

            self.max_params = 65535  # PostgreSQL's wire protocol limit
            self.cursor = psycopg.Cursor(connection.connection)
        self._sequences: dict[str, int] = {}

    def table(self, model) -> str:
        return self.qn(model._meta.db_table)

    def col(self, model, name: str) -> str:
        return self.qn(model._meta.get_field(name).column)

    def cols(self, model, names: Sequence[str]) -> str:
        return ", ".join(self.col(model, name) for name in names)

    def _read_column(self, model, name: str) -> str:
        """A column as the SELECT reads it, in the adapted form the new values are compared in: datetimes
        on SQLite as the stored text (the driver would otherwise parse them), on PostgreSQL as the int8."""
        f = model._meta.get_field(name)
        column = self.qn(f.column)
        if f.get_internal_type() != "DateTimeField":
            return column
        if self.sqlite:
            return f"CAST({column} AS TEXT)"
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::int8 - 946684800000000"  # exact: numeric since PostgreSQL 14

    def _in(self, column: str, n: int, *, text: bool = False) -> str:
        """``column IN (…)`` on SQLite, ``column = ANY(array)`` (one parameter, see _in_params) on PostgreSQL."""
        if self.sqlite:
            return f"{column} IN ({', '.join([self.mark] * n)})"
        return f"{column} = ANY(%s::{'text' if text else 'int8'}[])"

    def _in_params(self, chunk: list) -> list:
        """The parameters of ``_in``; on PostgreSQL one array literal: ``{1,2}``, or ``{"a","b"}`` quoted."""
        if self.sqlite:
            return chunk
        if chunk and isinstance(chunk[0], str):
            quoted = (item.replace("\\", "\\\\").replace('"', '\\"') for item in chunk)
            return ["{" + ",".join(f'"{item}"' for item in quoted) + "}"]
        return ["{" + ",".join(map(str, chunk)) + "}"]

    @contextmanager
    def page_cache(self, mib: int = 64):
        """SQLite: a page cache of up to ``mib`` while the import writes, the connection's own afterwards.
        With the default 2 MiB, every insert into the date indexes (whose keys arrive in no order) read
        and spilled pages: a third of the time of inserting 100k dossiers. 64 MiB, not 256: as fast at the
        row limit of one file, and 50-90 MiB less at an import's peak (issue #10: ≤ 500 MB)."""
        if not self.sqlite:
            yield
            return
        before = self.cursor.execute("PRAGMA cache_size").fetchone()[0]
        self.cursor.execute(f"PRAGMA cache_size = {-1024 * mib}")
        try:
            yield
        finally:
            self.cursor.execute(f"PRAGMA cache_size = {int(before)}")

    def lock(self, name: str) -> None:
        """Hold off other transactions that lock the same ``name`` until this transaction ends, so that
        the rows read as stored are still the stored ones when they are written (an import locks its
        source system). SQLite: a writing transaction already holds the database's write lock (BEGIN
        IMMEDIATE)."""
        if not self.sqlite:
            key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
            self.cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])

    def select_in(self, model, names: Sequence[str], key: str, keys: list, where: str = "", params: Sequence = ()):
        """Rows of ``names`` whose ``key`` is in ``keys`` (chunked to the parameter limit), raw values.
        ``where`` is an extra condition ending in AND, with placeholders ``{mark}`` for ``params``."""
        cols = ", ".join(self._read_column(model, name) for name in names)
        where = where.format(mark=self.mark)
        text = model._meta.get_field(key).get_internal_type() == "CharField"
        for chunk in iter_chunks(keys, min(self.max_params - len(params) - 1, 10000)):
            self.cursor.execute(f"SELECT {cols} FROM {self.table(model)} "
                                f"WHERE {where}{self._in(self.col(model, key), len(chunk), text=text)}",
                                [*params, *self._in_params(chunk)])
            yield from self.cursor.fetchall()

    def delete_in(self, model, key: str, keys: list, where: str = "") -> None:
        """Delete the rows whose ``key`` is in ``keys``; ``where`` is an extra condition ending in AND."""
        for chunk in iter_chunks(keys, min(self.max_params, 10000)):
            self.cursor.execute(
                f"DELETE FROM {self.table(model)} WHERE {where}{self._in(self.col(model, key), len(chunk))}",
                self._in_params(chunk))

    def new_ids(self, model, n: int) -> list[int]:
        """Ids for ``n`` rows about to be inserted, so that their supplements and events can be written
        without reading the rows back. PostgreSQL: from the id sequence. SQLite: after the largest id
        ever given (AUTOINCREMENT keeps it in sqlite_sequence); the import's transaction holds the write
        lock, so no other writer takes them meanwhile (and a writer that could would make SQLite refuse
        this transaction's writes, not mix them up)."""
        table = model._meta.db_table
        if self.sqlite:
            self.cursor.execute(f"SELECT max(n) FROM (SELECT seq AS n FROM sqlite_sequence WHERE name = ? "
                                f"UNION ALL SELECT max(id) FROM {self.qn(table)})", [table])
            last = self.cursor.fetchone()[0] or 0
            return list(range(last + 1, last + 1 + n))
        if table not in self._sequences:  # its oid, once: looked up for each row it cost 2 µs a row
            self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid", [table])
            self._sequences[table] = int(self.cursor.fetchone()[0])
        self.cursor.execute(f"SELECT nextval({self._sequences[table]}::regclass) FROM generate_series(1, %s)", [n])
        return [pk for (pk,) in self.cursor.fetchall()]

    def _copy(self, target: str, model, names: Sequence[str], rows: list[tuple]) -> None:
        kinds = [self.COPY_TYPES.get(model._meta.get_field(name).get_internal_type()) for name in names]
        binary = all(kinds)
        with self.cursor.copy(f"COPY {target} ({self.cols(model, names)}) FROM STDIN"
                              + (" (FORMAT BINARY)" if binary else "")) as copy:
            if binary:
                copy.set_types(kinds)
            for row in rows:
                copy.write_row(row)

    def insert(self, model, names: Sequence[str], rows: list[tuple]) -> None:
        """Plain inserts (of rows that cannot conflict): multi-row INSERTs on SQLite, COPY on PostgreSQL."""
        if not rows:
            return
        if not self.sqlite:
            self._copy(self.table(model), model, names, rows)
            return
        head = f"INSERT INTO {self.table(model)} ({self.cols(model, names)}) VALUES "
        row_marks = f"({', '.join([self.mark] * len(names))})"
        for chunk in iter_chunks(rows, max(1, min(self.max_params // len(names), 5000))):
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)), list(chain.from_iterable(chunk)))

    def upsert(self, model, names: Sequence[str], rows: list[tuple], *, conflict: Sequence[str]) -> None:
        """Insert or update on ``conflict``, every other column updated. PostgreSQL: COPY into a temporary
        table, then one ``INSERT … SELECT … ON CONFLICT``."""
        if not rows:
            return
        table, cols = self.table(model), self.cols(model, names)
        keys = {model._meta.get_field(n).column for n in conflict}
        updates = ", ".join(f"{self.qn(c)} = EXCLUDED.{self.qn(c)}"
                            for c in (model._meta.get_field(n).column for n in names) if c not in keys)
        tail = f" ON CONFLICT ({self.cols(model, conflict)}) DO UPDATE SET {updates}"
        if not self.sqlite:
            stage = self.qn(f"_stage_{model._meta.db_table}")
            self.cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
                                f"SELECT {cols} FROM {table} WITH NO DATA")
            self.cursor.execute(f"TRUNCATE {stage}")
            self._copy(stage, model, names, rows)
            self.cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}{tail}")
            return
        head = f"INSERT INTO {table} ({cols}) VALUES "
        row_marks = f"({', '.join([self.mark] * len(names))})"
        for chunk in iter_chunks(rows, max(1, min(self.max_params // len(names), 5000))):
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)) + tail, list(chain.from_iterable(chunk)))

    def id_chunks(self, ids: list[int]) -> Iterator[list[int]]:
        """``ids`` in pieces that ``ids_condition`` can name: whole if they are consecutive (new dossiers' ids are)."""
        if ids and ids[-1] - ids[0] == len(ids) - 1 and ids == sorted(ids):
            yield ids
        else:
            yield from iter_chunks(ids, min(self.max_params // 3, 10000))

    def ids_condition(self, column: str, ids: list[int]) -> tuple[str, list]:
        """A condition on ``column`` naming these ids, and its parameters: a range when they are consecutive
        (the planner need not weigh a long list), otherwise ``_in``."""
        if ids[-1] - ids[0] == len(ids) - 1 and ids == sorted(ids):
            return f"{column} BETWEEN {self.mark} AND {self.mark}", [ids[0], ids[-1]]
        return self._in(column, len(ids)), self._in_params(ids)


def replace_rows(model, names: Sequence[str], rows: list[tuple], *, key: Sequence[str], scope, kept) -> None:
    """Replace the rows of ``scope`` (a queryset of ``model``) with ``rows`` (values of the fields ``names``,
    already adapted for the database), in the caller's transaction, the vendor's fastest way:

    - PostgreSQL: delete ``scope``, then ``COPY`` (127k rows in well under a second);
    - SQLite: each row updated in place if it exists (``INSERT … ON CONFLICT (key) DO UPDATE``), then the
      rows of ``scope`` not written now (``scope.exclude(kept)``, ``kept`` a ``Q`` that the new rows match,
      such as their stamp) deleted: 2.5x faster than delete and insert, which rewrite every index (5,368 KPI
      rows: 0.03 s against 0.08 s with the commit).
    """
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = [ops.quote_name(model._meta.get_field(n).column) for n in names]
    joined = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            scope.delete()
            with cursor.cursor.copy(f"COPY {table} ({joined}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        conflict = [ops.quote_name(model._meta.get_field(n).column) for n in key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in conflict)
        sql = (f"INSERT INTO {table} ({joined}) VALUES ({', '.join(['%s'] * len(columns))}) "
               f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}")
        for chunk in iter_chunks(rows, 10_000):
            cursor.executemany(sql, chunk)
    scope.exclude(kept).delete()

