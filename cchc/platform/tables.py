"""Reading tabular files (CSV, XLSX, JSON records) into rows, with messages that name the file and row.

Shared infrastructure (no domain rules): the dossier import (cchc.dossiers.ingest) and the procedure
catalogue (cchc.dossiers.catalogue) read their files through it. A ``Table`` is a file's rows before
interpretation; what the columns mean is the caller's business. ``iter_chunks`` cuts a list for
statements with a bounded number of parameters.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils.translation import gettext

from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import keeping

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)

# The CSV of a large export: csv's default limit (128 KiB a cell) refuses long JSON lists in one cell.
csv.field_size_limit(16 * 1024 * 1024)


def cell_text(value: Any) -> str:
    """A cell as text; Excel's numbers come back as they were typed (21550.0 → "21550")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Table:
    """A file's rows before interpretation: the cells of each row, a list aligned with ``header`` (CSV,
    XLSX) or a mapping (JSON, where ``header`` is None), and each row's number as the user counts it."""

    filename: str
    header: list[str] | None
    rows: Sequence[Any]
    numbers: Sequence[int]

    @property
    def count(self) -> int:
        return len(self.rows)

    def part(self, start: int, stop: int) -> Table:
        """Rows ``start`` to ``stop`` (positions, not row numbers) as a table of their own."""
        return Table(self.filename, self.header, self.rows[start:stop], self.numbers[start:stop])

    def mappings(self) -> Iterator[tuple[int, dict[str, Any]]]:
        if self.header is None:
            yield from zip(self.numbers, self.rows, strict=True)
        else:
            for number, cells in zip(self.numbers, self.rows, strict=True):
                yield number, dict(zip(self.header, cells, strict=False))


def refuse(filename: str, message: str, row: int | None = None, field: str = "") -> InvalidInput:
    return InvalidInput(issues=[Issue(message, file=filename, row=row, field=field)])


def _decode(content: bytes, filename: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise refuse(filename, _("Tệp không phải văn bản UTF-8 (byte lạ ở dòng {line}); hãy lưu lại tệp với bảng mã "
                                  "UTF-8.").format(line=line), row=line) from None


def _clean_header(header: list[Any]) -> list[str]:
    return [cell_text(h) if h is not None else "" for h in header]


class CsvFile:
    """A CSV file (UTF-8; comma, semicolon or tab) read part by part, so that the first rows can be checked
    and written while the rest is still being read. ``read(n)`` gives the next rows as a Table; rows with
    the wrong number of cells are left out and listed in ``issues`` (the caller refuses the file for them);
    broken quoting raises InvalidInput. ``count`` is the number of lines until the file is read through,
    then the number of rows."""

    def __init__(self, content: bytes, filename: str):
        text = _decode(content, filename)
        first_line = text[: text.find("\n")] if "\n" in text else text
        self.filename = filename
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=first_line.count), strict=True)
        header = self._next(1)
        if not header or not header[0]:
            raise refuse(filename, _("Tệp trống, không có dòng tiêu đề."), row=1)
        self.header = _clean_header(header[0])
        self.count = text.count("\n")
        self.issues: list[Issue] = []
        self.done = False
        self._kept = 0
        self._number = 1  # of the last line read: the header is row 1

    def _next(self, n: int) -> list[list[str]]:
        try:
            return list(islice(self._reader, n))
        except csv.Error as exc:
            raise refuse(self.filename, _("Tệp CSV hỏng: {problem}.").format(problem=exc),
                          row=self._reader.line_num or None) from None

    def read(self, n: int) -> Table:
        """The next ``n`` lines' rows (blank lines are skipped but counted, as a spreadsheet numbers them)."""
        lines = self._next(n)
        first = self._number + 1
        self._number += len(lines)
        if len(lines) < n:
            self.done = True
        width = len(self.header)
        if width > 1 and set(map(len, lines)) <= {width}:  # the usual part: every row full, no blank line
            rows, numbers = lines, range(first, first + len(lines))
        else:
            rows, numbers = [], []
            for number, cells in enumerate(lines, start=first):
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if len(cells) != width:
                    self.issues.append(Issue(_("Dòng có {got} cột trong khi tiêu đề có {want} cột.").format(
                        got=len(cells), want=width), file=self.filename, row=number))
                    continue
                rows.append(cells)
                numbers.append(number)
        self._kept += len(rows)
        if self.done:
            self.count = self._kept
        return Table(self.filename, self.header, rows, numbers)


