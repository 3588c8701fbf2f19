"""Which threshold applies to a unit, and whether a measured value meets it.

Source: Kế hoạch 122/KH-UBND (20/12/2021) of Bình Định, DOMAIN §8: results digitised "phấn đấu đạt tối
thiểu tương ứng 50%, 40%, 35% đối với kết quả thuộc thẩm quyền giải quyết của cấp tỉnh, cấp huyện, cấp
xã" (≥50 / ≥40 / ≥35 by level); average waiting time at the one-stop counter "trung bình còn tối đa 30
phút" (≤30 for all levels); satisfaction of citizens and businesses ≥85% by end of 2022 (all levels).
Every expected value below was worked out by hand from those sentences.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.levels import ALL_LEVELS, Level
from cchc.core.targets import COMPARATORS, Threshold, satisfies, threshold_for

D = Decimal
PLAN_START, PLAN_END = date(2022, 1, 1), date(2022, 12, 31)
MID_2022 = date(2022, 6, 30)

# KH 122/KH-UBND: digitised valid TTHC results, one threshold per level, in force for the 2022 plan.
DIGITISED = [
    Threshold(Level.PROVINCE, D(50), PLAN_START, PLAN_END),
    Threshold(Level.DISTRICT, D(40), PLAN_START, PLAN_END),
    Threshold(Level.COMMUNE, D(35), PLAN_START, PLAN_END),
]
# Waiting time ≤30 minutes and satisfaction ≥85%: one threshold for every level.
WAITING = [Threshold(ALL_LEVELS, D(30), PLAN_START, PLAN_END)]
SATISFACTION = [Threshold(ALL_LEVELS, D(85), PLAN_START, PLAN_END)]


def value_for(thresholds, level, on=MID_2022):
    found = threshold_for(thresholds, level, on)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("thresholds", "level", "expected"),
    [
        (DIGITISED, Level.PROVINCE, D(50)),
        (DIGITISED, Level.DISTRICT, D(40)),
        (DIGITISED, Level.COMMUNE, D(35)),
        (WAITING, Level.PROVINCE, D(30)),
        (WAITING, Level.COMMUNE, D(30)),
        (SATISFACTION, Level.DISTRICT, D(85)),
        # A plan-wide 30% with a stricter 50% for the province: the province gets 50, the others 30.
        ([Threshold(ALL_LEVELS, D(30)), Threshold(Level.PROVINCE, D(50))], Level.PROVINCE, D(50)),
        ([Threshold(Level.PROVINCE, D(50)), Threshold(ALL_LEVELS, D(30))], Level.PROVINCE, D(50)),
        ([Threshold(ALL_LEVELS, D(30)), Threshold(Level.PROVINCE, D(50))], Level.COMMUNE, D(30)),
        # "work files created electronically": ≥50 province, ≥40 district, ≥30 commune; no "all".
        (DIGITISED[:2], Level.COMMUNE, None),
        ([], Level.PROVINCE, None),
    ],
    ids=[
        "kh122-province-50", "kh122-district-40", "kh122-commune-35", "waiting-all-for-province",
        "waiting-all-for-commune", "satisfaction-all-for-district", "level-wins-over-all",
        "level-wins-over-all-any-order", "all-when-no-level-one", "no-level-no-all-gives-none",
        "no-thresholds",
    ],
)
def test_threshold_for_level(thresholds, level, expected):
    assert value_for(thresholds, level) == expected


# A target that tightens mid-plan: 30% until 30/6/2022, 40% from 1/7/2022.
TIGHTENING = [
    Threshold(Level.COMMUNE, D(30), PLAN_START, date(2022, 6, 30)),
    Threshold(Level.COMMUNE, D(40), date(2022, 7, 1), PLAN_END),
]


@pytest.mark.parametrize(
    ("thresholds", "level", "on", "expected"),
    [
        (DIGITISED, Level.COMMUNE, date(2021, 12, 31), None),
        (DIGITISED, Level.COMMUNE, PLAN_START, D(35)),
        (DIGITISED, Level.COMMUNE, PLAN_END, D(35)),
        (DIGITISED, Level.COMMUNE, date(2023, 1, 1), None),
        (TIGHTENING, Level.COMMUNE, date(2022, 6, 30), D(30)),
        (TIGHTENING, Level.COMMUNE, date(2022, 7, 1), D(40)),
        # Overlap: a 40% from 1/7 issued while the 30% (to year end) is still in force: the newer wins.
        (
            [Threshold(Level.COMMUNE, D(30), PLAN_START, PLAN_END),
             Threshold(Level.COMMUNE, D(40), date(2022, 7, 1), PLAN_END)],
            Level.COMMUNE, date(2022, 9, 1), D(40),
        ),
        (
            [Threshold(Level.COMMUNE, D(40), date(2022, 7, 1), PLAN_END),
             Threshold(Level.COMMUNE, D(30), PLAN_START, PLAN_END)],
            Level.COMMUNE, date(2022, 9, 1), D(40),
        ),
        # Before the newer one starts, the older one is the only one in force.
        (
            [Threshold(Level.COMMUNE, D(30), PLAN_START, PLAN_END),
             Threshold(Level.COMMUNE, D(40), date(2022, 7, 1), PLAN_END)],
            Level.COMMUNE, date(2022, 3, 1), D(30),
        ),
        # An open start counts as the earliest: a dated threshold overrides it once in force.
        (
            [Threshold(Level.COMMUNE, D(30)), Threshold(Level.COMMUNE, D(40), date(2022, 7, 1))],
            Level.COMMUNE, date(2022, 9, 1), D(40),
        ),
        # A level-specific threshold out of force does not hide the "all" one that is in force.
        (
            [Threshold(Level.COMMUNE, D(35), PLAN_START, PLAN_END), Threshold(ALL_LEVELS, D(30))],
            Level.COMMUNE, date(2023, 3, 1), D(30),
        ),
        # A level-specific threshold not yet in force does not hide the "all" one either.
        (
            [Threshold(Level.COMMUNE, D(35), date(2023, 1, 1)), Threshold(ALL_LEVELS, D(30))],
            Level.COMMUNE, MID_2022, D(30),
        ),
    ],
    ids=[
        "day-before-plan", "first-day-in-force", "last-day-in-force", "day-after-plan",
        "tightening-last-old-day", "tightening-first-new-day", "overlap-newest-start-wins",
        "overlap-newest-start-wins-any-order", "overlap-only-old-in-force-yet", "open-start-is-earliest",
        "expired-level-falls-back-to-all", "future-level-falls-back-to-all",
    ],
)
def test_threshold_for_effective_dates(thresholds, level, on, expected):
    assert value_for(thresholds, level, on) == expected


def test_threshold_for_returns_the_threshold_itself():
    newer = Threshold(Level.COMMUNE, D(40), date(2022, 7, 1), PLAN_END)
    assert threshold_for([TIGHTENING[0], newer], Level.COMMUNE, date(2022, 8, 1)) is newer


@pytest.mark.parametrize(
    ("value", "comparator", "threshold", "expected"),
    [
        # Digitised results, commune ≥35 (KH 122).
        (D(35), ">=", D(35), True),
        (D("34.99"), ">=", D(35), False),
        (D("35.01"), ">=", D(35), True),
        (35, ">=", 35, True),
        (34.9, ">=", D(35), False),
        # Province ≥50, district ≥40.
        (D("49.9"), ">=", D(50), False),
        (D(40), ">=", D(40), True),
        # Waiting time ≤30 minutes.
        (D(30), "<=", D(30), True),
        (30, "<=", 30, True),
        (D("30.01"), "<=", D(30), False),
        (30.01, "<=", D(30), False),
        (D("29.5"), "<=", D(30), True),
        # Satisfaction ≥85%.
        (D(85), ">=", D(85), True),
        (84.99, ">=", 85, False),
        (D("85.0"), ">=", 85.0, True),
        # A float is read as written: the binary 0.3 is 0.29999…, which would miss ≥0.3 and =0.30.
        (0.3, ">=", D("0.3"), True),
        (0.3, "=", D("0.30"), True),
        # Strict and equality comparators.
        (D(35), ">", D(35), False),
        (D(30), "<", D(30), False),
        (D("29.99"), "<", D(30), True),
        (D(100), "=", D("100.00"), True),
        (D("99.99"), "=", D(100), False),
    ],
    ids=[
        "commune-exactly-35", "commune-34.99", "commune-35.01", "commune-int-35", "commune-float-34.9",
        "province-49.9", "district-exactly-40", "waiting-exactly-30", "waiting-int-30", "waiting-30.01",
        "waiting-float-30.01", "waiting-29.5", "satisfaction-exactly-85", "satisfaction-float-84.99",
        "satisfaction-decimal-vs-float", "float-as-written-ge", "float-vs-decimal-equal", "gt-at-boundary",
        "lt-at-boundary", "lt-below", "eq-trailing-zeros", "eq-off-by-hundredth",
    ],
)
def test_satisfies(value, comparator, threshold, expected):
    assert satisfies(value, comparator, threshold) is expected


@pytest.mark.parametrize("comparator", ["≥", "=>", "==", "", "ge", " >="], ids=repr)
def test_unknown_comparator_raises(comparator):
    with pytest.raises(ValueError, match="unknown comparator"):
        satisfies(D(50), comparator, D(35))


def test_comparators_are_the_five_a_plan_may_state():
    assert set(COMPARATORS) == {">=", "<=", ">", "<", "="}
