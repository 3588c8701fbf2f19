"""The periodic PAR report (báo cáo kết quả thực hiện công tác cải cách hành chính) as official documents.

Who reports what (seeds 001, 003; issue #4): units report quarterly, at 6 months, at 9 months and at year
end to the People's Committee through the Department of Home Affairs (Sở Nội vụ), which reports on to the
Committee and the Ministry of Home Affairs. The province's report and a unit's own report are the same
document, scoped to the province or to the unit's subtree.

Two steps, so that the reporting app can keep, compare or re-render what it generated:

- :func:`collect` reads the database once (plans, targets and thresholds, tasks and the history of their
  progress, the stored KPI values) and returns a :class:`ReportContent`, a tree of frozen dataclasses with
  no model instances in it. It never scans dossiers: late dossiers come from the KPI figures ``received``,
  ``ontime_rate``, ``late``, ``pending_overdue`` and ``late_without_apology`` (ARCHITECTURE "Scale").
- :func:`render_docx` lays the content out in the NĐ 30/2020 format (:mod:`.officialdoc`, DOMAIN §11 Q1):
  national motto header, issuer, number and symbol, place and date, "BÁO CÁO" and its subject, a body
  organised by the plan's reform areas, the late-dossier table by unit, the units that reported late or
  not at all, "Nơi nhận:" and the signature block. :mod:`.annexes` writes the XLSX annexes from the same
  content, :mod:`.pdf` converts the DOCX.

Reproducible (issue #4 "generated again, the same content"): the content depends only on the arguments
and the stored data, and is read *as of* the period: targets are evaluated on the year-to-date KPI values
that end with the period (Q1 → the quarter, Q2 → 6 months, Q3 → 9 months, Q4 → the year) with the year-end
projection at the period's end, and a task's progress is the last progress update reported up to
``as_of`` (by default the last day of the period), so updates made later do not change an old report.
Units, areas and tasks are sorted in Python (Vietnamese alphabetical order), never by the database's
collation, and the DOCX and XLSX bytes are made deterministic (:mod:`.packaging`).

Choices made here [I]: in the body, a target's result is summarised per level of government (how many
units meet it, which are at risk or miss it, how many have no figure); the annexes list every unit. The
late-dossier table lists the units directly under the scope that have figures for the period, then the
scope's own figure (which includes its subordinate units and, through lineage, the units it took over).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.analytics.models import KpiValue
from cchc.core import kpis
from cchc.core import targets as target_rules
from cchc.core import tasks as task_rules
from cchc.core.errors import DomainError
from cchc.core.evaluation import Verdict, evaluate
from cchc.core.levels import Level, UnitKind
from cchc.core.parsing import parse_decimal
from cchc.plans.choices import TaskStatusChoices, VerdictChoices
from cchc.plans.models import Measure, Plan, ProgressUpdate
from cchc.units.choices import LevelChoices
from cchc.units.models import Unit, UnitLink

from .officialdoc import DEFAULT_LAYOUT, Layout, OfficialDocument
from .packaging import package_time
from .vietnamese import format_date_short, format_number

__all__ = [
    "AreaNarrative",
    "AreaSection",
    "AssignmentRow",
    "DossierRow",
    "KpiColumn",
    "KpiUnitRow",
    "LevelSummary",
    "PlanRef",
    "ReportContent",
    "ReportingRow",
    "TargetResult",
    "TaskResult",
    "UnitTargetStatus",
    "collect",
    "period_name",
    "render_docx",
]

REPORT_KINDS = ("quarter", "half", "nine_months", "year")
LEVELS = (Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value)
KIND_ORDER = {UnitKind.PROVINCE: 0, UnitKind.DEPARTMENT: 1, UnitKind.DISTRICT: 2, UnitKind.COMMUNE: 3}
DOSSIER_KPIS = ("received", "ontime_rate", "late", "pending_overdue", "late_without_apology")
#: cchc.core.reporting.Timeliness: "pending" is a report not in yet whose deadline has not passed.
REPORTING_STATUSES = ("on_time", "late", "missing", "pending")
#: The seven areas of the national PAR programme, used when no plan of the year is in the system
#: (names as in the seed plan KH 122/KH-UBND, DOMAIN §8).
STANDARD_AREAS = (
    ("CDDH", "Công tác chỉ đạo, điều hành"),
    ("TC", "Cải cách thể chế"),
    ("TTHC", "Cải cách thủ tục hành chính"),
    ("TCBM", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("CV", "Cải cách chế độ công vụ"),
    ("TCC", "Cải cách tài chính công"),
    ("CQDT", "Xây dựng và phát triển chính quyền điện tử"),
)
ROMAN = ("I", "II", "III", "IV")
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h")
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


# --- The content tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingRow:
    """One unit's reporting timeliness in the period."""

    unit_name: str
    status: str  # "on_time" | "late" | "missing" (| "pending": not in yet, deadline not passed)
    submitted_on: date | None


@dataclass(frozen=True)
class AreaNarrative:
    """What a unit (or the province) wrote for one reform area."""

    results: str = ""
    shortcomings: str = ""
    causes: str = ""
    solutions: str = ""

    def is_empty(self) -> bool:
        return not any(t.strip() for t in (self.results, self.shortcomings, self.causes, self.solutions))


@dataclass(frozen=True)
class PlanRef:
    code: str
    document_kind: str
    document_number: str
    document_date: date
    title: str


