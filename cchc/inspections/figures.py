"""The figures inspections feed elsewhere: the two recorded KPIs plan targets evaluate (coverage per block,
findings remedied within the year), the yearly findings per unit the classification reads, and the open
remediation items near or past their deadline the reminders read.

Which rows are written (cchc.analytics.services.record_values), for each year-to-date period of the year
(Quý I, 6 tháng, 9 tháng, năm: the periods cchc.plans.evaluation judges targets on):

- ``inspection_coverage_rate``: every unit of a block carries its block's coverage (units of the block
  inspected from 1/1 to the period's end / units of the block valid at the end), so a target "≥ 30%" that
  applies to a level is judged on the block each unit is ranked in (DOMAIN §12.1: inspections work per
  block) and every unit of a block gets the same verdict; the province unit carries the coverage of all
  its blocks together. Written once the province has an inspection plan for the year (before that, no data).
- ``inspection_remediation_rate``: each inspected unit with findings that year carries its own (findings
  remedied within the year / findings, cchc.core.inspection.remedied_within_year); the province unit
  carries the whole province's. A unit with no findings has no row ("no data", not 100%).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.core import inspection as rules
from cchc.core.levels import UnitKind
from cchc.units.models import Unit

from .choices import OPEN_REMEDIATION, InspectionStatus, RemediationStatus
from .models import Finding, Inspection, InspectionPlan, RemediationItem

COVERAGE = "inspection_coverage_rate"
REMEDIATION = "inspection_remediation_rate"
#: The year-to-date periods (kind, month of their end) the evaluation reads (cchc.core.reporting).
YEAR_TO_DATE = (("quarter", 3), ("half", 6), ("nine_months", 9), ("year", 12))


def _period_ends(year: int) -> list[tuple[str, date]]:
    from cchc.core.kpis import period_end

    return [(kind, period_end(kind, date(year, 1, 1))) for kind, _m in YEAR_TO_DATE]


def refresh(province: Unit, year: int) -> None:
    """Write both KPIs of ``province`` for ``year`` from the inspections, findings and closures recorded
    now (called after every change: cheap, a few queries per period)."""
    units = list(Unit.objects.filter(province=province).exclude(kind=UnitKind.PROVINCE))
    scope = [u.pk for u in units] + [province.pk]
    has_plan = InspectionPlan.objects.filter(province=province, year=year).exists()
    held = list(Inspection.objects.filter(plan_unit__plan__province=province, plan_unit__plan__year=year)
                .exclude(status=InspectionStatus.PLANNED).exclude(held_on=None)
                .values_list("plan_unit__unit_id", "held_on"))
    findings = list(Finding.objects.filter(inspection__plan_unit__plan__province=province, found_on__year=year)
                    .values_list("remediation__owner_id", "inspection__plan_unit__unit_id", "found_on",
                                 "remediation__status", "remediation__closed_at"))
    for kind, end in _period_ends(year):
        start = date(year, 1, 1)
        coverage: dict[int, tuple[int | None, int | None]] = {}
        if has_plan:
            valid = [u for u in units if u.is_valid_on(end)]
            inspected = {unit_id for unit_id, day in held if day <= end}
            blocks: dict[str, list[int]] = defaultdict(list)
            for u in valid:
                blocks[u.block].append(u.pk)
            for members in blocks.values():
                figure = rules.coverage(inspected, members)
                coverage.update(dict.fromkeys(members, figure))
            coverage[province.pk] = rules.coverage(inspected, [u.pk for u in valid])
        analytics.record_values(code=COVERAGE, period_kind=kind, period_start=start, figures=coverage, units=scope)

        per_unit: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for owner, inspected_unit, found_on, status, closed_at in findings:
            closed = timezone.localtime(closed_at).date() if status == RemediationStatus.CLOSED and closed_at else None
            per_unit[owner or inspected_unit].append((found_on, closed))
        remediation: dict[int, tuple[int | None, int | None]] = {}
        for unit_id, rows in per_unit.items():
            n, d = rules.remedied_within_year(rows, year, until=end)
            if d:
                remediation[unit_id] = (n, d)
        every = [row for rows in per_unit.values() for row in rows]
        n, d = rules.remedied_within_year(every, year, until=end)
        if d:
            remediation[province.pk] = (n, d)
        analytics.record_values(code=REMEDIATION, period_kind=kind, period_start=start, figures=remediation,
                                units=scope)


def refresh_for(plan: InspectionPlan) -> None:
    refresh(plan.province, plan.year)


@dataclass(frozen=True)
class FindingsSummary:
    """A unit's inspection findings of one year (read by the yearly classification)."""

    inspected: bool
    found: int
    remedied_in_year: int
    open: int


def findings_summary(year: int) -> dict[int, FindingsSummary]:
    """Unit id → its findings of ``year``: whether it was inspected that year (an inspection held), how
    many findings, how many remedied within the year (cchc.core.inspection.remedied_within_year), how many
    still open now. Units neither inspected nor with findings that year are absent."""
    inspected = set(Inspection.objects.filter(plan_unit__plan__year=year).exclude(status=InspectionStatus.PLANNED)
                    .exclude(held_on=None).values_list("plan_unit__unit_id", flat=True))
    rows: dict[int, list[tuple[date, date | None, bool]]] = defaultdict(list)
    for unit_id, found_on, status, closed_at in (
            Finding.objects.filter(found_on__year=year)
            .values_list("inspection__plan_unit__unit_id", "found_on", "remediation__status", "remediation__closed_at")):
        closed = timezone.localtime(closed_at).date() if status == RemediationStatus.CLOSED and closed_at else None
        rows[unit_id].append((found_on, closed, status != RemediationStatus.CLOSED))
    out = {}
    for unit_id in inspected | set(rows):
        found = rows.get(unit_id, [])
        remedied, total = rules.remedied_within_year([(f, c) for f, c, _o in found], year)
        out[unit_id] = FindingsSummary(unit_id in inspected, total, remedied, sum(1 for *_x, o in found if o))
    return out


def remediation_items_due(today: date, within_days: int) -> list[RemediationItem]:
    """The open remediation items (not yet closed by the inspector) whose deadline is within ``within_days``
    of ``today`` or past, with their owner unit, the soonest first (for the deadline reminders)."""
    return list(RemediationItem.objects.filter(status__in=OPEN_REMEDIATION,
                                               deadline__lte=today + timedelta(days=within_days))
                .select_related("owner", "finding", "finding__inspection__plan_unit__plan")
                .order_by("deadline", "pk"))
