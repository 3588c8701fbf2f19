"""Publishing the computed figures into ``KpiValue``, the table every page reads."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
from django.db import connection, transaction
from django.db.models import Q

from cchc.core import kpis
from cchc.platform.db.bulk import replace_rows

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
    ORM would (~10x faster than ``bulk_create``), by the vendor-aware bulk layer
    (cchc.platform.db.bulk.replace_rows: COPY on PostgreSQL, an in-place upsert on SQLite, the rows of a
    unit or KPI gone deleted by their older ``as_of``). Only the engine's own KPIs (cchc.core.kpis.KPI_CODES)
    are replaced: the figures other apps record (RECORDED_KPIS, ``services.record_values``) stay."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(as_of)
    params = [
        (code, version, unit_id, kind, ops.adapt_datefield_value(start), ops.adapt_datefield_value(end),
         numerator, denominator, ops.adapt_decimalfield_value(value, 12, 4), stamp)
        for code, version, unit_id, kind, start, end, numerator, denominator, value in rows
    ]
    with transaction.atomic():
        replace_rows(KpiValue, (*VALUE_COLUMNS, "as_of"), params,
                     key=("kpi_code", "unit", "period_kind", "period_start"),
                     scope=KpiValue.objects.filter(period_kind=kind, period_start__in=starts,
                                                   kpi_code__in=kpis.KPI_CODES),
                     kept=Q(as_of=as_of))
