"""KPI engine at scale: initial load, full recompute and incremental refresh, against pandas and PostgreSQL.

    .venv/bin/python bench/kpi_engine.py [--count 10000000] [--new 100000] [--data-dir DIR]
    PGPORT=55440 scripts/with-postgres.sh .venv/bin/python bench/kpi_engine.py --count 10000000

Sets up a throwaway database (CCHC_DATA_DIR in a temp dir, or ``--data-dir`` to reuse one made by an
earlier run: its dossiers are kept and only the missing ones are generated; SQLite by default, PostgreSQL
when CCHC_DATABASE_URL is set, the database being created if missing) with the real units of Bình Định
and the shipped procedure catalogue, then writes ``--count`` synthetic dossiers received in ``--year``
(cchc.demo.dossiers.generate: executemany on SQLite, COPY on PostgreSQL) and measures:

1. initial load: ``FactStore.sync(incremental=False)``, every dossier into the DuckDB fact store;
2. full recompute: ``FactStore.compute("quarter", year)``, every KPI for every unit × quarter with the
   rollups (the whole call, and its one DuckDB statement alone), best of ``--repeat``;
3. the same computation in pandas (facts loaded from the DuckDB store through Arrow, untimed; then the
   procedure join, the 766 timeliness classification, the measures grouped per unit × quarter × lineage
   bucket and summed up the same rollup closure, timed), checked equal to DuckDB's result;
4. on PostgreSQL only: the engine's own KPI statement as one SQL query over the dossiers table (a view
   renames the columns the way the fact store names them), checked equal to DuckDB's result;
5. incremental refresh, ``--repeat`` times: ``--new`` more dossiers received in the year's last month, then
   ``FactStore.refresh`` of every kind of period (the scheduled job: sync, then write the periods the new
   dossiers touched), checked equal to a full recompute at the end; met when the median is ≤ 1 s.

Bars (issue #3): full recompute ≤ 1.5 s; incremental refresh after 100k new dossiers ≤ 1 s, both until
the figures are published. The drill-down lists of those figures are written right after (issue #9,
cchc.analytics.listing.write_due); their seconds, and the total until they are ready, are reported beside.
Peak memory is the process's peak RSS during each step (Linux: VmHWM reset through /proc/self/clear_refs).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--count", type=int, default=10_000_000, help="dossiers in the store (default 10M)")
    parser.add_argument("--new", type=int, default=100_000, help="dossiers added before the incremental refresh")
    parser.add_argument("--year", type=int, default=2025, help="year the dossiers are received in and computed for")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions of each computation")
    parser.add_argument("--data-dir", help="reuse (or create) this data directory instead of a temp one")
    parser.add_argument("--skip-pandas", action="store_true", help="leave out the pandas comparison")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    from bench.common import use_data_dir

    use_data_dir(ARGS.data_dir, "cchc-bench-kpi-")


# --- measuring --------------------------------------------------------------------------------------

def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def step(results: dict, name: str):
    reset_peak()
    began = time.perf_counter()
    yield
    results[name] = (time.perf_counter() - began, peak_mib())


def best(samples: list[float]) -> str:
    return f"{min(samples):.2f} (median {statistics.median(samples):.2f})"


# --- pandas: the same computation --------------------------------------------------------------------

def load_facts(store):
    """The facts as DataFrames, from the DuckDB store through Arrow (not timed)."""
    with store.connect() as con:
        dossiers = con.execute("SELECT * FROM dossiers").to_arrow_table().to_pandas(date_as_object=False)
        procedures = con.execute("SELECT * FROM procedures").to_arrow_table().to_pandas()
    return dossiers, procedures


def pandas_kpis(d, procedures, periods, closure, cutoffs, targets):
    """cchc.analytics.sql.kpi_sql in pandas/numpy: same scope, classification, measures and rollup."""
    import numpy as np
    import pandas as pd

    from cchc.analytics.sql import KPI_SQL

    d = d[~d["status"].isin([1, 3])]
    procs = procedures.rename(columns={"id": "procedure_id"})
    f = d.merge(procs, on="procedure_id", how="left")
    status = f["status"].to_numpy()
    rec = f["received_us"].to_numpy()
    fin = f["finished_us"].to_numpy(dtype="float64")  # NaN = NULL (exact: values < 2**53)
    due = f["due_us"].to_numpy(dtype="float64")
    limit = f["limit_us"].to_numpy(dtype="float64")
    wait = f["supplement_wait_us"].to_numpy()
    due_day = f["due_day"].to_numpy()
    fin_day = f["finished_day"].to_numpy()
    rec_day = f["received_day"].to_numpy()
    supp = f["supplement_count"].to_numpy()
    online_level = f["online_level"].fillna("none").to_numpy()
    has_fee = f["has_fee"].fillna(False).to_numpy(dtype=bool)
    result_doc = f["result_is_document"].fillna(True).to_numpy(dtype=bool)
    rating = f["rating"].to_numpy(dtype="float64")
    unit = f["unit_id"].to_numpy()
    bucket = np.zeros(len(f), dtype=np.int32)
    for cutoff in cutoffs:
        bucket += rec_day >= np.datetime64(cutoff)
    done_status = np.isin(status, (7, 9, 10))
    has_due, has_limit, has_fin = ~np.isnan(due), ~np.isnan(limit), ~np.isnan(fin)
    full_proc = online_level == "full"
    fee = has_fee & (f["fee_amount"].to_numpy() > 0)
    result_ok = f["result_digitised"].to_numpy() | ~result_doc
    # finished-dossier classes do not depend on the period
    fin_cls = np.select(
        [has_due & (fin_day < due_day), has_due & (fin_day == due_day), has_due,
         has_limit & (fin - rec - wait <= limit), has_limit],
        [1, 2, 3, 2, 3], 2)  # 1 early, 2 on_time, 3 late, 4 pending_on_time, 5 pending_overdue
    parts = []
    for _kind, _year, pidx, _start_day, end_day, start_us, end_us in periods.itertuples(index=False):
        lower = np.where(has_fin, fin, np.where(done_status, rec, start_us))
        scope = (rec <= end_us) & (lower >= start_us)
        open_ = ~has_fin | (fin > end_us)
        end_day64 = np.datetime64(end_day)
        pending = np.where(has_due, np.where(due_day >= end_day64, 4, 5),
                           np.where(has_limit, np.where(end_us - rec - wait <= limit, 4, 5), 4))
        cls = np.select([supp > 1, np.isin(status, (5, 6, 8)), (status == 7) & ~(fin > end_us), open_],
                        [3, 4, 2, pending], fin_cls)
        is_rec = rec >= start_us
        is_fin = done_status & (fin >= start_us) & (fin <= end_us)
        late_all = (cls == 3) | (cls == 5)
        rated = is_rec & (rating >= 1) & (rating <= 3)
        m = {
            "handled": np.ones(len(f), dtype=bool), "received": is_rec, "received_competent": is_rec,
            "finished": is_fin,
            "early": cls == 1, "on_time": cls == 2, "late": cls == 3,
            "pending_on_time": cls == 4, "pending_overdue": cls == 5, "supplement_over_once": supp > 1,
            "late_all": late_all, "late_apology": late_all & f["has_apology"].to_numpy(),
            "fullprocess_eligible": is_rec & full_proc, "fullprocess_done": is_rec & full_proc & f["online_full"].to_numpy(),
            "channel_online": is_rec & (f["channel"].to_numpy() == 2),
            "channel_postal": is_rec & (f["channel"].to_numpy() == 3),
            "fee_dossiers": is_rec & fee, "paid_online": is_rec & fee & f["paid_online"].to_numpy(),
            "digitised": is_rec & f["components_digitised"].to_numpy() & result_ok,
            "results_digitised": is_fin & result_ok, "reused": is_rec & f["reused_data"].to_numpy(),
            "rated": rated, "satisfied": is_rec & ((rating == 1) | (rating == 2)),
            "rating_sum": np.where(rated, rating, 0).astype(np.int64),
        }
        frame = pd.DataFrame({k: v[scope] for k, v in m.items()})
        frame["unit_id"], frame["bucket"] = unit[scope], bucket[scope]
        s = frame.groupby(["unit_id", "bucket"], sort=False).sum().reset_index()
        s["pidx"] = pidx
        parts.append(s)
    s = pd.concat(parts, ignore_index=True)
    r = s.merge(closure, on="unit_id")
    r = r[r["bucket"] < r["until_bucket"]]
    names = [c for c in s.columns if c not in ("unit_id", "bucket", "pidx")]
    r = r.drop(columns=["unit_id", "bucket", "until_bucket"]).groupby(["ancestor_id", "pidx"]).sum().reset_index()
    r = r.rename(columns={"ancestor_id": "unit_id"})
    t = r.merge(targets, on=["unit_id", "pidx"], how="outer").fillna({n: 0 for n in names})
    out = pd.DataFrame({"unit_id": t["unit_id"], "pidx": t["pidx"]})
    for code, (numerator, denominator) in KPI_SQL.items():
        out[f"{code}__n"] = t.eval(numerator).astype("int64")
        if denominator is not None:
            out[f"{code}__d"] = t.eval(denominator).astype("int64")
    return out.sort_values(["pidx", "unit_id"]).reset_index(drop=True)


# --- PostgreSQL: the engine's statement over the dossiers table -----------------------------------------

PG_FACTS = """
CREATE OR REPLACE TEMP VIEW bench_facts AS
SELECT d.id, d.unit_id, d.prior_unit_id, d.transferred_at AS transferred_us,
       (d.transferred_at AT TIME ZONE %(tz)s)::date AS transferred_day, d.receiving_unit_id,
       d.procedure_id, d.status, d.channel, d.online_full,
       d.received_at AS received_us, (d.received_at AT TIME ZONE %(tz)s)::date AS received_day,
       d.due_at AS due_us, (d.due_at AT TIME ZONE %(tz)s)::date AS due_day,
       d.finished_at AS finished_us, (d.finished_at AT TIME ZONE %(tz)s)::date AS finished_day,
       d.supplement_count, d.supplement_wait_seconds * interval '1 second' AS supplement_wait_us,
       d.apology_at IS NOT NULL AS has_apology, d.fee_amount, d.paid_online, d.components_digitised,
       d.result_digitised, d.reused_data, d.rating
