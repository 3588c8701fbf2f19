"""The small inputs of the KPI statement, built from the system of record: the rollup closure, the
(unit, period) pairs that get a row, and the periods with their bounds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pyarrow as pa
from django.conf import settings

from cchc.core import kpis
from cchc.units.models import Unit, UnitLink

from .extract import epoch_us


def closure_table() -> tuple[pa.Table, list[date]]:
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


def target_table(periods: list[tuple[date, date]], pidxs: Iterable[int] | None = None) -> pa.Table:
    """(unit, period) pairs that get a row even with no dossier: the units that existed in the period
    (for the periods ``pidxs`` only, when given)."""
    unit_ids: list[int] = []
    pidx: list[int] = []
    for i in range(len(periods)) if pidxs is None else pidxs:
        start, end = periods[i]
        ids = list(Unit.objects.valid_during(start, end).values_list("id", flat=True))
        unit_ids.extend(ids)
        pidx.extend([i] * len(ids))
    return pa.table({"unit_id": pa.array(unit_ids, pa.int64()), "pidx": pa.array(pidx, pa.int32())})


def cutoffs_text(cutoffs: list[date]) -> str:
    return ",".join(d.isoformat() for d in cutoffs)


def periods_table(kind_years: Iterable[tuple[str, int]]) -> pa.Table:
    """The periods of each (kind, year) with their bounds as local days and as UTC epoch microseconds
    (the first and the last microsecond of the local days)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    rows = [(kind, year, i, s, e) for kind, year in kind_years for i, (s, e) in enumerate(kpis.periods_of(year, kind))]
    return pa.table({
        "kind": pa.array([r[0] for r in rows], pa.string()),
        "year": pa.array([r[1] for r in rows], pa.int32()),
        "pidx": pa.array([r[2] for r in rows], pa.int32()),
        "start_day": pa.array([r[3] for r in rows], pa.date32()),
        "end_day": pa.array([r[4] for r in rows], pa.date32()),
        "start_us": pa.array([epoch_us(datetime.combine(r[3], time.min, tz)) for r in rows], pa.int64()),
        "end_us": pa.array([epoch_us(datetime.combine(r[4], time.max, tz)) for r in rows], pa.int64()),
    })

