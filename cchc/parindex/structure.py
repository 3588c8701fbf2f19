"""Index versions as data (issue 13 item 1): import a version's structure from XLSX or YAML, export it to
both (they round-trip), and load the two illustrative indices the demo shows.

The structure is validated by the pure rule (cchc.core.parindex_structure: codes, parents, points adding
up to 100, methods, computed rules, applicability); this module reads the files, checks the version's
own fields (code, issuer, year, block, bands, the version it supersedes) and the KPI codes of computed
rules against the KPI catalogue, and writes IndexVersion → Area → Criterion → Component all or nothing.

A version's code is imported once: an amending or superseding decision is a new version whose
``supersedes`` names the old code, and the old one is marked SUPERSEDED (DOMAIN §12.3: "sometimes
re-issued within the year"). Files are bounded like every import (cchc.platform.tables: size, rows,
cells; YAML without aliases).

XLSX: one sheet, row 1 the header (``COLUMNS``' Vietnamese names, or their keys), then one row for the
version (level "Bộ chỉ số") and one per area, criterion and component. YAML: ``version:`` and nested
``areas: → criteria: → components:``. See docs/par-index.md, "Bộ chỉ số".
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cchc.accounts.models import Role
from cchc.accounts.permissions import role_of
from cchc.core import kpis
from cchc.core import parindex_structure as rules
from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.i18n import keeping
from cchc.core.levels import Block
from cchc.platform import tables

from . import permissions
from .choices import Applicability, Method, VersionStatus
from .models import Area, Component, Criterion, IndexVersion

#: Messages keep their id and parameters (shown again in each reader's language).
_ = keeping(gettext)

DATA_DIR = Path(__file__).resolve().parent / "data"
ILLUSTRATIVE_FILES = ("illustrative_agency_2026.yaml", "illustrative_commune_2026.yaml")
NATIONAL_FILE = "national_versions.yaml"

VERSION = "version"
#: The XLSX columns: (key, header). The reader takes the header or the key, in any case.
COLUMNS = [
    ("level", "Cấp"),
    ("code", "Mã"),
    ("parent", "Mã cấp trên"),
    ("name", "Tên"),
    ("max_points", "Điểm tối đa"),
    ("method", "Cách chấm"),
    ("rule", "Quy tắc tính điểm"),
    ("applies_to", "Áp dụng cho"),
    ("guidance", "Hướng dẫn, minh chứng cần có"),
    ("issuer", "Cơ quan ban hành"),
    ("decision", "Số quyết định"),
    ("decision_date", "Ngày ban hành"),
    ("year", "Năm"),
    ("block", "Khối"),
    ("bands", "Xếp loại"),
    ("survey_optional", "ĐTXHH không bắt buộc"),
    ("illustrative", "Minh họa"),
    ("source", "Nguồn"),
    ("supersedes", "Thay thế bộ chỉ số"),
]
HEADERS = dict(COLUMNS)
VERSION_FIELDS = ("code", "name", "issuer", "decision", "decision_date", "year", "block", "bands",
                  "survey_optional", "illustrative", "source", "supersedes")
#: The level column's words in a file (Vietnamese as a PAR officer types them, or the keys).
LEVEL_WORDS = {"bộ chỉ số": VERSION, "lĩnh vực": rules.AREA, "tiêu chí": rules.CRITERION,
               "tiêu chí thành phần": rules.COMPONENT, "tctp": rules.COMPONENT}
LEVEL_NAMES = {VERSION: "Bộ chỉ số", rules.AREA: "Lĩnh vực", rules.CRITERION: "Tiêu chí",
               rules.COMPONENT: "Tiêu chí thành phần"}
METHOD_WORDS = {"minh chứng": Method.EVIDENCE, "tự chấm": Method.EVIDENCE, "tính từ số liệu": Method.COMPUTED,
                "số liệu": Method.COMPUTED, "điều tra": Method.SURVEY, "điều tra xã hội học": Method.SURVEY}
APPLIES_WORDS = {"mọi đơn vị": Applicability.ALL, "tất cả": Applicability.ALL,
                 "đơn vị có giải quyết tthc": Applicability.HANDLES_PROCEDURES,
                 "có giải quyết tthc": Applicability.HANDLES_PROCEDURES}
BLOCKS = (Block.AGENCY.value, Block.COMMUNE.value, Block.PROVINCE.value)
TRUE_WORDS = {"true": True, "có": True, "x": True, "1": True, "yes": True,
              "false": False, "không": False, "0": False, "no": False, "": False}


# --- who ------------------------------------------------------------------------------------------

READERS = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER, Role.FOCAL_POINT}


def can_read_versions(user) -> bool:  # noqa: ANN001
    """Versions are the province's published rules: every role but integration accounts reads them."""
    return role_of(user) in READERS


