"""Reading whole columns, without a database: the bulk paths (numpy for dates, one conversion per distinct
cell, text stripped at once) must say exactly what the one-cell readers say, cell for cell, including
which cells are refused and with which message."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers import ingest
from cchc.dossiers.ingest import columns
from tests.dossiers.helpers import csv_bytes, dossier_row, local

#: strftime patterns of the fixed-width forms, in the order of ingest.BULK_FORMS.
PATTERNS = ("%Y%m%d%H%M%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d",
            "%Y%m%d")


def one_by_one(texts: list[str]) -> list:
    """What parse_datetime makes of each text, as a UTC instant, or None when it refuses it."""
    out = []
    for text in texts:
        try:
            out.append(ingest.instant(ingest.parse_datetime(text)))
        except (ValueError, TypeError, OverflowError):
            out.append(None)
    return out


def test_the_patterns_are_the_bulk_forms():
    moment = datetime(2024, 3, 4, 8, 15, 30)
    for form, pattern in zip(ingest.BULK_FORMS, PATTERNS, strict=True):
        written = moment.strftime(pattern)
        assert len(written) == len(form)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20240304081500", local(2024, 3, 4, 8, 15)),
        ("04/03/2024 08:15:00", local(2024, 3, 4, 8, 15)),
        ("2024-03-04T08:15:00", local(2024, 3, 4, 8, 15)),
        ("2024-03-04 08:15:00", local(2024, 3, 4, 8, 15)),
        ("04/03/2024", local(2024, 3, 4)),
        ("2024-03-04", local(2024, 3, 4)),
        ("20240304", local(2024, 3, 4)),
        ("29/02/2024 23:59:59", local(2024, 2, 29, 23, 59, 59)),  # a leap day
        ("01/01/2025 00:30:00", local(2025, 1, 1, 0, 30)),  # 31/12/2024 17:30 UTC: the day before in UTC
    ],
)
def test_each_fixed_width_form_is_read_in_bulk_as_vietnam_time(text, expected):
    assert ingest.parse_instants([text])[0] == ingest.instant(expected)


@pytest.mark.parametrize(
    "text",
    ["31/02/2024 10:00:00", "29/02/2023 10:00:00", "04/03/2024 24:00:00", "04/03/2024 23:59:60", "20241304081500",
     "00/03/2024 08:15:00", "4/3/2024 8:15:00", " 04/03/2024 08:15", "2024-03-04T08:15:00Z", "2024/03/04 08:15:00",
     "٢٠٢٤0304081500", "19750101000000", "21000101000000", "", "hôm qua 8:15"],
)
def test_what_the_bulk_path_does_not_read_is_left_to_parse_datetime(text):
    # Impossible dates, other forms, other digits and years where the offset was not +7 (or may change):
    # NaT here, so that parse_datetime reads it or gives its message.
    assert np.isnat(ingest.parse_instants([text])[0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2110, 12, 31)),
                          st.sampled_from(PATTERNS)), min_size=1, max_size=40))
def test_bulk_instants_are_those_of_parse_datetime(moments):
    texts = [moment.strftime(pattern) for moment, pattern in moments]
    bulk = ingest.parse_instants(texts)
    for text, fast, slow in zip(texts, bulk, one_by_one(texts), strict=True):
        if not np.isnat(fast):
            assert fast == slow, text
        elif 1976 <= int(ingest.parse_datetime(text).year) <= 2099:
            pytest.fail(f"{text} should have been read in bulk")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789/-: T", min_size=8, max_size=19), min_size=1, max_size=40))
def test_strings_of_digits_and_separators_are_read_in_bulk_only_where_parse_datetime_agrees(texts):
    for text, fast, slow in zip(texts, ingest.parse_instants(texts), one_by_one(texts), strict=True):
        assert np.isnat(fast) or fast == slow, text


def test_a_column_of_dates_gives_each_cell_its_instant_or_its_message():
    cells = ["20240304081500", "", "4/3/2024 8:15", "2024-03-04T01:15:00Z", "31/02/2024 10:00:00", "  ",
             datetime(2024, 3, 4, 8, 15), "hôm qua", 20240304081500]
    values, bad = columns._read_instants(cells, "NgayTiepNhan")
    eight_fifteen = ingest.instant(local(2024, 3, 4, 8, 15))
    assert [None if np.isnat(v) else v for v in values] == [
        eight_fifteen, None, eight_fifteen, eight_fifteen, None, None, eight_fifteen, None, eight_fifteen]
    assert [(i, exc.message) for i, exc in bad] == [
        (4, "Ngày giờ không hợp lệ «31/02/2024 10:00:00» (dùng yyyyMMddHHmmss, ISO 8601 hoặc dd/MM/yyyy HH:mm:ss)."),
        (7, "Ngày giờ không hợp lệ «hôm qua» (dùng yyyyMMddHHmmss, ISO 8601 hoặc dd/MM/yyyy HH:mm:ss)."),
    ]


def test_instants_go_back_to_the_same_aware_datetimes():
    moment = datetime(2024, 12, 31, 23, 59, 59, 500000, tzinfo=LOCAL_TZ)
    assert ingest.to_datetime(ingest.instant(moment)) == moment
    assert ingest.to_datetime(ingest.NAT) is None


def test_the_wall_clock_is_vietnam_time_also_before_1975():
    times = np.array([ingest.instant(local(2024, 3, 4, 8, 15)), ingest.instant(local(1970, 6, 1, 9, 0)), ingest.NAT])
    wall = ingest.wall_clock(times)
    assert wall[0] == np.datetime64("2024-03-04T08:15")
    assert wall[1] == np.datetime64("1970-06-01T09:00")  # UTC+8 then: the tz database, not +7
    assert np.isnat(wall[2])


def test_distinct_cells_are_converted_once_but_each_bad_cell_is_reported():
    cells = ["10", "4", "10", "", "0", "10", "mới", "0"]
    values, bad = columns._read_distinct(cells, "status", ingest.OUR_COLUMNS["status"].convert)
    assert values == [10, 4, 10, None, None, 10, None, None]
    assert [i for i, _exc in bad] == [4, 6, 7]
    assert bad[0][1].message == "Trạng thái phải là số từ 1 đến 10, nhận được «0»."


def test_json_numbers_and_flags_are_not_taken_for_one_another():
    # 1 and True are one key of a set; as a status True is refused, 1 is not.
    values, bad = columns._read_distinct([1, True, 1.0], "status", ingest.OUR_COLUMNS["status"].convert)
    assert values == [1, None, 1]
    assert [i for i, _exc in bad] == [1]


def test_text_is_stripped_in_bulk_and_a_long_cell_is_refused_where_it_is():
    values, bad = columns._read_texts([" HS-1 ", "", "x" * 65, "HS-2"], "code", ingest.OUR_COLUMNS["code"].convert, 64)
    assert values == ["HS-1", None, None, "HS-2"]
    assert [(i, exc.message) for i, exc in bad] == [(2, "Dài quá 64 ký tự.")]


def test_a_file_read_in_parts_finds_a_code_repeated_across_parts():
    table = ingest.read_table(csv_bytes([dossier_row(code=f"HS-{i}") for i in range(4)] + [dossier_row(code="HS-1")]),
                              "hs.csv")
    header, seen = ingest.read_header(table), {}
    first = ingest.parse_records(table.part(0, 3), header=header, codes_seen=seen)
    second = ingest.parse_records(table.part(3, 5), header=header, codes_seen=seen)
    assert (first.issues, second.rows) == ([], [5])
    assert [(i.row, i.field, i.message) for i in second.issues] == [(6, "code", "Mã hồ sơ «HS-1» trùng với dòng 3.")]


def test_rules_between_fields_are_checked_on_whole_columns():
    rows = [
        dossier_row(code="HS-1"),
        dossier_row(code="HS-2", due_at="2024-03-03T08:00:00"),  # due before receipt
        dossier_row(code="HS-3", status="4", returned_at="", rating=""),  # in progress but finished
        dossier_row(code="HS-4", received_at="2024-03-04T09:30:00", finished_at="2024-03-04", returned_at="2024-03-04",
                    due_at=""),  # dates without a time on the receipt day: not before it
        dossier_row(code="HS-5", finished_at="2024-03-05T10:00:00", returned_at="2024-03-05T09:00:00"),
    ]
    parsed = ingest.parse_records(ingest.read_table(csv_bytes(rows), "hs.csv"))
    assert [(i.row, i.field) for i in parsed.issues] == [(3, "due_at"), (4, "finished_at"), (6, "returned_at")]
    assert parsed.rows == [2, 3, 4, 5, 6]  # kept: their units and procedures are still checked


def test_an_offset_or_fractions_of_a_second_go_through_parse_datetime():
    parsed = ingest.parse_records(ingest.read_table(csv_bytes([dossier_row(
        received_at="2024-03-04T01:15:00.250000+00:00", due_at="", finished_at="2024-03-04T15:30:00.5",
        returned_at="")]), "hs.csv"))
    assert parsed.issues == []
    assert ingest.to_datetime(parsed.values["received_at"][0]) == local(2024, 3, 4, 8, 15) + timedelta(microseconds=250000)
    assert ingest.to_datetime(parsed.values["finished_at"][0]) == local(2024, 3, 4, 15, 30) + timedelta(microseconds=500000)
