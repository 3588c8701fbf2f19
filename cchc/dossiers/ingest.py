"""Reading dossier files: CSV, XLSX and JSON, in our schema or in the national portal's field names.

This module only parses and checks what a row says by itself (types, ranges, date order, a status that
fits its dates, duplicate codes); it reads no database. ``services`` resolves units and procedures,
computes due dates and writes. See docs/dossier-files.md for the formats and the mapping table.

Sources: the portal's dossier sync record (DOMAIN §10: field names, date formats, Asia/Ho_Chi_Minh);
statuses 1–10 and channels 1–3 (DOMAIN §4, [C S3]).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.core.errors import InvalidInput, Issue
from cchc.core.parsing import LOCAL_TZ, parse_decimal

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


@dataclass
class Record:
    """One dossier as a file states it, converted to Python values and keyed by our field names.

    ``columns`` maps each of our field names to the column (or JSON key) it was read from, so that a
    problem found later names the column the user sees.
    """

    row: int
    values: dict[str, Any]
    columns: dict[str, str]

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


@dataclass
class ParsedFile:
    filename: str
    schema: str
    records: list[Record] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


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


# --- the two schemas ------------------------------------------------------------------------------
# A converter takes (values, raw, column) and stores what the cell means under our field names. It raises
# _Bad with a translated message when the cell is wrong.

class _Bad(ValueError):
    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


def _msg_date(raw: Any) -> str:
    return _("Ngày giờ không hợp lệ «{value}» (dùng yyyyMMddHHmmss, ISO 8601 hoặc dd/MM/yyyy HH:mm:ss).").format(value=raw)


def _set_text(name: str, max_length: int) -> Callable:
    def convert(values: dict, raw: Any, column: str) -> None:
        if raw.__class__ is str:
            text = raw.strip()
        elif isinstance(raw, list | dict):
            raise _Bad(_("Phải là một giá trị đơn, không phải danh sách."))
        else:
            text = _text(raw)
        if len(text) > max_length:
            raise _Bad(_("Dài quá {n} ký tự.").format(n=max_length))
        values[name] = text
    return convert


def _set_date(name: str) -> Callable:
    def convert(values: dict, raw: Any, column: str) -> None:
        try:
            values[name] = parse_datetime(raw)
        except (ValueError, TypeError, OverflowError):
            raise _Bad(_msg_date(raw)) from None
    return convert


def _set_bool(name: str) -> Callable:
    def convert(values: dict, raw: Any, column: str) -> None:
        result = _BOOLS.get(raw) if raw.__class__ is str else None
        if result is None:
            try:
                result = parse_bool(raw)
            except ValueError:
                raise _Bad(_("Phải là 1/0 (có/không), nhận được «{value}».").format(value=raw)) from None
        values[name] = result
    return convert


def _set_bool_or(name: str) -> Callable:
    """A flag that several columns may set (DuocSoHoa, HoSoCoThanhPhanSoHoa): any of them sets it."""
    inner = _set_bool(name)

    def convert(values: dict, raw: Any, column: str) -> None:
        before = values.get(name, False)
        inner(values, raw, column)
        values[name] = values[name] or before
    return convert


def _set_choice(name: str, allowed: Iterable[int], message: str) -> Callable:
    """``message`` is marked with gettext_noop and translated when a cell is refused (the module is imported
    before a language is active)."""
    allowed = frozenset(allowed)

    def convert(values: dict, raw: Any, column: str) -> None:
        try:
            number = int(raw) if raw.__class__ is str else parse_int(raw)
        except (ValueError, TypeError):
            number = None
        if number not in allowed:
            raise _Bad(_(message).format(value=raw))
        values[name] = number
    return convert


def _set_int(name: str, maximum: int) -> Callable:
    def convert(values: dict, raw: Any, column: str) -> None:
        try:
            number = parse_int(raw)
        except (ValueError, TypeError):
            number = -1
        if not 0 <= number <= maximum:
            raise _Bad(_("Phải là số nguyên từ 0 đến {max}, nhận được «{value}».").format(max=maximum, value=raw))
        values[name] = number
    return convert


def _set_amount(values: dict, raw: Any, column: str) -> None:
    if raw.__class__ is str and raw.isdigit():
        values["fee_amount"] = Decimal(raw)
        return
    try:
        values["fee_amount"] = _amount(raw)
    except ValueError:
        raise _Bad(_("Số tiền phải là số đồng nguyên không âm, nhận được «{value}».").format(value=raw)) from None


def _set_rating(values: dict, raw: Any, column: str) -> None:
    try:
        values["rating"] = _rating(raw)
    except (ValueError, TypeError):
        raise _Bad(_("Đánh giá phải là 1 (rất hài lòng), 2 (hài lòng) hoặc 3 (không hài lòng), nhận được «{value}».")
                   .format(value=raw)) from None


_STATUS_MSG = gettext_noop("Trạng thái phải là số từ 1 đến 10, nhận được «{value}».")
_CHANNEL_MSG = gettext_noop("Kênh thực hiện phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính), nhận được «{value}».")
_APPLICANT_MSG = gettext_noop("Loại đối tượng phải là 1 (công dân) hoặc 2 (tổ chức), nhận được «{value}».")


def _supplement_pair(values: list[Any], column: str) -> tuple[datetime, datetime | None]:
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


def _set_our_supplements(values: dict, raw: Any, column: str) -> None:
    """``requested|completed;requested|completed`` in a cell, or a JSON list of such strings, of
    [requested, completed] pairs or of {"requested_at", "completed_at"} objects."""
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
    values["supplements"] = pairs


def _set_portal_supplements(values: dict, raw: Any, column: str) -> None:
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
    values["supplements"] = pairs


def _set_fee_list(values: dict, raw: Any, column: str) -> None:
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
    values["fee_amount"] = total


def _set_present(name: str) -> Callable:
    def convert(values: dict, raw: Any, column: str) -> None:
        try:
            values[name] = _present(raw)
        except ValueError:
            raise _Bad(_("Phải là danh sách JSON, số lượng hoặc 1/0, nhận được «{value}».").format(value=raw)) from None
    return convert


def _set_paid_online(values: dict, raw: Any, column: str) -> None:
    """DuocThanhToanTrucTuyen: 1 or 2 mean paid online (DOMAIN §4, [C S3]); 0 or empty mean not."""
    try:
        values["paid_online"] = parse_int(raw) in (1, 2)
    except (ValueError, TypeError):
        raise _Bad(_("Phải là 0, 1 hoặc 2, nhận được «{value}».").format(value=raw)) from None


def _set_return_by_post(values: dict, raw: Any, column: str) -> None:
    """HinhThuc: 0 at the counter, 1 by post (DOMAIN §10)."""
    try:
        number = parse_int(raw)
    except (ValueError, TypeError):
        number = None
    if number not in (0, 1):
        raise _Bad(_("Hình thức trả phải là 0 (tại quầy) hoặc 1 (bưu chính), nhận được «{value}».").format(value=raw))
    values["return_by_post"] = number == 1


def _ignored(values: dict, raw: Any, column: str) -> None:
    """A column of the portal's record that CCHC does not keep (applicant's contacts, summary, notes)."""


OUR_COLUMNS: dict[str, Callable] = {
    "code": _set_text("code", 64),
    "source_system": _set_text("source_system", 64),
    "receipt_number": _set_text("receipt_number", 64),
    "unit_code": _set_text("unit_ref", 64),
    "procedure_code": _set_text("procedure_code", 32),
    "status": _set_choice("status", STATUSES, _STATUS_MSG),
    "channel": _set_choice("channel", CHANNELS, _CHANNEL_MSG),
    "applicant_kind": _set_choice("applicant_kind", (1, 2), _APPLICANT_MSG),
    **{name: _set_date(name) for name in DATE_FIELDS},
    **{name: _set_bool(name) for name in BOOL_FIELDS},
    "supplements": _set_our_supplements,
    "supplement_count": _set_int("supplement_count", 32767),
    "supplement_wait_seconds": _set_int("supplement_wait_seconds", 2**31 - 1),
    "fee_amount": _set_amount,
    "rating": _set_rating,
}

#: The national portal's names (DOMAIN §10) → how each is read. Names of the record that CCHC does not keep
#: are accepted and ignored, so that an export is taken without editing.
PORTAL_COLUMNS: dict[str, Callable] = {
    "MaHoSo": _set_text("code", 64),
    "SoBienNhan": _set_text("receipt_number", 64),
    "MaTTHC": _set_text("procedure_code", 32),
    "MaDonVi": _set_text("unit_ref", 64),
    "DonViXuLy": _set_text("unit_name", 255),
    "NgayTiepNhan": _set_date("received_at"),
    "NgayHenTra": _set_date("due_at"),
    "NgayKetThucXuLy": _set_date("finished_at"),
    "NgayTra": _set_date("returned_at"),
    "TrangThaiHoSo": _set_choice("status", STATUSES, _STATUS_MSG),
    "KenhThucHien": _set_choice("channel", CHANNELS, _CHANNEL_MSG),
    "HinhThuc": _set_return_by_post,
    "DuocThanhToanTrucTuyen": _set_paid_online,
    "LoaiDoiTuong": _set_choice("applicant_kind", (1, 2), _APPLICANT_MSG),
    "DanhSachHoSoBoSung": _set_portal_supplements,
    "SoLanBoSung": _set_int("supplement_count", 32767),
    "DanhSachLePhi": _set_fee_list,
    "TongPhi": _set_amount,
    "DanhSachGiayToKetQua": _set_present("result_digitised"),
    "CoKetQuaDienTu": _set_bool("result_digitised"),
    "TaiLieuNop": _set_present("components_digitised"),
    "DuocSoHoa": _set_bool_or("reused_data"),
    "HoSoCoThanhPhanSoHoa": _set_bool_or("reused_data"),
    "MucDoHaiLong": _set_rating,
    "DanhGia": _set_rating,
    **{name: _ignored for name in (
        "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "MaDoiTuong", "Email", "SoDienThoai", "Fax",
        "ThongTinKhac", "TrichYeuHoSo", "ThongTinTra", "GhiChu",
    )},
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


def _cell(cells: Any, column: str, position: dict[str, int] | None) -> Any:
    """A row's cell by column name, for rows as lists (``position`` given) or as mappings."""
    if position is None:
        return cells.get(column)
    i = position.get(column)
    return cells[i] if i is not None and i < len(cells) else None


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


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
    """A file's rows before interpretation: (row number, cells) pairs, the cells a list aligned with
    ``header`` (CSV, XLSX) or a mapping (JSON, where ``header`` is None)."""

    filename: str
    header: list[str] | None
    rows: Sequence[tuple[int, Any]]
    count: int

    def mappings(self) -> Iterator[tuple[int, dict[str, Any]]]:
        if self.header is None:
            yield from self.rows
        else:
            for number, cells in self.rows:
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