def can_manage_versions(user) -> bool:  # noqa: ANN001
    """Import a version: whoever manages the PAR index (permissions.can_manage)."""
    return permissions.can_manage(user)


# --- reading --------------------------------------------------------------------------------------

@dataclass
class ParsedFile:
    """A structure file read: the version's fields, its rows, and the file's names for each field."""

    filename: str
    version: dict[str, Any]
    version_row: int | None
    rows: list[rules.Row]
    labels: Mapping[str, str]


class _NoAliases(yaml.SafeLoader):
    """A safe loader that records each mapping's line and refuses aliases (a "billion laughs" file)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=_("không dùng bí danh (alias) YAML"), problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def _mapping(loader: _NoAliases, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_NoAliases.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _refuse(filename: str, message: str, row: int | None = None, field: str = "") -> InvalidInput:
    return InvalidInput(issues=[Issue(message, file=filename, row=row, field=field)])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return tables.cell_text(value)


def _word(value: Any, words: Mapping[str, str]) -> str:
    text = _text(value)
    return words.get(text.lower(), text)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def read_yaml(content: bytes, filename: str) -> ParsedFile:
    """A YAML structure file: ``version:`` then ``areas:`` each with ``criteria:`` each with ``components:``."""
    limits = tables.check_size(content, filename)
    try:
        doc = yaml.load(content.decode("utf-8-sig"), Loader=_NoAliases)  # noqa: S506 - a SafeLoader
    except UnicodeDecodeError:
        raise _refuse(filename, _("Tệp không phải văn bản UTF-8.")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _refuse(filename, _("Tệp YAML sai cú pháp: {problem}").format(problem=getattr(exc, "problem", exc)),
                      row=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise _refuse(filename, _("Tệp YAML lồng quá sâu.")) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("version"), dict):
        raise _refuse(filename, _("Thiếu phần «version» ở đầu tệp."), row=1, field="version")
    version = dict(doc["version"])
    version_row = version.pop("__line__", None)
    version = {k: _strip_lines(v) for k, v in version.items()}
    rows: list[rules.Row] = []

    def walk(items: Any, level: str, parent: str, key: str, line: int | None) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            raise _refuse(filename, _("Phần «{section}» phải là một danh sách.").format(section=key), row=line,
                          field=key)
        for item in items:
            if len(rows) >= limits.rows:
                raise _refuse(filename, _("Tệp có hơn {limit} dòng dữ liệu, vượt giới hạn một lần nhập "
                                           "(IMPORT_MAX_ROWS).").format(limit=limits.rows))
            if not isinstance(item, dict):
                raise _refuse(filename, _("Mỗi phần tử của «{section}» phải là một bảng khóa–giá trị.").format(
                    section=key), row=line, field=key)
            at = item.get("__line__")
            code = _text(item.get("code"))
            rows.append(rules.Row(
                level=level, code=code, parent=parent, name=_text(item.get("name")),
                max_points=item.get("max_points"), method=_word(item.get("method"), METHOD_WORDS),
                rule=_strip_lines(item.get("rule")) or None, applies_to=_word(item.get("applies_to"), APPLIES_WORDS),
                guidance=_text(item.get("guidance")), row=at))
            if level == rules.AREA:
                walk(item.get("criteria"), rules.CRITERION, code, "criteria", at)
            elif level == rules.CRITERION:
                walk(item.get("components"), rules.COMPONENT, code, "components", at)

    walk(doc.get("areas"), rules.AREA, "", "areas", None)
    return ParsedFile(filename, version, version_row, rows, {f: f for f in HEADERS})


def _rule_cell(value: Any, filename: str, row: int, issues: list[Issue]) -> Any:
    text = _text(value)
    if not text:
        return None
    try:
        parsed = yaml.load(text, Loader=_NoAliases)  # noqa: S506 - a SafeLoader; the cell's length is bounded
    except (yaml.YAMLError, RecursionError):
        issues.append(Issue(_("Không đọc được ô: viết dạng {example}.").format(
            example='{"source": "kpi", "kpi": "ontime_rate", "scale": "linear", "target": 95}'),
            file=filename, row=row, field=HEADERS["rule"]))
        return None
    return _strip_lines(parsed)


def read_xlsx(content: bytes, filename: str) -> ParsedFile:
    """An XLSX structure file: its first sheet, row 1 the header (``COLUMNS``)."""
    table = tables.read_xlsx(content, filename)  # bounded: size, unpacked size, rows, columns, cells
    by_name = {h.lower(): k for k, h in COLUMNS} | {k: k for k in HEADERS}
    keys = []
    issues: list[Issue] = []
    for col, title in enumerate(table.header or [], start=1):
        if not title:
            keys.append(None)
            continue
        key = by_name.get(title.strip().lower())
        if key is None:
            issues.append(Issue(_("Cột không xác định «{title}» (cột {col}).").format(title=title, col=col),
                                file=filename, row=1, field=title))
        keys.append(key)
    for required in ("level", "code", "name", "max_points"):
        if required not in keys:
            issues.append(Issue(_("Thiếu cột «{title}».").format(title=HEADERS[required]), file=filename, row=1))
    if issues:
        raise InvalidInput(issues=issues)
    version: dict[str, Any] = {}
    version_row = None
    rows: list[rules.Row] = []
    for number, cells in zip(table.numbers, table.rows, strict=True):
        data = {k: v for k, v in zip(keys, cells, strict=False) if k}
        if all(v in (None, "") for v in data.values()):
            continue
        level = _word(data.get("level"), LEVEL_WORDS)
        if level == VERSION:
            if version_row is not None:
                issues.append(Issue(_("Tệp chỉ có một dòng «Bộ chỉ số» (đã có ở dòng {first}).").format(
                    first=version_row), file=filename, row=number, field=HEADERS["level"]))
                continue
            version_row = number
            version = {k: data.get(k) for k in VERSION_FIELDS if data.get(k) not in (None, "")}
            if "bands" in version:
                version["bands"] = _rule_cell(version["bands"], filename, number, issues)
            continue
        rows.append(rules.Row(
            level=level, code=_text(data.get("code")), parent=_text(data.get("parent")), name=_text(data.get("name")),
            max_points=data.get("max_points"), method=_word(data.get("method"), METHOD_WORDS),
            rule=_rule_cell(data.get("rule"), filename, number, issues),
            applies_to=_word(data.get("applies_to"), APPLIES_WORDS), guidance=_text(data.get("guidance")),
            row=number))
    if version_row is None:
        issues.append(Issue(_("Thiếu dòng «Bộ chỉ số» (cột «Cấp») với mã, tên, cơ quan ban hành, năm và khối."),
                            file=filename, field=HEADERS["level"]))
    if issues:
        raise InvalidInput(issues=issues)
    return ParsedFile(filename, version, version_row, rows, HEADERS)


def read_file(content: bytes, filename: str) -> ParsedFile:
    """A structure file by its extension (.yaml/.yml or .xlsx)."""
    lower = filename.lower()
    if lower.endswith((".yaml", ".yml")):
        return read_yaml(content, filename)
    if lower.endswith(".xlsx"):
        return read_xlsx(content, filename)
    raise _refuse(filename, _("Chỉ nhận tệp .xlsx, .yaml hoặc .yml."))


# --- checking -------------------------------------------------------------------------------------

def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    return TRUE_WORDS.get(_text(value).lower())


def _version_fields(parsed: ParsedFile, supersedes: str | None, issues: list[Issue]) -> dict[str, Any]:
    v, row, labels, name = parsed.version, parsed.version_row, parsed.labels, parsed.filename

    def add(field: str, message: str) -> None:
        issues.append(Issue(message, file=name, row=row, field=labels.get(field, field)))

    unknown = sorted(set(v) - set(VERSION_FIELDS))
    for key in unknown:
        add(key, _("Trường không xác định."))
    out: dict[str, Any] = {}
    code = _text(v.get("code"))
    if not code:
        add("code", _("Thiếu mã bộ chỉ số."))
    elif len(code) > 64 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        add("code", _("Mã bộ chỉ số chỉ gồm chữ không dấu, số, «-» và «_», tối đa 64 ký tự."))
    elif IndexVersion.objects.filter(code=code).exists():
        add("code", _("Đã có bộ chỉ số mã «{code}». Quyết định sửa đổi, thay thế được nhập với mã mới và ghi mã cũ "
                       "ở «supersedes» (thay thế bộ chỉ số).").format(code=code))
    out["code"] = code
    for key, limit in (("name", 255), ("issuer", 255), ("decision", 64)):
        text = _text(v.get(key))
        if not text and key != "decision":
            add(key, _("Thiếu giá trị."))
        elif len(text) > limit:
            add(key, _("Dài quá {limit} ký tự.").format(limit=limit))
        out[key] = text
    year = v.get("year")
    try:
        out["year"] = int(_text(year))
        if not 2000 <= out["year"] <= 2100:
            raise ValueError
    except ValueError:
        add("year", _("Năm phải là số từ 2000 đến 2100."))
    block = _text(v.get("block"))
    if block not in BLOCKS:
        add("block", _("Khối «{value}» không hợp lệ; dùng agency (sở, ban, ngành), commune (xã, phường) hoặc "
                        "province (tỉnh, theo chỉ số của Bộ Nội vụ).").format(value=block))
    out["block"] = block
    when = v.get("decision_date")
    out["decision_date"] = None
    if isinstance(when, datetime):
        out["decision_date"] = when.date()
    elif isinstance(when, date):
        out["decision_date"] = when
    elif _text(when):
        text = _text(when)
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                out["decision_date"] = datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
                break
            except ValueError:
                continue
        else:
            add("decision_date", _("Ngày «{value}» không hợp lệ; viết dd/mm/yyyy.").format(value=text))
    for key in ("survey_optional", "illustrative"):
        flag = _as_bool(v.get(key)) if v.get(key) is not None else False
        if flag is None:
            add(key, _("Giá trị phải là có (true) hoặc không (false)."))
        out[key] = bool(flag)
    bands = v.get("bands") or []
    for message, params in rules.check_bands(bands):
        issues.append(Issue(message, file=name, row=row, field=labels.get("bands", "bands"), params=params))
    out["bands"] = [{"code": str(b["code"]).strip(), "label": str(b["label"]).strip(),
                     "min_pct": _number(rules.points_of(b["min_pct"]))} for b in bands] \
        if isinstance(bands, list) and not rules.check_bands(bands) else []
    out["source"] = _text(v.get("source"))
    old_code = supersedes or _text(v.get("supersedes"))
    out["supersedes"] = None
    if old_code:
        old = IndexVersion.objects.filter(code=old_code).first()
        if old is None:
            add("supersedes", _("Không có bộ chỉ số mã «{code}» để thay thế.").format(code=old_code))
        elif old.status == VersionStatus.SUPERSEDED:
            add("supersedes", _("Bộ chỉ số «{code}» đã được thay thế trước đó.").format(code=old_code))
        elif block in BLOCKS and old.block != block:
            add("supersedes", _("Bộ chỉ số «{code}» thuộc khối khác; quyết định thay thế phải cùng khối.").format(
                code=old_code))
        out["supersedes"] = old
    return out


def check(parsed: ParsedFile, *, supersedes: str | None = None) -> dict[str, Any]:
    """The version's fields ready to store, or InvalidInput with every issue (file, row, field)."""
    issues: list[Issue] = []
    fields = _version_fields(parsed, supersedes, issues)
    found, omitted = rules.validate(parsed.rows, filename=parsed.filename,
                                    kpi_codes={*kpis.KPI_CODES, *kpis.RECORDED_KPI_CODES})
    issues += [dataclasses.replace(i, field=parsed.labels.get(i.field, i.field)) for i in found]
    for r in parsed.rows:  # the database's limits on what the rule leaves free
        for key, limit in (("code", 24 if r.level == rules.COMPONENT else 16), ("name", 1000 if r.level ==
                                                                             rules.COMPONENT else 500)):
            if len(getattr(r, key)) > limit:
                issues.append(Issue(_("Dài quá {limit} ký tự.").format(limit=limit), file=parsed.filename, row=r.row,
                                    field=parsed.labels.get(key, key)))
    if issues:
        omitted += keep_first(issues, rules.MAX_ISSUES)
        raise InvalidInput(issues=issues, omitted=omitted)
    return fields


