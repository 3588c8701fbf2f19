"""Reading dossier files: CSV, XLSX and JSON, in our schema or in the national portal's field names.

This module only parses and checks what a row says by itself (types, ranges, date order, a status that
fits its dates, duplicate codes); it reads no database. ``services`` resolves units and procedures,
computes due dates and writes. See docs/dossier-files.md for the formats and the mapping table.

A file is read column by column, not row by row (a Python step per cell cost more than all the rest of
an import): dates in their fixed-width forms are parsed by numpy, other columns are converted once per
distinct cell (a column has a handful of statuses, flags or amounts), text is stripped in bulk, and the
rules between fields are checked on whole columns. The one-cell converters (``_*_cell``) stay the
reference for what a cell may say: every cell the bulk paths do not settle goes through them and gets
their message. Instants travel as ``datetime64[us]`` arrays in UTC, NaT where the file gives none.

Sources: the portal's dossier sync record (DOMAIN §10: field names, date formats, Asia/Ho_Chi_Minh);
statuses 1–10 and channels 1–3 (DOMAIN §4, [C S3]).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

import numpy as np
from django.utils.translation import gettext, gettext_noop

from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import keeping
from cchc.core.parsing import LOCAL_TZ, parse_decimal

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)

OURS = "ours"
PORTAL = "portal"

#: Statuses of the portal's sync catalogue (DOMAIN §4): 9 and 10 mean processing has finished; 1, 2 and 4
#: mean it has not (new, received, in progress), so such a dossier cannot have an end date.
STATUSES = range(1, 11)
CHANNELS = range(1, 4)
FINISHED_STATUSES = frozenset({9, 10})
OPEN_STATUSES = frozenset({1, 2, 4})
WITHDRAWN, STOPPED = 7, 8
RATINGS = {"rất hài lòng": 1, "hài lòng": 2, "không hài lòng": 3}

DATE_FIELDS = ("received_at", "due_at", "finished_at", "returned_at", "apology_at", "apology_new_due_at")
BOOL_FIELDS = ("online_full", "return_by_post", "paid_online", "components_digitised", "result_digitised",
               "reused_data", "due_computed")

# The CSV of a large export: csv's default limit (128 KiB a cell) refuses long JSON lists in one cell.
csv.field_size_limit(16 * 1024 * 1024)

#: One supplement request: (requested, completed or None), aware datetimes in Vietnam time.
Supplement = tuple[datetime, datetime | None]


@dataclass
class ParsedFile:
    """The rows of a file that could be read, column by column, and every problem found in the file.

    ``values`` maps our field names to one entry per kept row: a list (None where the file says nothing)
    or, for the instants of DATE_FIELDS, a ``datetime64[us]`` array in UTC (NaT where the file says
    nothing). ``supplements`` is always there: a tuple of (requested, completed) pairs per row, sorted.
    ``rows`` holds each kept row's number in the file; ``columns`` maps a field to the column it was read
    from, so that a problem found later names the column the user sees.
    """

    filename: str
    schema: str
    rows: list[int] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


# --- values ---------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    """A cell as text; Excel's numbers come back as they were typed (21550.0 → "21550")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_fromiso = datetime.fromisoformat


