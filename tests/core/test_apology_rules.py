"""The apology deadline, the once-only re-dating and the form in force.

Sources: NĐ 61/2018/NĐ-CP as amended by NĐ 107/2021/NĐ-CP [K], DOMAIN §4 and §11 Q2: the apology is
sent at the latest 1 working day before the due date, and the return date may be reset only once;
TT 01/2018/TT-VPCP Mẫu 04 until 30/6/2025, TT 03/2025/TT-VPCP Mẫu 04 from 1/7/2025 [C S10].

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
    apology_compliant,
    can_redate,
    form_version,
    latest_apology_day,
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
        (date(2025, 7, 1), TT03, True),  # first day of NĐ 118/2025
        (datetime(2025, 7, 1, 7, 30, tzinfo=HCM), TT03, True),
        (date(2026, 11, 24), TT03, True),
    ],
    ids=["2019", "2024", "last-day-tt01", "first-day-tt03", "datetime", "2026"],
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
