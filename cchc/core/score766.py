"""The Decision 766 service index (Bộ chỉ số 766): indicator registry and scoring.

Sources:
- QĐ 766/QĐ-TTg (23/6/2022, DOMAIN S2): five criteria groups, 100 points. The DVCQG portal shows six
  groups, online payment split out of online services (DOMAIN S1): 18/20/12/10/22/18.
- DOMAIN S1: the DVCQG document "Mô tả công thức tính chỉ số 766" and the METRICS sheet (points per
  indicator, targets, what happens when the denominator is 0), and the formulas fitted to portal scores
  (group 1 and group 2 are ``max × rate / 100``; group 4 is ``6·A + min(2, 2·B/0.8) + min(2, 2·C/0.8)``
  [I]).
- DOMAIN S3: the Thanh Hóa code recomputing 766 per unit (``SoLieuThongKeDonViTheoKyRequestHandler.cs``).
- DOMAIN §11 Q3: QĐ 766 publishes no rating bands, so bands are optional and empty by default.

Conventions (DOMAIN §1.1): rate = numerator / denominator × 100, rounded to 2 decimals; points are
computed from the rounded rate, kept between 0 and the indicator's maximum, and rounded to 2 decimals
(half up). Missing inputs give "no data" (``points is None``), never 0, and an indicator with no data is
left out of the points available, so a unit is not punished for what CCHC cannot see.

Codes are ``<group>.<n>`` in the portal's six groups. Group 1 and 2 codes are DOMAIN's; where S1 labels
an indicator differently (group 5 is "4.x" there, from the decision's five-group numbering) the label
is kept in ``Indicator.ref``. Indicators shown without points (2.2 average processing time, the
descriptive rates 3.1–3.3, the PAKN classification) are not in the registry. The targets, shapes and
empty-denominator rules are data: build another registry (``dataclasses.replace``) for another version,
e.g. S3's older 2 + 4 + 6 split of group 3.

Versions (``VERSIONS``, ``version_for(day)``, ``indicators_for(day)``): the registry above as read from
DOMAIN S1 is version ``S1-2022`` (from QĐ 766's signature, 23/6/2022); the rules the national portal
applies, as observed by scoring the numerators and denominators it published for Gia Lai (year 2026,
snapshot of 10/10/2026, ``cchc/portal766/snapshots``), are version ``DVCQG-2026`` from 1/1/2026, the
start of the earliest period those figures cover (DOMAIN §12: no change of formula found up to 10/2026
except 3.2, so the date bounds the evidence, not a known change). ``INDICATORS`` and
``INDICATORS_BY_CODE`` are the version in force today; a period is scored with the version in force on
its first day. docs/portal766.md ("Chấm điểm như Cổng") gives each rule with its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .i18n import N_

D = Decimal
HUNDRED = D(100)
CENT = D("0.01")

# Scoring shapes. Both are capped at the maximum and floored at 0.
LINEAR = "linear"  # max × rate / 100 (group 1 and 2 as fitted in S1)
CAPPED_TARGET = "capped_target"  # min(max, max × rate / target): full points from the target on
SHAPES = frozenset({LINEAR, CAPPED_TARGET})

# What a denominator of 0 gives.
EMPTY_NO_DATA = "no_data"  # the default: nothing to measure
EMPTY_FULL = "full"  # full points (S1 for the two PAKN indicators)
EMPTY_ZERO = "zero"  # 0 points (S1 for TTHC satisfaction)
EMPTY_RULES = frozenset({EMPTY_NO_DATA, EMPTY_FULL, EMPTY_ZERO})

Number = int | Decimal

GROUPS: dict[int, tuple[str, Decimal]] = {
    1: (N_("Công khai, minh bạch"), D(18)),
    2: (N_("Tiến độ giải quyết"), D(20)),
    3: (N_("Dịch vụ công trực tuyến"), D(12)),
    4: (N_("Thanh toán trực tuyến"), D(10)),
    5: (N_("Số hóa hồ sơ"), D(22)),
    6: (N_("Mức độ hài lòng"), D(18)),
}


@dataclass(frozen=True)
class Indicator:
    """One scored indicator of the 766 index.

    ``target`` is the rate (in %) that earns full points (100 unless stated); ``computable`` is False
    when CCHC holds none of the inputs, so the indicator always shows "no data" here (the official
    score comes from the portal). ``if_empty`` says what a denominator of 0 gives.
    """

    code: str
    group: int
    name_vi: str
    max_points: Decimal
    target: Decimal = HUNDRED
    shape: str = LINEAR
    computable: bool = True
    if_empty: str = EMPTY_NO_DATA
    ref: str = ""  # S1's label where it differs from ``code``, or the formula's letter
    #: points from the rate rounded to 2 decimals (S1's reading) or from the exact rate (the portal's:
    #: 9/59 → 0.31 and 32/388 → 0.16 out of 2, docs/portal766.md); the rate shown is 2 decimals either way
    round_rate_first: bool = True

    def __post_init__(self) -> None:
        if self.shape not in SHAPES:
            raise ValueError(f"{self.code}: unknown shape {self.shape!r}")
        if self.if_empty not in EMPTY_RULES:
            raise ValueError(f"{self.code}: unknown empty-denominator rule {self.if_empty!r}")
        if self.target <= 0 or self.max_points < 0:
            raise ValueError(f"{self.code}: target must be positive and max_points not negative")
        if self.shape == LINEAR and self.target != HUNDRED:
            raise ValueError(f"{self.code}: a linear indicator has target 100; use capped_target")


S1_INDICATORS: tuple[Indicator, ...] = (
    # Group 1 (S1: score = max × rate / 100). From the procedure publication records CCHC takes in
    # (cchc.publications; the rules are cchc.core.publication766), no data until some are imported.
    Indicator("1.1", 1, N_("TTHC công bố đúng hạn"), D(6)),
    Indicator("1.2", 1, N_("TTHC cập nhật, công khai đúng hạn trên CSDLQG"), D(4)),
    Indicator("1.3", 1, N_("TTHC công khai đầy đủ bộ phận tạo thành"), D(2)),
    # Denominator max(received per national reporting, per DVCQG), see sync_denominator(); computable
    # when the portal's count is supplied, no data otherwise.
    Indicator("1.4", 1, N_("Hồ sơ đồng bộ lên Cổng DVCQG"), D(6)),
    # Group 2 (S1: score = 20 × rate). Numerator and denominator from timeliness.on_time_766_counts.
    Indicator("2.1", 2, N_("Tỷ lệ hồ sơ giải quyết đúng hạn"), D(20)),
    # Group 3, current DVCQG METRICS: all 12 points on toàn trình dossiers.
    Indicator(
        "3.1", 3, N_("Hồ sơ trực tuyến toàn trình / hồ sơ của TTHC đủ điều kiện toàn trình"), D(12),
        ref="METRICS",
    ),
    # Group 4: 6·A + min(2, 2·B/0.8) + min(2, 2·C/0.8) [I], one indicator per term. Whether a fee's data
    # is synced on the portal is a national TTHC database fact, taken in as counts (cchc.portalcounts).
    Indicator(
        "4.1", 4, N_("TTHC có phí, lệ phí được đồng bộ dữ liệu phí trên Cổng DVCQG"), D(2), D(80), CAPPED_TARGET,
        ref="B",
    ),
    Indicator(
        "4.2", 4, N_("TTHC có ít nhất một giao dịch thanh toán trực tuyến"), D(2), D(80), CAPPED_TARGET, ref="C",
    ),
    Indicator("4.3", 4, N_("Hồ sơ được thanh toán trực tuyến"), D(6), ref="A"),
    # Group 5 (S1: 6 + 4 + 2 + 2 + 4 + 2 + 2; "most score as min(max, max × rate)").
    Indicator("5.1", 5, N_("Hồ sơ có kết quả điện tử"), D(6), ref="4.1"),
    Indicator("5.2", 5, N_("Hồ sơ được số hóa"), D(4), D(80), CAPPED_TARGET, ref="4.2"),
    # The portal publishes null/null with full points where it does not measure 5.3 (every unit of Gia Lai
    # on 10/10/2026, GitHub duynghiaqn/Crawler-766): taken in as 0 / 0 (cchc.core.portal_counts).
    Indicator(
        "5.3", 5, N_("Xã thực hiện chứng thực bản sao điện tử từ bản chính"), D(2), if_empty=EMPTY_FULL,
        ref="chứng thực điện tử",
    ),
    Indicator("5.4", 5, N_("Hồ sơ tái sử dụng dữ liệu số hóa"), D(2), D(80), CAPPED_TARGET, ref="4.3"),
    # The link to the citizen's repository on DVCQG (DuocLayTuKhoDMQG) is not in the dossier record: 5.5–5.7
    # (and 4.1, 4.2, 1.4) score from the counts taken in by cchc.portalcounts.
    Indicator(
        "5.5", 5, N_("Hồ sơ liên kết kho dữ liệu cá nhân trên Cổng DVCQG"), D(4), ref="4.4",
    ),
    Indicator(
        "5.6", 5, N_("TTHC khai thác CSDL quốc gia về dân cư"), D(2), ref="4.5a",
    ),
    Indicator(
        "5.7", 5, N_("Hồ sơ khai thác dữ liệu dân cư"), D(2), ref="4.5b",
    ),
    # Group 6. PAKN (phản ánh, kiến nghị) are handled on the PAKN system and imported into CCHC
    # (cchc.petitions: its figures reach the scoreboard through cchc.scoreboard.inputs).
    Indicator(
        "6.1", 6, N_("PAKN được xử lý đúng hạn"), D(6), if_empty=EMPTY_FULL,
    ),
    Indicator(
        "6.2", 6, N_("Mức độ hài lòng về xử lý PAKN"), D(6), if_empty=EMPTY_FULL,
    ),
    # rate = 100% − (late rate + rate with a PAKN or a "dislike"), see tthc_satisfaction_numerator().
    Indicator(
        "6.3", 6, N_("Mức độ hài lòng về tiếp nhận, giải quyết TTHC"), D(6), D(90), CAPPED_TARGET,
        if_empty=EMPTY_ZERO,
    ),
)


def _portal(indicator: Indicator, **changes) -> Indicator:
    """``indicator`` as the national portal scores it: from the exact rate, computable from supplied inputs
    (cchc.scoreboard.inputs feeds what dossiers do not give; without a figure it is still no data)."""
    return replace(indicator, round_rate_first=False, computable=True, **changes)


_S1 = {i.code: i for i in S1_INDICATORS}

#: The portal's rules as observed in its published figures for Gia Lai, year 2026 (snapshot 10/10/2026;
#: docs/portal766.md "Chấm điểm như Cổng" has the evidence and agreement figures). Differences from S1:
#: points from the exact rate; 5.2 linear (603/654 = 92.20% → 3.69 of 4); a denominator of 0 gives 0 for
#: 1.4, 2.1, 3.1, 4.3 and the dossier indicators of group 5, and full points for 5.3 (the portal gives
#: every unit 2 with no figures). 1.1–1.3, 4.1, 4.2 never had an empty denominator: kept as no data.
PORTAL_2026_INDICATORS: tuple[Indicator, ...] = (
    _portal(_S1["1.1"]),
    _portal(_S1["1.2"]),
    _portal(_S1["1.3"]),
    _portal(_S1["1.4"], if_empty=EMPTY_ZERO),
    _portal(_S1["2.1"], if_empty=EMPTY_ZERO),  # Thanh tra tỉnh: 0 received → TDGQ 0.0
    _portal(_S1["3.1"], if_empty=EMPTY_ZERO),  # group published without counts; 0.0 with no dossier
    _portal(_S1["4.1"]),  # unpublished: the group's remainder
    _portal(_S1["4.2"]),
    _portal(_S1["4.3"], if_empty=EMPTY_ZERO),
    _portal(_S1["5.1"], if_empty=EMPTY_ZERO),
    _portal(_S1["5.2"], target=HUNDRED, shape=LINEAR, if_empty=EMPTY_ZERO),
    _portal(_S1["5.3"], if_empty=EMPTY_FULL),
    _portal(_S1["5.4"], if_empty=EMPTY_ZERO),
    _portal(_S1["5.5"], if_empty=EMPTY_ZERO),
    _portal(_S1["5.6"], if_empty=EMPTY_ZERO),
    _portal(_S1["5.7"], if_empty=EMPTY_ZERO),
    _portal(_S1["6.1"]),
    _portal(_S1["6.2"]),
    _portal(_S1["6.3"]),
)


@dataclass(frozen=True)
class Version:
    """One version of the 766 scoring rules: its code, the first day it applies to, its indicators and
    where it comes from."""

    code: str
    valid_from: date
    indicators: tuple[Indicator, ...]
    source: str = ""

    def __post_init__(self) -> None:
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError(f"version {self.code}: an indicator code given twice")
        for group, (_name, maximum) in GROUPS.items():
            if sum((i.max_points for i in self.indicators if i.group == group), D(0)) != maximum:
                raise ValueError(f"version {self.code}: group {group} does not sum to {maximum}")

    @property
    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


#: Oldest first. S1-2022 from QĐ 766/QĐ-TTg's signature (23/6/2022, in force on signing, DOMAIN §1);
#: DVCQG-2026 from the start of the earliest period the portal's observed figures cover (year 2026).
VERSIONS: tuple[Version, ...] = (
    Version("S1-2022", date(2022, 6, 23), S1_INDICATORS,
            "DOMAIN S1: the DVCQG formula document and METRICS sheet, and formulas fitted to portal scores"),
    Version("DVCQG-2026", date(2026, 1, 1), PORTAL_2026_INDICATORS,
            "The national portal's published 766 figures for Gia Lai, year 2026 (cchc/portal766/snapshots)"),
)


def version_for(day: date) -> Version:
    """The version of the rules in force on ``day``: the latest one starting on or before it (the oldest
    for a day before every version). A period is scored with the version in force on its first day.

    Source: QĐ 766/QĐ-TTg (in force on signing, 23/6/2022); the portal's published figures of 2026 for the
    second version (docs/portal766.md).
    """
    found = VERSIONS[0]
    for version in VERSIONS:
        if version.valid_from <= day:
            found = version
    return found


def indicators_for(day: date) -> tuple[Indicator, ...]:
    """The indicators of the version in force on ``day`` (see ``version_for``)."""
    return version_for(day).indicators


#: The version in force today, for callers that do not score a period (labels, the list of indicators).
INDICATORS: tuple[Indicator, ...] = indicators_for(date.today())
INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}

#: The national portal's group keys (dichvucong.gov.vn, /api/v1/reporting/evaluation/service-results, as
#: kept in the public snapshots of GitHub duynghiaqn/Crawler-766) → CCHC's group numbers. The province's
#: own overview also shows "CLGQ" where units show "ONLINE".
PORTAL_GROUPS: dict[str, int] = {"CKMB": 1, "TDGQ": 2, "ONLINE": 3, "CLGQ": 3, "TTTT": 4, "MDSH": 5, "MDHL": 6}

#: The portal's metric codes (its ``componentIndicators[*].metrics[*].code``) → CCHC's indicator codes.
#: 2.1 is the portal's ``TDGQ_TienDoGiaiQuyet`` (totalOnTime / totalReceived), 3.1 the ``ONLINE`` group
#: (published without numerator and denominator), 4.2 and 4.3 the ``TTTT`` counts
#: (totalDossierOnlineFormalityPaymentSuccess / totalFeeFormality, totalDossierOnlinePaymentSuccess /
#: totalDossierFinancialObligation); 4.1 is published only inside the group's points. The two PAKN
#: classification rates (PETITION_CLASSIFICATION_TTHC, _STAFF) carry no points and are not indicators.
PORTAL_METRICS: dict[str, str] = {
    "PUBLISH_ON_TIME": "1.1",
    "PUBLIC_UPDATE_ON_TIME": "1.2",
    "PUBLIC_CONTENT_FULL": "1.3",
    "DOSSIER_SYNC": "1.4",
    "ORIGINAL_RESULT_AVAILABLE": "5.1",
    "SO_HOA_GIAY_TO_GIAI_QUYET": "5.2",
    "ELECTRONIC_CERTIFIED_COPY": "5.3",
    "REUSED_DIGITIZED_DATA": "5.4",
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": "5.5",
    "CITIZEN_DATA_CONNECTED_FORMALITY": "5.6",
    "CITIZEN_DATA_CONNECTED_DOSSIER": "5.7",
    "PETITION_PROCESSING_ON_TIME": "6.1",
    "PETITION_HANDLING_SATISFACTION": "6.2",
    "DOSSIER_RECEIVING_SATISFACTION": "6.3",
}


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    group: int
    rate: Decimal | None  # in %, 2 decimals; None when there is no rate (no data, or denominator 0)
    points: Decimal | None  # None means "no data", which is not 0
    max_points: Decimal

    @property
    def has_data(self) -> bool:
        return self.points is not None


@dataclass(frozen=True)
class GroupScore:
    group: int
    name_vi: str
    points: Decimal | None  # sum over indicators with data; None when none has data
    max_with_data: Decimal  # the points available: maxima of the indicators with data
    max: Decimal


@dataclass(frozen=True)
class Band:
    """A rating band: ``label`` from ``min_points`` (inclusive) up to the next band's minimum."""

    label: str
    min_points: Decimal