def read_csv(content: bytes, filename: str) -> Table:
    text = _decode(content, filename)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    issues: list[Issue] = []
    try:
        header = next(reader, None)
        if not header:
            raise _refuse(filename, _("Tệp trống, không có dòng tiêu đề."), row=1)
        header = _clean_header(header)
        width = len(header)
        number = 1
        for cells in reader:
            number += 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                issues.append(Issue(_("Dòng có {got} cột trong khi tiêu đề có {want} cột.").format(got=len(cells), want=width),
                                    file=filename, row=number))
                continue
            rows.append((number, cells))
    except csv.Error as exc:
        raise _refuse(filename, _("Tệp CSV hỏng: {problem}.").format(problem=exc), row=reader.line_num or None) from None
    if issues:
        raise InvalidInput(issues=issues)
    return Table(filename, header, rows, len(rows))


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
    width = len(header)
    for number, values in enumerate(cells, start=2):
        record = [v.strip() if isinstance(v, str) else v for v in values[:width]]
        if all(v is None or v == "" for v in record):
            continue
        rows.append((number, record + [None] * (width - len(record))))
    workbook.close()
    return Table(filename, header, rows, len(rows))


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
    return Table(filename, None, list(enumerate(records, start=1)), len(records))


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


# --- interpreting rows ----------------------------------------------------------------------------

