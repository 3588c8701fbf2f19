"""The PAR index's scoring rules (cchc.core.parindex), each case worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cchc.core.parindex import (
    Gain,
    Item,
    Part,
    WhatIf,
    band_for,
    computed_points,
    final_points,
    gains,
    is_applicable,
    q,
    totals,
    what_if,
)
from cchc.parindex.choices import DEFAULT_BANDS

THRESHOLDS = {"scale": "thresholds", "thresholds": [[95, 2], [90, 1.5], [80, 1]]}


@pytest.mark.parametrize(("value", "rule", "top", "expected"), [
    (None, THRESHOLDS, D(2), None),
    (D("97.3"), THRESHOLDS, D(2), D("2.00")),
    (D(95), THRESHOLDS, D(2), D("2.00")),          # lowest is inclusive
    (D("94.99"), THRESHOLDS, D(2), D("1.50")),
    (D(80), THRESHOLDS, D(2), D("1.00")),
    (D("79.9"), THRESHOLDS, D(2), D("0.00")),      # below every threshold
    (D(99), {"scale": "thresholds", "thresholds": [[50, 5]]}, D(2), D("2.00")),  # capped at the maximum
    (D(50), {"scale": "linear", "target": 80}, D(3), D("1.88")),   # 3 × 50 / 80 = 1.875 → 1.88 (half up)
    (D(120), {"scale": "linear", "target": 80}, D(3), D("3.00")),  # above target: full
    (D(-5), {"scale": "linear", "target": 80}, D(3), D("0.00")),
    (D(50), {"scale": "linear", "target": 0}, D(3), None),
    (D(50), {"scale": "nope"}, D(3), None),
])
def test_computed_points(value, rule, top, expected):
    assert computed_points(value, rule, top) == expected


@pytest.mark.parametrize(("method", "kw", "expected"), [
    ("evidence", {"self_points": D("1.5")}, D("1.50")),
    ("evidence", {"self_points": D("1.5"), "appraised_points": D(1)}, D("1.00")),
    ("evidence", {"self_points": D("1.5"), "appraised_points": D(1), "decided_points": D("1.25")}, D("1.25")),
    ("evidence", {"self_points": D("1.5"), "appraised_points": D(0)}, D("0.00")),  # 0 is set, not missing
    ("computed", {"self_points": D(2), "computed": D("0.5")}, D("0.50")),
    ("computed", {"computed": D("0.5"), "appraised_points": D("0.75")}, D("0.75")),
    ("survey", {"survey_points": D("3.333")}, D("3.33")),
    ("survey", {"self_points": D(3)}, None),
    ("evidence", {}, None),
])
def test_final_points(method, kw, expected):
    args = {"self_points": None, "appraised_points": None, "decided_points": None, "survey_points": None,
            "computed": None, **kw}
    assert final_points(method=method, **args) == expected


@pytest.mark.parametrize(("area", "comp", "handles", "masked", "expected"), [
    ("all", "all", True, [], True),
    ("handles_procedures", "all", True, [], True),
    ("handles_procedures", "all", False, [], False),
    ("all", "handles_procedures", False, [], False),
    ("all", "all", False, [], True),
    ("all", "all", True, ["3"], False),       # the area's code masked
    ("all", "all", True, ["3.1"], False),     # the criterion's
    ("all", "all", True, ["3.1.2"], False),   # the component's
    ("all", "all", True, ["3.2"], True),
])
def test_is_applicable(area, comp, handles, masked, expected):
    assert is_applicable(area_applies_to=area, component_applies_to=comp, handles_procedures=handles,
                         masked=masked, area_code="3", criterion_code="3.1", component_code="3.1.2") is expected


@pytest.mark.parametrize(("pct", "expected"), [
    (D(100), "A"), (D(90), "A"), (D("89.99"), "B"), (D(80), "B"), (D("79.99"), "C"), (D(70), "C"),
    (D("69.99"), ""), (None, ""),
])
def test_band_for_default_bands(pct, expected):
    assert band_for(pct, DEFAULT_BANDS) == expected


def test_band_for_a_version_of_its_own():
    bands = [{"code": "tot", "min_pct": 85}, {"code": "kha", "min_pct": "72.5"}]
    assert [band_for(D(p), bands) for p in ("85", "72.5", "72.49")] == ["tot", "kha", ""]
    assert band_for(D(99), []) == ""


def test_q_is_half_up():
    assert [q(D(x)) for x in ("0.125", "0.135", "2.004", "-0.125")] == [D("0.13"), D("0.14"), D("2.00"), D("-0.13")]


def _items():
    """Worked by hand: area 1 (a1 max 10 final 8; a2 max 10 final 10), area 3 procedures (c1 max 20 final 5),
    area 8 survey (s1 max 10 final 6)."""
    return [
        Item(code="1.1.1", area="1", criterion="1.1", max_points=D(10), self=D(9), appraised=D(8), final=D(8)),
        Item(code="1.2.1", area="1", criterion="1.2", max_points=D(10), self=D(10), final=D(10)),
        Item(code="3.1.1", area="3", criterion="3.1", max_points=D(20), self=D(20), appraised=D(5), final=D(5)),
        Item(code="8.1.1", area="8", criterion="8.1", max_points=D(10), method="survey", survey=D(6), final=D(6)),
    ]


def test_totals_with_everything_applicable():
    t = totals(_items())
    # final 8 + 10 + 5 + 6 = 29 of 50 → 58.00 %
    assert (t.self_total, t.appraised_total, t.survey_total) == (D("39.00"), D("23.00"), D("6.00"))
    assert (t.final_total, t.applicable_max, t.index_value) == (D("29.00"), D("50.00"), D("58.00"))
    assert (t.full_count, t.component_count) == (1, 4)
    assert t.areas == {"1": Part(D("18.00"), D("20.00")), "3": Part(D("5.00"), D("20.00")),
                       "8": Part(D("6.00"), D("10.00"))}
    assert t.criteria["1.1"] == Part(D("8.00"), D("10.00"))


def test_totals_with_a_masked_area_rescaled_to_100():
    items = [i if i.area != "3" else Item(**{**i.__dict__, "applicable": False}) for i in _items()]
    t = totals(items)
    # area 3 counts nowhere: final 8 + 10 + 6 = 24 of 30 → 80.00 %
    assert (t.final_total, t.applicable_max, t.index_value) == (D("24.00"), D("30.00"), D("80.00"))
    assert (t.self_total, t.appraised_total) == (D("19.00"), D("18.00"))
    assert (t.full_count, t.component_count) == (1, 3)
    assert "3" not in t.areas


def test_totals_rounds_the_index_half_up():
    items = [Item(code="1", area="1", criterion="1", max_points=D(3), final=D(2))]
    assert totals(items).index_value == D("66.67")  # 200 / 3 = 66.666…


def test_survey_optional_without_survey_points_rescales_over_the_rest():
    items = [i if i.method != "survey" else Item(**{**i.__dict__, "survey": None, "final": None}) for i in _items()]
    t = totals(items, survey_optional=True)
    # 8 + 10 + 5 = 23 of 40 → 57.50 %
    assert (t.final_total, t.applicable_max, t.index_value, t.survey_excluded) == (D("23.00"), D("40.00"),
                                                                                   D("57.50"), True)
    mandatory = totals(items)  # the survey counts 0 of 10: 23 of 50 → 46.00 %
    assert (mandatory.applicable_max, mandatory.index_value, mandatory.survey_excluded) == (D("50.00"), D("46.00"),
                                                                                          False)
    entered = totals(_items(), survey_optional=True)  # survey points entered: they count
    assert (entered.applicable_max, entered.survey_excluded) == (D("50.00"), False)


def test_totals_of_nothing_applicable():
    t = totals([Item(code="1", area="1", criterion="1", max_points=D(3), applicable=False, final=D(3))])
    assert (t.applicable_max, t.index_value, t.full_count, t.component_count) == (D("0.00"), None, 0, 0)


def test_what_if_orders_by_gain_then_code_with_the_index_gain_after_rescaling():
    items = [*_items(), Item(code="1.0.9", area="1", criterion="1.0", max_points=D(4), final=None)]
    # maximum 54: 3.1.1 gains 15 (27.78 index points), 8.1.1 gains 4 and 1.0.9 gains 4 (tie: by code), 1.1.1 2
    assert what_if(items, 10) == [WhatIf("3.1.1", D("15.00"), D("27.78")), WhatIf("1.0.9", D("4.00"), D("7.41")),
                                  WhatIf("8.1.1", D("4.00"), D("7.41")), WhatIf("1.1.1", D("2.00"), D("3.70"))]
    assert [w.code for w in what_if(items, 2)] == ["3.1.1", "1.0.9"]
    masked = [i if i.area != "3" else Item(**{**i.__dict__, "applicable": False}) for i in items]
    # maximum 34: 1.0.9 gains 4 → 11.76 index points
    assert what_if(masked, 1) == [WhatIf("1.0.9", D("4.00"), D("11.76"))]


def test_gains_against_last_year():
    assert gains({"1.1": D("8.00"), "1.2": D(5), "9.9": D(1), "2.1": None},
                 {"1.1": D("9.5"), "1.2": D(3), "2.1": D(1)}) == [
        Gain("1.1", D("8.00"), D("9.5"), D("-1.50")), Gain("1.2", D(5), D(3), D("2.00")),
        Gain("9.9", D(1), None, None), Gain("2.1", None, D(1), None)]
