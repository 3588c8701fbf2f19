"""The ``cchc kpi`` command and the read side: sync, rebuild, show, and errors as CLI messages."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cchc.analytics import services
from cchc.analytics.models import KpiValue
from cchc.core.errors import DomainError
from tests.analytics.helpers import at
from tests.factories import make_dossier, make_procedure, make_unit


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ANALYTICS_DUCKDB_PATH = tmp_path / "analytics.duckdb"


@pytest.fixture
def dossiers(province):
    p = make_procedure()
    make_dossier(unit=province.commune, procedure=p, status=9, received_at=at(2025, 2, 3), due_at=at(2025, 2, 10, 17),
                 finished_at=at(2025, 2, 5))
    make_dossier(unit=province.commune, procedure=p, status=9, received_at=at(2025, 2, 3), due_at=at(2025, 2, 10, 17),
                 finished_at=at(2025, 2, 12))


def run(*args) -> str:
    out = StringIO()
    call_command("kpi", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_sync_then_rebuild_then_show(dossiers, province):
    assert "Đã sao chép 2 hồ sơ (toàn bộ)" in run("sync")
    assert "Đã sao chép 0 hồ sơ (phần thay đổi)" in run("sync")
    out = run("rebuild", "--year", "2025", "--kind", "quarter", "--kind", "year")
    assert "quarter 2025: 4 kỳ" in out and "year 2025: 1 kỳ" in out
    assert KpiValue.objects.filter(period_kind="year", unit=province.province, kpi_code="ontime_rate").get().value == 50
    shown = run("show", province.commune.code, "--year", "2025", "--kind", "quarter")
    assert "Quý I/2025" in shown and "Tỷ lệ hồ sơ giải quyết đúng hạn" in shown
    assert "50,00 %" in shown  # one of two on time
    assert "Số liệu tính lúc" in shown


def test_refresh_is_incremental(dossiers, province):
    run("sync")
    out = run("refresh", "--year", "2025", "--kind", "month")
    assert "Đã sao chép 0 hồ sơ" in out and "month 2025: 12 kỳ" in out


def test_show_before_any_computation(province):
    assert "Chưa có số liệu" in run("show", province.commune.key, "--year", "2025", "--kind", "year")


def test_unknown_unit_is_a_cli_error(db):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị «00000»"):
        run("show", "00000", "--year", "2025")


def test_show_finds_the_unit_by_the_one_rule(province):
    # cchc.units.services.resolve: the year is the window, so a code reused on 1/7/2025 means the unit of
    # that year (the newest of two successive units within 2025); a name works too.
    province.commune.valid_to = date(2025, 6, 30)
    province.commune.save()
    make_unit(key="t:2025:commune:x", code=province.commune.code, name="Xã Mới", kind="commune",
              parent=province.province, province=province.province, valid_from=date(2025, 7, 1))
    assert "Xã Mỹ Đức (90101)" in run("show", province.commune.code, "--year", "2024", "--kind", "year")
    assert "Xã Mới (90101)" in run("show", province.commune.code, "--year", "2025", "--kind", "year")
    assert "Xã Mới (90101)" in run("show", "xã  mới", "--year", "2026", "--kind", "year")
    with pytest.raises(CommandError, match="Không có đơn vị «Xã Mới» còn hiệu lực từ 01/01/2024 đến 31/12/2024"):
        run("show", "Xã Mới", "--year", "2024")


def test_unknown_period_kind_is_a_domain_error(province):
    with pytest.raises(DomainError, match="Loại kỳ không hợp lệ"):
        services.kpi_table(province.commune, year=2025, kind="week")


def test_kpi_table_reads_precomputed_values_only(dossiers, province, django_assert_num_queries):
    services.rebuild_kpis(year=2025, kinds=["quarter"])
    with django_assert_num_queries(1):
        table = services.kpi_table(province.district, year=2025, kind="quarter")
    row = next(r for r in table.rows if r.definition.code == "ontime_rate")
    assert [v.value if v else None for v in row.values] == [50, None, None, None]
    assert [p.label for p in table.periods] == ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"]