@dataclass(frozen=True)
class TotalScore:
    points: Decimal | None
    available: Decimal  # the maxima of the indicators with data
    max: Decimal
    share: Decimal | None  # points / available × 100, 2 decimals; None when nothing has data
    band: str | None  # None when no band table is given (the default) or no band applies


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rate(numerator: Number, denominator: Number) -> Decimal:
    """numerator / denominator × 100, rounded to 2 decimals (half up).

    Source: DOMAIN S1 general conventions of the 766 formula document ("round to 2 decimals").
    """
    return _round(D(numerator) / D(denominator) * HUNDRED)


def points(
    indicator: Indicator, numerator: Number | None, denominator: Number | None,
) -> IndicatorScore:
    """Score one indicator from its numerator and denominator.

    Source: QĐ 766/QĐ-TTg as computed in DOMAIN S1's formula document: rate to 2 decimals, then
    ``max × rate / 100`` (linear) or ``min(max, max × rate / target)`` (capped_target), never below 0,
    rounded to 2 decimals half up; the portal's version (DVCQG-2026, docs/portal766.md) takes the points
    from the exact rate (``round_rate_first`` False). Missing inputs, or an indicator CCHC cannot
    compute, give no data (points None), never 0. A denominator of 0 follows ``indicator.if_empty``:
    full points, 0, or no data.
    """
    no_data = IndicatorScore(indicator.code, indicator.group, None, None, indicator.max_points)
    if not indicator.computable or numerator is None or denominator is None:
        return no_data
    if denominator < 0 or numerator < 0:
        raise ValueError(f"{indicator.code}: negative count ({numerator}/{denominator})")
    if denominator == 0:
        if indicator.if_empty == EMPTY_FULL:
            return IndicatorScore(indicator.code, indicator.group, None, indicator.max_points, indicator.max_points)
        if indicator.if_empty == EMPTY_ZERO:
            return IndicatorScore(indicator.code, indicator.group, None, D(0), indicator.max_points)
        return no_data
    r = rate(numerator, denominator)
    exact = r if indicator.round_rate_first else D(numerator) / D(denominator) * HUNDRED
    raw = indicator.max_points * exact / indicator.target
    earned = _round(min(indicator.max_points, max(D(0), raw)))
    return IndicatorScore(indicator.code, indicator.group, r, earned, indicator.max_points)


