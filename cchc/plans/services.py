"""Use cases of PAR plans: import a plan file (validated, all or nothing), report progress on a task."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core import tasks as task_rules
from cchc.core import unit_refs
from cchc.core.errors import InvalidInput, Issue
from cchc.core.levels import ALL_LEVELS, UnitKind
from cchc.core.parsing import parse_date, parse_decimal
from cchc.core.targets import COMPARATORS
from cchc.platform import evidence as evidence_files
from cchc.units.models import Unit
from cchc.units.services import AmbiguousUnit, UnitNotFound, UnitResolver, resolve

from . import permissions
from .models import (
    Assignment,
    Measure,
    Plan,
    PlanArea,
    ProgressUpdate,
    Target,
    Task,
    Threshold,
    Transcription,
)
from .plan_io import Item, PlanFile, read_plan_file

SEED_PLANS_DIR = Path(__file__).parent / "data" / "seed_plans"
SEED_TEXTS_DIR = Path(__file__).parent / "data" / "seed_texts"
LEVEL_KINDS = {"province": UnitKind.DEPARTMENT, "district": UnitKind.DISTRICT, "commune": UnitKind.COMMUNE}


@dataclass
class ImportSummary:
    plan: Plan
    created: bool
    areas: int
    targets: int
    tasks: int
    assignments: int


class _Checker:
    """Collects every problem of a file before anything is written."""

    def __init__(self, filename: str):
        self.filename = filename
        self.issues: list[Issue] = []

    def add(self, item: Item | None, field: str, message: str) -> None:
        where = f"{item.sheet}: {field}" if item and item.sheet else field
        self.issues.append(Issue(message, file=self.filename, row=item.row if item else None, field=where))

    def scalars(self, item: Item, *fields: str) -> None:
        """A code or choice given as a list or a table is reported (and dropped) before it is compared."""
        for f in fields:
            if isinstance(item.data.get(f), list | dict):
                self.add(item, f, _("Phải là một giá trị đơn, không phải danh sách."))
                item.data[f] = None

    def required(self, item: Item, field: str) -> object | None:
        value = item.data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(item, field, _("Thiếu giá trị bắt buộc."))
            return None
        return value

    def date(self, item: Item, field: str, required: bool = False) -> date | None:
        value = item.data.get(field)
        if value is None or value == "":
            if required:
                self.add(item, field, _("Thiếu ngày."))
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.add(item, field, _("Ngày không hợp lệ «{value}» (dùng dd/mm/yyyy hoặc yyyy-mm-dd).").format(value=value))
            return None

    def integer(self, item: Item, field: str, required: bool = False) -> int | None:
        value = item.data.get(field)
        if value is None or value == "":
            if required:
                self.add(item, field, _("Thiếu giá trị bắt buộc."))
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            self.add(item, field, _("Phải là số nguyên, nhận được «{value}».").format(value=value))
            return None

    def levels(self, item: Item, field: str, allow_all: bool = False) -> list[str]:
        values = item.data.get(field) or []
        if not isinstance(values, list):
            values = [values]
        allowed = set(LEVEL_KINDS) | ({ALL_LEVELS} if allow_all else set())
        for v in values:
            if v not in allowed:
                self.add(item, field, _("Cấp không hợp lệ «{value}» (province, district, commune).").format(value=v))
        return [v for v in values if v in allowed]


def _clean_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _validate(doc: PlanFile) -> tuple[_Checker, dict]:
    """Check the whole file; return the checker and the resolved values to write."""
    c = _Checker(doc.filename)
    p = doc.plan
    c.scalars(p, "code", "province_code", "year", "document_number", "document_date", "title", "transcription",
              "illustrative")
    for item in doc.areas:
        c.scalars(item, "code", "name")
    for item in doc.targets:
        c.scalars(item, "code", "area", "measure", "kpi_code", "comparator", "text")
    for item in doc.tasks:
        c.scalars(item, "code", "area", "title", "deadline")
    code = c.required(p, "code")
    year = c.integer(p, "year", required=True)
    if year is not None and not MINYEAR <= year <= MAXYEAR:  # date(year, 1, 1) below would raise
        c.add(p, "year", _("Năm không hợp lệ «{value}».").format(value=year))
        year = None
    for f in ("document_number", "title"):
        c.required(p, f)
    doc_date = c.date(p, "document_date", required=True)
    transcription = p.data.get("transcription") or Transcription.COMPLETE
    if transcription not in Transcription.values:
        c.add(p, "transcription", _("Giá trị phải là complete hoặc partial."))
    illustrative = p.data.get("illustrative")
    if isinstance(illustrative, str):
        illustrative = {"true": True, "có": True, "1": True, "false": False, "không": False, "0": False, "": None}.get(
            illustrative.strip().lower(), illustrative)
    if illustrative not in (True, False, None, 1, 0):
        c.add(p, "illustrative", _("Giá trị phải là true (kế hoạch minh họa) hoặc false."))
    province = None
    province_code = c.required(p, "province_code")
    if province_code is not None and year is not None:
        try:  # the one rule for a unit reference, among the provinces
            province = resolve(str(province_code), during=(date(year, 1, 1), date(year, 12, 31)),
                               among=Unit.objects.filter(kind=UnitKind.PROVINCE))
        except AmbiguousUnit as exc:
            c.add(p, "province_code", exc.message)
        except UnitNotFound:
            c.add(p, "province_code", _("Không có tỉnh mã «{code}» còn hiệu lực năm {year}; hãy nhập đơn vị trước "
                                        "(cchc units import --province ...).").format(code=province_code, year=year))
    resolved: dict = {"plan": {
        "code": _clean_text(code), "year": year, "document_date": doc_date, "province": province,
        "transcription": transcription,
        "illustrative": bool(illustrative) if illustrative in (True, False, 1, 0) else False,
        "stated_task_count": c.integer(p, "stated_task_count"),
        "stated_target_count": c.integer(p, "stated_target_count"),
        **{f: _clean_text(p.data.get(f)) for f in ("document_number", "title", "source_file", "source_quote", "transcription_note")},
        "document_kind": _clean_text(p.data.get("document_kind")) or "KH",
    }}

    area_codes: set[str] = set()
    resolved["areas"] = []
    for order, item in enumerate(doc.areas):
        a_code = c.required(item, "code")
        name = c.required(item, "name")
        if a_code in area_codes:
            c.add(item, "code", _("Mã lĩnh vực «{code}» bị trùng.").format(code=a_code))
        area_codes.add(a_code)
        resolved["areas"].append({"code": _clean_text(a_code), "name": _clean_text(name), "order": order})
    if not doc.areas:
        c.add(None, "areas", _("Kế hoạch phải có ít nhất một lĩnh vực."))

    year_start = date(year, 1, 1) if year else None
    year_end = date(year, 12, 31) if year else None
    target_codes: set[str] = set()
    resolved["targets"] = []
    for order, item in enumerate(doc.targets):
        t_code = c.required(item, "code")
        if t_code in target_codes:
            c.add(item, "code", _("Mã chỉ tiêu «{code}» bị trùng.").format(code=t_code))
        target_codes.add(t_code)
        area = item.data.get("area")
        if area not in area_codes:
            c.add(item, "area", _("Lĩnh vực «{code}» không có trong phần lĩnh vực.").format(code=area))
        c.required(item, "text")
        measure = item.data.get("measure")
        if measure not in Measure.values:
            c.add(item, "measure", _("Cách đo phải là kpi hoặc manual, nhận được «{value}».").format(value=measure))
        kpi_code = _clean_text(item.data.get("kpi_code"))
        if measure == Measure.KPI and not kpi_code:
            c.add(item, "kpi_code", _("Chỉ tiêu đo bằng KPI phải có mã KPI."))
        comparator = _clean_text(item.data.get("comparator"))
        if comparator not in COMPARATORS:
            c.add(item, "comparator", _("Phép so sánh phải là một trong >=, <=, >, <, =."))
        thresholds = []
        raw_thresholds = item.data.get("thresholds") or []
        if not raw_thresholds:
            c.add(item, "thresholds", _("Chỉ tiêu phải có ít nhất một ngưỡng."))
        seen_levels = set()
        for th in raw_thresholds:
            th_item = Item(th if isinstance(th, dict) else {}, item.row, item.sheet)
            level = th_item.data.get("level")
            if level not in (*LEVEL_KINDS, ALL_LEVELS):
                c.add(item, "thresholds.level", _("Cấp của ngưỡng không hợp lệ «{value}».").format(value=level))
            try:
                value = parse_decimal(th_item.data.get("value"))
            except ValueError:
                c.add(item, "thresholds.value", _("Ngưỡng phải là số, nhận được «{value}».").format(value=th_item.data.get("value")))
                value = Decimal(0)
            key = (level, th_item.data.get("valid_from"))
            if key in seen_levels:
                c.add(item, "thresholds", _("Có hai ngưỡng cùng cấp «{level}» có cùng ngày hiệu lực.").format(level=level))
            seen_levels.add(key)
            thresholds.append({"level": level, "value": value,
                               "valid_from": c.date(th_item, "valid_from"), "valid_to": c.date(th_item, "valid_to")})
        valid_from = c.date(item, "valid_from") or year_start
        valid_to = c.date(item, "valid_to") or year_end
        if valid_from and valid_to and valid_from > valid_to:
            c.add(item, "valid_to", _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."))
        resolved["targets"].append({
            "code": _clean_text(t_code), "area": area, "text": _clean_text(item.data.get("text")), "measure": measure,
            "kpi_code": kpi_code, "unit_of_measure": _clean_text(item.data.get("unit_of_measure")) or "%",
            "comparator": comparator, "applies_to": c.levels(item, "applies_to"), "thresholds": thresholds,
            "valid_from": valid_from, "valid_to": valid_to, "source_quote": _clean_text(item.data.get("source_quote")),
            "order": order,
        })

    # The province's units, read once for every task (cchc.units.services: the one rule for a unit's key,
    # code, short code "SNV" or name), valid at some time in the plan's year.
    province_units = {u.pk: u for u in Unit.objects.filter(province=province)} if province is not None else {}
    units = UnitResolver(province_units.values(), province=province) if province is not None else None

    def units_for(item: Item, field: str) -> list[Unit]:
        found_ids = []
        for ref in item.data.get(field) or []:
            ref = str(ref).strip()
            choice = units.choose(ref, (year_start, year_end)) if units is not None else None
            if choice is None or choice.outcome == unit_refs.Outcome.UNKNOWN:
                c.add(item, field, _("Không tìm thấy đơn vị «{ref}» thuộc tỉnh của kế hoạch.").format(ref=ref))
            elif choice.id is None:
                c.add(item, field, units.problem(ref, choice, (year_start, year_end)).message)
            else:
                found_ids.append(choice.id)
        return [province_units[i] for i in found_ids]

    task_codes: set[str] = set()
    resolved["tasks"] = []
    for order, item in enumerate(doc.tasks):
        k_code = c.required(item, "code")
        if k_code in task_codes:
            c.add(item, "code", _("Mã nhiệm vụ «{code}» bị trùng.").format(code=k_code))
        task_codes.add(k_code)
        area = item.data.get("area")
        if area not in area_codes:
            c.add(item, "area", _("Lĩnh vực «{code}» không có trong phần lĩnh vực.").format(code=area))
        c.required(item, "title")
        for ref in item.data.get("targets") or []:
            if ref not in target_codes:
                c.add(item, "targets", _("Chỉ tiêu «{code}» không có trong kế hoạch.").format(code=ref))
        resolved["tasks"].append({
            "code": _clean_text(k_code), "area": area, "title": _clean_text(item.data.get("title")),
            "lead_units": units_for(item, "lead_units"), "lead_levels": c.levels(item, "lead_levels"),
            "cooperating_units": units_for(item, "cooperating_units"),
            "deadline": c.date(item, "deadline") or year_end,
            "expected_output": _clean_text(item.data.get("expected_output")),
            "targets": [str(t) for t in item.data.get("targets") or []],
            "source_quote": _clean_text(item.data.get("source_quote")), "order": order,
        })

    if code and not c.issues:
        existing = Plan.objects.filter(code=code).first()
        if existing is not None:
            kept = set(task_codes)
            lost = (
                existing.tasks.exclude(code__in=kept)
                .filter(assignments__updates__isnull=False)
                .values_list("code", flat=True)
                .distinct()
            )
            for lost_code in lost:
                c.add(None, "tasks", _("Nhiệm vụ «{code}» đã có báo cáo tiến độ nên không thể bỏ khỏi kế hoạch.").format(code=lost_code))
    return c, resolved


def _assignment_units(plan: Plan, task: dict) -> set[int]:
    ids = {u.pk for u in task["lead_units"]}
    if task["lead_levels"]:
        kinds = [LEVEL_KINDS[level] for level in task["lead_levels"]]
        ids |= set(
            Unit.objects.filter(province=plan.province, kind__in=kinds)
            .valid_during(date(plan.year, 1, 1), date(plan.year, 12, 31))
            .values_list("pk", flat=True)
        )
    return ids


@transaction.atomic
def import_plan(content: bytes, filename: str) -> ImportSummary:
    """Import a plan file: every problem is reported at once and nothing is written unless there is none.

    Re-importing the same file changes nothing (items are matched by code). Items dropped from the file are
    removed, unless a unit has already reported progress on them.
    """
    doc = read_plan_file(content, filename)
    checker, r = _validate(doc)
    if checker.issues:
        raise InvalidInput(issues=checker.issues)
    values = r["plan"]
    plan, created = Plan.objects.update_or_create(code=values.pop("code"), defaults=values)
    areas = {}
    for a in r["areas"]:
        areas[a["code"]], _c = PlanArea.objects.update_or_create(plan=plan, code=a["code"], defaults={"name": a["name"], "order": a["order"]})
    targets = {}
    for t in r["targets"]:
        fields = {k: t[k] for k in ("text", "measure", "kpi_code", "unit_of_measure", "comparator", "applies_to",
                                    "valid_from", "valid_to", "source_quote", "order")}
        target, _c = Target.objects.update_or_create(plan=plan, code=t["code"], defaults={**fields, "area": areas[t["area"]]})
        _replace_thresholds(target, t["thresholds"])
        targets[t["code"]] = target
    assignments = 0
    for k in r["tasks"]:
        fields = {f: k[f] for f in ("title", "lead_levels", "deadline", "expected_output", "source_quote", "order")}
        task, _c = Task.objects.update_or_create(plan=plan, code=k["code"], defaults={**fields, "area": areas[k["area"]]})
        task.lead_units.set(k["lead_units"])
        task.cooperating_units.set(k["cooperating_units"])
        task.targets.set([targets[c] for c in k["targets"]])
        wanted = _assignment_units(plan, k)
        have = set(task.assignments.values_list("unit_id", flat=True))
        Assignment.objects.bulk_create([Assignment(task=task, unit_id=u) for u in wanted - have])
        task.assignments.filter(unit_id__in=have - wanted, updates__isnull=True).delete()
        assignments += len(wanted)
    plan.tasks.exclude(code__in=[k["code"] for k in r["tasks"]]).delete()
    plan.targets.exclude(code__in=list(targets)).delete()
    plan.areas.exclude(code__in=list(areas)).delete()
    return ImportSummary(plan, created, len(areas), len(targets), len(r["tasks"]), assignments)


def _replace_thresholds(target: Target, thresholds: list[dict]) -> None:
    current = sorted((t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all())
    wanted = sorted((t["level"], Decimal(t["value"]), t["valid_from"], t["valid_to"]) for t in thresholds)
    if [(a, Decimal(b), c, d) for a, b, c, d in current] == wanted:
        return  # unchanged: keep rows (and the audit trail) as they are
    target.thresholds.all().delete()
    Threshold.objects.bulk_create(
        [Threshold(target=target, level=lvl, value=val, valid_from=vf, valid_to=vt) for lvl, val, vf, vt in wanted]
    )


def import_seed_plans() -> list[ImportSummary]:
    """Load the three plans transcribed from the seed texts (data/seed_plans/*.yaml)."""
    return [import_plan(path.read_bytes(), path.name) for path in sorted(SEED_PLANS_DIR.glob("*.yaml"))]


# --- progress -------------------------------------------------------------------------------------

@transaction.atomic
def report_progress(*, user, assignment: Assignment, progress: int, note: str, evidence: UploadedFile | None = None,
                    max_bytes: int | None = None) -> ProgressUpdate:
    """A unit reports progress on its share of a task. Only the unit's focal point (or the PAR officer)
    may; progress is 0–100; an evidence file is checked and kept with its checksum as every evidence file
    is (cchc.platform.evidence)."""
    require(permissions.can_report_for(user, assignment.unit_id))
    issues = []
    if not 0 <= progress <= 100:
        issues.append(Issue(_("Tiến độ phải từ 0 đến 100."), field="progress"))
    if not note.strip():
        issues.append(Issue(_("Hãy ghi nội dung cập nhật."), field="note"))
    evidence_files.check_file(evidence, "evidence", issues, max_bytes)
    if issues:
        raise InvalidInput(issues=issues)
    update = ProgressUpdate(assignment=assignment, author=user, progress=progress, note=note.strip())
    if evidence is not None:
        update.evidence_name, update.evidence_sha256, update.evidence_size = evidence_files.store(update.evidence, evidence)
    update.save()
    assignment.progress = progress
    assignment.save(update_fields=["progress", "updated_at"])
    return update


def task_rollups(plan: Plan, today: date) -> dict[int, task_rules.Rollup]:
    """Each task's progress over its units, from one query."""
    progresses: dict[int, list[int]] = {}
    for task_id, progress in Assignment.objects.filter(task__plan=plan).values_list("task_id", "progress"):
        progresses.setdefault(task_id, []).append(progress)
    return {t.pk: task_rules.rollup(progresses.get(t.pk, []), t.deadline, today) for t in plan.tasks.all()}


def status_counts(assignments, today: date) -> dict:
    """Assignments per status (every status present), counted in SQL."""
    rows = assignments.with_status(today).values("status").annotate(n=Count("pk"))
    counts = {s: 0 for s in task_rules.TaskStatus}
    for row in rows:
        counts[task_rules.TaskStatus(row["status"])] = row["n"]
    return counts


# --- source texts ---------------------------------------------------------------------------------

def source_text(plan: Plan) -> str | None:
    """The shipped source text a plan names (``seeds/<file>``), or None. Only files of SEED_TEXTS_DIR
    are ever read: the name is matched against its listing, never joined into a path."""
    wanted = Path(plan.source_file).name
    for path in SEED_TEXTS_DIR.glob("*.txt"):
        if path.name == wanted:
            return path.read_text(encoding="utf-8")
    return None


def highlight(text: str, quotes: list[str]) -> str:
    """HTML of ``text`` (escaped) with each quote that occurs in it (whitespace-insensitive) in <mark>."""
    import re

    from django.utils.html import escape

    spans = []
    for quote in {q.strip() for q in quotes if q and q.strip()}:
        pattern = r"\s+".join(re.escape(word) for word in quote.split())
        spans += [m.span() for m in re.finditer(pattern, text)]
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue  # overlapping quotes: the first one wins
        out += [escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>"]
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


# --- tasks done by their deadline (the classification's input, the PAR index's computed criterion) ---

def task_completion(unit_ids: list[int], year: int, as_of: date) -> dict[int, tuple[int, int]]:
    """unit id → (tasks done by their deadline, tasks due) among the unit's assignments in the plans of
    ``year``: a task is due once its deadline (the year's end without one) is on or before ``as_of``, or
    once done; done by its deadline when the first progress update reporting 100% is dated on or before it
    (an assignment at 100% without a dated update is counted done late: nothing shows when it was done)."""
    assignments = list(Assignment.objects.filter(unit_id__in=unit_ids, task__plan__year=year)
                       .values_list("pk", "unit_id", "progress", "task__deadline"))
    first_done: dict[int, date] = {}
    for assignment_id, created_at in (ProgressUpdate.objects.filter(
            assignment_id__in=[a[0] for a in assignments], progress=100)
            .order_by("assignment_id", "created_at").values_list("assignment_id", "created_at")):
        first_done.setdefault(assignment_id, timezone.localtime(created_at).date())
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, unit_id, progress, deadline in assignments:
        deadline = deadline or date(year, 12, 31)
        done = progress >= 100
        if not done and deadline > as_of:
            continue
        out[unit_id][1] += 1
        if done and pk in first_done and first_done[pk] <= deadline:
            out[unit_id][0] += 1
    return {u: (d, n) for u, (d, n) in out.items()}
