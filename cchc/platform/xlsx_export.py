"""Tables as Excel workbooks (.xlsx): the one way a page's table is downloaded ("Tải Excel").

A view builds its table once (headers and rows, the same rows the page shows for the same filters) and
hands it to :func:`xlsx_response`; this module writes it and nothing else decides what a cell holds.

- **Bounded memory.** The workbook is openpyxl's write-only kind: rows go to a temporary file as they are
  written (never a sheet held in memory), the finished file is spooled to disk and streamed to the
  client. ``rows`` may be a generator over a database iterator; at most ``max_rows`` are written, and
  when more came a last line says so (a caller that can count first, the dossier list, refuses a larger
  export with a message instead).
- **Formula injection** (CWE-1236). A text cell is always written as an explicit string (``t="inlineStr"``,
  never a ``<f>`` formula element), whatever it starts with; a text that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is also marked with Excel's own "quote prefix" (what Excel stores for
  a cell typed as ``'=…``), so editing the cell in Excel or LibreOffice does not turn it into a formula
  either. The value itself is unchanged: the cell shows exactly what the page shows (one truth), with no
  visible apostrophe. Only ``str`` values are text; numbers, dates and booleans keep their types.
- **Cells Excel cannot hold**: control characters (which XML refuses) are dropped, texts longer than
  Excel's 32,767 characters are cut, an aware date-time is written in the server's local time without its
  zone (Excel has none), ``None`` is an empty cell.
- **Headers and titles** are translated by the caller (gettext), so a workbook is in the reader's language;
  the header row is bold and frozen.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A text starting with one of these is a formula (or DDE payload) to a spreadsheet once edited or re-saved.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32_767
#: Excel's limit on a sheet's name.
MAX_SHEET_CHARS = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Spool the finished file in memory up to this size, then on disk.
_SPOOL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    """A column's header and, optionally, its width in characters (otherwise from the header)."""

    header: str
    width: int | None = None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula when it is typed or re-saved as text."""
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: control characters XML refuses removed, at most 32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_CHARS]


def cell_value(value):
    """What a cell stores for ``value``: text cleaned, an aware date-time in local time without zone, other
    values as they are (openpyxl writes int, float, Decimal, date, datetime and bool with their types)."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return clean_text(str(value))


def _cell(sheet, value, *, bold: bool = False):
    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_formula_like(value):
            cell.quotePrefix = True
    if isinstance(value, datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, never empty."""
    return clean_text(_SHEET_FORBIDDEN.sub(" ", text)).strip()[:MAX_SHEET_CHARS] or "Sheet1"


def write_table(out, columns: Sequence[Column | str], rows: Iterable[Sequence], *, title: str = "",
                sheet: str = "", max_rows: int | None = None) -> int:
    """Write one sheet to the binary file ``out``: an optional title line (``title``, e.g. what was filtered),
    the bold, frozen header row, then ``rows`` (at most ``max_rows``). Returns the data rows written."""
    columns = [c if isinstance(c, Column) else Column(str(c)) for c in columns]
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_title(sheet or title or "Sheet1"))
    for index, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(index + 1)].width = column.width or min(60, max(10, len(column.header) + 2))
    ws.freeze_panes = "A3" if title else "A2"  # before the first row: a write-only sheet writes it first
    if title:
        ws.append([_cell(ws, title, bold=True)])
    ws.append([_cell(ws, c.header, bold=True) for c in columns])
    written = 0
    for row in rows:
        if max_rows is not None and written >= max_rows:
            # Never a silently shorter table: the last line says the rest was left out.
            ws.append([_cell(ws, _("… Chỉ ghi {n} dòng đầu; còn dòng khác không được ghi. Hãy thu hẹp bộ lọc.").format(
                n=max_rows), bold=True)])
            break
        ws.append([_cell(ws, v) for v in row])
        written += 1
    book.save(out)
    return written


def filename(stem: str, *parts: str) -> str:
    """``<stem>-<part>-….xlsx`` in ASCII (Vietnamese letters without marks, spaces as dashes), e.g.
    ``filename("xep-hang-766", "Quý I/2025")`` → ``xep-hang-766-quy-i-2025.xlsx``; empty parts are left out."""
    words = [slugify(_unmark(p)) for p in (stem, *parts) if p]
    return "-".join(w for w in words if w) + ".xlsx"


def _unmark(text: str) -> str:
    text = str(text).replace("đ", "d").replace("Đ", "D").replace("/", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def xlsx_response(*, name: str, columns: Sequence[Column | str], rows: Iterable[Sequence], title: str = "",
                  sheet: str = "", max_rows: int | None = None) -> FileResponse:
    """The workbook of ``columns`` and ``rows`` as a download named ``name`` (see :func:`filename`),
    written to a spooled temporary file and streamed (the response closes the file)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
    write_table(spool, columns, rows, title=title, sheet=sheet, max_rows=max_rows)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename=name, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
