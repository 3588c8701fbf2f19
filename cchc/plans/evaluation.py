"""Evaluating plan targets against the stored KPI values (F7): met / at risk / missed per unit.

The rule is cchc.core.evaluation.evaluate; this module only gathers, in a few queries, the units a target
applies to, the threshold for each unit's level, and the year's stored value for the target's KPI.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cchc.analytics.models import KpiValue
from cchc.core import targets as target_rules
from cchc.core.evaluation import Evaluation, Verdict, evaluate
from cchc.core.levels import UnitKind
from cchc.units.models import Unit

from .models import Measure, Plan, Target

LEVEL_KINDS = {"province": [UnitKind.DEPARTMENT], "district": [UnitKind.DISTRICT], "commune": [UnitKind.COMMUNE]}


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    evaluation: Evaluation


def _elapsed(year: int, as_of: date) -> Decimal:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of >= end:
        return Decimal(1)
    if as_of < start:
        return Decimal("0.0001")
    return Decimal((as_of - start).days + 1) / Decimal((end - start).days + 1)


def evaluate_plan(plan: Plan, as_of: date) -> dict[int, list[UnitResult]]:
    """Every KPI-bound target of ``plan`` evaluated for every unit it applies to (target id → results)."""
    targets = [t for t in plan.targets.prefetch_related("thresholds") if t.measure == Measure.KPI and t.kpi_code]
    if not targets:
        return {}
    year_start, year_end = date(plan.year, 1, 1), date(plan.year, 12, 31)
    units = list(Unit.objects.filter(province=plan.province).valid_during(year_start, year_end)
                 .exclude(kind=UnitKind.PROVINCE).order_by("name"))
    values: dict[tuple[str, int], KpiValue] = {
        (v.kpi_code, v.unit_id): v
        for v in KpiValue.objects.filter(kpi_code__in={t.kpi_code for t in targets}, period_kind="year",
                                         period_start=year_start, unit__in=units)
    }
    elapsed = _elapsed(plan.year, as_of)
    on = min(max(as_of, year_start), year_end)
    out: dict[int, list[UnitResult]] = defaultdict(list)
    for target in targets:
        thresholds = [target_rules.Threshold(t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all()]
        for unit in units:
            if unit.level not in target.applies_to:
                continue
            threshold = target_rules.threshold_for(thresholds, unit.level, on)
            if threshold is None:
                continue
            stored = values.get((target.kpi_code, unit.pk))
            value = stored.value if stored is not None else None
            result = evaluate(value, target.comparator, threshold.value, is_rate=target.unit_of_measure == "%", elapsed=elapsed)
            out[target.pk].append(UnitResult(unit, result))
    return out


def summary(results: list[UnitResult]) -> dict[str, int]:
    counts = Counter(r.evaluation.verdict for r in results)
    return {v.value: counts.get(v, 0) for v in Verdict}


def evaluate_target(target: Target, as_of: date) -> list[UnitResult]:
    order = {Verdict.MISSED: 0, Verdict.AT_RISK: 1, Verdict.NO_DATA: 2, Verdict.MET: 3}
    results = evaluate_plan(target.plan, as_of).get(target.pk, [])
    return sorted(results, key=lambda r: (order[r.evaluation.verdict], r.unit.name))
