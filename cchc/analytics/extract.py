"""Extracting the dossier facts from the system of record (ARCHITECTURE "Data flow" 4, step 1).

The batches are read as CSV text through the Django connection (SQLite a line per row, PostgreSQL
``COPY``), typed by Arrow's CSV reader. DuckDB's postgres/sqlite scanners download at run time and fail
offline, so they are not used. Times are stored as UTC epoch microseconds, exact (SQLite's stored text is
parsed by Arrow, PostgreSQL computes them), and the local day of each is derived once, on the way in, in
``settings.TIME_ZONE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.db import connection
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# aware datetime: it becomes UTC epoch microseconds (exact integers) and its local day, computed by Arrow.
TS = pa.timestamp("us", tz="UTC")
SOURCE_COLUMNS: tuple[tuple[str, str, pa.DataType], ...] = (
    ("id", "d.id", pa.int64()),
    ("unit_id", "d.unit_id", pa.int64()),
    ("prior_unit_id", "d.prior_unit_id", pa.int64()),  # the competent unit before the latest transfer
    ("transferred_us", "d.transferred_at", TS),
    ("receiving_unit_id", "d.receiving_unit_id", pa.int64()),
    ("procedure_id", "d.procedure_id", pa.int64()),
    ("status", "d.status", pa.int16()),
    ("channel", "d.channel", pa.int16()),
    ("online_full", "CASE WHEN d.online_full THEN 1 ELSE 0 END", pa.bool_()),
    ("received_us", "d.received_at", TS),
    ("due_us", "d.due_at", TS),
    ("finished_us", "d.finished_at", TS),
    ("returned_us", "d.returned_at", TS),  # the integrity check "unreturned" (cchc.core.integrity)
    ("supplement_count", "d.supplement_count", pa.int32()),
    ("supplement_wait_us", "CAST(d.supplement_wait_seconds AS BIGINT) * 1000000", pa.int64()),
    ("has_apology", "CASE WHEN d.apology_at IS NULL THEN 0 ELSE 1 END", pa.int8()),
    ("fee_amount", "CAST(d.fee_amount AS BIGINT)", pa.int64()),
    ("paid_online", "CASE WHEN d.paid_online THEN 1 ELSE 0 END", pa.bool_()),
    ("components_digitised", "CASE WHEN d.components_digitised THEN 1 ELSE 0 END", pa.bool_()),
    ("result_digitised", "CASE WHEN d.result_digitised THEN 1 ELSE 0 END", pa.bool_()),
    ("reused_data", "CASE WHEN d.reused_data THEN 1 ELSE 0 END", pa.bool_()),
    ("rating", "d.rating", pa.int16()),
    # The integrity checks (cchc.core.integrity): a result signed after the finish; the rating's moment, for
    # bursts (``in_burst`` is the store's to decide, cchc.analytics.bursts); who submitted or paid online,
    # empty (null) when the data does not say.
    ("result_issued_us", "d.result_issued_at", TS),
    ("rated_us", "d.rated_at", TS),
    ("in_burst", "0", pa.bool_()),
    *((name, f"CASE WHEN d.{name} IS NULL THEN NULL WHEN d.{name} THEN 1 ELSE 0 END", pa.bool_())
      for name in ("submitted_by_official", "submitted_at_counter", "paid_by_official")),
    ("updated_us", "d.updated_at", TS),
)
DAY_OF = {"received_day": "received_us", "due_day": "due_us", "finished_day": "finished_us", "returned_day": "returned_us",
          "transferred_day": "transferred_us", "result_issued_day": "result_issued_us"}


def _timestamp_sql(column: str, vendor: str) -> str:
    """How a datetime column travels. SQLite: its stored text, "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC,
    parsed by Arrow a column at a time (SQLite's own date functions round fractions to milliseconds,
    and computing exact microseconds in SQLite reads 1.5-2x slower than text). PostgreSQL: UTC epoch
    microseconds computed by the server, exact on every version (whole seconds plus the microseconds,
    no float), 7x faster to fetch than datetimes. ``%%`` is a literal ``%``: the query has parameters."""
    if vendor == "sqlite":
        return f"CAST({column} AS TEXT)"
    return (
        f"CAST(EXTRACT(EPOCH FROM date_trunc('second', {column})) AS BIGINT) * 1000000"
        f" + CAST(EXTRACT(MICROSECONDS FROM {column}) AS BIGINT) %% 1000000"
    )


def _source_select(vendor: str) -> str:
    """The batch query on the system of record, columns in the order of SOURCE_COLUMNS. On SQLite, one
    line of comma-separated values per dossier, NULL as an empty field (``printf`` writes it so): one
    string per row instead of 19 values, so the driver builds 19x fewer Python objects, and Arrow's CSV
    reader types the whole batch at once (100k rows: 0.23 s in all, against 0.50 s for tuples turned
    into Arrow arrays). On PostgreSQL, the columns, which ``COPY`` writes as CSV. No field is text, so
    nothing needs quoting. ``%%`` is a literal ``%``."""
    if vendor not in ("sqlite", "postgresql"):
        raise DomainError(_("Máy phân tích chưa hỗ trợ cơ sở dữ liệu {vendor}.").format(vendor=vendor))
    parts = [_timestamp_sql(expr, vendor) if kind == TS else expr for _name, expr, kind in SOURCE_COLUMNS]
    if vendor == "sqlite":
        return (f"SELECT printf('{','.join(['%%s'] * len(parts))}', {', '.join(parts)}) "
                f"FROM {Dossier._meta.db_table} d")
    return f"SELECT {', '.join(parts)} FROM {Dossier._meta.db_table} d"


def epoch_us(moment: datetime) -> int:
    """An aware datetime as UTC epoch microseconds (exact: no float on the way)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def from_epoch_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def read_source(where: str, params: list, batch_size: int) -> Iterator[bytes]:
    """CSV text of the dossier rows matching ``where``, in (updated_at, id) order, about ``batch_size``
    rows at a time, from one query (one snapshot, and the source sorts once).

    SQLite: the query's lines, ``batch_size`` at a time. PostgreSQL: ``COPY (query) TO STDOUT``, cut
    into batches at line ends: the server writes the CSV and no Python object is made per row.

    Not through ADBC, though its SQLite driver reads 2x faster into Arrow: it links its own copy of
    SQLite, and two copies in one process break each other's POSIX locks (closing the second copy's
    file releases the first one's locks; measured: its close checkpointed the WAL under Django's open
    connection). https://www.sqlite.org/howtocorrupt.html#multiple_copies_of_sqlite_linked_into_the_same_application"""
    query = _source_select(connection.vendor) + where + " ORDER BY d.updated_at, d.id"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(query, params)
            while rows := cursor.fetchmany(batch_size):
                yield "\n".join(row[0] for row in rows).encode()
            return
        statement = f"COPY ({query}) TO STDOUT (FORMAT csv)"
        if not params:  # without parameters psycopg leaves "%%" as it is
            statement = statement.replace("%%", "%")
        with cursor.cursor.copy(statement, params or None) as copy:
            buffer, lines = bytearray(), 0
            for block in copy:
                buffer += block
                lines += block.count(b"\n") if isinstance(block, bytes) else bytes(block).count(b"\n")
                if lines >= batch_size:
                    cut = buffer.rfind(b"\n") + 1
                    yield bytes(buffer[:cut])
                    del buffer[:cut]
                    lines = 0
            if buffer:
                yield bytes(buffer)


