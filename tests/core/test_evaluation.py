"""Target evaluation, worked by hand from the seed plans' targets (DOMAIN §8): digitised results ≥ 50/40/35%,
waiting time ≤ 30 minutes, satisfaction ≥ 85%; PRODUCT F7 (met / at risk / missed, year-end projection)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.evaluation import Verdict, elapsed_share, evaluate, is_final, project

D = Decimal


@pytest.mark.parametrize(
    ("value", "comparator", "threshold", "elapsed", "expected"),
    [
        (60, ">=", 50, 1, Verdict.MET),  # province digitisation, year over
        (50, ">=", 50, 1, Verdict.MET),  # exactly the threshold meets "tối thiểu"
        (49.99, ">=", 50, 1, Verdict.MISSED),  # year over: no "at risk"
        (41, ">=", 40, D("0.5"), Verdict.MET),  # mid-year, just above: the good side is not a risk (issue 9)
        (36, ">=", 40, D("0.5"), Verdict.AT_RISK),  # mid-year, within 5 points below
        (46, ">=", 40, D("0.5"), Verdict.MET),  # clearly above
        (20, ">=", 35, D("0.5"), Verdict.MISSED),  # commune far below
        (25, "<=", 30, D("0.25"), Verdict.MET),  # waiting time 25 min ≤ 30: near, but on the good side
        (10, "<=", 30, D("0.25"), Verdict.MET),
        (40, "<=", 30, D("0.25"), Verdict.MISSED),
        (96, ">=", 95, D("0.93"), Verdict.MET),  # MH01 on-time rate 96% against ≥ 95% on 7/12: met (was at risk)
        (94, ">=", 95, D("0.93"), Verdict.AT_RISK),  # one point short, within reach
        (89.9, ">=", 95, D("0.93"), Verdict.MISSED),  # more than 5 points short
        (D("82.53"), ">=", 80, D("0.93"), Verdict.MET),  # Xã Phù Mỹ MH03 (issue 9): met, not at risk
        (None, ">=", 85, D("0.5"), Verdict.NO_DATA),  # satisfaction not measured yet: never a miss
    ],
    ids=["year-met", "year-exact", "year-missed", "mid-above-margin", "mid-below-margin", "mid-met", "mid-missed",
         "wait-near", "wait-met", "wait-missed", "mh01-met", "mh01-risk", "mh01-missed", "mh03-phu-my", "no-data"],
)
def test_verdicts(value, comparator, threshold, elapsed, expected):
    assert evaluate(value, comparator, threshold, elapsed=elapsed).verdict == expected


def test_a_count_is_projected_to_the_year_end_and_a_rate_is_not():
    assert project(D(30), is_rate=False, elapsed=D("0.25")) == D(120)
    assert project(D(30), is_rate=True, elapsed=D("0.25")) == D(30)
    # 30 inspections by the end of Q1 project to 120: comfortably above a target of 100.
    assert evaluate(30, ">=", 100, is_rate=False, elapsed=D("0.25")).verdict == Verdict.MET
    assert evaluate(30, ">=", 100, is_rate=True, elapsed=D("0.25")).verdict == Verdict.MISSED


@pytest.mark.parametrize(
    ("value", "comparator", "threshold", "elapsed", "expected", "projection"),
    [
        # At most 10 late dossiers in the year: 6 by mid-year is within the limit today, but projects to 12.
        (6, "<=", 10, D("0.5"), Verdict.AT_RISK, D(12)),
        # 3 by mid-year projects to 6: met.
        (3, "<=", 10, D("0.5"), Verdict.MET, D(6)),
        # 9 by the end of Q1 projects to 36: already within the limit today, so at risk, not yet missed.
        (9, "<=", 10, D("0.25"), Verdict.AT_RISK, D(36)),
        # 12 by mid-year (already over the limit) projects to 24: missed.
        (12, "<=", 10, D("0.5"), Verdict.MISSED, D(24)),
        # At least 100 inspections: 48 by mid-year projects to 96, 4 short: at risk.
        (48, ">=", 100, D("0.5"), Verdict.AT_RISK, D(96)),
        # 40 by mid-year projects to 80: missed.
        (40, ">=", 100, D("0.5"), Verdict.MISSED, D(80)),
    ],
    ids=["count-crosses", "count-safe", "count-within-today-far-projection", "count-over", "count-near",
         "count-far"],
)
def test_counts_are_judged_on_their_projection(value, comparator, threshold, elapsed, expected, projection):
    result = evaluate(value, comparator, threshold, is_rate=False, elapsed=elapsed, settled=False)
    assert (result.verdict, result.projection, result.provisional) == (expected, projection, True)


def test_the_settled_year_is_met_or_missed_on_its_value_whatever_the_projection():
    assert evaluate(94, ">=", 95, elapsed=D(1)).verdict == Verdict.MISSED
    assert not evaluate(94, ">=", 95, elapsed=D(1)).provisional
    # The year over but not settled (31 December, 7 January): still judged on the projection, provisional.
    open_ = evaluate(94, ">=", 95, elapsed=D(1), settled=False)
    assert (open_.verdict, open_.provisional) == (Verdict.AT_RISK, True)
    assert evaluate(None, ">=", 95, settled=False).provisional
    # A settled earlier period (Q1 long over) is still judged on its projection, but not provisional.
    q1 = evaluate(30, ">=", 100, is_rate=False, elapsed=D("0.25"), settled=True)
    assert (q1.verdict, q1.projection, q1.provisional) == (Verdict.MET, D(120), False)


@pytest.mark.parametrize(
    ("end", "today", "days", "expected"),
    [
        (date(2026, 12, 31), date(2026, 12, 7), 15, False),  # the year in progress
        (date(2026, 12, 31), date(2027, 1, 15), 15, False),  # ended, still settling
        (date(2026, 12, 31), date(2027, 1, 16), 15, True),
        (date(2026, 3, 31), date(2026, 12, 7), 15, True),  # Q1 long over
        (date(2026, 3, 31), date(2026, 4, 1), 0, True),  # no settling delay: final the day after
        (date(2026, 3, 31), date(2026, 3, 31), 0, False),  # never final on its last day
    ],
)
def test_is_final(end, today, days, expected):
    assert is_final(end, today, settling_days=days) is expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 3, 31), Decimal(90) / Decimal(365)),
        (date(2024, 3, 31), Decimal(91) / Decimal(366)),  # leap year
        (date(2026, 12, 7), Decimal(341) / Decimal(365)),  # the day the issue was found
        (date(2026, 12, 31), Decimal(1)),
    ],
)
def test_elapsed_share(on, expected):
    assert elapsed_share(on.year, on) == expected


def test_the_margin_is_configurable():
    assert evaluate(47, ">=", 50, elapsed=D("0.5"), margin=2).verdict == Verdict.MISSED
    assert evaluate(47, ">=", 50, elapsed=D("0.5"), margin=5).verdict == Verdict.AT_RISK


def test_elapsed_must_be_positive_for_counts():
    with pytest.raises(ValueError):
        project(D(1), is_rate=False, elapsed=D(0))


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        ([D(6), D(7)], True),  # two consecutive quarters above 5%
        ([D(6), D(4), D(7)], False),  # not consecutive
        ([D(5), D(5)], False),  # exactly 5% is not above
        ([None, D(9), D(9)], True),
        ([D(9), None, D(9)], False),  # a quarter with no dossiers breaks the run
        ([], False),
    ],
    ids=["consecutive", "interrupted", "at-threshold", "after-gap", "gap-breaks", "empty"],
)
def test_repeatedly_late(shares, expected):
    from cchc.core.evaluation import repeatedly_late

    assert repeatedly_late(shares) is expected
