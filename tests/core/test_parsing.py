"""Parsing dates and numbers as they arrive in files.

Source: DOMAIN §10 (the national portal's dossier sync record): dates arrive as ``yyyyMMddHHmmss``,
ISO 8601 or ``dd/MM/yyyy HH:mm:ss``; accept all and report any that fits none. Plan files
(KH 122/KH-UBND and the other seed plans, DOMAIN §8) write percentages the Vietnamese way ("35,5%",
"1.234,5") as well as the English way ("35.5").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.parsing import parse_date, parse_decimal

NEW_YEARS_EVE = date(2022, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-12-31", NEW_YEARS_EVE),
        ("31/12/2022", NEW_YEARS_EVE),
        ("31-12-2022", NEW_YEARS_EVE),
        ("20221231", NEW_YEARS_EVE),
        ("20221231235959", NEW_YEARS_EVE),
        ("31/12/2022 23:59:59", NEW_YEARS_EVE),
        ("2022-12-31T23:59:59", NEW_YEARS_EVE),
        ("2022-12-31 08:00:00", NEW_YEARS_EVE),
        ("  31/12/2022 ", NEW_YEARS_EVE),
        ("01/02/2022", date(2022, 2, 1)),
        ("01-02-2022", date(2022, 2, 1)),
        ("29/02/2024", date(2024, 2, 29)),
        ("20250701000000", date(2025, 7, 1)),
        (20221231, NEW_YEARS_EVE),
        (NEW_YEARS_EVE, NEW_YEARS_EVE),
        (datetime(2022, 12, 31, 23, 59, 59), NEW_YEARS_EVE),
    ],
    ids=[
        "iso", "dd/mm/yyyy", "dd-mm-yyyy", "yyyymmdd", "yyyymmddhhmmss", "dd/mm/yyyy-hh:mm:ss",
        "iso-datetime", "iso-datetime-space", "surrounding-spaces", "day-before-month-slash",
        "day-before-month-dash", "leap-day", "reorganisation-day-portal", "int-from-yaml", "date", "datetime",
    ],
)
def test_parse_date(value, expected):
    result = parse_date(value)
    assert result == expected
    assert type(result) is date  # a datetime is a date too; the caller must get the day only


@pytest.mark.parametrize(
    "value",
    ["31/13/2022", "", "abc", "   ", "29/02/2023", "32/12/2022", "2022-13-01", "2022-12-31x", "31/12/22",
     "99991399235959", None],
    ids=["month-13", "empty", "abc", "blank", "no-leap-day", "day-32", "iso-month-13", "trailing-junk",
         "two-digit-year", "portal-month-13", "none"],
)
def test_parse_date_rejects(value):
    with pytest.raises(ValueError):
        parse_date(value)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_round_trips_vietnamese_and_iso(d):
    # Years below 1000: glibc's strftime writes %Y unpadded ("1/1/1"), which is no format we accept.
    assert parse_date(d.strftime("%d/%m/%Y")) == d
    assert parse_date(d.isoformat()) == d


@given(st.datetimes(min_value=datetime(1000, 1, 1)))
def test_parse_date_round_trips_portal_timestamps(moment):
    assert parse_date(moment.strftime("%Y%m%d%H%M%S")) == moment.date()
    assert parse_date(moment.strftime("%d/%m/%Y %H:%M:%S")) == moment.date()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("35", Decimal("35")),
        ("35,5", Decimal("35.5")),
        ("1.234,5", Decimal("1234.5")),
        ("35.5", Decimal("35.5")),
        ("35%", Decimal("35")),
        ("35,5 %", Decimal("35.5")),
        (" 85 ", Decimal("85")),
        ("1 234,5", Decimal("1234.5")),
        ("0", Decimal("0")),
        ("-2,5", Decimal("-2.5")),
        (35, Decimal("35")),
        (35.5, Decimal("35.5")),
        (30.01, Decimal("30.01")),
        (Decimal("35.50"), Decimal("35.50")),
    ],
    ids=[
        "int-text", "comma-decimal", "vietnamese-thousands", "dot-decimal", "percent", "comma-percent",
        "spaces", "space-thousands", "zero", "negative", "int", "float", "float-read-as-written",
        "decimal",
    ],
)
def test_parse_decimal(value, expected):
    result = parse_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_parse_decimal_keeps_a_decimal_exact():
    # str(30.01) is what the user wrote; Decimal(30.01) would be 30.0100000000000015631940186722204089.
    assert str(parse_decimal(30.01)) == "30.01"
    assert str(parse_decimal(Decimal("35.50"))) == "35.50"


@pytest.mark.parametrize(
    "value",
    ["abc", "NaN", "inf", "-inf", "Infinity", "", "%", "35,5,5",
     float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"), True, None],
    ids=["abc", "nan-text", "inf-text", "minus-inf-text", "infinity-text", "empty", "percent-only",
         "two-commas", "nan-float", "inf-float", "nan-decimal", "inf-decimal",
         "bool-from-yaml", "none"],
)
def test_parse_decimal_rejects(value):
    # YAML gives .nan/.inf as floats and yes/no as booleans; all must be a ValueError the importer reports.
    with pytest.raises(ValueError):
        parse_decimal(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-12-31T20:00:00Z", date(2023, 1, 1)),  # 03:00 on 1 January in Vietnam (UTC+7)
        ("2022-12-31T16:59:59+00:00", date(2022, 12, 31)),
        ("2022-12-31T23:00:00+07:00", date(2022, 12, 31)),
    ],
    ids=["utc-evening-is-next-day", "utc-just-before-local-midnight", "local-offset"],
)
def test_parse_date_reads_instants_in_vietnam_time(text, expected):
    assert parse_date(text) == expected