@dataclass(frozen=True)
class UnitTargetStatus:
    """One unit against one target: the value (a KPI figure or the unit's own measure) and the verdict."""

    unit_code: str
    unit_name: str
    level: str
    comparator: str
    threshold: Decimal
    value: Decimal | None
    value_text: str  # as the unit reported it (manual measures) or formatted (KPI figures); "" when none
    projection: Decimal | None
    verdict: str  # cchc.core.evaluation.Verdict value


@dataclass(frozen=True)
class LevelSummary:
    level: str
    comparator: str
    threshold: Decimal
    units: int
    met: int
    at_risk_units: tuple[str, ...]
    missed_units: tuple[str, ...]
    no_data: int


@dataclass(frozen=True)
class TargetResult:
    code: str
    text: str
    measure: str  # "kpi" | "manual"
    kpi_code: str
    unit_of_measure: str
    comparator: str
    levels: tuple[LevelSummary, ...]
    units: tuple[UnitTargetStatus, ...]


@dataclass(frozen=True)
class AssignmentRow:
    unit_code: str
    unit_name: str
    progress: int
    status: str  # cchc.core.tasks.TaskStatus value at ``as_of``
    updated_on: date | None  # the day of the progress update used; None when none was reported


@dataclass(frozen=True)
class TaskResult:
    code: str
    title: str
    deadline: date | None
    expected_output: str
    progress: int  # mean over the units, rounded down (cchc.core.tasks.rollup)
    status: str
    units: int
    units_done: int
    assignments: tuple[AssignmentRow, ...]


@dataclass(frozen=True)
class AreaSection:
    code: str
    name: str
    targets: tuple[TargetResult, ...]
    tasks: tuple[TaskResult, ...]
    narrative: AreaNarrative


@dataclass(frozen=True)
class DossierRow:
    """One unit's late-dossier figures for the period (None: no figure stored)."""

    unit_code: str
    unit_name: str
    received: int | None
    ontime_rate: Decimal | None
    late: int | None
    pending_overdue: int | None
    late_without_apology: int | None


@dataclass(frozen=True)
class KpiColumn:
    code: str
    name: str
    unit: str  # "%", "hồ sơ", "điểm"


@dataclass(frozen=True)
class KpiUnitRow:
    unit_code: str
    unit_name: str
    level: str
    values: tuple[Decimal | None, ...]  # one per column of ReportContent.kpi_columns
    as_of: datetime | None  # the oldest computation among the unit's values (local time)


@dataclass(frozen=True)
class ReportContent:
    """Everything the report and its annexes print, read from the database by :func:`collect`."""

    scope_code: str
    scope_name: str
    scope_kind: str
    kind: str
    start: date
    end: date
    period_name: str  # "quý I năm 2026", "6 tháng đầu năm 2026", …
    subject: str  # "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026"
    number: int | None
    symbol: str
    issued_on: date
    place: str
    issuer: str
    issuer_parent: str
    signer_title: str
    signer_name: str
    authority_lines: tuple[str, ...]
    recipients: tuple[str, ...]
    kinh_gui: tuple[str, ...]
    plans: tuple[PlanRef, ...]
    as_of: date  # progress of tasks as reported up to this day
    kpi_as_of: datetime | None  # the latest computation of the KPI figures used (local time)
    areas: tuple[AreaSection, ...]
    dossier_rows: tuple[DossierRow, ...]
    dossier_total: DossierRow | None
    units_without_dossier_figures: int
    reporting: tuple[ReportingRow, ...]
    kpi_columns: tuple[KpiColumn, ...]
    kpi_rows: tuple[KpiUnitRow, ...]

    @property
    def is_province(self) -> bool:
        return self.scope_kind == UnitKind.PROVINCE

    @property
    def number_line(self) -> str:
        """"05/BC-SNV" (or "…/BC-SNV" before numbering), as the annexes quote the report."""
        return f"{self.number:02d}/{self.symbol}" if self.number is not None else f"…/{self.symbol}"


# --- Small helpers -------------------------------------------------------------------------------

_VI_LETTERS = {"ă": "a1", "â": "a2", "đ": "d1", "ê": "e1", "ô": "o1", "ơ": "o2", "ư": "u1"}


def vi_sort_key(text: str) -> tuple[str, str]:
    """A sort key in Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư …, tones compared
    only when the letters are equal. Python's and the databases' default orders put "Đ" after "Z"."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if char in _VI_LETTERS:
            letters.append(_VI_LETTERS[char])
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if "\u0306" in marks:  # breve: ă
            letters.append(base + "1")
        elif "\u0302" in marks:  # circumflex: â, ê, ô
            letters.append(base + ("2" if base == "a" else "1"))
        elif "\u031b" in marks:  # horn: ơ, ư
            letters.append(base + ("2" if base == "o" else "1"))
        else:
            letters.append(base + "0")
    return "".join(letters), text


def _unit_key(unit: Unit) -> tuple[int, tuple[str, str], str]:
    return KIND_ORDER.get(UnitKind(unit.kind), 9), vi_sort_key(unit.name), unit.code


def _code_key(code: str) -> tuple:
    """Codes like NV2 before NV10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part)


