"""The PAR index's scoring rules (Chỉ số CCHC, F4), pure: points from a figure, a component's final points,
applicability to a unit, the band, the totals rescaled to 100, what-if and the gains against last year.

Every figure is a Decimal rounded to 2 places, half up (the index is published with two decimals).

Sources: DOMAIN §2 (self-assessment → appraisal → survey, 100 points, published as a %), §11 Q4 (bands
per version, survey optional: the appraised score rescaled to 100), §12.3 (per-unit applicability with the
total rescaled to 100; appraisal; a decision publishing results, ranks and bands), seed 002 (the province
counting "42/95 tiêu chí thành phần dự kiến sẽ đạt điểm tối đa": components at their maximum over the
components scored).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

EVIDENCE, COMPUTED, SURVEY = "evidence", "computed", "survey"
HANDLES_PROCEDURES = "handles_procedures"


def q(value: Decimal | int | str) -> Decimal:
    """Two places, half up (0.125 → 0.13)."""
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def computed_points(value: Decimal | None, rule: Mapping, max_points: Decimal) -> Decimal | None:
    """Points of a *computed* component from its figure (DOMAIN §11 Q4 "computed from the province's own
    figures"; issue 13 item 1: "thresholds → points or a linear scale"). ``rule["scale"]``:

    * ``"thresholds"``: ``[[lowest, points], …]`` highest first; the first whose lowest ≤ value gives its
      points (capped at ``max_points``); below every threshold → 0;
    * ``"linear"``: ``max × min(value, target) / target`` (value below 0 counts as 0).

    No figure (``None``) → None: the component has no points yet. An unknown scale → None too."""
    if value is None:
        return None
    value, top = Decimal(value), Decimal(max_points)
    scale = rule.get("scale")
    if scale == "thresholds":
        for lowest, points in rule.get("thresholds") or ():
            if Decimal(str(lowest)) <= value:
                return q(min(Decimal(str(points)), top))
        return ZERO
    if scale == "linear":
        target = Decimal(str(rule.get("target") or 0))
        if target <= 0:
            return None
        return q(top * max(min(value, target), Decimal(0)) / target)
    return None


def final_points(*, method: str, self_points: Decimal | None, appraised_points: Decimal | None,
                 decided_points: Decimal | None, survey_points: Decimal | None,
                 computed: Decimal | None) -> Decimal | None:
    """A component's final points (DOMAIN §2: self-assessment, then the appraisal "accepts or adjusts it",
    then the survey; §12.3: the appraiser decides after the unit's response): the decided points if set,
    else the appraised points if set, else what the method gives by itself: the self-score (*evidence*),
    the points computed from the figure (*computed*), the survey points (*survey*)."""
    if decided_points is not None:
        return q(decided_points)
    if appraised_points is not None:
        return q(appraised_points)
    own = {EVIDENCE: self_points, COMPUTED: computed, SURVEY: survey_points}.get(method)
    return None if own is None else q(own)


def is_applicable(*, area_applies_to: str, component_applies_to: str, handles_procedures: bool,
                  masked: Collection[str], area_code: str, criterion_code: str, component_code: str) -> bool:
    """Whether a component counts for a unit (DOMAIN §12.3: "units that handle no procedures are not scored
    on the procedure area and some IT criteria … a per-unit applicability mask"): not when its area or
    itself applies only to units handling procedures and this one handles none, nor when the area's,
    criterion's or component's code is in the unit's ``masked`` codes."""
    if not handles_procedures and HANDLES_PROCEDURES in (area_applies_to, component_applies_to):
        return False
    return not ({area_code, criterion_code, component_code} & set(masked))


def band_for(percent: Decimal | None, bands: Sequence[Mapping]) -> str:
    """The band (xếp loại) of an index value: the first of ``bands`` (highest first, each with ``code`` and
    ``min_pct``, inclusive) whose lowest percentage the value reaches; below all, or no value → "" (DOMAIN
    §11 Q4, §12.3: national A ≥ 90, B 80–< 90, C 70–< 80; the caller passes the version's bands or
    cchc.parindex.choices.DEFAULT_BANDS)."""
    if percent is None:
        return ""
    for band in bands:
        if Decimal(percent) >= Decimal(str(band["min_pct"])):
            return str(band["code"])
    return ""


@dataclass(frozen=True)
class Item:
    """One component of one unit's assessment, as the totals see it."""

    code: str
    area: str
    criterion: str
    max_points: Decimal
    applicable: bool = True
    method: str = EVIDENCE
    self: Decimal | None = None
    appraised: Decimal | None = None
    survey: Decimal | None = None
    final: Decimal | None = None


@dataclass(frozen=True)
class Part:
    """Obtained / maximum of one area or criterion (applicable components only)."""

    obtained: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class Totals:
    self_total: Decimal
    appraised_total: Decimal
    survey_total: Decimal
    final_total: Decimal
    applicable_max: Decimal
    index_value: Decimal | None
    full_count: int
    component_count: int
    areas: dict[str, Part] = field(default_factory=dict)
    criteria: dict[str, Part] = field(default_factory=dict)
    survey_excluded: bool = False


def _counted(items: Iterable[Item], survey_optional: bool) -> tuple[list[Item], bool]:
    applicable = [i for i in items if i.applicable]
    surveys = [i for i in applicable if i.method == SURVEY]
    excluded = survey_optional and bool(surveys) and all(i.final is None for i in surveys)
    return ([i for i in applicable if i.method != SURVEY] if excluded else applicable), excluded


def totals(items: Iterable[Item], *, survey_optional: bool = False) -> Totals:
    """A unit's totals over its applicable components (DOMAIN §12.3: the total rescaled to 100):

    * ``self_total``: self-points (evidence) or computed points (computed, kept in ``self``);
      ``appraised_total``: the appraised points where set, else the self-points (what the appraisal
      kept); ``survey_total``: survey points; ``final_total``: final points; a missing figure counts 0;
    * ``applicable_max``: the applicable components' maxima; ``index_value = final_total / applicable_max
      × 100`` (None when nothing applies);
    * ``full_count`` / ``component_count``: applicable components at their maximum / applicable components
      (seed 002: "42/95 tiêu chí thành phần … đạt điểm tối đa");
    * ``areas`` and ``criteria``: obtained (final) / maximum per code.

    ``survey_optional`` (DOMAIN §11 Q4, Hà Nội cấp phòng: "the survey is optional. Without a survey, the
    appraised score is rescaled to 100"): when the version says so and no survey component has points, the
    survey components are left out of the total and its maximum (``survey_excluded``), so the index is the
    rest rescaled to 100. Once any survey points are entered, every survey component counts."""
    counted, excluded = _counted(list(items), survey_optional)
    zero = Decimal(0)

    def total(values: Iterable[Decimal | None]) -> Decimal:
        return q(sum((v for v in values if v is not None), zero))

    applicable_max = total(i.max_points for i in counted)
    final_total = total(i.final for i in counted)
    areas: dict[str, list[Decimal]] = {}
    criteria: dict[str, list[Decimal]] = {}
    for i in counted:
        for key, bucket in ((i.area, areas), (i.criterion, criteria)):
            part = bucket.setdefault(key, [zero, zero])
            part[0] += i.final or zero
            part[1] += i.max_points
    return Totals(
        self_total=total(i.self for i in counted if i.method != SURVEY),
        appraised_total=total((i.appraised if i.appraised is not None else i.self) for i in counted
                              if i.method != SURVEY),
        survey_total=total(i.survey for i in counted if i.method == SURVEY),
        final_total=final_total,
        applicable_max=applicable_max,
        index_value=q(final_total * HUNDRED / applicable_max) if applicable_max > 0 else None,
        full_count=sum(1 for i in counted if i.final is not None and i.final >= i.max_points),
        component_count=len(counted),
        areas={k: Part(q(o), q(m)) for k, (o, m) in areas.items()},
        criteria={k: Part(q(o), q(m)) for k, (o, m) in criteria.items()},
        survey_excluded=excluded,
    )


@dataclass(frozen=True)
class WhatIf:
    """A component still below its maximum: points to gain and what they add to the index (in %)."""

    code: str
    gain: Decimal
    index_gain: Decimal


def what_if(items: Iterable[Item], limit: int = 10, *, survey_optional: bool = False) -> list[WhatIf]:
    """The applicable components that would add most if they reached their maximum (issue 13 item 3:
    "the criteria that would add most points"): ordered by points still to gain (max − final, a missing
    final counting 0), ties by code; ``index_gain`` = gain / applicable maximum × 100, the index points it
    adds after the rescaling of ``totals`` (DOMAIN §12.3). At most ``limit``."""
    counted, _excluded = _counted(list(items), survey_optional)
    top = sum((i.max_points for i in counted), Decimal(0))
    if top <= 0:
        return []
    out = [WhatIf(i.code, q(i.max_points - (i.final or 0)), q((i.max_points - (i.final or 0)) * HUNDRED / top))
           for i in counted if (i.final or 0) < i.max_points]
    out.sort(key=lambda w: (-w.gain, w.code))
    return out[:limit]


@dataclass(frozen=True)
class Gain:
    """Points this year against last year of one code (component, criterion or area): ``change`` =
    this − last (positive: gained; None when either year has no points)."""

    code: str
    this_year: Decimal | None
    last_year: Decimal | None
    change: Decimal | None


def gains(this_year: Mapping[str, Decimal | None], last_year: Mapping[str, Decimal | None]) -> list[Gain]:
    """Points gained and lost against last year per code (issue 13 item 3: "points gained and lost against
    last year per criterion"), for the codes of this year; comparable only where the two versions use the
    same codes (the caller passes final points per component, criterion or area code of each year). A code
    new this year has no change."""
    out = []
    for code, now in this_year.items():
        before = last_year.get(code)
        change = q(Decimal(now) - Decimal(before)) if now is not None and before is not None else None
        out.append(Gain(code, now, before, change))
    return out