def tthc_satisfaction_numerator(dossiers: int | None, late: int | None, complained: int | None) -> int | None:
    """The numerator of 6.3 such that numerator / dossiers = 100% − (late rate + complaint rate).

    Source: DOMAIN S1, group 6 "Hài lòng tiếp nhận, giải quyết TTHC": rate = 100% − (late-dossier rate
    + rate of dossiers with a PAKN or a "dislike"), score = min(6, 6 × rate / 90%). Both rates share
    the denominator, so the rate is (dossiers − late − complained) / dossiers, rounded once. A dossier
    both late and complained about is subtracted twice, as the formula does; the result stops at 0.
    """
    if dossiers is None or late is None or complained is None:
        return None
    return max(0, dossiers - late - complained)


def sync_denominator(
    received_national: int | None,
    received_dvcqg: int | None,
    last_year_total: int | None = None,
    periods_per_year: int = 12,
) -> Decimal | None:
    """The denominator of 1.4 (dossiers synced to DVCQG).

    Source: DOMAIN S1, indicator 1.4: max(dossiers received per the national reporting system, per
    DVCQG); if both are 0, last year's total ÷ 12 for a month or ÷ 4 for a quarter (``periods_per_year``;
    1 for a year is our extension [I]). None when the counts are missing.
    """
    if received_national is None or received_dvcqg is None:
        return None
    larger = max(received_national, received_dvcqg)
    if larger == 0 and last_year_total is not None:
        return D(last_year_total) / D(periods_per_year)
    return D(larger)