def period_name(kind: str, start: date) -> str:
    """How the report names its period: "quý I năm 2026", "6 tháng đầu năm 2026", "9 tháng năm 2026",
    "năm 2026" (periods of cchc.core.kpis.periods_of)."""
    if kind == "quarter":
        return _("quý {quarter} năm {year}").format(quarter=ROMAN[(start.month - 1) // 3], year=start.year)
    if kind == "half":
        return _("6 tháng đầu năm {year}").format(year=start.year)
    if kind == "nine_months":
        return _("9 tháng năm {year}").format(year=start.year)
    if kind == "year":
        return _("năm {year}").format(year=start.year)
    raise ValueError(kind)


def _plain(value: Decimal) -> str:
    """A threshold as written in a plan: 50, 35,5."""
    exponent = value.normalize().as_tuple().exponent
    places = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, places)


def amount_text(value: Decimal | None, unit_of_measure: str, *, places: int | None = None) -> str:
    """"62,35%", "25 phút"; "" for no value."""
    if value is None:
        return ""
    text = format_number(value, places) if places is not None else _plain(value)
    unit = unit_of_measure.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _value_text(value: Decimal | None, unit_of_measure: str) -> str:
    return amount_text(value, unit_of_measure, places=2 if unit_of_measure.strip() == "%" else None)


def level_label(level: str) -> str:
    return _label(LevelChoices, level)


def verdict_label(verdict: str) -> str:
    return _label(VerdictChoices, verdict)


def task_status_label(status: str) -> str:
    return _label(TaskStatusChoices, status)


def _label(choices, value: str) -> str:
    """The vocabulary's label (cchc.*.choices) in the active language; an unknown value as it is."""
    return str(choices(value).label) if value in choices.values else value


def _in_sentence(name: str, kind: str) -> str:
    """"tỉnh Bình Định", "huyện Phù Mỹ" inside a sentence; agencies keep their capital ("Sở Nội vụ")."""
    if kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE) and name:
        return name[:1].lower() + name[1:]
    return name


def _year_to_date(kind: str, start: date, end: date) -> tuple[str, date]:
    """The stored KPI period from 1 January to the end of the report's period (periods_of: 6 and 9
    months are cumulative from 1 January)."""
    if (start.month, start.day) == (1, 1):
        return kind, start
    return {6: "half", 9: "nine_months", 12: "year"}[end.month], date(end.year, 1, 1)


def _elapsed(end: date) -> Decimal:
    """Share of the year elapsed at the end of ``end`` (the rule of cchc.plans.evaluation)."""
    first, last = date(end.year, 1, 1), date(end.year, 12, 31)
    if end >= last:
        return Decimal(1)
    return Decimal((end - first).days + 1) / Decimal((last - first).days + 1)


_NUMBER = re.compile(r"[-+]?\d[\d.,]*")


_GROUPED = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


def _parse_measure(text: str) -> Decimal | None:
    """The number a unit typed for a manual measure ("25", "25 phút", "85,5%", "1.234" as Vietnamese
    writes 1234); None when there is none."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    token = match.group(0).rstrip(".,")
    if _GROUPED.fullmatch(token):
        token = token.replace(".", "")
    try:
        return parse_decimal(token)
    except ValueError:
        return None


def _local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# --- Collecting -----------------------------------------------------------------------------------


def _check_period(kind: str, start: date, end: date) -> None:
    if kind not in REPORT_KINDS:
        raise DomainError(_("Loại kỳ báo cáo không hợp lệ: {kind}. Chọn quý, 6 tháng, 9 tháng hoặc năm.").format(
            kind=kind))
    if (start, end) not in kpis.periods_of(start.year, kind):
        names = {"quarter": _("quý"), "half": _("6 tháng"), "nine_months": _("9 tháng"), "year": _("năm")}
        raise DomainError(_("Kỳ báo cáo từ {start} đến {end} không khớp với kỳ {kind} nào của năm {year}.").format(
            start=format_date_short(start), end=format_date_short(end), kind=names[kind], year=start.year))


def _subtree(scope: Unit, start: date, end: date) -> list[Unit]:
    """The scope and every unit under it (through ``parent``) that existed during the period, sorted."""
    province_id = scope.province_id or scope.pk
    everyone = list(Unit.objects.filter(province_id=province_id))
    if scope.pk not in {u.pk for u in everyone}:
        everyone.append(scope)
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in everyone:
        children[unit.parent_id].append(unit)
    found: list[Unit] = []
    stack = [scope]
    seen: set[int] = set()
    while stack:
        unit = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        found.append(unit)
        stack.extend(children.get(unit.pk, ()))
    valid = [u for u in found if (u.valid_from is None or u.valid_from <= end) and (u.valid_to is None or u.valid_to >= start)]
    return sorted(valid, key=_unit_key)


def _default_plans(scope: Unit, year: int) -> list[Plan]:
    """The plans of the scope's province for the year, and of the provinces it took over (a province
    formed on 1/7/2025 reports on its predecessors' plans of 2025)."""
    province_id = scope.province_id or scope.pk
    provinces = {province_id} | set(
        UnitLink.objects.filter(successor_id=province_id).values_list("predecessor_id", flat=True))
    return list(Plan.objects.filter(province_id__in=provinces, year=year).order_by("code"))


