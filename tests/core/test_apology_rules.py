"""The apology deadline, the once-only re-dating and the form in force.

Sources: NĐ 61/2018/NĐ-CP as amended by NĐ 107/2021/NĐ-CP [K], DOMAIN §4 and §11 Q2: the apology is
sent at the latest 1 working day before the due date, and the return date may be reset only once;
TT 01/2018/TT-VPCP Mẫu 04 until 14/9/2025, TT 03/2025/TT-VPCP Mẫu 04 from 15/9/2025 (DOMAIN §12.2
[C R8]); NĐ 118/2025/NĐ-CP in force from 1/7/2025.

The calendar is the real ``holidays.VN`` (DOMAIN §7, S11), which has the ``is_working_day`` the rules
need. Every expected day below was worked out by hand from a printed calendar and these holidays:
Tết 2024 = Thu 08/02 … Wed 14/02; 29/4/2024 (Mon) off, paid back by Saturday 04/5/2024;
30/4 and 1/5 off; 2/9/2025 (Tue) with Mon 01/9/2025 off.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays
import pytest

from cchc.core.apology_rules import (
    APOLOGY_FORMS,
    RULE_VERSIONS,
    ApologyRules,
    Bar,
    DateFault,
    apology_bar,
    apology_compliant,
    can_redate,
    form_version,
    latest_apology_day,
    new_due_faults,
    proposed_new_due,
    rules_on,
)

VN = holidays.VN(years=range(2023, 2027))
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


class WeekdaysOnly:
    """The plainest calendar that satisfies the protocol: Monday to Friday, no holidays."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


class NeverWorks:
    def is_working_day(self, day: date) -> bool:
        return False


@pytest.mark.parametrize(
    ("due", "days_before", "expected"),
    [
        (date(2024, 1, 17), 1, date(2024, 1, 16)),  # Wed → Tue
        (date(2024, 1, 15), 1, date(2024, 1, 12)),  # Mon → the Friday before
        (date(2024, 1, 14), 1, date(2024, 1, 12)),  # due on a Sunday: the due day itself never counts
        (date(2024, 2, 15), 1, date(2024, 2, 7)),  # the Thursday after Tết → the Wednesday before it
        (date(2024, 5, 6), 1, date(2024, 5, 4)),  # Monday after the make-up Saturday 04/5/2024
        (date(2024, 5, 2), 1, date(2024, 4, 26)),  # 01/5, 30/4, 29/4 (swapped) and the weekend are off
        (date(2025, 9, 3), 1, date(2025, 8, 29)),  # National Day 2025: Mon 01/9 and Tue 02/9 off
        (date(2024, 1, 17), 2, date(2024, 1, 15)),  # a province rule of 2 working days
        (date(2024, 1, 16), 2, date(2024, 1, 12)),  # … across a weekend
        (datetime(2024, 1, 17, 17, 0, tzinfo=HCM), 1, date(2024, 1, 16)),  # a due datetime: its date
    ],
    ids=[
        "wed-to-tue", "mon-to-fri", "due-on-sunday", "after-tet-2024", "make-up-saturday",
        "after-30-4-and-1-5-2024", "after-2-9-2025", "two-days-before", "two-days-over-weekend",
        "due-datetime",
    ],
)
def test_latest_apology_day_with_the_vietnamese_calendar(due, days_before, expected):
    assert latest_apology_day(due, VN, days_before) == expected


def test_any_calendar_with_is_working_day_will_do():
    # 2024-05-06 is a Monday: without the make-up Saturday of 2024 the answer is the Friday.
    assert latest_apology_day(date(2024, 5, 6), WeekdaysOnly()) == date(2024, 5, 3)


def test_a_calendar_without_working_days_is_refused_not_looped_over():
    with pytest.raises(ValueError, match="no working day"):
        latest_apology_day(date(2024, 1, 17), NeverWorks())


def test_days_before_is_at_least_one():
    with pytest.raises(ValueError):
        latest_apology_day(date(2024, 1, 17), VN, 0)