def _check_header(table: Table) -> tuple[str, dict[str, Callable]]:
    """The schema of a file and its column converters; unknown or missing columns refuse the file."""
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
    return schema, spec


def parse_records(table: Table, progress: Callable[[int], None] | None = None) -> ParsedFile:
    """Interpret every row; problems are collected (never raised) so that all are reported at once."""
    if table.header is None and table.count == 0:  # an empty JSON list: nothing to interpret
        return ParsedFile(table.filename, OURS)
    schema, spec = _check_header(table)
    column_of = OUR_COLUMN_OF if schema == OURS else PORTAL_COLUMN_OF
    unit_columns = UNIT_COLUMNS[schema]
    result = ParsedFile(table.filename, schema)
    issues = result.issues
    filename = table.filename
    seen_codes: dict[str, int] = {}
    required_values = list(REQUIRED[schema].items())
    header = table.header
    converters = [(key, spec.get(key)) for key in header] if header is not None else None
    position = {key: i for i, key in enumerate(header)} if header is not None else None
    for index, (number, cells) in enumerate(table.rows, start=1):
        values: dict[str, Any] = {}
        before = len(issues)
        pairs = zip(converters, cells, strict=False) if converters is not None else (
            ((key, spec.get(key)), cell) for key, cell in cells.items())
        for (key, convert), cell in pairs:
            if cell.__class__ is str:
                if not cell or cell.isspace():
                    continue
            elif cell is None:
                continue
            try:
                convert(values, cell, key)
            except _Bad as exc:
                issues.append(Issue(exc.message, file=filename, row=number, field=exc.column or key))
        if any(name not in values for name, _c in required_values):
            for name, column in required_values:
                if name not in values and _blank(_cell(cells, column, position)):
                    issues.append(Issue(_("Thiếu giá trị bắt buộc."), file=filename, row=number, field=column))
        if "unit_ref" not in values and "unit_name" not in values and all(
                _blank(_cell(cells, c, position)) for c in unit_columns):
            issues.append(Issue(_("Thiếu đơn vị giải quyết."), file=filename, row=number, field=unit_columns[0]))
        record = Record(number, values, column_of)
        code = values.get("code")
        if code:
            first = seen_codes.setdefault(code, number)
            if first != number:
                issues.append(Issue(_("Mã hồ sơ «{code}» trùng với dòng {row}.").format(code=code, row=first),
                                    file=filename, row=number, field=record.column("code")))
        if len(issues) == before:
            issues.extend(check_record(record, filename))
            finish_record(record)
            result.records.append(record)
        if progress is not None and index % 5000 == 0:
            progress(index)
    return result


