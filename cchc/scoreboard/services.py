"""The Decision 766 scoreboard read from stored KPI values (never from dossiers).

Each computable indicator takes its numerator and denominator from one KPI of cchc.core.kpis, as the
engine stored it for the unit and period; cchc.core.score766 turns them into points. Indicators whose
inputs CCHC does not hold show "no data".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max
from django.utils.formats import number_format

from cchc.analytics.models import KpiValue
from cchc.core import evaluation, score766
from cchc.units.models import Unit

#: indicator → the KPI whose numerator/denominator it scores (QĐ 766 indicator ↔ DVCQG formula, DOMAIN §1).
SOURCES = {
    "2.1": "ontime_rate",
    "3.1": "online_fullprocess_rate",
    "4.3": "online_payment_dossiers_rate",
    "5.1": "digitised_results_rate",
    "5.2": "digitised_dossiers_rate",
    "5.4": "reused_data_rate",
}
#: 6.3 needs three figures: dossiers handled, late ones, and those rated "không hài lòng".
SATISFACTION_INPUTS = ("ontime_rate", "late", "satisfaction_rate")
KPI_CODES = sorted(set(SOURCES.values()) | set(SATISFACTION_INPUTS))


@dataclass(frozen=True)
class Scorecard:
    unit: Unit
    indicators: list[tuple[score766.Indicator, score766.IndicatorScore, Stored | None]]
    groups: dict[int, score766.GroupScore]
    total: score766.TotalScore
    as_of: object


def _score(values: dict[str, Stored]) -> list[tuple[score766.Indicator, score766.IndicatorScore, Stored | None]]:
    out = []
    for ind in score766.INDICATORS:
        source = values.get(SOURCES.get(ind.code, ""))
        if ind.code == "6.3":
            handled, late, rated = (values.get(c) for c in SATISFACTION_INPUTS)
            dossiers = handled.denominator if handled else None
            disliked = (rated.denominator - rated.numerator) if rated and rated.denominator is not None else None
            numerator = score766.tthc_satisfaction_numerator(dossiers, late.numerator if late else None, disliked)
            out.append((ind, score766.points(ind, numerator, dossiers), handled))
        elif source is not None:
            out.append((ind, score766.points(ind, source.numerator, source.denominator), source))
        else:
            out.append((ind, score766.points(ind, None, None), None))
    return out


@dataclass(frozen=True)
class Stored:
    """The part of a stored KPI value the scoring reads (lighter than a model instance: the ranking reads
    thousands of them per request)."""

    unit_id: int
    kpi_code: str
    numerator: int | None
    denominator: int | None
    as_of: object


def _values(kind: str, start: date, unit_ids=None, unit_kind: str | None = None) -> dict[int, dict[str, Stored]]:
    rows = KpiValue.objects.filter(period_kind=kind, period_start=start, kpi_code__in=KPI_CODES)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if unit_kind:
        rows = rows.filter(unit__kind=unit_kind)
    by_unit: dict[int, dict[str, Stored]] = defaultdict(dict)
    for v in rows.values_list("unit_id", "kpi_code", "numerator", "denominator", "as_of"):
        by_unit[v[0]][v[1]] = Stored(*v)
    return by_unit


def scorecard(unit: Unit, kind: str, start: date) -> Scorecard:
    values = _values(kind, start, [unit.pk]).get(unit.pk, {})
    scored = _score(values)
    scores = [s for _i, s, _v in scored]
    as_of = max((v.as_of for v in values.values()), default=None)
    return Scorecard(unit, scored, score766.group_scores(scores), score766.total(scores), as_of)


@dataclass(frozen=True)
class Row:
    rank: int
    unit: Unit
    groups: dict[int, score766.GroupScore]
    total: score766.TotalScore
    received: int | None

    @property
    def cells(self) -> list[str]:
        """Group points formatted once here (in the active language's format), not by a template filter per cell."""
        return [_fmt(g.points) for g in self.groups.values()]


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, 2)