@pytest.mark.parametrize(
    ("issued", "due", "expected"),
    [
        (date(2024, 1, 16), date(2024, 1, 17), True),  # on the last allowed day
        (date(2024, 1, 10), date(2024, 1, 17), True),  # well before
        (date(2024, 1, 17), date(2024, 1, 17), False),  # on the due day: too late
        (date(2024, 1, 18), date(2024, 1, 17), False),  # after the due day
        (date(2024, 1, 13), date(2024, 1, 15), False),  # the Saturday before a Monday due date: after Friday
        (date(2024, 2, 7), date(2024, 2, 15), True),  # the last working day before Tết
        (date(2024, 2, 9), date(2024, 2, 15), False),  # during Tết
        (datetime(2024, 1, 16, 23, 59, tzinfo=HCM), datetime(2024, 1, 17, 8, 0, tzinfo=HCM), True),
        (datetime(2024, 1, 17, 0, 1, tzinfo=HCM), datetime(2024, 1, 17, 17, 0, tzinfo=HCM), False),
    ],
    ids=[
        "last-allowed-day", "early", "on-due-day", "after-due-day", "saturday-before-monday",
        "before-tet", "during-tet", "late-evening-of-last-day", "just-after-midnight-of-due-day",
    ],
)
def test_apology_compliant(issued, due, expected):
    assert apology_compliant(issued, due, VN) is expected


def test_apology_compliant_with_a_longer_notice():
    assert apology_compliant(date(2024, 1, 15), date(2024, 1, 17), VN, days_before=2) is True
    assert apology_compliant(date(2024, 1, 16), date(2024, 1, 17), VN, days_before=2) is False


@pytest.mark.parametrize(
    ("previous", "limit", "expected"),
    [(0, 1, True), (1, 1, False), (2, 1, False), (1, 2, True), (2, 2, False), (0, 0, False)],
    ids=["first-reset", "second-reset-refused", "third-reset-refused", "province-allows-two", "two-used",
         "no-reset-allowed"],
)
def test_can_redate(previous, limit, expected):
    assert can_redate(previous, limit) is expected


def test_can_redate_default_is_once():
    assert can_redate(0) is True
    assert can_redate(1) is False


@pytest.mark.parametrize(("previous", "limit"), [(-1, 1), (0, -1)])
def test_can_redate_rejects_negative_counts(previous, limit):
    with pytest.raises(ValueError):
        can_redate(previous, limit)


TT01 = "TT 01/2018/TT-VPCP Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả"
TT03 = "TT 03/2025/TT-VPCP Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"


@pytest.mark.parametrize(
    ("on", "expected", "asks_extension"),
    [
        (date(2019, 3, 1), TT01, False),
        (date(2024, 1, 18), TT01, False),
        (date(2025, 6, 30), TT01, False),  # last day of NĐ 61/2018
        (date(2025, 7, 1), TT01, False),  # first day of NĐ 118/2025: TT 01/2018's forms still in use
        (date(2025, 9, 14), TT01, False),  # the day before TT 03/2025
        (date(2025, 9, 15), TT03, True),  # TT 03/2025/TT-VPCP dated and applied (DOMAIN §12.2)
        (datetime(2025, 9, 15, 7, 30, tzinfo=HCM), TT03, True),
        (date(2026, 11, 24), TT03, True),
    ],
    ids=["2019", "2024", "last-day-nd61", "first-day-nd118", "last-day-tt01", "first-day-tt03", "datetime",
         "2026"],
)
def test_form_version(on, expected, asks_extension):
    form = form_version(on)
    assert form.label == expected
    assert str(form) == expected
    assert form.asks_extension is asks_extension
    assert form.number == "Mẫu 04"


def test_form_table_leaves_no_gap_and_no_overlap():
    old, new = APOLOGY_FORMS
    assert (new.valid_from - old.valid_to).days == 1


def test_form_version_outside_every_form_is_an_error():
    only_new = tuple(f for f in APOLOGY_FORMS if f.valid_from is not None)
    with pytest.raises(LookupError):
        form_version(date(2024, 1, 1), only_new)


