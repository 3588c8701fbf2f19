"""A unit's PAR index results, stored (Assessment totals, Score.final_points): recomputed by ``refresh``
after every change of a score, ranked and banded by ``publish``, changed after publication only by
``correct`` (a new ResultRevision; the earlier ones stay). Pages, the API, the leaders' dashboard, the
inspections' risk score and the classification read stored figures through the readers at the end.

Sources: DOMAIN §2 (self → appraisal → survey; 100 points, published as a %), §11 Q4 (bands per version,
the national default; survey optional), §12.3 (applicability mask and rescaling; a decision publishes
results, ranking and bands); the rules themselves are cchc.core.parindex's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.accounts.permissions import require
from cchc.core import parindex as rules
from cchc.core.errors import InvalidInput, Issue
from cchc.core.ranking import rank_in_blocks

from . import permissions
from .choices import DEFAULT_BANDS, AssessmentStatus, Method, SeasonStatus
from .models import Area, Assessment, Component, Criterion, ResultRevision, Score, Season

TOTAL_FIELDS = ("self_total", "appraised_total", "survey_total", "final_total", "applicable_max", "index_value",
                "full_count", "component_count")


# ---------------------------------------------------------------------------------------------- computing


def _scores(assessment: Assessment) -> list[Score]:
    return list(Score.objects.filter(assessment=assessment).select_related("component__criterion__area")
                .order_by("component__criterion__area__order", "component__criterion__area__code",
                          "component__criterion__order", "component__criterion__code", "component__order",
                          "component__code"))


def applicable(assessment: Assessment, component: Component) -> bool:
    """cchc.core.parindex.is_applicable for one component of this assessment (its unit's mask)."""
    area = component.criterion.area
    return rules.is_applicable(area_applies_to=area.applies_to, component_applies_to=component.applies_to,
                               handles_procedures=assessment.handles_procedures, masked=assessment.masked or (),
                               area_code=area.code, criterion_code=component.criterion.code,
                               component_code=component.code)


def _computed(score: Score) -> Decimal | None:
    c = score.component
    return rules.computed_points(score.computed_value, c.rule or {}, c.max_points) if c.method == Method.COMPUTED \
        else None


def _item(assessment: Assessment, score: Score) -> rules.Item:
    c = score.component
    own = _computed(score) if c.method == Method.COMPUTED else score.self_points
    return rules.Item(code=c.code, area=c.criterion.area.code, criterion=c.criterion.code, max_points=c.max_points,
                      applicable=applicable(assessment, c), method=c.method, self=own,
                      appraised=score.decided_points if score.decided_points is not None else score.appraised_points,
                      survey=score.survey_points, final=score.final_points)


def _store(assessment: Assessment) -> rules.Totals:
    """Recompute every final point and the totals and store them (4 queries whatever the size)."""
    scores = _scores(assessment)
    changed = []
    for s in scores:
        final = rules.final_points(method=s.component.method, self_points=s.self_points,
                                   appraised_points=s.appraised_points, decided_points=s.decided_points,
                                   survey_points=s.survey_points, computed=_computed(s))
        if final != s.final_points:
            s.final_points = final
            changed.append(s)
    if changed:
        Score.objects.bulk_update(changed, ["final_points"])
    totals = rules.totals([_item(assessment, s) for s in scores],
                          survey_optional=assessment.season.version.survey_optional)
    for name in TOTAL_FIELDS:
        setattr(assessment, name, getattr(totals, name))
    assessment.save(update_fields=list(TOTAL_FIELDS))
    return totals


def _refuse_if_published(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.PUBLISHED:
        raise InvalidInput([Issue(_("Kết quả của {unit} đã công bố; chỉ có thể đính chính (kèm lý do).").format(
            unit=assessment.unit.name))])


def refresh(assessment: Assessment) -> None:
    """Recompute and store one assessment's final points and totals (every service that changes a score
    calls it at the end, inside its transaction). A published assessment is locked: refresh refuses it,
    so the change that called it is rolled back; only ``correct`` changes a published result."""
    _refuse_if_published(assessment)
    _store(assessment)


@transaction.atomic
def set_survey_points(assessment: Assessment, component: Component, points, *, by) -> Score:
    """The survey points (điều tra xã hội học) of one *survey* component of a unit, entered by the PAR
    officer before publication (DOMAIN §2: "a sociological survey is added")."""
    require(permissions.can_manage(by))
    _refuse_if_published(assessment)
    score = Score.objects.select_related("component").get(assessment=assessment, component=component)
    if component.method != Method.SURVEY:
        raise InvalidInput([Issue(_("Tiêu chí thành phần {code} không chấm bằng điều tra xã hội học.").format(
            code=component.code), field="component")])
    score.survey_points = _points(points, component, field="points")
    score.save(update_fields=["survey_points"])
    refresh(assessment)
    return score


def _points(value, component: Component, *, field: str) -> Decimal:
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (ArithmeticError, ValueError):
        points = None
    if points is None or not points.is_finite() or points < 0 or points > component.max_points:
        raise InvalidInput([Issue(_("Điểm của tiêu chí thành phần {code} phải từ 0 đến {max}.").format(
            code=component.code, max=component.max_points), field=field)])
    return rules.q(points)


# ---------------------------------------------------------------------------------------------- publishing


#: The default bands' labels (cchc.parindex.choices.DEFAULT_BANDS), marked so the catalogue has them; a
#: version's own labels are the province's words (data), shown as typed.
DEFAULT_BAND_LABELS = (gettext_noop("Nhóm A"), gettext_noop("Nhóm B"), gettext_noop("Nhóm C"))


def bands_of(season: Season) -> list[dict]:
    """The season's version's bands, else the national default (DOMAIN §11 Q4)."""
    return list(season.version.bands or DEFAULT_BANDS)


def band_label(season: Season, code: str) -> str:
    for b in bands_of(season):
        if b["code"] == code:
            return _(b.get("label") or code)
    return ""


def _snapshot(assessment: Assessment) -> dict:
    """The full published result as JSON (ResultRevision.result)."""
    return {
        **{name: None if getattr(assessment, name) is None else str(getattr(assessment, name))
           for name in TOTAL_FIELDS},
        "rank_in_block": assessment.rank_in_block, "rank_overall": assessment.rank_overall, "band": assessment.band,
        "scores": {code: None if final is None else str(final) for code, final in Score.objects.filter(
            assessment=assessment).values_list("component__code", "final_points")},
    }


def _rank(season: Season) -> list[Assessment]:
    """Rank the season's assessments in their block and, overall, with every published assessment of the
    same year (cchc.core.ranking.rank_in_blocks: ties share a rank, "1, 1, 3"); band each. Returns the
    assessments whose rank or band changed (saved)."""
    rows = list(Assessment.objects.filter(season__year=season.year).filter(
        season__status=SeasonStatus.PUBLISHED).exclude(season=season).select_related("unit", "season__version")) + \
        list(season.assessments.select_related("unit", "season__version"))
    changed = []
    for placed in rank_in_blocks(rows, score=lambda a: a.index_value, block=lambda a: a.season.version.block,
                                 name=lambda a: a.unit.name):
        a = placed.item
        band = rules.band_for(a.index_value, bands_of(a.season))
        new = (placed.block_rank, placed.overall_rank, band)
        if (a.rank_in_block, a.rank_overall, a.band) != new:
            a.rank_in_block, a.rank_overall, a.band = new
            a.save(update_fields=["rank_in_block", "rank_overall", "band"])
            changed.append(a)
    return changed


#: Why a revision was made without a typed reason: its ``result["event"]``, worded in the reader's language.
EVENTS = {
    "published": gettext_noop("Kết quả được công bố"),
    "rerank_published": gettext_noop("Xếp hạng chung thay đổi khi công bố khối khác"),
    "rerank_corrected": gettext_noop("Xếp hạng thay đổi do đính chính kết quả của {unit}"),
}


def _revise(assessment: Assessment, *, by, reason: str = "", event: str = "", about: str = "") -> ResultRevision:
    assessment.revision += 1
    assessment.save(update_fields=["revision"])
    result = {**_snapshot(assessment), **({"event": event, "about": about} if event else {})}
    return ResultRevision.objects.create(assessment=assessment, revision=assessment.revision, result=result,
                                         reason=reason, by=by)


def revision_reason(revision: ResultRevision) -> str:
    """A revision's reason: the one typed (a correction), else its event in the reader's language (with the
    publishing decision's number, or the corrected unit)."""
    if revision.reason:
        return revision.reason
    event = revision.result.get("event", "")
    if event not in EVENTS:
        return ""
    return _(EVENTS[event]).format(unit=revision.result.get("about", "")) + (
        f" ({revision.result['about']})" if event == "published" and revision.result.get("about") else "")


@transaction.atomic
def publish(season: Season, *, by, decision: str = "") -> Season:
    """Publish a season (DOMAIN §12.3: "a yearly decision publishes results, ranking and bands"): every
    assessment must be DECIDED (else InvalidInput naming each unit that is not); final points and totals
    are stored once more, ranks in the block and overall and the band stored, revision 1 kept with the full
    result, the season and its assessments PUBLISHED. After this only ``correct`` changes a score."""
    require(permissions.can_manage(by))
    season = Season.objects.select_for_update().select_related("version").get(pk=season.pk)
    if season.status == SeasonStatus.PUBLISHED:
        raise InvalidInput([Issue(_("Đợt đánh giá này đã công bố."))])
    assessments = list(season.assessments.select_related("unit", "season__version").order_by("unit__name"))
    if not assessments:
        raise InvalidInput([Issue(_("Đợt đánh giá chưa có đơn vị nào."))])
    waiting = [a for a in assessments if a.status != AssessmentStatus.DECIDED]
    if waiting:
        raise InvalidInput([Issue(_("{unit}: chưa chốt điểm (trạng thái: {status}).").format(
            unit=a.unit.name, status=a.get_status_display()), field="status") for a in waiting])
    for a in assessments:
        _store(a)
    now = timezone.now()
    season.status, season.published_at, season.published_by = SeasonStatus.PUBLISHED, now, by
    season.decision = decision.strip()[:64]
    season.save(update_fields=["status", "published_at", "published_by", "decision"])
    for a in assessments:  # saved one by one, so the audit trail records each (a queryset update would not)
        a.status = AssessmentStatus.PUBLISHED
        a.save(update_fields=["status"])
    changed = {a.pk for a in _rank(season)}
    for a in Assessment.objects.filter(season=season).select_related("unit", "season__version"):
        _revise(a, event="published", about=season.decision, by=by)
    # Units of the year's other published seasons whose overall rank moved keep a new revision too.
    for a in Assessment.objects.filter(pk__in=changed).exclude(season=season).select_related("season"):
        _revise(a, event="rerank_published", by=by)
    return season


@transaction.atomic
def correct(assessment: Assessment, component: Component, points, *, reason: str, by) -> ResultRevision:
    """Correct one component's points after publication (issue 13 item 2: "a correction after publication
    is a new version of the result with the audit trail showing both"): the reason is required; the points
    become the decided points (a survey component's: its survey points), the totals are stored again, the block (and the year overall) re-ranked,
    and a new ResultRevision n+1 is kept; the earlier revisions stay. Others whose rank changed get a new
    revision too, naming this correction."""
    require(permissions.can_manage(by))
    assessment = Assessment.objects.select_for_update().select_related("unit", "season__version").get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.PUBLISHED:
        raise InvalidInput([Issue(_("Chỉ đính chính được kết quả đã công bố."))])
    issues = []
    if not (reason or "").strip():
        issues.append(Issue(_("Phải ghi lý do đính chính."), field="reason"))
    score = Score.objects.filter(assessment=assessment, component=component).select_related("component").first()
    if score is None:
        issues.append(Issue(_("Tiêu chí thành phần không thuộc bản đánh giá này."), field="component"))
    if issues:
        raise InvalidInput(issues)
    value = _points(points, component, field="points")
    if component.method == Method.SURVEY and score.decided_points is None and score.appraised_points is None:
        score.survey_points = value  # a survey figure corrected stays a survey figure (the survey total shows it)
    else:
        score.decided_points = value
    score.decision_reason, score.decided_by = reason.strip(), by
    score.save(update_fields=["survey_points", "decided_points", "decision_reason", "decided_by"])
    _store(assessment)
    changed = {a.pk for a in _rank(assessment.season)}
    assessment.refresh_from_db()
    revision = _revise(assessment, reason=reason.strip(), by=by)
    for other in Assessment.objects.filter(pk__in=changed - {assessment.pk}):
        _revise(other, event="rerank_corrected", about=assessment.unit.name, by=by)
    return revision


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class Row:
    """One area, criterion or component of a unit's result."""

    code: str
    name: str
    max_points: Decimal
    applicable: bool = True
    self: Decimal | None = None
    appraised: Decimal | None = None
    survey: Decimal | None = None
    final: Decimal | None = None
    method: str = ""
    guidance: str = ""
    component_id: int | None = None
    children: list[Row] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        return rules.q(self.final * 100 / self.max_points) if self.final is not None and self.max_points else None

    @property
    def lost(self) -> Decimal:
        return rules.q(self.max_points - (self.final or 0)) if self.applicable else Decimal("0.00")


@dataclass
class Change:
    code: str
    name: str
    this_year: Decimal | None
    last_year: Decimal | None
    change: Decimal | None


@dataclass
class Suggestion:
    code: str
    name: str
    gain: Decimal
    index_gain: Decimal
    guidance: str


@dataclass
class UnitResult:
    """What a unit's result page, its API call and its document show: stored figures only."""

    assessment: Assessment
    season: Season
    published: bool
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
    revision: int
    areas: list[Row]
    what_if: list[Suggestion]
    last_year: int | None
    changes: list[Change]
    revisions: list[tuple[ResultRevision, str]]  # each with its reason in the reader's language

    @property
    def lost_by_area(self) -> list[tuple[str, str, Decimal]]:
        return [(a.code, a.name, a.lost) for a in self.areas if a.applicable]


def _group(rows: list[Row], code: str, name: str, max_points: Decimal) -> Row:
    counted = [r for r in rows if r.applicable]

    def total(attr: str) -> Decimal | None:
        values = [getattr(r, attr) for r in counted if getattr(r, attr) is not None]
        return rules.q(sum(values, Decimal(0))) if values else None

    return Row(code=code, name=name, max_points=rules.q(sum((r.max_points for r in counted), Decimal(0))) if counted
               else max_points, applicable=bool(counted), self=total("self"), appraised=total("appraised"),
               survey=total("survey"), final=total("final"), children=rows)


def _tree(assessment: Assessment, scores: list[Score], items: list[rules.Item], excluded: bool) -> list[Row]:
    areas: dict[int, tuple[Area, dict[int, tuple[Criterion, list[Row]]]]] = {}
    for s, it in zip(scores, items, strict=True):
        c = s.component
        crit, area = c.criterion, c.criterion.area
        row = Row(code=c.code, name=c.name, max_points=c.max_points, method=c.method, guidance=c.guidance,
                  applicable=it.applicable and not (excluded and c.method == Method.SURVEY),
                  self=it.self if c.method != Method.SURVEY else None,
                  appraised=(it.appraised if it.appraised is not None else it.self) if c.method != Method.SURVEY
                  else None, survey=s.survey_points if c.method == Method.SURVEY else None, final=s.final_points,
                  component_id=c.pk)
        areas.setdefault(area.pk, (area, {}))[1].setdefault(crit.pk, (crit, []))[1].append(row)
    return [_group([_group(rows, crit.code, crit.name, crit.max_points) for crit, rows in crits.values()],
                   area.code, area.name, area.max_points) for area, crits in areas.values()]


def _previous(assessment: Assessment) -> Assessment | None:
    return (Assessment.objects.filter(unit_id=assessment.unit_id, season__status=SeasonStatus.PUBLISHED,
                                      season__year__lt=assessment.season.year)
            .select_related("season").order_by("-season__year", "-season__published_at").first())


def _changes(assessment: Assessment, tree: list[Row]) -> tuple[int | None, list[Change]]:
    """Per criterion (and area), points this year against the unit's previous published year, where the
    codes match (cchc.core.parindex.gains)."""
    before = _previous(assessment)
    if before is None:
        return None, []
    last_crit: dict[str, Decimal] = defaultdict(Decimal)
    last_area: dict[str, Decimal] = defaultdict(Decimal)
    for area, crit, final in Score.objects.filter(assessment=before).values_list(
            "component__criterion__area__code", "component__criterion__code", "final_points"):
        last_crit[f"{area}/{crit}"] += final or 0
        last_area[area] += final or 0
    names = {}
    now: dict[str, Decimal | None] = {}
    for a in tree:
        if not a.applicable:
            continue
        names[a.code] = a.name
        now[a.code] = a.final
        for c in a.children:
            if c.applicable:
                names[f"{a.code}/{c.code}"] = c.name
                now[f"{a.code}/{c.code}"] = c.final
    last = {**last_area, **last_crit}
    out = [Change(g.code.split("/")[-1], names[g.code], g.this_year, g.last_year, g.change)
           for g in rules.gains(now, last)]
    return before.season.year, out


def unit_result(assessment: Assessment) -> UnitResult:
    """A unit's result as its page shows it: the stored totals, ranks, band and revision; per area,
    criterion and component the stored self, appraised, survey and final points (areas and criteria are
    their applicable components' sums); what-if from the stored final points; points gained and lost
    against the unit's previous published year."""
    assessment = Assessment.objects.select_related("unit", "season__version").get(pk=assessment.pk)
    season = assessment.season
    scores = _scores(assessment)
    items = [_item(assessment, s) for s in scores]
    survey_optional = season.version.survey_optional
    excluded = rules.totals(items, survey_optional=survey_optional).survey_excluded
    tree = _tree(assessment, scores, items, excluded)
    names = {s.component.code: s.component for s in scores}
    suggestions = [Suggestion(w.code, names[w.code].name, w.gain, w.index_gain, names[w.code].guidance)
                   for w in rules.what_if(items, 10, survey_optional=survey_optional)]
    last_year, changes = _changes(assessment, tree)
    return UnitResult(
        assessment=assessment, season=season, published=assessment.status == AssessmentStatus.PUBLISHED,
        **{name: getattr(assessment, name) for name in TOTAL_FIELDS},
        rank_in_block=assessment.rank_in_block, rank_overall=assessment.rank_overall,
        block_size=season.assessments.count(), band=assessment.band, band_label=band_label(season, assessment.band),
        revision=assessment.revision, areas=tree, what_if=suggestions, last_year=last_year, changes=changes,
        revisions=[(rev, revision_reason(rev)) for rev in assessment.revisions.select_related("by").order_by("revision")],
    )


@dataclass
class Ranked:
    assessment: Assessment
    index_value: Decimal | None
    final_total: Decimal | None
    applicable_max: Decimal | None
    rank_in_block: int | None
    rank_overall: int | None
    band: str
    band_label: str
    full_count: int | None
    component_count: int | None


@dataclass
class Lost:
    code: str
    name: str
    units: int  # units that did not reach the maximum
    points: Decimal  # points lost, all units together


@dataclass
class SeasonResults:
    season: Season
    published: bool
    rows: list[Ranked]
    distribution: list[tuple[str, str, int]]  # band code, label, units ("" = below every band)
    most_lost: list[Lost]


def province_results(season: Season) -> SeasonResults:
    """A season's results as the province page shows them: the ranking of the block (stored ranks; before
    publication by the stored index, unranked), the count per band, and the component criteria most often
    below their maximum (units, then points lost)."""
    rows = province_rows(season)
    assessments = [r.assessment for r in rows]
    counts: dict[str, int] = defaultdict(int)
    for a in assessments:
        counts[a.band] += 1
    distribution = [(b["code"], _(b.get("label") or b["code"]), counts.get(b["code"], 0)) for b in bands_of(season)]
    distribution.append(("", _("Dưới mức xếp loại thấp nhất"), counts.get("", 0)))
    by_code = {a.pk: a for a in assessments}
    lost: dict[int, list] = {}
    scores = Score.objects.filter(assessment__season=season).select_related("component__criterion__area")
    for s in scores:
        a = by_code[s.assessment_id]
        if not applicable(a, s.component):
            continue
        gap = s.component.max_points - (s.final_points or 0)
        if gap > 0:
            entry = lost.setdefault(s.component_id, [s.component, 0, Decimal(0)])
            entry[1] += 1
            entry[2] += gap
    most = sorted(lost.values(), key=lambda e: (-e[1], -e[2], e[0].code))[:10]
    return SeasonResults(season, season.status == SeasonStatus.PUBLISHED, rows, distribution,
                         [Lost(c.code, c.name, n, rules.q(p)) for c, n, p in most])


@dataclass(frozen=True)
class LastResult:
    index_value: Decimal | None
    band: str
    year: int


def last_results(unit_ids: Iterable[int], year: int) -> dict[int, LastResult]:
    """unit id → its latest published PAR index result of a season of ``year`` or before (one query)."""
    out: dict[int, LastResult] = {}
    for unit_id, value, band, y in (Assessment.objects.filter(
            unit_id__in=list(unit_ids), season__status=SeasonStatus.PUBLISHED, season__year__lte=year)
            .order_by("unit_id", "-season__year", "-season__published_at")
            .values_list("unit_id", "index_value", "band", "season__year")):
        out.setdefault(unit_id, LastResult(value, band, y))
    return out


def last_result(unit, year: int) -> tuple[Decimal | None, str, int] | None:
    """(index value %, band, year) of the unit's latest published result of ``year`` or before, or None."""
    found = last_results([getattr(unit, "pk", unit)], year).get(getattr(unit, "pk", unit))
    return None if found is None else (found.index_value, found.band, found.year)


def published_seasons():
    """Published seasons, newest first (the leaders' card)."""
    return Season.objects.filter(status=SeasonStatus.PUBLISHED).select_related("version").order_by(
        "-year", "version__block")


@dataclass
class BlockCard:
    """The latest published season of a block, its best and worst units (the leaders' dashboard card)."""

    season: Season
    block: str
    top: list[Ranked]
    bottom: list[Ranked]
    units: int


def latest_by_block(size: int = 3) -> list[BlockCard]:
    """For each block, its latest published season with the ``size`` best and the ``size`` worst units
    (stored ranks); empty when no season is published. Every published result is readable by every role
    that reads the dashboard (permissions.can_view_results)."""
    latest: dict[str, Season] = {}
    for season in published_seasons():
        latest.setdefault(season.version.block, season)
    cards = []
    for block, season in latest.items():
        rows = province_rows(season)
        top, bottom = (rows, []) if len(rows) <= 2 * size else (rows[:size], rows[-size:])
        cards.append(BlockCard(season, block, top, bottom, len(rows)))
    return cards


def province_rows(season: Season) -> list[Ranked]:
    """A season's units in ranking order (stored figures)."""
    return [Ranked(a, a.index_value, a.final_total, a.applicable_max, a.rank_in_block, a.rank_overall, a.band,
                   band_label(season, a.band), a.full_count, a.component_count)
            for a in season.assessments.select_related("unit").order_by("rank_in_block", "-index_value",
                                                                        "unit__name")]
