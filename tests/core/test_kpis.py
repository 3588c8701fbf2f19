"""The KPI catalogue, its periods, values, the statutory limit, the period scope and the rollup closure.

Sources: QĐ 766/QĐ-TTg and the DVCQG formula document (DOMAIN S1 §1.1: rate = numerator / denominator ×
100, a zero denominator gives N/A, not 0); Vietnamese reporting periods ("6 tháng" = Jan–Jun, "9 tháng" =
Jan–Sep, cumulative); NĐ 118/2025/NĐ-CP replacing NĐ 61/2018 on 1/7/2025 (DOMAIN §11 Q2); Nghị quyết
202/2025/QH15 for lineage. Every expected value was worked out by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from cchc.core import kpis
from cchc.core.kpis import (
    KPI_CODES,
    KPIS,
    PERIOD_KINDS,
    catalogue_on,
    definition_for,
    in_scope,
    period_label,
    periods_of,
    previous_start,
    rollup_closure,
    statutory_limit,
    value_of,
)

D = Decimal
REQUIRED = {
    "received", "finished", "early", "on_time", "late", "pending_on_time", "pending_overdue", "ontime_rate",
    "late_without_apology", "late_without_apology_rate", "apology_compliance_rate", "online_fullprocess_rate",
    "online_rate", "postal_rate", "online_payment_dossiers_rate", "digitised_dossiers_rate",
    "digitised_results_rate", "reused_data_rate", "rating_average", "satisfaction_rate", "supplement_over_once",
}


# --- Registry sanity ---------------------------------------------------------------------------------


def test_catalogue_has_every_required_kpi():
    assert REQUIRED <= set(KPI_CODES)


def test_code_and_version_identify_a_definition():
    keys = [(k.code, k.version) for k in KPIS]
    assert len(keys) == len(set(keys))


def test_one_definition_per_code_on_any_day():
    for day in (date(2018, 6, 21), date(2022, 6, 23), date(2025, 6, 30), date(2025, 7, 1), date(2030, 1, 1)):
        in_force = [k.code for k in KPIS if k.in_force(day)]
        assert sorted(in_force) == sorted(KPI_CODES), day


@pytest.mark.parametrize("definition", KPIS, ids=lambda k: f"{k.code}-v{k.version}")
def test_every_definition_is_complete(definition):
    assert definition.legal_basis.strip()
    assert definition.name_vi and definition.name_en and definition.formula
    assert definition.numerator and definition.denominator
    assert definition.unit in ("%", "hồ sơ", "điểm")
    # The unit follows the measure: counts are dossiers, rates are percentages.
    expected_unit = {"count": "hồ sơ", "rate": "%", "mean": "điểm"}[definition.measure]
    assert definition.unit == expected_unit


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        ("ontime_rate", "QĐ 766/QĐ-TTg"),
        ("online_rate", "QĐ 766/QĐ-TTg"),
        ("online_payment_dossiers_rate", "QĐ 766/QĐ-TTg"),
        ("digitised_dossiers_rate", "TT 01/2023/TT-VPCP"),
        ("digitised_results_rate", "TT 01/2023/TT-VPCP"),
        ("reused_data_rate", "TT 01/2023/TT-VPCP"),
    ],
)
def test_legal_bases(code, basis):
    assert basis in definition_for(code, date(2024, 1, 1)).legal_basis


def test_apology_rule_follows_the_decree_in_force():
    # NĐ 61/2018 (Art. 17, amended by NĐ 107/2021) until 30/6/2025, NĐ 118/2025 from 1/7/2025.
    before = definition_for("apology_compliance_rate", date(2025, 6, 30))
    after = definition_for("apology_compliance_rate", date(2025, 7, 1))
    assert (before.version, after.version) == (1, 2)
    assert "NĐ 61/2018" in before.legal_basis and "Điều 17" in before.legal_basis
    assert "NĐ 118/2025" in after.legal_basis
    assert before.valid_to == date(2025, 6, 30) and after.valid_from == date(2025, 7, 1)


def test_before_the_first_version_the_first_applies():
    assert definition_for("ontime_rate", date(2015, 1, 1)).version == 1


def test_unknown_code():
    with pytest.raises(KeyError):
        definition_for("no_such_kpi", date(2025, 1, 1))


def test_catalogue_on_gives_codes_in_order():
    assert [k.code for k in catalogue_on(date(2025, 12, 31))] == list(KPI_CODES)


def test_lower_is_better_where_it_should_be():
    worse_when_higher = {k.code for k in KPIS if not k.higher_is_better}
    assert {"late", "pending_overdue", "late_without_apology", "late_without_apology_rate",
            "supplement_over_once", "rating_average"} <= worse_when_higher
    assert "ontime_rate" not in worse_when_higher


def test_definition_refuses_nonsense():
    base = definition_for("ontime_rate", date(2025, 1, 1))
    with pytest.raises(ValueError):
        replace(base, measure="median")
    with pytest.raises(ValueError):
        replace(base, unit="phút")
    with pytest.raises(ValueError):
        replace(base, valid_from=date(2025, 1, 1), valid_to=date(2024, 1, 1))


# --- Values ------------------------------------------------------------------------------------------

RATE = definition_for("ontime_rate", date(2025, 1, 1))
COUNT = definition_for("received", date(2025, 1, 1))
MEAN = definition_for("rating_average", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("definition", "numerator", "denominator", "expected"),
    [
        (RATE, 3, 5, D("60.0000")),
        (RATE, 4, 7, D("57.1429")),  # 57.142857… rounds down
        (RATE, 2, 3, D("66.6667")),  # 66.66666… rounds up
        (RATE, 1, 128, D("0.7813")),  # 0.78125: half up (banker's rounding would give 0.7812)
        (RATE, 0, 5, D("0.0000")),  # 0 is a value
        (RATE, 0, 0, None),  # nothing to measure: N/A, not 0
        (RATE, 5, None, None),
        (COUNT, 12, None, D("12.0000")),
        (COUNT, 0, None, D("0.0000")),
        (COUNT, None, None, None),
        (MEAN, 4, 2, D("2.0000")),
        (MEAN, 5, 3, D("1.6667")),
        (MEAN, 0, 0, None),
    ],
)
def test_value_of(definition, numerator, denominator, expected):
    assert value_of(definition, numerator, denominator) == expected


# --- Statutory limit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "kind", "expected"),
    [
        (D(5), "working_days", timedelta(days=7)),  # a working week is 7 calendar days
        (D(1), "working_days", timedelta(days=1, hours=9, minutes=36)),  # 1.4 days
        (D(10), "calendar_days", timedelta(days=10)),
        (D(8), "hours", timedelta(hours=8)),
        (D("0.5"), "calendar_days", timedelta(hours=12)),
        (None, "working_days", None),
        (D(5), "", None),
    ],
)
def test_statutory_limit(limit, kind, expected):
    assert statutory_limit(limit, kind) == expected


# --- Periods -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("quarter", [(date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30)),
                     (date(2025, 7, 1), date(2025, 9, 30)), (date(2025, 10, 1), date(2025, 12, 31))]),
        ("half", [(date(2025, 1, 1), date(2025, 6, 30))]),
        ("nine_months", [(date(2025, 1, 1), date(2025, 9, 30))]),
        ("year", [(date(2025, 1, 1), date(2025, 12, 31))]),
    ],
)
def test_periods_of(kind, expected):
    assert periods_of(2025, kind) == expected


def test_months_cover_the_year_including_leap_february():
    months = periods_of(2024, "month")
    assert len(months) == 12
    assert months[1] == (date(2024, 2, 1), date(2024, 2, 29))
    assert periods_of(2025, "month")[1] == (date(2025, 2, 1), date(2025, 2, 28))
    assert months[11] == (date(2024, 12, 1), date(2024, 12, 31))
    for (_s, end), (start, _e) in zip(months, months[1:], strict=False):
        assert start == end + timedelta(days=1)


def test_unknown_period_kind():
    assert PERIOD_KINDS == ("month", "quarter", "half", "nine_months", "year")
    with pytest.raises(ValueError):
        periods_of(2025, "week")


@pytest.mark.parametrize(
    ("kind", "start", "label"),
    [
        ("month", date(2025, 3, 1), "Tháng 3/2025"),
        ("quarter", date(2025, 10, 1), "Quý IV/2025"),
        ("half", date(2025, 1, 1), "6 tháng 2025"),
        ("nine_months", date(2025, 1, 1), "9 tháng 2025"),
        ("year", date(2025, 1, 1), "Năm 2025"),
    ],
)
def test_period_label(kind, start, label):
    assert period_label(kind, start) == label


# --- Period scope ------------------------------------------------------------------------------------

START, END = datetime(2025, 4, 1), datetime(2025, 6, 30, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("status", "received", "finished", "expected"),
    [
        (9, datetime(2025, 4, 2), datetime(2025, 4, 5), True),  # received and finished in Q2
        (4, datetime(2025, 3, 2), None, True),  # carried over from Q1, still open
        (9, datetime(2025, 3, 2), datetime(2025, 4, 1), True),  # carried over, finished on Q2's first day
        (9, datetime(2025, 3, 2), datetime(2025, 3, 31, 23, 59), False),  # finished in Q1
        (9, datetime(2025, 3, 2), datetime(2025, 7, 3), True),  # finished after Q2: open at its end
        (4, datetime(2025, 7, 1), None, False),  # received after Q2
        (4, END, None, True),  # received at the last instant
        (1, datetime(2025, 4, 2), None, False),  # only registered, never received
        (3, datetime(2025, 4, 2), None, False),  # refused
        (7, datetime(2025, 3, 2), None, False),  # withdrawn in Q1 with no time: ended on receipt
        (10, datetime(2025, 4, 3), None, True),  # finished, no time, received in Q2
        (8, datetime(2025, 3, 2), None, True),  # stopped, no time: still counted (within time)
    ],
)
def test_in_scope(status, received, finished, expected):
    assert in_scope(status, received, finished, START, END) is expected


# --- Rollup closure ----------------------------------------------------------------------------------

CUT = date(2025, 7, 1)


def closure(parents, links=()):
    return {(u, a): until for u, a, until in rollup_closure(parents, links)}


def test_tree_rollup():
    # Province 1 > district 2 > communes 3, 4; department 5 under the province.
    got = closure({1: None, 2: 1, 3: 2, 4: 2, 5: 1})
    assert got == {
        (1, 1): None, (2, 2): None, (2, 1): None, (3, 3): None, (3, 2): None, (3, 1): None,
        (4, 4): None, (4, 2): None, (4, 1): None, (5, 5): None, (5, 1): None,
    }


def test_merger_includes_predecessors_before_the_date():
    # Old communes 3 and 4 (district 2, old province 1) merge into new commune 7 of new province 6; the
    # old province continues as the new one.
    parents = {1: None, 2: 1, 3: 2, 4: 2, 6: None, 7: 6}
    got = closure(parents, [(3, 7, CUT), (4, 7, CUT), (1, 6, CUT)])
    assert got[(3, 7)] == CUT and got[(4, 7)] == CUT
    assert got[(3, 6)] == CUT  # through commune 7 and through the old province: once, until 1/7/2025
    assert got[(2, 6)] == CUT  # the old district's own dossiers, through the old province
    assert (7, 3) not in got  # lineage runs forward only
    assert got[(7, 6)] is None


def test_along_a_chain_the_earliest_date_holds_across_paths_the_latest():
    # A → B on 2020-01-01, B → C on 2025-07-01: A's dossiers count for C only before 2020.
    got = closure({1: None, 2: None, 3: None}, [(1, 2, date(2020, 1, 1)), (2, 3, CUT)])
    assert got[(1, 3)] == date(2020, 1, 1)
    # A second, later path to C widens it.
    got = closure({1: None, 2: None, 3: None}, [(1, 2, date(2020, 1, 1)), (2, 3, CUT), (1, 3, CUT)])
    assert got[(1, 3)] == CUT


def test_split_counts_once_above():
    # Old commune 2 split into new communes 4 and 5, both under new province 3.
    got = closure({1: None, 2: 1, 3: None, 4: 3, 5: 3}, [(2, 4, CUT), (2, 5, CUT)])
    assert [k for k in got if k[0] == 2 and k[1] == 3] == [(2, 3)]


def test_lineage_cycles_terminate():
    got = closure({1: None, 2: None}, [(1, 2, CUT), (2, 1, date(2026, 1, 1))])
    assert got[(1, 2)] == CUT and got[(2, 1)] == date(2026, 1, 1)


@pytest.mark.parametrize("kind", ["month", "quarter", "half", "nine_months", "year"])
def test_periods_of_the_calendars_last_year_end_in_it(kind):
    """Issue 10: ``?start=9999-…`` made "year 10000 is out of range" (the month's end was computed as the
    next month's first day less one)."""
    assert periods_of(9999, kind)[-1][1] == {"half": date(9999, 6, 30), "nine_months": date(9999, 9, 30)}.get(kind, date(9999, 12, 31))
    assert periods_of(2024, "month")[1] == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize(("kind", "start", "previous"), [
    ("month", date(2025, 3, 1), date(2025, 2, 1)),
    ("month", date(2025, 1, 1), date(2024, 12, 1)),
    ("quarter", date(2025, 7, 1), date(2025, 4, 1)),
    ("quarter", date(2025, 1, 1), date(2024, 10, 1)),
    ("half", date(2025, 1, 1), date(2024, 1, 1)),  # cumulative from 1 January: the same period a year before
    ("nine_months", date(2025, 1, 1), date(2024, 1, 1)),
    ("year", date(2025, 1, 1), date(2024, 1, 1)),
])
def test_previous_start_by_hand(kind, start, previous):
    assert previous_start(kind, start) == previous
    assert previous in {s for s, _e in periods_of(previous.year, kind)}


def test_previous_start_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown period kind"):
        previous_start("week", date(2025, 1, 6))


@pytest.mark.parametrize(("kind", "start", "end"), [
    ("month", date(2024, 2, 1), date(2024, 2, 29)),  # a leap February
    ("quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ("half", date(2026, 1, 1), date(2026, 6, 30)),
    ("nine_months", date(2026, 1, 1), date(2026, 9, 30)),
    ("year", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_period_end_of_each_kind(kind, start, end):
    assert kpis.period_end(kind, start) == end


def test_period_end_refuses_a_day_that_starts_no_such_period():
    with pytest.raises(ValueError):
        kpis.period_end("quarter", date(2026, 2, 1))


def test_the_periods_containing_a_day():
    # 30/6/2026: June, the second quarter, the first half, the nine months and the year; not the third quarter.
    assert kpis.periods_containing(date(2026, 6, 30)) == [
        ("month", date(2026, 6, 1)), ("quarter", date(2026, 4, 1)), ("half", date(2026, 1, 1)),
        ("nine_months", date(2026, 1, 1)), ("year", date(2026, 1, 1))]
    # 1/10/2026 lies in no half and no nine months.
    assert kpis.periods_containing(date(2026, 10, 1), ("half", "nine_months", "quarter")) == [
        ("quarter", date(2026, 10, 1))]
