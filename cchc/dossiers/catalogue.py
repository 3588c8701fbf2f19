"""The procedure catalogue (danh mục TTHC): importing it from CSV or XLSX, and the demo catalogue.

The file format is that of ``data/tthc_catalogue.csv`` (read from the national procedure database, see
``data/tthc_catalogue.README.md``): code, name, field, level, time_limit, time_unit, fee, online_level,
source. Every row is checked before anything is written; the import is an upsert by code, in one
transaction, and re-importing the same file writes nothing. docs/dossier-files.md documents the columns.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core.errors import InvalidInput, Issue
from cchc.core.parsing import parse_decimal
from cchc.platform.tables import read_csv, read_xlsx

from . import late
from .models import Dossier, OnlineLevel, Procedure, TimeLimitKind

logger = logging.getLogger(__name__)

DEMO_CATALOGUE = Path(__file__).parent / "data" / "tthc_catalogue.csv"
COLUMNS = ("code", "name", "field", "level", "time_limit", "time_unit", "fee", "online_level", "source")

#: cấp thực hiện → our levels. "bộ" (ministry) and "khác" (other bodies) are outside a province's
#: one-stop system and are dropped; "huyện" no longer exists after 1/7/2025 but older files have it.
LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune",
          "province": "province", "district": "district", "commune": "commune"}
IGNORED_LEVELS = {"bộ", "khác"}

#: The unit of the "Thời gian" cell → TimeLimitKind (DOMAIN §4: working days skip weekends and holidays,
#: calendar days may not end on a day off). "tháng" is left out on purpose: months are not a fixed number
#: of days, and turning 6 tháng into 180 days would invent a legal limit.
TIME_UNITS = {
    "ngày làm việc": TimeLimitKind.WORKING_DAYS,
    "ngày": TimeLimitKind.CALENDAR_DAYS,
    "giờ": TimeLimitKind.HOURS,
    "working_days": TimeLimitKind.WORKING_DAYS,
    "calendar_days": TimeLimitKind.CALENDAR_DAYS,
    "hours": TimeLimitKind.HOURS,
}
UNCONVERTIBLE_UNITS = {"tháng"}
#: A number printed without a unit is read as working days [I]: the portal's default unit, and what the
#: laws on the most common such procedures state (e.g. 1.001193 Đăng ký khai sinh: 1 ngày làm việc).
DEFAULT_TIME_UNIT = TimeLimitKind.WORKING_DAYS

#: online_level column: NĐ 42/2022 names, or the old NĐ 43/2011 levels 2–4 (mapped 4 → toàn trình,
#: 3 → một phần, 2 → none: DOMAIN §5, [I]).
ONLINE_LEVELS = {"full": OnlineLevel.FULL, "toàn trình": OnlineLevel.FULL, "partial": OnlineLevel.PARTIAL,
                 "một phần": OnlineLevel.PARTIAL, "none": OnlineLevel.NONE, "": OnlineLevel.NONE}
LEGACY_LEVELS = {"4": OnlineLevel.FULL, "3": OnlineLevel.PARTIAL, "2": OnlineLevel.NONE}

#: The fields each column fills: a column absent from a file leaves its fields as they are.
FIELDS_OF = {
    "name": ("name",), "field": ("field",), "level": ("levels",),
    "time_limit": ("time_limit", "time_limit_kind"), "time_unit": ("time_limit", "time_limit_kind"),
    "fee": ("has_fee",), "online_level": ("online_level", "legacy_level"), "source": ("source",),
}
MAX_TIME_LIMIT = Decimal("999999.99")  # the column's max_digits=8, decimal_places=2


@dataclass
class CatalogueSummary:
    rows: int
    created: int
    updated: int
    unchanged: int
    #: Rows imported with something left out (a limit in months): where, and why.
    warnings: list[Issue] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _levels(value: str) -> list[str]:
    result = []
    for part in value.replace(",", ";").split(";"):
        part = part.strip().lower()
        if not part or part in IGNORED_LEVELS:
            continue
        if part not in LEVELS:
            raise ValueError(part)
        if LEVELS[part] not in result:
            result.append(LEVELS[part])
    return sorted(result, key=["province", "district", "commune"].index)


def _has_fee(value: str) -> bool:
    """``no`` = free (Miễn phí); ``yes`` or ``yes: <amount>`` = a fee; empty = no information (kept as no fee)."""
    lowered = value.lower()
    if lowered in {"", "no", "không", "miễn phí"}:
        return False
    if lowered in {"yes", "có"} or lowered.startswith(("yes:", "có:")):
        return True
    raise ValueError(value)


def demo_online_level(code: str) -> str:
    """DEMO DATA, NOT A FACT: an online level for a procedure of the demo catalogue.

    No source gives the online level (tthc_catalogue.README.md), yet the demo's Decision 766 pages need
    some. It is drawn from a hash of the code, so it is the same on every install: about 40% toàn trình,
    30% một phần, 30% none.
    """
    bucket = int.from_bytes(hashlib.sha256(f"cchc-demo-online-level:{code}".encode()).digest()[:4], "big") % 100
    if bucket < 40:
        return OnlineLevel.FULL
    if bucket < 70:
        return OnlineLevel.PARTIAL
    return OnlineLevel.NONE


def _read(content: bytes, filename: str):
    lower = filename.lower()
    if lower.endswith(".csv"):
        return read_csv(content, filename)
    if lower.endswith(".xlsx"):
        return read_xlsx(content, filename)
    raise InvalidInput(issues=[Issue(_("Danh mục thủ tục chỉ nhận tệp .csv hoặc .xlsx."), file=filename)])


def _validate(content: bytes, filename: str) -> tuple[list[dict], set[str], list[Issue], list[Issue]]:
    """Every row checked; returns the procedures' values, the fields the file sets, issues and warnings."""
    table = _read(content, filename)
    header = [h.lower() for h in table.header or []]
    issues = [Issue(_("Cột không xác định «{name}» (các cột: {columns}).").format(name=h, columns=", ".join(COLUMNS)),
                    file=filename, row=1, field=h) for h in header if h not in COLUMNS]
    issues += [Issue(_("Thiếu cột bắt buộc «{name}».").format(name=c), file=filename, row=1, field=c)
               for c in ("code", "name") if c not in header]
    if issues:
        raise InvalidInput(issues=issues)
    present = set(header)
    fields: set[str] = set()
    for column in present:
        fields.update(FIELDS_OF.get(column, ()))
    warnings: list[Issue] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for number, raw in table.mappings():
        cells = {k.lower(): _text(v) for k, v in raw.items()}

        def bad(column: str, message: str, number: int = number) -> None:
            issues.append(Issue(message, file=filename, row=number, field=column))

        code = cells.get("code", "")
        if not code:
            bad("code", _("Thiếu mã thủ tục."))
        elif len(code) > 32:
            bad("code", _("Mã thủ tục dài quá 32 ký tự."))
        elif code in seen:
            bad("code", _("Mã thủ tục «{code}» trùng với dòng {row}.").format(code=code, row=seen[code]))
        else:
            seen[code] = number
        values: dict[str, Any] = {"code": code, "name": cells.get("name", "")}
        if not values["name"]:
            bad("name", _("Thiếu tên thủ tục."))
        values["field"] = cells.get("field", "")
        if len(values["field"]) > 255:
            bad("field", _("Lĩnh vực dài quá 255 ký tự."))
        try:
            values["levels"] = _levels(cells.get("level", ""))
        except ValueError as exc:
            bad("level", _("Cấp thực hiện không hợp lệ «{value}» (tỉnh, huyện, xã, bộ, khác).").format(value=exc))
        limit_text, unit = cells.get("time_limit", ""), cells.get("time_unit", "").lower()
        values["time_limit"], values["time_limit_kind"] = None, ""
        if limit_text:
            try:
                limit = parse_decimal(limit_text)
                if not Decimal(0) <= limit <= MAX_TIME_LIMIT:
                    raise ValueError(limit_text)
            except ValueError:
                bad("time_limit", _("Thời hạn phải là số không âm, nhận được «{value}».").format(value=limit_text))
                limit = None
            if limit == 0:
                # The portal prints 0 where no limit was entered (3.000027, 1.115148): no limit, not "due at once".
                warnings.append(Issue(_("Thời hạn 0: coi như không có thời hạn, để trống."), file=filename, row=number,
                                      field="time_limit"))
                limit = None
            if unit in UNCONVERTIBLE_UNITS:
                warnings.append(Issue(
                    _("Thời hạn «{limit} {unit}» không quy đổi được ra ngày (một tháng không có số ngày cố định): "
                      "để trống thời hạn, hạn trả của hồ sơ lấy theo tệp hồ sơ.").format(limit=limit_text, unit=unit),
                    file=filename, row=number, field="time_unit"))
            elif unit and unit not in TIME_UNITS:
                bad("time_unit", _("Đơn vị thời hạn không hợp lệ «{value}» (ngày làm việc, ngày, giờ, tháng).").format(value=unit))
            elif limit is not None:
                values["time_limit"] = limit.quantize(Decimal("0.01"))
                values["time_limit_kind"] = TIME_UNITS.get(unit, DEFAULT_TIME_UNIT)
        elif unit and unit not in TIME_UNITS and unit not in UNCONVERTIBLE_UNITS:
            bad("time_unit", _("Đơn vị thời hạn không hợp lệ «{value}» (ngày làm việc, ngày, giờ, tháng).").format(value=unit))
        try:
            values["has_fee"] = _has_fee(cells.get("fee", ""))
        except ValueError:
            bad("fee", _("Phí phải là «no», «yes» hoặc «yes: <số tiền>», nhận được «{value}».").format(value=cells.get("fee")))
        level = cells.get("online_level", "").lower()
        values["legacy_level"] = None
        if level in ONLINE_LEVELS:
            values["online_level"] = ONLINE_LEVELS[level]
        elif level.removeprefix("mức độ ").strip() in LEGACY_LEVELS:
            digit = level.removeprefix("mức độ ").strip()
            values["online_level"], values["legacy_level"] = LEGACY_LEVELS[digit], int(digit)
        else:
            bad("online_level", _("Mức độ trực tuyến không hợp lệ «{value}» (full, partial, none hoặc 2, 3, 4).").format(value=level))
        values["source"] = cells.get("source", "")
        if len(values["source"]) > 255:
            bad("source", _("Nguồn dài quá 255 ký tự."))
        rows.append(values)
    return rows, fields, issues, warnings


