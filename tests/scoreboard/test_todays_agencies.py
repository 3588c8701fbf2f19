"""Issue 11, "done when": a 2026 department dossier imports and counts in the agency block. A real-looking
portal export (the portal's field names, a column CCHC does not use, the agency named as the portal names
it) is imported for today's Gia Lai, the engine computes 2026, and the 766 ranking of the agency block holds
the department, which the commune block does not."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from cchc.analytics.services import refresh_kpis
from cchc.dossiers.services import import_dossier_file
from cchc.scoreboard import services as scoreboard
from cchc.units.aliases import import_portal_units
from cchc.units.models import Unit, UnitAlias, UnitLink
from cchc.units.services import import_province
from tests.dossiers.helpers import make_catalogue


@pytest.fixture(scope="module")
def gia_lai(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import_province("Bình Định")
        import_province("Gia Lai")
        import_portal_units(on=date(2026, 10, 10))
        yield
        UnitAlias.objects.all().delete()
        UnitLink.objects.all().delete()
        Unit.objects.update(parent=None, province=None)
        Unit.objects.all().delete()


def _export(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_2026_department_dossier_imports_and_counts_in_the_agency_block(gia_lai, db):
    make_catalogue()
    rows = [{"STT": str(i), "MaHoSo": f"H21.16-260302-{i:04d}", "MaTTHC": "1.002010",
             "DonViXuLy": "Sở Tư pháp - tỉnh Gia Lai", "NgayTiepNhan": "20260302081500",
             "NgayHenTra": "20260311170000", "NgayKetThucXuLy": "20260310100000" if i % 4 else "20260316100000",
             "TrangThaiHoSo": "10", "KenhThucHien": "2", "SoCMND": "0790xxxxxxxx"} for i in range(1, 9)]
    summary = import_dossier_file(_export(rows), "dvcqg-thang-3.csv", source_system="dvcqg")
    assert summary.created == 8 and summary.ignored_columns == {"dvcqg-thang-3.csv": ["STT", "SoCMND"]}
    department = Unit.objects.get(aliases__code="H21.16")
    assert department.block == "agency" and department.is_valid_on(date(2026, 3, 2))

    refresh_kpis(year=2026, kinds=["quarter"])

    agencies = scoreboard.ranking("quarter", date(2026, 1, 1), block="agency")
    row = next(r for r in agencies if r.unit.pk == department.pk)
    assert row.received == 8 and row.rank == 1 and row.overall == 1
    stored = next(v for ind, _score, v in scoreboard.scorecard(department, "quarter", date(2026, 1, 1)).indicators
                  if ind.code == "2.1")
    # Hand-worked: rows 4 and 8 finished on 16/3, after their due day 11/3; the six others on 10/3.
    assert (stored.numerator, stored.denominator) == (6, 8)
    assert all(r.unit.pk != department.pk for r in scoreboard.ranking("quarter", date(2026, 1, 1), block="commune"))
