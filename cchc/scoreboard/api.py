"""The Decision 766 scoreboard in the JSON API: what the scoreboard pages show, read by the same services
(cchc.scoreboard.services: ``ranking``, ``scorecard``, ``lost_dossiers``) under the same permissions
(cchc.scoreboard.permissions), so a figure is the same on the page and in the API.

Scores are decimals with two places (JSON strings, as every decimal of this API); a score of ``null``
means "no data", which is not 0. Errors have the one body ``ErrorOut`` (cchc.platform.errors).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from cchc.accounts.permissions import require
from cchc.analytics import services as analytics
from cchc.analytics.choices import (
    LIST_REASONS,
    PeriodKind,
    group_name,
    indicator_name,
    kpi_name_of,
    period_name,
)
from cchc.core.errors import InvalidInput, Issue, NotFound
from cchc.core.kpis import periods_of
from cchc.core.levels import Block, UnitKind
from cchc.core.score766 import INDICATORS, GroupScore, TotalScore
from cchc.dossiers.choices import TimelinessChoices
from cchc.platform.errors import responses
from cchc.units.choices import ALL_BLOCKS, RANKED_BLOCKS, chosen_block
from cchc.units.models import Unit

from . import services, whatif
from .permissions import (
    can_view_lost_dossiers,
    can_view_province_whatif,
    can_view_scoreboard,
    can_view_whatif,
)

router = Router(tags=["scoreboard"])
#: The most dossiers one page of a list may hold; the pages show 50.
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
#: The kind of unit a block holds, for the ranking's deprecated ``unit_kind``.
KIND_OF_BLOCK = {Block.AGENCY: UnitKind.DEPARTMENT.value, Block.COMMUNE: UnitKind.COMMUNE.value,
                 Block.DISTRICT: UnitKind.DISTRICT.value}


# --- Schemas --------------------------------------------------------------------------------------

class GroupOut(Schema):
    """One of the six groups of the 766 index (18/20/12/10/22/18 points)."""

    group: int = Field(description="Group number, 1 to 6.")
    name: str = Field(description="The group's name in the reader's language.")
    points: Decimal | None = Field(description="Points of the indicators with data; null when none has data.")
    max_with_data: Decimal = Field(description="The maxima of the group's indicators that have data.")
    max: Decimal = Field(description="The group's maximum.")


class TotalOut(Schema):
    points: Decimal | None = Field(description="Total points; null when no indicator has data.")
    available: Decimal = Field(description="The maxima of the indicators with data (the points CCHC can see).")
    max: Decimal = Field(description="100.")
    share: Decimal | None = Field(description="points / available × 100, two decimals.")
    uncomputed: Decimal = Field(description="max − available: the points CCHC cannot compute (no data), "
                                            "never counted as 0.")
    band: str | None = Field(description="The rating band of the points from the province's band table "
                                         "(CCHC_766_BANDS); null when none is configured (the default) or none applies.")


class RankedUnitOut(Schema):
    """A unit's row of the ranking: ties share a rank."""

    rank: int = Field(description="Within the block ranked (among every block when ``block`` is all).")
    overall_rank: int = Field(description="Among the units of every block together (agency, commune, and "
                                          "district before 2025).")
    unit_id: int
    unit_name: str
    unit_kind: str
    block: str = Field(description="The unit's block: agency, commune or district.")
    total: TotalOut
    groups: list[GroupOut]
    received: int | None = Field(description="Dossiers handled in the period (the denominator of 2.1).")
    previous_rank: int | None = Field(description="``rank`` in the previous period of the same kind (the same "
                                                  "block ranked); null when the unit was not ranked then.")
    rank_change: int | None = Field(description="previous_rank − rank: positive moved up, negative down; null "
                                                "when there is no previous rank.")
    new: bool = Field(description="Ranked now and not in the previous period, which has a ranking.")


