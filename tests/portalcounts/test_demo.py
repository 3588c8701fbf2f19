"""The demo's illustrative counts: every agency and commune with dossiers gets the seven indicators, each a
figure the import would accept, marked illustrative; an imported figure is left alone; a reload is the same."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cchc.core import portal_counts
from cchc.portalcounts import demo
from cchc.portalcounts.models import PortalCount
from cchc.portalcounts.services import import_file
from tests.factories import make_kpi_value
from tests.portalcounts.helpers import csv_bytes

pytestmark = pytest.mark.django_db
Q3 = date(2026, 7, 1)
AS_OF = datetime(2026, 10, 2, tzinfo=UTC)


@pytest.fixture
def figures(province):
    for unit, handled in ((province.snv, 741), (province.commune, 294), (province.district, 50)):
        make_kpi_value(unit=unit, code="ontime_rate", start=Q3, numerator=handled - 7, denominator=handled, as_of=AS_OF)
        make_kpi_value(unit=unit, code="received", start=Q3, numerator=handled - 20, as_of=AS_OF)
    make_kpi_value(unit=province.commune, code="online_payment_dossiers_rate", start=Q3, numerator=208,
                   denominator=221, as_of=AS_OF)
    make_kpi_value(unit=province.stp, code="ontime_rate", start=date(2025, 1, 1), numerator=1, denominator=1,
                   as_of=AS_OF)  # before 1/7/2025: not given counts


def test_every_agency_and_commune_with_dossiers_gets_the_seven(province, figures):
    assert demo.load(date(2025, 7, 1)) == 14
    rows = list(PortalCount.objects.all())
    assert {(r.unit_id, r.indicator) for r in rows} == {(u.pk, code) for u in (province.snv, province.commune)
                                                         for code in portal_counts.ACCEPTED}  # no district
    for r in rows:
        assert r.illustrative and r.period_kind == "quarter" and r.period_start == Q3
        assert portal_counts.problems(r.indicator, r.period_kind, r.counts) == [], r
    by = {(r.unit_id, r.indicator): r for r in rows}
    assert (by[(province.snv.pk, "5.3")].numerator, by[(province.snv.pk, "5.3")].denominator) == (None, None)
    assert by[(province.commune.pk, "5.3")].denominator == 1
    sync = by[(province.commune.pk, "1.4")]
    assert sync.received_dvcqg == 274 and sync.scored_denominator >= 274 and sync.numerator <= 274
    assert by[(province.commune.pk, "5.7")].denominator == 294


def test_an_imported_figure_is_left_alone_and_a_reload_is_the_same(province, figures):
    import_file(csv_bytes([["52.SNV", "Q3/2026", "5.5", "20", "741", "", ""]]), "that.csv")
    first = demo.load(date(2025, 7, 1))
    again = demo.load(date(2025, 7, 1))
    assert first == again == 13
    kept = PortalCount.objects.get(unit=province.snv, indicator="5.5")
    assert (kept.numerator, kept.illustrative, kept.source) == (20, False, "that.csv")
    assert PortalCount.objects.count() == 14
