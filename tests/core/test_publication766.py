"""Group 1 of the 766 index: on-time announcement (1.1), on-time publication on the CSDLQG (1.2), complete
parts (1.3), and the once-per-period rule.

Source: DOMAIN §1.1 group 1 (S1). The calendar is the real one (cchc.core.workdays, holidays.VN, DOMAIN
§7). Every expected day was worked out by hand from a printed calendar and these holidays: Tết 2026 =
Mon 16/02 … Fri 20/02 (so no working day from Sat 14/02 to Sun 22/02); 30/4 (Thu) and 1/5 (Fri) 2026 off.
"""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.publication766 import (
    PARTS,
    Announcement,
    Counts,
    IssuingLevel,
    Margins,
    Verdict,
    announced_on_time,
    announcement_deadline,
    complete,
    counts,
    missing_parts,
    per_procedure,
    publication_deadline,
    published_on_time,
    verdict,
)
from cchc.core.workdays import calendar_for

CAL = calendar_for([2026])
P, M = IssuingLevel.PROVINCE, IssuingLevel.MINISTRY
ALL = frozenset(PARTS)


@pytest.mark.parametrize(("effective", "level", "deadline"), [
    # Mon 15/6: Fri 12, Thu 11, Wed 10, Tue 9, Mon 8
    (date(2026, 6, 15), P, date(2026, 6, 8)),
    # Sun 14/6 (not counted, nor Sat 13): Fri 12 … Mon 8
    (date(2026, 6, 14), P, date(2026, 6, 8)),
    # Wed 25/2 after Tết: Tue 24, Mon 23, (weekend, Tết 16–20, weekend) Fri 13, Thu 12, Wed 11
    (date(2026, 2, 25), P, date(2026, 2, 11)),
    # a ministry, 20 working days before Mon 15/6: 12..8 (5), 5..1 (10), 29..25/5 (15), 22..18/5 (20)
    (date(2026, 6, 15), M, date(2026, 5, 18)),
    # Thu 7/5: Wed 6, Tue 5, Mon 4, (1/5 Fri and 30/4 Thu off) Wed 29/4, Tue 28/4
    (date(2026, 5, 7), P, date(2026, 4, 28)),
], ids=["monday", "sunday", "after-tet", "ministry", "after-30-4"])
def test_the_announcement_deadline(effective, level, deadline):
    assert announcement_deadline(effective, level, CAL) == deadline
    assert announced_on_time(deadline, effective, level, CAL)
    assert not announced_on_time(CAL.next_working_day(deadline), effective, level, CAL)


def test_a_decision_on_a_day_off_before_the_deadline_is_on_time():
    # Sat 6/6 ≤ Mon 8/6 (deadline for Mon 15/6)
    assert announced_on_time(date(2026, 6, 6), date(2026, 6, 15), P, CAL)
    # Tue 9/6 is one working day too late
    assert not announced_on_time(date(2026, 6, 9), date(2026, 6, 15), P, CAL)


@pytest.mark.parametrize(("decision", "level", "deadline"), [
    # Mon 8/6 + 5: 9, 10, 11, 12, 15
    (date(2026, 6, 8), P, date(2026, 6, 15)),
    # Thu 12/2 + 5 across Tết: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26
    (date(2026, 2, 12), P, date(2026, 2, 26)),
    # a ministry, Thu 12/2 + 10: 13, 23, 24, 25, 26, 27, 2/3, 3/3, 4/3, 5/3
    (date(2026, 2, 12), M, date(2026, 3, 5)),
    # Sat 13/6 counts from Mon 15/6: 16, 17, 18, 19, 22
    (date(2026, 6, 13), P, date(2026, 6, 22)),
    # Tue 17/2, in Tết, counts from Mon 23/2: 24, 25, 26, 27, 2/3
    (date(2026, 2, 17), P, date(2026, 3, 2)),
], ids=["week", "across-tet", "ministry", "saturday", "in-tet"])
def test_the_publication_deadline(decision, level, deadline):
    assert publication_deadline(decision, level, CAL) == deadline
    assert published_on_time(decision, deadline, level, CAL)
    assert published_on_time(decision, decision, level, CAL)  # the same day
    assert not published_on_time(decision, CAL.next_working_day(deadline), level, CAL)


def test_not_published_is_not_on_time():
    assert not published_on_time(date(2026, 6, 8), None, P, CAL)


def test_the_margins_are_configuration():
    strict = {P: Margins(before=1, after=1), M: Margins(before=1, after=1)}
    assert announcement_deadline(date(2026, 6, 15), P, CAL, strict) == date(2026, 6, 12)
    assert publication_deadline(date(2026, 6, 12), P, CAL, strict) == date(2026, 6, 15)


def test_completeness_names_what_is_missing_in_the_decrees_order():
    assert complete(ALL)
    assert missing_parts(ALL) == ()
    assert missing_parts({"name", "steps", "channels", "documents", "applicants"}) == ("time_limit", "agency")
    assert not complete(ALL - {"agency"})
    assert len(PARTS) == 7
    with pytest.raises(ValueError):
        missing_parts({"name", "fee"})


def _a(decision, effective, published, parts=ALL, level=P):
    return Announcement(decision, effective, published, frozenset(parts), level)


def test_a_verdict_per_announcement():
    on_time = _a(date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 15))
    assert verdict(on_time, CAL) == Verdict(True, True, True)
    late = _a(date(2026, 6, 9), date(2026, 6, 15), date(2026, 6, 17), ALL - {"steps"})
    # announced late (9/6 > 8/6); published late (9/6 + 5 working days = 16/6 < 17/6); no «steps»
    assert verdict(late, CAL) == Verdict(False, False, False)


def test_a_procedure_announced_twice_counts_once_and_fails_if_either_failed():
    good = Verdict(True, True, True)
    late = Verdict(False, True, True)
    unpublished = Verdict(True, False, True)
    merged = per_procedure([("1.001", good), ("1.002", good), ("1.001", late), ("1.003", unpublished),
                            ("1.003", good)])
    assert merged == {"1.001": Verdict(False, True, True), "1.002": good, "1.003": Verdict(True, False, True)}
    assert counts(merged) == Counts(procedures=3, announced_on_time=2, published_on_time=2, complete=3)
    assert counts(merged).as_figures() == {"1.1": (2, 3), "1.2": (2, 3), "1.3": (3, 3)}


def test_no_announcement_gives_an_empty_denominator():
    assert counts({}) == Counts(0, 0, 0, 0)
