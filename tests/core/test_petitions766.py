"""The 766 petition rules (cchc.core.petitions766), worked by hand on the 2026 calendar.

2026: Tết 16–20/2 (Mon–Fri); Giỗ Tổ 26/4 (Sunday) with nghỉ bù 27/4; 30/4 (Thu), 1/5 (Fri); Saturday
22/8 a make-up working day for Monday 31/8; 1–2/9; 24/11 (Tue, Ngày Văn hóa Việt Nam)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core import petitions766 as rules
from cchc.core.workdays import calendar_for

CAL = calendar_for([2026])
D = date


@pytest.mark.parametrize(("received", "action", "due", "why"), [
    (D(2026, 3, 2), "processed", D(2026, 3, 23), "Monday + 15 working days: three weeks and a day, no holiday"),
    (D(2026, 3, 2), None, D(2026, 3, 23), "no action yet: the processing limit"),
    (D(2026, 3, 6), "rejected", D(2026, 3, 10), "Friday + 2: Monday, Tuesday"),
    (D(2026, 3, 7), "supplement", D(2026, 3, 16), "Saturday counts from Monday 9/3: 10, 11, 12, 13, 16"),
    (D(2026, 4, 29), "rejected", D(2026, 5, 5), "30/4 and 1/5 off, then the weekend: Monday 4/5, Tuesday 5/5"),
    (D(2026, 4, 24), "published", D(2026, 4, 29), "weekend, then 27/4 (Giỗ Tổ moved off Sunday): 28/4, 29/4"),
    (D(2026, 8, 20), "supplement", D(2026, 8, 26), "Friday 21, make-up Saturday 22, Monday 24, 25, 26"),
    (D(2026, 2, 12), "rejected", D(2026, 2, 23), "Friday 13/2, then Tết 16–20/2 and two weekends: Monday 23/2"),
    (D(2026, 11, 20), "published", D(2026, 11, 25), "Monday 23/11, 24/11 off (Ngày Văn hóa), Wednesday 25/11"),
])
def test_due_date_of_each_first_action(received, action, due, why):
    assert rules.due_date(received, action, CAL) == due, why


@pytest.mark.parametrize(("due", "acted_on", "as_of", "expected"), [
    (D(2026, 3, 23), D(2026, 3, 23), D(2026, 4, 30), True),  # acted on the last day: on time
    (D(2026, 3, 23), D(2026, 3, 10), D(2026, 4, 30), True),  # early
    (D(2026, 3, 23), D(2026, 3, 24), D(2026, 4, 30), False),  # a day late
    (D(2026, 3, 23), None, D(2026, 3, 23), True),  # in progress, still within time
    (D(2026, 3, 23), None, D(2026, 3, 24), False),  # in progress past its limit
])
def test_on_time(due, acted_on, as_of, expected):
    assert rules.on_time(due, acted_on, as_of) is expected


@pytest.mark.parametrize(("timely", "likes", "dislikes", "recomplained", "expected"), [
    (True, 0, 0, False, True),  # not rated: satisfied
    (True, 2, 2, False, True),  # as many dislikes as likes: not "more dislikes"
    (True, 1, 2, False, False),  # more dislikes than likes
    (True, 5, 0, True, False),  # re-complained
    (False, 5, 0, False, False),  # overdue
])
def test_satisfied(timely, likes, dislikes, recomplained, expected):
    assert rules.satisfied(timely=timely, likes=likes, dislikes=dislikes, recomplained=recomplained) is expected


def test_a_given_due_date_wins_and_a_late_petition_fails_both():
    verdict = rules.judge(received=D(2026, 3, 6), action="rejected", acted_on=D(2026, 3, 12), due=None, likes=3,
                          dislikes=0, recomplained=False, as_of=D(2026, 10, 10), calendar=CAL)
    assert verdict == rules.Verdict(D(2026, 3, 10), False, False)
    extended = rules.judge(received=D(2026, 3, 6), action="rejected", acted_on=D(2026, 3, 12), due=D(2026, 3, 13),
                           likes=3, dislikes=0, recomplained=False, as_of=D(2026, 10, 10), calendar=CAL)
    assert extended == rules.Verdict(D(2026, 3, 13), True, True)


def test_periods_containing_a_day():
    assert rules.periods_containing(D(2026, 8, 20)) == [
        ("month", D(2026, 8, 1)), ("quarter", D(2026, 7, 1)), ("nine_months", D(2026, 1, 1)), ("year", D(2026, 1, 1))]
    assert ("half", D(2026, 1, 1)) in rules.periods_containing(D(2026, 6, 30))


# The portal's published figures for Gia Lai, year 2026 as of 10/10/2026 (GitHub duynghiaqn/Crawler-766,
# data/gia_lai/agencies_detail_GiaLai_10102026.json, commit 1ffdc23d772e63fbbcbb900449da2b85b23f4475):
# (unit, PETITION_PROCESSING_ON_TIME n/d and points, PETITION_HANDLING_SATISFACTION n/d and points).
PUBLISHED = [
    ("H21.17 Sở Văn hóa, Thể thao và Du lịch", (0, 0, 6), (0, 0, 6)),
    ("H21.09 Sở Khoa học và Công nghệ", (0, 0, 6), (0, 0, 6)),
    ("H21.24 Sở Nông nghiệp và Môi trường", (0, 10, 0), (0, 10, 0)),
    ("H21.18 Sở Xây dựng", (0, 4, 0), (0, 4, 0)),  # MDHL 6.0: only 6.3's 6 points are left
    ("the agency ranked 9th of its block", (2, 2, 6), (2, 2, 6)),
]


@pytest.mark.parametrize(("unit", "on_time", "satisfied"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_the_portals_published_petition_points_are_reproduced(unit, on_time, satisfied):
    from decimal import Decimal

    from cchc.core.score766 import INDICATORS_BY_CODE, points

    for code, (n, d, published) in (("6.1", on_time), ("6.2", satisfied)):
        assert points(INDICATORS_BY_CODE[code], n, d).points == Decimal(published), (unit, code)
