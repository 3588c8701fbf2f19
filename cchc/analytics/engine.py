"""The analytics engine: a columnar copy of the dossier facts in DuckDB, and the KPI SQL over it.

Data flow (ARCHITECTURE "Data flow" 4):
1. ``FactStore.sync`` copies the dossiers changed since the last copy (keyset on ``(updated_at, id)``)
   from the system of record into DuckDB, in batches read with the Django connection's cursor and
   handed over as Arrow tables. DuckDB's postgres/sqlite scanners download at run time and fail offline,
   so they are not used. Times are stored as UTC epoch microseconds, exact (SQLite's stored text is
   parsed by Arrow, PostgreSQL computes them), and the local day of each is derived once, on the way
   in, in ``settings.TIME_ZONE``.
   The procedure catalogue is small and is copied whole each time, so a procedure edited after its
   dossiers were copied (online level, fee, time limit) is seen at the next sync.
2. ``FactStore.compute`` computes every KPI of cchc.core.kpis for every unit and period of a year in one
   DuckDB statement: the 766 timeliness classification (cchc.core.timeliness.classify) written in SQL,
   one conditional count per measure, grouped by (unit, period), then summed up the rollup closure
   (cchc.core.kpis.rollup_closure: parents and 2025 lineage). Summing per unit first and rolling up the
   small result keeps the cost at one pass over the facts. The results replace the periods' rows of
   ``KpiValue`` in one transaction.

The statement is plain standard SQL (CTEs, ``CASE``, ``FULL JOIN``), so the same definitions can move to a
distributed engine over partitioned Parquet when one machine is outgrown (ARCHITECTURE "Scale"). The
conditional counts are written ``sum(CASE WHEN … THEN 1 ELSE 0 END)`` rather than ``count(*) FILTER
(WHERE …)``: same result, and 2× faster in DuckDB 1.5 with 24 of them per group (measured, 1.1M facts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import kpis
from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier, Procedure
from cchc.units.models import Unit, UnitLink

from .models import KpiValue, SyncState

logger = logging.getLogger(__name__)

SYNC_NAME = "dossier_facts"
BATCH_SIZE = 50_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None)

# --- The fact store's tables ----------------------------------------------------------------------

DOSSIER_COLUMNS = """
    id BIGINT PRIMARY KEY,
    unit_id BIGINT NOT NULL,
    procedure_id BIGINT NOT NULL,
    status SMALLINT NOT NULL,
    channel SMALLINT NOT NULL,
    online_full BOOLEAN NOT NULL,
    received_us BIGINT NOT NULL,
    received_day DATE NOT NULL,
    due_us BIGINT,
    due_day DATE,
    finished_us BIGINT,
    finished_day DATE,
    supplement_count INTEGER NOT NULL,
    supplement_wait_us BIGINT NOT NULL,
    has_apology BOOLEAN NOT NULL,
    fee_amount BIGINT NOT NULL,
    paid_online BOOLEAN NOT NULL,
    components_digitised BOOLEAN NOT NULL,
    result_digitised BOOLEAN NOT NULL,
    reused_data BOOLEAN NOT NULL,
    rating SMALLINT,
    updated_us BIGINT NOT NULL
