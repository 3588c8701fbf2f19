"""What would raise a 766 score (issue #15, item 4): the gain of correcting k of the items behind lost points.

Sources: QĐ 766/QĐ-TTg as scored by cchc.core.score766.points (DOMAIN S1: rate to 2 decimals half up, then
``max × rate / 100`` or ``min(max, max × rate / target)``, points to 2 decimals half up); 6.3's numerator
is dossiers − late − disliked (score766.tthc_satisfaction_numerator). The indicators are built here with
the registry's shapes, so a later change of a registry entry does not change these hand-worked cases.
Every expected number was worked by hand; the arithmetic is in the comments.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core import whatif766 as w
from cchc.core.score766 import CAPPED_TARGET, EMPTY_FULL, EMPTY_ZERO, Indicator, points

D = Decimal
ONTIME = Indicator("2.1", 2, "Tỷ lệ hồ sơ giải quyết đúng hạn", D(20))  # linear, 20 points
DIGITISED = Indicator("5.2", 5, "Hồ sơ được số hóa", D(4), D(80), CAPPED_TARGET)  # full from 80%
SATISFIED = Indicator("6.3", 6, "Hài lòng", D(6), D(90), CAPPED_TARGET, if_empty=EMPTY_ZERO)  # full from 90%
SYNCED = Indicator("1.4", 1, "Đồng bộ", D(6))  # linear, 6 points; its denominator may be last year ÷ 12
PAKN = Indicator("6.1", 6, "PAKN đúng hạn", D(6), if_empty=EMPTY_FULL)
UNSEEN = Indicator("1.1", 1, "Công bố", D(6), computable=False)


@pytest.mark.parametrize(("lost", "k", "expected"), [
    # 40/50 = 80.00% → 20 × 80 / 100 = 16.00. 41/50 = 82% → 16.40; 45/50 = 90% → 18.00; 50/50 → 20.00.
    (w.plain(ONTIME, 40, 50), 1, D("0.40")),
    (w.plain(ONTIME, 40, 50), 5, D("2.00")),
    (w.plain(ONTIME, 40, 50), 10, D("4.00")),
    # 1/3 = 33.33% → 6.666 → 6.67; 2/3 = 66.67% → 13.334 → 13.33 (+6.66); 3/3 → 20 (+13.33).
    (w.plain(ONTIME, 1, 3), 1, D("6.66")),
    (w.plain(ONTIME, 1, 3), 2, D("13.33")),
    # Capped at 80%: 50/100 → 4 × 50 / 80 = 2.50; 51% → 2.55; 79% → 3.95; 80% and above → 4.00.
    (w.plain(DIGITISED, 50, 100), 1, D("0.05")),
    (w.plain(DIGITISED, 50, 100), 29, D("1.45")),
    (w.plain(DIGITISED, 50, 100), 30, D("1.50")),
    (w.plain(DIGITISED, 50, 100), 50, D("1.50")),
    # 6.3: 20 dossiers, 3 late, 1 disliked → 16/20 = 80% → 6 × 80 / 90 = 5.333 → 5.33; one corrected:
    # 17/20 = 85% → 5.667 → 5.67 (+0.34); two: 90% → 6.00 (+0.67).
    (w.satisfaction(SATISFIED, 20, 3, 1), 1, D("0.34")),
    (w.satisfaction(SATISFIED, 20, 3, 1), 2, D("0.67")),
    (w.satisfaction(SATISFIED, 20, 3, 1), 4, D("0.67")),
    # 4 dossiers, 3 late, 3 disliked: 4 − 6 stops at 0 → 0 points. Two corrections leave 4 − 4 = 0 (+0);
    # three: 1/4 = 25% → 6 × 25 / 90 = 1.667 → 1.67; five: 3/4 = 75% → 5.00; six: 4/4 → 6.00.
    (w.satisfaction(SATISFIED, 4, 3, 3), 2, D("0.00")),
    (w.satisfaction(SATISFIED, 4, 3, 3), 3, D("1.67")),
    (w.satisfaction(SATISFIED, 4, 3, 3), 5, D("5.00")),
    (w.satisfaction(SATISFIED, 4, 3, 3), 6, D("6.00")),
    # 1.4 with last year's 100 dossiers ÷ 12 = 8.333…: 5 → 60.00% → 3.60; 8 → 96.00% → 5.76 (+2.16);
    # 9 → 108% → capped at 6.00 (+2.40). Items: 8.333 − 5 = 3.333, rounded up to 4.
    (w.plain(SYNCED, 5, D(100) / 12), 3, D("2.16")),
    (w.plain(SYNCED, 5, D(100) / 12), 4, D("2.40")),
    # A petition: 2/3 = 66.67% → 6 × 66.67 / 100 = 4.0002 → 4.00; 3/3 → 6.00.
    (w.plain(PAKN, 2, 3), 1, D("2.00")),
])
def test_gain_of_k_corrections(lost, k, expected):
    assert w.gain(lost, k) == expected


def test_gain_is_a_difference_of_two_scores_from_score766_points():
    lost = w.plain(ONTIME, 123, 457)
    for k in (1, 17, 334):
        assert w.gain(lost, k) == points(ONTIME, 123 + k, 457).points - points(ONTIME, 123, 457).points


@pytest.mark.parametrize(("lost", "items", "enough", "full"), [
    (w.plain(ONTIME, 40, 50), 10, 10, D("4.00")),  # linear: every item counts
    (w.plain(DIGITISED, 50, 100), 50, 30, D("1.50")),  # 80/100 is the target: 30 of the 50 are enough
    (w.satisfaction(SATISFIED, 20, 3, 1), 4, 2, D("0.67")),  # 18/20 = 90%: 2 of the 4
    (w.satisfaction(SATISFIED, 4, 3, 3), 6, 6, D("6.00")),  # 5 give 5.00, only 6 give 6.00
    (w.plain(SYNCED, 5, D(100) / 12), 4, 4, D("2.40")),
    # Linear, and yet rounding gives full points early: 99,900/100,000 = 99.90% → 19.98. With 75 more,
    # 99.975% rounds to 99.98% and 20 × 99.98 / 100 = 19.996 rounds to 20.00; with 74, 99.974% → 99.97%
    # → 19.994 → 19.99. So 75 of the 100 are enough.
    (w.plain(ONTIME, 99_900, 100_000), 100, 75, D("0.02")),
])
def test_enough_corrections_for_the_full_gain(lost, items, enough, full):
    assert lost.items == items
    option = w.option(lost)
    assert (option.enough, option.gain) == (enough, full)
    assert w.gain(lost, enough) == full and (enough == 0 or w.gain(lost, enough - 1) < full)


@pytest.mark.parametrize("lost", [
    w.plain(ONTIME, None, None),  # no data
    w.plain(ONTIME, 50, 50),  # nothing lost
    w.plain(ONTIME, 0, 0),  # no dossier: no data, nothing to correct
    w.plain(PAKN, 0, 0),  # no petition: full points already
    w.plain(UNSEEN, 1, 5),  # not computable here: no data
    w.satisfaction(SATISFIED, 0, 0, 0),  # no dossier: 0 points, and nothing to correct
    w.satisfaction(SATISFIED, 10, 0, 0),  # nobody late nor displeased
    w.satisfaction(SATISFIED, 10, None, 2),  # a figure missing: no data
])
def test_nothing_to_correct(lost):
    assert lost is None


def test_steps_give_the_cumulative_gain_beside_each_item_of_a_page():
    lost = w.plain(ONTIME, 40, 50)
    # 43/50 = 86% → 17.20 (+1.20); 44 → 88% → 17.60 (+1.60); 45 → 90% → 18.00 (+2.00).
    assert w.steps(lost, 3, 3) == [(3, D("1.20")), (4, D("1.60")), (5, D("2.00"))]
    # The list ends at the 10th item: 49/50 = 98% → 19.60 (+3.60), then 20.00 (+4.00).
    assert w.steps(lost, 9, 5) == [(9, D("3.60")), (10, D("4.00"))]
    assert w.steps(lost, 11, 5) == []


def test_more_corrections_than_items_are_refused():
    with pytest.raises(ValueError, match="11 corrections of 10"):
        w.gain(w.plain(ONTIME, 40, 50), 11)


def test_options_are_ordered_by_the_points_they_add():
    options = w.ordered([
        w.satisfaction(SATISFIED, 20, 3, 1),  # +0.67
        w.plain(DIGITISED, 50, 100),  # +1.50
        w.plain(ONTIME, 40, 50),  # +4.00
        w.plain(PAKN, 1, 3),  # 1/3 = 33.33% → 2.00; 3/3 → 6.00: +4.00 too, +2.00 for the first (2.1: +0.40)
        w.plain(ONTIME, 50, 50),  # nothing lost: left out
    ])
    assert [(o.code, o.gain, o.enough, o.per_item) for o in options] == [
        ("6.1", D("4.00"), 2, D("2.00")),
        ("2.1", D("4.00"), 10, D("0.40")),
        ("5.2", D("1.50"), 30, D("0.05")),
        ("6.3", D("0.67"), 2, D("0.34")),
    ]


def test_the_first_correction_may_add_nothing_and_all_of_them_full_points():
    # 4 dossiers, 5 late, 0 disliked: 4 − 5 stops at 0; correcting 1 leaves 4 − 4 = 0 (+0) — but correcting
    # all 5 gives 4/4 (+6.00), so it is an option that needs all five.
    (only,) = w.ordered([w.satisfaction(SATISFIED, 4, 5, 0)])
    assert (only.gain, only.enough, only.per_item) == (D("6.00"), 5, D("0.00"))


def test_province_shares_across_units_and_indicators():
    # The province: 900/1000 on time → 18.00. Unit A holds 60 of its late dossiers: 960/1000 = 96% →
    # 19.20 (+1.20); B holds 40: 94% → 18.80 (+0.80); C none.
    on_time = w.plain(ONTIME, 900, 1000)
    # Digitised 700/1000 = 70% → 4 × 70 / 80 = 3.50. A's 150: 850 → 85% → capped 4.00 (+0.50); B's 50:
    # 75% → 3.75 (+0.25).
    digitised = w.plain(DIGITISED, 700, 1000)
    listed = w.province_list([on_time, digitised, None], {
        "2.1": {"A": 60, "B": 40, "C": 0},
        "5.2": {"A": 150, "B": 50},
    })
    assert [(s.lost.indicator.code, s.unit, s.items, s.gain) for s in listed] == [
        ("2.1", "A", 60, D("1.20")), ("2.1", "B", 40, D("0.80")), ("5.2", "A", 150, D("0.50")),
        ("5.2", "B", 50, D("0.25")),
    ]
    assert [s.unit for s in w.province_list([on_time, digitised], {"2.1": {"A": 60, "B": 40}}, limit=1)] == ["A"]


def test_a_units_share_never_exceeds_the_provinces_items():
    # The province has 100 late of 1000 (18.00); a unit said to hold 500 is counted for the 100: 20.00 (+2.00).
    (share,) = w.shares(w.plain(ONTIME, 900, 1000), {"Z": 500})
    assert (share.items, share.gain) == (500, D("2.00"))