# --- rule versions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "source", "form", "max_redates"),
    [
        (date(2024, 1, 18), "NĐ 61/2018/NĐ-CP, sửa đổi bởi NĐ 107/2021/NĐ-CP", TT01, 1),
        (date(2025, 6, 30), "NĐ 61/2018/NĐ-CP, sửa đổi bởi NĐ 107/2021/NĐ-CP", TT01, 1),
        (date(2025, 7, 1), "NĐ 118/2025/NĐ-CP (mẫu của TT 01/2018/TT-VPCP)", TT01, 1),
        (date(2025, 9, 14), "NĐ 118/2025/NĐ-CP (mẫu của TT 01/2018/TT-VPCP)", TT01, 1),
        (date(2025, 9, 15), "NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP", TT03, 1),
        (datetime(2026, 12, 6, 10, 0, tzinfo=HCM), "NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP", TT03, 1),
    ],
    ids=["2024", "last-day-nd61", "first-day-nd118", "last-day-old-forms", "first-day-tt03", "datetime"],
)
def test_rules_on(on, source, form, max_redates):
    rules = rules_on(on)
    assert (rules.source, rules.form.label, rules.max_redates, rules.days_before) == (source, form, max_redates, 1)


def test_rule_versions_leave_no_gap_and_no_overlap():
    for older, newer in zip(RULE_VERSIONS, RULE_VERSIONS[1:], strict=False):
        assert (newer.valid_from - older.valid_to).days == 1
    assert RULE_VERSIONS[0].valid_from is None and RULE_VERSIONS[-1].valid_to is None


def test_rules_on_outside_every_version_is_an_error():
    with pytest.raises(LookupError):
        rules_on(date(2024, 1, 1), RULE_VERSIONS[1:])


# --- who may get a letter ------------------------------------------------------------------------

ON = date(2026, 12, 6)
DUE = datetime(2026, 12, 10, 8, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    ("status", "due_at", "finished_at", "previous", "expected"),
    [
        (4, DUE, None, 0, None),  # in progress, no letter yet
        (2, DUE, None, 0, None),  # received
        (5, DUE, None, 0, None),  # waiting for a supplement
        (6, DUE, None, 0, None),  # financial obligation
        (4, DUE, None, 1, Bar.LIMIT_REACHED),  # the second letter: NĐ 107/2021 allows one
        (4, DUE, None, 2, Bar.LIMIT_REACHED),
        (1, DUE, None, 0, Bar.NOT_RECEIVED),  # registered online, not received
        (3, DUE, None, 0, Bar.NOT_RECEIVED),  # refused at reception
        (3, DUE, None, 1, Bar.NOT_RECEIVED),  # not received wins over the count
        (7, DUE, None, 0, Bar.WITHDRAWN),
        (8, DUE, None, 0, Bar.STOPPED),
        (4, None, None, 0, Bar.NO_DUE_DATE),
        (9, DUE, datetime(2026, 12, 10, 17, 30, tzinfo=HCM), 0, Bar.FINISHED_ON_TIME),  # same day, later hour
        (10, DUE, datetime(2026, 12, 9, 9, 0, tzinfo=HCM), 0, Bar.FINISHED_ON_TIME),  # early
        (9, DUE, datetime(2026, 12, 11, 8, 0, tzinfo=HCM), 0, None),  # finished late: may still apologise
        (9, DUE, datetime(2026, 12, 11, 8, 0, tzinfo=HCM), 1, Bar.LIMIT_REACHED),
        (4, date(2026, 12, 10), None, 0, None),  # dates will do
    ],
    ids=["processing", "received", "supplement", "financial", "second-letter", "third-letter",
         "new", "not-received", "not-received-over-count", "withdrawn", "stopped", "no-due-date",
         "finished-on-due-day", "finished-early", "finished-late", "finished-late-second", "dates"],
)
def test_apology_bar(status, due_at, finished_at, previous, expected):
    assert apology_bar(status=status, due_at=due_at, finished_at=finished_at, previous=previous, on=ON) == expected


def test_apology_bar_reads_the_limit_of_the_version_in_force():
    twice = tuple(ApologyRules(r.source, r.valid_from, r.valid_to, r.form, max_redates=2) for r in RULE_VERSIONS)
    assert apology_bar(status=4, due_at=DUE, finished_at=None, previous=1, on=ON, versions=twice) is None
    assert apology_bar(status=4, due_at=DUE, finished_at=None, previous=2, on=ON, versions=twice) is Bar.LIMIT_REACHED


def test_apology_bar_rejects_a_negative_count():
    with pytest.raises(ValueError):
        apology_bar(status=4, due_at=DUE, finished_at=None, previous=-1, on=ON)


# --- the new return date -------------------------------------------------------------------------

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=HCM)  # a Sunday; the letter is dated today


