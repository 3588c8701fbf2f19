"""The PAR index documents' content: a unit's assessment and a season's stored results turned into the plain
data the builders take (cchc.documents.par_index), with the wording of data/wording.yaml ([K]
configuration). Documents are Vietnamese whatever the reader's language, as the inspection documents are.

The queries do not grow with the number of units: the structure, the scores with their evidence, and the
results of every unit are read in a fixed number of queries (select_related, prefetch_related, one
``values_list`` over the scores).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.collation import vi_sort_key
from cchc.core.errors import DomainError
from cchc.core.levels import UnitKind
from cchc.core.parindex import is_applicable
from cchc.documents import par_index as doc
from cchc.documents.vietnamese import format_date_short, format_number
from cchc.dossiers.apologies import agency_names
from cchc.units.choices import RANKED_BLOCKS, block_label

from . import results
from .choices import DEFAULT_BANDS, EvidenceState, Method, SeasonStatus
from .models import Area, Assessment, Component, Evidence, Score, Season

WORDING = Path(__file__).resolve().parent / "data" / "wording.yaml"


@cache
def wording() -> dict:
    """The wording of the two documents (data/wording.yaml)."""
    return yaml.safe_load(WORDING.read_text(encoding="utf-8"))


def _component_applies(assessment: Assessment, component: Component) -> bool:
    return results.applicable(assessment, component)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal("0.00")) if present else None


def _province_name(unit) -> str:
    """"tỉnh Gia Lai" for the unit "Tỉnh Gia Lai", as the text of a document writes it."""
    name = unit.name
    return name[0].lower() + name[1:] if name.startswith(("Tỉnh", "Thành phố")) else name


def version_text(version) -> str:
    """The index the unit scored itself on, as the report's opening names it."""
    w = wording()["version"]
    if version.decision:
        day = format_date_short(version.decision_date) if version.decision_date else "…"
        return w["with_decision"].format(decision=version.decision, date=day, issuer=version.issuer,
                                         name=version.name)
    return w["plain"].format(name=version.name)


def _agency(unit) -> doc.Agency:
    w = wording()["self_assessment"]
    parent, issuer, abbreviation, place = agency_names(unit)
    abbreviation = abbreviation.strip()
    if any(ch.isspace() for ch in abbreviation):  # a short name, not a symbol (NĐ 30: no spaces)
        abbreviation = ""
    signer = w["signer_department"] if unit.kind == UnitKind.DEPARTMENT else w["signer_commune"]
    return doc.Agency(parent=parent, issuer=issuer, abbreviation=abbreviation, place=place,
                      signer_authority=tuple(signer))


def without_full_evidence(score: Score | None, component: Component) -> bool:
    """An item the report must explain (DOMAIN §12.3): its evidence is partial or missing, or, for a
    self-scored criterion, not stated as full."""
    state = score.evidence_state if score is not None else ""
    if state in (EvidenceState.PARTIAL, EvidenceState.NONE):
        return True
    return component.method == Method.EVIDENCE and state != EvidenceState.FULL


def _computed_text(score: Score | None) -> str:
    w = wording()["self_assessment"]
    if score is None or score.computed_value is None:
        return w["computed_missing"]
    return w["computed"].format(value=format_number(score.computed_value, 2),
                                date=format_date_short(score.computed_as_of) if score.computed_as_of else "…",
                                source=score.computed_source or "…")


def _component_row(assessment: Assessment, component: Component, score: Score | None) -> doc.ComponentRow:
    w = wording()["self_assessment"]
    state = score.evidence_state if score is not None else ""
    return doc.ComponentRow(
        code=component.code, name=component.name, max_points=component.max_points, method=component.method,
        method_label=str(Method(component.method).label),
        self_points=score.self_points if score is not None else None,
        applicable=_component_applies(assessment, component),
        evidence_state=str(EvidenceState(state).label) if state else w["no_state"],
        full_evidence=not without_full_evidence(score, component),
        evidence=tuple(doc.EvidenceDoc(e.document_number, e.locator) for e in score.evidence.all()) if score else (),
        explanation=score.explanation if score is not None else "",
        computed=_computed_text(score) if component.method == Method.COMPUTED else "",
    )