def _areas_of(plans: Sequence[Plan]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for plan in plans:
        for area in plan.areas.all():  # ordered by `order`
            seen.setdefault(area.code, area.name)
    return list(seen.items()) if seen else list(STANDARD_AREAS)


def _level_summaries(statuses: list[UnitTargetStatus]) -> tuple[LevelSummary, ...]:
    out = []
    for level in LEVELS:
        rows = [s for s in statuses if s.level == level]
        if not rows:
            continue
        thresholds = sorted({s.threshold for s in rows})
        out.append(LevelSummary(
            level=level, comparator=rows[0].comparator, threshold=thresholds[0], units=len(rows),
            met=sum(1 for s in rows if s.verdict == Verdict.MET),
            at_risk_units=tuple(s.unit_name for s in rows if s.verdict == Verdict.AT_RISK),
            missed_units=tuple(s.unit_name for s in rows if s.verdict == Verdict.MISSED),
            no_data=sum(1 for s in rows if s.verdict == Verdict.NO_DATA),
        ))
    return tuple(out)


def _manual_index(manual_measures: Iterable[tuple[str, str, str]], units: list[Unit]) -> dict[tuple[str, int], str]:
    """(target code, unit id) → value text; a unit is named by its name, code or key."""
    by_name: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        for name in {unit.name.strip().casefold(), unit.code.casefold(), unit.key.casefold()}:
            by_name[name].append(unit)
    index: dict[tuple[str, int], str] = {}
    for code, unit_name, value in manual_measures:
        for unit in by_name.get(unicodedata.normalize("NFC", str(unit_name)).strip().casefold(), ()):
            index[(str(code).strip(), unit.pk)] = str(value).strip()
    return index


def _targets(plans: Sequence[Plan], units: list[Unit], kind: str, start: date, end: date,
             manual: dict[tuple[str, int], str]) -> tuple[dict[str, list[TargetResult]], datetime | None]:
    """Every target of the plans in force during the period, evaluated for the units it applies to."""
    targets = [t for plan in plans for t in plan.targets.select_related("area", "plan").prefetch_related("thresholds")
               if (t.valid_from is None or t.valid_from <= end) and (t.valid_to is None or t.valid_to >= start)]
    measured = [u for u in units if u.kind != UnitKind.PROVINCE]
    ytd_kind, ytd_start = _year_to_date(kind, start, end)
    codes = {t.kpi_code for t in targets if t.measure == Measure.KPI and t.kpi_code}
    values: dict[tuple[str, int], KpiValue] = {}
    if codes:
        values = {(v.kpi_code, v.unit_id): v for v in KpiValue.objects.filter(
            kpi_code__in=codes, period_kind=ytd_kind, period_start=ytd_start, unit__in=measured)}
    elapsed = _elapsed(end)
    by_area: dict[str, list[TargetResult]] = defaultdict(list)
    for target in targets:
        thresholds = [target_rules.Threshold(t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all()]
        on = min(max(end, date(target.plan.year, 1, 1)), date(target.plan.year, 12, 31))
        statuses = []
        for unit in measured:
            if unit.level not in target.applies_to:
                continue
            threshold = target_rules.threshold_for(thresholds, unit.level, on)
            if threshold is None:
                continue
            if target.measure == Measure.KPI:
                stored = values.get((target.kpi_code, unit.pk))
                value = stored.value if stored is not None else None
                text = _value_text(value, target.unit_of_measure)
                is_rate = target.unit_of_measure.strip() == "%"
            else:
                # A unit's own measure is the state it reports (a waiting time, a share), not a count that
                # grows through the year, so it is its own projection [I].
                text = manual.get((target.code, unit.pk), "")
                value = _parse_measure(text)
                is_rate = True
            result = evaluate(value, target.comparator, threshold.value, is_rate=is_rate, elapsed=elapsed)
            statuses.append(UnitTargetStatus(
                unit_code=unit.code, unit_name=unit.name, level=unit.level, comparator=target.comparator,
                threshold=threshold.value, value=result.value, value_text=text, projection=result.projection,
                verdict=result.verdict.value,
            ))
        by_area[target.area.code].append(TargetResult(
            code=target.code, text=target.text, measure=target.measure, kpi_code=target.kpi_code,
            unit_of_measure=target.unit_of_measure, comparator=target.comparator,
            levels=_level_summaries(statuses), units=tuple(statuses),
        ))
    stamps = [v.as_of for v in values.values()]
    return by_area, (max(stamps) if stamps else None)


def _tasks(plans: Sequence[Plan], units: list[Unit], scope_is_province: bool,
           as_of: date) -> dict[str, list[TaskResult]]:
    """Each task's assignments to units of the scope, with the progress last reported up to ``as_of``."""
    unit_ids = {u.pk for u in units}
    tasks = [t for plan in plans for t in plan.tasks.select_related("area").prefetch_related("assignments__unit")]
    assignments = {a.pk: a for t in tasks for a in t.assignments.all() if a.unit_id in unit_ids}
    cutoff = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time()))
    reported: dict[int, tuple[int, datetime]] = {}
    if assignments:
        for assignment_id, progress, created_at in (
            ProgressUpdate.objects.filter(assignment_id__in=list(assignments), created_at__lt=cutoff)
            .order_by("assignment_id", "created_at", "pk").values_list("assignment_id", "progress", "created_at")
        ):
            reported[assignment_id] = (progress, created_at)  # the last one wins
    by_area: dict[str, list[TaskResult]] = defaultdict(list)
    for task in sorted(tasks, key=lambda t: (t.plan_id, t.order, _code_key(t.code))):
        rows = []
        for assignment in sorted((a for a in task.assignments.all() if a.pk in assignments),
                                 key=lambda a: _unit_key(a.unit)):
            progress, created_at = reported.get(assignment.pk, (0, None))
            rows.append(AssignmentRow(
                unit_code=assignment.unit.code, unit_name=assignment.unit.name, progress=progress,
                status=task_rules.status_of(progress, task.deadline, as_of).value,
                updated_on=timezone.localtime(created_at).date() if created_at is not None else None,
            ))
        if not rows and not scope_is_province:
            continue
        rollup = task_rules.rollup([r.progress for r in rows], task.deadline, as_of)
        by_area[task.area.code].append(TaskResult(
            code=task.code, title=task.title, deadline=task.deadline, expected_output=task.expected_output,
            progress=rollup.progress, status=rollup.status.value, units=rollup.units, units_done=rollup.units_done,
            assignments=tuple(rows),
        ))
    return by_area