@transaction.atomic
def _upsert(rows: list[dict], fields: set[str]) -> tuple[int, int, int]:
    """Insert new codes, update changed ones, leave identical ones alone (so no write, no updated row)."""
    names = sorted(fields)
    existing = {row[0]: row[1:] for row in Procedure.objects.values_list("code", *names)}
    changed = []
    created = updated = 0
    for values in rows:
        old = existing.get(values["code"])
        if old is not None and tuple(values[n] for n in names) == old:
            continue
        if old is None:
            created += 1
        else:
            updated += 1
        changed.append(Procedure(**values))
    if changed and names:
        Procedure.objects.bulk_create(changed, batch_size=500, update_conflicts=True, unique_fields=["code"],
                                      update_fields=names)
    elif changed:  # a file of codes only: new codes get the defaults, existing ones stay
        Procedure.objects.bulk_create(changed, batch_size=500, ignore_conflicts=True)
    if updated and {"time_limit", "time_limit_kind"} & fields:
        # a dossier with no due date is late by its procedure's statutory limit: its stored flag follows
        late.refresh(queryset=Dossier.objects.filter(
            due_at=None, procedure__code__in=[p.code for p in changed if p.code in existing]))
    return created, updated, len(rows) - created - updated


def import_catalogue(content: bytes, filename: str, *, online_level=None) -> CatalogueSummary:
    """Import a procedure catalogue (CSV or XLSX): all or nothing, idempotent by procedure code.

    ``online_level`` (code → level) overrides the column; only the demo loader uses it.
    """
    rows, fields, issues, warnings = _validate(content, filename)
    if issues:
        raise InvalidInput(issues=issues)
    if online_level is not None:
        for values in rows:
            values["online_level"] = online_level(values["code"])
        fields |= {"online_level"}
    # Fields the file does not set must not be overwritten with the defaults given to Procedure(...).
    for values in rows:
        for name in list(values):
            if name != "code" and name not in fields:
                del values[name]
    created, updated, unchanged = _upsert(rows, fields)
    logger.info("Catalogue %s: %s rows, %s created, %s updated", filename, len(rows), created, updated)
    return CatalogueSummary(len(rows), created, updated, unchanged, warnings)


def import_demo_catalogue() -> CatalogueSummary:
    """The shipped catalogue of 2,647 real procedures, with DEMO online levels (see ``demo_online_level``)."""
    return import_catalogue(DEMO_CATALOGUE.read_bytes(), DEMO_CATALOGUE.name, online_level=demo_online_level)