# --- writing --------------------------------------------------------------------------------------

def _points(value: Any) -> Decimal:
    return (rules.points_of(value) or Decimal(0)).quantize(rules.TWO_PLACES)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def import_structure(content: bytes, filename: str, *, by=None, supersedes: str | None = None,  # noqa: ANN001
                     status: str = VersionStatus.IN_FORCE) -> IndexVersion:
    """Read, check and store one version, all or nothing. ``supersedes`` (a version's code, or the file's
    own «supersedes») marks that version SUPERSEDED. Raises InvalidInput naming file, row and field."""
    parsed = read_file(content, filename)
    fields = check(parsed, supersedes=supersedes)
    try:
        return _store(parsed, fields, by=by, status=status)
    except IntegrityError:  # the same code imported at the same moment by someone else
        raise InvalidInput(issues=[Issue(_("Đã có bộ chỉ số mã «{code}». Quyết định sửa đổi, thay thế được nhập với "
                                           "mã mới và ghi mã cũ ở «supersedes» (thay thế bộ chỉ số).").format(
            code=fields["code"]), file=filename, row=parsed.version_row,
            field=parsed.labels.get("code", "code"))]) from None


@transaction.atomic
def _store(parsed: ParsedFile, fields: Mapping[str, Any], *, by, status: str) -> IndexVersion:  # noqa: ANN001
    old = fields["supersedes"]
    version = IndexVersion.objects.create(
        code=fields["code"], name=fields["name"], issuer=fields["issuer"], decision=fields["decision"],
        decision_date=fields["decision_date"], year=fields["year"], block=fields["block"], status=status,
        supersedes=old, bands=fields["bands"], survey_optional=fields["survey_optional"],
        illustrative=fields["illustrative"], source=fields["source"], created_by=by)
    if old is not None:
        old.status = VersionStatus.SUPERSEDED
        old.save(update_fields=["status"])
    areas: dict[str, Area] = {}
    criteria: dict[str, Criterion] = {}
    order: dict[str, int] = {}
    for r in parsed.rows:
        n = order[r.parent] = order.get(r.parent, 0) + 1
        if r.level == rules.AREA:
            areas[r.code] = Area.objects.create(version=version, code=r.code, name=r.name, order=n,
                                                max_points=_points(r.max_points),
                                                applies_to=r.applies_to or Applicability.ALL)
        elif r.level == rules.CRITERION:
            criteria[r.code] = Criterion.objects.create(area=areas[r.parent], code=r.code, name=r.name, order=n,
                                                        max_points=_points(r.max_points))
        else:
            Component.objects.create(criterion=criteria[r.parent], code=r.code, name=r.name, order=n,
                                     max_points=_points(r.max_points), method=r.method or Method.EVIDENCE,
                                     rule=dict(r.rule or {}), guidance=r.guidance,
                                     applies_to=r.applies_to or Applicability.ALL)
    return version


