"""Reading tabular files (CSV, XLSX, JSON records) into rows, with messages that name the file and row.

Shared infrastructure (no domain rules): the dossier import (cchc.dossiers.ingest) and the procedure
catalogue (cchc.dossiers.catalogue) read their files through it. A ``Table`` is a file's rows before
interpretation; what the columns mean is the caller's business. ``iter_chunks`` cuts a list for
statements with a bounded number of parameters.

Every reader is bounded (``Limits``, from the ``IMPORT_MAX_*`` settings): a file over the size limit is
refused before it is decoded; rows are counted while they stream and the file is refused at the first row
past the row limit, as is a cell past the cell-length limit or a row past the column limit; an XLSX
package is checked before any XML is parsed (its declared unpacked size, a zip bomb's tell, and the sheet's
declared dimension); a JSON file is parsed one record at a time, so a list of a million empty objects is
refused after the row limit's worth, not built whole. Each refusal names the file and the limit.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.i18n import keeping

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)

# The CSV of a large export: csv's default limit (128 KiB a cell) refuses long JSON lists in one cell. Ours
# (IMPORT_MAX_CELL_CHARS) is checked on the rows read, since csv's is process-wide.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Limits:
    """What a file read for import may hold (docs/security.md, "Hostile files"); from the settings."""

    bytes: int
    rows: int
    columns: int
    cell_chars: int
    unzipped_bytes: int

    @classmethod
    def current(cls) -> Limits:
        return cls(bytes=settings.IMPORT_MAX_BYTES, rows=settings.IMPORT_MAX_ROWS,
                   columns=settings.IMPORT_MAX_COLUMNS, cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                   unzipped_bytes=settings.IMPORT_MAX_UNZIPPED_BYTES)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.2f}"


def check_size(content: bytes, filename: str, limits: Limits | None = None) -> Limits:
    """Refuse a file over the size limit, before anything of it is decoded; returns the limits."""
    limits = limits or Limits.current()
    if len(content) > limits.bytes:
        raise refuse(filename, _("Tệp quá lớn: {size} MB, vượt giới hạn {limit} MB một tệp (IMPORT_MAX_BYTES); hãy "
                                 "chia tệp thành nhiều phần.").format(size=_mb(len(content)), limit=_mb(limits.bytes)))
    return limits


def _too_many_rows(filename: str, limits: Limits, row: int | None = None) -> InvalidInput:
    return refuse(filename, _("Tệp có hơn {limit} dòng dữ liệu, vượt giới hạn một lần nhập (IMPORT_MAX_ROWS); hãy "
                              "chia tệp thành nhiều phần.").format(limit=f"{limits.rows:,}".replace(",", ".")), row=row)


def _too_many_columns(filename: str, limits: Limits, row: int | None = None) -> InvalidInput:
    return refuse(filename, _("Tệp có hơn {limit} cột, vượt giới hạn (IMPORT_MAX_COLUMNS).").format(limit=limits.columns),
                  row=row)


def _too_long(filename: str, limits: Limits, row: int | None = None, field: str = "") -> InvalidInput:
    return refuse(filename, _("Ô dài hơn {limit} ký tự, vượt giới hạn (IMPORT_MAX_CELL_CHARS).").format(
        limit=f"{limits.cell_chars:,}".replace(",", ".")), row=row, field=field)


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


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, one slice at a time: ``io.StringIO`` would copy the whole text
    again, at four bytes a character (100 MB more for a 25 MB file of Vietnamese)."""
    if "\n" not in text and "\r" in text:  # old Mac line endings
        yield from io.StringIO(text, newline="")
        return
    start, find = 0, text.find
    while (end := find("\n", start)) >= 0:
        yield text[start : end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


class CsvFile:
    """A CSV file (UTF-8; comma, semicolon or tab) read part by part, so that the first rows can be checked
    and written while the rest is still being read. ``read(n)`` gives the next rows as a Table; rows with
    the wrong number of cells are left out and listed in ``issues`` (the caller refuses the file for them);
    broken quoting raises InvalidInput. ``count`` is the number of lines until the file is read through,
    then the number of rows."""

    def __init__(self, content: bytes, filename: str):
        self.limits = check_size(content, filename)
        text = _decode(content, filename)
        first_line = text[: text.find("\n")] if "\n" in text else text
        self.filename = filename
        self._reader = csv.reader(_lines(text), delimiter=max(",;\t", key=first_line.count), strict=True)
        self._number = 0  # of the last line read
        header = self._next(1)
        if not header or not header[0]:
            raise refuse(filename, _("Tệp trống, không có dòng tiêu đề."), row=1)
        if len(header[0]) > self.limits.columns:
            raise _too_many_columns(filename, self.limits, row=1)
        self.header = _clean_header(header[0])
        self.count = text.count("\n")
        if self.count - 1 > self.limits.rows:  # more lines than rows allowed: count the rows before checking any
            records = sum(1 for _row in csv.reader(_lines(text), delimiter=self._reader.dialect.delimiter))
            if records - 1 > self.limits.rows:
                raise _too_many_rows(filename, self.limits)
        self.issues: list[Issue] = []
        self.omitted = 0  # rows with the wrong number of cells past IMPORT_MAX_ISSUES: counted, not kept
        self.done = False
        self._kept = 0
        self._number = 1  # of the last line read: the header is row 1

    def _next(self, n: int) -> list[list[str]]:
        try:
            lines = list(islice(self._reader, n))
        except csv.Error as exc:
            raise refuse(self.filename, _("Tệp CSV hỏng: {problem}.").format(problem=exc),
                          row=self._reader.line_num or None) from None
        if max(map(len, chain.from_iterable(lines)), default=0) > self.limits.cell_chars:
            for number, cells in enumerate(lines, start=self._number + 1):
                for position, cell in enumerate(cells):
                    if len(cell) > self.limits.cell_chars:
                        field = self.header[position] if getattr(self, "header", None) and position < len(self.header) else ""
                        raise _too_long(self.filename, self.limits, row=number, field=field)
        return lines

    def read(self, n: int) -> Table:
        """The next ``n`` lines' rows (blank lines are skipped but counted, as a spreadsheet numbers them)."""
        lines = self._next(min(n, self.limits.rows + 2 - self._number))  # one line past the limit tells
        first = self._number + 1
        self._number += len(lines)
        if self._number - 1 > self.limits.rows:
            raise _too_many_rows(self.filename, self.limits, row=self._number)
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
            self.omitted += keep_first(self.issues, settings.IMPORT_MAX_ISSUES)
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
        raise InvalidInput(issues=f.issues, omitted=f.omitted)
    return table


#: A run of text between two tags of a part's XML (a cell's text, or blanks), anchored at a tag's edge so that
#: the search stays linear (the check runs before openpyxl parses the part).
_LONG_TEXT = "(?:^|[<>])[^<>]{%d}"
#: A row's start tag in a sheet's XML, with or without a namespace prefix.
_ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")


def check_xlsx(content: bytes, filename: str, limits: Limits | None = None) -> Limits:
    """Refuse an XLSX package that would cost more to read than its limits allow, before any XML is parsed:
    over the size limit; a ZIP whose parts declare more unpacked bytes than ``unzipped_bytes`` in all (a zip
    bomb: a 1 MB file of 1 GiB of blanks); or whose parts, when unpacked, hold a run of text longer than a
    cell may be (checked as the parts stream, a mebibyte at a time, so a part that lies about its size is
    refused too). The plan files (cchc.plans.plan_io) are checked by it as well."""
    limits = check_size(content, filename, limits)
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(filename, _("Không đọc được tệp Excel (.xlsx).")) from None
    declared = sum(part.file_size for part in parts)
    if declared > limits.unzipped_bytes or len(parts) > 10_000:
        raise refuse(filename, _("Tệp Excel khi giải nén lớn {size} MB, vượt giới hạn {limit} MB "
                                 "(IMPORT_MAX_UNZIPPED_BYTES); tệp có thể bị làm hỏng cố ý.").format(
            size=_mb(declared), limit=_mb(limits.unzipped_bytes)))
    long_text = re.compile((_LONG_TEXT % (limits.cell_chars + 64)).encode())  # + the XML of an escaped cell
    unpacked = 0
    for part in parts:
        if not part.filename.endswith(".xml") or part.filename.startswith("docProps/"):
            continue
        # openpyxl sizes each sheet when it opens the workbook, and for a sheet that declares no dimension it
        # parses the whole sheet, keeping an element per row: rows past the limit are refused before that.
        rows = 0 if part.filename.startswith("xl/worksheets/") else None
        try:
            with package.open(part) as stream:
                tail = b""
                while chunk := stream.read(1024 * 1024):
                    unpacked += len(chunk)
                    if unpacked > limits.unzipped_bytes:
                        raise refuse(filename, _("Tệp Excel khi giải nén lớn {size} MB, vượt giới hạn {limit} MB "
                                                 "(IMPORT_MAX_UNZIPPED_BYTES); tệp có thể bị làm hỏng cố ý.").format(
                            size=_mb(unpacked), limit=_mb(limits.unzipped_bytes)))
                    text = tail + chunk
                    if long_text.search(text):
                        raise _too_long(filename, limits)
                    if rows is not None:
                        rows += len(_ROW.findall(text)) - len(_ROW.findall(tail))  # the tail was counted before
                        if rows - 1 > limits.rows:
                            raise _too_many_rows(filename, limits)
                    cut = max(text.rfind(b">"), text.rfind(b"<"))
                    tail = text[cut:] if cut >= 0 else text  # shorter than the limit, else it was found
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise refuse(filename, _("Không đọc được tệp Excel (.xlsx).")) from None
    return limits


def read_xlsx(content: bytes, filename: str) -> Table:
    """The first sheet; row 1 is the header. Cells typed as dates by Excel come back as datetimes.

    Read in openpyxl's streaming mode after ``check_xlsx``; a sheet whose declared dimension, or whose rows
    as they stream, pass the row or column limit is refused."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    limits = check_xlsx(content, filename)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        dimension = sheet.calculate_dimension() if sheet.max_row and sheet.max_column else None
        _min_col, _min_row, max_col, max_row = range_boundaries(dimension) if dimension else (0, 0, 0, 0)
    except Exception:  # openpyxl raises many kinds for a corrupt file
        raise refuse(filename, _("Không đọc được tệp Excel (.xlsx).")) from None
    if (max_row or 0) - 1 > limits.rows:
        workbook.close()
        raise _too_many_rows(filename, limits)
    if (max_col or 0) > limits.columns:
        sheet.reset_dimensions()  # a stray cell far to the right: read the cells there are, up to the limit
    try:
        return _xlsx_rows(sheet, filename, limits)
    finally:
        workbook.close()


def _xlsx_rows(sheet, filename: str, limits: Limits) -> Table:
    cells = sheet.iter_rows(values_only=True, max_col=limits.columns + 1)
    header_row = next(cells, None)
    if not header_row or all(h is None for h in header_row):
        raise refuse(filename, _("Trang tính đầu tiên trống, không có dòng tiêu đề."), row=1)
    header = _clean_header(list(header_row))
    while header and header[-1] == "":
        header.pop()
    if len(header) > limits.columns:
        raise _too_many_columns(filename, limits, row=1)
    rows = []
    numbers = []
    width = len(header)
    number = 1
    for number, values in enumerate(cells, start=2):
        if number - 1 > limits.rows:
            raise _too_many_rows(filename, limits, row=number)
        record = [v.strip() if isinstance(v, str) else v for v in values[:width]]
        if all(v is None or v == "" for v in record):
            continue
        for position, v in enumerate(record):
            if isinstance(v, str) and len(v) > limits.cell_chars:
                raise _too_long(filename, limits, row=number, field=header[position])
        rows.append(record + [None] * (width - len(record)))
        numbers.append(number)
    return Table(filename, header, rows, numbers)


def read_json(content: bytes, filename: str) -> Table:
    """A list of objects, or an object whose ``records`` is that list; row numbers count records from 1.

    The list is parsed one record at a time (``_JsonRecords``), so that the row, column and cell limits
    refuse a hostile file before it is built whole; nesting deeper than Python's parser allows and numbers
    longer than Python reads are refused with the file's name."""
    limits = check_size(content, filename)
    text = _decode(content, filename)
    try:
        records = _JsonRecords(text, filename, limits).document()
    except json.JSONDecodeError as exc:
        raise refuse(filename, _("Tệp JSON sai cú pháp: {problem}.").format(problem=exc.msg), row=exc.lineno) from None
    except RecursionError:
        raise refuse(filename, _("Tệp JSON lồng nhau quá sâu.")) from None
    except ValueError:  # an integer of thousands of digits (sys.get_int_max_str_digits)
        raise refuse(filename, _("Tệp JSON có số quá dài.")) from None
    return records_table(records, filename)


class _JsonRecords:
    """The records of a JSON document, parsed one by one with the standard decoder (``raw_decode``): a list,
    or the list under the ``records`` key of an object (its other keys are parsed and dropped)."""

    _BLANK = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str, filename: str, limits: Limits):
        self.text, self.filename, self.limits = text, filename, limits
        self.decoder = json.JSONDecoder()
        self.at = 0

    def _skip(self) -> str:
        self.at = self._BLANK.match(self.text, self.at).end()
        return self.text[self.at : self.at + 1]

    def _value(self) -> Any:
        value, self.at = self.decoder.raw_decode(self.text, self.at)
        return value

    def _expect(self, what: str) -> None:
        raise json.JSONDecodeError(what, self.text, self.at)

    def document(self) -> Any:
        first = self._skip()
        if first == "[":
            result = self._records()
        elif first == "{":
            result = self._object()
        else:
            result = self._value()
        if self._skip():
            self._expect("Extra data")
        return result

    def _object(self) -> Any:
        self.at += 1
        records: Any = {}
        if self._skip() == "}":
            self.at += 1
            return records
        while True:
            if self._skip() != '"':
                self._expect("Expecting property name enclosed in double quotes")
            key = self._value()
            if self._skip() != ":":
                self._expect("Expecting ':' delimiter")
            self.at += 1
            if key == "records" and self._skip() == "[":
                records = self._records()
            else:
                self._skip()
                self._value()
            following = self._skip()
            self.at += 1
            if following == "}":
                return records
            if following != ",":
                self.at -= 1
                self._expect("Expecting ',' delimiter")

    def _records(self) -> list:
        self.at += 1
        records: list = []
        keys: set = set()
        limits = self.limits
        if self._skip() == "]":
            self.at += 1
            return records
        while True:
            if len(records) >= limits.rows:
                raise _too_many_rows(self.filename, limits, row=len(records) + 1)
            self._skip()
            record = self._value()
            if isinstance(record, dict):
                keys.update(record)
                if len(keys) > limits.columns:
                    raise _too_many_columns(self.filename, limits, row=len(records) + 1)
                for key, value in record.items():
                    if isinstance(value, str) and len(value) > limits.cell_chars:
                        raise _too_long(self.filename, limits, row=len(records) + 1, field=key)
            records.append(record)
            following = self._skip()
            self.at += 1
            if following == "]":
                return records
            if following != ",":
                self.at -= 1
                self._expect("Expecting ',' delimiter")


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
