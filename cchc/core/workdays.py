"""The working-day calendar and the due date (ngày hẹn trả) of a dossier.

Sources (DOMAIN §4 "Due-date computation", §7 "Holidays and working days"):

* Holidays: Bộ luật Lao động 2019 Art. 112, with nghỉ bù when a holiday falls on the weekly rest day
  (Art. 111(3) [K]); from 2026 also 24/11 (Ngày Văn hóa Việt Nam). Public servants work Monday to
  Friday (QĐ 188/1999/QĐ-TTg). The yearly Thủ tướng / Bộ LĐTBXH notices swap a Saturday into a working
  day (làm bù). All of this comes from ``holidays.VN`` (DOMAIN S11), including its ``weekend_workdays``;
  the province's own overrides (extra days off, extra working days) are applied on top and win.
* Due dates: the reference implementation S3 ``CaculateTime.cs`` (``TinhNgayHenTra``): a limit in
  working days is worked in office hours at 8 h a day; a limit in calendar days ("ngày") must not end
  on a non-working day (also BLDS 2015 Art. 148(5) [K]); a supplement wait moves the due date
  (``GetNgayHenTraBoSung``). Same-day procedures received after 15:00 start on the next working day
  (NĐ 61/2018 Art. 16 [K]; NĐ 23/2015 Art. 21 for chứng thực).

Rules chosen where DOMAIN and S3 leave a gap (the report of this module lists them):

* Office periods are half-open, ``[opening, closing)``. A receipt at exactly 11:30 counts from 13:30,
  one at exactly 17:00 from the next working day's opening; a due that lands exactly on a closing time
  is written as the next opening (the same working instant). So a dossier received on working day D
  with a limit of k whole working days is due on D + k working days at the clock time of receipt,
  which is what S3 gives and what BLDS 2015 Art. 147 (the first day is not counted) requires.
* Every receipt outside office hours, or on a non-working day, counts from the next working opening
  (DOMAIN §7 for Saturdays), also for limits in calendar days.
* ``saturday_reception_counts_next_day=False`` (a centre open on Saturday mornings) keeps that
  Saturday as the day of receipt for limits in calendar days only; working time still starts on the
  next working day, because Saturday reception does not make Saturday a processing day (DOMAIN §7 [I]).
* A supplement pause extends the due by the office time inside the pause (from request to completion),
  counted once when pauses overlap and only from the start of counting; an open pause (no completion
  yet) is ignored, because its length is unknown.
* The calendar holds the requested years plus one year on each side, so that a due date near New Year
  is exact. A date outside that span raises ``DateOutsideCalendar`` rather than guessing.
* Aware datetimes are read on Vietnam's wall clock (DOMAIN §10) and returned in that zone; naive ones
  are taken as local wall-clock time and returned naive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

import holidays
import numpy as np
import numpy.typing as npt

from .errors import DomainError
from .i18n import N_
from .parsing import LOCAL_TZ

_US_PER_HOUR = 3_600_000_000
_ONE_DAY = timedelta(days=1)


def _us(t: time) -> int:
    """Microseconds since midnight of a clock time."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _clock(us: int) -> time:
    return (datetime.min + timedelta(microseconds=us)).time()


class DateOutsideCalendar(DomainError, ValueError):
    """A date falls outside the years a ``WorkCalendar`` was built for."""

    def __init__(self, day: date, first: date, last: date):
        super().__init__(N_("Ngày {day} nằm ngoài lịch làm việc đã nạp ({first}–{last})."),
                         {"day": f"{day:%d/%m/%Y}", "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"})
        self.day = day


