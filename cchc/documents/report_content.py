"""What the periodic PAR report prints: a tree of frozen dataclasses, with no model instance in it.

cchc.reporting.content builds it from the database (the one place a unit's or the province's report content
is put together, for the pages and the documents alike); cchc.documents.par_report renders it as a DOCX in
the NĐ 30/2020 format and cchc.documents.annexes as XLSX annexes. The labels and number formats the
documents print are here too, in the document's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from cchc.core.collation import vi_sort_key
from cchc.core.levels import Level, UnitKind
from cchc.plans.choices import TaskStatusChoices, VerdictChoices
from cchc.units.choices import LevelChoices, block_label

from .vietnamese import format_number

__all__ = [
    "AreaNarrative", "AreaSection", "AssignmentRow", "DossierRow", "Index766Row", "KpiColumn", "KpiUnitRow",
    "LevelSummary", "PlanRef", "ReportContent", "ReportingRow", "TargetResult", "TaskResult", "UnitTargetStatus",
    "amount_text", "block_label", "level_label", "period_name", "task_status_label", "verdict_label", "vi_sort_key",
]

LEVELS = (Level.PROVINCE.value, Level.DISTRICT.value, Level.COMMUNE.value)
DOSSIER_KPIS = ("received", "ontime_rate", "late", "pending_overdue", "late_without_apology")
#: cchc.core.reporting.Timeliness: "pending" is a report not in yet whose deadline has not passed.
REPORTING_STATUSES = ("on_time", "late", "missing", "pending")
ROMAN = ("I", "II", "III", "IV")
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h")
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
MANUAL = "manual"  # cchc.plans.models.Measure.MANUAL: a target the units measure themselves


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
    illustrative: bool = False  # not a real document (cchc.plans.models.Plan.illustrative): never cited


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
class Index766Row:
    """One unit's Decision 766 score for the period: CCHC's total and rank within its block (the
    scoreboard's, cchc.scoreboard.services), with the portal's published score beside it where one is
    imported (cchc.scoreboard.inputs.published). The province's own row has no rank (it is not ranked)."""

    unit_code: str
    unit_name: str
    block: str  # cchc.core.levels.Block value ("province" for the province's own total)
    points: Decimal | None  # None: no indicator has data
    available: Decimal  # the maxima of the indicators with data
    max_points: Decimal  # 100
    rank: int | None  # within the block; None when the unit is not ranked (no dossier handled)
    of_n: int | None  # how many units the block ranks
    published_total: Decimal | None = None
    published_rank: int | None = None  # the portal's rank within the block
    published_on: date | None = None  # the day the portal published it


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
    provisional: bool = False  # the period is not final yet: the verdicts are "tạm tính"
    evaluated_on: date | None = None  # the day the targets were evaluated
    #: The Decision 766 index of the period: the province's own total then each ranked unit of the scope by
    #: block and rank, or a unit's own row. Empty for a half or nine months (``index766_period`` False): the
    #: index is scored by month, quarter and year only.
    index766: tuple[Index766Row, ...] = ()
    index766_period: bool = True

    @property
    def is_province(self) -> bool:
        return self.scope_kind == UnitKind.PROVINCE

    @property
    def number_line(self) -> str:
        """"05/BC-SNV" (or "…/BC-SNV" before numbering), as the annexes quote the report."""
        return f"{self.number:02d}/{self.symbol}" if self.number is not None else f"…/{self.symbol}"


# --- Labels and numbers, in the document's language ---------------------------------------------


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
    """"tỉnh Bình Định", "huyện Phù Mỹ" inside a Vietnamese sentence; agencies keep their capital ("Sở Nội
    vụ"), and so does every name in another language (a proper name: "Xã Phù Mỹ scores…")."""
    if (kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE) and name
            and (translation.get_language() or "vi").startswith("vi")):
        return name[:1].lower() + name[1:]
    return name
