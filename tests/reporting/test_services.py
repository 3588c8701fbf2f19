"""Opening a period fills each unit's report with what the system knows; worked by hand from the test
world (tests/reporting/conftest.py, tests/factories.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cchc.reporting.models import UnitReport

from .conftest import DEADLINE, KPI_AS_OF, OPENED


def test_opening_a_period_gives_each_unit_a_prefilled_report(period, province):
    assert period.label == "Quý I/2022"
    assert (period.start, period.end, period.deadline) == (date(2022, 1, 1), date(2022, 3, 31), DEADLINE)
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
    assert set(reports) == {province.snv.pk, province.district.pk, province.commune.pk, province.commune2.pk}
    assert all(r.version == 1 and r.state == "draft" and r.is_current and r.prefilled_at == OPENED for r in reports.values())

    commune = reports[province.commune.pk]
    assert [(r.task_code, r.progress) for r in commune.task_rows.all()] == [("NV02", 0)]
    assert [(m.target_code, m.threshold, m.comparator, m.unit_of_measure) for m in commune.measures.all()] == [
        ("CT02", Decimal("30.0000"), "<=", "phút")]
    assert [(n.area_code, n.area_name) for n in commune.narratives.all()] == [
        ("CDDH", "Công tác chỉ đạo, điều hành"), ("TTHC", "Cải cách thủ tục hành chính")]
    assert [(k.kpi_code, k.value, k.as_of) for k in commune.kpis.all()] == [
        ("received", Decimal("120.0000"), KPI_AS_OF), ("ontime_rate", Decimal("95.5000"), KPI_AS_OF),
        ("digitised_results_rate", Decimal("30.0000"), KPI_AS_OF)]
    # CT01 asks ≥ 35% of a commune; 30% is within the 5-point margin of it during the year: at risk.
    (status,) = commune.target_statuses.all()
    assert (status.target_code, status.threshold, status.value, status.verdict, status.as_of) == (
        "CT01", Decimal("35.0000"), Decimal("30.0000"), "at_risk", KPI_AS_OF)

    snv = reports[province.snv.pk]
    assert [r.task_code for r in snv.task_rows.all()] == ["NV01"]
    assert [(s.target_code, s.threshold, s.verdict) for s in snv.target_statuses.all()] == [
        ("CT01", Decimal("50.0000"), "no_data")]
    assert not snv.kpis.exists()
    district = reports[province.district.pk]
    assert not district.task_rows.exists()
    assert [(s.threshold, s.verdict) for s in district.target_statuses.all()] == [(Decimal("40.0000"), "no_data")]