def _as_int(value: KpiValue | None) -> int | None:
    if value is None or value.value is None:
        return None
    return int(value.value)


def _dossier_row(unit: Unit, found: dict[str, KpiValue]) -> DossierRow:
    rate = found.get("ontime_rate")
    return DossierRow(
        unit_code=unit.code, unit_name=unit.name, received=_as_int(found.get("received")),
        ontime_rate=rate.value if rate is not None else None, late=_as_int(found.get("late")),
        pending_overdue=_as_int(found.get("pending_overdue")),
        late_without_apology=_as_int(found.get("late_without_apology")),
    )


def collect(*, scope: Unit, kind: str, start: date, end: date, plans: list[Plan] | None = None,
            reporting: Sequence[ReportingRow] = (), narratives: dict[str, AreaNarrative] | None = None,
            manual_measures: Sequence[tuple[str, str, str]] = (), number: int | None = None, symbol: str = "BC-SNV",
            issued_on: date, place: str, issuer: str, issuer_parent: str, signer_title: str, signer_name: str,
            recipients: list[str] | None = None, authority_lines: Sequence[str] = (),
            kinh_gui: Sequence[str] = (), as_of: date | None = None, language: str = "vi") -> ReportContent:
    """Read everything the report of ``scope`` for the period prints (see the module's docstring).

    - ``kind``/``start``/``end``: a period of cchc.core.kpis.periods_of, kind quarter, half,
      nine_months or year; anything else is refused with a DomainError.
    - ``plans``: the plans reported on; by default the scope's province's plans of the year (and those
      of the provinces it took over). Without any plan the body still has the seven standard areas.
    - ``reporting``: the units' reporting timeliness; ``narratives``: per area code; ``manual_measures``:
      (target code, unit name or code, value text) for the targets no system computes.
    - ``as_of``: task progress as reported up to this day (default: the period's last day).
    - ``recipients``: the "Nơi nhận" lines (default: the Ministry and the People's Committee for the
      province's report, the Department of Home Affairs for a unit's, then "Lưu: VT").
    - ``signer_title`` may hold several lines ("KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"); ``authority_lines`` go above it.
    """
    # Refusals are in the user's language; the document itself in ``language``.
    _check_period(kind, start, end)
    for status in sorted({r.status for r in reporting} - set(REPORTING_STATUSES)):
        raise DomainError(_("Trạng thái gửi báo cáo không hợp lệ: {status}.").format(status=status))
    if (scope.valid_to is not None and scope.valid_to < start) or (
            scope.valid_from is not None and scope.valid_from > end):
        raise DomainError(_("{unit} không tồn tại trong kỳ báo cáo {period}.").format(
            unit=scope.name, period=period_name(kind, start)))
    with translation.override(language):
        as_of = as_of or end
        units = _subtree(scope, start, end)
        scope_is_province = scope.kind == UnitKind.PROVINCE
        plan_list = list(plans) if plans is not None else _default_plans(scope, start.year)
        narratives = narratives or {}

        targets, target_stamp = _targets(plan_list, units, kind, start, end, _manual_index(manual_measures, units))
        tasks = _tasks(plan_list, units, scope_is_province, as_of)
        areas = tuple(
            AreaSection(code=code, name=name, targets=tuple(targets.get(code, ())), tasks=tuple(tasks.get(code, ())),
                        narrative=narratives.get(code) or AreaNarrative())
            for code, name in _areas_of(plan_list)
        )

        # KPI figures of the period: one query for the table in the body and the annex.
        columns = tuple(KpiColumn(d.code, d.name_vi, d.unit) for d in kpis.catalogue_on(end))
        stored: dict[int, dict[str, KpiValue]] = defaultdict(dict)
        for value in KpiValue.objects.filter(period_kind=kind, period_start=start, unit__in=units,
                                             kpi_code__in=[c.code for c in columns]):
            stored[value.unit_id][value.kpi_code] = value
        kpi_rows = []
        for unit in units:
            found = stored.get(unit.pk, {})
            stamps = [v.as_of for v in found.values()]
            kpi_rows.append(KpiUnitRow(
                unit_code=unit.code, unit_name=unit.name, level=unit.level,
                values=tuple(found[c.code].value if c.code in found else None for c in columns),
                as_of=_local(min(stamps)) if stamps else None,
            ))
        children = [u for u in units if u.parent_id == scope.pk]
        with_figures = [u for u in children if any(code in stored.get(u.pk, {}) for code in DOSSIER_KPIS)]
        dossier_rows = tuple(_dossier_row(u, stored[u.pk]) for u in with_figures)
        total = _dossier_row(scope, stored[scope.pk]) if any(c in stored.get(scope.pk, {}) for c in DOSSIER_KPIS) else None
        stamps = [v.as_of for found in stored.values() for v in found.values()]
        if target_stamp is not None:
            stamps.append(target_stamp)

        if recipients is None:
            recipients = ([_("Bộ Nội vụ"), _("Ủy ban nhân dân tỉnh"), _("Lưu: VT")] if scope_is_province
                          else [_("Sở Nội vụ"), _("Lưu: VT")])
        reporting_rows = tuple(sorted(
            (ReportingRow(r.unit_name.strip(), r.status, r.submitted_on) for r in reporting),
            key=lambda r: (REPORTING_STATUSES.index(r.status), vi_sort_key(r.unit_name))))
        name = period_name(kind, start)
        return ReportContent(
            scope_code=scope.code, scope_name=scope.name, scope_kind=scope.kind, kind=kind, start=start, end=end,
            period_name=name,
            subject=_("Kết quả thực hiện công tác cải cách hành chính {period}").format(period=name),
            number=number, symbol=symbol.strip(), issued_on=issued_on, place=place.strip(), issuer=issuer.strip(),
            issuer_parent=issuer_parent.strip(), signer_title=signer_title.strip(), signer_name=signer_name.strip(),
            authority_lines=tuple(line.strip() for line in authority_lines if line.strip()),
            recipients=tuple(r.strip() for r in recipients if r.strip()),
            kinh_gui=tuple(k.strip() for k in kinh_gui if k.strip()),
            plans=tuple(PlanRef(p.code, p.document_kind, p.document_number, p.document_date, p.title) for p in plan_list),
            as_of=as_of, kpi_as_of=_local(max(stamps)) if stamps else None, areas=areas,
            dossier_rows=dossier_rows, dossier_total=total, units_without_dossier_figures=len(children) - len(with_figures),
            reporting=reporting_rows, kpi_columns=columns, kpi_rows=tuple(kpi_rows),
        )


