"""Dates, times and numbers written the way Vietnamese official documents write them.

Source: NĐ 30/2020/NĐ-CP, Phụ lục I, §II.4 (DOMAIN §11 Q1.2): in the place-and-date line the day below
10 and the months 1 and 2 take a leading zero ("Hà Nội, ngày 05 tháng 01 năm 2020"), the other months
do not ("ngày 29 tháng 6 năm 2019"). Numbers use "." for
thousands and "," for decimals (TCVN conventions, the project's ``cchc/formats/vi``).

Pure functions: they do not read Django's active locale, so a document looks the same whatever the
user's interface language is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["format_date_long", "format_date_short", "format_number", "format_percent", "format_time"]


def _day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def format_date_long(d: date | datetime, place: str = "") -> str:
    """The place-and-date line of an official document: "Quy Nhơn, ngày 05 tháng 01 năm 2020".

    Without a place, only "ngày … tháng … năm …". A datetime is written by its own (wall-clock) date, so
    pass local time.
    """
    d = _day_of(d)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place.strip()}, {text}" if place and place.strip() else text


def format_date_short(d: date | datetime) -> str:
    """The numeric date used inside the text of forms: 05/01/2024."""
    return f"{_day_of(d):%d/%m/%Y}"


def format_time(t: datetime) -> str:
    """A clock time as forms write it: "08 giờ 30 phút"."""
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def _to_decimal(n: int | float | Decimal | str) -> Decimal:
    if isinstance(n, bool):
        raise TypeError("a boolean is not a number to format")
    if isinstance(n, float):
        # Through str so that 12.45 is 12.45, not 12.4499999… (which would round down).
        return Decimal(repr(n))
    return Decimal(n)


def format_number(n: int | float | Decimal | str, decimals: int = 0) -> str:
    """Group thousands with "." and separate decimals with ",": 1.234.567 and 12,5.

    Rounded half up (the way a report rounds by hand), to exactly ``decimals`` places.
    """
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    value = _to_decimal(n)
    if not value.is_finite():
        raise ValueError(f"cannot format {n!r} as a number")
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if fraction:
        text = f"{text},{fraction}"
    return f"{sign}{text}"  # a value rounded to zero compares equal to 0, so it never reads "-0"


def format_percent(value: int | float | Decimal | str, decimals: int = 1) -> str:
    """A value already in percent (85.5 means 85,5%) written as "85,5%", with no space before "%"."""
    return f"{format_number(value, decimals)}%"