@dataclass(frozen=True)
class OfficeHours:
    """A province's office hours for receiving and processing dossiers [K, defaults from S3].

    Source: S3 ``CaculateTime.cs`` (DEFAULT_GIOLAMVIECBUOISANG … = 7, 11.5, 13.5, 17), configurable per
    province as DOMAIN §4 says; the 15:00 cutoff of NĐ 61/2018 Art. 16 [K]; Saturday reception per
    DOMAIN §7 [K].
    """

    morning: tuple[time, time] = (time(7, 0), time(11, 30))
    afternoon: tuple[time, time] = (time(13, 30), time(17, 0))
    same_day_cutoff: time = time(15, 0)
    saturday_reception_counts_next_day: bool = True

    def __post_init__(self) -> None:
        times = (*self.morning, *self.afternoon, self.same_day_cutoff)
        if any(t.tzinfo is not None for t in times):
            raise ValueError("office hours are local wall-clock times, without a time zone")
        m0, m1 = self.morning
        a0, a1 = self.afternoon
        if not m0 < m1 <= a0 < a1:
            raise ValueError("office hours must be opening < lunch break ≤ afternoon opening < closing")

    @property
    def hours_per_day(self) -> Decimal:
        """Length of a working day in hours (8 with S3's defaults, S3 ``CaculateTime.cs``)."""
        return Decimal(self._day_us) / Decimal(_US_PER_HOUR)

    @property
    def _morning_us(self) -> int:
        return _us(self.morning[1]) - _us(self.morning[0])

    @property
    def _day_us(self) -> int:
        return self._morning_us + _us(self.afternoon[1]) - _us(self.afternoon[0])

    def _position(self, t: time) -> int | None:
        """Office time already elapsed in the day at clock time ``t``; None at or after closing."""
        now = _us(t)
        m0, m1 = (_us(x) for x in self.morning)
        a0, a1 = (_us(x) for x in self.afternoon)
        if now < m0:
            return 0
        if now < m1:
            return now - m0
        if now < a0:
            return m1 - m0
        if now < a1:
            return m1 - m0 + now - a0
        return None

    def _time_at(self, position: int) -> time:
        """The clock time after ``position`` of office time in a day (0 ≤ position < a whole day)."""
        if position < self._morning_us:
            return _clock(_us(self.morning[0]) + position)
        return _clock(_us(self.afternoon[0]) + position - self._morning_us)


DEFAULT_OFFICE_HOURS = OfficeHours()


class TimeLimitKind(StrEnum):
    """How a procedure's time limit is stated: "ngày làm việc", "ngày" or hours (S3 ``LoaiThoiGian``)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"


def _wall(dt: datetime) -> datetime:
    """Vietnam's wall-clock time of ``dt`` (DOMAIN §10), naive."""
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        return dt.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return dt.replace(tzinfo=None)


def _like(result: datetime, received_at: datetime) -> datetime:
    aware = received_at.tzinfo is not None and received_at.utcoffset() is not None
    return result.replace(tzinfo=LOCAL_TZ) if aware else result


def _limit(value: Decimal | int | float) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a time limit is a number, not a bool")
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"a time limit must be a finite number ≥ 0, got {value!r}")
    return amount