# --- The DOCX ------------------------------------------------------------------------------------


def _threshold_text(target: TargetResult) -> str:
    parts = [
        f"{level_label(s.level).lower()} {COMPARATOR_SIGNS.get(s.comparator, s.comparator)} "
        f"{amount_text(s.threshold, target.unit_of_measure)}"
        for s in target.levels
    ]
    return "; ".join(parts)


#: Beyond this many units a line of the body gives the count and points to the annex, which lists them all.
NAMES_IN_BODY = 10


def _listed(label: str, names: Sequence[str], annex: str, *, count: bool = True) -> str:
    """"không đạt: 2 (A, B)"; for a long list "không đạt: 29 đơn vị (chi tiết tại Phụ lục I)"."""
    if len(names) > NAMES_IN_BODY:
        return _("{label}: {n} đơn vị (chi tiết tại {annex})").format(label=label, n=len(names), annex=annex)
    if count:
        return f"{label}: {len(names)} ({', '.join(names)})"
    return f"{label}: {', '.join(names)}"


def _level_line(target: TargetResult, level: LevelSummary) -> str:
    sign = COMPARATOR_SIGNS.get(level.comparator, level.comparator)
    head = f"{level_label(level.level)} ({sign} {amount_text(level.threshold, target.unit_of_measure)})"
    if level.no_data == level.units:
        none = (_("chưa đơn vị nào báo cáo ({units} đơn vị)") if target.measure == Measure.MANUAL
                else _("chưa có số liệu của {units} đơn vị")).format(units=level.units)
        return f"+ {head}: {none}."
    parts = [_("{met}/{units} đơn vị đạt").format(met=level.met, units=level.units)]
    if level.at_risk_units:
        parts.append(_listed(_("có nguy cơ không đạt"), level.at_risk_units, _("Phụ lục I")))
    if level.missed_units:
        parts.append(_listed(_("không đạt"), level.missed_units, _("Phụ lục I")))
    if level.no_data:
        parts.append((_("chưa báo cáo: {n} đơn vị") if target.measure == Measure.MANUAL
                      else _("chưa có số liệu: {n} đơn vị")).format(n=level.no_data))
    return f"+ {head}: {'; '.join(parts)}."


def _unit_line(target: TargetResult, status: UnitTargetStatus) -> str:
    sign = COMPARATOR_SIGNS.get(status.comparator, status.comparator)
    head = f"{status.unit_name} ({sign} {amount_text(status.threshold, target.unit_of_measure)})"
    if status.verdict == Verdict.NO_DATA and not status.value_text:
        return f"+ {head}: {verdict_label(status.verdict).lower()}."
    text = status.value_text or _value_text(status.value, target.unit_of_measure)
    detail = text
    if (status.projection is not None and status.value is not None and status.projection != status.value):
        detail = _("{value}, dự báo cuối năm {projection}").format(
            value=text, projection=_value_text(status.projection, target.unit_of_measure))
    return f"+ {head}: {detail} — {verdict_label(status.verdict).lower()}."


