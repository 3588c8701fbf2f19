"""A period is scored with the 766 rules in force on its first day (cchc.core.score766.version_for): S1-2022
up to 2025, the portal's DVCQG-2026 from 1/1/2026.

Stored figures written by hand for Sở Nội vụ, the same in Q4 2025 and Q1 2026: 603 of 654 dossiers
digitised (5.2) and 650 of 654 handled on time (2.1).

    5.2: 92.20% → S1 full from 80%: 4,00;  DVCQG-2026 linear: 4 × 92.2018% = 3,688 → 3,69
    2.1: 650/654 = 99.388% → S1 from the rounded rate: 20 × 99.39% = 19,878 → 19,88;
         DVCQG-2026 from the exact rate: 20 × 99.3884% = 19,8777 → 19,88 (the same here)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from cchc.scoreboard import services
from tests.factories import make_kpi_value

Q4_2025, Q1_2026 = date(2025, 10, 1), date(2026, 1, 1)
AS_OF = datetime(2026, 4, 2, tzinfo=UTC)


def _figures(unit, start):
    make_kpi_value(unit=unit, code="digitised_dossiers_rate", start=start, numerator=603, denominator=654,
                   value=92.2, as_of=AS_OF)
    make_kpi_value(unit=unit, code="ontime_rate", start=start, numerator=650, denominator=654, value=99.39,
                   as_of=AS_OF)


def _points(card, code):
    return next(score.points for ind, score, _v in card.indicators if ind.code == code)


def test_each_period_is_scored_with_the_rules_in_force_on_its_first_day(province):
    for start in (Q4_2025, Q1_2026):
        _figures(province.snv, start)
    before = services.scorecard(province.snv, "quarter", Q4_2025)
    after = services.scorecard(province.snv, "quarter", Q1_2026)
    assert (_points(before, "5.2"), _points(after, "5.2")) == (Decimal("4.00"), Decimal("3.69"))
    assert (_points(before, "2.1"), _points(after, "2.1")) == (Decimal("19.88"), Decimal("19.88"))
    assert (before.groups[5].points, after.groups[5].points) == (Decimal("4.00"), Decimal("3.69"))


def test_the_ranking_scores_with_the_same_version_as_the_scorecard(province):
    for start in (Q4_2025, Q1_2026):
        _figures(province.snv, start)
    for start, expected in ((Q4_2025, Decimal("23.88")), (Q1_2026, Decimal("23.57"))):
        row = next(r for r in services.ranking("quarter", start, block="agency") if r.unit.pk == province.snv.pk)
        assert row.total.points == expected == services.scorecard(province.snv, "quarter", start).total.points
