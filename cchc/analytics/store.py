"""The analytics fact store: a columnar copy of the dossier facts in DuckDB, and the KPI SQL over it.

Data flow (ARCHITECTURE "Data flow" 4):
1. ``FactStore.sync`` copies the dossiers changed since the last copy (keyset on ``(updated_at, id)``)
   from the system of record into DuckDB, in batches the database writes as CSV (SQLite a line per row,
   PostgreSQL ``COPY``) through the Django connection, typed by Arrow's CSV reader and stored by a
   writer thread while the next batch is read. DuckDB's postgres/sqlite scanners download at run time
   and fail offline, so they are not used. Times are stored as UTC epoch microseconds, exact (SQLite's stored text is
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
The SQL text lives in cchc.analytics.sql, the extraction in extract, the inputs in inputs, the writing
of ``KpiValue`` in publish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import kpis
from cchc.core.errors import DomainError
from cchc.core.integrity import UNRETURNED_DAYS
from cchc.dossiers.models import Dossier, Procedure

from . import bursts, listing
from .extract import epoch_us, from_epoch_us, read_source, typed
from .inputs import closure_table, cutoffs_text, periods_table, target_table
from .models import SyncState
from .publish import replace_values, value_rows
from .sql import (
    CUBE_COLUMNS,
    DOSSIER_COLUMNS,
    FINISHED_SQL,
    MEASURE_NAMES,
    STATIC_COLUMNS,
    contributions_sql,
    full_contributions,
    rollup_sql,
    static_select,
)

# Arrow's buffers from the C allocator, not its own jemalloc pool, which keeps what it frees: an import and
# the KPI refresh that follows share one process, and its peak must stay within 500 MB (issue 10).
pa.set_memory_pool(pa.system_memory_pool())

logger = logging.getLogger(__name__)

SYNC_NAME = "dossier_facts"
#: Dossier rows read and stored at a time by a sync. A first copy of 200,000 dossiers peaked at 300 MiB with
#: 10,000 against 380-400 MiB with 20,000 or 50,000, for about a fifth more time (docs/benchmarks.md).
BATCH_SIZE = 10_000
#: Rows an incremental copy commits at a time, each commit with the stored sums' update for its rows, so
#: the facts and the sums agree at every commit. DuckDB holds a transaction's rows in memory: 200,000
#: dossiers copied in one transaction took the CLI import of the largest file to 640 MiB (issue 10: 500 MB).
COMMIT_ROWS = 50_000

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None)

# --- Results of the operations --------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    copied: int  # dossier rows read from the system of record and written to the store
    full: bool  # whether the store was rebuilt from scratch
    watermark: datetime | None
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, for benchmarks and logs


@dataclass(frozen=True)
class ComputeResult:
    kind: str
    year: int
    periods: int
    values: int  # KpiValue rows written
    seconds: float  # until the figures were published
    sql_seconds: float
    lists_seconds: float = 0.0  # then writing their lists of dossiers (cchc.analytics.listing)


# --- The store ------------------------------------------------------------------------------------

STORE_FORMAT = "9"  # bump when the store's tables change: the store is then copied again in full (5: list bits,
# 6: transfers and the receiving unit, 7: the closed_before_result measure, 8: the return date, 9: the result's
# date, ratings in bursts, who submitted or paid online)


class FactStore:
    """The DuckDB file holding the dossier facts (``settings.DATA_DIR / "analytics.duckdb"`` unless a
    path is given, e.g. a temporary one in tests). One process writes it at a time (DuckDB's file lock);
    pages never open it: they read ``KpiValue``.

    Tables: ``dossiers`` (the facts with their derived columns), ``procedures``, ``sync_meta`` (how far
    the copy has read), and the stored sums: ``cube`` holds every measure per (kind, year, period, unit,
    lineage bucket) for each (kind, year) computed so far (``cube_meta``). A sync adds each changed
    dossier's difference to every stored sum (the new row counted +1, the row it replaces -1), so a
    refresh after new dossiers reads those sums instead of the facts."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_path()
        self._open: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The store's connection; nested calls (a refresh's sync and computations) share one."""
        if self._open is not None:
            yield self._open
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            limit = settings.ANALYTICS_MEMORY_LIMIT
            con = duckdb.connect(str(self.path), config={"memory_limit": limit} if limit else {})
        except duckdb.IOException as exc:
            raise DomainError(
                _("Không mở được kho dữ liệu phân tích {path} (có thể một tiến trình khác đang dùng): {error}").format(
                    path=self.path, error=exc
                )
            ) from exc
        try:
            # The integrity check "unreturned" reads its allowed delay from here (cchc.analytics.sql.MEASURES).
            con.execute("SET VARIABLE unreturned_days = ?",
                        [int(getattr(settings, "CCHC_INTEGRITY_UNRETURNED_DAYS", UNRETURNED_DAYS))])
            con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            found = con.execute("SELECT value FROM store_meta WHERE key = 'format'").fetchone()
            if found is None or found[0] != STORE_FORMAT:
                # A store written by an older version: start again (the next sync copies everything).
                for table in ("dossiers", "dossiers_new", "sync_meta", "cube", "cube_meta", "procedures", "drill",
                              "unlisted", "lists_due"):
                    con.execute(f"DROP TABLE IF EXISTS {table}")
                con.execute("INSERT OR REPLACE INTO store_meta VALUES ('format', ?)", [STORE_FORMAT])
            con.execute(f"CREATE TABLE IF NOT EXISTS dossiers ({DOSSIER_COLUMNS}, {STATIC_COLUMNS})")
            con.execute(
                "CREATE TABLE IF NOT EXISTS sync_meta (name VARCHAR PRIMARY KEY, watermark_us BIGINT, last_id BIGINT)"
            )
            con.execute(f"CREATE TABLE IF NOT EXISTS cube ({CUBE_COLUMNS})")
            con.execute("CREATE TABLE IF NOT EXISTS cube_meta (kind VARCHAR, year INTEGER, cutoffs VARCHAR, "
                        "PRIMARY KEY (kind, year))")
            # Periods whose stored sums changed since their KpiValue rows were last written.
            con.execute("CREATE TABLE IF NOT EXISTS unpublished (kind VARCHAR, year INTEGER, pidx INTEGER)")
            listing.create_tables(con)
            self._open = con
            con.execute("CREATE TABLE IF NOT EXISTS procedures (id BIGINT, limit_us BIGINT, online_level VARCHAR, "
                        "has_fee BOOLEAN, result_is_document BOOLEAN)")
            yield con
        finally:
            self._open = None
            con.close()

    # --- sync -------------------------------------------------------------------------------------

    def sync(self, incremental: bool = True, *, batch_size: int | None = None,
             progress: Progress | None = None) -> SyncResult:
        """Copy into the store every dossier changed since the last copy (all of them if
        ``incremental`` is False, or if the store and ``SyncState`` disagree on where the last copy
        stopped), and the whole procedure catalogue. Returns how many dossier rows were copied.

        One query, ordered by (updated_at, id), read as CSV text in batches (``read_source``), so the
        source sorts once; a LIMIT per batch made PostgreSQL sort the table again for every batch
        (measured for 1M rows: 22 s, against 10 s). The watermark is the (updated_at, id) of the last row copied, so equal timestamps are never
        skipped. A row whose transaction commits after a sync has read past its ``updated_at`` is
        missed until the next full copy (``rebuild``); imports commit before the sync that follows them.

        An incremental copy commits every ``COMMIT_ROWS`` rows with the update of the stored sums (``cube``)
        and the watermark of what it copied, so the facts and the sums never disagree. (A copy stopped
        between two commits leaves the store's watermark ahead of ``SyncState``: the next sync is then a full
        copy.) A full copy fills a new table batch by batch,
        each batch committed (DuckDB holds a transaction's rows in memory), then swaps it in, with the
        catalogue its rows were derived from, in one transaction; it drops the stored sums: the next
        computation of each kind of period starts from the facts.
        """
        started = perf_counter()
        stages: dict[str, float] = {}
        batch_size = batch_size or BATCH_SIZE

        @contextmanager
        def stage(name: str) -> Iterator[None]:
            began = perf_counter()
            yield
            stages[name] = stages.get(name, 0.0) + perf_counter() - began

        state, _created = SyncState.objects.get_or_create(name=SYNC_NAME)
        copied = 0
        with self.connect() as con:
            # Lists still due (a job stopped between publishing figures and writing their lists) are
            # written from the facts those figures were computed from, before anything new comes in.
            listing.write_due(con)
            meta = con.execute("SELECT watermark_us, last_id FROM sync_meta WHERE name = ?", [SYNC_NAME]).fetchone()
            state_key = (epoch_us(state.watermark) if state.watermark else None, state.last_id)
            full = not incremental or meta is None or tuple(meta) != state_key
            watermark_us, last_id = (None, 0) if full else state_key
            with _threads(con, None if full else 1):
                with stage("procedures"):
                    catalogue = self._procedure_table()
                con.register("procedure_batch", catalogue)

                def new_delta() -> None:
                    """The rows an incremental copy changes, each counted +1 (new) or -1 (replaced)."""
                    con.execute(f"CREATE OR REPLACE TEMP TABLE delta (sign TINYINT, {DOSSIER_COLUMNS})")

                if full:
                    # The new table is filled batch by batch, each committed on its own: held in one
                    # transaction, DuckDB kept every uncommitted row in memory (200,000 dossiers: +100 MiB,
                    # docs/benchmarks.md). Nothing reads it until the swap below, in one transaction with
                    # the catalogue the rows were derived from.
                    target, catalogue_table = "dossiers_new", "procedure_batch"
                    con.execute(f"CREATE OR REPLACE TABLE dossiers_new ({DOSSIER_COLUMNS}, {STATIC_COLUMNS})")
                else:
                    target, catalogue_table = "dossiers", "procedures"
                    con.begin()
                    with stage("procedures"):
                        changed = self._copy_procedures(con)
                    if changed:
                        self._restate(con, changed)
                    new_delta()
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
                names = ", ".join(line.split()[0] for line in DOSSIER_COLUMNS.strip().splitlines())

                def store(batch: pa.Table) -> None:
                    """One batch into the store (on the writer thread, batches in order)."""
                    con.register("batch", batch)
                    if not full:  # the rows being replaced leave (counted -1), then the new ones (+1) come in
                        with stage("delta"):
                            replaced = con.execute(f"INSERT INTO delta SELECT -1, {names} FROM dossiers "
                                                   "WHERE id IN (SELECT id FROM batch)").fetchone()[0]
                            if replaced:
                                con.execute("DELETE FROM dossiers WHERE id IN (SELECT id FROM batch)")
                    with stage("write"):
                        # No primary key on the store: one query reads each row once, the old copy is
                        # deleted just above, and an index would make every insert 1.5-2x slower.
                        con.execute(f"INSERT INTO {target} {static_select('batch', catalogue_table)}")
                    if not full:
                        with stage("delta"):
                            con.execute("INSERT INTO delta SELECT 1, "
                                        f"{names.replace('has_apology', 'CAST(has_apology AS BOOLEAN)')} FROM batch")
                    con.unregister("batch")
                    if not full:
                        uncommitted[0] += batch.num_rows
                        if uncommitted[0] >= COMMIT_ROWS:
                            settle(batch["updated_us"][-1].as_py(), batch["id"][-1].as_py())
                            con.begin()
                            new_delta()  # made again, not emptied: a temporary table keeps deleted rows' memory
                            uncommitted[0] = 0

                def settle(mark_us: int | None, mark_id: int) -> None:
                    """The rows copied since the last commit: their differences into the stored sums, then the
                    watermark, in one commit."""
                    if uncommitted[0]:
                        with stage("bursts"):  # ratings in bursts: a copied fact can move its neighbours' flags
                            bursts.mark(con, incremental=True)
                        with stage("sums"):
                            self._apply_delta(con)
                    con.execute("INSERT OR REPLACE INTO sync_meta VALUES (?, ?, ?)", [SYNC_NAME, mark_us, mark_id])
                    with stage("commit"):
                        con.commit()

                uncommitted = [0]

                # Reading the next batch (the database driver, Arrow's CSV reader) overlaps storing the one
                # before (DuckDB): both release the GIL for most of their work. Only the writer thread uses
                # the DuckDB connection until the last batch is stored; only this one, the database's.
                with (closing(read_source(where, params, batch_size)) as source,
                      ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-sync") as writer):
                    stored: Future | None = None
                    while True:
                        with stage("read"):
                            raw = next(source, None)
                        if raw is None:
                            break
                        with stage("arrow"):
                            batch = typed(raw, settings.TIME_ZONE)
                        if stored is not None:
                            with stage("wait"):
                                stored.result()
                        stored = writer.submit(store, batch)
                        copied += batch.num_rows
                        watermark_us, last_id = batch["updated_us"][-1].as_py(), batch["id"][-1].as_py()
                        if progress:
                            progress("sync", copied, total)
                    if stored is not None:
                        with stage("wait"):
                            stored.result()
                if full:
                    con.begin()
                    with stage("procedures"):
                        self._copy_procedures(con)
                    con.execute("DROP TABLE dossiers")
                    con.execute("ALTER TABLE dossiers_new RENAME TO dossiers")
                    for table in ("cube", "cube_meta", "unpublished", "unlisted", "lists_due"):
                        con.execute(f"DELETE FROM {table}")
                    with stage("bursts"):  # ratings in bursts: a copied fact can move its neighbours' flags
                        bursts.mark(con, incremental=False)
                    con.execute("INSERT OR REPLACE INTO sync_meta VALUES (?, ?, ?)", [SYNC_NAME, watermark_us, last_id])
                    with stage("commit"):
                        con.commit()
                else:
                    settle(watermark_us, last_id)
            if full:
                # Write the new table out compressed now, rather than at some later commit: scans of a
                # freshly loaded, not yet checkpointed table were measured 2x slower (10M facts).
                with stage("checkpoint"):
                    con.execute("CHECKPOINT")
        state.watermark = from_epoch_us(watermark_us) if watermark_us is not None else None
        state.last_id = last_id
        state.synced_at = timezone.now()
        state.save()
        seconds = perf_counter() - started
        logger.info("analytics sync: %s dossier rows copied (full=%s) in %.2f s (%s)", copied, full, seconds,
                    ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
        return SyncResult(copied=copied, full=full, watermark=state.watermark, seconds=seconds, stages=stages)

    @staticmethod
    def _procedure_table() -> pa.Table:
        """The (small) procedure catalogue as the store keeps it."""
        rows = list(
            Procedure.objects.values_list("id", "time_limit", "time_limit_kind", "online_level", "has_fee",
                                          "result_is_document")
        )
        limits = [kpis.statutory_limit(limit, kind) for _id, limit, kind, *_rest in rows]
        return pa.table({
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "limit_us": pa.array([None if lim is None else lim // timedelta(microseconds=1) for lim in limits],
                                 pa.int64()),
            "online_level": pa.array([r[3] for r in rows], pa.string()),
            "has_fee": pa.array([r[4] for r in rows], pa.bool_()),
            "result_is_document": pa.array([r[5] for r in rows], pa.bool_()),
        })

    @staticmethod
    def _copy_procedures(con: duckdb.DuckDBPyConnection) -> list[int]:
        """Replace the store's catalogue with ``procedure_batch`` (registered by the sync); return the ids
        whose figures-relevant fields changed since the last copy (time limit, online level, fee, result
        kind)."""
        changed = [r[0] for r in con.execute(
            "SELECT id FROM (SELECT * FROM procedures EXCEPT SELECT * FROM procedure_batch) "
            "UNION SELECT id FROM (SELECT * FROM procedure_batch EXCEPT SELECT * FROM procedures)"
        ).fetchall()]
        if changed:
            con.execute("DELETE FROM procedures")
            con.execute("INSERT INTO procedures SELECT * FROM procedure_batch")
        con.unregister("procedure_batch")
        return changed

    @staticmethod
    def _restate(con: duckdb.DuckDBPyConnection, procedure_ids: list[int]) -> None:
        """A procedure's time limit, online level, fee or result kind changed: derive its dossiers'
        columns again, and drop the stored sums (they counted the old values)."""
        con.execute("CREATE OR REPLACE TEMP TABLE restated AS SELECT * FROM dossiers WHERE procedure_id IN "
                    f"({', '.join(str(int(i)) for i in procedure_ids)})")
        con.execute("DELETE FROM dossiers WHERE procedure_id IN (SELECT DISTINCT procedure_id FROM restated)")
        con.execute(f"INSERT INTO dossiers {static_select('restated')}")
        con.execute("DROP TABLE restated")
        for table in ("cube", "cube_meta", "unpublished", "unlisted", "lists_due"):
            con.execute(f"DELETE FROM {table}")

    @staticmethod
    def _apply_delta(con: duckdb.DuckDBPyConnection) -> None:
        """Add the changed dossiers' differences (``delta``) to every stored sum, in one statement over
        the periods of every (kind, year) stored, then merge the sums per key."""
        stored = con.execute("SELECT kind, year, cutoffs FROM cube_meta").fetchall()
        if not stored:
            return
        # Only the periods the changed dossiers can fall in: ending on or after the earliest receipt,
        # starting on or before the latest finish (or any, for an open dossier).
        first, last = con.execute(
            f"SELECT min(received_day), max(coalesce(finished_day, CASE WHEN status IN ({FINISHED_SQL}) THEN received_day END,"
            " DATE '9999-12-31')) FROM delta").fetchone()
        for stored_cutoffs in {c for _k, _y, c in stored}:
            cutoffs = [date.fromisoformat(c) for c in stored_cutoffs.split(",") if c]
            chosen = periods_table([(k, y) for k, y, c in stored if c == stored_cutoffs])
            chosen = chosen.filter(pc.and_(pc.greater_equal(chosen["end_day"], pa.scalar(first, pa.date32())),
                                           pc.less_equal(chosen["start_day"], pa.scalar(last, pa.date32()))))
            if not chosen.num_rows:
                continue
            con.register("periods", chosen)
            con.execute("CREATE OR REPLACE TEMP TABLE delta_sums AS "
                        + contributions_sql(cutoffs, source="delta", signed=True))
            con.unregister("periods")
            key = "kind, year, pidx, unit_id, bucket"
            sums = ", ".join(f"sum({n})" for n in MEASURE_NAMES)
            con.execute("CREATE OR REPLACE TEMP TABLE merged AS "
                        f"SELECT {key}, {sums} FROM (SELECT * FROM cube WHERE (kind, year) IN "
                        "(SELECT DISTINCT kind, year FROM delta_sums) UNION ALL SELECT * FROM delta_sums) "
                        f"GROUP BY {key}")
            con.execute("DELETE FROM cube WHERE (kind, year) IN (SELECT DISTINCT kind, year FROM delta_sums)")
            con.execute("INSERT INTO cube SELECT * FROM merged")
            con.execute("INSERT INTO unpublished SELECT DISTINCT kind, year, pidx FROM delta_sums "
                        "EXCEPT SELECT * FROM unpublished")
            # The months of receipt whose list files those periods must rewrite (listing.write).
            con.execute("INSERT INTO unlisted SELECT DISTINCT s.kind, s.year, s.pidx, "
                        "greatest(m.month, s.year * 12 - 1) FROM (SELECT DISTINCT kind, year, pidx FROM delta_sums) s, "
                        "(SELECT DISTINCT year(received_day) * 12 + month(received_day) - 1 AS month FROM delta) m "
                        "EXCEPT SELECT * FROM unlisted")

    def count(self) -> int:
        with self.connect() as con:
            return con.execute("SELECT count(*) FROM dossiers").fetchone()[0]

    # --- compute ----------------------------------------------------------------------------------

    def compute(self, kind: str, year: int, *, progress: Progress | None = None) -> ComputeResult:
        """Compute every KPI for every unit and every period of ``kind`` in ``year`` from the facts,
        keep the per-unit sums for later refreshes, and replace those periods' ``KpiValue`` rows (one
        transaction, ``as_of`` = now)."""
        started = perf_counter()
        periods = kpis.periods_of(year, kind)
        closure, cutoffs = closure_table()
        if progress:
            progress("compute", 0, len(periods))
        with self.connect() as con:
            self._require_synced(con)
            sql_started = perf_counter()
            con.register("periods", periods_table([(kind, year)]))
            con.begin()
            con.execute("DELETE FROM cube WHERE kind = ? AND year = ?", [kind, year])
            con.execute("INSERT INTO cube " + full_contributions(kind, year, cutoffs))
            con.execute("INSERT OR REPLACE INTO cube_meta VALUES (?, ?, ?)", [kind, year, cutoffs_text(cutoffs)])
            con.commit()
            con.unregister("periods")
            sql_seconds = perf_counter() - sql_started
            values = self._publish(con, kind, year, list(range(len(periods))), closure, whole=True)
            seconds = perf_counter() - started
            listing.write_due(con)
        lists_seconds = perf_counter() - started - seconds
        if progress:
            progress("compute", len(periods), len(periods))
        logger.info("analytics compute %s %s: %s values in %.2f s (SQL %.2f s), then their lists in %.2f s", kind,
                    year, values, seconds, sql_seconds, lists_seconds)
        return ComputeResult(kind=kind, year=year, periods=len(periods), values=values, seconds=seconds,
                             sql_seconds=sql_seconds, lists_seconds=lists_seconds)

    def refresh(self, kinds: Iterable[str], year: int, *, progress: Progress | None = None
                ) -> tuple[SyncResult, list[ComputeResult]]:
        """The scheduled job: copy what changed (which updates the stored sums), then write the
        figures of every period the change touched, for every stored (kind, year). A (kind, ``year``)
        asked for but not stored yet, or stored before the lineage dates changed, is computed from the
        facts."""
        with self.connect():  # one connection for the whole job
            return self._refresh(kinds, year, progress)

    def _refresh(self, kinds: Iterable[str], year: int, progress: Progress | None
                 ) -> tuple[SyncResult, list[ComputeResult]]:
        synced = self.sync(progress=progress)
        closure, cutoffs = closure_table()
        current = cutoffs_text(cutoffs)
        with self.connect() as con:
            stored = dict(((k, y), c) for k, y, c in con.execute("SELECT kind, year, cutoffs FROM cube_meta").fetchall())
            touched = con.execute("SELECT DISTINCT kind, year FROM unpublished").fetchall()
        stale = {(k, year) for k in kinds if stored.get((k, year)) != current}
        stale |= {(k, y) for k, y in touched if stored.get((k, y)) != current}
        results = [self.compute(k, y, progress=progress) for k, y in sorted(stale)]
        with self.connect() as con:
            pending: dict[tuple[str, int], list[int]] = {}
            for k, y, pidx in con.execute("SELECT kind, year, pidx FROM unpublished ORDER BY ALL").fetchall():
                pending.setdefault((k, y), []).append(pidx)
            published = []
            with _threads(con, 1):
                for (kind, y), pidxs in pending.items():
                    began = perf_counter()
                    values = self._publish(con, kind, y, pidxs, closure, whole=False)
                    published.append(ComputeResult(kind=kind, year=y, periods=len(pidxs), values=values,
                                                   seconds=perf_counter() - began, sql_seconds=0.0))
            # Every figure is published before any list is written: the lists follow, from the same facts.
            began = perf_counter()
            listing.write_due(con)
            if published:
                published[-1] = replace(published[-1], lists_seconds=perf_counter() - began)
        return synced, results + published

    def rebuild(self, kind: str, year: int, *, progress: Progress | None = None) -> ComputeResult:
        """A full copy of the facts, then ``compute``: what to run after a bulk correction or deletion."""
        self.sync(incremental=False, progress=progress)
        return self.compute(kind, year, progress=progress)

    def _require_synced(self, con: duckdb.DuckDBPyConnection) -> None:
        if not con.execute("SELECT count(*) FROM sync_meta").fetchone()[0]:
            # An empty store would replace every figure with zeros.
            raise DomainError(
                _("Kho dữ liệu phân tích {path} chưa được đồng bộ: chạy «cchc kpi sync» trước.").format(path=self.path)
            )

    @staticmethod
    def _publish(con: duckdb.DuckDBPyConnection, kind: str, year: int, pidxs: list[int], closure: pa.Table, *,
                 whole: bool) -> int:
        """Roll the stored sums of periods ``pidxs`` up the unit tree and replace their KpiValue rows; their
        lists of dossiers are then due under the rows' as-of stamp (cchc.analytics.listing.mark_due,
        written by ``write_due`` once every figure of the job is out): whole, or (a refresh) the months of
        receipt the changes since the last writing touched. Writing the lists after the figures keeps
        them off the figures' path: at 10M dossiers they cost more than the figures."""
        periods = kpis.periods_of(year, kind)
        chosen = [periods[i] for i in pidxs]
        con.register("closure", closure)
        con.register("targets", target_table(periods, pidxs))
        wanted = ", ".join(str(int(i)) for i in pidxs)
        cube = (f"(SELECT * FROM cube WHERE kind = '{kind}' AND year = {int(year)} AND pidx IN ({wanted}))")
        result = con.execute(rollup_sql(cube)).to_arrow_table()
        con.unregister("closure")
        con.unregister("targets")
        rows = value_rows(kind, periods, result)
        as_of = timezone.now()
        replace_values(kind, [s for s, _e in chosen], rows, as_of)
        con.begin()
        listing.mark_due(con, kind, year, pidxs, as_of, whole=whole)
        con.execute(f"DELETE FROM unpublished WHERE kind = ? AND year = ? AND pidx IN ({wanted})", [kind, year])
        con.commit()
        return len(rows)


@contextmanager
def _threads(con: duckdb.DuckDBPyConnection, threads: int | None) -> Iterator[None]:
    """DuckDB's worker threads for a stretch of work (None: its default, one per core). Incremental
    work runs on one: on 100k changed dossiers, two threads spent more coordinating than they saved and
    competed with the thread reading the database (refresh 0.86 s against 0.99 s, same run, 2 cores).
    Scans of the whole store keep every core."""
    before = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("RESET threads" if threads is None else f"SET threads = {int(threads)}")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(before)}")


def default_path() -> Path:
    return Path(getattr(settings, "ANALYTICS_DUCKDB_PATH", settings.DATA_DIR / "analytics.duckdb"))


