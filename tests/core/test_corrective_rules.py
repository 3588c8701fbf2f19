"""The rule "a target red for two periods in a row requires a corrective action" (issue #4 part 3, PRODUCT
F7), worked by hand: the reporting periods of a plan year, the runs of red periods, the action's states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.corrective import (
    Event,
    State,
    is_overdue,
    next_state,
    reporting_periods,
    triggers,
)
from cchc.core.evaluation import elapsed_share

M, R, A, N = "met", "missed", "at_risk", "no_data"


def test_the_reporting_periods_are_quarter_one_six_months_nine_months_and_the_year():
    periods = reporting_periods(2025)

    assert [(p.kind, p.start, p.end) for p in periods] == [
        ("quarter", date(2025, 1, 1), date(2025, 3, 31)),
        ("half", date(2025, 1, 1), date(2025, 6, 30)),
        ("nine_months", date(2025, 1, 1), date(2025, 9, 30)),
        ("year", date(2025, 1, 1), date(2025, 12, 31)),
    ]
    assert [p.label for p in periods] == ["Quý I/2025", "6 tháng 2025", "9 tháng 2025", "Năm 2025"]


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([R, R], [(0, 1)]),  # red at Quarter I and at 6 months
        ([M, R, R], [(1, 2)]),
        ([R, M, R], []),  # not in a row
        ([R, A, R], []),  # "at risk" is not red and breaks the run
        ([R, N, R], []),  # no data is never a miss
        ([R, None, R], []),  # a period not evaluated (not ended yet) breaks the run too
        ([R], []),
        ([], []),
        ([R, R, R], [(0, 1)]),  # the third red period starts a new run, not yet complete
        ([R, R, R, R], [(0, 1), (2, 3)]),  # still red: a new explanation every two periods
        ([M, R, R, M, R, R], [(1, 2), (4, 5)]),
    ],
    ids=["two", "late-two", "gap", "at-risk", "no-data", "none", "one", "empty", "three", "four", "twice"],
)
def test_runs_of_two_red_periods(verdicts, expected):
    assert triggers(verdicts) == expected


def test_the_number_of_periods_is_configurable():
    assert triggers([R, R, R], times=3) == [(0, 1, 2)]
    assert triggers([R, R], times=3) == []
    assert triggers([M, R], times=1) == [(1,)]
    with pytest.raises(ValueError):
        triggers([R], times=0)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), Decimal(1)),
        (date(2026, 3, 1), Decimal(1)),  # a past year is over
        (date(2025, 1, 1), Decimal(1) / Decimal(365)),
        (date(2025, 3, 31), Decimal(90) / Decimal(365)),  # end of Quarter I: 31 + 28 + 31 days
        (date(2025, 6, 30), Decimal(181) / Decimal(365)),
        (date(2024, 12, 31), Decimal("0.0001")),  # before the year: tiny but positive (counts project)
    ],
)
def test_share_of_the_year_elapsed(on, expected):
    assert elapsed_share(2025, on) == expected


def test_leap_year_share():
    assert elapsed_share(2024, date(2024, 6, 30)) == Decimal(182) / Decimal(366)


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (State.REQUIRED, Event.SUBMIT, State.SUBMITTED),
        (State.SUBMITTED, Event.CONFIRM, State.DONE),
        (State.SUBMITTED, Event.RETURN, State.REQUIRED),
    ],
)
def test_allowed_transitions(state, event, expected):
    assert next_state(state, event) == expected


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (State.REQUIRED, Event.CONFIRM),  # nothing to confirm before the unit answers
        (State.REQUIRED, Event.RETURN),
        (State.SUBMITTED, Event.SUBMIT),  # answered once; the officer decides next
        (State.DONE, Event.SUBMIT),  # done is final
        (State.DONE, Event.RETURN),
        (State.DONE, Event.CONFIRM),
        ("archived", Event.SUBMIT),
        (State.REQUIRED, "delete"),
    ],
)
def test_refused_transitions(state, event):
    with pytest.raises(ValueError):
        next_state(state, event)


@pytest.mark.parametrize(
    ("state", "due", "expected"),
    [
        (State.REQUIRED, date(2025, 7, 14), True),
        (State.SUBMITTED, date(2025, 7, 14), True),
        (State.DONE, date(2025, 7, 14), False),
        (State.REQUIRED, date(2025, 7, 15), False),  # due today is not yet overdue
        (State.REQUIRED, None, False),
    ],
)
def test_overdue(state, due, expected):
    assert is_overdue(state, due, date(2025, 7, 15)) is expected