class RankingOut(Schema):
    """The ranking page's table: the units of one block that handled dossiers in the period, best first."""

    kind: str = Field(description="Period kind: month, quarter, half, nine_months or year.")
    start: date | None = Field(description="First day of the period; null when no unit of the block has data.")
    label: str = Field(description='The period\'s name ("Quý I/2025").')
    block: str = Field(description='The block ranked: "agency", "commune", "district", or "all" (every block).')
    blocks: list[str] = Field(description="The blocks the period can be ranked in (district only when districts "
                                          "handled dossiers in it, before 2025), then \"all\".")
    unit_kind: str = Field(description='Deprecated, use ``block``: the kind of unit of the block ranked '
                                       '("commune", "department", "district"), or "all".')
    periods: list[date] = Field(description="The periods with data for this block, newest first.")
    units: list[RankedUnitOut]


class UnitRefOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class IndicatorOut(Schema):
    """One indicator of a scorecard. ``numerator``/``denominator`` are those of the stored figure it is
    scored from (null for 6.3, scored from three figures, as on the page)."""

    code: str = Field(description='The indicator\'s code ("2.1").')
    group: int
    name: str
    numerator: int | None
    denominator: int | None
    rate: Decimal | None = Field(description="In %, two decimals; null without a rate.")
    points: Decimal | None = Field(description='Null means "no data", which is not 0.')
    max_points: Decimal
    dossiers: str | None = Field(description="The API path of the list of dossiers that cost it points, when it "
                                             "lost points, has such a list and the caller may read it.")


class ScorecardOut(Schema):
    """The unit's scorecard page: total, groups and each indicator for a period."""

    unit: UnitRefOut
    kind: str
    start: date | None = Field(description="First day of the period; null when the unit has no data of this kind.")
    label: str
    periods: list[date] = Field(description="The periods with data for this kind of unit, newest first.")
    as_of: datetime | None = Field(description="When the figures were computed.")
    total: TotalOut | None
    groups: list[GroupOut]
    indicators: list[IndicatorOut]


class IndicatorRefOut(Schema):
    code: str
    group: int
    name: str


class LostDossierOut(Schema):
    """A dossier of the list, with the class it was counted in at the period's end."""

    id: int
    code: str
    source_system: str
    unit_code: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    kpi_code: str = Field(description='The KPI whose list holds it ("ontime_rate"; 6.3: "late" or "satisfaction_rate").')
    kpi_name: str = Field(description="That KPI's name, in the reader's language.")
    reason: str = Field(description="Why it costs points, in the reader's language.")
    timeliness: str = Field(description="early, on_time, late, … at the period's end.")
    timeliness_label: str


class LostDossiersOut(Schema):
    """One page of the dossiers that cost the unit points on the indicator ("xem hồ sơ"): the engine's own
    list for the figure, so ``total`` is the figure's denominator − numerator (6.3: the late dossiers plus
    those rated "không hài lòng"; a dossier that is both is listed twice, as the formula counts it twice)."""

    unit: UnitRefOut
    indicator: IndicatorRefOut
    kind: str
    start: date | None
    label: str
    as_of: datetime | None = Field(description="When the figures and the list were computed.")
    numerator: int | None = Field(description="Of the figure the indicator is scored from (null for 6.3).")
    denominator: int | None
    total: int = Field(description="Dossiers in the list, over every page.")
    page: int
    size: int
    has_next: bool
    preparing: bool = Field(description="The figures are published and their list is still being written (a few "
                                        "seconds after a computation): ``dossiers`` is empty; ask again.")
    dossiers: list[LostDossierOut]


# --- Parameters -----------------------------------------------------------------------------------

def _kind(kind: str) -> str:
    if kind not in PeriodKind.values:
        raise InvalidInput(issues=[Issue(_("Loại kỳ phải là một trong: {kinds}.").format(
            kinds=", ".join(PeriodKind.values)), field="kind")])
    return kind


