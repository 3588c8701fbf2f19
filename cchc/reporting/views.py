"""Pages of periodic reporting: periods (list, open, overview with timeliness, documents), a unit's report
(read, fill in, submit), review (return with comments, approve), corrections and version history.
Thin: every rule is in services / permissions; domain errors become pages through the middleware."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts import audit, permissions
from cchc.core import reporting as rules
from cchc.core.errors import InvalidInput
from cchc.core.levels import UnitKind
from cchc.documents import par_report
from cchc.documents.report_content import period_name
from cchc.platform.forms import issues_to_form
from cchc.units.models import Unit, UnitLink

from . import content, documents, services
from . import permissions as rperm
from .choices import SubmissionChoices
from .forms import AttachmentForm, CorrectionForm, GenerateForm, PeriodForm, ReportForm, ReviewForm
from .models import (
    Attachment,
    GeneratedDocument,
    ManualMeasure,
    Narrative,
    ReportEvent,
    ReportingPeriod,
    TaskRow,
    UnitReport,
)


def _labels() -> dict:
    return {str(k): str(v) for k, v in SubmissionChoices.choices}


def _report(pk: int) -> UnitReport:
    return get_object_or_404(UnitReport.objects.select_related("period", "period__province", "unit"), pk=pk)


# --- periods --------------------------------------------------------------------------------------

@login_required
def period_list(request):
    """Every period, newest first: for the province-wide roles with their counts and timeliness rate;
    for a focal point, its own unit's report in each period it must report in."""
    permissions.require(rperm.can_view_periods(request.user))
    unit_id = permissions.unit_id_of(request.user)
    overview = rperm.can_view_period_overview(request.user)
    periods = ReportingPeriod.objects.select_related("province")
    rows = []
    if overview:
        periods = periods.annotate(
            n_units=Count("units", distinct=True),
            n_submitted=Count("reports", filter=Q(reports__is_current=True) & ~Q(reports__state="draft"), distinct=True),
            n_approved=Count("reports", filter=Q(reports__is_current=True, reports__state="approved"), distinct=True),
        )
        for period in periods:
            rows.append({"period": period, "rate": services.timeliness_rate(period)})
    elif unit_id:
        mine = {r.period_id: r for r in UnitReport.objects.filter(unit_id=unit_id, is_current=True)}
        for period in periods.filter(units=unit_id):
            rows.append({"period": period, "report": mine.get(period.pk)})
    return render(request, "reporting/period_list.html", {
        "rows": rows, "overview": overview, "can_manage": rperm.can_manage_periods(request.user), "today": timezone.localdate(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request):
    permissions.require(rperm.can_manage_periods(request.user))
    own = permissions.unit_id_of(request.user)
    province_id = Unit.objects.filter(pk=own).values_list("province_id", flat=True).first() if own else None
    # A province merged away (1/7/2025) reports through the province that took it over.
    for _step in range(5):  # lineage is acyclic; the bound only guards against bad data
        successor = UnitLink.objects.filter(predecessor_id=province_id, successor__kind=UnitKind.PROVINCE
                                            ).values_list("successor_id", flat=True).first() if province_id else None
        if successor is None:
            break
        province_id = successor
    form = PeriodForm(request.POST or None, province_id=province_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind, year = d["kind"], d["year"]
        number = d["quarter"] if kind == "quarter" else 1
        try:
            start, end = services.period_dates(kind, year, number)
            units = set(d["units"])
            if d["levels"]:
                units |= set(services.reporting_units(d["province"], start, end).filter(kind__in=d["levels"]))
            period = services.open_period(user=request.user, province=d["province"], kind=kind, year=year, number=number,
                                          deadline=d["deadline"], units=units, note=d["note"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã mở kỳ báo cáo {label}: {n} đơn vị phải báo cáo, hạn {deadline}.").format(
                label=period.label, n=len(units), deadline=f"{period.deadline:%d/%m/%Y}"))
            return redirect(period)
    return render(request, "reporting/period_form.html", {"form": form})


@login_required
def period_detail(request, pk: int):
    """Units × their report's state and timeliness; who is late or missing; the generated documents."""
    permissions.require(rperm.can_view_period_overview(request.user))
    period = get_object_or_404(ReportingPeriod.objects.select_related("province", "opened_by"), pk=pk)
    rows = services.period_overview(period)
    counts = {s.value: 0 for s in rules.Timeliness}
    for row in rows:
        counts[row.status] += 1
    state_filter = request.GET.get("status", "")
    shown = [r for r in rows if not state_filter or r.status == state_filter
             or (r.report is not None and r.report.state == state_filter)]
    return render(request, "reporting/period_detail.html", {
        "period": period, "rows": shown, "total": len(rows), "counts": counts, "labels": _labels(),
        "rate": rules.timeliness_rate(r.status for r in rows), "status": state_filter,
        "late_or_missing": [r for r in rows if r.status in (rules.Timeliness.LATE, rules.Timeliness.MISSING)],
        "documents": period.documents.filter(report__isnull=True).select_related("created_by")[:10],
        "can_manage": rperm.can_manage_periods(request.user), "can_review": rperm.can_review(request.user),
    })


@login_required
@require_POST
def period_state(request, pk: int):
    """Close a period (nothing in it moves any more) or reopen it."""
    period = get_object_or_404(ReportingPeriod, pk=pk)
    if request.POST.get("state") == ReportingPeriod.State.OPEN:
        services.reopen_period(user=request.user, period=period)
        messages.success(request, _("Đã mở lại kỳ báo cáo {label}.").format(label=period.label))
    else:
        services.close_period(user=request.user, period=period)
        messages.success(request, _("Đã đóng kỳ báo cáo {label}.").format(label=period.label))
    return redirect(period)


def _generate(request, period: ReportingPeriod, report: UnitReport | None):
    initial, extra = documents.default_options(period, report), {}
    if report is None:  # the province's report: the areas' narratives, assembled from the units', to edit
        areas, narratives, assembled = documents.narrative_form(period)
        initial |= narratives
        extra = {"areas": areas, "assembled": assembled}
    form = GenerateForm(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        document = documents.request_documents(user=request.user, period=period, report=report, options=form.options())
        return redirect("reporting:document", pk=document.pk)
    return render(request, "reporting/generate.html", {"form": form, "period": period, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def period_generate(request, pk: int):
    """The province's report for the period: the document's details, then generation in the background."""
    permissions.require(rperm.can_manage_periods(request.user))
    return _generate(request, get_object_or_404(ReportingPeriod.objects.select_related("province"), pk=pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def report_generate(request, pk: int):
    """A unit's approved report as official documents."""
    report = _report(pk)
    permissions.require(rperm.can_export_report(request.user, report))
    return _generate(request, report.period, report)


def _document(request, pk: int) -> GeneratedDocument:
    document = get_object_or_404(GeneratedDocument.objects.select_related("period", "report", "report__unit", "created_by"), pk=pk)
    if document.report is None:
        permissions.require(rperm.can_view_period_overview(request.user))
    else:
        permissions.require(rperm.can_view_report(request.user, document.report))
    return document


@login_required
def document(request, pk: int):
    """A generation's progress (the page polls this while it runs) and then its files."""
    doc = _document(request, pk)
    template = "reporting/_document.html" if request.headers.get("HX-Request") else "reporting/document.html"
    return render(request, template, {"doc": doc})


@login_required
def document_file(request, pk: int, kind: str):
    doc = _document(request, pk)
    if kind not in ("docx", "xlsx", "pdf"):
        raise Http404
    stored = doc.file_of(kind)
    if not stored:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


# --- a unit's report ------------------------------------------------------------------------------

def _scorecard_url(report: UnitReport) -> str:
    """The unit's scorecard for the report's period (quarter or year), where the 766 figure comes from."""
    period = report.period
    if period.kind not in content.INDEX766_KINDS:
        return ""
    return reverse("scoreboard:unit", args=[report.unit_id]) + f"?kind={period.kind}&period={period.start.isoformat()}"


def _index766_text(report: UnitReport) -> str:
    """The report's 766 sentence for the unit and period, the one the DOCX prints (par_report)."""
    period = report.period
    row = content.unit_index766(report.unit, period.kind, period.start)
    if row is None:
        return par_report.no_index766_sentence(period_name(period.kind, period.start))
    return par_report.index766_sentence(report.unit.name, report.unit.kind, row)


def _report_context(request, report: UnitReport, **extra) -> dict:
    events = list(report.events.select_related("actor"))
    returned = [e for e in events if e.kind == ReportEvent.Kind.RETURNED]
    row = next((r for r in services.timeliness(report.period) if r.unit.pk == report.unit_id), None)
    return {
        "report": report, "period": report.period, "events": events, "last_return": returned[-1] if returned else None,
        "returns": returned, "timeliness": row, "labels": _labels(),
        "task_rows": report.task_rows.all(), "measures": report.measures.all(), "kpis": report.kpis.all(),
        "target_statuses": report.target_statuses.all(), "narratives": report.narratives.all(),
        "attachments": report.attachments.select_related("uploaded_by"),
        "can_review": rperm.may(request.user, report, rules.Action.RETURN),
        "can_correct": rperm.may(request.user, report, rules.Action.CORRECT),
        "can_export": rperm.can_export_report(request.user, report),
        "older": not report.is_current,
        "index766_text": _index766_text(report), "scorecard_url": _scorecard_url(report),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    """The unit's report: the prefilled parts read-only, the editable parts as a form while the unit may
    edit ("Lưu" saves, "Gửi báo cáo" saves and submits). Everyone else reads it."""
    report = _report(pk)
    permissions.require(rperm.can_view_report(request.user, report))
    editable = rperm.can_edit(request.user, report)
    if request.method == "POST":
        services.check(request.user, report, rules.Action.EDIT)  # a locked or foreign report: refused here
    form = ReportForm(report, request.POST or None, request.FILES or None) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.save_report(user=request.user, report=report, max_bytes=settings.EVIDENCE_MAX_BYTES, **form.changes())
            if request.POST.get("action") == "submit":
                services.submit(user=request.user, report=report)
        except InvalidInput as exc:
            form.refresh_tasks()  # what the save before a refused submission changed, and the tasks now
            issues_to_form(form, exc)
        else:
            if request.POST.get("action") == "submit":
                messages.success(request, _("Đã gửi báo cáo {label} tới Sở Nội vụ.").format(label=report.period.label))
            else:
                messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(request, "reporting/report_detail.html", _report_context(
        request, report, form=form, editable=editable, attachment_form=AttachmentForm() if editable else None))


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk: int):
    """The reviewer's page: the report read-only with the decision (return with comments, approve)."""
    report = _report(pk)
    permissions.require(rperm.can_review(request.user))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "return":
                services.return_report(user=request.user, report=report, comment=form.cleaned_data["comment"])
                messages.success(request, _("Đã trả lại báo cáo cho {unit}.").format(unit=report.unit.name))
            elif decision == "approve":
                services.approve(user=request.user, report=report, comment=form.cleaned_data["comment"])
                messages.success(request, _("Đã duyệt báo cáo của {unit}.").format(unit=report.unit.name))
            else:
                raise InvalidInput(issues=[])
        except InvalidInput as exc:
            issues_to_form(form, exc)
            if not exc.issues:
                form.add_error(None, _("Hãy chọn trả lại hoặc duyệt."))
        else:
            return redirect(report.period)
    return render(request, "reporting/report_review.html", _report_context(request, report, review_form=form))


@login_required
@require_http_methods(["GET", "POST"])
def report_correct(request, pk: int):
    """Open a new version of an approved report (the approved one stays locked)."""
    report = _report(pk)
    services.check(request.user, report, rules.Action.CORRECT)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.start_correction(user=request.user, report=report, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã mở phiên bản {n} để sửa đổi báo cáo.").format(n=new.version))
        return redirect(new)
    return render(request, "reporting/report_correct.html", {"report": report, "form": form})


@login_required
def report_history(request, pk: int):
    """Every version of the unit's report in the period, the workflow events, and the audit trail of the
    versions and what they hold (tasks' rows, measures, narratives, files, documents), read by
    ``accounts.audit.audit_rows`` like the audit page. Whoever may read the report reads its history (a
    focal point their own unit's); the actors' network addresses stay on the audit page."""
    report = _report(pk)
    permissions.require(rperm.can_view_report(request.user, report))
    versions = list(services.versions_of(report).select_related("approved_by", "submitted_by"))
    events = ReportEvent.objects.filter(report__in=versions).select_related("actor", "report").order_by("at", "pk")
    ids = [v.pk for v in versions]
    parts = [(m, m.objects.filter(report__in=ids).values_list("pk", flat=True))
             for m in (TaskRow, ManualMeasure, Narrative, Attachment, GeneratedDocument)]
    rows = audit.audit_rows(audit.entries_for((UnitReport, ids), *parts)[:audit.HISTORY_LIMIT])
    return render(request, "reporting/report_history.html", {
        "report": report, "versions": versions, "events": events, "rows": rows, "limit": audit.HISTORY_LIMIT,
        "audit_url": audit.audit_url(UnitReport, report.pk) if permissions.can_view_audit(request.user) else "",
    })


# --- files of a report ----------------------------------------------------------------------------

@login_required
@require_POST
def attachment_add(request, pk: int):
    report = _report(pk)
    services.check(request.user, report, rules.Action.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(user=request.user, report=report, upload=form.cleaned_data["file"],
                                    description=form.cleaned_data["description"], max_bytes=settings.EVIDENCE_MAX_BYTES)
        except InvalidInput as exc:
            for issue in exc.issues:
                messages.error(request, issue.message)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(report)


@login_required
def attachment_file(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    permissions.require(rperm.can_view_report(request.user, attachment.report))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("report", "report__period", "report__unit"), pk=pk)
    report = attachment.report
    services.remove_attachment(user=request.user, attachment=attachment)
    messages.success(request, _("Đã gỡ tệp đính kèm."))
    return redirect(report)


@login_required
def measure_evidence(request, pk: int):
    measure = get_object_or_404(ManualMeasure.objects.select_related("report"), pk=pk, evidence__gt="")
    permissions.require(rperm.can_view_report(request.user, measure.report))
    return FileResponse(measure.evidence.open("rb"), as_attachment=True, filename=measure.evidence_name or None)
