"""Reading and writing plan files (YAML and XLSX) in one schema; see docs/plan-files.md.

Both formats are parsed into the same plain structure, each item remembering where it came from (YAML
line or XLSX sheet row), so that validation can name the file, row and field of every problem.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from cchc.core.errors import InvalidInput, Issue
from cchc.platform.tables import check_size, check_xlsx

LEVELS = ("province", "district", "commune")
THRESHOLD_COLUMNS = {"all": "nguong_moi_cap", "province": "nguong_cap_tinh", "district": "nguong_cap_huyen", "commune": "nguong_cap_xa"}

# XLSX layout: sheet title -> [(key, header)]. Headers are what a PAR officer reads in Excel; the
# reader accepts either the header or the key.
PLAN_FIELDS = [
    ("code", "Mã kế hoạch"),
    ("province_code", "Mã tỉnh"),
    ("year", "Năm"),
    ("document_number", "Số, ký hiệu"),
    ("document_date", "Ngày ban hành"),
    ("document_kind", "Loại văn bản"),
    ("title", "Tên kế hoạch"),
    ("source_file", "Nguồn"),
    ("source_quote", "Trích dẫn nguồn"),
    ("transcription", "Mức độ nhập liệu"),
    ("stated_task_count", "Số nhiệm vụ theo văn bản"),
    ("stated_target_count", "Số chỉ tiêu theo văn bản"),
    ("transcription_note", "Ghi chú nhập liệu"),
    ("illustrative", "Kế hoạch minh họa"),
]
AREA_COLUMNS = [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")]
TARGET_COLUMNS = [
    ("code", "Mã chỉ tiêu"),
    ("area", "Lĩnh vực"),
    ("text", "Nội dung"),
    ("measure", "Cách đo"),
    ("kpi_code", "Mã KPI"),
    ("unit_of_measure", "Đơn vị tính"),
    ("comparator", "So sánh"),
    ("nguong_cap_tinh", "Ngưỡng cấp tỉnh"),
    ("nguong_cap_huyen", "Ngưỡng cấp huyện"),
    ("nguong_cap_xa", "Ngưỡng cấp xã"),
    ("nguong_moi_cap", "Ngưỡng mọi cấp"),
    ("applies_to", "Áp dụng cho cấp"),
    ("valid_from", "Hiệu lực từ"),
    ("valid_to", "Hiệu lực đến"),
    ("source_quote", "Trích dẫn nguồn"),
]
TASK_COLUMNS = [
    ("code", "Mã nhiệm vụ"),
    ("area", "Lĩnh vực"),
    ("title", "Tên nhiệm vụ"),
    ("lead_units", "Đơn vị chủ trì"),
    ("lead_levels", "Cấp chủ trì"),
    ("cooperating_units", "Đơn vị phối hợp"),
    ("deadline", "Thời hạn"),
    ("expected_output", "Sản phẩm"),
    ("targets", "Chỉ tiêu liên quan"),
    ("source_quote", "Trích dẫn nguồn"),
]
SHEETS = {"plan": "Kế hoạch", "areas": "Lĩnh vực", "targets": "Chỉ tiêu", "tasks": "Nhiệm vụ"}
LIST_FIELDS = {"applies_to", "lead_units", "lead_levels", "cooperating_units", "targets"}


@dataclass
class Item:
    """One record of a plan file and where it was read (``row`` is a YAML line or an XLSX row)."""

    data: dict[str, Any]
    row: int | None
    sheet: str = ""


@dataclass
class PlanFile:
    filename: str
    plan: Item
    areas: list[Item] = field(default_factory=list)
    targets: list[Item] = field(default_factory=list)
    tasks: list[Item] = field(default_factory=list)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line number under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it; an impossible one (2022-02-30) stays text so that validation reports it
    with its row and field instead of the whole read failing with a bare ValueError."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _item(raw: Any, filename: str, where: str) -> Item:
    if not isinstance(raw, dict):
        raise InvalidInput(issues=[Issue(_("Mỗi phần tử của «{where}» phải là một bảng khóa–giá trị.").format(where=where), file=filename)])
    data = dict(raw)
    line = data.pop("__line__", None)
    for value in data.values():
        if isinstance(value, list):
            for v in value:
                if isinstance(v, dict):
                    v.pop("__line__", None)
    return Item(data, line, where)


def read_yaml(content: bytes, filename: str) -> PlanFile:
    check_size(content, filename)
    try:
        text = content.decode("utf-8-sig")
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except UnicodeDecodeError:
        raise InvalidInput(issues=[Issue(_("Tệp không phải văn bản UTF-8."), file=filename)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput(
            issues=[Issue(_("Tệp YAML sai cú pháp: {problem}").format(problem=getattr(exc, "problem", exc)), file=filename,
                          row=mark.line + 1 if mark else None)]
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("plan"), dict):
        raise InvalidInput(issues=[Issue(_("Thiếu phần «plan» ở đầu tệp."), file=filename, row=1)])
    result = PlanFile(filename, _item(doc["plan"], filename, "plan"))
    for section in ("areas", "targets", "tasks"):
        raw = doc.get(section) or []
        if not isinstance(raw, list):
            raise InvalidInput(issues=[Issue(_("Phần «{section}» phải là một danh sách.").format(section=section), file=filename)])
        setattr(result, section, [_item(r, filename, section) for r in raw])
    return result


def _split_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [p.strip() for p in str(value).replace(";", ",").split(",") if p.strip()]


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value if value != "" else None
    if hasattr(value, "date") and not isinstance(value, date):
        return value.date()
    return value


def _read_table(ws, columns: list[tuple[str, str]], filename: str) -> list[Item]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    by_label = {h.lower(): k for k, h in columns} | {k: k for k, _h in columns}
    keys = []
    issues = []
    for col, title in enumerate(header, start=1):
        if title is None:
            keys.append(None)
            continue
        key = by_label.get(str(title).strip().lower())
        if key is None:
            issues.append(Issue(_("Cột không xác định «{title}».").format(title=title), file=filename, row=1, field=f"{ws.title}!{col}"))
        keys.append(key)
    if issues:
        raise InvalidInput(issues=issues)
    items = []
    for number, row in enumerate(rows, start=2):
        values = {k: _cell(v) for k, v in zip(keys, row, strict=False) if k}
        if all(v is None for v in values.values()):
            continue
        items.append(Item(values, number, ws.title))
    return items


def read_xlsx(content: bytes, filename: str) -> PlanFile:
    check_xlsx(content, filename)  # the import limits: size, unpacked size, rows, cell length
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a corrupt file
        raise InvalidInput(issues=[Issue(_("Không đọc được tệp Excel (.xlsx)."), file=filename)]) from None
    missing = [title for title in SHEETS.values() if title not in wb.sheetnames]
    if missing:
        raise InvalidInput(issues=[Issue(_("Thiếu trang tính «{sheet}».").format(sheet=s), file=filename) for s in missing])
    plan_ws = wb[SHEETS["plan"]]
    by_label = {h.lower(): k for k, h in PLAN_FIELDS} | {k: k for k, _h in PLAN_FIELDS}
    plan: dict[str, Any] = {}
    issues = []
    for number, row in enumerate(plan_ws.iter_rows(values_only=True), start=1):
        if not row or row[0] is None:
            continue
        key = by_label.get(str(row[0]).strip().lower())
        if key is None:
            if number == 1:  # a header row "Trường | Giá trị"
                continue
            issues.append(Issue(_("Trường không xác định «{name}».").format(name=row[0]), file=filename, row=number, field=plan_ws.title))
            continue
        plan[key] = _cell(row[1] if len(row) > 1 else None)
    if issues:
        raise InvalidInput(issues=issues)
    result = PlanFile(filename, Item(plan, None, plan_ws.title))
    result.areas = _read_table(wb[SHEETS["areas"]], AREA_COLUMNS, filename)
    result.targets = _read_table(wb[SHEETS["targets"]], TARGET_COLUMNS, filename)
    result.tasks = _read_table(wb[SHEETS["tasks"]], TASK_COLUMNS, filename)
    for item in result.targets:
        thresholds = []
        for level, key in THRESHOLD_COLUMNS.items():
            value = item.data.pop(key, None)
            if value is not None:
                thresholds.append({"level": level, "value": value})
        item.data["thresholds"] = thresholds
    for item in result.targets + result.tasks:
        for key in LIST_FIELDS & item.data.keys():
            item.data[key] = _split_list(item.data[key])
    return result


def read_plan_file(content: bytes, filename: str) -> PlanFile:
    """Parse a plan file by its extension (.yaml/.yml or .xlsx)."""
    lower = filename.lower()
    if lower.endswith((".yaml", ".yml")):
        return read_yaml(content, filename)
    if lower.endswith(".xlsx"):
        return read_xlsx(content, filename)
    raise InvalidInput(issues=[Issue(_("Chỉ nhận tệp .yaml, .yml hoặc .xlsx."), file=filename)])


# --- writing --------------------------------------------------------------------------------------

def _fmt_number(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def plan_as_dict(plan) -> dict[str, Any]:
    """The plan in the file schema (the inverse of reading; import(export(p)) changes nothing)."""
    areas = list(plan.areas.all())
    targets = list(plan.targets.select_related("area").prefetch_related("thresholds"))
    tasks = list(plan.tasks.select_related("area").prefetch_related("lead_units", "cooperating_units", "targets"))
    prefix = f"{plan.province.code}."

    def short(unit) -> str:
        return unit.code.removeprefix(prefix)

    return {
        "plan": {
            "code": plan.code,
            "province_code": plan.province.code,
            "year": plan.year,
            "document_number": plan.document_number,
            "document_date": plan.document_date,
            "document_kind": plan.document_kind,
            "title": plan.title,
            "source_file": plan.source_file,
            "source_quote": plan.source_quote,
            "transcription": plan.transcription,
            "stated_task_count": plan.stated_task_count,
            "stated_target_count": plan.stated_target_count,
            "transcription_note": plan.transcription_note,
            "illustrative": plan.illustrative,
        },
        "areas": [{"code": a.code, "name": a.name} for a in areas],
        "targets": [
            {
                "code": t.code,
                "area": t.area.code,
                "text": t.text,
                "measure": t.measure,
                **({"kpi_code": t.kpi_code} if t.kpi_code else {}),
                "unit_of_measure": t.unit_of_measure,
                "comparator": t.comparator,
                "thresholds": [
                    {"level": th.level, "value": _fmt_number(th.value)}
                    | ({"valid_from": th.valid_from} if th.valid_from else {})
                    | ({"valid_to": th.valid_to} if th.valid_to else {})
                    for th in t.thresholds.all()
                ],
                "applies_to": list(t.applies_to),
                "valid_from": t.valid_from,
                "valid_to": t.valid_to,
                "source_quote": t.source_quote,
            }
            for t in targets
        ],
        "tasks": [
            {
                "code": k.code,
                "area": k.area.code,
                "title": k.title,
                "lead_units": sorted(short(u) for u in k.lead_units.all()),
                "lead_levels": list(k.lead_levels),
                "cooperating_units": sorted(short(u) for u in k.cooperating_units.all()),
                "deadline": k.deadline,
                "expected_output": k.expected_output,
                "targets": sorted(t.code for t in k.targets.all()),
                "source_quote": k.source_quote,
            }
            for k in tasks
        ],
    }


def write_yaml(plan) -> bytes:
    return yaml.safe_dump(plan_as_dict(plan), allow_unicode=True, sort_keys=False, width=110).encode("utf-8")


def write_xlsx(plan) -> bytes:
    data = plan_as_dict(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS["plan"]
    ws.append([_("Trường"), _("Giá trị")])
    for key, header in PLAN_FIELDS:
        ws.append([header, data["plan"][key]])
    areas = wb.create_sheet(SHEETS["areas"])
    areas.append([h for _k, h in AREA_COLUMNS])
    for a in data["areas"]:
        areas.append([a[k] for k, _h in AREA_COLUMNS])
    targets = wb.create_sheet(SHEETS["targets"])
    targets.append([h for _k, h in TARGET_COLUMNS])
    for t in data["targets"]:
        by_level = {th["level"]: th["value"] for th in t["thresholds"]}
        row = dict(t)
        for level, key in THRESHOLD_COLUMNS.items():
            row[key] = by_level.get(level)
        row["applies_to"] = ", ".join(t["applies_to"])
        targets.append([row.get(k) for k, _h in TARGET_COLUMNS])
    tasks = wb.create_sheet(SHEETS["tasks"])
    tasks.append([h for _k, h in TASK_COLUMNS])
    for k in data["tasks"]:
        row = {key: (", ".join(v) if isinstance(v, list) else v) for key, v in k.items()}
        tasks.append([row.get(c) for c, _h in TASK_COLUMNS])
    for sheet in wb.worksheets:
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
