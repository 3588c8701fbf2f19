"""The dossiers behind a figure: kept beside the figures, from the same classification.

The lists are computed right after a period's figures are published, from the same facts and by the
very classification the figures are summed from (cchc.analytics.sql.full_drill: one row per period and
dossier in at least one list, a bit per listed KPI; the dossiers closed within one period read from their
derived columns). Publishing marks the period's lists due (``mark_due``, with the figures' as-of stamp);
once every figure of the job is out, ``write_due`` writes them as Parquet files, one per month of receipt
(receipts before the year in one), sorted by unit, and a manifest named by the period and that stamp,
naming the files that make its lists. The store copies no new facts while lists are due (the sync writes
them first), so a list and its figure always come from the same computation; a page reads the files of
the figure it explains (cchc.analytics.services.listed_dossiers) and, in the seconds between the figure
and its list, says the list is being prepared. The lists follow the figures rather than precede them
because at 10M dossiers they cost more than the figures (docs/benchmarks.md "Drill-down lists"). A refresh rewrites only the months of
receipt its changed dossiers fall in (``unlisted``) and names the other months' files of the manifest before:
after new dossiers, the year's lists cost the new month's rows, not the year's (at 10M dossiers a whole
year's lists are more than the refresh's budget of a second).

Why files and not a table of the system of record: a list holds up to every dossier of a period (the
dossiers not reusing data are most of them), for five kinds of period: about 8 rows per dossier. Written
into SQLite, 200k dossiers' lists took 8 s per full computation and a refresh after 20k new dossiers
3-4 s (the figures alone: 0.5 s and 0.4 s); written as Parquet by DuckDB they cost a fraction of a
second, and a page reads its rows by row-group statistics on the unit (ARCHITECTURE "Scale").
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import transaction

from cchc.core import kpis

from .inputs import periods_table
from .sql import full_drill


def lists_dir() -> Path:
    """Where the lists are written (beside the fact store unless ``ANALYTICS_LISTS_DIR`` says otherwise)."""
    from .store import default_path

    return Path(getattr(settings, "ANALYTICS_LISTS_DIR", default_path().parent / "kpi-lists"))


def stamp_of(as_of: datetime) -> str:
    return as_of.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def path_of(kind: str, start: date, as_of: datetime) -> Path:
    """The manifest of the lists of period (kind, start) computed at ``as_of``."""
    return lists_dir() / kind / start.isoformat() / f"{stamp_of(as_of)}.json"


def files_of(kind: str, start: date, as_of: datetime) -> list[Path] | None:
    """The Parquet files holding the lists of period (kind, start) computed at ``as_of`` (None: no
    lists were written with that figure)."""
    try:
        parts = json.loads(path_of(kind, start, as_of).read_text())
    except (FileNotFoundError, NotADirectoryError):  # not written (yet)
        return None
    return [lists_dir() / name for name in parts.values()]


def part_sql(year: int) -> str:
    """The month of receipt a list row is filed under (receipts before ``year`` under one)."""
    return f"greatest(year(received_day) * 12 + month(received_day) - 1, {int(year) * 12 - 1})"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    # Months of receipt (part_sql) whose rows of a period's lists changed since they were last written.
    con.execute("CREATE TABLE IF NOT EXISTS unlisted (kind VARCHAR, year INTEGER, pidx INTEGER, part INTEGER)")
    # Periods whose figures are published (as-of stamp in UTC epoch microseconds) and whose lists are not
    # written yet: whole (every month of receipt) or the ``unlisted`` months only.
    con.execute("CREATE TABLE IF NOT EXISTS lists_due (kind VARCHAR, year INTEGER, pidx INTEGER, as_of_us BIGINT, "
                "whole BOOLEAN)")


def mark_due(con: duckdb.DuckDBPyConnection, kind: str, year: int, pidxs: list[int], as_of: datetime, *,
             whole: bool) -> None:
    """The figures of periods ``pidxs`` were just published at ``as_of``: their lists are to be written
    (``write_due``) from the same facts, before the store copies anything new. A period still due from an
    earlier publication keeps its ``whole``."""
    wanted = ", ".join(str(int(i)) for i in pidxs)
    before = {pidx for (pidx,) in con.execute(
        f"SELECT pidx FROM lists_due WHERE kind = ? AND year = ? AND whole AND pidx IN ({wanted})",
        [kind, year]).fetchall()}
    con.execute(f"DELETE FROM lists_due WHERE kind = ? AND year = ? AND pidx IN ({wanted})", [kind, year])
    stamp = int((as_of - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))
    con.executemany("INSERT INTO lists_due VALUES (?, ?, ?, ?, ?)",
                    [(kind, year, int(pidx), stamp, whole or pidx in before) for pidx in pidxs])


def write_due(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """Write the lists of every period whose figures were published since (``mark_due``), under their
    figures' as-of stamp, and forget the lists they replace once those figures are committed. Until then a
    page finds no manifest for its figure and says the list is being prepared. Returns the manifests
    written."""
    groups: dict[tuple[str, int, int, bool], list[int]] = {}
    for kind, year, pidx, as_of_us, whole in con.execute(
            "SELECT kind, year, pidx, as_of_us, whole FROM lists_due ORDER BY ALL").fetchall():
        groups.setdefault((kind, year, as_of_us, whole), []).append(pidx)
    written: list[Path] = []
    for (kind, year, as_of_us, whole), pidxs in groups.items():
        as_of = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=as_of_us)
        manifests = write(con, kind, year, pidxs, kpis.periods_of(year, kind), as_of, whole=whole)
        wanted = ", ".join(str(int(i)) for i in pidxs)
        con.execute(f"DELETE FROM lists_due WHERE kind = ? AND year = ? AND as_of_us = ? AND pidx IN ({wanted})",
                    [kind, year, as_of_us])
        con.execute(f"DELETE FROM unlisted WHERE kind = ? AND year = ? AND pidx IN ({wanted})", [kind, year])
        written += manifests
    if written:
        transaction.on_commit(lambda: forget_older(written))
    return written


def _latest(folder: Path) -> dict[str, str] | None:
    manifests = sorted(folder.glob("*.json"))
    return json.loads(manifests[-1].read_text()) if manifests else None


def write(con: duckdb.DuckDBPyConnection, kind: str, year: int, pidxs: list[int],
          periods: list[tuple[date, date]], as_of: datetime, *, whole: bool = True) -> list[Path]:
    """Write the lists of periods ``pidxs`` for figures stamped ``as_of`` (``write_due``, from the facts
    those figures were computed from): every month of receipt if ``whole``,
    else those ``unlisted`` names, the others' files taken from the period's latest manifest. Returns
    the manifests written."""
    stamp = stamp_of(as_of)
    folders = {pidx: lists_dir() / kind / periods[pidx][0].isoformat() for pidx in pidxs}
    previous = {pidx: _latest(folder) for pidx, folder in folders.items()}
    whole = whole or any(p is None for p in previous.values())
    wanted = ", ".join(str(int(i)) for i in pidxs)
    months = None
    if not whole:
        touched = {pidx: set() for pidx in pidxs}
        for pidx, part in con.execute(f"SELECT DISTINCT pidx, part FROM unlisted WHERE kind = '{kind}' "
                                      f"AND year = {int(year)} AND pidx IN ({wanted})").fetchall():
            touched[pidx].add(str(part))
        months = sorted({int(m) for parts in touched.values() for m in parts})
    target = lists_dir() / kind / str(int(year)) / stamp
    target.parent.mkdir(parents=True, exist_ok=True)
    if whole or months:
        con.register("periods", periods_table([(kind, year)]))
        con.execute(
            f"COPY (SELECT pidx, {part_sql(year)} AS part, unit_id, received_day, dossier_id, cls, lists "
            f"FROM ({full_drill(kind, year, months)}) WHERE pidx IN ({wanted}) "
            f"ORDER BY pidx, part, unit_id, dossier_id DESC) "
            f"TO '{target}' (FORMAT parquet, PARTITION_BY (pidx, part), FILENAME_PATTERN 'lists{{i}}')"
        )
        con.unregister("periods")
    written = []
    for pidx, folder in folders.items():
        parts = {} if whole else {k: v for k, v in previous[pidx].items() if k not in touched[pidx]}
        for path in (target / f"pidx={pidx}").glob("part=*/*.parquet"):
            parts[path.parent.name.removeprefix("part=")] = str(path.relative_to(lists_dir()))
        manifest = folder / f"{stamp}.json"
        folder.mkdir(parents=True, exist_ok=True)
        partial = manifest.with_suffix(".partial")
        partial.write_text(json.dumps(parts, sort_keys=True))
        os.replace(partial, manifest)  # readers find the whole manifest or none
        written.append(manifest)
    return written


def forget_older(written: list[Path]) -> None:
    """Once the new figures are committed, the lists of the figures they replaced are no longer read:
    their manifests go, and the files no manifest names any more."""
    for manifest in written:
        for old in manifest.parent.glob("*.json"):
            if old == manifest:
                continue
            kept = set(json.loads(manifest.read_text()).values())
            for name in json.loads(old.read_text()).values():
                if name not in kept:
                    (lists_dir() / name).unlink(missing_ok=True)
            old.unlink(missing_ok=True)
    for folder in {m.parent.parent / m.parent.name[:4] for m in written}:  # the folders left empty
        for path, dirs, files in os.walk(folder, topdown=False):
            if path != str(folder) and not dirs and not files:
                os.rmdir(path)