def csv_lines(content: bytes, filename: str) -> tuple[str, list[str], dict[int, list[str]]]:
    """A CSV file's delimiter, header and every row as written, by the number CsvFile gives it (blank
    rows left out; a row with the wrong number of cells kept as it is): for giving rows back, such as the
    rows an import refused."""
    text = _decode(content, filename)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _clean_header(next(reader, []))
    rows = {number: cells for number, cells in enumerate(reader, start=2)
            if cells and not (len(cells) == 1 and not cells[0].strip())}
    return delimiter, header, rows


def read_csv(content: bytes, filename: str) -> Table:
    """A whole CSV file (see CsvFile); any row with the wrong number of cells refuses it."""
    f = CsvFile(content, filename)
    table = f.read(sys.maxsize)
    if f.issues:
        raise InvalidInput(issues=f.issues)
    return table


def read_xlsx(content: bytes, filename: str) -> Table:
    """The first sheet; row 1 is the header. Cells typed as dates by Excel come back as datetimes."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a corrupt file
        raise refuse(filename, _("Không đọc được tệp Excel (.xlsx).")) from None
    sheet = workbook.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header_row = next(cells, None)
    if not header_row or all(h is None for h in header_row):
        raise refuse(filename, _("Trang tính đầu tiên trống, không có dòng tiêu đề."), row=1)
    header = _clean_header(list(header_row))
    while header and header[-1] == "":
        header.pop()
    rows = []
    numbers = []
    width = len(header)
    for number, values in enumerate(cells, start=2):
        record = [v.strip() if isinstance(v, str) else v for v in values[:width]]
        if all(v is None or v == "" for v in record):
            continue
        rows.append(record + [None] * (width - len(record)))
        numbers.append(number)
    workbook.close()
    return Table(filename, header, rows, numbers)


def read_json(content: bytes, filename: str) -> Table:
    """A list of objects, or an object whose ``records`` is that list; row numbers count records from 1."""
    try:
        doc = json.loads(_decode(content, filename))
    except json.JSONDecodeError as exc:
        raise refuse(filename, _("Tệp JSON sai cú pháp: {problem}.").format(problem=exc.msg), row=exc.lineno) from None
    return records_table(doc.get("records") if isinstance(doc, dict) else doc, filename)


def records_table(records: Any, filename: str) -> Table:
    if not isinstance(records, list):
        raise refuse(filename, _("Phải là một danh sách hồ sơ, hoặc một đối tượng có khóa «records» là danh sách đó."))
    issues = [Issue(_("Mỗi hồ sơ phải là một đối tượng JSON."), file=filename, row=number)
              for number, r in enumerate(records, start=1) if not isinstance(r, dict)]
    if issues:
        raise InvalidInput(issues=issues)
    return Table(filename, None, records, range(1, len(records) + 1))


def read_table(content: bytes, filename: str) -> Table:
    """Parse a file by its extension: .csv (UTF-8, comma, semicolon or tab), .xlsx or .json."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        return read_csv(content, filename)
    if lower.endswith(".xlsx"):
        return read_xlsx(content, filename)
    if lower.endswith(".json"):
        return read_json(content, filename)
    raise refuse(filename, _("Chỉ nhận tệp .csv, .xlsx hoặc .json."))


def iter_chunks(items: list, size: int) -> Iterator[list]:
    """``items`` in consecutive slices of at most ``size`` (the last one shorter)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
