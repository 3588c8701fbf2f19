"""Early, on-time and late dossiers as the 766 index counts them.

Sources: QĐ 766/QĐ-TTg as computed in DOMAIN S1 (on time ⇔ end ≤ due date; more than one supplement
request ⇒ late; no due date ⇒ end − received − supplement wait ≤ statutory limit) and S3's reports
(day granularity; withdrawn and no-due-date dossiers on time; statuses 5, 6, 8 within time; 1 and 3 not
received; "sắp hết hạn" = due within 24 h), DOMAIN §4. Every expected class below was worked by hand
from those rules. The period is March 2024; dates are naive Vietnamese local time unless stated.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cchc.core.timeliness import (
    Channel,
    DossierFacts,
    Status,
    Timeliness,
    classify,
    counts_on_time_766,
    is_near_due,
    near_due_window,
    on_time_766_counts,
)

T = Timeliness
PERIOD_END = datetime(2024, 3, 31, 23, 59, 59)
RECEIVED = datetime(2024, 3, 1, 8, 0)
DUE = datetime(2024, 3, 15, 17, 0)
DAY = timedelta(days=1)


def dossier(status=Status.FINISHED, *, received=RECEIVED, due=DUE, finished=None, supplements=0,
            wait=timedelta(0), limit=None):
    return DossierFacts(
        status=status, received_at=received, due_at=due, finished_at=finished, supplement_count=supplements,
        supplement_wait=wait, statutory_limit=limit,
    )


CASES = [
    # Finished dossiers against the due date (15/3 17:00), compared by day.
    ("early-day-before-due", dossier(finished=datetime(2024, 3, 14, 16, 0)), T.EARLY),
    ("on-due-day-before-due-hour", dossier(finished=datetime(2024, 3, 15, 9, 0)), T.ON_TIME),
    ("on-due-day-after-due-hour", dossier(finished=datetime(2024, 3, 15, 23, 59)), T.ON_TIME),
    ("day-after-one-minute-past-midnight", dossier(finished=datetime(2024, 3, 16, 0, 1)), T.LATE),
    ("status-10-early", dossier(Status.RETURNED, finished=datetime(2024, 3, 14, 16, 0)), T.EARLY),
    ("status-10-late", dossier(Status.RETURNED, finished=datetime(2024, 3, 20, 8, 0)), T.LATE),
    # The finish time decides, whatever the current status (2 or 4 with an end of processing).
    ("status-4-with-finish", dossier(Status.PROCESSING, finished=datetime(2024, 3, 18, 8, 0)), T.LATE),
    # More than one supplement request ⇒ late, even finished early, waiting, or withdrawn.
    ("two-supplements-early", dossier(finished=datetime(2024, 3, 10, 8, 0), supplements=2), T.LATE),
    ("one-supplement-early", dossier(finished=datetime(2024, 3, 10, 8, 0), supplements=1), T.EARLY),
    ("two-supplements-waiting", dossier(Status.SUPPLEMENT_REQUESTED, supplements=2), T.LATE),
    ("two-supplements-withdrawn", dossier(Status.WITHDRAWN, supplements=2), T.LATE),
    ("three-supplements-pending", dossier(Status.PROCESSING, due=datetime(2024, 4, 5), supplements=3), T.LATE),
    # Withdrawn (7) counts as on time, even after the due date; a withdrawal after the period is pending.
    ("withdrawn-no-time", dossier(Status.WITHDRAWN), T.ON_TIME),
    ("withdrawn-after-due", dossier(Status.WITHDRAWN, finished=datetime(2024, 3, 20, 8, 0)), T.ON_TIME),
    ("withdrawn-after-period-due-passed",
     dossier(Status.WITHDRAWN, finished=datetime(2024, 4, 2, 8, 0)), T.PENDING_OVERDUE),
    # No due date, 5-day limit, received 1/3 08:00, 2 days waiting: on time up to 8/3 08:00 exactly.
    ("no-due-limit-5d-wait-2d-at-limit",
     dossier(due=None, finished=datetime(2024, 3, 8, 8, 0), wait=2 * DAY, limit=5 * DAY), T.ON_TIME),
    ("no-due-limit-5d-wait-2d-minute-over",
     dossier(due=None, finished=datetime(2024, 3, 8, 8, 1), wait=2 * DAY, limit=5 * DAY), T.LATE),
    ("no-due-limit-5d-no-wait-same-finish",
     dossier(due=None, finished=datetime(2024, 3, 8, 8, 0), limit=5 * DAY), T.LATE),
    ("no-due-limit-5d-fast-is-on-time-not-early",
     dossier(due=None, finished=datetime(2024, 3, 2, 8, 0), limit=5 * DAY), T.ON_TIME),
    ("no-due-no-limit", dossier(due=None, finished=datetime(2024, 3, 30, 8, 0)), T.ON_TIME),
    # With a due date the wait is already in it (S3 moves the due date): not subtracted again.
    ("due-date-ignores-wait", dossier(finished=datetime(2024, 3, 16, 8, 0), wait=5 * DAY), T.LATE),
    # Not finished at period end (31/3): within time iff the due day ≥ 31/3.
    ("pending-due-on-period-end-day", dossier(Status.PROCESSING, due=datetime(2024, 3, 31, 8, 0)),
     T.PENDING_ON_TIME),
    ("pending-due-day-before-period-end", dossier(Status.PROCESSING, due=datetime(2024, 3, 30, 17, 0)),
     T.PENDING_OVERDUE),
    ("pending-due-after-period", dossier(Status.PROCESSING, due=datetime(2024, 4, 5, 17, 0)),
     T.PENDING_ON_TIME),
    ("received-not-started-overdue", dossier(Status.RECEIVED), T.PENDING_OVERDUE),
    ("finished-status-without-time", dossier(Status.FINISHED), T.PENDING_OVERDUE),
    # Pending with no due date: the period end is the end (30 d 15 h 59 min 59 s after receipt).
    ("pending-no-due-limit-60d", dossier(Status.PROCESSING, due=None, limit=60 * DAY), T.PENDING_ON_TIME),
    ("pending-no-due-limit-25d-wait-6d",
     dossier(Status.PROCESSING, due=None, limit=25 * DAY, wait=6 * DAY), T.PENDING_ON_TIME),
    ("pending-no-due-limit-25d-no-wait", dossier(Status.PROCESSING, due=None, limit=25 * DAY),
     T.PENDING_OVERDUE),
    ("pending-no-due-no-limit", dossier(Status.PROCESSING, due=None), T.PENDING_ON_TIME),
    # Waiting for a supplement (5) or stopped (6, 8): within time even past the due date.
    ("status-5-past-due", dossier(Status.SUPPLEMENT_REQUESTED, supplements=1), T.PENDING_ON_TIME),
    ("status-6-past-due", dossier(Status.FINANCIAL_OBLIGATION), T.PENDING_ON_TIME),
    ("status-8-past-due-with-stop-time",
     dossier(Status.STOPPED, finished=datetime(2024, 3, 20, 8, 0)), T.PENDING_ON_TIME),
    # Not received (1, 3), or received after the period: excluded.
    ("status-1-excluded", dossier(Status.NEW), T.EXCLUDED),
    ("status-3-excluded", dossier(Status.NOT_RECEIVED, finished=datetime(2024, 3, 20, 8, 0)), T.EXCLUDED),
    ("status-3-two-supplements-excluded", dossier(Status.NOT_RECEIVED, supplements=2), T.EXCLUDED),
    ("received-after-period", dossier(Status.PROCESSING, received=datetime(2024, 4, 1, 8, 0)), T.EXCLUDED),
    # Finished after the period end: not finished at period end.
    ("finished-after-period-due-passed", dossier(finished=datetime(2024, 4, 2, 8, 0)), T.PENDING_OVERDUE),
    ("finished-after-period-due-ahead",
     dossier(due=datetime(2024, 4, 10, 17, 0), finished=datetime(2024, 4, 2, 8, 0)), T.PENDING_ON_TIME),
    ("finished-exactly-at-period-end", dossier(finished=PERIOD_END), T.LATE),
]


@pytest.mark.parametrize(("d", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_classify(d, expected):
    assert classify(d, PERIOD_END) == expected


@pytest.mark.parametrize(
    ("finished_utc", "tz", "expected"),
    [
        # 15/3 17:30 UTC is 16/3 00:30 in Hà Nội: the day after the due day.
        (datetime(2024, 3, 15, 17, 30, tzinfo=UTC), None, T.LATE),
        # 15/3 16:30 UTC is 15/3 23:30 in Hà Nội: the due day.
        (datetime(2024, 3, 15, 16, 30, tzinfo=UTC), None, T.ON_TIME),
        # The zone is a parameter: read in UTC, 15/3 17:30 is the due day.
        (datetime(2024, 3, 15, 17, 30, tzinfo=UTC), UTC, T.ON_TIME),
    ],
    ids=["utc-evening-is-next-day-in-vietnam", "utc-afternoon-is-same-day", "zone-parameter"],
)
def test_aware_times_compare_by_local_day(finished_utc, tz, expected):
    due = datetime(2024, 3, 15, 10, 0, tzinfo=UTC)  # 15/3 17:00 in Hà Nội
    d = dossier(received=datetime(2024, 3, 1, 1, 0, tzinfo=UTC), due=due, finished=finished_utc)
    period_end = datetime(2024, 3, 31, 16, 59, 59, tzinfo=UTC)
    kwargs = {} if tz is None else {"tz": tz}
    assert classify(d, period_end, **kwargs) == expected


@pytest.mark.parametrize("status", [0, 11, -1], ids=["zero", "eleven", "negative"])
def test_unknown_status_is_refused(status):
    with pytest.raises(ValueError):
        classify(dossier(status), PERIOD_END)


@pytest.mark.parametrize(
    ("t", "counts"),
    [
        (T.EARLY, True), (T.ON_TIME, True), (T.PENDING_ON_TIME, True),
        (T.LATE, False), (T.PENDING_OVERDUE, False), (T.EXCLUDED, False),
    ],
    ids=lambda v: str(v),
)
def test_counts_on_time_766(t, counts):
    assert counts_on_time_766(t) is counts


def test_every_class_is_decided():
    assert set(T) == {T.EARLY, T.ON_TIME, T.PENDING_ON_TIME, T.LATE, T.PENDING_OVERDUE, T.EXCLUDED}


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        ([], (0, 0)),
        ([T.EARLY, T.ON_TIME, T.PENDING_ON_TIME, T.LATE, T.PENDING_OVERDUE, T.EXCLUDED], (3, 5)),
        ([T.EXCLUDED, T.EXCLUDED], (0, 0)),
        # 19 on time and 1 late among 20 received: the 95% of the 766 points example.
        ([T.ON_TIME] * 19 + [T.LATE], (19, 20)),
    ],
    ids=["none", "one-of-each", "only-excluded", "nineteen-of-twenty"],
)
def test_on_time_766_counts(classes, expected):
    assert on_time_766_counts(classes) == expected


def test_withdrawn_dossier_counts_toward_the_766_rate():
    # The chain the 766 board uses: classify, then count. A withdrawn dossier late on its dates counts.
    withdrawn = dossier(Status.WITHDRAWN, finished=datetime(2024, 3, 20, 8, 0))
    late = dossier(finished=datetime(2024, 3, 20, 8, 0))
    assert on_time_766_counts(classify(d, PERIOD_END) for d in (withdrawn, late)) == (1, 2)


NOW = datetime(2024, 3, 15, 9, 0)


@pytest.mark.parametrize(
    ("due", "horizon", "expected"),
    [
        (None, None, False),
        (NOW + timedelta(hours=23), None, True),
        (NOW + timedelta(hours=24), None, True),
        (NOW + timedelta(hours=24, minutes=1), None, False),
        (NOW, None, True),
        (NOW - timedelta(minutes=1), None, False),
        (NOW + timedelta(hours=30), timedelta(hours=48), True),
    ],
    ids=["no-due", "in-23h", "exactly-24h", "24h-and-a-minute", "due-now", "already-overdue", "horizon-48h"],
)
def test_is_near_due(due, horizon, expected):
    kwargs = {} if horizon is None else {"horizon": horizon}
    assert is_near_due(due, NOW, **kwargs) is expected


def test_near_due_window_is_the_rules_bounds():
    # S3: 24 h by default, both ends inclusive; the page's query filters with these bounds.
    assert near_due_window(NOW) == (NOW, NOW + timedelta(hours=24))
    assert near_due_window(NOW, timedelta(hours=48)) == (NOW, NOW + timedelta(hours=48))


def test_status_catalogue():
    assert [s.value for s in Status] == list(range(1, 11))
    # The labels moved to the edge (tests/dossiers/test_choices.py: DossierStatusChoices).
    assert (Channel.DIRECT, Channel.ONLINE, Channel.POSTAL) == (1, 2, 3)