def group_scores(
    scores: Iterable[IndicatorScore], groups: dict[int, tuple[str, Decimal]] = GROUPS,
) -> dict[int, GroupScore]:
    """Points per group: the sum over indicators with data, the maxima with data, and the group maximum.

    Source: QĐ 766/QĐ-TTg (DOMAIN S2: the total aggregates the group scores) and DOMAIN S1's six portal
    groups. Every group of ``groups`` is present, with points None when none of its indicators has data.
    Raises ValueError for a score of an unknown group or an indicator scored twice.
    """
    seen: set[str] = set()
    earned: dict[int, Decimal | None] = dict.fromkeys(groups)
    available: dict[int, Decimal] = {g: D(0) for g in groups}
    for s in scores:
        if s.code in seen:
            raise ValueError(f"indicator {s.code} scored twice")
        seen.add(s.code)
        if s.group not in groups:
            raise ValueError(f"indicator {s.code}: unknown group {s.group}")
        if s.points is None:
            continue
        earned[s.group] = (earned[s.group] or D(0)) + s.points
        available[s.group] += s.max_points
    return {
        g: GroupScore(g, name, earned[g], available[g], group_max) for g, (name, group_max) in groups.items()
    }


def parse_bands(text: str) -> tuple[Band, ...]:
    """A band table written as ``label:min_points`` pairs separated by ``;`` (``"Tốt:80; Khá:65"``),
    highest first; an empty text is no bands (the default). Raises ValueError naming the faulty pair: a
    missing label, a minimum that is not a number between 0 and 100, or a label or minimum given twice.

    Source: DOMAIN §11 Q3: QĐ 766 publishes no bands, so the table is the province's configuration [K].
    """
    bands: list[Band] = []
    for pair in (p.strip() for p in text.split(";")):
        if not pair:
            continue
        label, sep, minimum = pair.rpartition(":")
        label = label.strip()
        try:
            value = D(minimum.strip())
        except ArithmeticError:
            value = None
        if not sep or not label or value is None or not value.is_finite() or not D(0) <= value <= HUNDRED:
            raise ValueError(f"band {pair!r}: expected label:minimum with a minimum from 0 to 100")
        if any(b.label == label or b.min_points == value for b in bands):
            raise ValueError(f"band {pair!r}: label or minimum given twice")
        bands.append(Band(label, value))
    return tuple(sorted(bands, key=lambda b: b.min_points, reverse=True))


