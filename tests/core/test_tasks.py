"""Status and progress of plan tasks.

Source: the seed plans (KH 122/KH-UBND 2021, QĐ 4510/QĐ-UBND 2022, KH 4912/KH-UBND 2023; DOMAIN §8)
give each task a lead unit and a deadline ("thời gian hoàn thành"); the province's follow-up (seed 004,
Ban Chỉ đạo) asks which tasks are late. A task is overdue when its deadline has passed and it is not
done; it is done only at 100%, so a task carried by several units is done only when all of them are.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.tasks import (
    Rollup,
    TaskStatus,
    completion_rate,
    count_by_status,
    is_due_soon,
    rollup,
    status_of,
)

TODAY = date(2022, 6, 15)
PAST = date(2022, 6, 14)
FUTURE = date(2022, 6, 16)

S = TaskStatus


@pytest.mark.parametrize(
    ("progress", "deadline", "expected"),
    [
        (0, PAST, S.OVERDUE),
        (0, TODAY, S.NOT_STARTED),
        (0, FUTURE, S.NOT_STARTED),
        (0, None, S.NOT_STARTED),
        (50, PAST, S.OVERDUE),
        (50, TODAY, S.IN_PROGRESS),
        (50, FUTURE, S.IN_PROGRESS),
        (50, None, S.IN_PROGRESS),
        (100, PAST, S.DONE),
        (100, TODAY, S.DONE),
        (100, FUTURE, S.DONE),
        (100, None, S.DONE),
        (1, FUTURE, S.IN_PROGRESS),
        (99, PAST, S.OVERDUE),
        (99, FUTURE, S.IN_PROGRESS),
    ],
    ids=[
        "0-past", "0-today", "0-future", "0-no-deadline",
        "50-past", "50-today", "50-future", "50-no-deadline",
        "100-past", "100-today", "100-future", "100-no-deadline",
        "1-future", "99-past", "99-future",
    ],
)
def test_status_of(progress, deadline, expected):
    # The deadline day itself is still in time; overdue starts the day after.
    assert status_of(progress, deadline, TODAY) == expected


def test_long_past_deadline_is_overdue():
    assert status_of(0, date(2021, 12, 31), date(2023, 1, 1)) == S.OVERDUE


@pytest.mark.parametrize("progress", [-1, 101, 1000, -100], ids=str)
def test_status_of_rejects_progress_outside_0_to_100(progress):
    with pytest.raises(ValueError):
        status_of(progress, FUTURE, TODAY)


@pytest.mark.parametrize(
    ("progresses", "deadline", "expected"),
    [
        # (100 + 99) / 2 = 99.5 → 99: one unit still working, so the task is not shown as 100%.
        ([100, 99], FUTURE, Rollup(99, S.IN_PROGRESS, 2, 1)),
        ([100, 99], PAST, Rollup(99, S.OVERDUE, 2, 1)),
        ([100, 100, 100], PAST, Rollup(100, S.DONE, 3, 3)),
        ([100, 100, 0], FUTURE, Rollup(66, S.IN_PROGRESS, 3, 2)),
        ([0, 0], FUTURE, Rollup(0, S.NOT_STARTED, 2, 0)),
        ([0, 0], PAST, Rollup(0, S.OVERDUE, 2, 0)),
        # (1 + 0) / 2 = 0.5 → 0: the mean shows 0 although one unit has started.
        ([1, 0], FUTURE, Rollup(0, S.NOT_STARTED, 2, 0)),
        ([10, 20, 25], None, Rollup(18, S.IN_PROGRESS, 3, 0)),
        ([50], TODAY, Rollup(50, S.IN_PROGRESS, 1, 0)),
        ([], FUTURE, Rollup(0, S.NOT_STARTED, 0, 0)),
        ([], PAST, Rollup(0, S.OVERDUE, 0, 0)),
        ([], None, Rollup(0, S.NOT_STARTED, 0, 0)),
    ],
    ids=[
        "99.5-shows-99", "99.5-past-is-overdue", "all-done", "two-of-three-done", "none-started",
        "none-started-past", "0.5-shows-0", "mean-18.3-shows-18", "single-unit", "no-units",
        "no-units-past", "no-units-no-deadline",
    ],
)
def test_rollup(progresses, deadline, expected):
    assert rollup(progresses, deadline, TODAY) == expected


def test_rollup_takes_any_iterable():
    assert rollup(iter([100, 50]), FUTURE, TODAY) == Rollup(75, S.IN_PROGRESS, 2, 1)


def test_count_by_status_has_every_status_with_zeros():
    counts = count_by_status([S.OVERDUE, "overdue", S.DONE])
    assert counts == {S.NOT_STARTED: 0, S.IN_PROGRESS: 0, S.DONE: 1, S.OVERDUE: 2}
    assert list(counts) == list(TaskStatus)


def test_count_by_status_of_nothing_is_all_zeros():
    assert count_by_status([]) == {S.NOT_STARTED: 0, S.IN_PROGRESS: 0, S.DONE: 0, S.OVERDUE: 0}


def test_count_by_status_counts_what_status_of_gives():
    statuses = [status_of(p, d, TODAY) for p, d in [(0, PAST), (0, FUTURE), (50, FUTURE), (100, PAST), (30, PAST)]]
    assert count_by_status(statuses) == {S.NOT_STARTED: 1, S.IN_PROGRESS: 1, S.DONE: 1, S.OVERDUE: 2}


def test_count_by_status_rejects_an_unknown_status():
    with pytest.raises(ValueError):
        count_by_status(["late"])


@pytest.mark.parametrize(
    ("progress", "deadline", "expected"),
    [
        (0, PAST, False),  # overdue, not "due soon"
        (0, TODAY, True),  # due today
        (50, FUTURE, True),
        (99, date(2022, 6, 29), True),  # the 14th day ahead
        (99, date(2022, 6, 30), False),  # the 15th
        (100, FUTURE, False),  # done
        (0, None, False),  # no deadline
    ],
)
def test_is_due_soon(progress, deadline, expected):
    assert is_due_soon(progress, deadline, TODAY) is expected


def test_is_due_soon_over_another_horizon():
    assert is_due_soon(0, date(2022, 6, 20), TODAY, days=5)
    assert not is_due_soon(0, date(2022, 6, 21), TODAY, days=5)


@pytest.mark.parametrize(("done", "due", "expected"), [
    (0, 0, None),               # nothing due: no figure, never 0 %
    (3, 4, Decimal("75.00")),
    (2, 3, Decimal("66.67")),   # 66.666… → 66.67
    (1, 32, Decimal("3.13")),   # 3.125: half up (half to even would give 3.12)
    (8, 8, Decimal("100.00")),
])
def test_completion_rate_worked_by_hand(done, due, expected):
    assert completion_rate(done, due) == expected
