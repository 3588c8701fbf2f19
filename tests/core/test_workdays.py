"""The working-day calendar and dossier due dates.

Source: DOMAIN §7 (Bộ luật Lao động 2019 Art. 112; QĐ 188/1999/QĐ-TTg; make-up Saturdays 2024-05-04,
2025-04-26, 2026-08-22; 24/11 from 2026; province overrides) and DOMAIN §4 "Due-date computation"
(S3 ``CaculateTime.cs``: office hours 07:00–11:30 and 13:30–17:00, 1 day = 8 h; same-day procedures
after 15:00; supplement pauses). Every expected value below was worked out by hand from the real
2021–2026 calendars, e.g. Tết 2024 is Thursday 8/2 to Wednesday 14/2, so one working day after
Wednesday 7/2/2024 is Thursday 15/2/2024.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import holidays
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cchc.core.workdays import (
    DateOutsideCalendar,
    OfficeHours,
    TimeLimitKind,
    WorkCalendar,
    calendar_for,
)

CAL = calendar_for(range(2021, 2027))

WD = TimeLimitKind.WORKING_DAYS
CD = TimeLimitKind.CALENDAR_DAYS
H = TimeLimitKind.HOURS

# A province that closes on Wednesday 4/9/2024 as well and works Saturday 17/2/2024 (after Tết).
PROVINCE_DAY_OFF = date(2024, 9, 4)
PROVINCE_SATURDAY = date(2024, 2, 17)
PROVINCE = calendar_for(
    range(2021, 2027), extra_days_off=[PROVINCE_DAY_OFF], extra_workdays=[PROVINCE_SATURDAY]
)


def dt(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi)


# --- office hours -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (OfficeHours(), Decimal(8)),
        (OfficeHours(morning=(time(7, 30), time(11, 30)), afternoon=(time(13, 0), time(17, 0))), Decimal(8)),
        (OfficeHours(morning=(time(7, 0), time(11, 0)), afternoon=(time(13, 0), time(16, 30))), Decimal("7.5")),
        (OfficeHours(morning=(time(8, 0), time(12, 0)), afternoon=(time(12, 0), time(14, 0))), Decimal(6)),
    ],
    ids=["s3-defaults", "lunch-11h30-13h", "short-afternoon", "no-lunch-break"],
)
def test_hours_per_day(hours, expected):
    assert hours.hours_per_day == expected


@pytest.mark.parametrize(
    ("morning", "afternoon"),
    [
        ((time(11, 30), time(7, 0)), (time(13, 30), time(17, 0))),
        ((time(7, 0), time(14, 0)), (time(13, 30), time(17, 0))),
        ((time(7, 0), time(11, 30)), (time(17, 0), time(13, 30))),
    ],
    ids=["morning-reversed", "morning-overlaps-afternoon", "afternoon-reversed"],
)
def test_office_hours_must_be_in_order(morning, afternoon):
    with pytest.raises(ValueError):
        OfficeHours(morning=morning, afternoon=afternoon)


# --- which days are worked --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 12), True),
        (date(2024, 3, 16), False),
        (date(2024, 3, 17), False),
        (date(2024, 2, 7), True),
        (date(2024, 2, 8), False),
        (date(2024, 2, 12), False),
        (date(2024, 2, 14), False),
        (date(2024, 2, 15), True),
        (date(2025, 1, 24), True),
        (date(2025, 1, 27), False),
        (date(2025, 1, 31), False),
        (date(2025, 2, 1), False),
        (date(2025, 2, 3), True),
        (date(2024, 5, 4), True),
        (date(2025, 4, 26), True),
        (date(2026, 8, 22), True),
        (date(2024, 5, 11), False),
        (date(2024, 4, 29), False),
        (date(2024, 4, 30), False),
        (date(2024, 5, 1), False),
        (date(2024, 5, 2), True),
        (date(2025, 5, 2), False),
        (date(2026, 8, 31), False),
        (date(2022, 5, 2), False),
        (date(2022, 5, 3), False),
        (date(2022, 5, 4), True),
        (date(2021, 9, 2), False),
        (date(2021, 9, 3), False),
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2023, 9, 4), False),
        (date(2026, 11, 24), False),
        (date(2025, 11, 24), True),
        (date(2023, 1, 2), False),
        (date(2022, 4, 11), False),
        (date(2026, 4, 27), False),
    ],
    ids=[
        "plain-tuesday", "plain-saturday", "plain-sunday",
        "eve-of-tet-2024", "tet-2024-first", "tet-2024-monday", "tet-2024-last", "after-tet-2024",
        "eve-of-tet-2025", "tet-2025-first", "tet-2025-friday", "tet-2025-saturday", "after-tet-2025",
        "makeup-sat-2024", "makeup-sat-2025", "makeup-sat-2026", "ordinary-sat-may-2024",
        "swap-2024-04-29", "30-4-2024", "1-5-2024", "after-1-5-2024", "swap-2025-05-02", "swap-2026-08-31",
        "30-4-on-sat-2022-substitute", "1-5-on-sun-2022-substitute", "after-substitutes-2022",
        "2-9-2021", "adjacent-3-9-2021", "adjacent-1-9-2025", "2-9-2025", "after-2-9-2025",
        "2-9-on-sat-2023-substitute", "culture-day-2026", "culture-day-not-yet-2025",
        "1-1-on-sun-2023-substitute", "hung-kings-on-sun-2022-substitute", "hung-kings-on-sun-2026-substitute",
    ],
)
def test_is_working_day(day, expected):
    assert CAL.is_working_day(day) is expected


def test_base_calendar_agrees_with_holidays_vn_every_day_2021_2026():
    # An independent check of how the calendar combines holidays, weekends and make-up Saturdays.
    reference = holidays.VN(years=range(2021, 2027))
    day = date(2021, 1, 1)
    disagreements = []
    while day <= date(2026, 12, 31):
        if CAL.is_working_day(day) != reference.is_working_day(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize(
    ("day", "base", "province"),
    [
        (PROVINCE_DAY_OFF, True, False),
        (PROVINCE_SATURDAY, False, True),
        (date(2024, 9, 5), True, True),
        (date(2024, 2, 24), False, False),
    ],
    ids=["extra-day-off", "extra-working-saturday", "neighbour-unchanged", "other-saturday-unchanged"],
)
def test_province_overrides(day, base, province):
    assert CAL.is_working_day(day) is base
    assert PROVINCE.is_working_day(day) is province


@pytest.mark.parametrize(
    ("overrides", "start", "expected"),
    [
        ({}, date(2024, 8, 30), date(2024, 9, 4)),
        ({"extra_days_off": [date(2024, 9, 4)]}, date(2024, 8, 30), date(2024, 9, 5)),
        ({}, date(2024, 2, 16), date(2024, 2, 19)),
        ({"extra_workdays": [date(2024, 2, 17)]}, date(2024, 2, 16), date(2024, 2, 17)),
        ({"extra_workdays": [date(2024, 2, 14)]}, date(2024, 2, 7), date(2024, 2, 14)),
        ({"extra_days_off": [date(2024, 5, 4)]}, date(2024, 5, 3), date(2024, 5, 6)),
    ],
    ids=[
        "no-override-2-9-2024", "extra-day-off-after-2-9", "no-override-after-tet",
        "extra-working-saturday", "override-beats-tet-holiday", "override-beats-makeup-saturday",
    ],
)
def test_one_working_day_later_with_overrides(overrides, start, expected):
    cal = WorkCalendar([2024], **overrides)
    assert cal.add_working_days(start, 1) == expected
    vectorised = cal.add_working_days_vectorised(np.array([start], dtype="datetime64[D]"), np.array([1]))
    assert vectorised.tolist() == [expected]


def test_a_day_both_off_and_working_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar([2024], extra_days_off=[date(2024, 9, 4)], extra_workdays=[date(2024, 9, 4)])


# --- day arithmetic ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 7), date(2024, 2, 15)),
        (date(2024, 2, 15), date(2024, 2, 16)),
        (date(2024, 3, 15), date(2024, 3, 18)),
        (date(2024, 5, 3), date(2024, 5, 4)),
        (date(2024, 2, 10), date(2024, 2, 15)),
        (date(2026, 11, 23), date(2026, 11, 25)),
    ],
    ids=["over-tet-2024", "plain", "over-weekend", "onto-makeup-saturday", "from-holiday", "over-24-11-2026"],
)
def test_next_working_day(day, expected):
    assert CAL.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2024, 2, 7), 1, date(2024, 2, 15)),
        (date(2024, 2, 7), 0, date(2024, 2, 7)),
        (date(2024, 2, 10), 0, date(2024, 2, 15)),
        (date(2024, 2, 10), 1, date(2024, 2, 16)),
        (date(2024, 2, 1), 15, date(2024, 2, 29)),
        (date(2025, 1, 24), 1, date(2025, 2, 3)),
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
        (date(2024, 5, 3), 2, date(2024, 5, 6)),
        (date(2024, 4, 26), 1, date(2024, 5, 2)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
        (date(2025, 4, 29), 1, date(2025, 5, 5)),
        (date(2026, 8, 21), 1, date(2026, 8, 22)),
        (date(2026, 8, 28), 1, date(2026, 9, 3)),
        (date(2022, 4, 29), 1, date(2022, 5, 4)),
        (date(2023, 8, 31), 1, date(2023, 9, 5)),
        (date(2025, 8, 29), 1, date(2025, 9, 3)),
        (date(2026, 11, 23), 1, date(2026, 11, 25)),
        (date(2022, 12, 30), 1, date(2023, 1, 3)),
        (date(2024, 3, 15), 1, date(2024, 3, 18)),
        (date(2026, 12, 30), 3, date(2027, 1, 5)),
    ],
    ids=[
        "tet-2024", "zero-on-working-day", "zero-on-tet-rolls-forward", "one-from-tet-day",
        "fifteen-across-tet-2024", "tet-2025", "five-after-tet-2025", "onto-makeup-sat-2024",
        "past-makeup-sat-2024", "over-30-4-1-5-2024", "onto-makeup-sat-2025", "over-30-4-2-5-2025",
        "onto-makeup-sat-2026", "over-31-8-2-9-2026", "over-2022-substitutes", "over-2-9-2023-substitute",
        "over-1-9-2-9-2025", "over-24-11-2026", "over-1-1-2023-substitute", "over-weekend",
        "into-margin-year-2027",
    ],
)
def test_add_working_days(day, n, expected):
    assert CAL.add_working_days(day, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 2, 7), date(2024, 2, 15), 1),
        (date(2024, 2, 15), date(2024, 2, 7), -1),
        (date(2024, 2, 7), date(2024, 2, 7), 0),
        (date(2024, 2, 8), date(2024, 2, 14), 0),
        (date(2024, 2, 10), date(2024, 2, 15), 1),
        (date(2024, 2, 1), date(2024, 2, 29), 15),
        (date(2024, 5, 3), date(2024, 5, 4), 1),
        (date(2025, 1, 24), date(2025, 2, 3), 1),
        (date(2020, 12, 31), date(2021, 12, 31), 250),
        (date(2023, 12, 31), date(2024, 12, 31), 251),
        (date(2024, 12, 31), date(2025, 12, 31), 250),
        (date(2025, 12, 31), date(2026, 12, 31), 249),
        (date(2026, 12, 31), date(2025, 12, 31), -249),
    ],
    ids=[
        "over-tet-2024", "backwards", "same-day", "inside-tet", "from-tet-saturday", "february-2024",
        "makeup-saturday", "over-tet-2025", "year-2021", "year-2024", "year-2025", "year-2026-with-24-11",
        "year-2026-backwards",
    ],
)
def test_working_days_between(start, end, expected):
    assert CAL.working_days_between(start, end) == expected
    vectorised = CAL.working_days_between_vectorised(
        np.array([start], dtype="datetime64[D]"), np.array([end], dtype="datetime64[D]")
    )
    assert vectorised.tolist() == [expected]


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2024, 3, 12), -1)
    with pytest.raises(ValueError):
        CAL.add_working_days_vectorised(np.array(["2024-03-12"], dtype="datetime64[D]"), np.array([-1]))


# --- the years a calendar holds --------------------------------------------------------------------
SMALL = WorkCalendar([2024])  # holds 2023–2025: the year asked for and one year each side


@pytest.mark.parametrize(
    "call",
    [
        lambda: SMALL.is_working_day(date(2022, 12, 30)),
        lambda: SMALL.is_working_day(date(2026, 1, 2)),
        lambda: SMALL.add_working_days(date(2025, 12, 30), 5),
        lambda: SMALL.working_days_between(date(2024, 1, 2), date(2026, 1, 5)),
        lambda: SMALL.due_at(dt(2025, 12, 30, 9), 5, WD),
        lambda: SMALL.add_working_days_vectorised(np.array(["2025-12-30"], dtype="datetime64[D]"), np.array([5])),
        lambda: SMALL.add_working_days_vectorised(np.array(["2022-12-30"], dtype="datetime64[D]"), np.array([0])),
        lambda: SMALL.working_days_between_vectorised(
            np.array(["2024-01-02"], dtype="datetime64[D]"), np.array(["2026-01-05"], dtype="datetime64[D]")
        ),
    ],
    ids=[
        "before", "after", "add-runs-off", "between-runs-off", "due-runs-off", "vector-add-runs-off",
        "vector-start-before", "vector-between-runs-off",
    ],
)
def test_dates_outside_the_calendar_raise(call):
    with pytest.raises(DateOutsideCalendar):
        call()


def test_margin_years_are_usable():
    assert SMALL.add_working_days(date(2025, 12, 30), 1) == date(2025, 12, 31)
    assert SMALL.is_working_day(date(2023, 1, 2)) is False


def test_calendar_for_is_cached_on_its_arguments():
    assert calendar_for([2024, 2025]) is calendar_for((2025, 2024, 2024))
    with_day_off = calendar_for([2024, 2025], extra_days_off=[date(2024, 9, 4)])
    assert with_day_off is not calendar_for([2024, 2025])
    assert with_day_off is calendar_for([2025, 2024], extra_days_off={date(2024, 9, 4)})
    assert with_day_off.is_working_day(date(2024, 9, 4)) is False


# --- receipt --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (dt(2024, 3, 12, 6, 30), dt(2024, 3, 12, 7, 0)),
        (dt(2024, 3, 12, 7, 0), dt(2024, 3, 12, 7, 0)),
        (dt(2024, 3, 12, 10, 15), dt(2024, 3, 12, 10, 15)),
        (dt(2024, 3, 12, 11, 30), dt(2024, 3, 12, 13, 30)),
        (dt(2024, 3, 12, 11, 45), dt(2024, 3, 12, 13, 30)),
        (dt(2024, 3, 12, 12, 0), dt(2024, 3, 12, 13, 30)),
        (dt(2024, 3, 12, 16, 59), dt(2024, 3, 12, 16, 59)),
        (dt(2024, 3, 12, 17, 0), dt(2024, 3, 13, 7, 0)),
        (dt(2024, 3, 12, 17, 30), dt(2024, 3, 13, 7, 0)),
        (dt(2024, 3, 15, 17, 30), dt(2024, 3, 18, 7, 0)),
        (dt(2024, 3, 16, 9, 0), dt(2024, 3, 18, 7, 0)),
        (dt(2024, 3, 17, 15, 0), dt(2024, 3, 18, 7, 0)),
        (dt(2024, 2, 12, 10, 0), dt(2024, 2, 15, 7, 0)),
        (dt(2024, 2, 7, 17, 30), dt(2024, 2, 15, 7, 0)),
        (dt(2024, 5, 4, 9, 0), dt(2024, 5, 4, 9, 0)),
        (dt(2024, 5, 3, 18, 0), dt(2024, 5, 4, 7, 0)),
    ],
    ids=[
        "before-opening-06h30", "at-opening", "morning", "at-lunch-11h30", "lunch-11h45", "lunch-12h00",
        "last-minute", "at-closing-17h00", "after-closing-17h30", "friday-evening", "saturday",
        "sunday", "tet-holiday", "evening-before-tet", "makeup-saturday", "evening-before-makeup-saturday",
    ],
)
def test_snap_receipt(received, expected):
    assert CAL.snap_receipt(received) == expected


@pytest.mark.parametrize(
    ("received_utc", "expected_local"),
    [
        (datetime(2024, 3, 12, 2, 0, tzinfo=UTC), dt(2024, 3, 12, 9, 0)),
        (datetime(2024, 3, 12, 10, 30, tzinfo=UTC), dt(2024, 3, 13, 7, 0)),
        (datetime(2024, 3, 11, 23, 30, tzinfo=UTC), dt(2024, 3, 12, 7, 0)),
    ],
    ids=["09h00-local", "17h30-local", "06h30-local-previous-utc-day"],
)
def test_aware_receipts_are_read_on_vietnam_wall_clock(received_utc, expected_local):
    snapped = CAL.snap_receipt(received_utc)
    assert snapped.replace(tzinfo=None) == expected_local
    assert snapped.utcoffset() == timedelta(hours=7)


# --- due dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("received", "limit", "kind", "expected"),
    [
        (dt(2024, 2, 7, 10), 1, WD, dt(2024, 2, 15, 10)),
        (dt(2025, 1, 23, 14), 3, WD, dt(2025, 2, 4, 14)),
        (dt(2024, 2, 1, 9), 15, WD, dt(2024, 2, 29, 9)),
        (dt(2024, 5, 3, 9), 1, WD, dt(2024, 5, 4, 9)),
        (dt(2024, 4, 26, 8), 3, WD, dt(2024, 5, 4, 8)),
        (dt(2025, 4, 18, 10), 15, WD, dt(2025, 5, 13, 10)),
        (dt(2024, 3, 16, 9), 1, WD, dt(2024, 3, 19, 7)),
        (dt(2024, 3, 12, 17, 30), 1, WD, dt(2024, 3, 14, 7)),
        (dt(2024, 3, 12, 6, 30), 1, WD, dt(2024, 3, 13, 7)),
        (dt(2024, 3, 12, 10, 15), 0, WD, dt(2024, 3, 12, 10, 15)),
        (dt(2024, 3, 16, 9), 0, WD, dt(2024, 3, 18, 7)),
        (dt(2024, 3, 12, 9), Decimal("0.5"), WD, dt(2024, 3, 12, 15)),
        (dt(2024, 3, 12, 12), Decimal("0.5"), WD, dt(2024, 3, 13, 7, 30)),
        (dt(2024, 3, 12, 14), Decimal("1.5"), WD, dt(2024, 3, 14, 8)),
        (dt(2024, 3, 12, 7), 0.25, WD, dt(2024, 3, 12, 9)),
        (dt(2024, 2, 7, 10), 1, "working_days", dt(2024, 2, 15, 10)),
        (dt(2024, 3, 12, 10), 5, CD, dt(2024, 3, 18, 10)),
        (dt(2024, 4, 25, 9), 5, CD, dt(2024, 5, 2, 9)),
        (dt(2025, 1, 20, 8), 10, CD, dt(2025, 2, 3, 8)),
        (dt(2024, 3, 12, 10), 3, CD, dt(2024, 3, 15, 10)),
        (dt(2024, 5, 2, 9), 2, CD, dt(2024, 5, 4, 9)),
        (dt(2024, 3, 12, 17, 30), 5, CD, dt(2024, 3, 18, 7)),
        (dt(2024, 3, 12, 12), 3, CD, dt(2024, 3, 15, 13, 30)),
        (dt(2024, 3, 16, 9), 3, CD, dt(2024, 3, 21, 7)),
        (dt(2024, 3, 12, 10), 3, "calendar_days", dt(2024, 3, 15, 10)),
        (dt(2024, 3, 12, 10), 4, H, dt(2024, 3, 12, 16)),
        (dt(2024, 3, 12, 13, 30), 4, H, dt(2024, 3, 13, 7, 30)),
        (dt(2024, 3, 12, 13, 30), Decimal("3.5"), H, dt(2024, 3, 13, 7)),
        (dt(2024, 2, 7, 16), 2, H, dt(2024, 2, 15, 8)),
        (dt(2024, 3, 12, 10), 16, H, dt(2024, 3, 14, 10)),
        (dt(2024, 3, 12, 7), Decimal("4.5"), H, dt(2024, 3, 12, 13, 30)),
        (dt(2024, 3, 12, 10), 4, "hours", dt(2024, 3, 12, 16)),
    ],
    ids=[
        "1wd-across-tet-2024", "3wd-across-tet-2025", "15wd-across-tet-2024", "1wd-onto-makeup-sat-2024",
        "3wd-across-30-4-to-makeup-sat", "15wd-across-makeup-sat-2025", "1wd-received-saturday",
        "1wd-received-after-closing", "1wd-received-before-opening", "0wd-in-office-hours",
        "0wd-received-saturday", "half-day-morning", "half-day-received-at-lunch", "day-and-a-half",
        "quarter-day-float", "kind-as-string",
        "5cd-lands-on-sunday", "5cd-lands-on-30-4", "10cd-lands-in-tet-2025", "3cd-lands-on-working-day",
        "2cd-lands-on-makeup-sat", "5cd-received-after-closing", "3cd-received-at-lunch",
        "3cd-received-saturday", "calendar-kind-as-string",
        "4h-from-10h-over-lunch", "4h-overnight", "3h30-to-closing-is-next-opening", "2h-across-tet",
        "16h-is-two-days", "4h30-to-lunch-is-afternoon-opening", "hours-kind-as-string",
    ],
)
def test_due_at(received, limit, kind, expected):
    assert CAL.due_at(received, limit, kind) == expected


@pytest.mark.parametrize(
    ("received", "limit", "kind", "same_day", "expected"),
    [
        (dt(2024, 3, 12, 15, 30), 4, H, True, dt(2024, 3, 13, 11)),
        (dt(2024, 3, 12, 15, 30), 4, H, False, dt(2024, 3, 13, 9, 30)),
        (dt(2024, 3, 12, 15, 0), 4, H, True, dt(2024, 3, 13, 9)),
        (dt(2024, 3, 12, 14, 59), 1, WD, True, dt(2024, 3, 13, 14, 59)),
        (dt(2024, 3, 12, 15, 30), 1, WD, True, dt(2024, 3, 14, 7)),
        (dt(2024, 2, 7, 15, 30), 1, WD, True, dt(2024, 2, 16, 7)),
        (dt(2024, 3, 12, 15, 30), 3, CD, True, dt(2024, 3, 18, 7)),
        (dt(2024, 3, 12, 17, 30), 4, H, True, dt(2024, 3, 13, 11)),
    ],
    ids=[
        "after-15h-next-day", "same-hour-without-flag", "at-15h-is-not-after", "before-15h",
        "after-15h-one-day", "after-15h-before-tet", "after-15h-calendar-days", "after-closing-not-moved-twice",
    ],
)
def test_same_day_procedures_after_cutoff(received, limit, kind, same_day, expected):
    assert CAL.due_at(received, limit, kind, same_day=same_day) == expected


RECEIVED = dt(2024, 3, 4, 9)  # Monday; 5 working days → Monday 11/3/2024 09:00 without pauses


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        ([], dt(2024, 3, 11, 9)),
        ([(dt(2024, 3, 6, 10), dt(2024, 3, 8, 10))], dt(2024, 3, 13, 9)),
        ([(dt(2024, 3, 8, 14), dt(2024, 3, 12, 14))], dt(2024, 3, 13, 9)),
        ([(dt(2024, 3, 6, 10), None)], dt(2024, 3, 11, 9)),
        ([(dt(2024, 3, 6, 10), dt(2024, 3, 8, 10)), (dt(2024, 3, 11, 8), None)], dt(2024, 3, 13, 9)),
        ([(dt(2024, 3, 6, 10), dt(2024, 3, 8, 10)), (dt(2024, 3, 7, 10), dt(2024, 3, 8, 10))], dt(2024, 3, 13, 9)),
        ([(dt(2024, 3, 5, 9), dt(2024, 3, 5, 10)), (dt(2024, 3, 6, 10), dt(2024, 3, 6, 11))], dt(2024, 3, 11, 11)),
        ([(dt(2024, 3, 5, 17, 30), dt(2024, 3, 6, 6, 30))], dt(2024, 3, 11, 9)),
        ([(dt(2024, 3, 5, 11), dt(2024, 3, 5, 14))], dt(2024, 3, 11, 10)),
        ([(dt(2024, 3, 1, 9), dt(2024, 3, 4, 10))], dt(2024, 3, 11, 10)),
        ([(dt(2024, 3, 11, 9), dt(2024, 3, 11, 16))], dt(2024, 3, 11, 16)),
    ],
    ids=[
        "no-pause", "two-working-days", "two-working-days-over-weekend", "open-pause-ignored",
        "closed-and-open", "overlap-counted-once", "two-separate-hours", "night-only-pause",
        "pause-over-lunch", "pause-before-receipt-clipped", "pause-on-due-day",
    ],
)
def test_supplement_pauses_extend_the_due(pauses, expected):
    assert CAL.due_at(RECEIVED, 5, WD, pauses=pauses) == expected


def test_supplement_pause_over_tet_counts_only_working_days():
    # Received Monday 5/2/2024, 3 working days → 6/2, 7/2, 15/2. The citizen takes nine calendar days
    # (7/2 09:00 → 16/2 09:00) but only two working days (7/2→15/2, 15/2→16/2), so the due moves two.
    received = dt(2024, 2, 5, 9)
    assert CAL.due_at(received, 3, WD) == dt(2024, 2, 15, 9)
    assert CAL.due_at(received, 3, WD, pauses=[(dt(2024, 2, 7, 9), dt(2024, 2, 16, 9))]) == dt(2024, 2, 19, 9)


def test_aware_due_is_returned_in_vietnam_time():
    due = CAL.due_at(datetime(2024, 3, 12, 3, 0, tzinfo=UTC), 4, H)  # 10:00 in Hà Nội
    assert due == datetime(2024, 3, 12, 9, 0, tzinfo=UTC)  # 16:00 in Hà Nội
    assert due.utcoffset() == timedelta(hours=7)


# --- configuration [K] ------------------------------------------------------------------------------
LUNCH_AT_13 = WorkCalendar(
    range(2023, 2026), hours=OfficeHours(morning=(time(7, 30), time(11, 30)), afternoon=(time(13, 0), time(17, 0)))
)


@pytest.mark.parametrize(
    ("received", "limit", "kind", "expected"),
    [
        (dt(2024, 3, 12, 10), 4, H, dt(2024, 3, 12, 15, 30)),
        (dt(2024, 3, 12, 10), 1, WD, dt(2024, 3, 13, 10)),
        (dt(2024, 3, 12, 7), 1, H, dt(2024, 3, 12, 8, 30)),
        (dt(2024, 3, 12, 12), 1, H, dt(2024, 3, 12, 14)),
    ],
    ids=["4h-from-10h", "1wd", "before-0730-opening", "lunch-ends-13h"],
)
def test_province_office_hours(received, limit, kind, expected):
    assert LUNCH_AT_13.due_at(received, limit, kind) == expected


def test_province_same_day_cutoff():
    late_cutoff = WorkCalendar([2024], hours=OfficeHours(same_day_cutoff=time(16, 0)))
    assert late_cutoff.due_at(dt(2024, 3, 12, 15, 30), 4, H, same_day=True) == dt(2024, 3, 13, 9, 30)
    assert late_cutoff.due_at(dt(2024, 3, 12, 16, 30), 4, H, same_day=True) == dt(2024, 3, 13, 11)


SATURDAY_COUNTS = WorkCalendar([2024, 2025], hours=OfficeHours(saturday_reception_counts_next_day=False))


@pytest.mark.parametrize(
    ("received", "limit", "kind", "expected"),
    [
        (dt(2024, 3, 16, 9), 3, CD, dt(2024, 3, 19, 9)),
        (dt(2024, 3, 16, 9), 2, CD, dt(2024, 3, 18, 9)),
        (dt(2024, 3, 16, 6, 30), 3, CD, dt(2024, 3, 19, 7)),
        (dt(2024, 3, 16, 17, 30), 3, CD, dt(2024, 3, 21, 7)),
        (dt(2025, 2, 1, 9), 3, CD, dt(2025, 2, 6, 7)),
        (dt(2024, 3, 16, 9), 1, WD, dt(2024, 3, 19, 7)),
        (dt(2024, 3, 17, 9), 3, CD, dt(2024, 3, 21, 7)),
    ],
    ids=[
        "saturday-is-day-zero", "lands-on-monday", "before-opening", "after-closing-next-working-day",
        "tet-saturday-not-a-reception-day", "working-days-still-start-monday", "sunday-unchanged",
    ],
)
def test_saturday_reception_counted_on_saturday(received, limit, kind, expected):
    assert SATURDAY_COUNTS.due_at(received, limit, kind) == expected


# --- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("limit", "kind", "error"),
    [
        (-1, WD, ValueError),
        (Decimal("NaN"), WD, ValueError),
        (float("inf"), H, ValueError),
        (Decimal("1.5"), CD, ValueError),
        (1, "weeks", ValueError),
        (True, WD, TypeError),
    ],
    ids=["negative", "nan", "infinite", "fractional-calendar-days", "unknown-kind", "bool"],
)
def test_bad_limits_are_refused(limit, kind, error):
    with pytest.raises(error):
        CAL.due_at(dt(2024, 3, 12, 10), limit, kind)


def test_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        CAL.due_at(RECEIVED, 5, WD, pauses=[(dt(2024, 3, 8, 10), dt(2024, 3, 6, 10))])


# --- properties -----------------------------------------------------------------------------------
DAYS = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31))
STEPS = st.integers(min_value=0, max_value=60)
OFFICE_TIMES = st.times().filter(lambda t: time(7) <= t < time(11, 30) or time(13, 30) <= t < time(17))


@given(st.lists(st.tuples(DAYS, STEPS), min_size=1, max_size=40), st.sampled_from([CAL, PROVINCE]))
def test_vectorised_add_equals_scalar(pairs, cal):
    starts = np.array([d for d, _ in pairs], dtype="datetime64[D]")
    steps = np.array([n for _, n in pairs])
    assert cal.add_working_days_vectorised(starts, steps).tolist() == [cal.add_working_days(d, n) for d, n in pairs]


@given(st.lists(st.tuples(DAYS, DAYS), min_size=1, max_size=40), st.sampled_from([CAL, PROVINCE]))
def test_vectorised_between_equals_scalar(pairs, cal):
    starts = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    ends = np.array([b for _, b in pairs], dtype="datetime64[D]")
    expected = [cal.working_days_between(a, b) for a, b in pairs]
    assert cal.working_days_between_vectorised(starts, ends).tolist() == expected


@given(DAYS, STEPS)
def test_between_inverts_add_on_working_days(day, n):
    assume(CAL.is_working_day(day))
    assert CAL.working_days_between(day, CAL.add_working_days(day, n)) == n


@given(DAYS, STEPS)
def test_add_working_days_is_increasing_in_n(day, n):
    assert CAL.add_working_days(day, n) < CAL.add_working_days(day, n + 1)


@given(DAYS, OFFICE_TIMES, st.integers(min_value=0, max_value=30))
def test_whole_working_days_keep_the_clock_time(day, clock, n):
    # S3: received on working day D at a time in office hours, k working days → D + k at that time.
    assume(CAL.is_working_day(day))
    received = datetime.combine(day, clock)
    assert CAL.due_at(received, n, WD) == datetime.combine(CAL.add_working_days(day, n), clock)
    assert CAL.due_at(received, 8 * n, H) == CAL.due_at(received, n, WD)


@given(DAYS, OFFICE_TIMES, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_hours_add_up(day, clock, a, b):
    received = datetime.combine(day, clock)
    halfway = CAL.due_at(received, Decimal(a) / 4, H)
    assert CAL.due_at(halfway, Decimal(b) / 4, H) == CAL.due_at(received, Decimal(a + b) / 4, H)