def parse_datetime(value: Any) -> datetime:
    """An aware datetime from ``yyyyMMddHHmmss``, ISO 8601 or ``dd/MM/yyyy[ HH:mm[:ss]]`` (DOMAIN §10).

    Values without an offset are Vietnam time; a date without a time is 00:00. The two fixed-width forms
    are rewritten to ISO for the C parser: ``strptime`` would cost more than all the rest of a row.
    """
    if value.__class__ is str:
        n = len(value)
        if n == 14 and value.isdigit():
            return _fromiso(f"{value[:4]}-{value[4:6]}-{value[6:8]}T{value[8:10]}:{value[10:12]}:{value[12:]}").replace(
                tzinfo=LOCAL_TZ)
        if n == 19 and value[2] == "/" and value[5] == "/" and value[10] == " " and value[:2].isdigit():
            return _fromiso(f"{value[6:10]}-{value[3:5]}-{value[:2]}T{value[11:]}").replace(tzinfo=LOCAL_TZ)
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ) if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(), LOCAL_TZ)
    if isinstance(value, bool):
        raise ValueError(value)
    text = _text(value)
    if text.isdigit():
        if len(text) == 14:
            return parse_datetime(text)
        if len(text) == 8:
            return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]), tzinfo=LOCAL_TZ)
        raise ValueError(text)
    if "/" in text:
        day_part, _sep, time_part = text.partition(" ")
        parts = day_part.split("/")
        if len(parts) != 3 or len(parts[2]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError(text)
        clock = [0, 0, 0]
        time_part = time_part.strip()
        if time_part:
            pieces = time_part.split(":")
            if len(pieces) not in (2, 3) or not all(p.isdigit() for p in pieces):
                raise ValueError(text)
            clock[: len(pieces)] = [int(p) for p in pieces]
        return datetime(int(parts[2]), int(parts[1]), int(parts[0]), *clock, tzinfo=LOCAL_TZ)
    result = _fromiso(text)
    return result.astimezone(LOCAL_TZ) if result.tzinfo else result.replace(tzinfo=LOCAL_TZ)


def _before(later: datetime, earlier: datetime) -> bool:
    """Whether ``later`` is before ``earlier``. A value at exactly 00:00 came from a date without a time:
    then the two are compared by day, so "01/03/2024" is not before "01/03/2024 09:30"."""
    if later >= earlier:
        return False
    if later.time() == time() or earlier.time() == time():
        return later.date() < earlier.date()
    return True


_TRUE = {"1", "true", "yes", "có", "x", "đúng"}
_FALSE = {"0", "false", "no", "không", "sai"}
_BOOLS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    result = _BOOLS.get(_text(value).lower())
    if result is None:
        raise ValueError(value)
    return result


def parse_int(value: Any) -> int:
    if value.__class__ is str:
        return int(value)  # int() ignores surrounding spaces
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    return int(_text(value))


def _amount(value: Any) -> Decimal:
    result = parse_decimal(value)
    if result < 0 or result != result.to_integral_value() or result >= Decimal(10) ** 14:
        raise ValueError(value)
    return Decimal(int(result))


def _json_list(value: Any) -> list | None:
    """A list given as JSON (nested in a JSON file, or as JSON text in a CSV/XLSX cell); None otherwise."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(value) from None
        if isinstance(parsed, list):
            return parsed
    return None


def _present(value: Any) -> bool:
    """Whether a list-or-count column says "there is at least one" (a list, a count, or a yes/no)."""
    items = _json_list(value)
    if items is not None:
        return bool(items)
    text = _text(value)
    if text.isdigit():
        return int(text) > 0
    return parse_bool(text)


def _rating(value: Any) -> int:
    if isinstance(value, str) and value.strip().lower() in RATINGS:
        return RATINGS[value.strip().lower()]
    number = parse_int(value)
    if number not in (1, 2, 3):
        raise ValueError(value)
    return number


# --- instants in bulk -----------------------------------------------------------------------------

NAT = np.datetime64("NaT", "us")
#: How far past the present an event of a dossier (receipt, finish, return, apology) may be dated.
FUTURE_LEEWAY = timedelta(days=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
#: Vietnam has kept UTC+7, without daylight saving, since 13/6/1975 (tz database, Asia/Ho_Chi_Minh).
_VN_OFFSET = np.timedelta64(7, "h")
_VN_OFFSET_SINCE = np.datetime64("1975-06-12T17:00", "us")  # 13/6/1975 00:00 in Vietnam
#: The fixed-width forms parsed by numpy. Any other form (8:15, an offset, fractions of a second, a number
#: from Excel…) goes through parse_datetime, as does a year outside 1976–2099.
BULK_FORMS = ("yyyyMMddHHmmss", "dd/MM/yyyy HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss",
              "dd/MM/yyyy", "yyyy-MM-dd", "yyyyMMdd")
_WIDTH = max(map(len, BULK_FORMS))


def instant(value: datetime) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]``."""
    return np.datetime64((value - _EPOCH) // _ONE_US, "us")


def to_datetime(value: np.datetime64) -> datetime | None:
    """A UTC ``datetime64[us]`` as an aware datetime in Vietnam time (None for NaT)."""
    if np.isnat(value):
        return None
    return (_EPOCH + int(value.astype(np.int64)) * _ONE_US).astimezone(LOCAL_TZ)


def wall_clock(times: np.ndarray) -> np.ndarray:
    """Vietnam's wall-clock time (naive ``datetime64[us]``) of UTC instants; NaT stays NaT."""
    wall = times + _VN_OFFSET
    for i in np.flatnonzero(times < _VN_OFFSET_SINCE):  # the offset varied before: ask the tz database
        wall[i] = np.datetime64(to_datetime(times[i]).replace(tzinfo=None), "us")
    return wall


def parse_instants(texts: Sequence[str]) -> np.ndarray:
    """The UTC instants (``datetime64[us]``) of strings written in one of BULK_FORMS, read as Vietnam time;
    NaT for any other string, for an impossible date (31/02/2024, 24:00) and for a year outside 1976–2099.
    Raises TypeError unless every cell is a string.

    Wherever it gives an instant, it is the one ``parse_datetime`` gives (a test holds them together).
    Each string becomes a row of code points; a form fits where its digits are digits and its separators
    are in place, then its fields are read as numbers and checked against the calendar.
    """
    n = len(texts)
    out = np.full(n, NAT)
    lengths = np.fromiter(map(str.__len__, texts), dtype=np.int64, count=n)
    candidates = np.flatnonzero(np.isin(lengths, [len(form) for form in BULK_FORMS]))
    if not len(candidates):
        return out
    chosen = texts if len(candidates) == n else [texts[i] for i in candidates]
    try:  # one row of bytes per string, shorter strings padded with 0
        chars = np.array(chosen, dtype=f"S{_WIDTH}").view(np.uint8).reshape(len(candidates), _WIDTH)
    except UnicodeEncodeError:  # a letter with a diacritic somewhere: the column is not dates
        chars = np.array(chosen, dtype=f"U{_WIDTH}").view(np.uint32).reshape(len(candidates), _WIDTH)
    length = lengths[candidates]
    pending = np.ones(len(candidates), dtype=bool)
    for form in BULK_FORMS:
        at = np.flatnonzero(pending & (length == len(form)))
        if not len(at):
            continue
        block = chars[at]
        digit_at = [p for p, c in enumerate(form) if c in "yMdHms"]
        fits = (block[:, digit_at] - block.dtype.type(ord("0")) <= 9).all(axis=1)  # below "0" wraps around
        separators = [(p, ord(c)) for p, c in enumerate(form) if c not in "yMdHms"]
        if separators:
            fits &= (block[:, [p for p, _c in separators]] == [c for _p, c in separators]).all(axis=1)
        at, block = at[fits], block[fits].astype(np.int64) - ord("0")
        pending[at] = False

        def number(letter: str, form: str = form, block: np.ndarray = block) -> np.ndarray:
            positions = [p for p, c in enumerate(form) if c == letter]
            return block[:, positions] @ (10 ** np.arange(len(positions) - 1, -1, -1)) if positions else 0

        year, month, day = number("y"), number("M"), number("d")
        hour, minute, second = number("H"), number("m"), number("s")
        months = (year - 1970) * 12 + month - 1
        first_day = months.astype("datetime64[M]").astype("datetime64[D]")
        month_days = ((months + 1).astype("datetime64[M]").astype("datetime64[D]") - first_day).astype(np.int64)
        valid = ((year >= 1976) & (year <= 2099) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
                 & (hour <= 23) & (minute <= 59) & (second <= 59))
        wall = ((first_day + (day - 1).astype("timedelta64[D]")).astype("datetime64[us]")
                + np.asarray((hour * 60 + minute) * 60 + second).astype("timedelta64[s]"))
        out[candidates[at[valid]]] = wall[valid] - _VN_OFFSET
    return out


# --- one cell -------------------------------------------------------------------------------------
# A cell converter takes one cell that is not blank and the name of its column, and returns what the cell
# means or raises _Bad with a translated message.

class _Bad(ValueError):
    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


def _msg_date(raw: Any) -> str:
    return _("Ngày giờ không hợp lệ «{value}» (dùng yyyyMMddHHmmss, ISO 8601 hoặc dd/MM/yyyy HH:mm:ss).").format(value=raw)


def _text_cell(max_length: int) -> Callable:
    def convert(raw: Any, column: str) -> str:
        if raw.__class__ is str:
            text = raw.strip()
        elif isinstance(raw, list | dict):
            raise _Bad(_("Phải là một giá trị đơn, không phải danh sách."))
        else:
            text = _text(raw)
        if len(text) > max_length:
            raise _Bad(_("Dài quá {n} ký tự.").format(n=max_length))
        return text
    return convert


def _instant_cell(raw: Any, column: str) -> np.datetime64:
    try:
        return instant(parse_datetime(raw))
    except (ValueError, TypeError, OverflowError):
        raise _Bad(_msg_date(raw)) from None


def _bool_cell(raw: Any, column: str) -> bool:
    result = _BOOLS.get(raw) if raw.__class__ is str else None
    if result is None:
        try:
            result = parse_bool(raw)
        except ValueError:
            raise _Bad(_("Phải là 1/0 (có/không), nhận được «{value}».").format(value=raw)) from None
    return result


def _choice_cell(allowed: Iterable[int], message: str) -> Callable:
    """``message`` is marked with gettext_noop and translated when a cell is refused (the module is imported
    before a language is active)."""
    allowed = frozenset(allowed)

    def convert(raw: Any, column: str) -> int:
        try:
            number = int(raw) if raw.__class__ is str else parse_int(raw)
        except (ValueError, TypeError):
            number = None
        if number not in allowed:
            raise _Bad(_(message).format(value=raw))
        return number
    return convert


def _int_cell(maximum: int) -> Callable:
    def convert(raw: Any, column: str) -> int:
        try:
            number = parse_int(raw)
        except (ValueError, TypeError):
            number = -1
        if not 0 <= number <= maximum:
            raise _Bad(_("Phải là số nguyên từ 0 đến {max}, nhận được «{value}».").format(max=maximum, value=raw))
        return number
    return convert


def _amount_cell(raw: Any, column: str) -> Decimal:
    if raw.__class__ is str and raw.isdigit():
        return Decimal(raw)
    try:
        return _amount(raw)
    except ValueError:
        raise _Bad(_("Số tiền phải là số đồng nguyên không âm, nhận được «{value}».").format(value=raw)) from None


def _rating_cell(raw: Any, column: str) -> int:
    try:
        return _rating(raw)
    except (ValueError, TypeError):
        raise _Bad(_("Đánh giá phải là 1 (rất hài lòng), 2 (hài lòng) hoặc 3 (không hài lòng), nhận được «{value}».")
                   .format(value=raw)) from None


_STATUS_MSG = gettext_noop("Trạng thái phải là số từ 1 đến 10, nhận được «{value}».")
_CHANNEL_MSG = gettext_noop("Kênh thực hiện phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính), nhận được «{value}».")
_APPLICANT_MSG = gettext_noop("Loại đối tượng phải là 1 (công dân) hoặc 2 (tổ chức), nhận được «{value}».")


def _supplement_pair(values: list[Any], column: str) -> Supplement:
    requested = values[0] if values else None
    completed = values[1] if len(values) > 1 else None
    if requested in (None, ""):
        raise _Bad(_("Thiếu ngày yêu cầu bổ sung."), column)
    try:
        req = parse_datetime(requested)
    except (ValueError, TypeError, OverflowError):
        raise _Bad(_msg_date(requested), column) from None
    if completed in (None, ""):
        return req, None
    try:
        return req, parse_datetime(completed)
    except (ValueError, TypeError, OverflowError):
        raise _Bad(_msg_date(completed), column) from None


def _our_supplements_cell(raw: Any, column: str) -> tuple[Supplement, ...]:
    """``requested|completed;requested|completed`` in a cell, or a JSON list of such strings, of
    [requested, completed] pairs or of {"requested_at", "completed_at"} objects. In the file's order (the
    messages number them so); sorted later."""
    items = _json_list(raw)
    if items is None:
        items = [part for part in _text(raw).split(";") if part.strip()]
    pairs = []
    for number, item in enumerate(items, start=1):
        where = f"{column}[{number}]"
        if isinstance(item, dict):
            pairs.append(_supplement_pair([item.get("requested_at"), item.get("completed_at")], where))
        elif isinstance(item, list):
            pairs.append(_supplement_pair(item, where))
        else:
            pairs.append(_supplement_pair([p.strip() for p in str(item).split("|")], where))
    return tuple(pairs)


def _portal_supplements_cell(raw: Any, column: str) -> tuple[Supplement, ...]:
    """DanhSachHoSoBoSung: a list of objects with NgayBoSung (requested) and NgayTiepNhanBoSung (completed)."""
    try:
        items = _json_list(raw)
    except ValueError:
        items = None
    if items is None:
        raise _Bad(_("Phải là danh sách JSON các lần bổ sung (NgayBoSung, NgayTiepNhanBoSung)."))
    pairs = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise _Bad(_("Mỗi lần bổ sung phải là một đối tượng JSON."), f"{column}[{number}]")
        pairs.append(_supplement_pair([item.get("NgayBoSung"), item.get("NgayTiepNhanBoSung")], f"{column}[{number}]"))
    return tuple(pairs)


def _fee_list_cell(raw: Any, column: str) -> Decimal:
    """DanhSachLePhi: the dossier's fee is the sum of its items' Gia."""
    try:
        items = _json_list(raw)
    except ValueError:
        items = None
    if items is None:
        raise _Bad(_("Phải là danh sách JSON các khoản phí (có trường Gia)."))
    total = Decimal(0)
    for number, item in enumerate(items, start=1):
        price = item.get("Gia") if isinstance(item, dict) else None
        if price in (None, ""):
            continue
        try:
            total += _amount(price)
        except ValueError:
            raise _Bad(_("Số tiền phải là số đồng nguyên không âm, nhận được «{value}».").format(value=price),
                       f"{column}[{number}].Gia") from None
    return total


def _present_cell(raw: Any, column: str) -> bool:
    try:
        return _present(raw)
    except ValueError:
        raise _Bad(_("Phải là danh sách JSON, số lượng hoặc 1/0, nhận được «{value}».").format(value=raw)) from None


def _paid_online_cell(raw: Any, column: str) -> bool:
    """DuocThanhToanTrucTuyen: 1 or 2 mean paid online (DOMAIN §4, [C S3]); 0 or empty mean not."""
    try:
        return parse_int(raw) in (1, 2)
    except (ValueError, TypeError):
        raise _Bad(_("Phải là 0, 1 hoặc 2, nhận được «{value}».").format(value=raw)) from None


def _return_by_post_cell(raw: Any, column: str) -> bool:
    """HinhThuc: 0 at the counter, 1 by post (DOMAIN §10)."""
    try:
        number = parse_int(raw)
    except (ValueError, TypeError):
        number = None
    if number not in (0, 1):
        raise _Bad(_("Hình thức trả phải là 0 (tại quầy) hoặc 1 (bưu chính), nhận được «{value}».").format(value=raw))
    return number == 1


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# --- whole columns --------------------------------------------------------------------------------
# A column reader returns one value per cell (None, or NaT for instants, where the cell is blank or wrong)
# and the wrong cells as (position, _Bad).

BadCells = list[tuple[int, _Bad]]


def _read_each(cells: Sequence[Any], name: str, convert: Callable) -> tuple[list, BadCells]:
    values: list[Any] = [None] * len(cells)
    bad: BadCells = []
    for i, cell in enumerate(cells):
        if _blank(cell):
            continue
        try:
            values[i] = convert(cell, name)
        except _Bad as exc:
            bad.append((i, exc))
    return values, bad


def _read_distinct(cells: Sequence[Any], name: str, convert: Callable) -> tuple[list, BadCells]:
    """Convert each distinct cell once. Only for text cells: 1, 1.0 and True are one key of a set but are
    not read alike (JSON and Excel cells go one by one)."""
    try:
        distinct = set(cells)
    except TypeError:  # lists or objects in JSON records
        return _read_each(cells, name, convert)
    if any(cell.__class__ is not str for cell in distinct if cell is not None):
        return _read_each(cells, name, convert)
    meaning: dict[Any, Any] = {}
    failed: dict[Any, _Bad] = {}
    for cell in distinct:
        meaning[cell] = None
        if not _blank(cell):
            try:
                meaning[cell] = convert(cell, name)
            except _Bad as exc:
                failed[cell] = exc
    values = list(map(meaning.__getitem__, cells))
    bad = [(i, failed[cell]) for i, cell in enumerate(cells) if cell in failed] if failed else []
    return values, bad


def _read_texts(cells: Sequence[Any], name: str, convert: Callable, max_length: int) -> tuple[list, BadCells]:
    """Strings stripped in bulk when they all are strings within the length; otherwise one by one."""
    try:
        texts = list(map(str.strip, cells))
    except TypeError:  # numbers, lists… (JSON, Excel)
        return _read_each(cells, name, convert)
    if texts and max(map(len, texts)) > max_length:
        return _read_each(cells, name, convert)
    return [text or None for text in texts], []


def _read_instants(cells: Sequence[Any], name: str) -> tuple[np.ndarray, BadCells]:
    """Instants: strings in the fixed-width forms by numpy, every other cell by parse_datetime."""
    try:
        out = parse_instants(cells)
    except TypeError:  # not all strings (JSON, Excel): the strings in bulk, the rest below
        out = np.full(len(cells), NAT)
        strings = [i for i, cell in enumerate(cells) if cell.__class__ is str]
        if strings:
            out[strings] = parse_instants([cells[i] for i in strings])
    bad: BadCells = []
    given = np.fromiter(map(bool, cells), dtype=bool, count=len(cells))
    for i in np.flatnonzero(np.isnat(out) & given).tolist():
        cell = cells[i]
        if not _blank(cell):
            try:
                out[i] = _instant_cell(cell, name)
            except _Bad as exc:
                bad.append((i, exc))
    return out, bad


@dataclass(frozen=True)
class _Column:
    """How one column of a file fills one of our fields.

    ``convert(cell, column)`` reads one cell (see "one cell" above). ``kind`` picks how the whole column is
    read: "text" (stripped in bulk, ``max_length`` checked), "instant" (parse_instants) or "value" (once
    per distinct cell). ``either``: several columns may set this flag, and any of them sets it (DuocSoHoa,
    HoSoCoThanhPhanSoHoa); for other fields given by two columns the later column wins where it says
    something."""

    field: str
    convert: Callable[[Any, str], Any]
    kind: str = "value"
    max_length: int = 0
    either: bool = False

    def read(self, cells: Sequence[Any], name: str) -> tuple[list | np.ndarray, BadCells]:
        if self.kind == "instant":
            return _read_instants(cells, name)
        if self.kind == "text":
            return _read_texts(cells, name, self.convert, self.max_length)
        return _read_distinct(cells, name, self.convert)

    def merge(self, before: list, after: list) -> list:
        if self.either:
            return [b if a is None else (a or bool(b)) for b, a in zip(before, after, strict=True)]
        return [b if a is None else a for b, a in zip(before, after, strict=True)]


def _text_column(name: str, max_length: int) -> _Column:
    return _Column(name, _text_cell(max_length), "text", max_length)


def _instant_column(name: str) -> _Column:
    return _Column(name, _instant_cell, "instant")


# --- the two schemas ------------------------------------------------------------------------------

OUR_COLUMNS: dict[str, _Column | None] = {
    "code": _text_column("code", 64),
    "source_system": _text_column("source_system", 64),
    "receipt_number": _text_column("receipt_number", 64),
    "unit_code": _text_column("unit_ref", 64),
    "procedure_code": _text_column("procedure_code", 32),
    "status": _Column("status", _choice_cell(STATUSES, _STATUS_MSG)),
    "channel": _Column("channel", _choice_cell(CHANNELS, _CHANNEL_MSG)),
    "applicant_kind": _Column("applicant_kind", _choice_cell((1, 2), _APPLICANT_MSG)),
    **{name: _instant_column(name) for name in DATE_FIELDS},
    **{name: _Column(name, _bool_cell) for name in BOOL_FIELDS},
    "supplements": _Column("supplements", _our_supplements_cell),
    "supplement_count": _Column("supplement_count", _int_cell(32767)),
    "supplement_wait_seconds": _Column("supplement_wait_seconds", _int_cell(2**31 - 1)),
    "fee_amount": _Column("fee_amount", _amount_cell),
    "rating": _Column("rating", _rating_cell),
}

#: The national portal's names (DOMAIN §10) → how each is read. Names of the record that CCHC does not keep
#: (None) are accepted and ignored, so that an export is taken without editing.
PORTAL_COLUMNS: dict[str, _Column | None] = {
    "MaHoSo": _text_column("code", 64),
    "SoBienNhan": _text_column("receipt_number", 64),
    "MaTTHC": _text_column("procedure_code", 32),
    "MaDonVi": _text_column("unit_ref", 64),
    "DonViXuLy": _text_column("unit_name", 255),
    "NgayTiepNhan": _instant_column("received_at"),
    "NgayHenTra": _instant_column("due_at"),
    "NgayKetThucXuLy": _instant_column("finished_at"),
    "NgayTra": _instant_column("returned_at"),
    "TrangThaiHoSo": _Column("status", _choice_cell(STATUSES, _STATUS_MSG)),
    "KenhThucHien": _Column("channel", _choice_cell(CHANNELS, _CHANNEL_MSG)),
    "HinhThuc": _Column("return_by_post", _return_by_post_cell),
    "DuocThanhToanTrucTuyen": _Column("paid_online", _paid_online_cell),
    "LoaiDoiTuong": _Column("applicant_kind", _choice_cell((1, 2), _APPLICANT_MSG)),
    "DanhSachHoSoBoSung": _Column("supplements", _portal_supplements_cell),
    "SoLanBoSung": _Column("supplement_count", _int_cell(32767)),
    "DanhSachLePhi": _Column("fee_amount", _fee_list_cell),
    "TongPhi": _Column("fee_amount", _amount_cell),
    "DanhSachGiayToKetQua": _Column("result_digitised", _present_cell),
    "CoKetQuaDienTu": _Column("result_digitised", _bool_cell),
    "TaiLieuNop": _Column("components_digitised", _present_cell),
    "DuocSoHoa": _Column("reused_data", _bool_cell, either=True),
    "HoSoCoThanhPhanSoHoa": _Column("reused_data", _bool_cell, either=True),
    "MucDoHaiLong": _Column("rating", _rating_cell),
    "DanhGia": _Column("rating", _rating_cell),
    **dict.fromkeys((
        "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "MaDoiTuong", "Email", "SoDienThoai", "Fax",
        "ThongTinKhac", "TrichYeuHoSo", "ThongTinTra", "GhiChu",
    )),
}

#: Our field name → the portal column that fills it, for naming columns in messages about rules that
#: involve several fields.
PORTAL_COLUMN_OF = {
    "code": "MaHoSo", "receipt_number": "SoBienNhan", "procedure_code": "MaTTHC", "unit_ref": "MaDonVi",
    "unit_name": "DonViXuLy", "received_at": "NgayTiepNhan", "due_at": "NgayHenTra",
    "finished_at": "NgayKetThucXuLy", "returned_at": "NgayTra", "status": "TrangThaiHoSo",
    "channel": "KenhThucHien", "supplements": "DanhSachHoSoBoSung", "supplement_count": "SoLanBoSung",
}
OUR_COLUMN_OF = {"unit_ref": "unit_code"}
#: The values every row must have: our field name → its column in each schema.
REQUIRED = {
    OURS: {"code": "code", "procedure_code": "procedure_code", "status": "status", "received_at": "received_at"},
    PORTAL: {"code": "MaHoSo", "procedure_code": "MaTTHC", "status": "TrangThaiHoSo", "received_at": "NgayTiepNhan"},
}
#: The unit is given by one of these (the portal's agency name is a fallback for its code).
UNIT_COLUMNS = {OURS: ("unit_code",), PORTAL: ("MaDonVi", "DonViXuLy")}


def detect_schema(keys: Iterable[str]) -> str | None:
    """Which schema a header (or the keys of JSON records) is in: the portal's has MaHoSo, ours has code."""
    keys = set(keys)
    if "MaHoSo" in keys and "code" not in keys:
        return PORTAL
    if "code" in keys and "MaHoSo" not in keys:
        return OURS
    return None


# --- reading files --------------------------------------------------------------------------------

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


def _refuse(filename: str, message: str, row: int | None = None, field: str = "") -> InvalidInput:
    return InvalidInput(issues=[Issue(message, file=filename, row=row, field=field)])


def _decode(content: bytes, filename: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise _refuse(filename, _("Tệp không phải văn bản UTF-8 (byte lạ ở dòng {line}); hãy lưu lại tệp với bảng mã "
                                  "UTF-8.").format(line=line), row=line) from None


def _clean_header(header: list[Any]) -> list[str]:
    return [_text(h) if h is not None else "" for h in header]


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
            raise _refuse(filename, _("Tệp trống, không có dòng tiêu đề."), row=1)
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
            raise _refuse(self.filename, _("Tệp CSV hỏng: {problem}.").format(problem=exc),
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
        raise _refuse(filename, _("Không đọc được tệp Excel (.xlsx).")) from None
    sheet = workbook.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header_row = next(cells, None)
    if not header_row or all(h is None for h in header_row):
        raise _refuse(filename, _("Trang tính đầu tiên trống, không có dòng tiêu đề."), row=1)
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
        raise _refuse(filename, _("Tệp JSON sai cú pháp: {problem}.").format(problem=exc.msg), row=exc.lineno) from None
    return records_table(doc.get("records") if isinstance(doc, dict) else doc, filename)


def records_table(records: Any, filename: str) -> Table:
    if not isinstance(records, list):
        raise _refuse(filename, _("Phải là một danh sách hồ sơ, hoặc một đối tượng có khóa «records» là danh sách đó."))
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
    raise _refuse(filename, _("Chỉ nhận tệp .csv, .xlsx hoặc .json."))




# --- interpreting a table -------------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
    """What the header of a file (the keys of its records, for JSON) says: the schema, how each column
    is read, and the columns in order."""

    schema: str
    spec: dict[str, _Column | None]
    keys: list[str]


def read_header(table: Table | CsvFile) -> Header:
    """The schema of a file and its columns; unknown or missing columns refuse the file."""
    first_row: dict[str, int | None] = {}
    if table.header is not None:
        keys = table.header
        first_row = dict.fromkeys(keys, 1)
    else:
        for number, record in table.mappings():
            for key in record:
                first_row.setdefault(key, number)
        keys = list(first_row)
    schema = detect_schema(keys)
    if schema is None:
        raise _refuse(table.filename, _("Không nhận ra định dạng: tiêu đề phải có cột «code» (định dạng của CCHC) hoặc "
                                        "«MaHoSo» (tên trường của Cổng DVC quốc gia), không có cả hai."), row=1)
    spec = OUR_COLUMNS if schema == OURS else PORTAL_COLUMNS
    issues = []
    seen: set[str] = set()
    for position, key in enumerate(keys, start=1):
        if key == "":
            issues.append(Issue(_("Cột thứ {n} không có tên.").format(n=position), file=table.filename, row=1))
            continue
        if key not in spec:
            issues.append(Issue(_("Cột không xác định «{name}» (xem docs/dossier-files.md).").format(name=key),
                                file=table.filename, row=first_row.get(key), field=key))
        if key in seen:
            issues.append(Issue(_("Cột «{name}» xuất hiện hai lần.").format(name=key), file=table.filename, row=1, field=key))
        seen.add(key)
    if table.header is not None:
        for key in REQUIRED[schema].values():
            if key not in seen:
                issues.append(Issue(_("Thiếu cột bắt buộc «{name}».").format(name=key), file=table.filename, row=1, field=key))
        if not seen & set(UNIT_COLUMNS[schema]):
            names = " / ".join(UNIT_COLUMNS[schema])
            issues.append(Issue(_("Thiếu cột đơn vị giải quyết «{name}».").format(name=names), file=table.filename, row=1,
                                field=UNIT_COLUMNS[schema][0]))
    if issues:
        raise InvalidInput(issues=issues)
    return Header(schema, spec, list(keys))


def _columns_of(table: Table, keys: list[str]) -> dict[str, Sequence[Any]]:
    """The table's cells column by column: the header's columns (CSV, XLSX), or for JSON each key of the
    whole file (``keys``), None where a record lacks it."""
    if table.header is not None:
        if not table.rows:
            return {key: () for key in table.header}
        return dict(zip(table.header, zip(*table.rows, strict=True), strict=True))
    return {key: [record.get(key) for record in table.rows] for key in keys}


def _absent(values: list | np.ndarray | None, n: int) -> list[int]:
    """Positions where a field has no value (the field missing altogether: every position)."""
    if values is None:
        return list(range(n))
    if isinstance(values, np.ndarray):
        return np.flatnonzero(np.isnat(values)).tolist()
    return [i for i, value in enumerate(values) if value is None]


def _take(values: list | np.ndarray, positions: list[int]) -> list | np.ndarray:
    if isinstance(values, np.ndarray):
        return values[positions]
    return [values[i] for i in positions]


def parse_records(table: Table, *, header: Header | None = None, codes_seen: dict[str, int] | None = None,
                  progress: Callable[[int], None] | None = None) -> ParsedFile:
    """Interpret every row, column by column; problems are collected (never raised) so that all are
    reported at once, in row order.

    A row with a wrong cell, a missing required value, no unit or a repeated code is left out of the
    result. A row that breaks a rule between its fields (``_check_rules``) has its problem reported but
    is kept, so that its unit and procedure are still checked. A file may be interpreted in parts
    (``Table.part``): then pass the whole file's ``read_header`` and one ``codes_seen`` for all parts, in
    which each code's first row is kept.
    """
    if table.header is None and table.count == 0 and header is None:  # an empty JSON list: nothing to interpret
        return ParsedFile(table.filename, OURS)
    header = header or read_header(table)
    schema, spec = header.schema, header.spec
    result = ParsedFile(table.filename, schema, columns=OUR_COLUMN_OF if schema == OURS else PORTAL_COLUMN_OF)
    numbers = table.numbers
    n = len(numbers)
    cells_of = _columns_of(table, header.keys)
    found: list[tuple[int, Issue]] = []  # (position, issue), sorted by position at the end

    def report(positions: Iterable[int], message: str | Callable[[int], str], field: str) -> None:
        for i in positions:
            text = message if isinstance(message, str) else message(i)
            found.append((i, Issue(text, file=table.filename, row=numbers[i], field=field)))

    values: dict[str, Any] = {}
    for done, (key, cells) in enumerate(cells_of.items(), start=1):
        column = spec[key]
        if column is not None:
            read, bad = column.read(cells, key)
            for i, exc in bad:
                report([i], exc.message, exc.column or key)
            values[column.field] = column.merge(values[column.field], read) if column.field in values else read
        if progress is not None:
            progress(n * done // len(cells_of))

    for name, key in REQUIRED[schema].items():
        cells = cells_of.get(key)
        report([i for i in _absent(values.get(name), n) if cells is None or _blank(cells[i])],
               _("Thiếu giá trị bắt buộc."), key)
    no_unit = set(_absent(values.get("unit_ref"), n)).intersection(_absent(values.get("unit_name"), n))
    unit_cells = [cells_of[c] for c in UNIT_COLUMNS[schema] if c in cells_of]
    report(sorted(i for i in no_unit if all(_blank(cells[i]) for cells in unit_cells)),
           _("Thiếu đơn vị giải quyết."), UNIT_COLUMNS[schema][0])
    codes = values.get("code") or [None] * n
    first_row = {} if codes_seen is None else codes_seen  # code → the first row that has it
    known = len(first_row)
    given = [(code, number) for code, number in zip(codes, numbers, strict=True) if code is not None]
    for code, number in given:
        first_row.setdefault(code, number)
    if len(first_row) - known < len(given):  # some code repeats
        for i, code in enumerate(codes):
            if code is not None and first_row[code] != numbers[i]:
                report([i], _("Mã hồ sơ «{code}» trùng với dòng {row}.").format(code=code, row=first_row[code]),
                       result.column("code"))

    if found:
        dropped = {i for i, _issue in found}
        kept = [i for i in range(n) if i not in dropped]
        values = {name: _take(column, kept) for name, column in values.items()}
    else:
        kept = list(range(n))
    result.rows = [numbers[i] for i in kept]
    result.values = values
    _check_rules(result, lambda positions, message, name: report((kept[j] for j in positions), message,
                                                                 result.column(name)))
    _finish_supplements(values, len(kept))
    found.sort(key=lambda pair: pair[0])  # stable: within a row, the order the checks ran in
    result.issues = [issue for _i, issue in found]
    return result


def _check_rules(parsed: ParsedFile, report: Callable) -> None:
    """The rules between a row's fields, on whole columns: dates in order, a status that fits the dates,
    the supplements. ``report(positions, message, field)``; a message may be a function of the position."""
    v = parsed.values
    n = len(parsed)
    if not n:
        return
    times = {name: v[name] if name in v else np.full(n, NAT) for name in DATE_FIELDS}
    walls = {name: wall_clock(t) for name, t in times.items()}
    given = {name: ~np.isnat(t) for name, t in times.items()}
    status = np.array(v["status"], dtype=np.int64)

    def before(later: str, earlier: str) -> np.ndarray:
        """Where ``later`` is before ``earlier``; at exactly 00:00 (a date without a time) by day (_before)."""
        a, b = walls[later], walls[earlier]
        day_a, day_b = a.astype("datetime64[D]"), b.astype("datetime64[D]")
        by_day = (a == day_a) | (b == day_b)
        return (times[later] < times[earlier]) & (~by_day | (day_a < day_b))

    def where(mask: np.ndarray) -> list[int]:
        return np.flatnonzero(mask).tolist()

    def with_status(message: str) -> Callable[[int], str]:
        return lambda i: message.format(status=int(status[i]))

    if "source_system" in v:
        report([i for i, value in enumerate(v["source_system"]) if value is not None],
               _("Cột source_system không được dùng: hệ thống nguồn do người nhập chọn (--source)."), "source_system")
    report(where(before("due_at", "received_at")), _("Ngày hẹn trả trước ngày tiếp nhận."), "due_at")
    report(where(before("finished_at", "received_at")), _("Ngày kết thúc xử lý trước ngày tiếp nhận."), "finished_at")
    finished = given["finished_at"]
    report(where(finished & before("returned_at", "finished_at")), _("Ngày trả kết quả trước ngày kết thúc xử lý."),
           "returned_at")
    report(where(~finished & before("returned_at", "received_at")), _("Ngày trả kết quả trước ngày tiếp nhận."),
           "returned_at")
    report(where(~finished & np.isin(status, list(FINISHED_STATUSES))),
           with_status(_("Trạng thái {status} (đã xử lý xong / đã trả kết quả) phải có ngày kết thúc xử lý.")),
           "finished_at")
    still_open = np.isin(status, list(OPEN_STATUSES))
    report(where(still_open & finished),
           with_status(_("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày kết thúc xử lý.")), "finished_at")
    report(where(still_open & given["returned_at"]),
           with_status(_("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày trả kết quả.")), "returned_at")
    report(where(before("apology_at", "received_at")), _("Ngày xin lỗi trước ngày tiếp nhận."), "apology_at")
    # What has happened cannot be dated later than now (a day's leeway for clocks): a receipt typed as
    # 2062 for 2026 would otherwise open periods no one has reached. Due dates may lie ahead.
    horizon = instant(datetime.now(UTC) + FUTURE_LEEWAY)
    for name, message in (("received_at", _("Ngày tiếp nhận ở tương lai.")),
                          ("finished_at", _("Ngày kết thúc xử lý ở tương lai.")),
                          ("returned_at", _("Ngày trả kết quả ở tương lai.")),
                          ("apology_at", _("Ngày xin lỗi ở tương lai."))):
        report(where(given[name] & (times[name] > horizon)), message, name)
    report(where(~given["apology_at"] & given["apology_new_due_at"]), _("Có ngày hẹn trả mới nhưng không có ngày xin lỗi."),
           "apology_new_due_at")
    listed = v.get("supplements") or [None] * n
    counts = v.get("supplement_count") or [None] * n
    for i, pairs in enumerate(listed):
        if pairs is None:
            continue
        if pairs:
            received = to_datetime(times["received_at"][i])
            for number, (requested, completed) in enumerate(pairs, start=1):
                if _before(requested, received):
                    report([i], _("Lần bổ sung {n}: ngày yêu cầu bổ sung trước ngày tiếp nhận.").format(n=number),
                           "supplements")
                if completed is not None and _before(completed, requested):
                    report([i], _("Lần bổ sung {n}: ngày hoàn thành bổ sung trước ngày yêu cầu bổ sung.").format(n=number),
                           "supplements")
        if counts[i] is not None and counts[i] != len(pairs):
            report([i], _("Số lần bổ sung {count} khác số lần bổ sung được liệt kê ({listed}).").format(
                count=counts[i], listed=len(pairs)), "supplement_count")


def _finish_supplements(v: dict[str, Any], n: int) -> None:
    """What the model keeps of the supplement lists: each sorted by request, its count and (unless the file
    gives it) the total wait. A row whose file says nothing of supplements keeps its given count."""
    listed = v.get("supplements")
    if listed is None:
        v["supplements"] = [()] * n
        return
    counts = v["supplement_count"] = list(v.get("supplement_count") or [None] * n)
    waits = v["supplement_wait_seconds"] = list(v.get("supplement_wait_seconds") or [None] * n)
    for i, pairs in enumerate(listed):
        if pairs is None:
            listed[i] = ()
            continue
        counts[i] = len(pairs)
        if pairs:
            listed[i] = pairs = tuple(sorted(pairs, key=lambda pair: pair[0]))
        if waits[i] is None:
            waits[i] = sum(int((completed - requested).total_seconds()) for requested, completed in pairs
                           if completed is not None and completed > requested)


def iter_chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
