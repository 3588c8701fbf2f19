"""Aliases of units in other systems (UnitAlias): the national portal's list of a province's units
(data/gialai_portal_units_2026.csv: portal code and name → the CCHC unit valid today) and a generic file
of aliases an officer keeps (source system, code or name, unit, validity). Both are idempotent, and a row
that matches no unit is reported, never turned into a new unit."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import unit_refs
from cchc.core.errors import DomainError, NotFound
from cchc.core.levels import Block, UnitKind
from cchc.platform.tables import check_size

from .models import Unit, UnitAlias
from .services import resolve

#: The source system of the national public-service portal (Cổng Dịch vụ công quốc gia).
PORTAL_SOURCE = "dvcqg"
PORTAL_FILE = Path(__file__).parent / "data" / "gialai_portal_units_2026.csv"
#: Rows matched by hand where the portal spells a name differently (portal code → unit key).
PORTAL_MATCHES_FILE = Path(__file__).parent / "data" / "portal_matches.yaml"
PORTAL_SOURCE_NOTE = "Cổng DVCQG, danh sách đơn vị chấm điểm theo QĐ 766 ngày 10/10/2026 ({file})"
#: The portal's ``childGroup`` → CCHC's block.
PORTAL_BLOCKS = {"AGENCY": Block.AGENCY, "COMMUNE": Block.COMMUNE}
_PREFIX = re.compile(r"^\s*UBND\s+", re.IGNORECASE)


@dataclass
class PortalImport:
    province: Unit
    matched: list[tuple[str, Unit]] = field(default_factory=list)  # (portal code, unit)
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)  # (portal code, portal name, reason)
    by_hand: list[tuple[str, str, Unit]] = field(default_factory=list)  # matched by PORTAL_MATCHES_FILE
    aliases_created: int = 0


def portal_unit_name(portal_name: str, province_short: str) -> str:
    """The name CCHC gives a unit the portal names ``portal_name``: without "UBND " before a commune's
    name ("UBND Xã Chơ Long" → "Xã Chơ Long") and without the province after it (" - tỉnh Gia Lai",
    " - Gia Lai")."""
    name = re.sub(rf"\s+-\s+(tỉnh\s+)?{re.escape(province_short)}\s*$", "", portal_name.strip(), flags=re.IGNORECASE)
    name = _PREFIX.sub("", name).strip()
    return name[:1].upper() + name[1:]


def _rows(content: bytes, filename: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    check_size(content, filename)  # the import limits (IMPORT_MAX_BYTES)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("Tệp {file} không phải UTF-8.").format(file=filename)) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("Tệp {file} thiếu cột: {columns}.").format(file=filename, columns=", ".join(missing)))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _today_province(name: str, on: date) -> Unit:
    wanted = unit_refs.normalise_name(name)
    for unit in Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(on):
        if wanted in {unit_refs.normalise_name(unit.name), unit_refs.normalise_name(unit.short_name)}:
            return unit
    raise NotFound(_("Chưa có tỉnh «{name}» còn hiệu lực ngày {day}; hãy nhập đơn vị trước (cchc units import).")
                   .format(name=name, day=f"{on:%d/%m/%Y}"))


def _alias(counters: PortalImport, unit: Unit, *, code: str = "", name: str = "", source: str) -> None:
    _obj, created = UnitAlias.objects.get_or_create(
        source_system=PORTAL_SOURCE, code=code, name=name, unit=unit, valid_from=unit.valid_from,
        defaults={"valid_to": unit.valid_to, "source": source},
    )
    counters.aliases_created += int(created)


@transaction.atomic
def import_portal_units(content: bytes | None = None, filename: str | None = None, *, province: str = "Gia Lai",
                        on: date | None = None) -> PortalImport:
    """Match each row of the portal's unit list to the unit of today's ``province`` valid on ``on``
    (today by default) in the row's block, by name (portal_unit_name), and store the portal's code, name
    and id as aliases of that unit (source system PORTAL_SOURCE). Rows that match no unit, or several,
    are returned in ``unmatched`` with the reason."""
    if content is None:
        content, filename = PORTAL_FILE.read_bytes(), PORTAL_FILE.name
    filename = filename or "portal.csv"
    on = on or timezone.localdate()
    rows = _rows(content, filename, ("portal_code", "portal_name", "block"))
    result = PortalImport(_today_province(province, on))
    units = list(Unit.objects.filter(province=result.province).valid_on(on))
    source = PORTAL_SOURCE_NOTE.format(file=filename)
    by_hand = yaml.safe_load(PORTAL_MATCHES_FILE.read_text(encoding="utf-8")) or {}
    by_key = {u.key: u for u in units}
    for row in rows:
        code, portal_name = row["portal_code"], row["portal_name"]
        block = PORTAL_BLOCKS.get(row["block"].upper())
        if block is None:
            result.unmatched.append((code, portal_name, _("khối «{block}» không rõ (AGENCY hoặc COMMUNE)")
                                     .format(block=row["block"])))
            continue
        wanted = unit_refs.normalise_name(portal_unit_name(portal_name, result.province.short_name))
        if code in by_hand:
            found = [u for u in [by_key.get(by_hand[code]["unit"])] if u is not None and u.block == block]
        else:
            found = [u for u in units if u.block == block and unit_refs.normalise_name(u.name) == wanted]
        if len(found) != 1:
            reason = (_("không có đơn vị nào tên «{name}» thuộc khối này còn hiệu lực ngày {day}") if not found
                      else _("nhiều đơn vị cùng tên «{name}» còn hiệu lực ngày {day}"))
            result.unmatched.append((code, portal_name, reason.format(name=portal_unit_name(
                portal_name, result.province.short_name), day=f"{on:%d/%m/%Y}")))
            continue
        unit = found[0]
        if code in by_hand:
            result.by_hand.append((code, portal_name, unit))
        _alias(result, unit, code=code, source=source)
        _alias(result, unit, name=portal_name, source=source)
        if row.get("department_id"):
            _alias(result, unit, code=row["department_id"], source=source)
        result.matched.append((code, unit))
    return result


ALIAS_COLUMNS = ("source_system", "code", "name", "unit", "valid_from", "valid_to")


def _day(value: str, column: str, line: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(_("Dòng {line}, cột {column}: «{value}» không phải ngày YYYY-MM-DD.")
                          .format(line=line, column=column, value=value)) from exc


@transaction.atomic
def import_aliases(content: bytes, filename: str) -> int:
    """A CSV of aliases (columns ALIAS_COLUMNS, ``source`` optional): ``unit`` is a key, code or name of
    the unit (by the one rule, on ``valid_from`` when given). All or nothing: the first bad row refuses
    the file, naming its line and column. Returns how many aliases were created (existing ones stay)."""
    created = 0
    for line, row in enumerate(_rows(content, filename, ALIAS_COLUMNS), start=2):
        if not row["source_system"]:
            raise DomainError(_("Dòng {line}: thiếu source_system.").format(line=line))
        if not row["code"] and not row["name"]:
            raise DomainError(_("Dòng {line}: cần ít nhất một trong hai cột code, name.").format(line=line))
        start, end = _day(row["valid_from"], "valid_from", line), _day(row["valid_to"], "valid_to", line)
        if start and end and start > end:
            raise DomainError(_("Dòng {line}: valid_from sau valid_to.").format(line=line))
        try:
            unit = resolve(row["unit"], during=(start, end) if start or end else None)
        except (NotFound, DomainError) as exc:
            raise DomainError(_("Dòng {line}, cột unit: {problem}").format(line=line, problem=exc.message)) from exc
        _obj, was_created = UnitAlias.objects.update_or_create(
            source_system=row["source_system"], code=row["code"], name=row["name"], unit=unit, valid_from=start,
            defaults={"valid_to": end, "source": row.get("source", "") or filename},
        )
        created += int(was_created)
    return created
