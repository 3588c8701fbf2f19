"""What the system knows, copied into a unit's report: the plans in force for the period, the reform
areas a report is written by, the units' task progress and manual targets (when a period is opened), and
the KPI values with the targets evaluated on them (when a period is opened and again at each submission).
A report is a record, so each copy keeps its as-of stamp (cchc.reporting.models)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.core import reporting as rules
from cchc.core.kpis import KPI_CODES
from cchc.plans import evaluation
from cchc.plans.models import Assignment, Measure, Plan, PlanArea, Target
from cchc.units.models import UnitLink

from .models import KpiSnapshot, ManualMeasure, Narrative, ReportingPeriod, TargetStatus, TaskRow, UnitReport


def plans_in_force(period: ReportingPeriod) -> list[Plan]:
    """The province's PAR plans for the period's year, and those of the provinces it took over (a
    province formed on 1/7/2025 reports on its predecessors' plans of 2025), as the province's report
    reads them (cchc.reporting.content): their tasks and targets fill the reports."""
    provinces = {period.province_id} | set(
        UnitLink.objects.filter(successor_id=period.province_id).values_list("predecessor_id", flat=True))
    return list(Plan.objects.filter(province_id__in=provinces, year=period.year).order_by("code"))


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    area: PlanArea | None


def report_areas(period: ReportingPeriod, plans: list[Plan]) -> list[_Area]:
    """The reform areas a report is written by: the areas of the plans in force (in plan order, one per
    code); without a plan this year, those of the province's latest earlier plan; else the standard
    seven (cchc.core.reporting.DEFAULT_AREAS)."""
    source = plans or list(Plan.objects.filter(province=period.province, year__lt=period.year).order_by("-year", "code")[:1])
    areas: dict[str, _Area] = {}
    for area in PlanArea.objects.filter(plan__in=source).order_by("plan__code", "order"):
        areas.setdefault(area.code, _Area(area.code, area.name, area))
    if not areas:
        return [_Area(code, name, None) for code, name in rules.DEFAULT_AREAS]
    return list(areas.values())


def prefill_reports(period: ReportingPeriod, reports: list[UnitReport], now: datetime) -> None:
    """Fill new reports in a few queries whatever their number: the units' assignments of the plans in
    force, one row per manual target that applies to the unit's level, one narrative per area, and the
    KPI values and target statuses (``_snapshot``)."""
    plans = plans_in_force(period)
    by_unit = {r.unit_id: r for r in reports}
    rows = []
    assignments = (Assignment.objects.filter(task__plan__in=plans, unit_id__in=by_unit)
                   .select_related("task", "task__area", "task__plan")
                   .order_by("task__plan__code", "task__area__order", "task__order", "task__code"))
    for order, a in enumerate(assignments):
        rows.append(TaskRow(report=by_unit[a.unit_id], assignment=a, plan_code=a.task.plan.code, area_code=a.task.area.code,
                            task_code=a.task.code, task_title=a.task.title, deadline=a.task.deadline,
                            prefilled_progress=a.progress, progress=a.progress, order=order))
    TaskRow.objects.bulk_create(rows)

    targets = list(Target.objects.filter(plan__in=plans).select_related("area", "plan").prefetch_related("thresholds")
                   .order_by("plan__code", "area__order", "order"))
    manual = [t for t in targets if t.measure == Measure.MANUAL or not t.kpi_code]
    measures = []
    for report in reports:
        for order, target in enumerate(manual):
            if report.unit.level not in target.applies_to:
                continue
            threshold = evaluation.threshold_for(target, report.unit.level, period.end)
            measures.append(ManualMeasure(
                report=report, target=target, target_code=target.code, target_text=target.text, area_code=target.area.code,
                unit_of_measure=target.unit_of_measure, comparator=target.comparator,
                threshold=threshold.value if threshold else None, order=order))
    ManualMeasure.objects.bulk_create(measures)

    areas = report_areas(period, plans)
    Narrative.objects.bulk_create([
        Narrative(report=r, area=a.area, area_code=a.code, area_name=a.name, order=i)
        for r in reports for i, a in enumerate(areas)
    ])
    _snapshot(period, reports, [t for t in targets if t not in manual], now)


def _snapshot(period: ReportingPeriod, reports: list[UnitReport], kpi_targets: list[Target] | None, now: datetime) -> None:
    """Copy the units' KPI values for the period and evaluate the KPI-bound targets for them, each with
    the as-of stamp of the value it used. Replaces what an earlier snapshot of these reports held.

    The KPI table holds the period's own values (a unit's figure includes the units under it, see
    cchc.analytics). Targets are judged by the one evaluation (cchc.plans.evaluation.evaluate_targets) on
    the year-to-date value ending with the period as seen today, as the province's report, the plan pages
    and the dashboard do, so all say the same; provisional until the period has settled.
    """
    if kpi_targets is None:
        kpi_targets = [t for t in Target.objects.filter(plan__in=plans_in_force(period), measure=Measure.KPI)
                       .exclude(kpi_code="").select_related("area", "plan").prefetch_related("thresholds")
                       .order_by("plan__code", "area__order", "order")]
    KpiSnapshot.objects.filter(report__in=reports).delete()
    TargetStatus.objects.filter(report__in=reports).delete()
    unit_ids = [r.unit_id for r in reports]
    values: dict[int, dict[str, analytics.Figure]] = defaultdict(dict)
    for v in analytics.values_for(codes=None, period_kind=period.kind, period_start=period.start, units=unit_ids):
        values[v.unit_id][v.kpi_code] = v
    position = {code: i for i, code in enumerate(KPI_CODES)}
    kpis, statuses = [], []
    for report in reports:
        mine = values.get(report.unit_id, {})
        for code, v in sorted(mine.items(), key=lambda item: (position.get(item[0], len(position)), item[0])):
            kpis.append(KpiSnapshot(report=report, kpi_code=code, definition_version=v.definition_version,
                                    numerator=v.numerator, denominator=v.denominator, value=v.value, as_of=v.as_of,
                                    order=position.get(code, len(position))))
    results = evaluation.evaluate_targets(kpi_targets, [r.unit for r in reports],
                                          evaluation.Window(period.end, timezone.localdate(now)))
    by_unit = {(target_id, r.unit.pk): r for target_id, rows in results.items() for r in rows}
    for report in reports:
        for order, target in enumerate(kpi_targets):
            found = by_unit.get((target.pk, report.unit_id))
            if found is None:
                continue  # not for this unit's level, or no threshold in force
            result = found.evaluation
            statuses.append(TargetStatus(
                report=report, target=target, target_code=target.code, target_text=target.text,
                area_code=target.area.code, kpi_code=target.kpi_code, unit_of_measure=target.unit_of_measure,
                comparator=target.comparator, threshold=result.threshold, value=result.value,
                projection=result.projection, verdict=result.verdict.value, provisional=result.provisional,
                as_of=found.as_of, order=order))
    KpiSnapshot.objects.bulk_create(kpis)
    TargetStatus.objects.bulk_create(statuses)
    UnitReport.objects.filter(pk__in=[r.pk for r in reports]).update(prefilled_at=now)
    for r in reports:
        r.prefilled_at = now