"""
# The Django columns, in the order of DOSSIER_COLUMNS (days are derived, not read). ``TS`` marks an
# aware datetime: it becomes UTC epoch microseconds (exact integers) and its local day, computed by Arrow.
TS = pa.timestamp("us", tz="UTC")
SOURCE_COLUMNS: tuple[tuple[str, str, pa.DataType], ...] = (
    ("id", "d.id", pa.int64()),
    ("unit_id", "d.unit_id", pa.int64()),
    ("procedure_id", "d.procedure_id", pa.int64()),
    ("status", "d.status", pa.int16()),
    ("channel", "d.channel", pa.int16()),
    ("online_full", "d.online_full", pa.bool_()),
    ("received_us", "d.received_at", TS),
    ("due_us", "d.due_at", TS),
    ("finished_us", "d.finished_at", TS),
    ("supplement_count", "d.supplement_count", pa.int32()),
    ("supplement_wait_us", "CAST(d.supplement_wait_seconds AS BIGINT) * 1000000", pa.int64()),
    ("has_apology", "CASE WHEN d.apology_at IS NULL THEN 0 ELSE 1 END", pa.int8()),
    ("fee_amount", "CAST(d.fee_amount AS BIGINT)", pa.int64()),
    ("paid_online", "d.paid_online", pa.bool_()),
    ("components_digitised", "d.components_digitised", pa.bool_()),
    ("result_digitised", "d.result_digitised", pa.bool_()),
    ("reused_data", "d.reused_data", pa.bool_()),
    ("rating", "d.rating", pa.int16()),
    ("updated_us", "d.updated_at", TS),
)
DAY_OF = {"received_day": "received_us", "due_day": "due_us", "finished_day": "finished_us"}


def _timestamp_sql(column: str, vendor: str) -> str:
    """How a datetime column travels. SQLite: its stored text, "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC,
    parsed by Arrow a column at a time (SQLite's own date functions round fractions to milliseconds).
    PostgreSQL: UTC epoch microseconds computed by the server, exact on every version (whole seconds plus
    the microseconds, no float), 7× faster to fetch than datetimes. ``%%`` is a literal ``%``: the query
    has parameters."""
    if vendor == "sqlite":
        return f"CAST({column} AS TEXT)"
    return (
        f"CAST(EXTRACT(EPOCH FROM date_trunc('second', {column})) AS BIGINT) * 1000000"
        f" + CAST(EXTRACT(MICROSECONDS FROM {column}) AS BIGINT) %% 1000000"
    )


def _source_select(vendor: str) -> str:
    """The batch query on the system of record, columns in the order of SOURCE_COLUMNS."""
    if vendor not in ("sqlite", "postgresql"):
        raise DomainError(_("Máy phân tích chưa hỗ trợ cơ sở dữ liệu {vendor}.").format(vendor=vendor))
    parts = [_timestamp_sql(expr, vendor) if kind == TS else expr for _name, expr, kind in SOURCE_COLUMNS]
    return f"SELECT {', '.join(parts)} FROM {Dossier._meta.db_table} d"


def epoch_us(moment: datetime) -> int:
    """An aware datetime as UTC epoch microseconds (exact: no float on the way)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def from_epoch_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _timestamps(values: tuple) -> pa.Array:
    """UTC epoch microseconds from SQLite's stored text, or as PostgreSQL computed them."""
    if any(isinstance(v, str) for v in values):
        return pa.array(values, pa.string()).cast(pa.timestamp("us")).cast(pa.int64())
    return pa.array(values, pa.int64())


def _local_days(us: pa.Array, tz: str) -> pa.Array:
    """The local calendar day of each UTC epoch-microsecond value (nulls stay null)."""
    moments = us.cast(TS).cast(pa.timestamp("us", tz=tz))
    return pc.local_timestamp(moments).cast(pa.date32())


def _arrow_batch(rows: list[tuple], tz: str) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    arrays = {
        name: _timestamps(values) if kind == TS else pa.array(values, type=kind)
        for (name, _e, kind), values in zip(SOURCE_COLUMNS, columns, strict=True)
    }
    for day, us in DAY_OF.items():
        arrays[day] = _local_days(arrays[us], tz)
    return pa.table(arrays)


def _insert_select(table: str) -> str:
    names = [line.split()[0] for line in DOSSIER_COLUMNS.strip().splitlines()]
    cast = {"has_apology": "CAST(has_apology AS BOOLEAN)"}
    return f"INSERT OR REPLACE INTO {table} SELECT {', '.join(cast.get(n, n) for n in names)} FROM batch"


# --- Results of the operations --------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    copied: int  # dossier rows read from the system of record and written to the store
    full: bool  # whether the store was rebuilt from scratch
    watermark: datetime | None
    seconds: float


@dataclass(frozen=True)
class ComputeResult:
    kind: str
    year: int
    periods: int
    values: int  # KpiValue rows written
    seconds: float
    sql_seconds: float


# --- The store ------------------------------------------------------------------------------------


class FactStore:
    """The DuckDB file holding the dossier facts (``settings.DATA_DIR / "analytics.duckdb"`` unless a
    path is given, e.g. a temporary one in tests). One process writes it at a time (DuckDB's file lock);
    pages never open it: they read ``KpiValue``."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_path()

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            raise DomainError(
                _("Không mở được kho dữ liệu phân tích {path} (có thể một tiến trình khác đang dùng): {error}").format(
                    path=self.path, error=exc
                )
            ) from exc
        try:
            con.execute(f"CREATE TABLE IF NOT EXISTS dossiers ({DOSSIER_COLUMNS})")
            con.execute(
                "CREATE TABLE IF NOT EXISTS sync_meta (name VARCHAR PRIMARY KEY, watermark_us BIGINT, last_id BIGINT)"
            )
            yield con
        finally:
            con.close()

    # --- sync -------------------------------------------------------------------------------------

    def sync(self, incremental: bool = True, *, batch_size: int = BATCH_SIZE,
             progress: Progress | None = None) -> SyncResult:
        """Copy into the store every dossier changed since the last copy (all of them if
        ``incremental`` is False, or if the store and ``SyncState`` disagree on where the last copy
        stopped), and the whole procedure catalogue. Returns how many dossier rows were copied.

        One query, ordered by (updated_at, id) and read in batches from a server-side cursor on
        PostgreSQL (``chunked_cursor``), so the source sorts once; a LIMIT per batch made PostgreSQL
        sort the table again for every batch (measured for 1M rows: 22 s, against 10 s now).
        The watermark is the (updated_at, id) of the last row copied, so equal timestamps are never
        skipped. A row whose transaction commits after a sync has read past its ``updated_at`` is
        missed until the next full copy (``rebuild``); imports commit before the sync that follows them.
        """
        started = perf_counter()
        state, _created = SyncState.objects.get_or_create(name=SYNC_NAME)
        select = _source_select(connection.vendor)
        copied = 0
        with self.connect() as con:
            meta = con.execute("SELECT watermark_us, last_id FROM sync_meta WHERE name = ?", [SYNC_NAME]).fetchone()
            state_key = (epoch_us(state.watermark) if state.watermark else None, state.last_id)
            full = not incremental or meta is None or tuple(meta) != state_key
            watermark_us, last_id = (None, 0) if full else state_key
            target = "dossiers_new" if full else "dossiers"
            if full:
                con.execute(f"CREATE OR REPLACE TABLE dossiers_new ({DOSSIER_COLUMNS})")
            total = None
            if progress:
                total = Dossier.objects.count() if full else None
                progress("sync", 0, total)
            if watermark_us is None:
                where, params = "", []
            else:
                # (updated_at, id) > (mark, last id), written so both databases can range-scan the index.
                mark = connection.ops.adapt_datetimefield_value(from_epoch_us(watermark_us))
                where = " WHERE d.updated_at >= %s AND (d.updated_at > %s OR d.id > %s)"
                params = [mark, mark, last_id]
            with connection.chunked_cursor() as cursor:
                cursor.execute(select + where + " ORDER BY d.updated_at, d.id", params)
                while rows := cursor.fetchmany(batch_size):
                    batch = _arrow_batch(rows, settings.TIME_ZONE)
                    con.register("batch", batch)
                    con.execute(_insert_select(target))
                    con.unregister("batch")
                    copied += len(rows)
                    watermark_us, last_id = batch["updated_us"][-1].as_py(), rows[-1][0]
                    if progress:
                        progress("sync", copied, total)
            # After the dossiers, so every procedure they refer to is in the copy.
            self._copy_procedures(con)
            con.begin()
            if full:
                con.execute("DROP TABLE dossiers")
                con.execute("ALTER TABLE dossiers_new RENAME TO dossiers")
            con.execute("INSERT OR REPLACE INTO sync_meta VALUES (?, ?, ?)", [SYNC_NAME, watermark_us, last_id])
            con.commit()
        state.watermark = from_epoch_us(watermark_us) if watermark_us is not None else None
        state.last_id = last_id
        state.synced_at = timezone.now()
        state.save()
        seconds = perf_counter() - started
        logger.info("analytics sync: %s dossier rows copied (full=%s) in %.2f s", copied, full, seconds)
        return SyncResult(copied=copied, full=full, watermark=state.watermark, seconds=seconds)

    @staticmethod
    def _copy_procedures(con: duckdb.DuckDBPyConnection) -> None:
        rows = list(
            Procedure.objects.values_list("id", "time_limit", "time_limit_kind", "online_level", "has_fee",
                                          "result_is_document")
        )
        limits = [kpis.statutory_limit(limit, kind) for _id, limit, kind, *_rest in rows]
        table = pa.table({
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "limit_us": pa.array([None if lim is None else lim // timedelta(microseconds=1) for lim in limits],
                                 pa.int64()),
            "online_level": pa.array([r[3] for r in rows], pa.string()),
            "has_fee": pa.array([r[4] for r in rows], pa.bool_()),
            "result_is_document": pa.array([r[5] for r in rows], pa.bool_()),
        })
        con.register("procedure_batch", table)
        con.execute("CREATE OR REPLACE TABLE procedures AS SELECT * FROM procedure_batch")
        con.unregister("procedure_batch")

    def count(self) -> int:
        with self.connect() as con:
            return con.execute("SELECT count(*) FROM dossiers").fetchone()[0]

    # --- compute ----------------------------------------------------------------------------------

    def compute(self, kind: str, year: int, *, progress: Progress | None = None) -> ComputeResult:
        """Compute every KPI for every unit and every period of ``kind`` in ``year`` from the store,
        and replace those periods' ``KpiValue`` rows (one transaction, ``as_of`` = now)."""
        started = perf_counter()
        periods = kpis.periods_of(year, kind)
        tz = ZoneInfo(settings.TIME_ZONE)
        period_table = pa.table({
            "pidx": pa.array(range(len(periods)), pa.int32()),
            "start_day": pa.array([s for s, _e in periods], pa.date32()),
            "end_day": pa.array([e for _s, e in periods], pa.date32()),
            "start_us": pa.array([epoch_us(datetime.combine(s, time.min, tz)) for s, _e in periods], pa.int64()),
            "end_us": pa.array([epoch_us(datetime.combine(e, time.max, tz)) for _s, e in periods], pa.int64()),
        })
        closure, cutoffs = _closure_table()
        targets = _target_table(periods)
        if progress:
            progress("compute", 0, len(periods))
        sql_started = perf_counter()
        with self.connect() as con:
            if not con.execute("SELECT count(*) FROM sync_meta").fetchone()[0]:
                # An empty store would replace every figure with zeros.
                raise DomainError(
                    _("Kho dữ liệu phân tích {path} chưa được đồng bộ: chạy «cchc kpi sync» trước.").format(path=self.path)
                )
            for name, table in (("periods", period_table), ("closure", closure), ("targets", targets)):
                con.register(name, table)
            result = con.execute(kpi_sql(cutoffs)).to_arrow_table()
        sql_seconds = perf_counter() - sql_started
        as_of = timezone.now()
        rows = _value_rows(kind, periods, result)
        _replace_values(kind, [s for s, _e in periods], rows, as_of)
        if progress:
            progress("compute", len(periods), len(periods))
        seconds = perf_counter() - started
        logger.info("analytics compute %s %s: %s values in %.2f s (SQL %.2f s)", kind, year, len(rows), seconds,
                    sql_seconds)
        return ComputeResult(kind=kind, year=year, periods=len(periods), values=len(rows), seconds=seconds,
                             sql_seconds=sql_seconds)

    def rebuild(self, kind: str, year: int, *, progress: Progress | None = None) -> ComputeResult:
        """A full copy of the facts, then ``compute``: what to run after a bulk correction or deletion."""
        self.sync(incremental=False, progress=progress)
        return self.compute(kind, year, progress=progress)


def default_path() -> Path:
    return Path(getattr(settings, "ANALYTICS_DUCKDB_PATH", settings.DATA_DIR / "analytics.duckdb"))


# --- Writing the results ---------------------------------------------------------------------------

VALUE_COLUMNS = ("kpi_code", "definition_version", "unit_id", "period_kind", "period_start", "period_end",
                 "numerator", "denominator", "value")


def _value_rows(kind: str, periods: list[tuple[date, date]], result: pa.Table) -> list[tuple]:
    """One row per (unit, period, KPI): the version in force at the period's end, and the value from
    the numerator and denominator by the catalogue's rule (cchc.core.kpis.value_of)."""
    versions = [{d.code: d for d in kpis.catalogue_on(end)} for _s, end in periods]
    columns = result.to_pydict()
    rows = []
    for i, unit_id in enumerate(columns["unit_id"]):
        pidx = columns["pidx"][i]
        start, end = periods[pidx]
        for code in kpis.KPI_CODES:
            definition = versions[pidx][code]
            numerator = columns[f"{code}__n"][i]
            denominator = columns[f"{code}__d"][i] if f"{code}__d" in columns else None
            rows.append((code, definition.version, unit_id, kind, start, end, numerator, denominator,
                         kpis.value_of(definition, numerator, denominator)))
    return rows


def _replace_values(kind: str, starts: list[date], rows: list[tuple], as_of: datetime) -> None:
    """Replace the periods' KpiValue rows in one transaction: readers see the old figures or the new
    ones, never a mix. Rows go through the Django connection without model instances (``COPY`` on
    PostgreSQL, ``executemany`` on SQLite: ~10× faster than ``bulk_create``), adapted as the ORM would."""
    ops = connection.ops
    table = connection.ops.quote_name(KpiValue._meta.db_table)
    names = ", ".join(connection.ops.quote_name(KpiValue._meta.get_field(c).column)
                      for c in (*VALUE_COLUMNS, "as_of"))
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(VALUE_COLUMNS) + 1))})"
    stamp = ops.adapt_datetimefield_value(as_of)
    params = [
        (code, version, unit_id, kind, ops.adapt_datefield_value(start), ops.adapt_datefield_value(end),
         numerator, denominator, ops.adapt_decimalfield_value(value, 12, 4), stamp)
        for code, version, unit_id, kind, start, end, numerator, denominator, value in rows
    ]
    with transaction.atomic():
        KpiValue.objects.filter(period_kind=kind, period_start__in=starts).delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: 127k rows in well under a second
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in params:
                        copy.write_row(row)
            else:
                for i in range(0, len(params), 10_000):
                    cursor.executemany(sql, params[i:i + 10_000])


