"""The scorecard of a unit shows 1.1–1.3 points from the imported publication records (cchc.scoreboard.inputs
→ cchc.publications.figures766), scored as the portal scores group 1: max × rate / 100 (DOMAIN §1.1).

With the file of conftest.py, Q2 2026: Sở Nội vụ gets its province's 1/2, 1/2, 1/2 → 3,00 + 2,00 + 1,00 = 6,00
points of group 1 (1.4 has no figure); Xã Mỹ Đức its own 1/1 each → 6 + 4 + 2 = 12,00.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.core.cache import cache

from cchc.publications import services
from cchc.scoreboard import services as scoreboard
from tests.factories import client_for, make_kpi_value
from tests.publications.conftest import Q2


def _points(card):
    return {ind.code: s.points for ind, s, _v in card.indicators}


def test_the_scorecard_scores_group_1_from_the_records(province, good_file):
    before = _points(scoreboard.scorecard(province.snv, "quarter", Q2))
    assert before["1.1"] is None, "no record yet: no data, not 0"
    services.import_file(good_file, "cong-bo.csv")
    card = scoreboard.scorecard(province.snv, "quarter", Q2)
    got = _points(card)
    assert (got["1.1"], got["1.2"], got["1.3"]) == (Decimal("3.00"), Decimal("2.00"), Decimal("1.00"))
    assert card.groups[1].points == Decimal("6.00") and card.groups[1].max_with_data == Decimal(12)
    own = _points(scoreboard.scorecard(province.commune, "quarter", Q2))
    assert (own["1.1"], own["1.2"], own["1.3"]) == (Decimal("6.00"), Decimal("4.00"), Decimal("2.00"))


def test_the_ranking_and_the_scorecard_page_follow_an_import(province, users, good_file):
    as_of = datetime(2026, 7, 2, tzinfo=UTC)
    make_kpi_value(unit=province.snv, code="ontime_rate", start=Q2, numerator=9, denominator=10, value=90, as_of=as_of)
    rows = scoreboard.ranked_cached("quarter", Q2, "agency", "s1")
    assert rows[0].total.points == Decimal("18.00")
    services.import_file(good_file, "cong-bo.csv")
    rows = scoreboard.ranked_cached("quarter", Q2, "agency", "s1")  # same values' stamp: the inputs' moved
    assert rows[0].total.points == Decimal("24.00")
    cache.clear()
    html = client_for(user=users["leader"]).get(f"/scoreboard/units/{province.snv.pk}/",
                                                {"kind": "quarter", "start": Q2.isoformat()}).content.decode()
    assert "1 / 2" in html and "3,00" in html


def test_the_portals_gia_lai_figures_score_as_published(province):
    """The portal's figures for every Gia Lai unit on 10/10/2026 (GitHub duynghiaqn/Crawler-766,
    data/gia_lai/agencies_detail_GiaLai_10102026.json): PUBLISH_ON_TIME 1/47 → 0,13; PUBLIC_UPDATE_ON_TIME
    43/47 → 3,66; PUBLIC_CONTENT_FULL 47/47 → 2. Rebuilt here as 47 announcements in June 2026 of which 1
    is on time, 43 published on time and all complete, they score the same."""
    from tests.factories import make_procedure
    from tests.publications.conftest import csv_of

    lines = []
    for n in range(47):
        make_procedure(code=f"G{n:02d}")
        decided = "08/06/2026" if n == 0 else "12/06/2026"  # 12/06 is late for an effective date of 15/06
        published = "15/06/2026" if n < 43 else "30/06/2026"  # 12/06 + 5 working days = 19/06
        lines.append(f"G{n:02d},52,{n + 1}/QĐ-UBND,{decided},15/06/2026,{published},đủ,tỉnh")
    services.import_file(csv_of(lines), "gia-lai.csv")
    got = _points(scoreboard.scorecard(province.snv, "quarter", Q2))
    assert (got["1.1"], got["1.2"], got["1.3"]) == (Decimal("0.13"), Decimal("3.66"), Decimal("2.00"))