def _task_line(task: TaskResult, as_of: date) -> str:
    head = f"{task.code}: {task.title.rstrip('.;')}"
    if task.deadline is not None:
        head = _("{task} (thời hạn {deadline})").format(task=head, deadline=format_date_short(task.deadline))
    if not task.assignments:
        return _("{task}: chưa phân công đơn vị thực hiện.").format(task=head)
    if len(task.assignments) == 1:
        row = task.assignments[0]
        return _("{task}: {unit} — tiến độ {progress}%, {status}.").format(
            task=head, unit=row.unit_name, progress=row.progress, status=task_status_label(row.status).lower())
    parts = [_("tiến độ bình quân {progress}%, {status}").format(
        progress=task.progress, status=task_status_label(task.status).lower()),
        _("{done}/{units} đơn vị hoàn thành").format(done=task.units_done, units=task.units)]
    overdue = [r.unit_name for r in task.assignments if r.status == task_rules.TaskStatus.OVERDUE]
    if overdue:
        parts.append(_listed(_("quá hạn"), overdue, _("Phụ lục II"), count=False))
    return f"{head}: {'; '.join(parts)}."


def _narrative_parts(narrative: AreaNarrative) -> list[tuple[str, str]]:
    return [(title, text.strip()) for title, text in (
        (_("Kết quả đạt được"), narrative.results),
        (_("Tồn tại, hạn chế"), narrative.shortcomings),
        (_("Nguyên nhân"), narrative.causes),
        (_("Giải pháp, nhiệm vụ thời gian tới"), narrative.solutions),
    ) if text.strip()]


def _paragraphs(doc: OfficialDocument, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())


def _dossier_cells(row: DossierRow, label: str | None = None) -> list[object]:
    def count(n: int | None) -> object:
        return n if n is not None else "—"

    rate = row.ontime_rate.quantize(Decimal("0.01")) if row.ontime_rate is not None else "—"
    return [label or row.unit_name, count(row.received), rate, count(row.late), count(row.pending_overdue),
            count(row.late_without_apology)]


def _intro(content: ReportContent) -> str:
    scope = _in_sentence(content.scope_name, content.scope_kind)
    if content.plans:
        bases = "; ".join(
            _("{title} (số {number} ngày {date})").format(
                title=p.title, number=p.document_number, date=format_date_short(p.document_date))
            for p in content.plans)
        return _("Thực hiện {bases}, {issuer} báo cáo kết quả thực hiện công tác cải cách hành chính {period} "
                 "của {scope} như sau:").format(bases=bases, issuer=content.issuer, period=content.period_name,
                                                scope=scope)
    return _("Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {issuer} báo cáo kết quả thực hiện "
             "công tác cải cách hành chính {period} của {scope} như sau:").format(
        issuer=content.issuer, period=content.period_name, scope=scope)


def _area(doc: OfficialDocument, number: int, area: AreaSection, content: ReportContent) -> None:
    doc.heading(f"{number}. {area.name}", 2)
    letters = iter(LETTERS)
    if area.targets:
        doc.heading(_("{letter}) Kết quả thực hiện các chỉ tiêu").format(letter=next(letters)), 3)
        for target in area.targets:
            thresholds = _threshold_text(target)
            head = f"{target.code}: {target.text.rstrip('.;')}"
            doc.bullet(_("{target} (chỉ tiêu: {thresholds}).").format(target=head, thresholds=thresholds)
                       if thresholds else _("{target}: không có đơn vị nào thuộc phạm vi áp dụng.").format(target=head))
            if len(target.units) == 1:
                doc.paragraph(_unit_line(target, target.units[0]))
            else:
                for level in target.levels:
                    doc.paragraph(_level_line(target, level))
    if area.tasks:
        doc.heading(_("{letter}) Tiến độ thực hiện nhiệm vụ").format(letter=next(letters)), 3)
        for task in area.tasks:
            doc.bullet(_task_line(task, content.as_of))
    for title, text in _narrative_parts(area.narrative):
        doc.heading(f"{next(letters)}) {title}", 3)
        _paragraphs(doc, text)
    if not area.targets and not area.tasks and area.narrative.is_empty():
        doc.paragraph(_("Không có chỉ tiêu, nhiệm vụ hoặc nội dung báo cáo của lĩnh vực này trong kỳ."), italic=True)


def _dossiers(doc: OfficialDocument, content: ReportContent) -> None:
    scope = _in_sentence(content.scope_name, content.scope_kind)
    total = content.dossier_total
    if total is None and not content.dossier_rows:
        doc.paragraph(_("Chưa có số liệu hồ sơ thủ tục hành chính của {scope} cho kỳ báo cáo này.").format(scope=scope))
        return
    if total is not None:
        def n(value: int | None) -> str:
            return format_number(value) if value is not None else "—"

        rate = format_number(total.ontime_rate, 2) + "%" if total.ontime_rate is not None else "—"
        doc.paragraph(_(
            "Trong kỳ, {scope} tiếp nhận {received} hồ sơ thủ tục hành chính; tỷ lệ hồ sơ giải quyết đúng hạn "
            "đạt {rate}; {late} hồ sơ giải quyết trễ hạn và {overdue} hồ sơ đang giải quyết quá hạn; "
            "{without} hồ sơ trễ hạn chưa có văn bản xin lỗi."
        ).format(scope=scope, received=n(total.received), rate=rate, late=n(total.late),
                 overdue=n(total.pending_overdue), without=n(total.late_without_apology)))
    if content.dossier_rows:
        numbered = [[str(i), *_dossier_cells(r)] for i, r in enumerate(content.dossier_rows, start=1)]
        if total is not None:
            label = _("Toàn tỉnh") if content.is_province else _("Toàn đơn vị")
            numbered.append(["", *_dossier_cells(total, label)])
        doc.paragraph(_("Tình hình giải quyết hồ sơ, hồ sơ trễ hạn theo đơn vị:"))
        doc.table(
            [_("TT"), _("Đơn vị"), _("Hồ sơ tiếp nhận"), _("Tỷ lệ đúng hạn (%)"), _("Trễ hạn (đã giải quyết)"),
             _("Quá hạn (đang giải quyết)"), _("Trễ hạn chưa xin lỗi")],
            numbered, widths_mm=[10, 50, 21, 21, 21, 21, 21],
            align=["center", "left", "right", "right", "right", "right", "right"],
            bold_rows=[len(numbered) - 1] if total is not None else [],
        )
    if content.units_without_dossier_figures:
        doc.paragraph(_("{n} đơn vị trực thuộc không có số liệu hồ sơ trong kỳ.").format(
            n=content.units_without_dossier_figures), italic=True)


