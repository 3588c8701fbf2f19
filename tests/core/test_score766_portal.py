"""The 766 index scored as the national portal scores it (version DVCQG-2026).

The portal's published figures for Gia Lai, year 2026 (snapshot of 10/10/2026, committed with their source
in cchc/portal766/snapshots: all 14 agencies, the first 12 of 135 communes) are scored here from their
published numerators and denominators with cchc.core.score766, and every published point is reproduced:
each indicator, each group whose parts are all published, each total. docs/portal766.md ("Chấm điểm như
Cổng") states each rule with its evidence and the agreement figures. The hand-worked cases at the end pin
every rule that differs from version S1-2022 (tests/core/test_score766.py).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import cchc
from cchc.core.score766 import (
    EMPTY_FULL,
    EMPTY_NO_DATA,
    EMPTY_ZERO,
    GROUPS,
    INDICATORS,
    LINEAR,
    PORTAL_GROUPS,
    PORTAL_METRICS,
    VERSIONS,
    group_scores,
    indicators_for,
    points,
    version_for,
)

D = Decimal
SNAPSHOTS = Path(cchc.__file__).parent / "portal766" / "snapshots"
FILES = {
    "agencies_detail_GiaLai_10102026.json": "agenciesDetail",
    "communes_detail_GiaLai_10102026.excerpt.json": "communesDetail",
}
#: Published figures CCHC's scoring cannot explain, by (unit code, metric code): none at present. An entry
#: here must say why; the test then checks that the figure still differs, so the list cannot go stale.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _load():
    units = []
    for name, key in FILES.items():
        data = json.loads((SNAPSHOTS / name).read_text(encoding="utf-8"))
        meta = data["metadata"]
        assert (meta["timeType"], meta["period"]) == ("year", None)
        units += [(date(meta["year"], 1, 1), u) for u in data[key]]
    return units


UNITS = _load()
S1, PORTAL = VERSIONS


def _d(value) -> Decimal | None:
    return None if value is None else D(str(value))


def _round(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _counts(metric: dict) -> tuple[int, int]:
    """A published numerator and denominator; null/null (published only for ELECTRONIC_CERTIFIED_COPY,
    with ratio 100 and full points for every unit) is nothing to measure: 0/0."""
    if metric["numerator"] is None and metric["denominator"] is None:
        assert metric["code"] == "ELECTRONIC_CERTIFIED_COPY", metric
        return 0, 0
    return metric["numerator"], metric["denominator"]


def _metric_cases():
    cases = []
    for start, unit in UNITS:
        parts = unit["componentIndicators"]
        tdgq = parts["TDGQ_TienDoGiaiQuyet"]
        cases.append(pytest.param(start, "2.1", tdgq["totalOnTime"], tdgq["totalReceived"], _d(tdgq["score"]),
                                  unit["departmentCode"], id=f"{unit['departmentCode']}-TDGQ"))
        for group in ("CKMB_CongKhaiMinhBach", "MDSH_SoHoaHoSo", "MDHL_MucDoHaiLong"):
            for metric in parts[group]["metrics"]:
                if metric["code"] not in PORTAL_METRICS:
                    continue  # the two PAKN classification rates: maxScore 0, no points
                numerator, denominator = _counts(metric)
                # A score published as null (0/0 of 1.4 and of group 5's dossier indicators) counts 0 in
                # its group: the group sums below prove it (Thanh tra tỉnh: CKMB 5.79, MDSH 2.0).
                published = _d(metric["score"]) if metric["score"] is not None else D(0)
                cases.append(pytest.param(start, PORTAL_METRICS[metric["code"]], numerator, denominator, published,
                                          unit["departmentCode"], id=f"{unit['departmentCode']}-{metric['code']}"))
    return cases


METRIC_CASES = _metric_cases()


@pytest.mark.parametrize(("start", "code", "numerator", "denominator", "published", "unit"), METRIC_CASES)
def test_every_published_indicator_is_reproduced(start, code, numerator, denominator, published, unit):
    ours = points(version_for(start).by_code[code], numerator, denominator).points
    if (unit, code) in KNOWN_EXCEPTIONS:
        assert ours != published, f"{unit} {code} is now reproduced: remove it from KNOWN_EXCEPTIONS"
    else:
        assert ours == published, f"{unit} {code}: {numerator}/{denominator} scores {ours}, the portal {published}"


def test_the_snapshots_hold_every_unit_and_metric():
    # 14 agencies + 12 communes; each with 2.1 and the 14 scored metrics the portal publishes in groups 1,
    # 5, 6: 26 × 15 = 390 indicator scores checked.
    assert len(UNITS) == 26
    assert len(METRIC_CASES) == 26 * 15
    assert {unit["childGroup"] for _s, unit in UNITS} == {"AGENCY", "COMMUNE"}


def test_the_snapshots_are_scored_with_the_portals_version():
    assert {version_for(start) for start, _u in UNITS} == {PORTAL}


def _our_group(start, unit, group: int) -> Decimal:
    """The points of ``group`` scored from the unit's published counts (groups 1, 2, 5, 6)."""
    parts = unit["componentIndicators"]
    by_code = version_for(start).by_code
    scores = []
    tdgq = parts["TDGQ_TienDoGiaiQuyet"]
    scores.append(points(by_code["2.1"], tdgq["totalOnTime"], tdgq["totalReceived"]))
    for key in ("CKMB_CongKhaiMinhBach", "MDSH_SoHoaHoSo", "MDHL_MucDoHaiLong"):
        for metric in parts[key]["metrics"]:
            if metric["code"] in PORTAL_METRICS:
                scores.append(points(by_code[PORTAL_METRICS[metric["code"]]], *_counts(metric)))
    return group_scores(scores)[group].points


