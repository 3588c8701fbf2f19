"""The two schemas of a dossier file, ours and the national portal's, as tables; the fields every row must
have; and reading a file's header into its schema (DOMAIN §10, docs/dossier-files.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import keeping
from cchc.platform.tables import CsvFile, Table, refuse

from .cells import (
    _APPLICANT_MSG,
    _CHANNEL_MSG,
    _STATUS_MSG,
    _amount_cell,
    _bool_cell,
    _choice_cell,
    _fee_list_cell,
    _int_cell,
    _our_supplements_cell,
    _paid_online_cell,
    _portal_supplements_cell,
    _present_cell,
    _rating_cell,
    _return_by_post_cell,
)
from .columns import _Column, _instant_column, _text_column

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

DATE_FIELDS = ("received_at", "due_at", "finished_at", "returned_at", "apology_at", "apology_new_due_at",
               "result_issued_at", "rated_at")
BOOL_FIELDS = ("online_full", "return_by_post", "paid_online", "components_digitised", "result_digitised",
               "reused_data", "due_computed")
#: Yes/no facts the integrity checks read (cchc.core.integrity.on_behalf): kept empty (None) when the file
#: says nothing, so that a dossier without them is never flagged.
OPTIONAL_BOOL_FIELDS = ("submitted_by_official", "submitted_at_counter", "paid_by_official")


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


# --- the two schemas ------------------------------------------------------------------------------

#: The column a file of refused rows gives each row's problems in (cchc.dossiers.refused); both schemas
#: read it past, so that the corrected file imports as it is.
ERROR_COLUMN = "Lỗi"

OUR_COLUMNS: dict[str, _Column | None] = {
    "code": _text_column("code", 64),
    "source_system": _text_column("source_system", 64),
    "receipt_number": _text_column("receipt_number", 64),
    "unit_code": _text_column("unit_ref", 64),
    # The one-stop counter that took the dossier in, when not the competent unit (NĐ 118/2025 Art. 14, 20:
    # reception regardless of boundary). DOMAIN §10 names no such field in the portal's record, so only
    # CCHC's own schema carries it.
    "receiving_unit_code": _text_column("receiving_unit_ref", 64),
    "procedure_code": _text_column("procedure_code", 32),
    "status": _Column("status", _choice_cell(STATUSES, _STATUS_MSG)),
    "channel": _Column("channel", _choice_cell(CHANNELS, _CHANNEL_MSG)),
    "applicant_kind": _Column("applicant_kind", _choice_cell((1, 2), _APPLICANT_MSG)),
    **{name: _instant_column(name) for name in DATE_FIELDS},
    **{name: _Column(name, _bool_cell) for name in BOOL_FIELDS},
    # The integrity checks' facts (docs/integrity.md): the result's signing date and the rating's moment
    # are instants of DATE_FIELDS; who submitted or paid online. None is in the portal's record (DOMAIN §10).
    **{name: _Column(name, _bool_cell) for name in OPTIONAL_BOOL_FIELDS},
    "supplements": _Column("supplements", _our_supplements_cell),
    "supplement_count": _Column("supplement_count", _int_cell(32767)),
    "supplement_wait_seconds": _Column("supplement_wait_seconds", _int_cell(2**31 - 1)),
    "fee_amount": _Column("fee_amount", _amount_cell),
    "rating": _Column("rating", _rating_cell),
    "stop_reason": _text_column("stop_reason", 2000),  # status 8 only (TT 03/2025 Mẫu 05)
    ERROR_COLUMN: None,
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
        "ThongTinKhac", "TrichYeuHoSo", "ThongTinTra", "GhiChu", ERROR_COLUMN,
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
OUR_COLUMN_OF = {"unit_ref": "unit_code", "receiving_unit_ref": "receiving_unit_code"}
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



# --- interpreting a table -------------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
    """What the header of a file (the keys of its records, for JSON) says: the schema, how each column
    is read, and the columns in order."""

    schema: str
    spec: dict[str, _Column | None]
    keys: list[str]
    ignored: tuple[str, ...] = ()  # the portal export's columns CCHC does not know, read past (listed to the user)


def near_miss(key: str, names: Iterable[str]) -> str | None:
    """The column a header probably meant (a typo, another case or spacing): the closest known name, if
    close enough (difflib ratio ≥ 0.85 on the case-folded names, or equal once spaces and case are
    dropped)."""
    folded = {"".join(n.split()).casefold(): n for n in names}
    plain = "".join(key.split()).casefold()
    if plain in folded:
        return folded[plain]
    found = difflib.get_close_matches(plain, list(folded), n=1, cutoff=0.85)
    return folded[found[0]] if found else None


def read_header(table: Table | CsvFile) -> Header:
    """The schema of a file and its columns; missing columns refuse the file. An unknown column refuses a
    file in our schema (naming the column it probably meant); in the portal's field names it is read past
    and listed (``ignored``: real exports carry STT, SoCMND and the like), unless it is a near miss of a
    column the file lacks (a typo of NgayTiepNhan must not be dropped silently)."""
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
        raise refuse(table.filename, _("Không nhận ra định dạng: tiêu đề phải có cột «code» (định dạng của CCHC) hoặc "
                                        "«MaHoSo» (tên trường của Cổng DVC quốc gia), không có cả hai."), row=1)
    spec = OUR_COLUMNS if schema == OURS else PORTAL_COLUMNS
    issues = []
    seen: set[str] = set()
    ignored: list[str] = []
    for position, key in enumerate(keys, start=1):
        if key == "":
            issues.append(Issue(_("Cột thứ {n} không có tên.").format(n=position), file=table.filename, row=1))
            continue
        if key not in spec:
            meant = near_miss(key, [n for n in spec if n not in keys])
            if schema == PORTAL and meant is None:
                ignored.append(key)
            elif meant is not None:
                issues.append(Issue(_("Cột không xác định «{name}»: có phải «{meant}»? (xem docs/dossier-files.md)").format(
                    name=key, meant=meant), file=table.filename, row=first_row.get(key), field=key))
            else:
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
    if ignored:
        spec = {**spec, **dict.fromkeys(ignored)}
    return Header(schema, spec, list(keys), tuple(dict.fromkeys(ignored)))

