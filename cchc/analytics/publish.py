"""Publishing the computed figures into ``KpiValue``, the table every page reads."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
from django.db import connection, transaction

from cchc.core import kpis

from .models import KpiValue

VALUE_COLUMNS = ("kpi_code", "definition_version", "unit_id", "period_kind", "period_start", "period_end",
                 "numerator", "denominator", "value")


def value_rows(kind: str, periods: list[tuple[date, date]], result: pa.Table) -> list[tuple]:
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


def replace_values(kind: str, starts: list[date], rows: list[tuple], as_of: datetime) -> None:
    """Replace the periods' KpiValue rows in one transaction: readers see the old figures or the new
    ones, never a mix. Rows go through the Django connection without model instances, adapted as the
    ORM would (~10x faster than ``bulk_create``).

    PostgreSQL: delete, then ``COPY`` (127k rows in well under a second). SQLite: each row is updated in
    place if it exists (``ON CONFLICT ... DO UPDATE``), then the period's rows not written now (a unit
    or a KPI gone) are deleted by their older ``as_of``; 2.5x faster than delete and insert, which
    rewrite every index (5,368 rows: 0.03 s against 0.08 s with the commit)."""
    ops = connection.ops
    table = ops.quote_name(KpiValue._meta.db_table)
    columns = [ops.quote_name(KpiValue._meta.get_field(c).column) for c in (*VALUE_COLUMNS, "as_of")]
    names = ", ".join(columns)
    stamp = ops.adapt_datetimefield_value(as_of)
    params = [
        (code, version, unit_id, kind, ops.adapt_datefield_value(start), ops.adapt_datefield_value(end),
         numerator, denominator, ops.adapt_decimalfield_value(value, 12, 4), stamp)
        for code, version, unit_id, kind, start, end, numerator, denominator, value in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            KpiValue.objects.filter(period_kind=kind, period_start__in=starts).delete()
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        key = {ops.quote_name(KpiValue._meta.get_field(c).column) for c in ("kpi_code", "unit", "period_kind",
                                                                           "period_start")}
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        sql = (f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) "
               f"ON CONFLICT ({', '.join(c for c in columns if c in key)}) DO UPDATE SET {updates}")
        for i in range(0, len(params), 10_000):
            cursor.executemany(sql, params[i:i + 10_000])
        KpiValue.objects.filter(period_kind=kind, period_start__in=starts).exclude(as_of=as_of).delete()