GROUP_CASES = [
    pytest.param(start, unit, portal_key, id=f"{unit['departmentCode']}-{portal_key}")
    for start, unit in UNITS for portal_key in ("CKMB", "TDGQ", "MDSH", "MDHL")
]


@pytest.mark.parametrize(("start", "unit", "portal_key"), GROUP_CASES)
def test_every_group_with_all_parts_published_is_reproduced(start, unit, portal_key):
    # Groups 1, 2, 5, 6: every part published. Group 3 (ONLINE) is published only as score and ratio,
    # group 4 (TTTT) without 4.1: see test_online_payment_leaves_a_possible_fee_sync_score.
    published = _d(unit["groupScores"][portal_key])
    assert _our_group(start, unit, PORTAL_GROUPS[portal_key]) == published, (unit["departmentCode"], portal_key)


def _payment(unit):
    t = unit["componentIndicators"]["TTTT_ThanhToanTrucTuyen"]
    return (t["totalDossierOnlinePaymentSuccess"], t["totalDossierFinancialObligation"],
            t["totalDossierOnlineFormalityPaymentSuccess"], t["totalFeeFormality"], _d(t["score"]))


@pytest.mark.parametrize(("start", "unit"), [pytest.param(s, u, id=u["departmentCode"]) for s, u in UNITS])
def test_online_payment_leaves_a_possible_fee_sync_score(start, unit):
    # TTTT = 4.1 + 4.2 + 4.3; the portal publishes the counts of 4.3 (dossiers paid online / with a
    # financial obligation) and 4.2 (procedures with an online payment / procedures with a fee) and the
    # group, not 4.1 (fee data synced). 4.1 is the remainder; it must be a score 4.1 can take: some whole
    # number of the unit's fee-bearing procedures scored on 4.1's rule (0 to 2, full from 80%). With 4.2
    # linear instead of capped at 80%, Sở Văn hóa, Thể thao và Du lịch would need 2.01 of 2.
    paid, owed, with_payment, with_fee, published = _payment(unit)
    by_code = version_for(start).by_code
    p43 = points(by_code["4.3"], paid, owed).points
    p42 = points(by_code["4.2"], with_payment, with_fee).points
    remainder = published - p43 - p42
    fee_sync = by_code["4.1"]
    possible = {points(fee_sync, k, with_fee).points for k in range(with_fee + 1)}
    assert remainder in possible, (unit["departmentCode"], p43, p42, remainder)


