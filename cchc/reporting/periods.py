"""Reporting periods: their dates, the units that may be asked to report, opening a period (which gives
each unit its version-1 report, prefilled by cchc.reporting.prefill), closing and reopening it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import permissions
from cchc.analytics.choices import period_name
from cchc.core import reporting as rules
from cchc.core.errors import InvalidInput, Issue
from cchc.core.kpis import periods_of
from cchc.core.levels import UnitKind
from cchc.units.models import Unit
from cchc.units.services import REPORTING_ORDER, unit_order

from . import permissions as rperm
from .models import ReportEvent, ReportingPeriod, UnitReport
from .prefill import prefill_reports


def period_dates(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """The first and last day of the ``number``-th period of ``kind`` in ``year`` (quarters 1–4; the
    others have one period a year), the same dates as the KPI periods (cchc.core.kpis.periods_of)."""
    periods = periods_of(year, kind)
    if not 1 <= number <= len(periods):
        raise ValueError(f"{kind} {year} has no period {number}")
    return periods[number - 1]


def reporting_units(province: Unit, start: date, end: date):
    """The units of ``province`` that may be asked to report over [start, end]: its departments,
    districts and communes that existed then (the province's People's Committee receives the reports)."""
    return (Unit.objects.filter(province=province, kind__in=REPORTING_ORDER).valid_during(start, end)
            .order_by("kind", "name"))


@transaction.atomic
def open_period(*, user, province: Unit, kind: str, year: int, number: int = 1, deadline: date,
                units: Iterable[Unit], note: str = "", now: datetime | None = None) -> ReportingPeriod:
    """Open a reporting period and give each unit that must report its version-1 report, prefilled with
    what the system knows (task progress, manual targets to fill, KPI values and target statuses)."""
    permissions.require(rperm.can_manage_periods(user))
    now = now or timezone.now()
    issues: list[Issue] = []
    units = list(units)
    start = end = None
    if kind not in rules.REPORTING_KINDS:
        issues.append(Issue(_("Loại kỳ báo cáo không hợp lệ «{kind}».").format(kind=kind), field="kind"))
    else:
        try:
            start, end = period_dates(kind, year, number)
        except ValueError:
            issues.append(Issue(_("Kỳ báo cáo không hợp lệ."), field="number"))
    if province.kind != UnitKind.PROVINCE:
        issues.append(Issue(_("Kỳ báo cáo được mở cho một tỉnh."), field="province"))
    if start is not None:
        if deadline < start:
            issues.append(Issue(_("Hạn gửi báo cáo không được trước ngày đầu kỳ ({day}).").format(day=f"{start:%d/%m/%Y}"),
                                field="deadline"))
        allowed_ids = set(reporting_units(province, start, end).values_list("pk", flat=True))
        for unit in units:
            if unit.pk not in allowed_ids:
                issues.append(Issue(_("«{unit}» không phải đơn vị của {province} trong kỳ này.").format(
                    unit=unit.name, province=province.name), field="units"))
        if ReportingPeriod.objects.filter(province=province, kind=kind, start=start).exists():
            issues.append(Issue(_("Kỳ báo cáo {label} của {province} đã được mở.").format(
                label=period_name(kind, start), province=province.name), field="kind"))
    if not units:
        issues.append(Issue(_("Hãy chọn ít nhất một đơn vị phải báo cáo."), field="units"))
    if issues:
        raise InvalidInput(issues=issues)
    period = ReportingPeriod.objects.create(province=province, kind=kind, year=year, start=start, end=end,
                                            deadline=deadline, note=note.strip(), opened_by=user)
    period.units.set(units)
    reports = []
    for unit in sorted(units, key=unit_order):
        report = UnitReport.objects.create(period=period, unit=unit, prefilled_at=now)
        reports.append(report)
    ReportEvent.objects.bulk_create([ReportEvent(report=r, kind=ReportEvent.Kind.CREATED, actor=user, at=now) for r in reports])
    prefill_reports(period, reports, now)
    return period


def _set_period_state(user, period: ReportingPeriod, state: str, now: datetime | None) -> ReportingPeriod:
    permissions.require(rperm.can_manage_periods(user))
    period.state = state
    period.closed_at = (now or timezone.now()) if state == ReportingPeriod.State.CLOSED else None
    period.save(update_fields=["state", "closed_at"])
    return period


def close_period(*, user, period: ReportingPeriod, now: datetime | None = None) -> ReportingPeriod:
    """No report of a closed period moves any more (cchc.core.reporting.allowed)."""
    return _set_period_state(user, period, ReportingPeriod.State.CLOSED, now)


def reopen_period(*, user, period: ReportingPeriod) -> ReportingPeriod:
    return _set_period_state(user, period, ReportingPeriod.State.OPEN, None)