# --- Inputs of the KPI statement ------------------------------------------------------------------


def _closure_table() -> tuple[pa.Table, list[date]]:
    """The rollup closure as an Arrow table (unit_id, ancestor_id, until_bucket) and the lineage cutoff
    dates. A dossier received on day r falls in bucket = number of cutoffs ≤ r; a closure row with
    ``until`` = the j-th cutoff (1-based) includes it iff r < until iff bucket < j; rows without a
    date get j = len(cutoffs) + 1, which includes every bucket."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    links = list(UnitLink.objects.values_list("predecessor_id", "successor_id", "effective_date"))
    rows = kpis.rollup_closure(parents, links)
    cutoffs = sorted({until for _u, _a, until in rows if until is not None})
    index = {d: i + 1 for i, d in enumerate(cutoffs)}
    table = pa.table({
        "unit_id": pa.array([r[0] for r in rows], pa.int64()),
        "ancestor_id": pa.array([r[1] for r in rows], pa.int64()),
        "until_bucket": pa.array([len(cutoffs) + 1 if r[2] is None else index[r[2]] for r in rows], pa.int32()),
    })
    return table, cutoffs


def _target_table(periods: list[tuple[date, date]]) -> pa.Table:
    """(unit, period) pairs that get a row even with no dossier: the units that existed in the period."""
    unit_ids: list[int] = []
    pidx: list[int] = []
    for i, (start, end) in enumerate(periods):
        ids = list(Unit.objects.valid_during(start, end).values_list("id", flat=True))
        unit_ids.extend(ids)
        pidx.extend([i] * len(ids))
    return pa.table({"unit_id": pa.array(unit_ids, pa.int64()), "pidx": pa.array(pidx, pa.int32())})


# --- The KPI statement ----------------------------------------------------------------------------

# The 766 timeliness class of a dossier at the end of period p, as cchc.core.timeliness.classify
# decides it; the rules are applied in classify's order. Dossiers reaching this point are received
# (not 1, 3) by the end of the period, so EXCLUDED does not occur. Durations are compared exactly in
# microseconds, days in local time.
TIMELINESS_SQL = """
CASE
    WHEN f.supplement_count > 1 THEN 'late'
    WHEN f.status IN (5, 6, 8) THEN 'pending_on_time'
    WHEN f.status = 7 AND NOT coalesce(f.finished_us > p.end_us, false) THEN 'on_time'
    WHEN f.finished_us IS NULL OR f.finished_us > p.end_us THEN
        CASE
            WHEN f.due_us IS NOT NULL THEN
                CASE WHEN f.due_day >= p.end_day THEN 'pending_on_time' ELSE 'pending_overdue' END
            WHEN f.limit_us IS NOT NULL THEN
                CASE WHEN p.end_us - f.received_us - f.supplement_wait_us <= f.limit_us
                     THEN 'pending_on_time' ELSE 'pending_overdue' END
            ELSE 'pending_on_time'
        END
    WHEN f.due_us IS NOT NULL THEN
        CASE WHEN f.finished_day < f.due_day THEN 'early'
             WHEN f.finished_day = f.due_day THEN 'on_time'
             ELSE 'late' END
    WHEN f.limit_us IS NOT NULL THEN
        CASE WHEN f.finished_us - f.received_us - f.supplement_wait_us <= f.limit_us THEN 'on_time' ELSE 'late' END
    ELSE 'on_time'
