"""The PAR index pages (F4): versions, the season, a unit's self-assessment, appraisal, results.

This module: the index (the seasons; a focal point's own assessments), a season's page (every unit's
status, counts per status, dates, who has not submitted), opening a season, and one unit's assessment
(components by area and criterion, the self-score and evidence forms, computed figures with their source,
the running total, submission with what is missing, the PAR officer's applicability). Every view checks
its permission on the server (cchc.parindex.permissions); another unit's assessment is not found (404)
for a focal point, and an assessment it may no longer edit is refused (403).
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.permissions import require
from cchc.core.errors import DomainError, InvalidInput, Issue
from cchc.platform.forms import issues_to_form

from . import appraisal_permissions, computed, opening, permissions, services, views_documents
from .choices import AssessmentStatus, Method
from .forms import ApplicabilityForm, EvidenceForm, OpenSeasonForm, ReportTextForm, SelfScoreForm
from .models import Assessment, Evidence, Score, Season, SeasonOpening


@login_required
def index(request):
    """The seasons (province-wide roles, with their counts) and the user's own unit's assessments."""
    user = request.user
    require(permissions.can_view_seasons(user))
    seasons = []
    if permissions.can_view_season(user):
        for season in Season.objects.select_related("version").order_by("-year", "version__block"):
            counts = services.status_counts(season)
            seasons.append({"season": season, "total": sum(counts.values()),
                            "draft": counts[AssessmentStatus.DRAFT]})
    return render(request, "parindex/season_index.html", {
        "seasons": seasons, "own": list(services.own_assessments(user)),
        "can_manage": permissions.can_manage(user), "can_open_queue": appraisal_permissions.can_open_queue(user),
        # Openings not done yet (waiting, running, or failed and not opened since), to follow or open again.
        "openings": list(SeasonOpening.objects.exclude(state=SeasonOpening.State.DONE)
                         .filter(version__season__isnull=True).select_related("version")[:10])
        if permissions.can_manage(user) else [],
    })


@login_required
def season(request, pk: int):
    require(permissions.can_view_season(request.user))
    season = get_object_or_404(Season.objects.select_related("version", "opened_by"), pk=pk)
    counts = services.status_counts(season)
    labels = dict(AssessmentStatus.choices)
    return render(request, "parindex/season.html", {
        "season": season, "counts": [(labels[k], v) for k, v in counts.items()], "total": sum(counts.values()),
        "can_assign": appraisal_permissions.can_assign(request.user),
        "can_read_result_docs": views_documents.can_read_results(request.user, season),
        "assessments": season.assessments.select_related("unit", "submitted_by").order_by("status", "unit__name"),
        "not_submitted": list(services.not_submitted(season)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def season_open(request):
    """The form; a valid opening is queued for the worker (cchc.parindex.opening) and followed on its page."""
    require(permissions.can_manage(request.user))
    form = OpenSeasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            queued = opening.queue(d["version"], opens_on=d["opens_on"], self_due=d["self_due"],
                                   appraisal_due=d["appraisal_due"], response_days=d["response_days"],
                                   publish_on=d["publish_on"], by=request.user)
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(queued)
    return render(request, "parindex/season_open.html", {"form": form})


@login_required
def season_opening(request, pk: int):
    """How far an opening is (polled by htmx while it runs); once done, the season with how many units it
    opened for; a failed opening with its problems."""
    require(permissions.can_manage(request.user))
    job = get_object_or_404(SeasonOpening.objects.select_related("version", "created_by"), pk=pk)
    if job.state == SeasonOpening.State.DONE and job.season_id:
        messages.success(request, _("Đã mở đợt đánh giá cho {n} đơn vị.").format(n=job.total))
        url = reverse("parindex:season", args=[job.season_id])
        if request.headers.get("HX-Request"):
            return HttpResponse(headers={"HX-Redirect": url})  # htmx loads the season page
        return redirect(url)
    if live := opening.live_progress(job):
        job.done, job.total = live
    template = "parindex/_season_opening.html" if request.headers.get("HX-Request") else "parindex/season_opening.html"
    return render(request, template, {"job": job})


# --- One unit's assessment -------------------------------------------------------------------------------

def _visible(user, pk: int) -> Assessment:
    """The assessment if ``user`` may see it; otherwise not found (a focal point does not learn that
    another unit's assessment exists)."""
    require(permissions.can_view_seasons(user))
    assessment = (Assessment.objects.select_related("season", "season__version", "unit", "submitted_by")
                  .filter(pk=pk).first())
    if assessment is None or not permissions.can_view_assessment(user, assessment):
        raise Http404
    return assessment


def _core():
    """cchc.core.parindex's rules (computed_points, final_points), or None before they exist."""
    try:
        from cchc.core import parindex
    except ImportError:  # pragma: no cover - before pi-results' rules are merged
        return None
    return parindex


def _rows(assessment: Assessment, *, editable: bool, bound: dict | None = None) -> tuple[list, dict]:
    """Areas → criteria → component rows in the index's order (with the self-score and evidence forms when
    ``editable``), and the running total of this one unit."""
    bound = bound or {}
    rules = _core()
    scores = list(assessment.scores.select_related("component", "component__criterion",
                                                   "component__criterion__area").prefetch_related("evidence"))
    areas: OrderedDict = OrderedDict()
    total, applicable_max, full = Decimal(0), Decimal(0), True
    for s in scores:
        c = s.component
        criterion, area = c.criterion, c.criterion.area
        ok = services.applicable(assessment, c)
        points = None
        if rules is not None and ok:
            value = rules.computed_points(s.computed_value, c.rule or {}, c.max_points) \
                if c.method == Method.COMPUTED else None
            points = rules.final_points(method=c.method, self_points=s.self_points,
                                        appraised_points=s.appraised_points, decided_points=s.decided_points,
                                        survey_points=s.survey_points, computed=value)
        if ok:
            applicable_max += c.max_points
            total += points or 0
        row = {"score": s, "component": c, "applicable": ok, "points": points,
               "source_text": computed.source_text(s), "source_link": computed.is_link(s)}
        if editable and c.method == Method.EVIDENCE and ok:
            row["form"] = bound.get(("score", s.pk)) or SelfScoreForm(prefix=f"s{s.pk}", initial={
                "points": "" if s.self_points is None else format(s.self_points.normalize(), "f"),
                "evidence_state": s.evidence_state, "explanation": s.explanation})
            row["evidence_form"] = bound.get(("evidence", s.pk)) or EvidenceForm(prefix=f"e{s.pk}")
        areas.setdefault(area.pk, {"area": area, "criteria": OrderedDict()})["criteria"].setdefault(
            criterion.pk, {"criterion": criterion, "rows": []})["rows"].append(row)
    if rules is None:
        full = False
    running = {"computed": full, "total": total, "max": applicable_max,
               "index": (total * 100 / applicable_max).quantize(Decimal("0.01")) if full and applicable_max else None}
    return [{"area": a["area"], "criteria": list(a["criteria"].values())} for a in areas.values()], running


def _page(request, assessment: Assessment, *, bound: dict | None = None, submit_issues=None, status: int = 200):
    user = request.user
    can_edit = permissions.can_edit_self(user, assessment)
    areas, running = _rows(assessment, editable=can_edit, bound=bound)
    can_manage = permissions.can_manage(user)
    return render(request, "parindex/assessment.html", {
        "can_respond": appraisal_permissions.can_respond(user, assessment) and assessment.status in (
            AssessmentStatus.APPRAISED, AssessmentStatus.RESPONDED, AssessmentStatus.DECIDED, AssessmentStatus.PUBLISHED),
        "can_view_result": permissions.can_view_results(user, assessment.season),
        "assessment": assessment, "season": assessment.season, "areas": areas, "running": running,
        "can_edit": can_edit, "can_manage": can_manage,
        "missing": services.missing(assessment) if assessment.status == AssessmentStatus.DRAFT else [],
        "submit_issues": submit_issues,
        "report_form": (bound or {}).get("report") or (ReportTextForm(initial={
            "difficulties": assessment.difficulties, "recommendations": assessment.recommendations})
            if can_edit else None),
        "applicability_form": (bound or {}).get("applicability") or (ApplicabilityForm(initial={
            "handles_procedures": assessment.handles_procedures, "masked": ", ".join(assessment.masked or []),
            "reason": assessment.mask_reason}) if can_manage else None),
    }, status=status)


@login_required
def assessment(request, pk: int):
    return _page(request, _visible(request.user, pk))


def _own_score(assessment: Assessment, raw) -> Score:
    """The score of ``assessment`` a form names; none named is bad input (400), another's is not found."""
    if not (raw or "").isascii() or not (raw or "").isdigit():
        raise InvalidInput(issues=[Issue(_("Hãy chọn tiêu chí thành phần."), field="score")])
    score = assessment.scores.select_related("component").filter(pk=int(raw)).first()
    if score is None:
        raise Http404
    return score


@login_required
@require_POST
def assessment_score(request, pk: int):
    """Save one component criterion's self-score."""
    a = _visible(request.user, pk)
    require(permissions.can_edit_self(request.user, a))
    score = _own_score(a, request.POST.get("score"))
    form = SelfScoreForm(request.POST, prefix=f"s{score.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.save_self_score(a, score.component, points=d["points"], evidence_state=d["evidence_state"],
                                     explanation=d["explanation"], by=request.user)
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu điểm tự chấm của tiêu chí {code}.").format(code=score.component.code))
            return redirect(f"{a.get_absolute_url()}#c-{score.pk}")
    return _page(request, a, bound={("score", score.pk): form}, status=400)


@login_required
@require_POST
def assessment_evidence(request, pk: int):
    """Attach one evidence file to a component criterion's self-score."""
    a = _visible(request.user, pk)
    require(permissions.can_edit_self(request.user, a))
    score = _own_score(a, request.POST.get("score"))
    form = EvidenceForm(request.POST, request.FILES, prefix=f"e{score.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_evidence(score, file=d["file"], document_number=d["document_number"], locator=d["locator"],
                                  by=request.user)
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã đính kèm minh chứng cho tiêu chí {code}.").format(code=score.component.code))
            return redirect(f"{a.get_absolute_url()}#c-{score.pk}")
    return _page(request, a, bound={("evidence", score.pk): form}, status=400)


@login_required
@require_POST
def assessment_submit(request, pk: int):
    """Send the self-assessment; refused with the list of what is missing."""
    a = _visible(request.user, pk)
    require(permissions.can_edit_self(request.user, a))
    try:
        services.submit(a, by=request.user)
    except InvalidInput as exc:
        return _page(request, a, submit_issues=[str(i.message) for i in exc.issues], status=400)
    messages.success(request, _("Đã gửi bản tự đánh giá tới tổ thẩm định."))
    return redirect(a)


@login_required
@require_POST
def assessment_report_text(request, pk: int):
    """The report's difficulties and recommendations, written by the focal point with the scores."""
    a = _visible(request.user, pk)
    require(permissions.can_edit_self(request.user, a))
    form = ReportTextForm(request.POST)
    if not form.is_valid():
        return _page(request, a, bound={"report": form}, status=400)
    services.set_report_text(a, difficulties=form.cleaned_data["difficulties"],
                             recommendations=form.cleaned_data["recommendations"], by=request.user)
    messages.success(request, _("Đã lưu khó khăn, vướng mắc và kiến nghị, đề xuất."))
    return redirect(f"{a.get_absolute_url()}#report-text")


@login_required
@require_POST
def assessment_applicability(request, pk: int):
    """The PAR officer's applicability of the unit (procedures handled, codes masked), with a reason."""
    a = _visible(request.user, pk)
    require(permissions.can_manage(request.user))
    form = ApplicabilityForm(request.POST)
    if form.is_valid():
        try:
            services.set_applicability(a, handles_procedures=form.cleaned_data["handles_procedures"],
                                       masked=form.codes(), reason=form.cleaned_data["reason"], by=request.user)
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã cập nhật phạm vi áp dụng của đơn vị."))
            return redirect(a)
    return _page(request, a, bound={"applicability": form}, status=400)


@login_required
def evidence_file(request, pk: int):
    """Download an evidence file: whoever may see the assessment."""
    evidence = get_object_or_404(Evidence.objects.select_related("score__assessment"), pk=pk)
    _visible(request.user, evidence.score.assessment_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=f"{evidence.document_number}{evidence.file.name[evidence.file.name.rfind('.'):]}"
                        .replace("/", "-"))