def _reporting(doc: OfficialDocument, content: ReportContent) -> None:
    rows = content.reporting
    if not rows:
        doc.paragraph(_("Không có số liệu về việc gửi báo cáo của các đơn vị trong kỳ."))
        return
    counts = {s: sum(1 for r in rows if r.status == s) for s in REPORTING_STATUSES}
    summary = _("Có {total} đơn vị phải báo cáo: {on_time} đơn vị gửi đúng hạn, {late} đơn vị gửi trễ hạn, "
                "{missing} đơn vị chưa gửi báo cáo").format(
        total=len(rows), on_time=counts["on_time"], late=counts["late"], missing=counts["missing"])
    if counts["pending"]:
        summary = _("{summary}, {pending} đơn vị chưa đến hạn gửi").format(summary=summary, pending=counts["pending"])
    doc.paragraph(f"{summary}.")
    late = [r for r in rows if r.status == "late"]
    missing = [r for r in rows if r.status == "missing"]
    if late:
        doc.paragraph(_("Đơn vị gửi báo cáo trễ hạn:"))
        for r in late:
            when = _(" (gửi ngày {date})").format(date=format_date_short(r.submitted_on)) if r.submitted_on else ""
            doc.bullet(f"{r.unit_name}{when};")
    if missing:
        doc.paragraph(_("Đơn vị chưa gửi báo cáo:"))
        for r in missing:
            doc.bullet(f"{r.unit_name};")
    if counts["on_time"] == len(rows):
        doc.paragraph(_("Tất cả các đơn vị gửi báo cáo đúng hạn."))


def render_docx(content: ReportContent, *, layout: Layout = DEFAULT_LAYOUT, language: str = "vi") -> bytes:
    """The report as a DOCX in the NĐ 30/2020 format; the same content gives the same bytes."""
    with translation.override(language):
        doc = OfficialDocument(content.issuer_parent, content.issuer, content.number, content.symbol, content.place,
                               content.issued_on, _("Báo cáo"), content.subject, layout=layout)
        if content.kinh_gui:
            doc.kinh_gui(list(content.kinh_gui))
        doc.paragraph(_intro(content))
        if content.kpi_as_of is not None:
            doc.paragraph(_("Số liệu hồ sơ thủ tục hành chính được tính đến {time} ngày {date}; tiến độ nhiệm vụ theo "
                            "báo cáo của các đơn vị đến ngày {as_of}.").format(
                time=f"{content.kpi_as_of:%H} giờ {content.kpi_as_of:%M} phút",
                date=format_date_short(content.kpi_as_of), as_of=format_date_short(content.as_of)), italic=True)
        else:
            doc.paragraph(_("Tiến độ nhiệm vụ theo báo cáo của các đơn vị đến ngày {as_of}.").format(
                as_of=format_date_short(content.as_of)), italic=True)

        doc.heading(_("{n}. Kết quả thực hiện các nhiệm vụ cải cách hành chính").format(n=ROMAN[0]), 1)
        if not content.plans:
            doc.paragraph(_("Chưa có kế hoạch cải cách hành chính năm {year} trong hệ thống; báo cáo theo 07 lĩnh vực "
                            "cải cách hành chính.").format(year=content.start.year), italic=True)
        for number, area in enumerate(content.areas, start=1):
            _area(doc, number, area, content)

        doc.heading(_("{n}. Tình hình giải quyết hồ sơ thủ tục hành chính").format(n=ROMAN[1]), 1)
        _dossiers(doc, content)

        doc.heading(_("{n}. Tình hình thực hiện chế độ báo cáo").format(n=ROMAN[2]), 1)
        _reporting(doc, content)

        doc.paragraph(_("Kết quả chi tiết theo từng đơn vị tại các phụ lục kèm theo: Phụ lục I (chỉ tiêu), "
                        "Phụ lục II (nhiệm vụ), Phụ lục III (chỉ số hồ sơ thủ tục hành chính)."))
        doc.paragraph(_("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period} của {issuer}./.")
                      .format(period=content.period_name, issuer=content.issuer))
        doc.noi_nhan(list(content.recipients) or [_("Lưu: VT")])
        title_lines = [line for line in content.signer_title.splitlines() if line.strip()]
        doc.signature([*content.authority_lines, *title_lines], content.signer_name)
        return doc.to_bytes(fixed_time=package_time(content.issued_on))