END
"""

# Measures counted per dossier: name → condition (SQL over the classified rows ``x``).
MEASURES: dict[str, str] = {
    "handled": "true",
    "received": "is_received",
    "finished": "is_finished",
    "early": "cls = 'early'",
    "on_time": "cls = 'on_time'",
    "late": "cls = 'late'",
    "pending_on_time": "cls = 'pending_on_time'",
    "pending_overdue": "cls = 'pending_overdue'",
    "supplement_over_once": "supplement_count > 1",
    "late_all": "cls IN ('late', 'pending_overdue')",
    "late_apology": "cls IN ('late', 'pending_overdue') AND has_apology",
    "fullprocess_eligible": "is_received AND online_level = 'full'",
    "fullprocess_done": "is_received AND online_level = 'full' AND online_full",
    "channel_online": "is_received AND channel = 2",
    "channel_postal": "is_received AND channel = 3",
    "fee_dossiers": "is_received AND has_fee AND fee_amount > 0",
    "paid_online": "is_received AND has_fee AND fee_amount > 0 AND paid_online",
    "digitised": "is_received AND components_digitised AND (result_digitised OR NOT result_is_document)",
    "results_digitised": "is_finished AND (result_digitised OR NOT result_is_document)",
    "reused": "is_received AND reused_data",
    "rated": "is_received AND rating BETWEEN 1 AND 3",
    "satisfied": "is_received AND rating IN (1, 2)",
}
SUMMED = {"rating_sum": "sum(CASE WHEN is_received AND rating BETWEEN 1 AND 3 THEN rating ELSE 0 END)"}

# Each KPI of the catalogue: (numerator, denominator or None for a count) over the measures.
KPI_SQL: dict[str, tuple[str, str | None]] = {
    "received": ("received", None),
    "handled": ("handled", None),
    "finished": ("finished", None),
    "early": ("early", None),
    "on_time": ("on_time", None),
    "late": ("late", None),
    "pending_on_time": ("pending_on_time", None),
    "pending_overdue": ("pending_overdue", None),
    "supplement_over_once": ("supplement_over_once", None),
    "ontime_rate": ("early + on_time + pending_on_time", "handled"),
    "late_without_apology": ("late_all - late_apology", None),
    "late_without_apology_rate": ("late_all - late_apology", "late_all"),
    "apology_compliance_rate": ("late_apology", "late_all"),
    "online_fullprocess_rate": ("fullprocess_done", "fullprocess_eligible"),
    "online_rate": ("channel_online", "received"),
    "postal_rate": ("channel_postal", "received"),
    "online_payment_dossiers_rate": ("paid_online", "fee_dossiers"),
    "digitised_dossiers_rate": ("digitised", "received"),
    "digitised_results_rate": ("results_digitised", "finished"),
    "reused_data_rate": ("reused", "received"),
    "rating_average": ("rating_sum", "rated"),
    "satisfaction_rate": ("satisfied", "rated"),
}


def kpi_sql(cutoffs: list[date]) -> str:
    """The one statement computing every KPI's numerator and denominator per (unit, period).

    Inputs registered on the connection: ``periods`` (pidx, start_day, end_day, start_us, end_us),
    ``closure`` (unit_id, ancestor_id, until_bucket), ``targets`` (unit_id, pidx); tables ``dossiers``
    and ``procedures``. A dossier belongs to a period when it is handled in it (cchc.core.kpis.in_scope).
    """
    bucket = " + ".join(f"CAST(f.received_day >= DATE '{d.isoformat()}' AS INTEGER)" for d in cutoffs) or "0"
    names = [*MEASURES, *SUMMED]
    counted = ",\n        ".join(
        [f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}" for name, cond in MEASURES.items()]
        + [f"{expr} AS {name}" for name, expr in SUMMED.items()]
    )
    rolled = ",\n        ".join(f"sum(s.{n}) AS {n}" for n in names)
    filled = ",\n        ".join(f"coalesce(r.{n}, 0) AS {n}" for n in names)
    outputs = []
    for code, (numerator, denominator) in KPI_SQL.items():
        outputs.append(f"CAST({numerator} AS BIGINT) AS {code}__n")
        if denominator is not None:
            outputs.append(f"CAST({denominator} AS BIGINT) AS {code}__d")
    selected = ",\n    ".join(outputs)
    return f"""
