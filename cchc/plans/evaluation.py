"""Evaluating plan targets (F7): the one path from stored figures to met / at risk / missed per unit.

The rule is cchc.core.evaluation.evaluate; this module gathers what it needs in a few queries whatever the
number of units: the units a target applies to, the threshold in force for each unit's level, and the
year-to-date value of the target's KPI ending with the period evaluated. Every surface that shows a verdict
calls ``evaluate_targets`` (directly or through ``evaluate_plan``): the plan and target pages, the dashboard,
a unit's report (its snapshot), the province's report (cchc.reporting.content), the API and the detection of
corrective actions. So they agree by construction; tests/plans/test_one_evaluation.py compares them.

A window (``Window``) says what is evaluated and when: the end of a year-to-date period (31/3, 30/6, 30/9 or
31/12 of the plan's year) and the day the evaluation is made. Until the period has ended and settled
(cchc.core.evaluation.is_final, CCHC_SETTLING_DAYS), the verdict is provisional ("tạm tính"); a count is
projected by the share of the year elapsed up to that day, never beyond, and only the settled year is judged
on its value: a Q4 report made on 7/12 is not judged as if the year were over.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from cchc.analytics import services as analytics
from cchc.core import reporting as reporting_rules
from cchc.core import targets as target_rules
from cchc.core.evaluation import Evaluation, Verdict, elapsed_share, evaluate, is_final
from cchc.core.levels import UnitKind
from cchc.units.models import Unit

from .models import Measure, Plan, Target


@dataclass(frozen=True)
class Window:
    """The year-to-date period ending on ``end`` as seen on ``today``."""

    end: date
    today: date

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def value_period(self) -> tuple[str, date]:
        """The stored KPI period (kind, start) a target is judged on: from 1 January to ``end``."""
        return reporting_rules.year_to_date_ending(self.end)

    @property
    def on(self) -> date:
        """The day the figures stand at: the period's end, or today while it is open."""
        return min(self.end, self.today)

    @property
    def settled(self) -> bool:
        """The period's figures can no longer change (ended and settled): not provisional."""
        return is_final(self.end, self.today, settling_days=settings.SETTLING_DAYS)

    @property
    def elapsed(self) -> Decimal:
        return elapsed_share(self.year, self.on)


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    evaluation: Evaluation
    as_of: datetime | None = None  # when the value used was computed (None: no value)


def is_rate(target: Target) -> bool:
    """A rate (unit "%") is judged on its year-to-date value; anything else is a count projected to the
    year's end (cchc.core.evaluation.project)."""
    return target.unit_of_measure.strip() == "%"


