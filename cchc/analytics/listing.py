"""The dossiers behind a figure: kept beside the figures, from the same classification.

The fact store keeps, per (period, listed KPI), the dossiers of that KPI's list (``drill``, written by
cchc.analytics.sql.drill_sql from the very rows the figures are summed from). Publishing a period writes
its lists into ``ListedDossier`` in the transaction that replaces the period's ``KpiValue`` rows: whole
after a computation from the facts (``drill_published_meta`` forgets the (kind, year)), and otherwise only
the rows of the dossiers changed since the last refresh (``drill_dirty``, filled by the sync): a refresh
after 100k new dossiers rewrites their rows, not the year's millions.
"""

from __future__ import annotations

from datetime import date

import duckdb
from django.db import connection

from .models import ListedDossier
from .sql import DRILL_COLUMNS

LISTED_COLUMNS = ("pidx", "code", "unit_id", "received_day", "dossier_id", "cls")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS drill ({DRILL_COLUMNS})")
    con.execute("CREATE TABLE IF NOT EXISTS drill_dirty (dossier_id BIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS drill_published_meta (kind VARCHAR, year INTEGER, PRIMARY KEY (kind, year))")


def recomputed(con: duckdb.DuckDBPyConnection, kind: str, year: int) -> None:
    """The (kind, year)'s lists were written again from the facts: its next publish writes them whole."""
    con.execute("DELETE FROM drill_published_meta WHERE kind = ? AND year = ?", [kind, year])


Changes = tuple[list[tuple], list[int] | None]  # (rows to write, dossiers whose rows they replace; None: all)


def changes(con: duckdb.DuckDBPyConnection, kind: str, year: int, wanted: str) -> Changes:
    """What to write for periods ``wanted`` (pidx list as SQL): every row and None when the (kind, year) was
    computed from the facts since its last publish, else the changed dossiers' current rows and their ids."""
    where = f"kind = '{kind}' AND year = {int(year)} AND pidx IN ({wanted})"
    names = ", ".join(LISTED_COLUMNS)
    known = con.execute("SELECT count(*) FROM drill_published_meta WHERE kind = ? AND year = ?", [kind, year]).fetchone()[0]
    if not known:
        return con.execute(f"SELECT {names} FROM drill WHERE {where}").fetchall(), None
    dirty = [r[0] for r in con.execute("SELECT DISTINCT dossier_id FROM drill_dirty").fetchall()]
    rows = con.execute(f"SELECT {names} FROM drill WHERE {where} AND dossier_id IN (SELECT dossier_id FROM drill_dirty)"
                       ).fetchall() if dirty else []
    return rows, dirty


def mark_published(con: duckdb.DuckDBPyConnection, kind: str, year: int) -> None:
    con.execute("INSERT OR IGNORE INTO drill_published_meta VALUES (?, ?)", [kind, year])


def refreshed(con: duckdb.DuckDBPyConnection) -> None:
    """Every period the changed dossiers touched is published: forget them."""
    con.execute("DELETE FROM drill_dirty")


def replace_listed(kind: str, periods: list[tuple[date, date]], pidxs: list[int], found: Changes) -> None:
    """Write the changes into ``ListedDossier`` (inside the caller's transaction): the changed dossiers'
    rows of the periods (all rows, for a whole publish) are deleted, then their current rows written, so a
    publish repeated after a crash writes the same rows again without a duplicate."""
    rows, dirty = found
    ops = connection.ops
    table = ops.quote_name(ListedDossier._meta.db_table)
    field = ListedDossier._meta.get_field
    column = {name: ops.quote_name(field(name).column) for name in
              ("period_kind", "period_start", "kpi_code", "unit", "received_day", "dossier", "timeliness")}
    starts = [periods[i][0] for i in pidxs]
    with connection.cursor() as cursor:
        if dirty is None:
            ListedDossier.objects.filter(period_kind=kind, period_start__in=starts).delete()
        else:
            for i in range(0, len(dirty), 5_000):
                ListedDossier.objects.filter(period_kind=kind, period_start__in=starts,
                                             dossier_id__in=dirty[i:i + 5_000]).delete()
        added = rows
        if not added:
            return
        names = ", ".join(column.values())
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for pidx, code, unit_id, received_day, dossier_id, cls in added:
                    copy.write_row((kind, periods[pidx][0], code, unit_id, received_day, dossier_id, cls))
            return
        params = [(kind, ops.adapt_datefield_value(periods[pidx][0]), code, unit_id,
                   ops.adapt_datefield_value(received_day), dossier_id, cls)
                  for pidx, code, unit_id, received_day, dossier_id, cls in added]
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(column))})"
        for i in range(0, len(params), 10_000):
            cursor.executemany(sql, params[i:i + 10_000])
