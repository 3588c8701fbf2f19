"""The integrity checks, one dossier at a time, hand-worked from seed 001 and DOMAIN §4 (cchc.core.integrity)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cchc.core import integrity


@pytest.mark.parametrize(("status", "in_period", "document", "on_file", "flagged"), [
    (9, True, True, False, True),  # processed, no result on file: the seed's case
    (10, True, True, False, True),  # returned without a result on file
    (9, True, True, True, False),  # the electronic result is there
    (9, True, False, False, False),  # the procedure's result is no document: nothing to wait for
    (7, True, True, False, False),  # withdrawn by the citizen: no result expected
    (4, True, True, False, False),  # still processing
    (9, False, True, False, False),  # finished in another period: flagged there, not here
])
def test_closed_before_result(status, in_period, document, on_file, flagged):
    assert integrity.closed_before_result(status=status, finished_in_period=in_period, result_is_document=document,
                                          result_on_file=on_file) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(0, False), (1, False), (2, True), (3, True)])
def test_supplement_over_once(count, flagged):
    assert integrity.supplement_over_once(supplement_count=count) is flagged


Q1 = (date(2025, 1, 1), date(2025, 3, 31))


@pytest.mark.parametrize(("status", "finished", "returned", "flagged"), [
    (9, date(2025, 3, 20), None, True),  # 11 days unreturned at the quarter's end: more than 10
    (9, date(2025, 3, 21), None, False),  # exactly 10 days: not more than 10
    (10, date(2025, 3, 1), date(2025, 4, 2), True),  # returned, but only after the quarter
    (10, date(2025, 3, 1), date(2025, 3, 31), False),  # returned by the quarter's end
    (10, date(2025, 3, 1), None, False),  # marked returned, no date: the data does not show a delay
    (9, date(2025, 3, 1), date(2025, 3, 5), False),  # a return date decides over the status
    (7, date(2025, 3, 1), None, False),  # withdrawn: nothing to return
    (9, date(2024, 12, 1), None, False),  # finished before the quarter: counted in its own period
    (9, None, None, False),  # no end of processing recorded
])
def test_unreturned(status, finished, returned, flagged):
    assert integrity.unreturned(status=status, finished_on=finished, returned_on=returned, period_first=Q1[0],
                                period_last=Q1[1]) is flagged


def test_unreturned_days_are_a_parameter():
    assert integrity.unreturned(status=9, finished_on=date(2025, 3, 30), returned_on=None, period_first=Q1[0],
                                period_last=Q1[1], days=0)
    assert integrity.UNRETURNED_DAYS == 10


@pytest.mark.parametrize(("status", "in_period", "finished", "signed", "flagged"), [
    (9, True, date(2025, 3, 5), date(2025, 3, 6), True),  # signed the day after the finish: the seed's case
    (10, True, date(2025, 3, 5), date(2025, 4, 1), True),  # signed in the next period, closed in this one
    (9, True, date(2025, 3, 5), date(2025, 3, 5), False),  # signed the day it was closed
    (9, True, date(2025, 3, 5), date(2025, 3, 1), False),  # signed before
    (9, True, date(2025, 3, 5), None, False),  # no result date: the data does not show it
    (9, False, date(2025, 3, 5), date(2025, 3, 6), False),  # finished in another period
    (7, True, date(2025, 3, 5), date(2025, 3, 6), False),  # withdrawn: not closed as processed
])
def test_closed_before_result_by_the_results_date(status, in_period, finished, signed, flagged):
    # the result is on file, so only its date can flag it
    assert integrity.closed_before_result(status=status, finished_in_period=in_period, result_is_document=True,
                                          result_on_file=True, finished_on=finished,
                                          result_issued_on=signed) is flagged


def _minute(m: float) -> datetime:
    return datetime(2025, 3, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=m)


@pytest.mark.parametrize(("ratings", "flagged"), [
    # three identical ratings of unit A within 5 minutes (count 3): all three
    ([("a", "A", 1, 0), ("b", "A", 1, 2), ("c", "A", 1, 5)], {"a", "b", "c"}),
    # the third is 5 minutes and a second after the first: no span of 5 minutes holds three
    ([("a", "A", 1, 0), ("b", "A", 1, 2), ("c", "A", 1, 5 + 1 / 60)], set()),
    # a different value breaks nothing but does not count
    ([("a", "A", 1, 0), ("b", "A", 2, 1), ("c", "A", 1, 2), ("d", "A", 1, 3)], {"a", "c", "d"}),
    # another unit's identical ratings do not count
    ([("a", "A", 1, 0), ("b", "B", 1, 1), ("c", "A", 1, 2)], set()),
    # a chain: a,b,c within 5 minutes and b,c,d within 5: all four, e (10 min later) alone is not
    ([("a", "A", 3, 0), ("b", "A", 3, 4), ("c", "A", 3, 5), ("d", "A", 3, 8), ("e", "A", 3, 20)],
     {"a", "b", "c", "d"}),
    # no moment, or not a rating of the scale: never in a burst
    ([("a", "A", 1, None), ("b", "A", 1, 1), ("c", "A", 1, 2), ("d", "A", 4, 2), ("e", "A", None, 2)], set()),
])
def test_rating_bursts(ratings, flagged):
    given = [(k, u, r, None if m is None else _minute(m)) for k, u, r, m in ratings]
    assert integrity.rating_bursts(given, count=3, minutes=5) == flagged


def test_rating_bursts_defaults_are_ten_in_five_minutes():
    ten = [(i, "A", 1, _minute(i * 0.5)) for i in range(10)]  # 10 ratings within 4.5 minutes
    assert integrity.rating_bursts(ten) == set(range(10))
    assert integrity.rating_bursts(ten[:9]) == set()
    assert (integrity.BURST_COUNT, integrity.BURST_MINUTES) == (10, 5)


@pytest.mark.parametrize(("channel", "by_official", "at_counter", "paid", "paid_by_official", "flagged"), [
    (2, True, None, False, None, True),  # submitted online with an official's account
    (2, None, True, False, None, True),  # submitted online from the counter's terminal
    (2, False, False, False, None, False),  # the citizen's own account, from elsewhere
    (1, True, True, False, None, False),  # a dossier taken at the counter is no online submission
    (1, None, None, True, True, True),  # paid online with an official's account
    (2, False, False, True, False, False),  # paid online by the citizen
    (1, None, None, False, True, False),  # not paid online: nothing to flag
    (2, None, None, True, None, False),  # the data says nothing: not flagged
])
def test_on_behalf(channel, by_official, at_counter, paid, paid_by_official, flagged):
    assert integrity.on_behalf(channel=channel, submitted_by_official=by_official, submitted_at_counter=at_counter,
                               paid_online=paid, paid_by_official=paid_by_official) is flagged


@pytest.mark.parametrize(("fields", "carries"), [
    ((None, None, None), False), ((False, None, None), True), ((None, None, True), True), ((None, False, None), True),
])
def test_on_behalf_data(fields, carries):
    by_official, at_counter, paid_by = fields
    assert integrity.on_behalf_data(submitted_by_official=by_official, submitted_at_counter=at_counter,
                                    paid_by_official=paid_by) is carries