def thresholds_of(target: Target) -> list[target_rules.Threshold]:
    return [target_rules.Threshold(t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all()]


def threshold_for(target: Target, level: str, on: date) -> target_rules.Threshold | None:
    """The threshold of ``target`` in force for ``level`` on ``on`` (cchc.core.targets.threshold_for)."""
    return target_rules.threshold_for(thresholds_of(target), level, on)


def evaluate_targets(targets: Sequence[Target], units: Iterable[Unit], window: Window, *,
                     manual: Mapping[tuple[int, int], Decimal | None] | None = None) -> dict[int, list[UnitResult]]:
    """Every target of ``targets`` evaluated for each of ``units`` it applies to (target id → results in
    the order of ``units``).

    - KPI-bound targets read the stored year-to-date value of their KPI (cchc.analytics);
    - other targets read ``manual[(target id, unit id)]``, the figure a unit reported itself (a waiting time,
      a share: a state, not a count that grows through the year, so it is its own projection [I]); a target
      with no manual figure for a unit is "no data" for it.
    The threshold is the one in force on the window's day (clamped to the plan's year). Targets need their
    ``thresholds`` prefetched to keep this to one query for the values.
    """
    measured = [u for u in units if u.kind != UnitKind.PROVINCE]
    kind, start = window.value_period
    codes = {t.kpi_code for t in targets if t.measure == Measure.KPI and t.kpi_code}
    values: dict[tuple[str, int], analytics.Figure] = {}
    if codes and measured:
        values = {(v.kpi_code, v.unit_id): v for v in analytics.values_for(
            codes=codes, period_kind=kind, period_start=start, units=[u.pk for u in measured])}
    manual = manual or {}
    margin = Decimal(str(settings.TARGET_MARGIN))
    elapsed, settled = window.elapsed, window.settled
    out: dict[int, list[UnitResult]] = defaultdict(list)
    for target in targets:
        thresholds = thresholds_of(target)
        year = target.plan.year
        on = min(max(window.on, date(year, 1, 1)), date(year, 12, 31))
        kpi_bound = target.measure == Measure.KPI and bool(target.kpi_code)
        for unit in measured:
            if unit.level not in target.applies_to:
                continue
            threshold = target_rules.threshold_for(thresholds, unit.level, on)
            if threshold is None:
                continue
            if kpi_bound:
                stored = values.get((target.kpi_code, unit.pk))
                value, stamp, rate = (stored.value if stored else None), (stored.as_of if stored else None), is_rate(target)
            else:
                value, stamp, rate = manual.get((target.pk, unit.pk)), None, True
            result = evaluate(value, target.comparator, threshold.value, is_rate=rate, elapsed=elapsed, settled=settled,
                              margin=margin)
            out[target.pk].append(UnitResult(unit, result, stamp))
    return out


def evaluate_whole(target: Target, level: str, value: Decimal | None, window: Window) -> Evaluation | None:
    """A KPI-bound ``target`` judged on ``value``, a figure of a whole (the province's own year-to-date
    figure on the dashboard), against the threshold the target sets for ``level`` (the province's: "cấp
    tỉnh"), with the same rule, margin and window as every unit's (``evaluate_targets``); None when the
    target sets no threshold for that level on the window's day."""
    year = target.plan.year
    on = min(max(window.on, date(year, 1, 1)), date(year, 12, 31))
    threshold = target_rules.threshold_for(thresholds_of(target), level, on)
    if threshold is None:
        return None
    return evaluate(value, target.comparator, threshold.value, is_rate=is_rate(target), elapsed=window.elapsed,
                    settled=window.settled, margin=Decimal(str(settings.TARGET_MARGIN)))


def plan_units(plan: Plan) -> list[Unit]:
    """The units of the plan's province that existed during its year (by name), the ones it applies to."""
    year_start, year_end = date(plan.year, 1, 1), date(plan.year, 12, 31)
    return list(Unit.objects.filter(province=plan.province).valid_during(year_start, year_end)
                .exclude(kind=UnitKind.PROVINCE).order_by("name"))


def kpi_targets(plan: Plan) -> list[Target]:
    return [t for t in plan.targets.select_related("plan").prefetch_related("thresholds")
            if t.measure == Measure.KPI and t.kpi_code]


def evaluate_plan(plan: Plan, today: date) -> dict[int, list[UnitResult]]:
    """Every KPI-bound target of ``plan`` evaluated for every unit it applies to (target id → results), on
    the year-to-date value of the plan's year as seen on ``today``."""
    targets = kpi_targets(plan)
    if not targets:
        return {}
    return evaluate_targets(targets, plan_units(plan), Window(date(plan.year, 12, 31), today))


def summary(results: list[UnitResult]) -> dict[str, int]:
    counts = Counter(r.evaluation.verdict for r in results)
    return {v.value: counts.get(v, 0) for v in Verdict}


def is_provisional(results: Iterable[UnitResult]) -> bool:
    return any(r.evaluation.provisional for r in results)


def evaluate_target(target: Target, as_of: date) -> list[UnitResult]:
    order = {Verdict.MISSED: 0, Verdict.AT_RISK: 1, Verdict.NO_DATA: 2, Verdict.MET: 3}
    results = evaluate_plan(target.plan, as_of).get(target.pk, [])
    return sorted(results, key=lambda r: (order[r.evaluation.verdict], r.unit.name))