class WorkCalendar:
    """Working days of a province for some years: the national calendar plus the province's overrides.

    Source: Bộ luật Lao động 2019 Art. 112 (holidays) and Art. 111(3) (nghỉ bù) via ``holidays.VN``
    (DOMAIN S11, §7); QĐ 188/1999/QĐ-TTg (Monday–Friday); the yearly swap notices of the Thủ tướng /
    Bộ LĐTBXH (``weekend_workdays``); a province override table (DOMAIN §7). Due dates follow S3
    ``CaculateTime.cs`` (DOMAIN §4).
    """

    def __init__(
        self,
        years: Iterable[int],
        *,
        extra_days_off: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        hours: OfficeHours = DEFAULT_OFFICE_HOURS,
    ):
        wanted = sorted({int(y) for y in years})
        if not wanted:
            raise ValueError("a calendar needs at least one year")
        self.years: tuple[int, ...] = tuple(wanted)
        # One year of margin each side, so a due date near New Year is exact.
        self.first_day = date(wanted[0] - 1, 1, 1)
        self.last_day = date(wanted[-1] + 1, 12, 31)
        base = holidays.country_holidays("VN", years=range(wanted[0] - 1, wanted[-1] + 2))
        self._holidays: frozenset[date] = frozenset(base.keys())
        self._makeup_days: frozenset[date] = frozenset(base.weekend_workdays)
        self._weekend: frozenset[int] = frozenset(base.weekend)
        self.extra_days_off: frozenset[date] = frozenset(extra_days_off)
        self.extra_workdays: frozenset[date] = frozenset(extra_workdays)
        both = self.extra_days_off & self.extra_workdays
        if both:
            raise ValueError(f"dates both off and working in the province overrides: {sorted(both)}")
        self.hours = hours
        span = (self.last_day - self.first_day).days + 1
        days = (self.first_day + timedelta(days=i) for i in range(span))
        working = [d for d in days if self.is_working_day(d)]
        self._ordinals: npt.NDArray[np.int64] = np.array(working, dtype="datetime64[D]").astype(np.int64)
        self._ordinals.setflags(write=False)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(years={self.years!r}, extra_days_off={len(self.extra_days_off)}, "
            f"extra_workdays={len(self.extra_workdays)}, hours={self.hours!r})"
        )

    # --- days -----------------------------------------------------------------------------------------
    def _day(self, d: date) -> date:
        day = _wall(d).date() if isinstance(d, datetime) else d
        if not self.first_day <= day <= self.last_day:
            raise DateOutsideCalendar(day, self.first_day, self.last_day)
        return day

    def is_working_day(self, d: date) -> bool:
        """Whether public servants work on ``d``.

        Source: Bộ luật Lao động 2019 Art. 112 and Art. 111(3) (holidays, nghỉ bù) through
        ``holidays.VN``; QĐ 188/1999/QĐ-TTg (Saturday and Sunday off); swap notices (make-up Saturdays,
        ``weekend_workdays``); the province's overrides win over all of these (DOMAIN §7).
        """
        day = self._day(d)
        if day in self.extra_workdays:
            return True
        if day in self.extra_days_off or day in self._holidays:
            return False
        return day in self._makeup_days or day.weekday() not in self._weekend

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d`` (QĐ 188/1999/QĐ-TTg; BLLĐ 2019 Art. 112)."""
        day = self._day(d) + _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d``; a non-working ``d`` first moves to the next working day.

        ``n = 0`` gives ``d`` itself when it is a working day. The first day is not counted (BLDS 2015
        Art. 147 [K]), so 1 working day from Wednesday 7/2/2024, before Tết, is Thursday 15/2/2024.
        Source: S3 ``CaculateTime.cs`` (day loop of ``TinhNgayHenTra``); BLLĐ 2019 Art. 112.
        """
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise ValueError(f"n must be a whole number ≥ 0, got {n!r}")
        day = self._day(d)
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        for _ in range(int(n)):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative (those in ``(end, start]``) if ``end < start``.

        Source: BLLĐ 2019 Art. 112 and QĐ 188/1999/QĐ-TTg (which days count); S3 ``CaculateTime.cs``.
        """
        first, last = self._day(start), self._day(end)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first + _ONE_DAY
        while day <= last:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return sign * count

    # --- instants -------------------------------------------------------------------------------------
    def _locate(self, wall: datetime) -> tuple[date, int]:
        """The first working instant at or after ``wall``, as (working day, office time elapsed)."""
        day = self._day(wall.date())
        if self.is_working_day(day):
            position = self.hours._position(wall.time())
            if position is not None:
                return day, position
        return self.next_working_day(day), 0

    def _at(self, day: date, position: int) -> datetime:
        return datetime.combine(day, self.hours._time_at(position))

    def _advance(self, day: date, position: int, amount: int) -> tuple[date, int]:
        """Move forward by ``amount`` microseconds of office time from a working instant."""
        whole_days, rest = divmod(position + amount, self.hours._day_us)
        return self.add_working_days(day, whole_days), rest

    def _office_time(self, start: datetime, end: datetime) -> int:
        """Microseconds of office time in ``[start, end)`` (wall-clock datetimes)."""
        (d0, p0), (d1, p1) = self._locate(start), self._locate(end)
        if (d1, p1) <= (d0, p0):
            return 0
        return self.working_days_between(d0, d1) * self.hours._day_us + p1 - p0

    def snap_receipt(self, received_at: datetime) -> datetime:
        """When the clock of a dossier starts: its receipt moved into office hours of a working day.

        Before opening → opening; during lunch → afternoon opening; at or after closing, or on a
        non-working day (Saturday reception included, DOMAIN §7 [K]) → the next working day's opening.
        Source: S3 ``CaculateTime.cs`` (``TinhNgayHenTra``, receipt-time branches); DOMAIN §4.
        """
        day, position = self._locate(_wall(received_at))
        return _like(self._at(day, position), received_at)

    def due_at(
        self,
        received_at: datetime,
        limit: Decimal | int | float,
        kind: TimeLimitKind | str,
        *,
        same_day: bool = False,
        pauses: Iterable[tuple[datetime, datetime | None]] = (),
    ) -> datetime:
        """The due date and time (ngày hẹn trả) of a dossier.

        * working days: from the snapped receipt, ``limit × hours_per_day`` hours of office time
          (fractions allowed), S3 ``TinhNgayHenTra``;
        * calendar days ("ngày", whole days): the receipt date plus ``limit`` days, moved forward to
          the next working day if it is not one (S3; BLDS 2015 Art. 148(5) [K]), at the snapped
          receipt's clock time;
        * hours: ``limit`` hours of office time.

        ``same_day``: a same-day procedure received after ``same_day_cutoff`` starts counting at the
        next working day's opening (NĐ 61/2018 Art. 16 [K]; NĐ 23/2015 Art. 21). ``pauses``: supplement
        waits (request, completion), each moving the due by the office time inside it, then re-snapped
        (S3 ``GetNgayHenTraBoSung``, DOMAIN §4); a pause still open (completion None) is ignored.
        """
        kind = TimeLimitKind(kind)
        amount = _limit(limit)
        hours = self.hours
        wall = _wall(received_at)
        day, position = self._locate(wall)
        if same_day and day == wall.date() and wall.time() > hours.same_day_cutoff:
            day, position = self.next_working_day(day), 0
        counting_from = self._at(day, position)

        if kind is TimeLimitKind.CALENDAR_DAYS:
            if amount != amount.to_integral_value():
                raise ValueError(f"a limit in calendar days must be whole days, got {limit!r}")
            if self._counts_saturday(wall, same_day):
                day, position = wall.date(), hours._position(wall.time()) or 0
                counting_from = wall
            due_day = day + timedelta(days=int(amount))
            while not self.is_working_day(due_day):
                due_day += _ONE_DAY
            day = due_day
        else:
            per_unit = hours._day_us if kind is TimeLimitKind.WORKING_DAYS else _US_PER_HOUR
            work = int((amount * per_unit).to_integral_value(rounding=ROUND_HALF_UP))
            day, position = self._advance(day, position, work)

        paused = self._paused(pauses, counting_from)
        if paused:
            day, position = self._advance(day, position, paused)
        return _like(self._at(day, position), received_at)

    def _counts_saturday(self, wall: datetime, same_day: bool) -> bool:
        """A Saturday reception kept as the day of receipt (``saturday_reception_counts_next_day=False``)."""
        day = self._day(wall.date())
        return (
            not self.hours.saturday_reception_counts_next_day
            and day.weekday() == 5
            and not self.is_working_day(day)
            and day not in self._holidays
            and day not in self.extra_days_off
            and self.hours._position(wall.time()) is not None
            and not (same_day and wall.time() > self.hours.same_day_cutoff)
        )

    def _paused(self, pauses: Iterable[tuple[datetime, datetime | None]], counting_from: datetime) -> int:
        """Office time inside the closed pauses after ``counting_from``, overlaps counted once."""
        spans = []
        for begin, end in pauses:
            if end is None:
                continue
            a, b = _wall(begin), _wall(end)
            if b < a:
                raise ValueError(f"a pause ends before it starts: {begin!r} → {end!r}")
            spans.append((max(a, counting_from), b))
        total = 0
        reach = counting_from
        for a, b in sorted(spans):
            a = max(a, reach)
            if b > a:
                total += self._office_time(a, b)
                reach = b
        return total

    # --- arrays ---------------------------------------------------------------------------------------
    def _ordinals_of(self, days: npt.ArrayLike) -> npt.NDArray[np.int64]:
        values = np.asarray(days, dtype="datetime64[D]")
        ordinals = values.astype(np.int64)
        low = np.datetime64(self.first_day, "D").astype(np.int64)
        high = np.datetime64(self.last_day, "D").astype(np.int64)
        outside = np.isnat(values) | (ordinals < low) | (ordinals > high)
        if outside.any():
            bad = values[outside].flat[0]
            day = self.first_day if np.isnat(bad) else bad.astype(date)
            raise DateOutsideCalendar(day, self.first_day, self.last_day)
        return ordinals

    def add_working_days_vectorised(
        self, start: npt.ArrayLike, n: npt.ArrayLike
    ) -> npt.NDArray[np.datetime64]:
        """``add_working_days`` over arrays (``datetime64[D]`` and whole numbers, broadcast together).

        Exact: index arithmetic on the sorted working days of the calendar, so make-up Saturdays and
        province overrides count. Source: as ``add_working_days`` (BLLĐ 2019 Art. 112, S3).
        """
        steps = np.asarray(n)
        if steps.dtype.kind not in "iu":
            raise ValueError("n must hold whole numbers")
        if (steps < 0).any():
            raise ValueError("n must be ≥ 0")
        ordinals, steps = np.broadcast_arrays(self._ordinals_of(start), steps.astype(np.int64))
        index = np.searchsorted(self._ordinals, ordinals, side="left") + steps
        beyond = index >= len(self._ordinals)
        if beyond.any():
            raise DateOutsideCalendar(self.last_day + _ONE_DAY, self.first_day, self.last_day)
        return self._ordinals[index].astype("datetime64[D]")

    def working_days_between_vectorised(
        self, start: npt.ArrayLike, end: npt.ArrayLike
    ) -> npt.NDArray[np.int64]:
        """``working_days_between`` over arrays of ``datetime64[D]``, broadcast together.

        Source: as ``working_days_between`` (BLLĐ 2019 Art. 112, QĐ 188/1999/QĐ-TTg).
        """
        first, last = np.broadcast_arrays(self._ordinals_of(start), self._ordinals_of(end))
        upto_last = np.searchsorted(self._ordinals, last, side="right")
        upto_first = np.searchsorted(self._ordinals, first, side="right")
        return (upto_last - upto_first).astype(np.int64)


def calendar_for(
    years: Iterable[int],
    *,
    extra_days_off: Iterable[date] = (),
    extra_workdays: Iterable[date] = (),
    hours: OfficeHours = DEFAULT_OFFICE_HOURS,
) -> WorkCalendar:
    """A shared ``WorkCalendar`` for these years and province overrides, built once per combination.

    Source: as ``WorkCalendar`` (BLLĐ 2019 Art. 112 via ``holidays.VN``, DOMAIN §7 override table). The
    calendar is shared between callers, so treat it as read-only.
    """
    return _cached_calendar(
        tuple(sorted({int(y) for y in years})), frozenset(extra_days_off), frozenset(extra_workdays), hours
    )


@lru_cache(maxsize=64)
def _cached_calendar(
    years: tuple[int, ...],
    extra_days_off: frozenset[date],
    extra_workdays: frozenset[date],
    hours: OfficeHours,
) -> WorkCalendar:
    return WorkCalendar(years, extra_days_off=extra_days_off, extra_workdays=extra_workdays, hours=hours)