WITH f AS (
    SELECT d.*, pr.limit_us,
           coalesce(pr.online_level, 'none') AS online_level,
           coalesce(pr.has_fee, false) AS has_fee,
           coalesce(pr.result_is_document, true) AS result_is_document
    FROM dossiers d LEFT JOIN procedures pr ON pr.id = d.procedure_id
    WHERE d.status NOT IN (1, 3)
),
x AS (
    SELECT f.*, p.pidx,
           ({bucket}) AS bucket,
           f.received_us >= p.start_us AS is_received,
           f.status IN (7, 9, 10) AND f.finished_us BETWEEN p.start_us AND p.end_us AS is_finished,
           {TIMELINESS_SQL} AS cls
    FROM f JOIN periods p
      ON f.received_us <= p.end_us
     AND coalesce(f.finished_us, CASE WHEN f.status IN (7, 9, 10) THEN f.received_us END, p.start_us) >= p.start_us
),
s AS (
    SELECT unit_id, pidx, bucket,
        {counted}
    FROM x
    GROUP BY unit_id, pidx, bucket
),
r AS (
    SELECT c.ancestor_id AS unit_id, s.pidx,
        {rolled}
    FROM s JOIN closure c ON c.unit_id = s.unit_id AND s.bucket < c.until_bucket
    GROUP BY c.ancestor_id, s.pidx
),
t AS (
    SELECT coalesce(r.unit_id, g.unit_id) AS unit_id, coalesce(r.pidx, g.pidx) AS pidx,
        {filled}
    FROM r FULL JOIN targets g ON g.unit_id = r.unit_id AND g.pidx = r.pidx
)
SELECT unit_id, pidx,
    {selected}
FROM t
ORDER BY pidx, unit_id
"""