def _start(kind: str, start: date | None, available: list[date]) -> date | None:
    """The period asked for (it must be the first day of a period of ``kind``), else the newest with data."""
    if start is None:
        return available[0] if available else None
    if start not in {s for s, _e in periods_of(start.year, kind)}:
        raise InvalidInput(issues=[Issue(_("Ngày {day} không phải ngày đầu của một kỳ loại «{kind}».").format(
            day=start.isoformat(), kind=kind), field="start")])
    return start


def _unit(unit_id: int) -> Unit:
    return get_object_or_404(Unit, pk=unit_id)


def _unit_out(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind}


def _groups(groups: dict[int, GroupScore]) -> list[dict]:
    return [{"group": n, "name": group_name(n), "points": g.points, "max_with_data": g.max_with_data, "max": g.max}
            for n, g in sorted(groups.items())]


def _total(total: TotalScore) -> dict:
    return {"points": total.points, "available": total.available, "max": total.max, "share": total.share,
            "uncomputed": total.max - total.available, "band": total.band}


# --- Operations -----------------------------------------------------------------------------------

@router.get("/ranking", response=responses(RankingOut, 400), summary=gettext_lazy("Xếp hạng Bộ chỉ số 766 của một kỳ"))
def ranking(request: HttpRequest, kind: str = "quarter", start: date | None = None,
            block: str | None = Query(None, description=(
                "The block (khối) ranked: agency (sở, ban, ngành), commune (xã, phường; the default), district "
                "(before 2025) or all (every block together).")),
            unit_kind: str | None = Query(None, deprecated=True, description=(
                "Deprecated, use ``block``: a kind of unit (commune, department, district) stands for its "
                "block, \"all\" for every block; ignored when ``block`` is given."))):
    """The units of one block (``block``: agency, commune, district or ``all``; the commune block when left
    out, as on the ranking page) ranked by their 766 points for the period (``start``: its first day; the
    newest period with data for the block when left out), each with its rank in the block and its overall
    rank among every block and its change against the previous period's ranking of the block, as on the
    ranking page. Units that handled no dossier in the period are not
    ranked. ``unit_kind`` is the older, deprecated way to choose the block."""
    require(can_view_scoreboard(request.user))
    kind = _kind(kind)
    try:
        block = chosen_block(block, unit_kind)
    except ValueError as error:
        raise InvalidInput(issues=[Issue(_("Khối xếp hạng phải là một trong: {blocks}.").format(
            blocks=", ".join((*RANKED_BLOCKS, ALL_BLOCKS))), field=str(error))]) from None
    stamp = analytics.values_stamp(kind)
    # The page's cache key for the same list, so the page and the API compute it once between recomputes.
    available = services.cached(f"periods:{kind}:{block}", stamp, lambda: services.periods(kind, block))
    start = _start(kind, start, available)
    rows = [] if start is None else services.ranked_cached(kind, start, block, stamp)
    return {
        "kind": kind, "start": start, "label": period_name(kind, start) if start else "", "block": block,
        "blocks": [*services.blocks_offered(kind, start, stamp), ALL_BLOCKS],
        "unit_kind": ALL_BLOCKS if block == ALL_BLOCKS else KIND_OF_BLOCK[block], "periods": available,
        "units": [{"rank": r.rank, "overall_rank": r.overall, "unit_id": r.unit.pk, "unit_name": r.unit.name,
                   "unit_kind": r.unit.kind, "block": r.unit.block, "total": _total(r.total),
                   "groups": _groups(r.groups), "received": r.received, "previous_rank": r.change.previous,
                   "rank_change": r.change.moved, "new": r.change.new} for r in rows],
    }


@router.get("/units/{unit_id}", response=responses(ScorecardOut, 400, 404),
            summary=gettext_lazy("Điểm 766 của một đơn vị trong một kỳ"))
