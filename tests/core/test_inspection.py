"""cchc.core.inspection, table-tested by hand from seed 000 (KH 122/KH-UBND: ≥ 30% of units per level, 100%
of findings remedied within the year) and the [I] rules its docstrings state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core import inspection as ins
from cchc.core.inspection import RiskInput, UnitInputs


@pytest.mark.parametrize(("share", "units", "size"), [
    ("0.30", 14, 5),     # 4.2 → 5: "ít nhất 30%" of Gia Lai's 14 agencies
    ("0.30", 135, 41),   # 40.5 → 41 of its 135 communes and wards
    ("0.30", 10, 3),     # exactly 3
    ("0.30", 1, 1),
    ("0.30", 0, 0),
    ("1", 7, 7),
])
def test_the_sample_is_at_least_the_share(share, units, size):
    assert ins.sample_size(share, units) == size


@pytest.mark.parametrize("share", ["0", "-0.1", "1.01"])
def test_a_share_outside_0_1_is_refused(share):
    with pytest.raises(ValueError):
        ins.sample_size(share, 10)


def test_risk_score_worked_by_hand():
    """Two units; weights 25/20/15/15/15/10 (PAR index missing for both: its 15 is left out, total 85).

    A: on time 80% → 0.2; 4 late without apology of max 4 → 1; 0 flags of max 2 → 0; 1 open finding of
       max 1 → 1; inspected 3 years ago → 1.  Σ = 0.2·25 + 1·20 + 0 + 1·15 + 1·10 = 50 → 50/85 = 58.82.
    B: on time 100% → 0; 0 of 4 → 0; 2 of 2 → 1; 0 of 1 → 0; never inspected → 1.
       Σ = 15 + 10 = 25 → 25/85 = 29.41.
    """
    a = UnitInputs(1, ontime_rate=Decimal(80), late_without_apology=4, integrity_flags=0, unremedied_findings=1,
                   years_since_inspected=3)
    b = UnitInputs(2, ontime_rate=Decimal(100), late_without_apology=0, integrity_flags=2, unremedied_findings=0,
                   years_since_inspected=None)
    sa, sb = ins.risk_scores([a, b])
    assert (sa.score, sb.score) == (Decimal("58.82"), Decimal("29.41"))
    assert sa.missing == sb.missing == (RiskInput.PAR_INDEX.value,)
    assert sa.parts[RiskInput.ONTIME_RATE].risk == Decimal("0.2")
    assert RiskInput.PAR_INDEX not in sa.parts


def test_a_missing_input_gets_no_weight_for_that_unit_only():
    """A has no on-time rate (no dossiers): its score is the mean of the rest; B's includes its rate.
    Weights: on time 50, years 50, the rest 0. A: years 1 → 100. B: on time 90% → 0.1, years 1 → 1
    → (5 + 50)/100 = 55."""
    weights = {RiskInput.ONTIME_RATE: 50, RiskInput.YEARS_SINCE_INSPECTED: 50}
    a, b = UnitInputs(1), UnitInputs(2, ontime_rate=Decimal(90))
    sa, sb = ins.risk_scores([a, b], weights)
    assert sa.score == Decimal("100.00") and RiskInput.ONTIME_RATE.value in sa.missing
    assert sb.score == Decimal("55.00") and RiskInput.ONTIME_RATE.value not in sb.missing


def test_counts_are_relative_to_the_block_and_zero_when_nobody_has_any():
    weights = {RiskInput.INTEGRITY_FLAGS: 1}
    scores = ins.risk_scores([UnitInputs(1, integrity_flags=0), UnitInputs(2, integrity_flags=0)], weights)
    assert [s.score for s in scores] == [Decimal("0.00"), Decimal("0.00")]
    scores = ins.risk_scores([UnitInputs(1, integrity_flags=1), UnitInputs(2, integrity_flags=4)], weights)
    assert [s.score for s in scores] == [Decimal("25.00"), Decimal("100.00")]


@pytest.mark.parametrize(("years", "risk"), [(0, Decimal(0)), (1, Decimal(1) / 3), (3, Decimal(1)), (7, Decimal(1)),
                                             (None, Decimal(1))])
def test_years_since_inspected(years, risk):
    got = ins.normalised(UnitInputs(1, years_since_inspected=years), [])[RiskInput.YEARS_SINCE_INSPECTED]
    assert got == risk


@pytest.mark.parametrize("weights", [{"nonsense": 1}, {RiskInput.ONTIME_RATE: -1}, {RiskInput.ONTIME_RATE: 0},
                                     {RiskInput.ONTIME_RATE: "abc"}])
def test_bad_weights_are_refused(weights):
    with pytest.raises(ValueError):
        ins.check_weights(weights)


def _scores(n: int) -> list[ins.RiskScore]:
    # unit i scores i (unit 10 riskiest)
    return [ins.RiskScore(i, Decimal(i)) for i in range(1, n + 1)]


def test_draw_takes_the_riskiest_then_a_random_part():
    """10 units, 30% → 3; random share 30% → ⌈3 × 0.7⌉ = 3 by risk, 0 random."""
    picks = ins.draw_sample(_scores(10), share="0.30", random_share="0.30", seed="s")
    assert [(p.unit_id, p.how) for p in picks] == [(10, "risk"), (9, "risk"), (8, "risk")]
    # 20 units → 6: ⌈6 × 0.7⌉ = 5 by risk (20..16), 1 at random among 1..15
    picks = ins.draw_sample(_scores(20), share="0.30", random_share="0.30", seed="s")
    assert [p.unit_id for p in picks if p.how == "risk"] == [20, 19, 18, 17, 16]
    randoms = [p.unit_id for p in picks if p.how == "random"]
    assert len(randoms) == 1 and 1 <= randoms[0] <= 15


def test_the_same_seed_draws_the_same_units_whatever_the_order():
    scores = _scores(40)
    one = ins.draw_sample(scores, share="0.3", random_share="0.5", seed="2026-commune")
    two = ins.draw_sample(list(reversed(scores)), share="0.3", random_share="0.5", seed="2026-commune")
    assert one == two and len(one) == 12
    others = {tuple(p.unit_id for p in ins.draw_sample(scores, share="0.3", random_share="0.5", seed=f"s{i}"))
              for i in range(5)}
    assert len(others) > 1  # another seed draws other units (5 seeds, not all alike)


def test_ties_in_risk_go_to_the_smaller_id():
    scores = [ins.RiskScore(i, Decimal(50)) for i in (5, 3, 9)]
    assert [p.unit_id for p in ins.draw_sample(scores, share="0.3", random_share="0", seed="x")] == [3]


def test_unannounced_picks_come_from_units_not_already_chosen():
    got = ins.unannounced_picks(range(1, 11), already=[1, 2, 3, 4, 5, 6, 7, 8], count=2, seed="u")
    assert got == [9, 10]
    assert ins.unannounced_picks(range(1, 4), already=[1, 2, 3], count=1, seed="u") == []
    assert ins.unannounced_picks(range(1, 50), already=[], count=3, seed="u") == ins.unannounced_picks(
        reversed(range(1, 50)), already=[], count=3, seed="u")


@pytest.mark.parametrize(("inspected", "block", "expected"), [
    ([1, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (2, 10)),
    ([1, 1, 2], [1, 2, 3], (2, 3)),         # twice counts once
    ([1, 99], [1, 2, 3], (1, 3)),           # outside the block: not counted
    ([], [], (0, 0)),
])
def test_coverage(inspected, block, expected):
    assert ins.coverage(inspected, block) == expected


def test_remedied_within_the_year_worked_by_hand():
    """2026: found 3/3 closed 20/5 (yes); found 1/6 closed 5/1/2027 (no: next year); found 1/10 open (no);
    found 20/12/2025 closed 10/1/2026 (a 2025 finding: not counted in 2026) → (1, 3)."""
    findings = [(date(2026, 3, 3), date(2026, 5, 20)), (date(2026, 6, 1), date(2027, 1, 5)),
                (date(2026, 10, 1), None), (date(2025, 12, 20), date(2026, 1, 10))]
    assert ins.remedied_within_year(findings, 2026) == (1, 3)
    # 6 months to date: found 3/3 (closed 20/5) and 1/6 (open on 30/6); 1/10 not found yet → (1, 2)
    assert ins.remedied_within_year(findings, 2026, until=date(2026, 6, 30)) == (1, 2)
    # 2025's finding closed on 10/1/2026 was not remedied "ngay trong năm"
    assert ins.remedied_within_year(findings, 2025) == (0, 1)