def ranking(kind: str, start: date, *, kind_of_unit: str | None = None, province: Unit | None = None) -> list[Row]:
    """Units ranked by 766 points for a period (ties share a rank), from one read of stored values."""
    by_unit = _values(kind, start, unit_kind=kind_of_unit)
    units = Unit.objects.only("pk", "name", "kind", "province_id").in_bulk(list(by_unit))
    rows = []
    for unit_id, values in by_unit.items():
        unit = units[unit_id]
        if province and unit.province_id != province.pk:
            continue
        handled = values.get("ontime_rate")
        if handled is None or not handled.denominator:
            continue  # no dossier handled in the period: nothing to rank
        scores = [s for _i, s, _v in _score(values)]
        rows.append((unit, score766.group_scores(scores), score766.total(scores), handled.denominator if handled else None))
    rows.sort(key=lambda r: (-(r[2].points or 0), r[0].name))
    ranked, last, rank = [], None, 0
    for i, (unit, groups, tot, received) in enumerate(rows, start=1):
        if tot.points != last:
            rank, last = i, tot.points
        ranked.append(Row(rank, unit, groups, tot, received))
    return ranked


def periods(kind: str, unit_kind: str | None = None) -> list[date]:
    """The period starts for which some unit (of ``unit_kind``) handled dossiers, newest first."""
    rows = KpiValue.objects.filter(period_kind=kind, kpi_code="ontime_rate", denominator__gt=0)
    if unit_kind:
        rows = rows.filter(unit__kind=unit_kind)
    return list(rows.order_by("-period_start").values_list("period_start", flat=True).distinct())


def repeat_offenders(kind: str, upto: date, *, periods_back: int = 4) -> list[tuple[Unit, list[Decimal | None]]]:
    """Units late "nhiều lần" (cchc.core.evaluation.repeatedly_late) over the last ``periods_back`` periods
    up to ``upto``, with their late share per period (late dossiers / dossiers handled, %), oldest first;
    read from stored values only."""
    starts = [p for p in periods(kind) if p <= upto][:periods_back][::-1]
    if not starts:
        return []
    late: dict[tuple[int, date], int] = {}
    handled: dict[tuple[int, date], int] = {}
    rows = KpiValue.objects.filter(period_kind=kind, period_start__in=starts, kpi_code__in=["late", "ontime_rate"])
    for unit_id, start, code, numerator, denominator in rows.values_list(
        "unit_id", "period_start", "kpi_code", "numerator", "denominator"
    ):
        if code == "late":
            late[(unit_id, start)] = numerator or 0
        else:
            handled[(unit_id, start)] = denominator or 0
    flagged: dict[int, list[Decimal | None]] = {}
    for unit_id in {u for u, _s in handled}:
        shares: list[Decimal | None] = []
        for start in starts:
            n = handled.get((unit_id, start)) or 0
            shares.append((Decimal(late.get((unit_id, start), 0)) * 100 / n).quantize(Decimal("0.01")) if n else None)
        if evaluation.repeatedly_late(shares):
            flagged[unit_id] = shares
    units = Unit.objects.in_bulk(list(flagged))
    return sorted(((units[u], shares) for u, shares in flagged.items()), key=lambda r: r[0].name)


def cached_ranking(kind: str, start: date, unit_kind: str | None) -> tuple[list[Row], list]:
    """The ranking and the repeat offenders for a period, kept in the cache until the KPI values of that
    period are recomputed (the key holds their latest as-of stamp), so most requests read one row."""
    stamp = KpiValue.objects.filter(period_kind=kind, period_start=start, kpi_code="ontime_rate").aggregate(Max("as_of"))
    as_of = stamp["as_of__max"]
    key = f"scoreboard:{kind}:{start.isoformat()}:{unit_kind}:{as_of.timestamp() if as_of else 0}"
    found = cache.get(key)
    if found is None:
        offenders = [(u, s) for u, s in repeat_offenders(kind, start) if not unit_kind or u.kind == unit_kind]
        found = (ranking(kind, start, kind_of_unit=unit_kind), offenders)
        cache.set(key, found, timeout=24 * 3600)
    return found