FROM {table} d
"""


def pg_inputs(cursor, periods, closure, targets, store) -> None:
    """The statement's small inputs as temporary tables (times as timestamptz, durations as intervals)."""
    from django.conf import settings

    from cchc.analytics.extract import from_epoch_us
    from cchc.dossiers.models import Dossier

    cursor.execute(PG_FACTS.format(table=Dossier._meta.db_table).replace("%(tz)s", "'" + settings.TIME_ZONE + "'"))
    cursor.execute("DROP TABLE IF EXISTS periods, closure, targets, procedures")
    cursor.execute("CREATE TEMP TABLE periods (kind text, year int, pidx int, start_day date, end_day date, "
                   "start_us timestamptz, end_us timestamptz)")
    cursor.executemany("INSERT INTO periods VALUES (%s, %s, %s, %s, %s, %s, %s)",
                       [(k, int(y), int(p), s, e, from_epoch_us(int(su)), from_epoch_us(int(eu)))
                        for k, y, p, s, e, su, eu in periods.itertuples(index=False)])
    cursor.execute("CREATE TEMP TABLE closure (unit_id bigint, ancestor_id bigint, until_bucket int)")
    cursor.executemany("INSERT INTO closure VALUES (%s, %s, %s)", closure.itertuples(index=False, name=None))
    cursor.execute("CREATE TEMP TABLE targets (unit_id bigint, pidx int)")
    cursor.executemany("INSERT INTO targets VALUES (%s, %s)", targets.itertuples(index=False, name=None))
    with store.connect() as con:
        procs = con.execute("SELECT id, limit_us, online_level, has_fee, result_is_document FROM procedures").fetchall()
    cursor.execute("CREATE TEMP TABLE procedures (id bigint PRIMARY KEY, limit_us interval, online_level text, "
                   "has_fee boolean, result_is_document boolean)")
    cursor.executemany("INSERT INTO procedures VALUES (%s, make_interval(secs => %s::numeric / 1000000), %s, %s, %s)",
                       procs)
    cursor.execute("ANALYZE periods; ANALYZE closure; ANALYZE targets; ANALYZE procedures")


