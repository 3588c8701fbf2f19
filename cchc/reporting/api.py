"""Unit reports in the JSON API: read a report, save its editable parts, submit it. The same services
and permissions as the pages: a focal point reaches only its own unit's reports; an approved report is
locked (409 with the reason in Vietnamese); errors are mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts import permissions
from cchc.analytics.choices import kpi_name_of
from cchc.core.errors import NotFound
from cchc.core.parsing import ascii_int
from cchc.platform.errors import responses

from . import permissions as rperm
from . import progress as task_progress
from . import services
from .models import ReportEvent, UnitReport

router = Router(tags=["reports"])


class TaskRowOut(Schema):
    id: int
    plan_code: str
    area_code: str
    task_code: str
    task_title: str
    deadline: date | None
    prefilled_progress: int
    progress: int
    note: str
    task_progress: int | None  # the task's progress now (cchc.reporting.progress)
    sync: str  # unchanged, write, take_newer, agree, conflict (cchc.core.reporting.TaskSync)


class MeasureOut(Schema):
    id: int
    target_code: str
    target_text: str
    area_code: str
    unit_of_measure: str
    comparator: str
    threshold: Decimal | None
    value: Decimal | None
    note: str
    evidence_name: str


class KpiOut(Schema):
    kpi_code: str
    kpi_name: str  # the KPI's name in the reader's language (cchc.analytics.choices.kpi_name_of)
    definition_version: int
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    as_of: datetime


class TargetStatusOut(Schema):
    target_code: str
    kpi_code: str
    kpi_name: str
    comparator: str
    threshold: Decimal
    value: Decimal | None
    projection: Decimal | None
    verdict: str
    as_of: datetime | None


class NarrativeOut(Schema):
    area_code: str
    area_name: str
    results: str
    shortcomings: str
    causes: str
    solutions: str


class CommentOut(Schema):
    at: datetime
    kind: str
    comment: str


class ReportOut(Schema):
    id: int
    period_id: int
    period: str
    start: date
    end: date
    deadline: date
    unit_code: str
    unit_name: str
    version: int
    is_current: bool
    state: str
    locked: bool
    editable: bool
    prefilled_at: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None
    tasks: list[TaskRowOut]
    measures: list[MeasureOut]
    kpis: list[KpiOut]
    targets: list[TargetStatusOut]
    narratives: list[NarrativeOut]
    comments: list[CommentOut]


class TaskIn(Schema):
    """``seen`` is the task's progress the client's edit was made against (its ``task_progress`` when it
    read the report): without it, an edit of a row whose task moved since the row was filled is a
    conflict. ``confirm`` keeps the row's progress over the task's newer one (a conflict)."""

    id: int
    progress: int | None = None
    note: str | None = None
    seen: int | None = None
    confirm: bool = False


class MeasureIn(Schema):
    id: int
    value: Decimal | str | None = None
    note: str | None = None


class NarrativeIn(Schema):
    area_code: str
    results: str | None = None
    shortcomings: str | None = None
    causes: str | None = None
    solutions: str | None = None


class ReportIn(Schema):
    """Only what is sent changes: a row left out, or a field left out of a row, stays as it is; a measure
    whose ``value`` is sent as null is cleared."""

    tasks: list[TaskIn] = []
    measures: list[MeasureIn] = []
    narratives: list[NarrativeIn] = []


def _get(request: HttpRequest, report_id: str) -> UnitReport:
    """The report, after the caller is known to read reports at all (so an integration account gets 403
    whatever the id), 404 if there is no such report, 403 if it is another unit's."""
    permissions.require(rperm.can_view_periods(request.user))
    report = None
    if (pk := ascii_int(report_id)) is not None:
        report = UnitReport.objects.select_related("period", "period__province", "unit").filter(pk=pk).first()
    if report is None:
        raise NotFound(_("Không có báo cáo mã {id}.").format(id=report_id))
    permissions.require(rperm.can_view_report(request.user, report))
    return report


def _fields(obj, schema: type[Schema]) -> dict:
    """The attributes of ``obj`` that ``schema`` shows (the names it adds are filled by the caller)."""
    return {name: getattr(obj, name) for name in schema.model_fields if hasattr(obj, name)}


def _out(request: HttpRequest, report: UnitReport) -> dict:
    return {
        "id": report.pk, "period_id": report.period_id, "period": report.period.label, "start": report.period.start,
        "end": report.period.end, "deadline": report.period.deadline, "unit_code": report.unit.code,
        "unit_name": report.unit.name, "version": report.version, "is_current": report.is_current, "state": report.state,
        "locked": report.is_locked, "editable": rperm.can_edit(request.user, report), "prefilled_at": report.prefilled_at,
        "submitted_at": report.submitted_at, "approved_at": report.approved_at,
        "tasks": [{**{f: getattr(s.row, f) for f in ("plan_code", "area_code", "task_code", "task_title", "deadline",
                                                       "prefilled_progress", "progress", "note")},
                   "id": s.row.pk, "progress": s.shown, "task_progress": s.current, "sync": s.sync.value}
                  for s in task_progress.row_states(report.task_rows.all()).values()],
        "measures": list(report.measures.all()),
        "kpis": [{**_fields(k, KpiOut), "kpi_name": kpi_name_of(k.kpi_code, k.definition_version)}
                 for k in report.kpis.all()],
        "targets": [{**_fields(t, TargetStatusOut), "kpi_name": kpi_name_of(t.kpi_code)}
                    for t in report.target_statuses.all()], "narratives": list(report.narratives.all()),
        "comments": [{"at": e.at, "kind": e.kind, "comment": e.comment}
                     for e in report.events.filter(kind__in=[ReportEvent.Kind.RETURNED, ReportEvent.Kind.APPROVED])],
    }


@router.get("/{report_id}", response=responses(ReportOut, 404), summary=gettext_lazy("Một báo cáo định kỳ của đơn vị"))
def get_report(request: HttpRequest, report_id: str):
    return _out(request, _get(request, report_id))


@router.put("/{report_id}", response=responses(ReportOut, 400, 404, 409),
            summary=gettext_lazy("Lưu phần đơn vị nhập của báo cáo (tiến độ, số liệu tự nhập, nội dung)"))
def put_report(request: HttpRequest, report_id: str, payload: ReportIn | None = None):
    """Refused with 409 when the report is locked (approved) or waiting for review, 403 for another
    unit's report or a role that does not write reports."""
    report = _get(request, report_id)
    payload = payload or ReportIn()
    measures = {}
    for m in payload.measures:
        data = m.model_dump(exclude_unset=True)
        data.pop("id")
        if "value" in data and data["value"] is not None:
            data["value"] = str(data["value"])
        measures[m.id] = data
    services.save_report(
        user=request.user, report=report, max_bytes=settings.EVIDENCE_MAX_BYTES,
        tasks={t.id: t.model_dump(exclude_unset=True, exclude={"id"}) for t in payload.tasks},
        measures=measures,
        narratives={n.area_code: n.model_dump(exclude_unset=True, exclude={"area_code"}) for n in payload.narratives},
    )
    report.refresh_from_db()
    return _out(request, report)


@router.post("/{report_id}/submit", response=responses(ReportOut, 400, 404, 409), summary=gettext_lazy("Gửi báo cáo tới Sở Nội vụ"))
def submit_report(request: HttpRequest, report_id: str):
    report = _get(request, report_id)
    services.submit(user=request.user, report=report)
    report.refresh_from_db()
    return _out(request, report)
