"""Dates and numbers as official documents write them.

Source: NĐ 30/2020/NĐ-CP, Phụ lục I §II.4 (DOMAIN §11 Q1.2): "Hà Nội, ngày 05 tháng 01 năm 2020" and
"ngày 29 tháng 6 năm 2019" are the decree's own examples: the day below 10 and the months 1 and 2 are
written with a leading zero, the other months without. Numbers: "." groups thousands, "," marks decimals.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from cchc.documents.vietnamese import (
    format_date_long,
    format_date_short,
    format_number,
    format_percent,
    format_time,
)


@pytest.mark.parametrize(
    ("day", "place", "expected"),
    [
        (date(2020, 1, 5), "Hà Nội", "Hà Nội, ngày 05 tháng 01 năm 2020"),  # the decree's example
        (date(2019, 6, 29), "", "ngày 29 tháng 6 năm 2019"),  # the decree's example
        (date(2020, 1, 5), "Quy Nhơn", "Quy Nhơn, ngày 05 tháng 01 năm 2020"),
        (date(2024, 2, 29), "Quy Nhơn", "Quy Nhơn, ngày 29 tháng 02 năm 2024"),  # February padded
        (date(2024, 3, 1), "Quy Nhơn", "Quy Nhơn, ngày 01 tháng 3 năm 2024"),  # March not
        (date(2024, 9, 9), "Phù Mỹ", "Phù Mỹ, ngày 09 tháng 9 năm 2024"),
        (date(2024, 10, 10), "Phù Mỹ", "Phù Mỹ, ngày 10 tháng 10 năm 2024"),
        (date(2024, 12, 31), "Phù Mỹ", "Phù Mỹ, ngày 31 tháng 12 năm 2024"),
        (datetime(2025, 7, 1, 14, 5), "  Quy Nhơn ", "Quy Nhơn, ngày 01 tháng 7 năm 2025"),
    ],
    ids=["decree-05-01", "decree-29-6", "quy-nhon", "feb-padded", "march-unpadded", "day-9", "october",
         "december", "datetime-and-spaces"],
)
def test_format_date_long(day, place, expected):
    assert format_date_long(day, place) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2024, 1, 5), "05/01/2024"), (date(2024, 11, 22), "22/11/2024"), (datetime(2024, 3, 9, 8, 0), "09/03/2024")],
)
def test_format_date_short(value, expected):
    assert format_date_short(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(datetime(2024, 1, 5, 8, 30), "08 giờ 30 phút"), (datetime(2024, 1, 5, 16, 0), "16 giờ 00 phút")],
)
def test_format_time(value, expected):
    assert format_time(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (12.5, 1, "12,5"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-1234567, 0, "-1.234.567"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (12.45, 1, "12,5"),  # half up on the decimal written, not on 12.4499… in binary
        (2.5, 0, "3"),  # half up, not to even
        (-0.04, 1, "0,0"),  # never "-0,0"
        ("1234567.891", 2, "1.234.567,89"),
        (100, 2, "100,00"),
    ],
    ids=["millions", "one-decimal", "zero", "below-thousand", "thousand", "negative", "decimal-padded",
         "binary-float", "half-up", "no-negative-zero", "string", "trailing-zeros"],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True])
def test_format_number_rejects_what_is_not_a_number(bad):
    with pytest.raises((ValueError, TypeError)):
        format_number(bad)


def test_format_number_rejects_negative_decimals():
    with pytest.raises(ValueError):
        format_number(1, -1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(85.5, 1, "85,5%"), (100, 0, "100%"), (Decimal("33.333"), 2, "33,33%"), (0.05, 1, "0,1%")],
)
def test_format_percent(value, decimals, expected):
    assert format_percent(value, decimals) == expected
