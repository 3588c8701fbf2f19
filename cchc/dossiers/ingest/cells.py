"""One value, one cell: the scalar parsers (dates, yes/no, numbers, ratings) and the one-cell converters
with their messages. These stay the reference for what a cell may say: every cell the bulk column
readers (``columns``) do not settle goes through them and gets their message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext, gettext_noop

from cchc.core.i18n import keeping
from cchc.core.parsing import LOCAL_TZ, hidden_character, parse_decimal
from cchc.platform.tables import cell_text as _text

from .instants import instant

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)

RATINGS = {"rất hài lòng": 1, "hài lòng": 2, "không hài lòng": 3}

#: One supplement request: (requested, completed or None), aware datetimes in Vietnam time.
Supplement = tuple[datetime, datetime | None]


# --- values ---------------------------------------------------------------------------------------

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
        if hidden := hidden_character(text):
            raise _Bad(_("Có ký tự điều khiển hoặc ký tự vô hình U+{code} ở vị trí {position}; hãy xóa nó.").format(
                code=f"{ord(hidden[1]):04X}", position=hidden[0]))
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