# --- main ---------------------------------------------------------------------------------------------

def main() -> None:
    args = ARGS
    from bench.common import ensure_postgres_database

    ensure_postgres_database()
    import django

    django.setup()
    import duckdb
    import pandas as pd
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table

    from cchc.analytics import inputs
    from cchc.analytics import sql as kpi_statement
    from cchc.analytics.models import KpiValue
    from cchc.analytics.store import FactStore
    from cchc.core import kpis
    from cchc.demo.dossiers import generate
    from cchc.dossiers.catalogue import import_demo_catalogue
    from cchc.dossiers.models import Dossier, Procedure
    from cchc.units.models import Unit
    from cchc.units.services import import_province

    console = Console(width=None if sys.stdout.isatty() else 160)
    vendor = connection.vendor
    console.print(f"[bold]{vendor}[/] · data dir {settings.DATA_DIR} · {os.cpu_count()} cores · "
                  f"Python {platform.python_version()} · DuckDB {duckdb.__version__} · pandas {pd.__version__}")
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        import_province("Bình Định")
    if not Procedure.objects.exists():
        import_demo_catalogue()
    year, start, end = args.year, date(args.year, 1, 1), date(args.year, 12, 31)
    results: dict[str, tuple[float, float]] = {}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())

    def make(n: int, label: str) -> None:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(label, total=n)
            with step(results, label):
                generate(count=n, start=start, end=end, progress=lambda done, total: bar.update(task, completed=done))

    have = Dossier.objects.count()
    if have < args.count:
        make(args.count - have, f"sinh {args.count - have:,} hồ sơ")
    elif have > args.count:
        console.print(f"[yellow]{have:,} hồ sơ đã có (> --count {args.count:,}): đo trên {have:,}[/]")
    count = Dossier.objects.count()

    store = FactStore()
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("nạp kho DuckDB", total=count)
        with step(results, "initial load"):
            synced = store.sync(incremental=False, progress=lambda _s, done, total: bar.update(task, completed=done))
    assert synced.copied == count, (synced.copied, count)
    console.print(f"nạp lần đầu: {synced.copied:,} hồ sơ trong {synced.seconds:.1f} s")

    # --- full recompute (DuckDB), repeated ---
    full, sql, full_lists = [], [], []  # until the figures are published; their SQL; then their lists
    peak = 0.0
    for _ in range(args.repeat):
        reset_peak()
        r = store.compute("quarter", year)
        full.append(r.seconds)
        sql.append(r.sql_seconds)
        full_lists.append(r.lists_seconds)
        peak = max(peak, peak_mib())
    values = KpiValue.objects.filter(period_kind="quarter", period_start__year=year).count()
    console.print(f"tính lại toàn bộ: {r.values:,} giá trị, {best(full)} s (SQL {best(sql)} s)")

    # Baseline: the same figures as one statement classifying every dossier in every period (what the
    # engine ran before it kept derived columns); its result is also the reference of the equality checks.
    periods_list = kpis.periods_of(year, "quarter")
    periods_arrow = inputs.periods_table([("quarter", year)])
    periods = periods_arrow.to_pandas()
    closure_arrow, cutoffs = inputs.closure_table()
    targets_arrow = inputs.target_table(periods_list)
    one_statement = []
    with store.connect() as con:
        con.register("periods", periods_arrow)
        con.register("closure", closure_arrow)
        con.register("targets", targets_arrow)
        for _ in range(args.repeat):
            began = time.perf_counter()
            reference = con.execute(kpi_statement.kpi_sql(cutoffs)).to_arrow_table().to_pandas()
            one_statement.append(time.perf_counter() - began)

    def stored_figures(kind: str) -> dict:
        return {(v[0], v[1], v[2]): (v[3], v[4]) for v in KpiValue.objects.filter(
            period_kind=kind, period_start__year=year).values_list("unit_id", "period_start", "kpi_code",
                                                                   "numerator", "denominator")}

    def reference_figures() -> dict:
        out = {}
        for row in reference.itertuples(index=False):
            row = row._asdict()
            for code, (_n, d) in kpi_statement.KPI_SQL.items():
                out[(int(row["unit_id"]), periods_list[int(row["pidx"])][0], code)] = (
                    int(row[f"{code}__n"]), None if d is None else int(row[f"{code}__d"]))
        return out

    engine_ok = stored_figures("quarter") == reference_figures()
    closure, targets = closure_arrow.to_pandas(), targets_arrow.to_pandas()

    def same(frame: pd.DataFrame) -> bool:
        a = reference.sort_values(["pidx", "unit_id"]).reset_index(drop=True)
        b = frame.sort_values(["pidx", "unit_id"]).reset_index(drop=True)[list(a.columns)]
        return a.shape == b.shape and bool((a.astype("int64").to_numpy() == b.astype("int64").to_numpy()).all())

    # --- pandas ---
    pandas_times, pandas_peak, pandas_ok, load_s = [], 0.0, None, None
    if not args.skip_pandas:
        with console.status("pandas: nạp dữ kiện từ DuckDB qua Arrow"):
            began = time.perf_counter()
            facts, procedures = load_facts(store)
            load_s = time.perf_counter() - began
        with console.status("pandas: tính"):
            for _ in range(args.repeat):
                reset_peak()
                began = time.perf_counter()
                out = pandas_kpis(facts, procedures, periods, closure, cutoffs, targets)
                pandas_times.append(time.perf_counter() - began)
                pandas_peak = max(pandas_peak, peak_mib())
        pandas_ok = same(out)
        del facts, procedures, out

    # --- PostgreSQL: one SQL query over the dossiers table ---
    pg_times, pg_ok = [], None
    if vendor == "postgresql":
        with connection.cursor() as cursor, console.status("PostgreSQL: một câu SQL trên bảng hồ sơ"):
            cursor.execute(f"ANALYZE {Dossier._meta.db_table}")
            pg_inputs(cursor, periods, closure, targets, store)
            statement = kpi_statement.kpi_sql(cutoffs).replace("FROM dossiers d", "FROM bench_facts d")
            for _ in range(args.repeat):
                began = time.perf_counter()
                cursor.execute(statement)
                rows = cursor.fetchall()
                pg_times.append(time.perf_counter() - began)
            names = [c.name for c in cursor.description]
        pg_ok = same(pd.DataFrame(rows, columns=names).astype("int64"))

    # --- incremental refresh: what the scheduled job does after new dossiers arrive ---
    # Every kind of period is computed once first (the job keeps all five current), then ``--new``
    # dossiers are received in the year's last month (new dossiers are recent ones), then one refresh.
    for kind in kpis.PERIOD_KINDS:
        if kind != "quarter":
            store.compute(kind, year)
    # Each repetition: ``--new`` more dossiers, then one refresh (timed); the store is not reset between them.
    refreshes = []  # (seconds to the figures, sync seconds, publish seconds, values, periods, lists seconds)
    inc_peak = 0.0
    for i in range(args.repeat):
        have_before = Dossier.objects.count()
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"sinh thêm {args.new:,} hồ sơ ({i + 1}/{args.repeat})", total=args.new)
            with step(results, f"sinh thêm {args.new:,} hồ sơ"):
                generate(count=args.new, start=date(year, 12, 1), end=end, seed=767 + i,
                         progress=lambda done, total, task=task: bar.update(task, completed=done))
        assert Dossier.objects.count() == have_before + args.new
        reset_peak()
        began = time.perf_counter()
        inc_sync, inc_results = store.refresh(kpis.PERIOD_KINDS, year)
        lists_s = sum(r.lists_seconds for r in inc_results)  # written after every figure is published
        refreshes.append((time.perf_counter() - began - lists_s, inc_sync.seconds, sum(r.seconds for r in inc_results),
                          sum(r.values for r in inc_results), sum(r.periods for r in inc_results), lists_s))
        inc_peak = max(inc_peak, peak_mib())
        assert inc_sync.copied == args.new and not inc_sync.full, inc_sync
        console.print(f"làm mới {i + 1}: số liệu {refreshes[-1][0]:.2f} s, rồi danh sách {lists_s:.2f} s "
                      f"(sync {inc_sync.seconds:.2f}: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in inc_sync.stages.items()) + ")")
    refreshed = stored_figures("quarter")
    store.compute("quarter", year)
    refresh_ok = refreshed == stored_figures("quarter")
    inc_best = min(refreshes)
    inc_total, inc_values, inc_periods = inc_best[0], inc_best[3], inc_best[4]

    # --- report ---
    duck = min(one_statement)  # the baseline: one statement classifying every dossier in every period
    table = Table(title=f"Máy KPI, {vendor}, {count:,} hồ sơ năm {year} (+{args.new:,}), "
                        f"{len(periods_list)} quý, {values // len(kpi_statement.KPI_SQL):,} dòng đơn vị × quý, "
                        f"{values:,} giá trị; giây, tốt nhất của {args.repeat}")
    for col in ("bước", "giây", "so với mốc", "RSS đỉnh (MiB)", "ngưỡng", "đạt"):
        table.add_column(col, justify="right")
    gen = [v for k, v in results.items() if k.startswith("sinh ") and "thêm" not in k]
    if gen:
        table.add_row(f"sinh hồ sơ ({vendor}, demo.generate)", f"{gen[0][0]:.1f}", "", f"{gen[0][1]:.0f}", "", "")
    load, load_peak = results["initial load"]
    table.add_row(f"nạp lần đầu (sync đầy đủ, {count / load:,.0f} hồ sơ/s)", f"{load:.1f}", f"{load / duck:.0f}×",
                  f"{load_peak:.0f}", "", "")
    table.add_row("tính lại toàn bộ: compute(\"quarter\")", best(full), f"{min(full) / duck:.2f}×", f"{peak:.0f}",
                  "≤ 1.5", ("có" if min(full) <= 1.5 else "KHÔNG") + ("" if engine_ok else ", KẾT QUẢ KHÁC"))
    table.add_row("  trong đó câu SQL của máy (tổng theo đơn vị)", best(sql), f"{min(sql) / duck:.2f}×", "", "", "")
    table.add_row("  trong đó cộng dồn lên cây đơn vị, ghi KpiValue", f"{min(full) - min(sql):.2f}", "", "", "", "")
    table.add_row("  rồi danh sách hồ sơ của các số liệu (sau khi số liệu đã công bố)", best(full_lists), "", "", "",
                  "")
    table.add_row("  tổng, đến khi danh sách sẵn sàng (trung vị)",
                  f"{statistics.median(f + li for f, li in zip(full, full_lists, strict=True)):.2f}", "", "", "", "")
    table.add_row("mốc so sánh: một câu SQL phân loại mọi hồ sơ ở mọi kỳ (kpi_sql)", best(one_statement), "1.0×",
                  "", "", "kết quả khớp" if engine_ok else "KẾT QUẢ KHÁC")
    if pandas_times:
        table.add_row(f"pandas, cùng phép tính (nạp qua Arrow {load_s:.1f} s, không tính)", best(pandas_times),
                      f"{min(pandas_times) / duck:.1f}×", f"{pandas_peak:.0f}", "",
                      "kết quả khớp" if pandas_ok else "KẾT QUẢ KHÁC")
    if pg_times:
        table.add_row("PostgreSQL, một câu SQL trên bảng hồ sơ", best(pg_times), f"{min(pg_times) / duck:.1f}×",
                      "", "", "kết quả khớp" if pg_ok else "KẾT QUẢ KHÁC")
    table.add_row(f"sinh thêm {args.new:,} hồ sơ (không tính vào làm mới)",
                  f"{results[f'sinh thêm {args.new:,} hồ sơ'][0]:.1f}", "", "", "", "")
    table.add_row(f"làm mới tăng dần, 5 loại kỳ: sync() {inc_best[1]:.2f} + ghi {inc_periods} kỳ "
                  f"({inc_values:,} giá trị) {inc_best[2]:.2f}",
                  best([r[0] for r in refreshes]), f"{inc_total / duck:.2f}×", f"{inc_peak:.0f}", "≤ 1",
                  ("có" if statistics.median(r[0] for r in refreshes) <= 1 else "KHÔNG")
                  + ("" if refresh_ok else ", KHÁC tính lại toàn bộ"))
    table.add_row("  rồi danh sách hồ sơ của các kỳ đã ghi (sau khi số liệu đã công bố)", best([r[5] for r in refreshes]),
                  "", "", "", "")
    table.add_row("  tổng, đến khi danh sách sẵn sàng (trung vị)",
                  f"{statistics.median(r[0] + r[5] for r in refreshes):.2f}", "", "", "", "")
    console.print(table)
    console.print(f"Thư mục dữ liệu (dùng lại với --data-dir, xóa khi xong): {settings.DATA_DIR}")


if __name__ == "__main__":
    main()