@pytest.mark.parametrize(
    ("new_due", "old_due", "expected"),
    [
        (datetime(2026, 12, 9, 16, 0, tzinfo=HCM), datetime(2026, 12, 8, 8, 0, tzinfo=HCM), ()),
        (datetime(2026, 11, 26, 16, 0, tzinfo=HCM), datetime(2026, 12, 4, 8, 0, tzinfo=HCM),
         (DateFault.IN_THE_PAST, DateFault.NOT_AFTER_OLD_DUE)),  # ten days ago, before the old date
        (datetime(2026, 12, 6, 9, 0, tzinfo=HCM), datetime(2026, 12, 1, 8, 0, tzinfo=HCM),
         (DateFault.IN_THE_PAST,)),  # an hour ago
        (datetime(2026, 12, 6, 16, 0, tzinfo=HCM), datetime(2026, 12, 4, 8, 0, tzinfo=HCM),
         (DateFault.NOT_AFTER_LETTER,)),  # later today: still the letter's own day
        (datetime(2026, 12, 9, 16, 0, tzinfo=HCM), datetime(2026, 12, 10, 8, 0, tzinfo=HCM),
         (DateFault.NOT_AFTER_OLD_DUE,)),  # before the old due date
        (datetime(2026, 12, 10, 16, 0, tzinfo=HCM), datetime(2026, 12, 10, 8, 0, tzinfo=HCM),
         (DateFault.NOT_AFTER_OLD_DUE,)),  # the old due day, later hour: no reset
        (date(2026, 12, 7), date(2026, 12, 4), ()),  # a date alone: tomorrow
        (date(2026, 12, 6), date(2026, 12, 4), (DateFault.IN_THE_PAST,)),  # a date alone: today is not future
    ],
    ids=["good", "ten-days-ago", "an-hour-ago", "later-today", "before-old-due", "old-due-day", "date-tomorrow",
         "date-today"],
)
def test_new_due_faults(new_due, old_due, expected):
    assert new_due_faults(new_due, old_due_at=old_due, issued_at=NOW, now=NOW) == expected


def test_new_due_must_follow_a_letter_dated_later_than_now():
    # A letter prepared on Sunday but dated Monday 7/12: Monday itself is not after the letter's date.
    assert new_due_faults(datetime(2026, 12, 7, 16, 0, tzinfo=HCM), old_due_at=date(2026, 12, 4),
                          issued_at=date(2026, 12, 7), now=NOW) == (DateFault.NOT_AFTER_LETTER,)


@pytest.mark.parametrize(
    ("today", "old_due", "calendar", "working_days", "expected"),
    [
        (date(2024, 1, 12), date(2024, 1, 10), VN, 3, date(2024, 1, 17)),  # overdue: from today (Fri) → Wed
        (date(2024, 1, 15), date(2024, 1, 19), VN, 3, date(2024, 1, 24)),  # not yet due: from the due day
        (date(2024, 2, 6), date(2024, 2, 7), VN, 1, date(2024, 2, 15)),  # Tết 8–14/2/2024 skipped
        (date(2024, 2, 6), date(2024, 2, 7), VN, 3, date(2024, 2, 19)),  # … and the weekend after it
        (date(2024, 5, 3), date(2024, 5, 2), VN, 1, date(2024, 5, 4)),  # the make-up Saturday 04/5/2024 works
        (date(2024, 5, 3), date(2024, 5, 2), WeekdaysOnly(), 1, date(2024, 5, 6)),  # a calendar without it
        (datetime(2026, 12, 6, 10, 0, tzinfo=HCM), datetime(2026, 12, 1, 8, 0, tzinfo=HCM), VN, 3,
         date(2026, 12, 9)),  # Sunday → Mon, Tue, Wed
    ],
    ids=["overdue", "before-due", "tet-one-day", "tet-three-days", "make-up-saturday", "weekdays-only", "datetimes"],
)
def test_proposed_new_due(today, old_due, calendar, working_days, expected):
    assert proposed_new_due(today, old_due, calendar, working_days) == expected


def test_proposed_new_due_needs_a_working_day_and_a_calendar_that_has_them():
    with pytest.raises(ValueError):
        proposed_new_due(date(2024, 1, 12), date(2024, 1, 10), VN, 0)
    with pytest.raises(ValueError, match="no working day"):
        proposed_new_due(date(2024, 1, 12), date(2024, 1, 10), NeverWorks())
