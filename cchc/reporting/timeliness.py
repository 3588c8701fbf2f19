"""The read side of reporting timeliness: each unit of a period with its status (on time, late, missing,
pending) and first submission, the period's on-time rate, and the period page's overview table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Min
from django.utils import timezone

from cchc.core import reporting as rules
from cchc.units.models import Unit
from cchc.units.services import unit_order

from .models import ReportingPeriod, UnitReport


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


class TimelinessRow(NamedTuple):
    unit: Unit
    status: str  # cchc.core.reporting.Timeliness
    submitted_at: datetime | None


def timeliness(period: ReportingPeriod, today: date | None = None) -> list[TimelinessRow]:
    """Each unit that must report, with its timeliness (on time / late / missing / pending) and the
    moment of its first submission in the period (cchc.core.reporting.timeliness_of). Two queries."""
    today = today or timezone.localdate()
    first = dict(UnitReport.objects.filter(period=period).values("unit_id").annotate(first=Min("submitted_at"))
                 .values_list("unit_id", "first"))
    out = []
    for unit in sorted(period.units.all(), key=unit_order):
        submitted_at = first.get(unit.pk)
        status = rules.timeliness_of(period.deadline, _local_date(submitted_at) if submitted_at else None, today)
        out.append(TimelinessRow(unit, status.value, submitted_at))
    return out


def timeliness_rate(period: ReportingPeriod, today: date | None = None) -> Decimal | None:
    """The share of units that reported on time (%), a KPI of reporting computed from the reports
    themselves (cchc.core.reporting.timeliness_rate); None while no unit's status is decided."""
    return rules.timeliness_rate(row.status for row in timeliness(period, today))


@dataclass(frozen=True)
class OverviewRow:
    unit: Unit
    report: UnitReport | None
    status: str
    submitted_at: datetime | None


def period_overview(period: ReportingPeriod, today: date | None = None) -> list[OverviewRow]:
    """The period page's table: every unit, its current report and its timeliness."""
    current = {r.unit_id: r for r in UnitReport.objects.filter(period=period, is_current=True)}
    return [OverviewRow(row.unit, current.get(row.unit.pk), row.status, row.submitted_at) for row in timeliness(period, today)]