def band_for(value: Decimal | None, bands: Sequence[Band]) -> str | None:
    """The band whose minimum is the highest one not above ``value``; None if none applies.

    Source: DOMAIN §11 Q3: QĐ 766 publishes no rating bands (S3's "Tốt ≥ 80" is code, not law), so the
    table is the caller's configuration and empty by default.
    """
    if value is None:
        return None
    reached = [b for b in bands if value >= b.min_points]
    return max(reached, key=lambda b: b.min_points).label if reached else None


def total(
    scores: Iterable[IndicatorScore],
    bands: Sequence[Band] = (),
    groups: dict[int, tuple[str, Decimal]] = GROUPS,
) -> TotalScore:
    """The 766 total: points, points available (maxima of indicators with data), share, optional band.

    Source: QĐ 766/QĐ-TTg: maximum 100 points, the sum of the groups (DOMAIN S2, S1). The share
    (points / available × 100) compares units whose data cover different indicators. Bands apply to
    the points and are empty by default (DOMAIN §11 Q3).
    """
    by_group = group_scores(scores, groups)
    with_data = [g.points for g in by_group.values() if g.points is not None]
    earned = sum(with_data, D(0)) if with_data else None
    available = sum((g.max_with_data for g in by_group.values()), D(0))
    share = _round(earned / available * HUNDRED) if earned is not None and available > 0 else None
    return TotalScore(
        points=earned,
        available=available,
        max=sum((g.max for g in by_group.values()), D(0)),
        share=share,
        band=band_for(earned, bands),
    )