# --- exporting ------------------------------------------------------------------------------------

def version_tree(version: IndexVersion) -> list[Area]:
    """The version's areas with their criteria and components, in order, in three queries."""
    from django.db.models import Prefetch

    return list(version.areas.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("components"))))


def as_dict(version: IndexVersion) -> dict[str, Any]:
    """The version in the YAML schema (the inverse of reading: importing it gives the same tree)."""
    head: dict[str, Any] = {
        "code": version.code, "name": version.name, "issuer": version.issuer, "decision": version.decision,
        "decision_date": version.decision_date, "year": version.year, "block": version.block,
        "bands": list(version.bands or []), "survey_optional": version.survey_optional,
        "illustrative": version.illustrative, "source": version.source,
    }
    if version.supersedes_id:
        head["supersedes"] = version.supersedes.code
    areas = []
    for area in version_tree(version):
        criteria = []
        for criterion in area.criteria.all():
            components = []
            for c in criterion.components.all():
                item: dict[str, Any] = {"code": c.code, "name": c.name, "max_points": _number(c.max_points),
                                        "method": c.method}
                if c.rule:
                    item["rule"] = c.rule
                if c.applies_to != Applicability.ALL:
                    item["applies_to"] = c.applies_to
                if c.guidance:
                    item["guidance"] = c.guidance
                components.append(item)
            criteria.append({"code": criterion.code, "name": criterion.name,
                             "max_points": _number(criterion.max_points), "components": components})
        item = {"code": area.code, "name": area.name, "max_points": _number(area.max_points)}
        if area.applies_to != Applicability.ALL:
            item["applies_to"] = area.applies_to
        areas.append(item | {"criteria": criteria})
    return {"version": head, "areas": areas}


