"""Target evaluation, worked by hand from the seed plans' targets (DOMAIN §8): digitised results ≥ 50/40/35%,
waiting time ≤ 30 minutes, satisfaction ≥ 85%; PRODUCT F7 (met / at risk / missed, year-end projection)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.evaluation import Verdict, evaluate, project

D = Decimal


@pytest.mark.parametrize(
    ("value", "comparator", "threshold", "elapsed", "expected"),
    [
        (60, ">=", 50, 1, Verdict.MET),  # province digitisation, year over
        (50, ">=", 50, 1, Verdict.MET),  # exactly the threshold meets "tối thiểu"
        (49.99, ">=", 50, 1, Verdict.MISSED),  # year over: no "at risk"
        (41, ">=", 40, D("0.5"), Verdict.AT_RISK),  # mid-year, within 5 points above
        (36, ">=", 40, D("0.5"), Verdict.AT_RISK),  # mid-year, within 5 points below
        (46, ">=", 40, D("0.5"), Verdict.MET),  # clearly above
        (20, ">=", 35, D("0.5"), Verdict.MISSED),  # commune far below
        (25, "<=", 30, D("0.25"), Verdict.AT_RISK),  # waiting time 25 min ≤ 30: within margin
        (10, "<=", 30, D("0.25"), Verdict.MET),
        (40, "<=", 30, D("0.25"), Verdict.MISSED),
        (None, ">=", 85, D("0.5"), Verdict.NO_DATA),  # satisfaction not measured yet: never a miss
    ],
    ids=["year-met", "year-exact", "year-missed", "mid-above-margin", "mid-below-margin", "mid-met", "mid-missed",
         "wait-risk", "wait-met", "wait-missed", "no-data"],
)
def test_verdicts(value, comparator, threshold, elapsed, expected):
    assert evaluate(value, comparator, threshold, elapsed=elapsed).verdict == expected


def test_a_count_is_projected_to_the_year_end_and_a_rate_is_not():
    assert project(D(30), is_rate=False, elapsed=D("0.25")) == D(120)
    assert project(D(30), is_rate=True, elapsed=D("0.25")) == D(30)
    # 30 inspections by the end of Q1 project to 120: comfortably above a target of 100.
    assert evaluate(30, ">=", 100, is_rate=False, elapsed=D("0.25")).verdict == Verdict.MET
    assert evaluate(30, ">=", 100, is_rate=True, elapsed=D("0.25")).verdict == Verdict.MISSED


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
