"""Stored KPI values for the dashboard's tests (and the corrective actions', tests/corrective/data.py), made by keyword-only functions.

Values are written as the analytics engine stores them (KpiValue rows); nothing is computed from dossiers
here, which is the point: the dashboard reads stored results only.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from cchc.analytics.models import KpiValue
from cchc.core import kpis
from tests import factories

VN = timezone.get_fixed_timezone(7 * 60)
#: Computed after the end of 2022: every period of the test plan's year is final.
AS_OF = datetime(2023, 1, 5, 8, 0, tzinfo=VN)


def kpi(*, unit, code: str, kind: str, start: date, value=None, numerator=None, denominator=None,
        as_of: datetime = AS_OF) -> KpiValue:
    """One stored value; for a rate given only ``value``, numerator/denominator are value/100 of 100."""
    end = next(e for s, e in kpis.periods_of(start.year, kind) if s == start)
    if value is not None and numerator is None and denominator is None:
        numerator, denominator = (int(value), None) if code in ("received", "handled", "late") else (int(value), 100)
    if value is None and numerator is not None:
        value = kpis.value_of(kpis.definition_for(code, end), numerator, denominator)
    return factories.make_kpi_value(unit=unit, code=code, value=value, numerator=numerator, denominator=denominator,
                                    kind=kind, start=start, end=end, as_of=as_of)


def year_values(tree, year: int = 2022) -> None:
    """The year's figures used across the tests (hand-picked, see each test for the working):

    digitised_results_rate (target CT01: ≥ 50 province, ≥ 40 district, ≥ 35 commune):
        commune 36 (met), commune2 30 (missed), other commune none, district 45 (met), district2 39 (missed),
        SNV 50 (met), STP none;
    ontime_rate: commune 90/100, commune2 50/100, other commune 90/100 (tie), district 80/200, district2 0/0.
    """
    start = date(year, 1, 1)
    for unit, value in ((tree.commune, 36), (tree.commune2, 30), (tree.district, 45), (tree.district2, 39),
                        (tree.snv, 50)):
        kpi(unit=unit, code="digitised_results_rate", kind="year", start=start, value=value)
    for unit, n, d in ((tree.commune, 90, 100), (tree.commune2, 50, 100), (tree.other_district_commune, 90, 100),
                       (tree.district, 160, 200), (tree.district2, 0, 0), (tree.province, 250, 300)):
        kpi(unit=unit, code="ontime_rate", kind="year", start=start, numerator=n, denominator=d)
    kpi(unit=tree.province, code="received", kind="year", start=start, value=1234)


def month_values(unit, year: int = 2022) -> None:
    """January 100 dossiers received, 95% on time; February 50 received, 80% on time; nothing else."""
    kpi(unit=unit, code="received", kind="month", start=date(year, 1, 1), value=100)
    kpi(unit=unit, code="ontime_rate", kind="month", start=date(year, 1, 1), numerator=95, denominator=100)
    kpi(unit=unit, code="received", kind="month", start=date(year, 2, 1), value=50)
    kpi(unit=unit, code="ontime_rate", kind="month", start=date(year, 2, 1), numerator=40, denominator=50)
