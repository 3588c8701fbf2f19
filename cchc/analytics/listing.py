"""The dossiers behind a figure: kept beside the figures, from the same classification.

The fact store keeps, per (period, listed KPI), the dossiers of that KPI's list (``drill``, written by
cchc.analytics.sql.drill_sql from the very rows the figures are summed from), and a copy of what was
last written to the system of record (``drill_published``). Publishing a period writes only the
difference into ``ListedDossier``, in the transaction that replaces the period's ``KpiValue`` rows: a
refresh after 100k new dossiers writes their rows, not the year's millions. A (kind, year) never
published this way (a new or rebuilt store) is written whole.
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
    con.execute(f"CREATE TABLE IF NOT EXISTS drill_published ({DRILL_COLUMNS})")
    con.execute("CREATE TABLE IF NOT EXISTS drill_published_meta (kind VARCHAR, year INTEGER, PRIMARY KEY (kind, year))")


Changes = tuple[list[tuple], list[tuple], bool]  # (rows to add, keys to remove, whether to replace whole)


def changes(con: duckdb.DuckDBPyConnection, kind: str, year: int, wanted: str) -> Changes:
    """What the system of record's lists of periods ``wanted`` (pidx list as SQL) lack and hold too many:
    rows (LISTED_COLUMNS) to add and keys (pidx, code, dossier_id) to remove, or every row of the
    periods and ``True`` when this (kind, year) was never published here."""
    where = f"kind = '{kind}' AND year = {int(year)} AND pidx IN ({wanted})"
    names = ", ".join(LISTED_COLUMNS)
    known = con.execute("SELECT count(*) FROM drill_published_meta WHERE kind = ? AND year = ?", [kind, year]).fetchone()[0]
    if not known:
        return con.execute(f"SELECT {names} FROM drill WHERE {where}").fetchall(), [], True
    added = con.execute(f"SELECT {names} FROM drill WHERE {where} EXCEPT SELECT {names} FROM drill_published "
                        f"WHERE {where}").fetchall()
    removed = con.execute(f"SELECT pidx, code, dossier_id FROM (SELECT {names} FROM drill_published WHERE {where} "
                          f"EXCEPT SELECT {names} FROM drill WHERE {where})").fetchall()
    return added, removed, False


def mark_published(con: duckdb.DuckDBPyConnection, kind: str, year: int, wanted: str) -> None:
    """Record that the system of record now holds the store's lists of periods ``wanted``."""
    where = f"kind = '{kind}' AND year = {int(year)} AND pidx IN ({wanted})"
    con.begin()
    con.execute(f"DELETE FROM drill_published WHERE {where}")
    con.execute(f"INSERT INTO drill_published SELECT * FROM drill WHERE {where}")
    con.execute("INSERT OR IGNORE INTO drill_published_meta VALUES (?, ?)", [kind, year])
    con.commit()


def replace_listed(kind: str, periods: list[tuple[date, date]], found: Changes) -> None:
    """Write the changes into ``ListedDossier`` (inside the caller's transaction). Keys are deleted before
    rows are added, so a publish repeated after a crash (the system of record written, the store's copy
    not yet) writes the same rows again without a duplicate."""
    added, removed, whole = found
    ops = connection.ops
    table = ops.quote_name(ListedDossier._meta.db_table)
    field = ListedDossier._meta.get_field
    column = {name: ops.quote_name(field(name).column) for name in
              ("period_kind", "period_start", "kpi_code", "unit", "received_day", "dossier", "timeliness")}
    with connection.cursor() as cursor:
        if whole:
            ListedDossier.objects.filter(period_kind=kind, period_start__in=[s for s, _e in periods]).delete()
        else:
            keys = [(kind, ops.adapt_datefield_value(periods[pidx][0]), code, dossier_id)
                    for pidx, code, dossier_id in [*removed, *((r[0], r[1], r[4]) for r in added)]]
            if keys:
                cursor.executemany(
                    f"DELETE FROM {table} WHERE {column['period_kind']} = %s AND {column['period_start']} = %s "
                    f"AND {column['kpi_code']} = %s AND {column['dossier']} = %s", keys)
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
