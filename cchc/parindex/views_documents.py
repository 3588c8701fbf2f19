"""The PAR index documents as downloads: a unit's self-assessment report and a season's result annex, as
DOCX (NĐ 30/2020) and XLSX (cchc.documents.par_index, content from cchc.parindex.documents).

Who may download (BRIEF 13's permission contract, checked here on the server): a unit's report by its own
focal point, the PAR officers and the administrator, the leaders, and the season's appraisers; the result
annex after publication by everyone who may read results (focal points of every unit, leaders, inspectors,
appraisers, PAR officers, the administrator), before publication only by the administrator and the PAR
officers, as a draft marked "DỰ THẢO". The two checks below mirror cchc.parindex.permissions
(``can_view_assessment``, ``can_manage``, ``can_view_results``), which the merge puts in their place.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cchc.accounts.permissions import require
from cchc.documents import par_index as builders

from . import documents, permissions
from .choices import SeasonStatus
from .models import Assessment, Season

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_read_report(user, assessment: Assessment) -> bool:
    """A unit's self-assessment report: whoever may open the assessment (permissions.can_view_assessment)."""
    return permissions.can_view_assessment(user, assessment)


def can_read_results(user, season: Season) -> bool:
    """The province's result: the managers at any time (before publication as a draft); after publication
    everyone who reads results (permissions.can_view_results)."""
    return permissions.can_manage(user) or (season.status == SeasonStatus.PUBLISHED
                                            and permissions.can_view_results(user, season))


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report_name(assessment: Assessment, extension: str) -> str:
    return f"tu-danh-gia-chi-so-cchc-{assessment.season.year}-{slugify(assessment.unit.code) or assessment.unit_id}.{extension}"


def _assessment(request, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("season", "unit"), pk=pk)
    require(can_read_report(request.user, assessment))
    return assessment


@login_required
@require_GET
def assessment_report_docx(request, pk: int):
    assessment = _assessment(request, pk)
    content = documents.self_assessment_content(assessment)
    return _download(builders.build_self_assessment_docx(content), DOCX, _report_name(assessment, "docx"))


@login_required
@require_GET
def assessment_report_xlsx(request, pk: int):
    assessment = _assessment(request, pk)
    content = documents.self_assessment_content(assessment)
    return _download(builders.build_self_assessment_xlsx(content), XLSX, _report_name(assessment, "xlsx"))


def _result(request, pk: int):
    season = get_object_or_404(Season.objects.select_related("version"), pk=pk)
    require(can_read_results(request.user, season))
    content = documents.result_content(season, draft=permissions.can_manage(request.user))
    draft = "-du-thao" if content.draft else ""
    return season, content, f"ket-qua-chi-so-cchc-{season.year}-{slugify(season.version.block)}{draft}"


@login_required
@require_GET
def season_result_docx(request, pk: int):
    _season, content, name = _result(request, pk)
    return _download(builders.build_result_annex_docx(content), DOCX, f"{name}.docx")


@login_required
@require_GET
def season_result_xlsx(request, pk: int):
    _season, content, name = _result(request, pk)
    return _download(builders.build_result_xlsx(content), XLSX, f"{name}.xlsx")