def typed(text: bytes, tz: str) -> pa.Table:
    """A batch as read (CSV text), typed as the store's columns: times as UTC epoch microseconds
    (parsed from SQLite's text, as PostgreSQL computed them), and the local day of each time in ``tz``."""
    parsed = pa_csv.read_csv(
        pa.py_buffer(text),
        read_options=pa_csv.ReadOptions(column_names=[name for name, _e, _k in SOURCE_COLUMNS]),
        convert_options=pa_csv.ConvertOptions(column_types={
            name: (pa.timestamp("us") if connection.vendor == "sqlite" else pa.int64()) if kind == TS else kind
            for name, _e, kind in SOURCE_COLUMNS
        }),
    )
    arrays = {name: parsed[name].cast(pa.int64()) if kind == TS else parsed[name] for name, _e, kind in SOURCE_COLUMNS}
    for day, us in DAY_OF.items():
        arrays[day] = _local_days(arrays[us], tz)
    return pa.table(arrays).combine_chunks()


def _local_days(us: pa.ChunkedArray, tz: str) -> pa.ChunkedArray:
    """The local calendar day of each UTC epoch-microsecond value (nulls stay null)."""
    moments = us.cast(TS).cast(pa.timestamp("us", tz=tz))
    return pc.local_timestamp(moments).cast(pa.date32())

