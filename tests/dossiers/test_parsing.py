"""Reading values of dossier files, without a database: the date formats of DOMAIN §10 (yyyyMMddHHmmss,
ISO 8601, dd/MM/yyyy HH:mm:ss) read in Asia/Ho_Chi_Minh, flags, schema detection and the row rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cchc.core.errors import InvalidInput
from cchc.dossiers import ingest
from cchc.dossiers.ingest import parse_bool, parse_datetime
from tests.dossiers.helpers import csv_bytes, dossier_row, local


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20240304081500", local(2024, 3, 4, 8, 15)),
        ("04/03/2024 08:15:00", local(2024, 3, 4, 8, 15)),
        ("4/3/2024 8:15", local(2024, 3, 4, 8, 15)),
        ("04/03/2024", local(2024, 3, 4)),
        ("2024-03-04T08:15:00", local(2024, 3, 4, 8, 15)),
        ("2024-03-04 08:15:00", local(2024, 3, 4, 8, 15)),
        ("2024-03-04T01:15:00Z", local(2024, 3, 4, 8, 15)),
        ("2024-03-04T09:15:00+08:00", local(2024, 3, 4, 8, 15)),
        ("2024-03-04", local(2024, 3, 4)),
        ("20240304", local(2024, 3, 4)),
        (" 20240304081500 ", local(2024, 3, 4, 8, 15)),
        (20240304081500, local(2024, 3, 4, 8, 15)),  # Excel stores the digits as a number
        (20240304081500.0, local(2024, 3, 4, 8, 15)),
        (datetime(2024, 3, 4, 8, 15), local(2024, 3, 4, 8, 15)),  # an Excel date cell: naive, local
        (datetime(2024, 3, 4, 1, 15, tzinfo=UTC), local(2024, 3, 4, 8, 15)),
        (date(2024, 3, 4), local(2024, 3, 4)),
    ],
)
def test_dates_in_every_accepted_format_are_read_as_vietnam_time(text, expected):
    result = parse_datetime(text)
    assert result == expected
    assert result.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    "text",
    ["20241304081500", "31/02/2024 10:00:00", "04/03/24 08:15", "2024/03/04", "hôm qua", "202403040815",
     "04/03/2024 8h15", "", True],
)
def test_impossible_or_unknown_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", True), ("0", False), ("true", True), ("False", False), ("có", True), ("Không", False), (1, True), (0, False)],
)
def test_flags(text, expected):
    assert parse_bool(text) is expected


def test_a_flag_that_is_not_one_is_refused():
    with pytest.raises(ValueError):
        parse_bool("2")


@pytest.mark.parametrize(
    ("keys", "schema"),
    [(["code", "unit_code"], ingest.OURS), (["MaHoSo", "MaTTHC"], ingest.PORTAL), (["code", "MaHoSo"], None),
     (["ma_ho_so"], None)],
)
def test_the_schema_is_recognised_from_the_header(keys, schema):
    assert ingest.detect_schema(keys) == schema


def _parse(rows: list[dict]) -> ingest.ParsedFile:
    return ingest.parse_records(ingest.read_table(csv_bytes(rows), "hs.csv"))


def test_a_date_without_time_is_not_before_a_time_on_the_same_day():
    # Some systems export NgayTra as a date only: "05/03/2024" is not before "05/03/2024 09:00".
    parsed = _parse([dossier_row(finished_at="05/03/2024 09:00:00", returned_at="05/03/2024",
                                 received_at="04/03/2024 08:00:00", due_at="")])
    assert parsed.issues == []


def test_the_supplement_list_gives_the_count_and_the_wait():
    parsed = _parse([dossier_row(
        supplements="05/03/2024 08:00:00|05/03/2024 10:30:00;04/03/2024 09:00:00|04/03/2024 09:30:00;06/03/2024 08:00:00|",
        finished_at="06/03/2024 15:00:00", returned_at="06/03/2024 16:00:00", received_at="04/03/2024 08:00:00",
        due_at="")])
    assert parsed.issues == []
    values = parsed.values
    assert values["supplement_count"] == [3]
    assert values["supplement_wait_seconds"] == [30 * 60 + 150 * 60]  # the open one does not count
    assert [r for r, _c in values["supplements"][0]] == [local(2024, 3, 4, 9), local(2024, 3, 5, 8), local(2024, 3, 6, 8)]


def test_an_empty_file_with_a_header_has_no_records():
    table = ingest.read_table(b"code,unit_code,procedure_code,status,received_at\n", "empty.csv")
    assert len(ingest.parse_records(table)) == 0


def test_a_file_of_only_a_header_still_has_its_header_checked():
    with pytest.raises(InvalidInput) as exc:
        ingest.parse_records(ingest.read_table(b"code,unit_code,procedure_code,status,received_at,ngay\n", "h.csv"))
    assert [(i.row, i.field) for i in exc.value.issues] == [(1, "ngay")]


def test_an_unreadable_extension_is_refused():
    with pytest.raises(InvalidInput) as exc:
        ingest.read_table(b"x", "hs.txt")
    assert exc.value.issues[0].file == "hs.txt"
