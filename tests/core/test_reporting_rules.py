"""Rules of periodic reporting (cchc.core.reporting), worked by hand.

Sources: the seed plans (units report quarterly, at 6 months and at year end through the Department of
Home Affairs; DOMAIN §8) and issue #4 (draft → submitted → returned → resubmitted → approved, locked when
approved, a correction makes a new version; on time / late / missing; reminders) and issue 9 (a report
never writes a stale task progress over a newer one).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.reporting import (
    Action,
    Actor,
    Reminder,
    State,
    TaskSync,
    Timeliness,
    allowed,
    first_submission,
    is_locked,
    is_submitted,
    next_state,
    previous_year_to_date,
    reminder_due,
    task_sync,
    timeliness_of,
    timeliness_rate,
    year_to_date,
    year_to_date_ending,
)

S, A, R = State, Action, Actor
ALL_STATES = list(State)
ALL_ACTIONS = list(Action)
ALL_ACTORS = list(Actor)

# Every (state, action, actor) that the workflow allows, and where it leads. Anything not listed is refused.
# fmt: off
ALLOWED = {
    (S.DRAFT,       A.EDIT,    R.UNIT):     S.DRAFT,
    (S.RETURNED,    A.EDIT,    R.UNIT):     S.RETURNED,
    (S.DRAFT,       A.SUBMIT,  R.UNIT):     S.SUBMITTED,
    (S.RETURNED,    A.SUBMIT,  R.UNIT):     S.RESUBMITTED,
    (S.SUBMITTED,   A.RETURN,  R.REVIEWER): S.RETURNED,
    (S.RESUBMITTED, A.RETURN,  R.REVIEWER): S.RETURNED,
    (S.SUBMITTED,   A.APPROVE, R.REVIEWER): S.APPROVED,
    (S.RESUBMITTED, A.APPROVE, R.REVIEWER): S.APPROVED,
    (S.APPROVED,    A.CORRECT, R.UNIT):     S.DRAFT,
    (S.APPROVED,    A.CORRECT, R.REVIEWER): S.DRAFT,
}
# fmt: on


@pytest.mark.parametrize("actor", ALL_ACTORS)
@pytest.mark.parametrize("action", ALL_ACTIONS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_workflow_allows_exactly_the_listed_steps(state, action, actor):
    assert allowed(state, action, actor) == ((state, action, actor) in ALLOWED)


@pytest.mark.parametrize(("step", "after"), list(ALLOWED.items()))
def test_each_step_leads_to_its_state(step, after):
    state, action, _actor = step
    assert next_state(state, action) == after


@pytest.mark.parametrize(("state", "action"), [
    (S.DRAFT, A.APPROVE), (S.DRAFT, A.RETURN), (S.SUBMITTED, A.SUBMIT), (S.SUBMITTED, A.EDIT),
    (S.APPROVED, A.EDIT), (S.APPROVED, A.SUBMIT), (S.APPROVED, A.RETURN), (S.RETURNED, A.APPROVE),
    (S.DRAFT, A.CORRECT),
])
def test_a_step_the_workflow_lacks_is_an_error(state, action):
    with pytest.raises(ValueError):
        next_state(state, action)


@pytest.mark.parametrize("step", list(ALLOWED))
def test_nothing_moves_in_a_closed_period_or_on_an_old_version(step):
    state, action, actor = step
    assert not allowed(state, action, actor, period_open=False)
    assert not allowed(state, action, actor, current=False)


def test_the_whole_journey_of_issue_4():
    """draft → submitted → returned → resubmitted → approved, then a correction starts a new draft."""
    state = S.DRAFT
    for action in (A.SUBMIT, A.RETURN, A.SUBMIT, A.APPROVE):
        state = next_state(state, action)
    assert state == S.APPROVED
    assert next_state(state, A.CORRECT) == S.DRAFT


@pytest.mark.parametrize(("state", "locked", "submitted"), [
    (S.DRAFT, False, False), (S.SUBMITTED, False, True), (S.RETURNED, False, True),
    (S.RESUBMITTED, False, True), (S.APPROVED, True, True),
])
def test_only_an_approved_report_is_locked(state, locked, submitted):
    assert is_locked(state) is locked
    assert is_submitted(state) is submitted


DEADLINE = date(2026, 4, 10)


@pytest.mark.parametrize(("submitted_on", "today", "expected"), [
    (date(2026, 4, 1), date(2026, 4, 2), Timeliness.ON_TIME),
    (date(2026, 4, 10), date(2026, 4, 10), Timeliness.ON_TIME),   # the deadline day itself
    (date(2026, 4, 11), date(2026, 4, 11), Timeliness.LATE),      # one day after
    (date(2026, 4, 11), date(2026, 12, 31), Timeliness.LATE),
    (None, date(2026, 4, 9), Timeliness.PENDING),
    (None, date(2026, 4, 10), Timeliness.PENDING),                # still the deadline day
    (None, date(2026, 4, 11), Timeliness.MISSING),
    (date(2026, 3, 20), date(2026, 3, 20), Timeliness.ON_TIME),   # before the period even ended
])
def test_timeliness_of_a_unit(submitted_on, today, expected):
    assert timeliness_of(DEADLINE, submitted_on, today) == expected


def test_the_first_submission_counts_not_the_resubmission():
    assert first_submission([date(2026, 4, 12), None, date(2026, 4, 9)]) == date(2026, 4, 9)
    assert first_submission([None, None]) is None
    assert first_submission([]) is None


T = Timeliness


@pytest.mark.parametrize(("statuses", "expected"), [
    ([T.ON_TIME, T.ON_TIME, T.LATE, T.MISSING], Decimal("50.00")),   # 2 of 4
    ([T.ON_TIME, T.LATE, T.MISSING], Decimal("33.33")),              # 1/3 = 33,333…
    ([T.ON_TIME, T.ON_TIME, T.LATE], Decimal("66.67")),              # 2/3 = 66,666… rounded half up
    ([T.ON_TIME, T.PENDING, T.PENDING], Decimal("100.00")),          # pending units are not counted yet
    ([T.PENDING, T.PENDING], None),                                  # nothing decided: no value, not 0
    ([], None),
    (["late", "missing"], Decimal("0.00")),                          # decided and all bad: 0, a real value
])
def test_the_rate_of_units_reporting_on_time(statuses, expected):
    assert timeliness_rate(statuses) == expected


@pytest.mark.parametrize(("today", "submitted", "last_before", "last_overdue", "expected"), [
    (date(2026, 4, 6), False, None, None, None),                         # 4 days before: too early
    (date(2026, 4, 7), False, None, None, Reminder.BEFORE),              # 3 days before
    (date(2026, 4, 9), False, None, None, Reminder.BEFORE),              # the command did not run on the 7th
    (date(2026, 4, 10), False, None, None, Reminder.BEFORE),             # the deadline day
    (date(2026, 4, 8), False, date(2026, 4, 7), None, None),             # already reminded
    (date(2026, 4, 8), True, None, None, None),                          # submitted: never reminded
    (date(2026, 4, 11), False, date(2026, 4, 7), None, Reminder.OVERDUE),
    (date(2026, 4, 17), False, date(2026, 4, 7), date(2026, 4, 11), None),  # 6 days since the last one
    (date(2026, 4, 18), False, date(2026, 4, 7), date(2026, 4, 11), Reminder.OVERDUE),  # 7 days
    (date(2026, 5, 30), True, None, date(2026, 4, 11), None),            # sent late: the reminders stop
])
def test_reminders(today, submitted, last_before, last_overdue, expected):
    assert reminder_due(deadline=DEADLINE, today=today, submitted=submitted, last_before=last_before,
                        last_overdue=last_overdue) == expected


def test_reminder_days_are_configurable():
    assert reminder_due(deadline=DEADLINE, today=date(2026, 4, 3), submitted=False, days_before=7) == Reminder.BEFORE
    assert reminder_due(deadline=DEADLINE, today=date(2026, 4, 9), submitted=False, days_before=0) is None
    assert reminder_due(deadline=DEADLINE, today=date(2026, 4, 12), submitted=False, last_overdue=date(2026, 4, 11),
                        repeat_days=1) == Reminder.OVERDUE
    with pytest.raises(ValueError):
        reminder_due(deadline=DEADLINE, today=DEADLINE, submitted=False, repeat_days=0)


@pytest.mark.parametrize(("end", "expected"), [
    (date(2026, 3, 31), ("quarter", date(2026, 1, 1))),
    (date(2026, 6, 30), ("half", date(2026, 1, 1))),
    (date(2026, 9, 30), ("nine_months", date(2026, 1, 1))),
    (date(2026, 12, 31), ("year", date(2026, 1, 1))),
])
def test_year_to_date_ending(end, expected):
    assert year_to_date_ending(end) == expected


@pytest.mark.parametrize(("on", "expected"), [
    (date(2026, 2, 15), None),  # the first quarter is still running: nothing to compare with
    (date(2026, 3, 31), None),  # the first quarter ends today: the year to date is the quarter itself
    (date(2026, 4, 1), ("quarter", date(2026, 1, 1))),
    (date(2026, 7, 1), ("half", date(2026, 1, 1))),
    (date(2026, 9, 30), ("half", date(2026, 1, 1))),
    (date(2026, 12, 7), ("nine_months", date(2026, 1, 1))),  # the demo's day: the year so far against 9 months
    (date(2027, 2, 1), ("nine_months", date(2026, 1, 1))),  # the year over: the year against 9 months
])
def test_previous_year_to_date(on, expected):
    assert previous_year_to_date(2026, on) == expected


@pytest.mark.parametrize("end", [date(2026, 4, 30), date(2026, 6, 29), date(2026, 12, 7)])
def test_year_to_date_ending_refuses_a_day_that_ends_no_period(end):
    with pytest.raises(ValueError):
        year_to_date_ending(end)


@pytest.mark.parametrize(("kind", "start", "end", "expected"), [
    ("quarter", date(2026, 1, 1), date(2026, 3, 31), ("quarter", date(2026, 1, 1))),
    ("quarter", date(2026, 4, 1), date(2026, 6, 30), ("half", date(2026, 1, 1))),
    ("quarter", date(2026, 7, 1), date(2026, 9, 30), ("nine_months", date(2026, 1, 1))),
    ("quarter", date(2026, 10, 1), date(2026, 12, 31), ("year", date(2026, 1, 1))),
    ("half", date(2026, 1, 1), date(2026, 6, 30), ("half", date(2026, 1, 1))),
    ("nine_months", date(2026, 1, 1), date(2026, 9, 30), ("nine_months", date(2026, 1, 1))),
    ("year", date(2026, 1, 1), date(2026, 12, 31), ("year", date(2026, 1, 1))),
])
def test_targets_are_judged_on_the_year_to_date_period(kind, start, end, expected):
    assert year_to_date(kind, start, end) == expected


def test_no_year_to_date_period_ends_mid_month():
    with pytest.raises(ValueError):
        year_to_date("month", date(2026, 5, 1), date(2026, 5, 31))
    with pytest.raises(ValueError):
        year_to_date("quarter", date(2026, 4, 1), date(2026, 6, 29))


# --- a report's task row against its task (issue 9 item 3) ------------------------------------------

@pytest.mark.parametrize(("prefilled", "reported", "current", "expected"), [
    (70, 70, 70, TaskSync.UNCHANGED),  # nobody moved
    (70, 90, 70, TaskSync.WRITE),  # the focal point changed 70 → 90, the task did not move: 90 is written
    (70, 70, 85, TaskSync.TAKE_NEWER),  # the issue's case: the task moved to 85, the report left 70 as filled
    (70, 85, 85, TaskSync.AGREE),  # both say 85: nothing to write
    (70, 90, 85, TaskSync.CONFLICT),  # the report says 90, the task moved to 85: the focal point decides
    (70, 60, 85, TaskSync.CONFLICT),  # a lower value is no different
    (0, 100, 0, TaskSync.WRITE),  # the bounds are ordinary values
    (100, 100, 0, TaskSync.TAKE_NEWER),  # a task set back (a wrong 100% corrected) is newer too
])
def test_a_report_writes_only_what_the_focal_point_changed(prefilled, reported, current, expected):
    assert task_sync(prefilled, reported, current) == expected