def check_record(record: Record, filename: str) -> list[Issue]:
    """The rules a row must meet by itself: dates in order, a status that fits the dates."""
    v = record.values
    found: list[Issue] = []

    def add(name: str, message: str) -> None:
        found.append(Issue(message, file=filename, row=record.row, field=record.column(name)))

    received = v["received_at"]
    get = v.get
    finished, returned, due, apology = get("finished_at"), get("returned_at"), get("due_at"), get("apology_at")
    status = v["status"]
    if "source_system" in v:
        add("source_system", _("Cột source_system không được dùng: hệ thống nguồn do người nhập chọn (--source)."))
    # Each comparison first on the plain values: almost every row is in order, and _before is the slow path.
    if due is not None and due < received and _before(due, received):
        add("due_at", _("Ngày hẹn trả trước ngày tiếp nhận."))
    if finished is not None and finished < received and _before(finished, received):
        add("finished_at", _("Ngày kết thúc xử lý trước ngày tiếp nhận."))
    if returned is not None:
        if finished is not None:
            if returned < finished and _before(returned, finished):
                add("returned_at", _("Ngày trả kết quả trước ngày kết thúc xử lý."))
        elif returned < received and _before(returned, received):
            add("returned_at", _("Ngày trả kết quả trước ngày tiếp nhận."))
    if finished is None and status in FINISHED_STATUSES:
        add("finished_at", _("Trạng thái {status} (đã xử lý xong / đã trả kết quả) phải có ngày kết thúc xử lý.").format(status=status))
    if status in OPEN_STATUSES:
        if finished is not None:
            add("finished_at", _("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày kết thúc xử lý.").format(status=status))
        if returned is not None:
            add("returned_at", _("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày trả kết quả.").format(status=status))
    if apology is not None and apology < received and _before(apology, received):
        add("apology_at", _("Ngày xin lỗi trước ngày tiếp nhận."))
    if apology is None and get("apology_new_due_at") is not None:
        add("apology_new_due_at", _("Có ngày hẹn trả mới nhưng không có ngày xin lỗi."))
    supplements = get("supplements")
    if supplements:
        for number, (requested, completed) in enumerate(supplements, start=1):
            if _before(requested, received):
                add("supplements", _("Lần bổ sung {n}: ngày yêu cầu bổ sung trước ngày tiếp nhận.").format(n=number))
            if completed is not None and _before(completed, requested):
                add("supplements", _("Lần bổ sung {n}: ngày hoàn thành bổ sung trước ngày yêu cầu bổ sung.").format(n=number))
    if supplements is not None:
        count = get("supplement_count")
        if count is not None and count != len(supplements):
            add("supplement_count", _("Số lần bổ sung {count} khác số lần bổ sung được liệt kê ({listed}).").format(
                count=count, listed=len(supplements)))
    return found


def finish_record(record: Record) -> None:
    """Derive what the model keeps of the supplement list: the count and the total wait."""
    v = record.values
    supplements = v.get("supplements")
    if supplements is None:
        v["supplements"] = []
    else:
        supplements.sort(key=lambda pair: pair[0])
        v["supplement_count"] = len(supplements)
        if "supplement_wait_seconds" not in v:
            v["supplement_wait_seconds"] = sum(
                int((completed - requested).total_seconds()) for requested, completed in supplements
                if completed is not None and completed > requested
            )


def iter_chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
