"""The province's own figure of the counts taken in (1.4, 4.1, 4.2, 5.3, 5.5–5.7): with no count of its own, the
sums of its units' counts of the period (cchc.core.portal_counts.rolled_up, an [I] rule configurable by
``PORTALCOUNTS_PROVINCE_ROLLUP``), the same on every surface that shows the province's total: its scorecard
page, the dashboard, the API."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils.formats import number_format

from cchc.portalcounts.services import import_file
from cchc.scoreboard import services as scoreboard
from tests.factories import client_for, make_kpi_value
from tests.portalcounts.helpers import csv_bytes

pytestmark = pytest.mark.django_db
YEAR = date(2026, 1, 1)
AS_OF = datetime(2026, 10, 2, tzinfo=UTC)
# The test province: Sở Nội vụ (52.SNV), Huyện Phù Mỹ with Xã Mỹ Đức, Huyện Vân Canh with Xã Canh Vinh.
ROWS = [
    ["52.SNV", "2026", "1.4", "600", "", "608", "590"],
    ["Xã Canh Vinh", "2026", "1.4", "100", "", "100", "100"],
    ["52.SNV", "2026", "5.3", "", "", "", ""],
    ["Xã Mỹ Đức", "2026", "5.3", "1", "1", "", ""],
    ["Xã Canh Vinh", "2026", "5.3", "0", "1", "", ""],
    ["52.SNV", "2026", "5.5", "20", "741", "", ""],
    ["Huyện Phù Mỹ", "2026", "5.5", "10", "100", "", ""],
    ["Xã Mỹ Đức", "2026", "5.5", "5", "50", "", ""],  # counted in Huyện Phù Mỹ's figure: not added again
    ["Xã Canh Vinh", "2026", "5.5", "30", "159", "", ""],
]
# Hand-worked (DVCQG-2026, points from the exact rate, 2 decimals half up):
# 1.4: 600 / max(608, 590) + 100 / 100 = 700 / 708 = 98.870% → 6 × 0.98870 = 5.93;
# 5.3: null/null (Sở Nội vụ) + 1 / 1 + 0 / 1 = 1 / 2 = 50% → 2 × 0.5 = 1.00;
# 5.5: 20 / 741 + 10 / 100 + 30 / 159 = 60 / 1000 = 6% → 4 × 0.06 = 0.24. 4.1, 4.2, 5.6, 5.7: no count, no data.
EXPECTED = {"1.4": ((700, Decimal(708)), Decimal("5.93")), "5.3": ((1, Decimal(2)), Decimal("1.00")),
            "5.5": ((60, Decimal(1000)), Decimal("0.24"))}
ADDED = sum(points for _f, points in EXPECTED.values())  # 7.17
COUNT_FED = ("1.4", "4.1", "4.2", "5.3", "5.5", "5.6", "5.7")


@pytest.fixture
def year_figures(province):
    """The province's own dossier figure for 2026 (2.1: 90 / 100 on time → 18.00) and Sở Nội vụ's."""
    make_kpi_value(unit=province.province, code="ontime_rate", kind="year", start=YEAR, numerator=90,
                   denominator=100, as_of=AS_OF)
    make_kpi_value(unit=province.snv, code="ontime_rate", kind="year", start=YEAR, numerator=70, denominator=70,
                   as_of=AS_OF)


def fed(card) -> dict:
    return {ind.code: ((v.numerator, v.denominator) if v else None, s.points)
            for ind, s, v in card.indicators if ind.code in COUNT_FED}


def test_the_province_sums_its_units_counts(province, year_figures):
    before = scoreboard.scorecard(province.province, "year", YEAR)
    assert {code: points for code, (_f, points) in fed(before).items()} == dict.fromkeys(COUNT_FED)  # no data
    import_file(csv_bytes(ROWS), "counts.csv")
    card = scoreboard.scorecard(province.province, "year", YEAR)
    assert fed(card) == {**dict.fromkeys(COUNT_FED, (None, None)), **EXPECTED}
    assert card.total.points == before.total.points + ADDED
    assert card.total.available == before.total.available + 6 + 2 + 4
    # A unit's own figure is its own: Huyện Phù Mỹ's 5.5 is 10 / 100, not its commune's added.
    district = scoreboard.scorecard(province.district, "year", YEAR)
    assert fed(district)["5.5"] == ((10, Decimal(100)), Decimal("0.40"))


def test_the_provinces_own_count_wins(province, year_figures):
    import_file(csv_bytes([*ROWS, ["52", "2026", "5.5", "1", "10", "", ""]]), "counts.csv")
    card = scoreboard.scorecard(province.province, "year", YEAR)
    assert fed(card)["5.5"] == ((1, Decimal(10)), Decimal("0.40"))  # its own: 10% → 0.40
    assert fed(card)["1.4"] == EXPECTED["1.4"]  # the others still summed


def test_the_roll_up_can_be_turned_off(province, year_figures):
    import_file(csv_bytes(ROWS), "counts.csv")
    with override_settings(PORTALCOUNTS_PROVINCE_ROLLUP=False):
        card = scoreboard.scorecard(province.province, "year", YEAR)
    assert {code: points for code, (_f, points) in fed(card).items()} == dict.fromkeys(COUNT_FED)


def test_every_surface_shows_the_same_province_total(province, year_figures, users):
    import_file(csv_bytes(ROWS), "counts.csv")
    card = scoreboard.scorecard(province.province, "year", YEAR)
    total = number_format(card.total.points, 2)
    client = client_for(user=users["leader"])

    page = client.get(f"/scoreboard/units/{province.province.pk}/", {"kind": "year", "start": YEAR.isoformat()})
    text = page.content.decode()
    assert page.status_code == 200 and f'<div class="n">{total}</div>' in text
    assert f"/ {card.total.available:.0f} điểm tính được" in text
    for _figure, points in EXPECTED.values():
        assert number_format(points, 2) in text

    dashboard = client.get("/dashboard/", {"year": 2026}).content.decode()
    found = re.search(r'id="province-766"><div class="n"><a href="[^"]*">([^<]+)</a>', dashboard)
    assert found and found.group(1) == total
    assert f"/ {card.total.available:.0f} điểm có dữ liệu" in dashboard

    body = client.get(f"/api/v1/scoreboard/units/{province.province.pk}",
                      {"kind": "year", "start": YEAR.isoformat()}).json()
    assert Decimal(str(body["total"]["points"])) == card.total.points
    assert Decimal(str(body["total"]["available"])) == card.total.available
    by_code = {i["code"]: i for i in body["indicators"]}
    for code, ((numerator, denominator), points) in EXPECTED.items():
        assert (by_code[code]["numerator"], Decimal(str(by_code[code]["denominator"]))) == (numerator, denominator)
        assert Decimal(str(by_code[code]["points"])) == points


def test_with_the_demos_counts_the_province_scores_out_of_100(province, users):
    """The demo's situation (cchc.portalcounts.demo: counts for agencies and communes only), with the province's
    own dossier figures, publication records and petitions stored: all 19 indicators score, out of 100 (the
    demo's dashboard said "/ 80 điểm có dữ liệu" before the roll-up), on the scorecard and the dashboard."""
    from cchc.petitions.models import PetitionFigure, PetitionImport
    from cchc.portalcounts import demo
    from cchc.publications.models import PublicationFigure

    for code, numerator, denominator in (("ontime_rate", 90, 100), ("late", 10, None),
                                         ("satisfaction_rate", 95, 100), ("online_fullprocess_rate", 40, 100),
                                         ("online_payment_dossiers_rate", 30, 50), ("digitised_results_rate", 80, 100),
                                         ("digitised_dossiers_rate", 70, 100), ("reused_data_rate", 20, 100),
                                         ("received", 100, None)):
        make_kpi_value(unit=province.province, code=code, kind="year", start=YEAR, numerator=numerator,
                       denominator=denominator, as_of=AS_OF)
    for unit, handled in ((province.snv, 70), (province.commune, 30)):
        make_kpi_value(unit=unit, code="ontime_rate", kind="year", start=YEAR, numerator=handled, denominator=handled,
                       as_of=AS_OF)
        make_kpi_value(unit=unit, code="received", kind="year", start=YEAR, numerator=handled, as_of=AS_OF)
    PublicationFigure.objects.create(unit=province.province, source=province.province, period_kind="year",
                                     period_start=YEAR, procedures=47, announced_on_time=1, published_on_time=43,
                                     complete=47, computed_at=AS_OF)
    PetitionImport.objects.create(source="test", rows=1, created=1, updated=0)
    PetitionFigure.objects.create(unit=province.province, period_kind="year", period_start=YEAR, received=4, on_time=3,
                                  satisfied=3, about_rules=1, about_officials=0, computed_at=AS_OF)
    assert scoreboard.scorecard(province.province, "year", YEAR).total.available == 80  # as the demo before

    assert demo.load(date(2025, 7, 1)) == 14  # Sở Nội vụ's and Xã Mỹ Đức's seven
    card = scoreboard.scorecard(province.province, "year", YEAR)
    assert all(score.has_data for _ind, score, _v in card.indicators) and len(card.indicators) == 19
    assert card.total.available == 100
    dashboard = client_for(user=users["leader"]).get("/dashboard/", {"year": 2026}).content.decode()
    assert f"{number_format(card.total.points, 2)}</a>" in dashboard and "/ 100 điểm có dữ liệu" in dashboard