def scorecard(request: HttpRequest, unit_id: int, kind: str = "quarter", start: date | None = None):
    """The unit's scorecard for the period (the newest with data for its kind of unit when ``start`` is left
    out), as on its scorecard page: total, groups, and each indicator with the figure it is scored from."""
    require(can_view_scoreboard(request.user))
    unit = _unit(unit_id)
    kind = _kind(kind)
    available = services.periods(kind, unit.block)
    start = _start(kind, start, available)
    out = {"unit": _unit_out(unit), "kind": kind, "start": start, "label": period_name(kind, start) if start else "",
           "periods": available, "as_of": None, "total": None, "groups": [], "indicators": []}
    if start is None:
        return out
    card = services.scorecard(unit, kind, start)
    listed = set(services.explained(card)) if can_view_lost_dossiers(request.user, unit.pk) else set()
    query = f"?kind={kind}&start={start.isoformat()}"
    out.update(as_of=card.as_of, total=_total(card.total), groups=_groups(card.groups), indicators=[{
        "code": ind.code, "group": ind.group, "name": indicator_name(ind),
        "numerator": v.numerator if v is not None and s.has_data and ind.code != "6.3" else None,
        "denominator": v.denominator if v is not None and s.has_data and ind.code != "6.3" else None,
        "rate": s.rate, "points": s.points, "max_points": s.max_points,
        "dossiers": f"{request.path.rstrip('/')}/dossiers/{ind.code}{query}" if ind.code in listed else None,
    } for ind, s, v in card.indicators])
    return out


@router.get("/units/{unit_id}/dossiers/{indicator}", response=responses(LostDossiersOut, 400, 404),
            summary=gettext_lazy("Hồ sơ làm mất điểm của một chỉ số 766 (xem hồ sơ)"))