def test_online_payment_remainders_as_derived():
    # Hand-checked: Sở Văn hóa 8.61 = 5.27 (145/165 → 6 × 87.88%) + 1.67 (8/12 → 2 × 66.67/80) + 1.67;
    # Ban Quản lý Khu kinh tế 8.00 = 6.00 (83/83) + 2.00 (15/16 ≥ 80%) + 0; Sở Nội vụ 7.16 = 5.91 (67/68)
    # + 1.25 (3/6 → 2 × 50/80) + 0.
    by_unit = {u["departmentCode"]: (s, u) for s, u in UNITS}
    expected = {"H21.17": D("1.67"), "H21.02": D("0.00"), "H21.11": D("0.00")}
    for code, remainder in expected.items():
        start, unit = by_unit[code]
        paid, owed, with_payment, with_fee, published = _payment(unit)
        by_code = version_for(start).by_code
        got = published - points(by_code["4.3"], paid, owed).points - points(by_code["4.2"], with_payment, with_fee).points
        assert got == remainder, code


@pytest.mark.parametrize(("start", "unit"), [pytest.param(s, u, id=u["departmentCode"]) for s, u in UNITS])
def test_totals_group_ratios_and_unit_ratio(start, unit):
    # A unit's total is the sum of its six groups; its "ratio" is that total (out of 100); a group's
    # "ratio" is its score as a share of its maximum (2 decimals), not a rate.
    groups = {key: _d(v) for key, v in unit["groupScores"].items()}
    assert sum(groups.values()) == _d(unit["totalScore"]) == _d(unit["ratio"])
    for key, part in unit["componentIndicators"].items():
        if key != "TDGQ_TienDoGiaiQuyet":  # whose "ratio" is the on-time rate
            assert _d(part["ratio"]) == _round(_d(part["score"]) / part["maxScore"] * 100), (unit["departmentCode"], key)
    assert {PORTAL_GROUPS[k] for k in groups} == set(GROUPS)


@pytest.mark.parametrize(("start", "unit"), [pytest.param(s, u, id=u["departmentCode"]) for s, u in UNITS])
def test_published_rates_are_numerator_over_denominator(start, unit):
    # The published "ratio" of a metric is the rate rounded to 2 decimals (shown; the points come from the
    # exact rate, test_points_from_the_exact_rate).
    for key in ("CKMB_CongKhaiMinhBach", "MDSH_SoHoaHoSo", "MDHL_MucDoHaiLong"):
        for metric in unit["componentIndicators"][key]["metrics"]:
            if metric["code"] in PORTAL_METRICS and metric["denominator"]:
                code = PORTAL_METRICS[metric["code"]]
                score = points(version_for(start).by_code[code], metric["numerator"], metric["denominator"])
                assert score.rate == _d(metric["ratio"]), (unit["departmentCode"], metric["code"])


def test_ranks_follow_the_totals_within_each_file():
    for name, key in FILES.items():
        units = json.loads((SNAPSHOTS / name).read_text(encoding="utf-8"))[key]
        ranks = [u["groupRank"] for u in units]
        assert ranks == list(range(1, len(units) + 1)), name
        totals = [_d(u["totalScore"]) for u in units]
        assert totals == sorted(totals, reverse=True), name


# ---- versions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2020, 1, 1), "S1-2022"),  # before every version: the oldest
        (date(2022, 6, 23), "S1-2022"),
        (date(2025, 12, 31), "S1-2022"),
        (date(2026, 1, 1), "DVCQG-2026"),
        (date(2026, 10, 10), "DVCQG-2026"),
    ],
    ids=["before-766", "766-signed", "last-day-of-2025", "first-day-of-2026", "snapshot-day"],
)
def test_version_in_force(day, code):
    assert version_for(day).code == code
    assert indicators_for(day) == version_for(day).indicators


def test_indicators_are_the_version_in_force_today():
    assert INDICATORS == version_for(date.today()).indicators


