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

from cchc.accounts.choices import Role
from cchc.accounts.permissions import require, role_of, unit_id_of
from cchc.documents import par_index as builders

from . import documents
from .choices import SeasonStatus
from .models import AppraiserScope, Assessment, Season

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_manage(user) -> bool:
    """The administrator and the PAR officers run the index (the contract's ``can_manage``)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_read_report(user, assessment: Assessment) -> bool:
    """A unit's self-assessment report: its own focal point, the managers, the leaders, and the members of
    that season's appraisal team."""
    role = role_of(user)
    if can_manage(user) or role == Role.LEADER:
        return True
    if role == Role.FOCAL_POINT:
        return unit_id_of(user) == assessment.unit_id
    if role == Role.APPRAISER:
        return AppraiserScope.objects.filter(season_id=assessment.season_id, user=user).exists()
    return False


def can_read_results(user, season: Season) -> bool:
    """A season's results: after publication everyone who reads results; before, only the managers (the
    contract's ``can_view_results`` for a published season, ``can_manage`` otherwise)."""
    if can_manage(user):
        return True
    return season.status == SeasonStatus.PUBLISHED and role_of(user) in {
        Role.LEADER, Role.INSPECTOR, Role.APPRAISER, Role.FOCAL_POINT}


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
    content = documents.result_content(season, draft=can_manage(request.user))
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
