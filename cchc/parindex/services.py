"""Use cases of the PAR index season (issue 13 item 2, first half): open a year's season for an index
version, the focal point's self-assessment (a score, the state of its evidence and an explanation per
component criterion; evidence files with the document number and the page or section that proves it),
submission, and the PAR officer's applicability of a unit (procedures handled, criteria masked).

Every write runs in one transaction, is audited (django-auditlog, cchc.parindex.apps) and ends with
``cchc.parindex.results.refresh(assessment)``, so the stored totals pages read are always current. An
assessment's status changes only here (and in cchc.parindex.appraisal, cchc.parindex.results).

Sources: DOMAIN §12.3 (self-scoring with mandatory evidence, "a document issued by a competent authority,
pointing to the page/section", or a written explanation where evidence is missing; units that handle no
procedures are not scored on the procedure area), BNV Công văn 383/384 (the self-assessment report).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require, unit_id_of
from cchc.analytics import services as analytics
from cchc.core.errors import DomainError, InvalidInput, Issue
from cchc.core.levels import Block, UnitKind
from cchc.core.parsing import parse_decimal
from cchc.platform import evidence as evidence_files
from cchc.units.models import Unit

from . import computed, permissions, results
from .choices import AssessmentStatus, EvidenceState, Method, SeasonStatus, VersionStatus
from .models import Area, Assessment, Component, Criterion, Evidence, IndexVersion, Score, Season

CENT = Decimal("0.01")
#: The response window a season may give (days) [I: provinces give a few working days; a month is ample].
RESPONSE_DAYS_MAX = 60
#: Evidence states that need a written explanation (DOMAIN §12.3: missing or partial evidence).
EXPLAIN = (EvidenceState.PARTIAL, EvidenceState.NONE)


# --- Applicability --------------------------------------------------------------------------------

def applicable(assessment: Assessment, component: Component) -> bool:
    """Whether ``component`` counts for the unit of ``assessment`` (cchc.parindex.results.applicable: the
    one rule, cchc.core.parindex.is_applicable)."""
    return results.applicable(assessment, component)


def handles_procedures(units: Collection[Unit], year: int) -> dict[int, bool]:
    """Whether each unit handles administrative procedures, for the applicability set at opening.

    The signal is the year's stored figures (cchc.analytics.services.values_for, period "year"): a unit
    that neither received (``received``, counted at the receiving counter) nor handled (``handled``, counted
    at the competent unit) a dossier in the year so far does not handle procedures. Procedures are not
    assigned to units in CCHC, so nothing else says it. When no dossier figure of the year is stored at all
    (cchc.analytics.services.years_with_figures: the one-stop data is not loaded yet) there is no honest
    signal, and every unit is taken to handle procedures (the PAR officer corrects it with a reason,
    :func:`set_applicability`)."""
    if year not in analytics.years_with_figures():
        return {u.pk: True for u in units}
    busy = {f.unit_id for f in analytics.values_for(
        codes=["received", "handled"], period_kind="year", period_start=date(year, 1, 1),
        units=[u.pk for u in units]) if (f.numerator or 0) > 0}
    return {u.pk: u.pk in busy for u in units}


# --- Opening a season -------------------------------------------------------------------------------

def season_units(version: IndexVersion, on: date, province_id: int | None = None) -> list[Unit]:
    """The units the season assesses: those of the version's block in force on ``on`` (the opening day)
    in the province of the officer who opens it (``province_id``; None: every province), as the
    classification and the inspections pick a block's units (Unit.objects.valid_on); the province itself
    only for the province block (the ministry's index)."""
    units = Unit.objects.valid_on(on).filter(block=version.block)
    if province_id is not None:
        units = units.filter(Q(province_id=province_id) | Q(pk=province_id))
    if version.block != Block.PROVINCE:
        units = units.exclude(kind=UnitKind.PROVINCE)
    return list(units.order_by("name", "pk"))


def _components(version: IndexVersion) -> list[Component]:
    return list(Component.objects.filter(criterion__area__version=version)
                .select_related("criterion", "criterion__area")
                .order_by("criterion__area__order", "criterion__area__code", "criterion__order", "criterion__code",
                          "order", "code"))


@dataclass(frozen=True)
class Opening:
    """What opening a season writes, once checked (:func:`check_opening`)."""

    units: list[Unit]
    components: list[Component]


def check_opening(version: IndexVersion, *, opens_on: date, self_due: date, appraisal_due: date, response_days: int,
                  publish_on: date | None = None, by) -> Opening:
    """Refuse (InvalidInput, every problem named) an opening :func:`open_season` would not do; the units
    and component criteria it would write. The page checks this in the request, before queuing the work
    (cchc.parindex.opening); the worker checks it again when it opens."""
    require(permissions.can_manage(by))
    issues = []
    if version.status == VersionStatus.DRAFT:
        issues.append(Issue(_("Bộ chỉ số còn là dự thảo, chưa thể mở đánh giá."), field="version"))
    if Season.objects.filter(version=version).exists():
        issues.append(Issue(_("Bộ chỉ số này đã có đợt đánh giá."), field="version"))
    if not (opens_on <= self_due <= appraisal_due):
        issues.append(Issue(_("Ngày mở, hạn tự đánh giá và hạn thẩm định phải theo thứ tự thời gian."),
                            field="self_due"))
    if publish_on is not None and publish_on < appraisal_due:
        issues.append(Issue(_("Ngày dự kiến công bố phải sau hạn thẩm định."), field="publish_on"))
    if not 1 <= response_days <= RESPONSE_DAYS_MAX:
        issues.append(Issue(_("Số ngày phản hồi phải từ 1 đến {n}.").format(n=RESPONSE_DAYS_MAX),
                            field="response_days"))
    components = _components(version)
    if not components:
        issues.append(Issue(_("Bộ chỉ số chưa có tiêu chí thành phần nào."), field="version"))
    opener_unit = getattr(getattr(by, "profile", None), "unit", None)
    units = season_units(version, opens_on, opener_unit.province_id if opener_unit is not None else None)
    if not units:
        issues.append(Issue(_("Không có đơn vị nào thuộc khối của bộ chỉ số vào ngày mở."), field="opens_on"))
    if issues:
        raise InvalidInput(issues=issues)
    return Opening(units, components)


def open_season(version: IndexVersion, *, opens_on: date, self_due: date, appraisal_due: date, response_days: int,
                publish_on: date | None = None, by, progress: Callable[[int, int], None] | None = None) -> Season:
    """Open the year's assessment under ``version``: the season with its dates, one assessment per unit of
    the version's block in force on ``opens_on`` (:func:`season_units`, applicability from
    :func:`handles_procedures`), one score per component criterion, computed criteria prefilled
    (cchc.parindex.computed.prefill) and the stored totals written (results.refresh). One transaction: all
    of it or nothing. ``progress(done, total)`` is told after each unit. The page runs this in the worker
    (cchc.parindex.opening); the demo and the tests call it directly."""
    dates = {"opens_on": opens_on, "self_due": self_due, "appraisal_due": appraisal_due,
             "response_days": response_days, "publish_on": publish_on}
    opening = check_opening(version, **dates, by=by)
    units, components = opening.units, opening.components
    handles = handles_procedures(units, version.year)
    if progress is not None:
        progress(0, len(units))
    with transaction.atomic():
        season = Season.objects.create(version=version, year=version.year, **dates, opened_by=by)
        for done, unit in enumerate(units, start=1):
            assessment = Assessment.objects.create(season=season, unit=unit, handles_procedures=handles[unit.pk])
            Score.objects.bulk_create([Score(assessment=assessment, component=c) for c in components])
            computed.prefill(assessment)
            results.refresh(assessment)
            if progress is not None:
                progress(done, len(units))
    return season


# --- The self-assessment ----------------------------------------------------------------------------

def _require_edit(by, assessment: Assessment) -> None:
    require(permissions.can_edit_self(by, assessment))


def _points(raw, component: Component, issues: list[Issue]) -> Decimal | None:
    try:
        points = parse_decimal(raw)
    except (ValueError, TypeError):
        issues.append(Issue(_("Điểm tự chấm không phải là số: {value}.").format(value=raw), field="points"))
        return None
    if not points.is_finite() or points < 0 or points > component.max_points:
        issues.append(Issue(_("Điểm tự chấm phải từ 0 đến {max}.").format(max=component.max_points), field="points"))
        return None
    if points != points.quantize(CENT, rounding=ROUND_HALF_UP):
        issues.append(Issue(_("Điểm tự chấm có nhiều nhất 2 chữ số thập phân."), field="points"))
        return None
    return points.quantize(CENT)


def _score_of(assessment: Assessment, component: Component) -> Score:
    score = (Score.objects.select_for_update().filter(assessment=assessment, component=component).first())
    if score is None:
        raise DomainError(_("Tiêu chí thành phần {code} không thuộc bộ chỉ số của bản đánh giá này.").format(
            code=component.code))
    return score


def save_self_score(assessment: Assessment, component: Component, *, points, evidence_state: str, explanation: str,
                    by) -> Score:
    """The focal point's self-score of one component criterion scored on evidence: points between 0 and
    the component's maximum (two decimals), the state of the evidence, and an explanation, required when
    the evidence is partial or missing (DOMAIN §12.3). Only while the assessment is a draft in the
    self-assessment stage (permissions.can_edit_self)."""
    _require_edit(by, assessment)
    if component.method != Method.EVIDENCE:
        raise DomainError(_("Tiêu chí thành phần {code} không tự chấm: {method}.").format(
            code=component.code, method=component.get_method_display()))
    if not applicable(assessment, component):
        raise DomainError(_("Tiêu chí thành phần {code} không áp dụng cho đơn vị.").format(code=component.code))
    issues: list[Issue] = []
    value = _points(points, component, issues)
    if evidence_state not in EvidenceState.values:
        issues.append(Issue(_("Hãy chọn tình trạng minh chứng."), field="evidence_state"))
    explanation = (explanation or "").strip()
    if evidence_state in EXPLAIN and not explanation:
        issues.append(Issue(_("Minh chứng chưa đầy đủ hoặc không có: hãy viết giải trình."), field="explanation"))
    if len(explanation) > 8000:
        issues.append(Issue(_("Giải trình dài quá 8000 ký tự."), field="explanation"))
    if issues:
        raise InvalidInput(issues=issues)
    with transaction.atomic():
        score = _score_of(assessment, component)
        score.self_points, score.evidence_state, score.explanation = value, evidence_state, explanation
        score.save(update_fields=["self_points", "evidence_state", "explanation"])
        results.refresh(assessment)
    return score


def add_evidence(score: Score, *, file: UploadedFile | None, document_number: str, locator: str, by) -> Evidence:
    """Attach a file proving a self-score, with the number of the document and the page or section that
    proves it (DOMAIN §12.3). Files are checked and kept as every evidence file is (cchc.platform.evidence:
    office documents, PDF, images, ZIP; at most settings.EVIDENCE_MAX_BYTES)."""
    assessment = score.assessment
    _require_edit(by, assessment)
    if score.component.method != Method.EVIDENCE:
        raise DomainError(_("Tiêu chí thành phần {code} không cần minh chứng của đơn vị.").format(
            code=score.component.code))
    issues: list[Issue] = []
    if not file:
        issues.append(Issue(_("Hãy chọn tệp minh chứng."), field="file"))
    evidence_files.check_file(file, "file", issues)
    document_number, locator = (document_number or "").strip(), (locator or "").strip()
    if not document_number:
        issues.append(Issue(_("Hãy ghi số, ký hiệu văn bản."), field="document_number"))
    elif len(document_number) > Evidence._meta.get_field("document_number").max_length:
        issues.append(Issue(_("Số, ký hiệu văn bản dài quá."), field="document_number"))
    if not locator:
        issues.append(Issue(_("Hãy ghi trang, mục chứng minh."), field="locator"))
    elif len(locator) > Evidence._meta.get_field("locator").max_length:
        issues.append(Issue(_("Trang, mục chứng minh dài quá."), field="locator"))
    if issues:
        raise InvalidInput(issues=issues)
    with transaction.atomic():
        evidence = Evidence(score=score, document_number=document_number, locator=locator, uploaded_by=by)
        evidence_files.store(evidence.file, file)
        evidence.save()
        results.refresh(assessment)
    return evidence


@dataclass(frozen=True)
class Missing:
    """What a submission still lacks, per component criterion (the page lists them)."""

    component: Component
    score: bool  # no self-score
    explanation: bool  # partial or no evidence without an explanation


def missing(assessment: Assessment) -> list[Missing]:
    """Every applicable component criterion scored on evidence that has no self-score, or whose evidence is
    partial or missing without an explanation, in the index's order."""
    out = []
    for s in (assessment.scores.select_related("component", "component__criterion", "component__criterion__area")
              .filter(component__method=Method.EVIDENCE)):
        if not applicable(assessment, s.component):
            continue
        no_score = s.self_points is None or not s.evidence_state
        no_text = s.evidence_state in EXPLAIN and not s.explanation.strip()
        if no_score or no_text:
            out.append(Missing(s.component, no_score, no_text))
    return out


def submit(assessment: Assessment, *, by) -> Assessment:
    """Send the self-assessment to the appraisal team. Refused, with every problem named, while an
    applicable component criterion scored on evidence has no self-score or lacks the explanation its
    evidence state needs (:func:`missing`)."""
    _require_edit(by, assessment)
    issues = []
    for m in missing(assessment):
        if m.score:
            issues.append(Issue(_("{code}. {name}: chưa tự chấm điểm.").format(code=m.component.code,
                                                                             name=m.component.name),
                                field=m.component.code))
        if m.explanation:
            issues.append(Issue(_("{code}. {name}: minh chứng chưa đầy đủ hoặc không có, chưa có giải trình.").format(
                code=m.component.code, name=m.component.name), field=m.component.code))
    if issues:
        raise InvalidInput(issues=issues)
    with transaction.atomic():
        # The unit submits, and the appraisers appraise, the figures of the day it submits.
        computed.prefill(assessment)
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at, assessment.submitted_by = timezone.now(), by
        assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
        results.refresh(assessment)
    return assessment


def refresh_computed_drafts() -> int:
    """The scheduled job (settings.CCHC_SCHEDULE "parindex.computed_figures"): :func:`refresh_computed_drafts_on`
    today."""
    return refresh_computed_drafts_on(timezone.localdate())


def refresh_computed_drafts_on(today: date) -> int:
    """Read the computed criteria of every draft again (cchc.parindex.computed.prefill), with the stored
    totals, for the seasons in their self-assessment stage, so a focal point sees today's figures, not those
    of the opening day; a submitted assessment keeps the figures it was submitted with (:func:`submit`).
    Scheduled every night after the KPI refresh (settings.CCHC_SCHEDULE "parindex.computed_figures").
    Returns how many assessments were read again."""
    drafts = (Assessment.objects.filter(status=AssessmentStatus.DRAFT, season__status=SeasonStatus.SELF)
              .select_related("season", "unit").order_by("pk"))
    done = 0
    for assessment in drafts:
        with transaction.atomic():
            computed.prefill(assessment, today)
            results.refresh(assessment)
        done += 1
    return done


def set_report_text(assessment: Assessment, *, difficulties: str, recommendations: str, by) -> Assessment:
    """The report's difficulties and recommendations (BNV Công văn 383/384), written with the self-scores."""
    _require_edit(by, assessment)
    assessment.difficulties = (difficulties or "").strip()[:8000]
    assessment.recommendations = (recommendations or "").strip()[:8000]
    assessment.save(update_fields=["difficulties", "recommendations"])
    return assessment


# --- The PAR officer's applicability ----------------------------------------------------------------

def version_codes(version: IndexVersion) -> set[str]:
    """Every code a mask may name: the version's areas, criteria and component criteria."""
    return (set(Area.objects.filter(version=version).values_list("code", flat=True))
            | set(Criterion.objects.filter(area__version=version).values_list("code", flat=True))
            | set(Component.objects.filter(criterion__area__version=version).values_list("code", flat=True)))


def set_applicability(assessment: Assessment, *, handles_procedures: bool, masked: Collection[str], reason: str,
                      by) -> Assessment:
    """The PAR officer decides what applies to a unit beyond the index's own ``applies_to``: whether it
    handles procedures and which areas, criteria or components are masked for it, with a reason (DOMAIN
    §12.3: not scored on what it does not do; the total rescaled to 100). Not after publication (a
    correction is then results.correct)."""
    require(permissions.can_manage(by))
    issues = []
    reason = (reason or "").strip()
    if not reason:
        issues.append(Issue(_("Hãy ghi lý do."), field="reason"))
    codes = [c.strip() for c in masked if c and c.strip()]
    unknown = sorted(set(codes) - version_codes(assessment.season.version))
    if unknown:
        issues.append(Issue(_("Mã không có trong bộ chỉ số: {codes}.").format(codes=", ".join(unknown)),
                            field="masked"))
    if assessment.season.status == SeasonStatus.PUBLISHED:
        issues.append(Issue(_("Kết quả đã công bố: không sửa phạm vi áp dụng."), field="masked"))
    if issues:
        raise InvalidInput(issues=issues)
    with transaction.atomic():
        assessment.handles_procedures = bool(handles_procedures)
        assessment.masked = sorted(set(codes))
        assessment.mask_reason = reason
        assessment.save(update_fields=["handles_procedures", "masked", "mask_reason"])
        results.refresh(assessment)
    return assessment


# --- Reading ----------------------------------------------------------------------------------------

def status_counts(season: Season) -> dict[str, int]:
    """How many of the season's assessments are in each status (every status listed, 0 included)."""
    counts = dict.fromkeys(AssessmentStatus.values, 0)
    for status in season.assessments.values_list("status", flat=True):
        counts[status] += 1
    return counts


def not_submitted(season: Season):
    """The season's assessments still drafts (the units that have not submitted), by unit name."""
    return season.assessments.filter(status=AssessmentStatus.DRAFT).select_related("unit").order_by("unit__name")


def own_assessments(user):
    """A focal point's unit's assessments, newest season first."""
    unit_id = unit_id_of(user)
    if unit_id is None:
        return Assessment.objects.none()
    return Assessment.objects.filter(unit_id=unit_id).select_related("season", "season__version", "unit") \
        .order_by("-season__year", "season__version__block")