def write_yaml(version: IndexVersion) -> bytes:
    return yaml.safe_dump(as_dict(version), allow_unicode=True, sort_keys=False, width=110).encode("utf-8")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def write_xlsx(version: IndexVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = as_dict(version)
    wb = Workbook()
    ws = wb.active
    ws.title = "Bộ chỉ số"
    ws.append([h for _k2, h in COLUMNS])
    head = dict(data["version"])
    head["bands"] = _json(head["bands"])
    head["decision_date"] = head["decision_date"].strftime("%d/%m/%Y") if head["decision_date"] else None
    head["survey_optional"] = "có" if head["survey_optional"] else "không"
    head["illustrative"] = "có" if head["illustrative"] else "không"
    ws.append([LEVEL_NAMES[VERSION] if k == "level" else head.get(k) for k, _h in COLUMNS])
    for area in data["areas"]:
        ws.append(_xlsx_row(rules.AREA, area, ""))
        for criterion in area["criteria"]:
            ws.append(_xlsx_row(rules.CRITERION, criterion, area["code"]))
            for component in criterion["components"]:
                ws.append(_xlsx_row(rules.COMPONENT, component, criterion["code"]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (20, 10, 12, 60, 11, 11, 40, 18, 40), strict=True):
        ws.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_row(level: str, item: Mapping[str, Any], parent: str) -> list[Any]:
    values = {"level": LEVEL_NAMES[level], "code": item["code"], "parent": parent, "name": item["name"],
              "max_points": item["max_points"], "method": item.get("method"), "rule": _json(item.get("rule")),
              "applies_to": item.get("applies_to"), "guidance": item.get("guidance")}
    return [values.get(k) for k, _h in COLUMNS]


# --- the illustrative indices and what is known nationally ----------------------------------------

def load_illustrative(year: int = 2026, *, by=None) -> list[IndexVersion]:  # noqa: ANN001
    """The two illustrative indices (agency and commune blocks) for ``year``; a version already there is
    kept as it is (idempotent). Never a province's real decision: marked illustrative."""
    out = []
    for name in ILLUSTRATIVE_FILES:
        content = (DATA_DIR / name).read_bytes()
        if year != 2026:
            content = content.replace(b"2026", str(year).encode())
        parsed = read_yaml(content, name)
        existing = IndexVersion.objects.filter(code=_text(parsed.version.get("code"))).first()
        if existing is not None:
            out.append(existing)
            continue
        out.append(_store(parsed, check(parsed), by=by, status=VersionStatus.IN_FORCE))
    return out


@functools.cache
def national_versions() -> list[dict[str, Any]]:
    """What is known of the national indices (counts only, with their sources: never points); read once."""
    doc = yaml.safe_load((DATA_DIR / NATIONAL_FILE).read_text(encoding="utf-8"))
    return list(doc.get("versions") or [])


def structure_rows(version: IndexVersion) -> Iterable[tuple[int, Any]]:
    """(depth, node) for the tree page: areas (0), criteria (1), components (2)."""
    for area in version_tree(version):
        yield 0, area
        for criterion in area.criteria.all():
            yield 1, criterion
            for component in criterion.components.all():
                yield 2, component
