"""The integrity checks, one dossier at a time, hand-worked from seed 001 and DOMAIN §4 (cchc.core.integrity)."""

from __future__ import annotations

from datetime import date

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
