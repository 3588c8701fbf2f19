"""The PAR index in the JSON API: stored results read (the same readers and permissions as the pages:
cchc.parindex.results.unit_result / province_results, cchc.parindex.permissions). Errors are mapped
once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.core.errors import NotFound
from cchc.core.parsing import ascii_int
from cchc.platform.errors import responses

from . import permissions, results
from .models import Assessment, Season

router = Router(tags=["par-index"])


class SeasonOut(Schema):
    id: int
    year: int
    block: str
    version_code: str
    version_name: str
    illustrative: bool
    status: str
    published_at: datetime | None
    decision: str


class RankedOut(Schema):
    assessment_id: int
    unit_code: str
    unit_name: str
    index_value: Decimal | None
    final_total: Decimal | None
    applicable_max: Decimal | None
    rank_in_block: int | None
    rank_overall: int | None
    band: str
    band_label: str
    full_count: int | None
    component_count: int | None


class BandCountOut(Schema):
    band: str
    label: str
    units: int


class LostOut(Schema):
    code: str
    name: str
    units: int
    points: Decimal


class SeasonResultsOut(Schema):
    season: SeasonOut
    published: bool
    ranking: list[RankedOut]
    distribution: list[BandCountOut]
    most_lost: list[LostOut]


class RowOut(Schema):
    code: str
    name: str
    max_points: Decimal
    applicable: bool
    self_points: Decimal | None
    appraised_points: Decimal | None
    survey_points: Decimal | None
    final_points: Decimal | None
    percent: Decimal | None
    children: list[RowOut]


class ChangeOut(Schema):
    code: str
    name: str
    this_year: Decimal | None
    last_year: Decimal | None
    change: Decimal | None


class ParIndexWhatIfOut(Schema):
    code: str
    name: str
    gain: Decimal
    index_gain: Decimal
    guidance: str


class UnitResultOut(Schema):
    assessment_id: int
    season_id: int
    year: int
    unit_code: str
    unit_name: str
    published: bool
    revision: int
    self_total: Decimal | None
    appraised_total: Decimal | None
    survey_total: Decimal | None
    final_total: Decimal | None
    applicable_max: Decimal | None
    index_value: Decimal | None
    rank_in_block: int | None
    rank_overall: int | None
    block_size: int
    band: str
    band_label: str
    full_count: int | None
    component_count: int | None
    areas: list[RowOut]
    last_year: int | None
    changes: list[ChangeOut]
    what_if: list[ParIndexWhatIfOut]


def season_out(s: Season) -> dict:
    return {"id": s.pk, "year": s.year, "block": s.version.block, "version_code": s.version.code,
            "version_name": s.version.name, "illustrative": s.version.illustrative, "status": s.status,
            "published_at": s.published_at, "decision": s.decision}


def _row(r: results.Row) -> dict:
    return {"code": r.code, "name": r.name, "max_points": r.max_points, "applicable": r.applicable,
            "self_points": r.self, "appraised_points": r.appraised, "survey_points": r.survey,
            "final_points": r.final, "percent": r.percent, "children": [_row(c) for c in r.children]}


def unit_result_out(r: results.UnitResult) -> dict:
    a = r.assessment
    return {
        "assessment_id": a.pk, "season_id": r.season.pk, "year": r.season.year, "unit_code": a.unit.code,
        "unit_name": a.unit.name, "published": r.published, "revision": r.revision,
        **{name: getattr(r, name) for name in results.TOTAL_FIELDS},
        "rank_in_block": r.rank_in_block, "rank_overall": r.rank_overall, "block_size": r.block_size,
        "band": r.band, "band_label": r.band_label, "areas": [_row(x) for x in r.areas], "last_year": r.last_year,
        "changes": [vars(c) for c in r.changes], "what_if": [vars(w) for w in r.what_if],
    }


def season_results_out(s: results.SeasonResults) -> dict:
    return {
        "season": season_out(s.season), "published": s.published,
        "ranking": [{"assessment_id": x.assessment.pk, "unit_code": x.assessment.unit.code,
                     "unit_name": x.assessment.unit.name, "index_value": x.index_value, "final_total": x.final_total,
                     "applicable_max": x.applicable_max, "rank_in_block": x.rank_in_block,
                     "rank_overall": x.rank_overall, "band": x.band, "band_label": x.band_label,
                     "full_count": x.full_count, "component_count": x.component_count} for x in s.rows],
        "distribution": [{"band": code, "label": label, "units": n} for code, label, n in s.distribution],
        "most_lost": [vars(x) for x in s.most_lost],
    }


@router.get("/seasons/", response=responses(list[SeasonOut]), summary=gettext_lazy("Các đợt đánh giá Chỉ số CCHC"))
def list_seasons(request: HttpRequest):
    """The seasons whose results the caller may read (a focal point: the published ones), newest first."""
    require(permissions.can_view_seasons(request.user))
    seasons = Season.objects.select_related("version").order_by("-year", "version__block")
    return [season_out(s) for s in seasons if permissions.can_view_results(request.user, s)]


def _season(request: HttpRequest, season_id: str) -> Season:
    require(permissions.can_view_seasons(request.user))
    pk = ascii_int(season_id)
    season = Season.objects.select_related("version").filter(pk=pk).first() if pk is not None else None
    if season is None:
        raise NotFound(_("Không có đợt đánh giá mã {id}.").format(id=season_id))
    require(permissions.can_view_results(request.user, season))
    return season


@router.get("/seasons/{season_id}/results/", response=responses(SeasonResultsOut, 404),
            summary=gettext_lazy("Kết quả Chỉ số CCHC của một đợt"))
def season_results(request: HttpRequest, season_id: str):
    """The season's ranking in its block, the count per band and the criteria most often lost (stored)."""
    return season_results_out(results.province_results(_season(request, season_id)))


@router.get("/assessments/{assessment_id}/result/", response=responses(UnitResultOut, 404),
            summary=gettext_lazy("Kết quả Chỉ số CCHC của một đơn vị"))
def unit_result(request: HttpRequest, assessment_id: str):
    """One unit's result as its page shows it (stored figures)."""
    require(permissions.can_view_seasons(request.user))
    pk = ascii_int(assessment_id)
    found = Assessment.objects.select_related("season__version", "unit").filter(pk=pk).first() if pk is not None \
        else None
    if found is None:
        raise NotFound(_("Không có bản đánh giá mã {id}.").format(id=assessment_id))
    require(permissions.can_view_results(request.user, found.season))
    return unit_result_out(results.unit_result(found))
