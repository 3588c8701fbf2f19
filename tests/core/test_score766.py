"""The Decision 766 registry and scoring.

Sources: QĐ 766/QĐ-TTg (DOMAIN S2: 100 points, groups 18/20/22/22/18) and the DVCQG formula document
and METRICS sheet (DOMAIN S1, §1.1): six portal groups 18/20/12/10/22/18, group 2 = 20 × rate, group 4
= 6·A + min(2, 2·B/0.8) + min(2, 2·C/0.8) [I], TTHC satisfaction = min(6, 6 × rate / 90%) with rate =
100% − (late rate + complaint rate), 0 when there is no dossier; DOMAIN §11 Q3: no rating bands by
default. Every expected number below was worked by hand; the arithmetic is in the comments.

These are the rules of version S1-2022 (``VERSIONS[0]``, DOMAIN S1's reading), kept for periods before
2026; the portal's version DVCQG-2026 is tested in test_score766_portal.py.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cchc.core.score766 import (
    CAPPED_TARGET,
    EMPTY_FULL,
    EMPTY_ZERO,
    GROUPS,
    LINEAR,
    S1_INDICATORS,
    VERSIONS,
    Band,
    Indicator,
    IndicatorScore,
    group_scores,
    parse_bands,
    points,
    sync_denominator,
    total,
    tthc_satisfaction_numerator,
)

D = Decimal
INDICATORS = S1_INDICATORS
I = VERSIONS[0].by_code  # noqa: E741


def with_data(code):
    """The indicator as if its inputs were supplied (e.g. by the portal), to check its formula."""
    return replace(I[code], computable=True)


# ---- the registry ----------------------------------------------------------------------------------


def test_group_maxima_sum_to_100():
    assert sum(m for _, m in GROUPS.values()) == D(100)


@pytest.mark.parametrize(
    ("group", "name", "maximum"),
    [
        (1, "Công khai, minh bạch", 18), (2, "Tiến độ giải quyết", 20), (3, "Dịch vụ công trực tuyến", 12),
        (4, "Thanh toán trực tuyến", 10), (5, "Số hóa hồ sơ", 22), (6, "Mức độ hài lòng", 18),
    ],
    ids=["g1-18", "g2-20", "g3-12", "g4-10", "g5-22", "g6-18"],
)
def test_portal_groups(group, name, maximum):
    assert GROUPS[group] == (name, D(maximum))


def test_online_groups_together_are_the_decisions_22():
    # QĐ 766 has one group "cung cấp dịch vụ trực tuyến"; the portal splits it 12 + 10.
    assert GROUPS[3][1] + GROUPS[4][1] == D(22)


@pytest.mark.parametrize("group", sorted(GROUPS), ids=lambda g: f"group-{g}")
def test_each_groups_indicators_sum_to_its_maximum(group):
    assert sum(i.max_points for i in INDICATORS if i.group == group) == GROUPS[group][1]


def test_codes_are_unique_and_numbered_by_group():
    assert len(I) == len(INDICATORS) == 19
    assert all(i.code.split(".")[0] == str(i.group) for i in INDICATORS)


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (1, [("1.1", 6, 100), ("1.2", 4, 100), ("1.3", 2, 100), ("1.4", 6, 100)]),
        (2, [("2.1", 20, 100)]),
        (3, [("3.1", 12, 100)]),
        (4, [("4.1", 2, 80), ("4.2", 2, 80), ("4.3", 6, 100)]),
        (5, [("5.1", 6, 100), ("5.2", 4, 80), ("5.3", 2, 100), ("5.4", 2, 80), ("5.5", 4, 100),
             ("5.6", 2, 100), ("5.7", 2, 100)]),
        (6, [("6.1", 6, 100), ("6.2", 6, 100), ("6.3", 6, 90)]),
    ],
    ids=["g1-6-4-2-6", "g2-20", "g3-12-metrics", "g4-2-2-6", "g5-6-4-2-2-4-2-2", "g6-6-6-6"],
)
def test_points_and_targets_as_listed(group, expected):
    found = [(i.code, i.max_points, i.target) for i in INDICATORS if i.group == group]
    assert found == [(code, D(m), D(t)) for code, m, t in expected]


def test_what_cchc_cannot_compute():
    # Every indicator has its input: publication (1.1–1.3) from cchc.publications, PAKN (6.1, 6.2) from
    # cchc.petitions, fee data (4.1), e-certification (5.3), the citizen repository (5.5) and the
    # population database (5.6, 5.7) from the counts cchc.portalcounts takes in.
    assert {i.code for i in INDICATORS if not i.computable} == set()


def test_empty_denominator_rules():
    assert {i.code: i.if_empty for i in INDICATORS if i.if_empty != "no_data"} == {
        "5.3": EMPTY_FULL, "6.1": EMPTY_FULL, "6.2": EMPTY_FULL, "6.3": EMPTY_ZERO,
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shape": "stepwise"},
        {"if_empty": "half"},
        {"shape": LINEAR, "target": D(80)},
        {"target": D(0), "shape": CAPPED_TARGET},
        {"max_points": D(-1)},
    ],
    ids=["unknown-shape", "unknown-empty-rule", "linear-with-target", "zero-target", "negative-max"],
)
def test_indicator_refuses_bad_definitions(kwargs):
    base = {"code": "9.9", "group": 1, "name_vi": "thử", "max_points": D(2)}
    with pytest.raises(ValueError):
        Indicator(**(base | kwargs))


# ---- points -----------------------------------------------------------------------------------------

POINT_CASES = [
    # code, numerator, denominator, rate, points
    ("on-time-95pct", "2.1", 95, 100, "95.00", "19.00"),  # 20 × 95 / 100
    ("on-time-100pct", "2.1", 100, 100, "100.00", "20.00"),
    ("on-time-0pct", "2.1", 0, 10, "0.00", "0.00"),
    ("on-time-two-thirds", "2.1", 2, 3, "66.67", "13.33"),  # 20 × 66.67 / 100 = 13.334
    ("on-time-one-third-rounds-up", "2.1", 1, 3, "33.33", "6.67"),  # 20 × 33.33 / 100 = 6.666
    ("rate-half-up", "2.1", 1, 32, "3.13", "0.63"),  # 3.125 rounds up (half-even would give 3.12)
    ("sync-95pct", "1.4", 57, 60, "95.00", "5.70"),  # 6 × 0.95
    ("sync-over-100-capped", "1.4", 61, 60, "101.67", "6.00"),
    ("toan-trinh-75pct", "3.1", 30, 40, "75.00", "9.00"),  # 12 × 0.75
    ("paid-online-A-0.5", "4.3", 50, 100, "50.00", "3.00"),  # 6 · 0.5
    ("payment-procs-C-0.6", "4.2", 60, 100, "60.00", "1.50"),  # 2 · 0.6 / 0.8
    ("payment-procs-at-target", "4.2", 80, 100, "80.00", "2.00"),
    ("payment-procs-C-0.9-capped", "4.2", 90, 100, "90.00", "2.00"),  # min(2, 2.25)
    ("e-result-75pct", "5.1", 45, 60, "75.00", "4.50"),
    ("digitised-40pct-target-80", "5.2", 40, 100, "40.00", "2.00"),  # 4 × 40 / 80
    ("reuse-20pct-target-80", "5.4", 20, 100, "20.00", "0.50"),  # 2 × 20 / 80
    ("tthc-satisfaction-92pct", "6.3", 92, 100, "92.00", "6.00"),  # min(6, 6 × 92 / 90)
    ("tthc-satisfaction-at-90pct", "6.3", 90, 100, "90.00", "6.00"),
    ("tthc-satisfaction-80pct", "6.3", 80, 100, "80.00", "5.33"),  # 6 × 80 / 90 = 5.333
]


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "rate", "pts"), [c[1:] for c in POINT_CASES],
    ids=[c[0] for c in POINT_CASES],
)
def test_points(code, numerator, denominator, rate, pts):
    assert points(I[code], numerator, denominator) == IndicatorScore(
        code, I[code].group, D(rate), D(pts), I[code].max_points,
    )


@pytest.mark.parametrize(
    ("indicator", "numerator", "denominator", "expected_points"),
    [
        (I["2.1"], None, 100, None),
        (I["2.1"], 95, None, None),
        (I["2.1"], 0, 0, None),  # default: nothing to measure is no data, not 0
        (I["3.1"], 0, 0, None),
        (I["6.3"], 0, 0, D(0)),  # S1: no dossier ⇒ 0
        (with_data("6.1"), 0, 0, D(6)),  # S1: no PAKN ⇒ full points
        (with_data("6.2"), 0, 0, D(6)),
        (I["6.2"], 0, 0, D(6)),  # the registry itself (imported petitions): no PAKN ⇒ full points
        (I["1.1"], 0, 0, None),  # no procedure announced in the period: no data
        (I["5.6"], 0, 0, None),
    ],
    ids=[
        "missing-numerator", "missing-denominator", "on-time-empty-no-data", "online-empty-no-data",
        "tthc-satisfaction-empty-zero", "pakn-on-time-empty-full", "pakn-satisfaction-empty-full",
        "pakn-imported", "publication-empty-no-data", "population-not-computable",
    ],
)
def test_no_data_and_empty_denominators(indicator, numerator, denominator, expected_points):
    score = points(indicator, numerator, denominator)
    assert score.points == expected_points
    assert score.has_data is (expected_points is not None)
    assert score.rate is None
    assert score.max_points == indicator.max_points


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 10), (1, -10)], ids=["numerator", "denominator"])
def test_negative_counts_are_refused(numerator, denominator):
    with pytest.raises(ValueError):
        points(I["2.1"], numerator, denominator)


@pytest.mark.parametrize(
    ("dossiers", "late", "complained", "rate", "pts"),
    [
        (100, 5, 3, "92.00", "6.00"),  # 100 − (5 + 3) = 92 ⇒ min(6, 6 × 92 / 90)
        (100, 20, 0, "80.00", "5.33"),  # 100 − 20 = 80 ⇒ 6 × 80 / 90 = 5.333
        (100, 20, 3, "77.00", "5.13"),  # 100 − 23 = 77 ⇒ 6 × 77 / 90 = 5.133
        (200, 10, 8, "91.00", "6.00"),  # 100 − (5 + 4) = 91
        (10, 8, 5, "0.00", "0.00"),  # below 0 stops at 0
    ],
    ids=["late-5-complaints-3", "late-20", "late-20-complaints-3", "late-5-complaints-4-of-200", "floor-at-0"],
)
def test_tthc_satisfaction(dossiers, late, complained, rate, pts):
    score = points(I["6.3"], tthc_satisfaction_numerator(dossiers, late, complained), dossiers)
    assert (score.rate, score.points) == (D(rate), D(pts))


def test_tthc_satisfaction_missing_input_is_no_data():
    assert tthc_satisfaction_numerator(100, None, 3) is None
    assert points(I["6.3"], tthc_satisfaction_numerator(100, None, 3), 100).points is None


@pytest.mark.parametrize(
    ("national", "dvcqg", "last_year", "per_year", "expected"),
    [
        (60, 55, None, 12, D(60)),
        (40, 55, 1200, 12, D(55)),  # last year's total only when both are 0
        (0, 0, 1200, 12, D(100)),  # a month: 1200 / 12
        (0, 0, 1200, 4, D(300)),  # a quarter: 1200 / 4
        (0, 0, None, 12, D(0)),
        (None, 55, 1200, 12, None),
    ],
    ids=["national-larger", "dvcqg-larger", "fallback-month", "fallback-quarter", "no-fallback", "missing"],
)
def test_sync_denominator(national, dvcqg, last_year, per_year, expected):
    assert sync_denominator(national, dvcqg, last_year, per_year) == expected


def test_sync_fallback_scores():
    # 90 synced against last year's 1200 / 12 = 100 a month: 6 × 0.90 = 5.40.
    assert points(I["1.4"], 90, sync_denominator(0, 0, 1200)).points == D("5.40")
    assert points(I["1.4"], 0, sync_denominator(0, 0, None)).points is None


# ---- groups and total -------------------------------------------------------------------------------


def test_group_4_formula_example():
    # A = 0.5, B = 0.6, C = 0.9 ⇒ 6·0.5 + min(2, 2·0.6/0.8) + min(2, 2·0.9/0.8) = 3 + 1.5 + 2 = 6.5.
    # B (fee data on the portal) is not in CCHC's records; here it is supplied to check the formula.
    scores = [points(I["4.3"], 50, 100), points(with_data("4.1"), 60, 100), points(I["4.2"], 90, 100)]
    assert [s.points for s in scores] == [D("3.00"), D("1.50"), D("2.00")]
    g4 = group_scores(scores)[4]
    assert (g4.points, g4.max_with_data, g4.max) == (D("6.50"), D(10), D(10))


# A unit's month, every computable indicator with data (worked values in POINT_CASES).
UNIT_MONTH = [
    points(I["1.4"], 57, 60),  # 5.70 / 6
    points(I["2.1"], 95, 100),  # 19.00 / 20
    points(I["3.1"], 30, 40),  # 9.00 / 12
    points(I["4.2"], 90, 100),  # 2.00 / 2
    points(I["4.3"], 50, 100),  # 3.00 / 6
    points(I["5.1"], 45, 60),  # 4.50 / 6
    points(I["5.2"], 40, 100),  # 2.00 / 4
    points(I["5.4"], 20, 100),  # 0.50 / 2
    points(I["6.3"], tthc_satisfaction_numerator(100, 5, 3), 100),  # 6.00 / 6
] + [points(i, 10, 10) for i in INDICATORS if not i.computable]  # all no data


@pytest.mark.parametrize(
    ("group", "pts", "with_data_max", "maximum"),
    [
        (1, "5.70", 6, 18), (2, "19.00", 20, 20), (3, "9.00", 12, 12),
        (4, "5.00", 8, 10), (5, "7.00", 12, 22), (6, "6.00", 6, 18),
    ],
    ids=["g1", "g2", "g3", "g4", "g5", "g6"],
)
def test_group_scores_leave_no_data_out_of_the_available_points(group, pts, with_data_max, maximum):
    g = group_scores(UNIT_MONTH)[group]
    assert (g.points, g.max_with_data, g.max, g.name_vi) == (D(pts), D(with_data_max), D(maximum), GROUPS[group][0])


def test_total_of_a_unit_month():
    t = total(UNIT_MONTH)
    # 5.70 + 19 + 9 + 5 + 7 + 6 = 51.70 of 6 + 20 + 12 + 8 + 12 + 6 = 64 available; 51.70 / 64 = 80.78125.
    assert (t.points, t.available, t.max, t.share, t.band) == (D("51.70"), D(64), D(100), D("80.78"), None)


def test_full_marks_sum_to_100():
    scores = [points(replace(i, computable=True), 1, 1) for i in INDICATORS]
    groups = group_scores(scores)
    assert all(g.points == g.max == g.max_with_data for g in groups.values())
    assert sum(g.max for g in groups.values()) == D(100)
    t = total(scores)
    assert (t.points, t.available, t.max, t.share) == (D(100), D(100), D(100), D("100.00"))


def test_nothing_with_data_is_none_not_zero():
    t = total(points(i, None, None) for i in INDICATORS)
    assert (t.points, t.available, t.max, t.share, t.band) == (None, D(0), D(100), None, None)
    assert all(g.points is None for g in group_scores([]).values())


def test_a_group_of_zeros_is_zero_not_none():
    assert group_scores([points(I["2.1"], 0, 10)])[2].points == D("0.00")


BANDS = [Band("Tốt", D(80)), Band("Khá", D(50))]  # an example table; QĐ 766 publishes none


@pytest.mark.parametrize(
    ("scores", "bands", "expected"),
    [
        (UNIT_MONTH, (), None),  # the default: no bands
        (UNIT_MONTH, BANDS, "Khá"),  # 51.70
        ([points(replace(i, computable=True), 1, 1) for i in INDICATORS], BANDS, "Tốt"),  # 100
        ([points(I["2.1"], 95, 100)], BANDS, None),  # 19 is below every band
        ([points(I["2.1"], 80, 100)], [Band("Đạt", D(16))], "Đạt"),  # exactly 16.00
        ([points(I["2.1"], 7995, 10000)], [Band("Đạt", D(16))], None),  # 20 × 79.95 / 100 = 15.99
    ],
    ids=["no-bands-by-default", "khá", "tốt", "below-all", "lower-bound-inclusive", "just-below-bound"],
)
def test_optional_bands(scores, bands, expected):
    assert total(scores, bands).band == expected


def test_80pct_everywhere_mixes_the_shapes():
    # Linear indicators earn 80% of their maxima: 0.8 × (18 + 20 + 12 + 6 + 6 + 2 + 4 + 2 + 2 + 6 + 6)
    # = 0.8 × 84 = 67.2; those with target 80 (4.1, 4.2, 5.2, 5.4) earn all 10; 6.3 earns 6 × 80 / 90
    # = 5.33. 67.2 + 10 + 5.33 = 82.53.
    t = total(points(replace(i, computable=True), 4, 5) for i in INDICATORS)
    assert (t.points, t.share) == (D("82.53"), D("82.53"))


@pytest.mark.parametrize(
    "scores",
    [
        [points(I["2.1"], 1, 2), points(I["2.1"], 1, 2)],
        [IndicatorScore("7.1", 7, D(50), D(1), D(2))],
    ],
    ids=["scored-twice", "unknown-group"],
)
def test_group_scores_refuse_inconsistent_input(scores):
    with pytest.raises(ValueError):
        group_scores(scores)


# ---- the configured band table (DOMAIN §11 Q3: none by default) ------------------------------------

def test_bands_are_read_from_configuration_highest_first():
    assert parse_bands("") == () and parse_bands(" ; ") == ()
    bands = parse_bands("Khá: 65; Tốt:80 ;Trung bình:50")
    assert bands == (Band("Tốt", D(80)), Band("Khá", D(65)), Band("Trung bình", D(50)))
    # A band applies to the points (18 here, of 20 available), not to the share of the points available.
    assert total([points(I["2.1"], 9, 10)], bands).band is None
    assert total([points(I["2.1"], 9, 10)], parse_bands("Cao:15; Thấp:10")).band == "Cao"
    assert parse_bands("Đạt: 12,5".replace(",", "."))[0].min_points == D("12.5")


@pytest.mark.parametrize("text", ["Tốt", "Tốt:", ":80", "Tốt:tám mươi", "Tốt:101", "Tốt:-1", "Tốt:NaN",
                                  "Tốt:80; Tốt:70", "Tốt:80; Khá:80"])
def test_a_faulty_band_table_is_refused_naming_the_pair(text):
    with pytest.raises(ValueError, match="band"):
        parse_bands(text)