def self_assessment_content(assessment: Assessment) -> doc.SelfAssessmentContent:
    """The unit's self-assessment report: every component criterion of the version (area → criterion →
    component) with its self-score and evidence, the subtotals of what applies, the stored totals."""
    assessment = (Assessment.objects.select_related("season__version", "unit__parent", "unit__province")
                  .get(pk=assessment.pk))
    season, version, unit = assessment.season, assessment.season.version, assessment.unit
    components = list(Component.objects.filter(criterion__area__version=version).select_related("criterion__area")
                      .order_by("criterion__area__order", "criterion__area__code", "criterion__order",
                                "criterion__code", "order", "code"))
    scores = {s.component_id: s for s in assessment.scores.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")))}
    with translation.override("vi"):
        rows = [(c, _component_row(assessment, c, scores.get(c.pk))) for c in components]
        w = wording()
    areas: list[doc.AreaRows] = []
    for area, in_area in _grouped(rows, lambda c: c.criterion.area):
        criteria = []
        for criterion, in_criterion in _grouped(in_area, lambda c: c.criterion):
            component_rows = [r for _c, r in in_criterion]
            criteria.append(doc.CriterionRows(criterion.code, criterion.name, criterion.max_points,
                                              _sum(r.self_points for r in component_rows if r.applicable),
                                              tuple(component_rows)))
        areas.append(doc.AreaRows(area.code, area.name, area.max_points, _sum(c.self_points for c in criteria),
                                  tuple(criteria)))
    applicable = [r for _c, r in rows if r.applicable]
    masked = _masked_names(areas)
    reason = assessment.mask_reason.strip() or (
        "" if assessment.handles_procedures else w["self_assessment"]["no_procedures"])
    issued_on = timezone.localtime(assessment.submitted_at).date() if assessment.submitted_at else None
    agency = _agency(unit)
    return doc.SelfAssessmentContent(
        year=season.year, unit=agency.issuer, version=version_text(version), agency=agency,
        issued_on=issued_on, areas=tuple(areas),
        # The stored totals (cchc.parindex.results.refresh); the sums of the table until they are stored.
        self_total=assessment.self_total if assessment.self_total is not None else _sum(a.self_points for a in areas),
        applicable_max=(assessment.applicable_max if assessment.applicable_max is not None
                        else sum((r.max_points for r in applicable), Decimal("0.00"))),
        wording=w, difficulties=assessment.difficulties, recommendations=assessment.recommendations,
        masked=tuple(masked), mask_reason=reason, notes=(w["illustrative_note"],) if version.illustrative else ())


def _grouped(rows, key):
    """Consecutive rows grouped by ``key`` of their component (the rows are in the structure's order)."""
    groups: list[tuple[object, list]] = []
    for component, row in rows:
        k = key(component)
        if not groups or groups[-1][0].pk != k.pk:
            groups.append((k, []))
        groups[-1][1].append((component, row))
    return groups


def _masked_names(areas: Iterable[doc.AreaRows]) -> list[str]:
    """What does not apply to the unit: a whole area by its name, otherwise each component by its code."""
    names = []
    for area in areas:
        components = [c for cr in area.criteria for c in cr.components]
        if components and not any(c.applicable for c in components):
            names.append(f"{area.code}. {area.name}")
        else:
            names.extend(c.code for c in components if not c.applicable)
    return names


# --- the result annex ---------------------------------------------------------------------------


def refused_unpublished(season: Season) -> DomainError:
    return DomainError(_("Kết quả Chỉ số CCHC năm {year} ({version}) chưa được công bố: phụ lục kết quả của quyết "
                         "định công bố chỉ lập được sau khi công bố.").format(year=season.year,
                                                                              version=season.version.name))


def annex_seasons(season: Season) -> list[Season]:
    """The seasons one annex covers: those the same decision published (one per block), else ``season``."""
    if season.status == SeasonStatus.PUBLISHED and season.decision.strip():
        seasons = list(Season.objects.filter(year=season.year, status=SeasonStatus.PUBLISHED,
                                             decision=season.decision).select_related("version"))
    else:
        seasons = [season]
    order = {block: i for i, block in enumerate(RANKED_BLOCKS)}
    return sorted(seasons, key=lambda s: (order.get(s.version.block, len(order)), s.version.block, s.pk))


def band_label(code: str, bands) -> str:
    """The band's label ("Nhóm A") from the version's bands, or the national default (DOMAIN §12.3)."""
    labels = {b["code"]: b.get("label", b["code"]) for b in (bands or DEFAULT_BANDS)}
    return labels.get(code, code) if code else ""


def result_content(season: Season, *, draft: bool = False) -> doc.ResultContent:
    """The annex to the decision publishing ``season``'s results: per block, every unit with its stored
    total, index, ranks and band, and (for the XLSX) its final points per area. Refused before publication
    unless ``draft`` (the PAR officer's draft, marked "DỰ THẢO")."""
    published = season.status == SeasonStatus.PUBLISHED
    if not published and not draft:
        raise refused_unpublished(season)
    seasons = annex_seasons(season)
    assessments = list(Assessment.objects.filter(season__in=seasons).select_related("unit__province"))
    areas = list(Area.objects.filter(version__in=[s.version_id for s in seasons]).order_by("version", "order", "code"))
    by_assessment = {a.pk: a for a in assessments}
    area_points: dict[tuple[int, int], list[Decimal | None]] = defaultdict(list)
    for (assessment_id, area_id, area_code, area_applies, criterion_code, code, applies,
         points) in Score.objects.filter(assessment__season__in=seasons).values_list(
            "assessment_id", "component__criterion__area_id", "component__criterion__area__code",
            "component__criterion__area__applies_to", "component__criterion__code", "component__code",
            "component__applies_to", "final_points"):
        a = by_assessment[assessment_id]
        if is_applicable(area_applies_to=area_applies, component_applies_to=applies,
                         handles_procedures=a.handles_procedures, masked=a.masked or (), area_code=area_code,
                         criterion_code=criterion_code, component_code=code):
            area_points[(assessment_id, area_id)].append(points)
    blocks = []
    with translation.override("vi"):
        for s in seasons:
            version_areas = [a for a in areas if a.version_id == s.version_id]
            units = sorted((a for a in assessments if a.season_id == s.pk),
                           key=lambda a: (a.rank_in_block is None, a.rank_in_block or 0, vi_sort_key(a.unit.name)))
            rows = tuple(doc.ResultRow(
                unit=a.unit.name, total=a.final_total, applicable_max=a.applicable_max, index_value=a.index_value,
                rank_in_block=a.rank_in_block, rank_overall=a.rank_overall, band=band_label(a.band, s.version.bands),
                areas=tuple(_sum(area_points.get((a.pk, area.pk), ())) for area in version_areas)) for a in units)
            blocks.append(doc.BlockResult(block=block_label(s.version.block), version=version_text(s.version),
                                          areas=tuple((a.code, a.name, a.max_points) for a in version_areas),
                                          rows=rows))
    province = next((a.unit.province for a in assessments if a.unit.province_id), None)
    w = wording()
    return doc.ResultContent(
        year=season.year, province=_province_name(province) if province else season.version.issuer,
        blocks=tuple(blocks), wording=w, decision=season.decision if published else "",
        decided_on=timezone.localtime(season.published_at).date() if published and season.published_at else None,
        draft=not published,
        notes=(w["illustrative_note"],) if any(s.version.illustrative for s in seasons) else ())
