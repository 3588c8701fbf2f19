"""The dossiers behind a figure: kept beside the figures, from the same classification.

The fact store keeps, per (period, listed KPI), the dossiers of that KPI's list (``drill``, written by
cchc.analytics.sql.drill_sql from the very rows the figures are summed from, and kept up to date by the
incremental sync like the sums). Publishing a period writes its lists to one Parquet file named by the
period and the as-of stamp of the ``KpiValue`` rows written with them, sorted by KPI and unit; a page
reads the file of the figure it explains (cchc.analytics.services.listed_dossiers), so a list and its
figure always come from the same computation.

Why files and not a table of the system of record: a list holds up to every dossier of a period (the
dossiers not reusing data are most of them), for five kinds of period: about 8 rows per dossier. Written
into SQLite, 200k dossiers' lists took 8 s per full computation and a refresh after 20k new dossiers
3-4 s (the figures alone: 0.5 s and 0.4 s); written as Parquet by DuckDB they cost a fraction of a
second, and a page reads its rows by row-group statistics on (KPI, unit) (ARCHITECTURE "Scale").
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from django.conf import settings

from .sql import DRILL_COLUMNS


def lists_dir() -> Path:
    """Where the lists are written (beside the fact store unless ``ANALYTICS_LISTS_DIR`` says otherwise)."""
    from .store import default_path

    return Path(getattr(settings, "ANALYTICS_LISTS_DIR", default_path().parent / "kpi-lists"))


def stamp_of(as_of: datetime) -> str:
    return as_of.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def path_of(kind: str, start: date, as_of: datetime) -> Path:
    """The file holding the lists of period (kind, start) computed at ``as_of``."""
    return lists_dir() / kind / start.isoformat() / f"{stamp_of(as_of)}.parquet"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS drill ({DRILL_COLUMNS})")


def write(con: duckdb.DuckDBPyConnection, kind: str, year: int, pidxs: list[int],
          periods: list[tuple[date, date]], as_of: datetime) -> list[Path]:
    """Write the lists of periods ``pidxs`` for figures stamped ``as_of`` (before those figures are
    committed, so a page never finds a figure without its file). Returns the files written."""
    written = []
    for pidx in pidxs:
        path = path_of(kind, periods[pidx][0], as_of)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        con.execute(
            f"COPY (SELECT unit_id, received_day, dossier_id, cls, lists FROM drill WHERE kind = '{kind}' "
            f"AND year = {int(year)} AND pidx = {int(pidx)} ORDER BY unit_id, dossier_id DESC) "
            f"TO '{partial}' (FORMAT parquet)"
        )
        os.replace(partial, path)  # readers find the whole file or none
        written.append(path)
    return written


def forget_older(written: list[Path]) -> None:
    """Once the new figures are committed, the files of the figures they replaced are no longer read."""
    for path in written:
        for old in path.parent.glob("*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)


def discard(written: list[Path]) -> None:
    """The figures were not committed: their files are never read."""
    for path in written:
        path.unlink(missing_ok=True)
