"""The scoreboard scores 1.4, 4.1, 4.2, 5.3, 5.5, 5.6 and 5.7 from the counts taken in (through
cchc.scoreboard.inputs, the one hook), on the scorecard, the ranking and the unit's page; an import is seen
at once by a cached ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cchc.analytics.services import values_stamp
from cchc.portalcounts.services import import_file
from cchc.scoreboard import inputs
from cchc.scoreboard import services as scoreboard
from tests.factories import client_for, make_kpi_value
from tests.portalcounts.helpers import csv_bytes

pytestmark = pytest.mark.django_db
Q3 = date(2026, 7, 1)
AS_OF = datetime(2026, 10, 2, tzinfo=UTC)
# Sở Khoa học và Công nghệ's published figures (GitHub duynghiaqn/Crawler-766,
# data/gia_lai/agencies_detail_GiaLai_10102026.json), and 4.1 / 4.2 from its fee procedures (8 of 12).
ROWS = [
    ["52.SNV", "Q3/2026", "1.4", "600", "", "608", "590"],
    ["52.SNV", "Q3/2026", "4.1", "6", "12", "", ""],
    ["52.SNV", "Q3/2026", "4.2", "15", "78", "", ""],
    ["52.SNV", "Q3/2026", "5.3", "", "", "", ""],
    ["52.SNV", "Q3/2026", "5.5", "20", "741", "", ""],
    ["52.SNV", "Q3/2026", "5.6", "21", "99", "", ""],
    ["52.SNV", "Q3/2026", "5.7", "741", "741", "", ""],
]
# Hand-worked (score766: rate to 2 decimals, then max × rate / 100, or min(max, max × rate / 80) for 4.1, 4.2):
# 1.4 600 / max(608, 590) = 98.68% → 6 × 0.9868 = 5.92; 4.1 6/12 = 50% → 2 × 50/80 = 1.25;
# 4.2 15/78 = 19.23% → 2 × 19.23/80 = 0.48; 5.3 null/null → 2 (full, as the portal); 5.5 20/741 = 2.70% →
# 4 × 0.027 = 0.11; 5.6 21/99 = 21.21% → 0.42; 5.7 741/741 → 2.
EXPECTED = {"1.4": Decimal("5.92"), "4.1": Decimal("1.25"), "4.2": Decimal("0.48"), "5.3": Decimal(2),
            "5.5": Decimal("0.11"), "5.6": Decimal("0.42"), "5.7": Decimal(2)}


@pytest.fixture
def handled(province):
    """The department handled 741 dossiers in Q3/2026, 726 on time (so it is ranked)."""
    return make_kpi_value(unit=province.snv, code="ontime_rate", start=Q3, numerator=726, denominator=741,
                          as_of=AS_OF)


def points(card) -> dict:
    return {ind.code: score.points for ind, score, _v in card.indicators if ind.code in EXPECTED}


def test_the_scorecard_scores_the_counts_taken_in(province, handled):
    before = scoreboard.scorecard(province.snv, "quarter", Q3)
    assert set(points(before).values()) == {None}  # no data, not 0
    import_file(csv_bytes(ROWS), "counts.csv")
    card = scoreboard.scorecard(province.snv, "quarter", Q3)
    assert points(card) == EXPECTED
    # 2.1 from the KPI (20 × 97.98% = 19.60) plus the seven: the group totals move with them.
    assert card.groups[1].points == Decimal("5.92") and card.groups[4].points == Decimal("1.73")
    assert card.groups[5].points == Decimal("4.53")
    assert card.total.points == Decimal("19.60") + sum(EXPECTED.values())
    # Another period or kind has none of them.
    assert set(points(scoreboard.scorecard(province.snv, "year", date(2026, 1, 1))).values()) == {None}


def test_a_cached_ranking_sees_an_import_at_once(province, handled):
    stamp = values_stamp("quarter")
    first = scoreboard.ranked_cached("quarter", Q3, "agency", stamp)
    assert first[0].total.points == Decimal("19.60")
    before = inputs.stamp()
    import_file(csv_bytes(ROWS), "counts.csv")
    assert inputs.stamp() != before
    again = scoreboard.ranked_cached("quarter", Q3, "agency", stamp)
    assert again[0].total.points == Decimal("19.60") + sum(EXPECTED.values())


def test_the_unit_page_shows_the_points(province, handled, users):
    import_file(csv_bytes(ROWS), "counts.csv")
    page = client_for(user=users["leader"]).get(f"/scoreboard/units/{province.snv.pk}/",
                                                {"kind": "quarter", "start": Q3.isoformat()})
    assert page.status_code == 200
    text = page.content.decode()
    assert "5,92" in text and "1,25" in text and "0,42" in text