def test_versions_are_ordered_and_complete():
    assert [v.valid_from for v in VERSIONS] == sorted(v.valid_from for v in VERSIONS)
    for version in VERSIONS:
        assert [i.code for i in version.indicators] == [i.code for i in S1.indicators]
        assert sum(i.max_points for i in version.indicators) == D(100)


def test_every_portal_metric_maps_to_an_indicator_of_the_same_maximum():
    maxima = {m["code"]: m["maxScore"] for _s, u in UNITS for key in ("CKMB_CongKhaiMinhBach", "MDSH_SoHoaHoSo",
              "MDHL_MucDoHaiLong") for m in u["componentIndicators"][key]["metrics"]}
    for metric, code in PORTAL_METRICS.items():
        assert PORTAL.by_code[code].max_points == maxima[metric], metric
    assert {m for m, top in maxima.items() if top == 0} == {"PETITION_CLASSIFICATION_TTHC",
                                                           "PETITION_CLASSIFICATION_STAFF"}


# ---- the rules that differ from S1-2022, worked by hand ----------------------------------------------

P = PORTAL.by_code
OLD = S1.by_code


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "portal", "s1"),
    [
        # 5.2 digitised dossiers is linear: 603/654 = 92.2018% → 4 × 0.922018 = 3.688 → 3.69 (Sở Văn hóa,
        # Thể thao và Du lịch); S1 capped it at 80%: 4.00.
        ("5.2", 603, 654, D("3.69"), D("4.00")),
        ("5.2", 2, 583, D("0.01"), D("0.02")),  # 0.343% → 0.0137 → 0.01; S1: 4 × 0.34/80 = 0.017 → 0.02
        # Points from the exact rate: 32/388 = 8.2474% → 2 × 0.082474 = 0.16495 → 0.16 (Ân Tường, 5.6);
        # S1 took 8.25% → 0.165 → 0.17.
        ("5.6", 32, 388, D("0.16"), D("0.17")),
        # and half up at the end, not half to even: 9/59 = 15.254% → 0.30508 → 0.31 (Sở Tài chính, 5.6)
        ("5.6", 9, 59, D("0.31"), D("0.31")),
        # Empty denominators scoring 0 on the portal, no data in S1 (or not computable there).
        ("2.1", 0, 0, D("0"), None),  # Thanh tra tỉnh: 0 received → TDGQ 0.0
        ("1.4", 0, 0, D("0"), None),  # Thanh tra tỉnh: DOSSIER_SYNC 0/0, CKMB 5.79 = 0.13 + 3.66 + 2 + 0
        ("3.1", 0, 0, D("0"), None),  # Thanh tra tỉnh: ONLINE 0.0 with no dossier
        ("4.3", 0, 0, D("0"), None),  # Sở Dân tộc và Tôn giáo: 0/0 paid, TTTT 0.0
        ("5.1", 0, 0, D("0"), None),  # Thanh tra tỉnh: MDSH 2.0 = 5.3 alone
        ("5.2", 0, 0, D("0"), None),
        ("5.4", 0, 0, D("0"), None),
        ("5.5", 0, 0, D("0"), None),
        ("5.6", 0, 0, D("0"), None),
        ("5.7", 0, 0, D("0"), None),
        # 5.3 certified electronic copies: nothing to measure gives the full 2 (every unit, null/null); S1's 5.3
        # follows it since the counts are taken in (cchc.portalcounts), the same empty rule in both versions.
        ("5.3", 0, 0, D("2"), D("2")),
    ],
    ids=["5.2-linear", "5.2-linear-small", "exact-rate", "half-up", "2.1-empty", "1.4-empty", "3.1-empty",
         "4.3-empty", "5.1-empty", "5.2-empty", "5.4-empty", "5.5-empty", "5.6-empty", "5.7-empty", "5.3-empty-full"],
)
def test_rules_that_changed(code, numerator, denominator, portal, s1):
    # ``s1``: what S1-2022 gives for the same figures (as if CCHC held them where S1 marks the indicator
    # not computable).
    assert points(P[code], numerator, denominator).points == portal
    assert points(replace(OLD[code], computable=True), numerator, denominator).points == s1


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "expected"),
    [
        ("1.1", 1, 47, D("0.13")),  # 1/47 = 2.128% → 6 × 0.02128 = 0.1277 → 0.13
        ("1.2", 43, 47, D("3.66")),  # 91.49% → 3.66
        ("5.5", 20, 741, D("0.11")),  # 2.70% → 4 × 0.02699 = 0.108 → 0.11
        ("6.1", 0, 4, D("0")),  # Sở Xây dựng: 4 petitions, none handled on time
        ("6.2", 0, 0, D("6")),  # no petition: full
    ],
    ids=["1.1", "1.2", "5.5", "6.1", "6.2"],
)
def test_figures_supplied_for_what_s1_could_not_compute_are_scored(code, numerator, denominator, expected):
    # S1 once marked these "not computable" (CCHC held no input). Both versions now score the figures the inputs
    # supply (cchc.scoreboard.inputs: publications, petitions, counts) and, without one, still show no data.
    assert OLD[code].computable and P[code].computable
    assert points(P[code], numerator, denominator).points == expected
    assert points(P[code], None, None).points is None


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "expected"),
    [
        ("5.4", 20, 741, D("0.07")),  # reuse still full from 80%: 2.699% → 2 × 2.699/80 = 0.0675 → 0.07
        ("5.4", 636, 654, D("2.00")),  # 97.25% ≥ 80%
        ("6.3", 3225, 3584, D("6.00")),  # still full from 90%: 89.98% → 6 × 89.983/90 = 5.9989 → 6.00
        ("6.3", 546, 756, D("4.81")),  # 72.22% → 6 × 72.222/90 = 4.8148 → 4.81
        ("6.3", 0, 0, D("0")),  # Thanh tra tỉnh: no dossier → 0
        ("6.1", 0, 0, D("6")),  # no petition → 6
        ("4.2", 8, 12, D("1.67")),  # full from 80%: 66.67% → 2 × 66.667/80 = 1.667 → 1.67
        ("4.3", 145, 165, D("5.27")),  # linear: 87.88% → 5.2727 → 5.27
        ("2.1", 653, 654, D("19.97")),  # 20 × 99.847% = 19.969 → 19.97
    ],
    ids=["5.4-target-80", "5.4-full", "6.3-target-90", "6.3-partial", "6.3-empty", "6.1-empty", "4.2-target-80",
         "4.3-linear", "2.1-linear"],
)
def test_rules_kept(code, numerator, denominator, expected):
    assert points(P[code], numerator, denominator).points == expected


