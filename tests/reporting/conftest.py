"""A small reporting world: Q1/2022 of the test province, opened by the PAR officer for four units, with
KPI values of the commune for the quarter (see tests/factories.py for the units, plan and users)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cchc.analytics.models import KpiValue
from cchc.reporting import services
from tests import factories

Q1 = (date(2022, 1, 1), date(2022, 3, 31))
DEADLINE = date(2022, 4, 10)
OPENED = datetime(2022, 3, 25, 2, 0, tzinfo=UTC)  # 09:00 in Việt Nam
KPI_AS_OF = datetime(2022, 3, 24, 20, 0, tzinfo=UTC)


def kpi(unit, code: str, value, numerator=None, denominator=None, *, kind="quarter", start=Q1[0], end=Q1[1],
        as_of=KPI_AS_OF) -> KpiValue:
    return factories.make_kpi_value(unit=unit, code=code, value=value, numerator=numerator, denominator=denominator,
                                    kind=kind, start=start, end=end, as_of=as_of)


@pytest.fixture
def kpis(province):
    """The commune's Q1 figures: 120 dossiers received, 95,5% on time, 30% of results digitised (CT01
    asks ≥ 35% of a commune)."""
    return [
        kpi(province.commune, "received", 120, 120),
        kpi(province.commune, "ontime_rate", "95.5", 191, 200),
        kpi(province.commune, "digitised_results_rate", 30, 30, 100),
    ]


@pytest.fixture
def period(province, plan, users, kpis):
    return services.open_period(
        user=users["officer"], province=province.province, kind="quarter", year=2022, number=1, deadline=DEADLINE,
        units=[province.snv, province.district, province.commune, province.commune2], now=OPENED,
    )


@pytest.fixture
def report(period, province):
    """The commune's report (version 1)."""
    return services.current_report(period, province.commune.pk)


@pytest.fixture
def mail_users(users):
    """Focal points with e-mail addresses (the factories make none)."""
    for name in ("focal_commune", "focal_commune2", "focal_district", "focal_snv"):
        users[name].email = f"{name.replace('_', '.')}@example.vn"
        users[name].save()
    return users


def fill(report, user, *, now=None):
    """What a focal point writes before submitting: the manual measure and one area's results."""
    measure = report.measures.get()
    services.save_report(user=user, report=report,
                         measures={measure.pk: {"value": "25", "note": "Khảo sát 200 lượt tại bộ phận một cửa"}},
                         narratives={"TTHC": {"results": "Đã số hóa 30% kết quả giải quyết TTHC."}})
    return report