def lost_dossiers(request: HttpRequest, unit_id: int, indicator: str, kind: str = "quarter",
                  start: date | None = None, page: int = Query(1, ge=1),
                  size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
    """One page (``page``, 1-based, of ``size`` dossiers, newest first) of the dossiers that cost the unit
    points on the indicator in the period, as on the "xem hồ sơ" page. Only those who may see the unit's
    dossiers may read it: the province-wide roles, and a focal point for its own unit and those under it."""
    require(can_view_scoreboard(request.user))
    unit = _unit(unit_id)
    require(can_view_lost_dossiers(request.user, unit.pk))
    if indicator not in services.LISTS:
        raise NotFound(_("Chỉ số {code} không có danh sách hồ sơ.").format(code=indicator))
    kind = _kind(kind)
    start = _start(kind, start, services.periods(kind, unit.block))
    ind = next(i for i in INDICATORS if i.code == indicator)
    out = {"unit": _unit_out(unit), "indicator": {"code": ind.code, "group": ind.group, "name": indicator_name(ind)},
           "kind": kind, "start": start, "label": period_name(kind, start) if start else "", "as_of": None,
           "numerator": None, "denominator": None, "total": 0, "page": page, "size": size, "has_next": False,
           "preparing": False, "dossiers": []}
    if start is None:
        return out
    lost = services.lost_dossiers(unit, indicator, kind, start, page=page, size=size)
    source = lost.source if indicator != "6.3" and lost.score.has_data else None
    out.update(as_of=lost.as_of, total=lost.total, has_next=lost.has_next, preparing=lost.preparing,
               numerator=source.numerator if source else None, denominator=source.denominator if source else None,
               dossiers=[{
                   "id": d.pk, "code": d.code, "source_system": d.source_system, "unit_code": d.unit.code,
                   "unit_name": d.unit.name, "procedure_code": d.procedure.code, "procedure_name": d.procedure.name,
                   "received_at": d.received_at, "due_at": d.due_at, "finished_at": d.finished_at, "kpi_code": kpi,
                   "kpi_name": kpi_name_of(kpi),
                   "reason": str(LIST_REASONS[kpi]), "timeliness": item.timeliness,
                   "timeliness_label": str(TimelinessChoices(item.timeliness).label),
               } for item, kpi in lost.rows for d in (item.dossier,)])
    return out


# --- "Điểm có thể tăng": what would raise the score (issue #15, item 4) -----------------------------

class WhatIfStepOut(Schema):
    """A dossier of an indicator's list, in the list's order, with what correcting it and those before adds."""

    k: int = Field(description="Its place in the list (1-based): the corrections counted up to it.")
    gain: Decimal = Field(description="The points the first ``k`` corrections add to the indicator (and the total).")
    id: int
    code: str
    procedure_name: str
    kpi_code: str = Field(description='The KPI whose list holds it ("ontime_rate"; 6.3: "late" or "satisfaction_rate").')
    reason: str = Field(description="Why it costs points, in the reader's language.")


class WhatIfIndicatorOut(Schema):
    """An indicator that lost points, with what correcting the items behind them would add (cchc.core.whatif766,
    scored by cchc.core.score766.points from the scorecard's own figures)."""

    code: str
    group: int
    name: str
    points: Decimal = Field(description="Its points now, as on the scorecard.")
    max_points: Decimal
    numerator: Decimal = Field(description="The numerator scored (6.3: dossiers − late − disliked).")
    denominator: Decimal
    items: int = Field(description="The items behind the lost points (dossiers of its list, or items counted).")
    listed: bool = Field(description="The items are dossiers of the engine's lists; false for a figure another "
                                     "system supplies (publications, petitions, the portal's counts): counted only.")
    gain: Decimal = Field(description="The points correcting every item would add.")
    enough: int = Field(description="The fewest corrections that add ``gain`` (fewer than ``items`` when the "
                                    "indicator is capped at a target).")
    per_item: Decimal = Field(description="The points the first correction adds.")
    text: str = Field(description='The line the page shows ("trả đúng hạn 12 hồ sơ trễ, quá hạn: +0,80 điểm").')
    dossiers: str | None = Field(description="The API path of its full list of dossiers, when listed.")
    preparing: bool = Field(description="The list is still being written (a few seconds after a computation).")
    steps: list[WhatIfStepOut] = Field(description="The first dossiers of its list (as on the page).")


class WhatIfOut(Schema):
    """A unit's "Điểm có thể tăng" for a period: its indicators, the most points first."""

    unit: UnitRefOut
    kind: str
    start: date | None
    label: str
    periods: list[date]
    as_of: datetime | None
    total: Decimal | None = Field(description="The unit's total now, as on the scorecard.")
    gain: Decimal | None = Field(description="What correcting every item listed would add to the total.")
    indicators: list[WhatIfIndicatorOut]


class WhatIfShareOut(Schema):
    """A unit's items of one indicator and what correcting them adds to the province's own total."""

    unit_id: int
    unit_name: str
    code: str = Field(description="The indicator's code.")
    items: int
    gain: Decimal = Field(description="The points the province's total gains.")
    text: str


class ProvinceWhatIfOut(Schema):
    """The province's "Điểm có thể tăng": its own indicators, and the units whose corrections add the most."""

    province: UnitRefOut | None
    provinces: list[UnitRefOut] = Field(description="The provinces with figures for the period.")
    kind: str
    start: date | None
    label: str
    periods: list[date]
    as_of: datetime | None
    total: Decimal | None
    gain: Decimal | None
    indicators: list[WhatIfIndicatorOut]
    units: list[WhatIfShareOut] = Field(description="(unit, indicator) pairs, the most points first, at most 50.")


def _whatif_indicators(found, unit: Unit, query: str) -> list[dict]:
    """The indicators of a what-if answer; a listed one links to its list (readable by whoever reads this)."""
    base = f"/api/v1/scoreboard/units/{unit.pk}/dossiers/"
    return [{
        "code": c.indicator.code, "group": c.indicator.group, "name": indicator_name(c.indicator),
        "points": c.score.points, "max_points": c.score.max_points, "numerator": c.option.lost.numerator,
        "denominator": c.option.lost.denominator, "items": c.items, "listed": c.listed, "gain": c.option.gain,
        "enough": c.option.enough, "per_item": c.option.per_item, "text": c.text,
        "dossiers": f"{base}{c.indicator.code}{query}" if c.listed else None, "preparing": c.preparing,
        "steps": [{"k": s.k, "gain": s.gain, "id": s.listed.dossier.pk, "code": s.listed.dossier.code,
                   "procedure_name": s.listed.dossier.procedure.name, "kpi_code": s.kpi,
                   "reason": str(LIST_REASONS[s.kpi])} for s in c.steps],
    } for c in found.choices]


@router.get("/units/{unit_id}/whatif", response=responses(WhatIfOut, 400, 404),
            summary=gettext_lazy("Điểm 766 có thể tăng của một đơn vị"))
def unit_whatif(request: HttpRequest, unit_id: int, kind: str = "quarter", start: date | None = None):
    """The unit's "Điểm có thể tăng" for the period, as on its page: each indicator that lost points, the most
    points first, with what correcting its items would add, how many are enough, and the first dossiers of
    its list with the points each correction adds (cumulative). Under the rule of the dossiers' lists: the
    province-wide roles, a focal point for its own unit."""
    require(can_view_scoreboard(request.user))
    unit = _unit(unit_id)
    require(can_view_whatif(request.user, unit.pk))
    kind = _kind(kind)
    available = services.periods(kind, unit.block)
    start = _start(kind, start, available)
    out = {"unit": _unit_out(unit), "kind": kind, "start": start, "label": period_name(kind, start) if start else "",
           "periods": available, "as_of": None, "total": None, "gain": None, "indicators": []}
    if start is None:
        return out
    found = whatif.for_unit(unit, kind, start)
    out.update(as_of=found.card.as_of, total=found.card.total.points, gain=found.gain,
               indicators=_whatif_indicators(found, unit, f"?kind={kind}&start={start.isoformat()}"))
    return out


@router.get("/whatif", response=responses(ProvinceWhatIfOut, 400),
            summary=gettext_lazy("Điểm 766 có thể tăng của cả tỉnh"))
def province_whatif(request: HttpRequest, kind: str = "quarter", start: date | None = None,
                    province: int | None = None):
    """The province's "Điểm có thể tăng", as on its page: its own indicators, the most points first, and across
    the units directly under it the (unit, indicator) corrections that would add the most to its total.
    ``province``: a province's id among ``provinces`` (the caller's province, else the first, when left out).
    For the PAR officer, leaders, inspectors and the administrator."""
    require(can_view_province_whatif(request.user))
    kind = _kind(kind)
    available = services.periods(kind, Block.PROVINCE)
    start = _start(kind, start, available)
    offered, chosen = whatif.pick_province(kind, start, province, request.user)
    out = {"province": _unit_out(chosen) if chosen else None, "provinces": [_unit_out(p) for p in offered],
           "kind": kind, "start": start, "label": period_name(kind, start) if start else "", "periods": available,
           "as_of": None, "total": None, "gain": None, "indicators": [], "units": []}
    if chosen is None:
        return out
    found = whatif.for_province(chosen, kind, start)
    out.update(as_of=found.province.card.as_of, total=found.province.card.total.points, gain=found.province.gain,
               indicators=_whatif_indicators(found.province, chosen, f"?kind={kind}&start={start.isoformat()}"),
               units=[{"unit_id": s.unit.pk, "unit_name": s.unit.name, "code": s.lost.indicator.code, "items": s.items,
                       "gain": s.gain, "text": whatif.gain_text(s.lost.indicator.code, s.items, s.gain)}
                      for s in found.shares])
    return out