def test_empty_denominator_rules_of_the_portal():
    assert {i.code: i.if_empty for i in PORTAL.indicators} == {
        "1.1": EMPTY_NO_DATA, "1.2": EMPTY_NO_DATA, "1.3": EMPTY_NO_DATA,  # never observed
        "1.4": EMPTY_ZERO, "2.1": EMPTY_ZERO, "3.1": EMPTY_ZERO,
        "4.1": EMPTY_NO_DATA, "4.2": EMPTY_NO_DATA,  # never observed
        "4.3": EMPTY_ZERO,
        "5.1": EMPTY_ZERO, "5.2": EMPTY_ZERO, "5.3": EMPTY_FULL, "5.4": EMPTY_ZERO, "5.5": EMPTY_ZERO,
        "5.6": EMPTY_ZERO, "5.7": EMPTY_ZERO,
        "6.1": EMPTY_FULL, "6.2": EMPTY_FULL, "6.3": EMPTY_ZERO,
    }


def test_shapes_and_targets_of_the_portal():
    capped = {i.code: i.target for i in PORTAL.indicators if i.shape != LINEAR}
    assert capped == {"4.1": D(80), "4.2": D(80), "5.4": D(80), "6.3": D(90)}


def test_missing_figures_are_still_no_data():
    # An empty denominator is a figure; a missing one is not: no data, never 0, in both versions.
    for version in VERSIONS:
        for indicator in version.indicators:
            assert points(indicator, None, None).points is None, (version.code, indicator.code)
