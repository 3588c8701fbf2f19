"""The PAR index result pages (issue 13 item 3): one unit's result (self, appraised, survey and final per
criterion, area and total; % of the applicable maximum; ranks; band; components at full score; gains and
losses against last year; points lost by area as a chart; what-if) with the PAR officer's correction form
after publication; a season's results (ranking of the block, distribution by band, the criteria most often
lost). Stored figures only (cchc.parindex.results' readers); every view checks the reader's rights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.units.choices import block_label

from . import permissions, results, survey, views_documents
from .choices import AssessmentStatus, Method, SeasonStatus
from .models import Assessment, Component, Season


def chart_of(result: results.UnitResult) -> dict:
    """The chart's data (points lost by area), every label translated here."""
    return {"labels": {"lost": _("Điểm bị mất"), "points": _("điểm")},
            "areas": [{"code": code, "name": name, "lost": float(lost)} for code, name, lost in result.lost_by_area]}


@login_required
def result(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("season__version", "unit"), pk=pk)
    require(permissions.can_view_results(request.user, assessment.season))
    data = results.unit_result(assessment)
    can_correct = permissions.can_manage(request.user) and assessment.status == AssessmentStatus.PUBLISHED
    return render(request, "parindex/result_unit.html", {
        "r": data, "assessment": data.assessment, "season": data.season, "chart": chart_of(data),
        "block_name": block_label(data.season.version.block), "can_correct": can_correct,
        "components": [row for area in data.areas for crit in area.children for row in crit.children]
        if can_correct else [], "survey": Method.SURVEY,
    })


@login_required
def season_results(request, pk: int):
    season = get_object_or_404(Season.objects.select_related("version"), pk=pk)
    require(permissions.can_view_results(request.user, season))
    return render(request, "parindex/result_season.html", {
        "s": results.province_results(season), "season": season, "block_name": block_label(season.version.block),
        "can_publish": permissions.can_manage(request.user) and season.status != SeasonStatus.PUBLISHED,
        "can_read_result_docs": views_documents.can_read_results(request.user, season),
    })


def _issues(request, exc: InvalidInput) -> None:
    for issue in exc.issues:
        messages.error(request, str(issue))
    if exc.omitted:
        messages.error(request, _("… và {n} lỗi khác.").format(n=exc.omitted))


@login_required
@require_POST
def publish(request, pk: int):
    """The PAR officer publishes the season (every unit's points decided) with the decision's number."""
    season = get_object_or_404(Season.objects.select_related("version"), pk=pk)
    require(permissions.can_manage(request.user))
    try:
        results.publish(season, by=request.user, decision=request.POST.get("decision", ""))
    except InvalidInput as exc:
        _issues(request, exc)
    else:
        messages.success(request, _("Đã công bố kết quả, xếp hạng và xếp loại."))
    return redirect("parindex:season_results", pk=season.pk)


@login_required
@require_POST
def survey_import(request, pk: int):
    """The PAR officer imports the season's survey points from an XLSX file (before publication)."""
    season = get_object_or_404(Season.objects.select_related("version"), pk=pk)
    require(permissions.can_manage(request.user))
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput([Issue(_("Chọn tệp Excel (.xlsx) điểm điều tra xã hội học."), field="file")])
        n = survey.import_survey_points(season, upload.read(), upload.name, by=request.user)
    except InvalidInput as exc:
        _issues(request, exc)
    else:
        messages.success(request, _("Đã nhập {n} điểm điều tra xã hội học.").format(n=n))
    return redirect("parindex:season_results", pk=season.pk)


@login_required
@require_POST
def correct(request, pk: int):
    """The PAR officer corrects one component's points of a published result, with a reason."""
    assessment = get_object_or_404(Assessment.objects.select_related("season__version", "unit"), pk=pk)
    require(permissions.can_manage(request.user))
    component = Component.objects.filter(pk=request.POST.get("component") or 0,
                                         criterion__area__version=assessment.season.version).first()
    try:
        if component is None:
            raise InvalidInput([Issue(_("Chọn tiêu chí thành phần cần đính chính."), field="component")])
        revision = results.correct(assessment, component, request.POST.get("points", ""),
                                   reason=request.POST.get("reason", ""), by=request.user)
    except InvalidInput as exc:
        _issues(request, exc)
    else:
        messages.success(request, _("Đã đính chính kết quả (lần công bố {n}).").format(n=revision.revision))
    return redirect("parindex:result", pk=assessment.pk)
