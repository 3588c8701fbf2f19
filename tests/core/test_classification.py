"""The yearly classification rules (cchc.core.classification), worked by hand from DOMAIN §6, §11 Q7 and
seed 003 (QĐ 4510/QĐ-UBND Bình Định: reminded about late dossiers in 2022, late again repeatedly in 2023 ⇒
not "hoàn thành tốt nhiệm vụ")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from cchc.core.classification import (
    VERSIONS,
    Config,
    Findings,
    Inputs,
    LateCountRule,
    Level,
    Ranked,
    Reminder,
    RepeatLateRule,
    allowed_top,
    apply_top_share,
    at_most,
    band_of,
    late_count_cap,
    propose,
    repeat_late_cap,
    score_of,
    version_for_year,
    version_on,
)


@pytest.mark.parametrize(("day", "code"), [
    (date(2020, 8, 13), "nd90"), (date(2023, 9, 14), "nd90"), (date(2023, 9, 15), "nd90_48"),
    (date(2025, 12, 31), "nd90_48"), (date(2026, 1, 1), "nd335"), (date(2030, 6, 1), "nd335"),
])
def test_the_version_in_force_on_a_day(day, code):
    assert version_on(day).code == code


def test_no_version_before_nd90():
    with pytest.raises(ValueError):
        version_on(date(2020, 8, 12))


@pytest.mark.parametrize(("year", "code"), [(2022, "nd90"), (2023, "nd90_48"), (2025, "nd90_48"), (2026, "nd335")])
def test_a_year_follows_the_version_in_force_on_its_last_day(year, code):
    assert version_for_year(year).code == code


def test_only_48_2023_carries_the_party_share_note_and_every_version_caps_at_20_percent():
    assert [bool(v.notes) for v in VERSIONS] == [False, True, False]
    assert {v.top_share for v in VERSIONS} == {D(20)}


@pytest.mark.parametrize(("inputs", "expected"), [
    (Inputs(), None),
    (Inputs(score766=D(80)), D("80.00")),
    (Inputs(score766=D(80), ontime_rate=D(100)), D("90.00")),
    # (70 + 95 + 50) / 3 = 71.666… → 71.67
    (Inputs(score766=D(70), ontime_rate=D(95), task_completion=D(50)), D("71.67")),
    # the PAR index weighs only when present
    (Inputs(score766=D(70), ontime_rate=D(90), task_completion=D(80), par_index=D(100)), D("85.00")),
])
def test_the_score_is_the_mean_of_the_inputs_with_a_value(inputs, expected):
    assert score_of(inputs) == expected


def test_weights_are_configurable():
    # 766 counts twice: (2·60 + 90) / 3 = 70
    assert score_of(Inputs(score766=D(60), ontime_rate=D(90)), {"score766": D(2), "ontime_rate": D(1)}) == D("70.00")


@pytest.mark.parametrize(("score", "level"), [
    (D(100), Level.EXCELLENT), (D(90), Level.EXCELLENT), (D("89.99"), Level.GOOD), (D(70), Level.GOOD),
    (D("69.99"), Level.DONE), (D(50), Level.DONE), (D("49.99"), Level.NOT_DONE), (D(0), Level.NOT_DONE),
])
def test_bands(score, level):
    assert band_of(score) == level


def test_a_cap_never_raises():
    assert at_most(Level.DONE, Level.GOOD) == Level.DONE
    assert at_most(Level.EXCELLENT, Level.DONE) == Level.DONE


# Seed 003 by hand: reminded 15/10/2025; in 2026 months Jan–Mar the unit finished 40, 50, 10 dossiers with
# 2, 3, 1 late: 6 late of 100 = 6% > 5% and 6 ≥ 3 ⇒ capped.
MONTHLY = {date(2026, 1, 1): (2, 40), date(2026, 2, 1): (3, 50), date(2026, 3, 1): (1, 10)}
REMINDED = [Reminder(date(2025, 10, 15))]


def test_seed003_reminded_one_year_late_again_the_next_is_capped_below_good():
    cap = repeat_late_cap(2026, REMINDED, MONTHLY)
    assert cap is not None and cap.at_most == Level.DONE and cap.code == "seed003"
    assert cap.params["late"] == 6 and cap.params["finished"] == 100 and cap.params["share"] == "6.00"
    assert cap.params["reminded"] == "15/10/2025" and cap.params["since"] == "01/2026"
    assert "QĐ 4510" in cap.reason


@pytest.mark.parametrize(("reminders", "monthly", "rule", "why"), [
    ([], MONTHLY, RepeatLateRule(), "no reminder"),
    ([Reminder(date(2025, 10, 15), about_late=False)], MONTHLY, RepeatLateRule(), "reminded about something else"),
    ([Reminder(date(2024, 10, 15))], MONTHLY, RepeatLateRule(), "reminded two years before"),
    (REMINDED, {date(2026, 1, 1): (2, 40)}, RepeatLateRule(), "late only twice (< 3)"),
    # 6 late of 200 = 3% ≤ 5%
    (REMINDED, {date(2026, 1, 1): (6, 200)}, RepeatLateRule(), "late share too small"),
    # exactly 5% is not above 5%
    (REMINDED, {date(2026, 1, 1): (5, 100)}, RepeatLateRule(), "share at the threshold"),
    (REMINDED, MONTHLY, RepeatLateRule(enabled=False), "rule off"),
    # the year before's months do not count
    (REMINDED, {date(2025, 11, 1): (9, 10)}, RepeatLateRule(), "late only in the reminder's year"),
])
def test_seed003_does_not_apply(reminders, monthly, rule, why):
    assert repeat_late_cap(2026, reminders, monthly, rule) is None, why


def test_seed003_thresholds_are_configurable():
    assert repeat_late_cap(2026, REMINDED, {date(2026, 1, 1): (2, 30)}, RepeatLateRule(min_late=2)) is not None
    assert repeat_late_cap(2026, REMINDED, {date(2026, 1, 1): (6, 200)}, RepeatLateRule(min_share=None)) is not None


def test_seed003_same_year_reminder_counts_the_months_after_it_only_when_configured():
    monthly = {date(2026, 3, 1): (9, 10), date(2026, 5, 1): (1, 50)}
    reminded = [Reminder(date(2026, 4, 10))]
    assert repeat_late_cap(2026, reminded, monthly) is None
    # with same_year: only May counts (1 late of 50): not repeated; March (before) is left out
    assert repeat_late_cap(2026, reminded, monthly, RepeatLateRule(same_year=True)) is None
    assert repeat_late_cap(2026, reminded, {date(2026, 5, 1): (4, 50)}, RepeatLateRule(same_year=True)) is not None


@pytest.mark.parametrize(("late", "apologies", "capped"), [
    (19, 0, False), (20, 0, True), (0, 20, True), (None, None, False),
])
def test_the_domain_late_count_rule_when_on(late, apologies, capped):
    rule = LateCountRule(enabled=True)
    cap = late_count_cap(Inputs(late_count=late, apology_count=apologies), rule)
    assert (cap is not None) is capped
    assert late_count_cap(Inputs(late_count=1000, apology_count=1000), LateCountRule()) is None  # off by default


def test_propose_applies_every_cap_with_its_reason():
    inputs = Inputs(score766=D(95), ontime_rate=D(92), task_completion=D(100),
                    findings=Findings(inspected=True, found=3, remedied_in_year=2, open=1), late_count=25)
    config = Config(late_count=LateCountRule(enabled=True))
    proposal = propose(2026, inputs, REMINDED, MONTHLY, config)
    assert proposal.base == Level.EXCELLENT  # (95 + 92 + 100) / 3 = 95.67
    assert proposal.score == D("95.67")
    assert [c.code for c in proposal.caps] == ["seed003", "late_count", "findings"]
    assert proposal.level == Level.DONE
    # without the reminder: only the findings cap (at most tốt) and, off by default, no late-count cap
    alone = propose(2026, inputs, (), {}, Config())
    assert [c.code for c in alone.caps] == ["findings"] and alone.level == Level.GOOD


def test_propose_without_inputs_proposes_nothing():
    proposal = propose(2026, Inputs(), REMINDED, MONTHLY)
    assert proposal.level is None and proposal.base is None
    assert [c.code for c in proposal.caps] == ["seed003"]  # the reason is still shown


@pytest.mark.parametrize(("good", "allowed"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)])
def test_allowed_top_is_20_percent_of_those_rated_good_or_better_rounded_down(good, allowed):
    assert allowed_top(VERSIONS[2], good) == allowed


def test_the_share_cap_demotes_the_lowest_scores_first():
    # 10 units rated tốt or better, 4 of them xuất sắc: 2 allowed, the 2 lowest-scored xuất sắc are demoted
    rows = [Ranked(1, "A", D(98), Level.EXCELLENT), Ranked(2, "B", D(91), Level.EXCELLENT),
            Ranked(3, "C", D(93), Level.EXCELLENT), Ranked(4, "D", D(91), Level.EXCELLENT),
            *[Ranked(10 + i, f"T{i}", D(80), Level.GOOD) for i in range(6)],
            Ranked(30, "X", D(40), Level.NOT_DONE)]
    caps = apply_top_share(VERSIONS[2], rows)
    assert set(caps) == {2, 4}  # 91 and 91 (then C at 93 stays)
    assert all(c.at_most == Level.GOOD for c in caps.values())
    assert caps[2].params["allowed"] == 2 and caps[2].params["good"] == 10


def test_the_share_cap_breaks_ties_by_the_later_name():
    rows = [Ranked(1, "An", D(95), Level.EXCELLENT), Ranked(2, "Bình", D(95), Level.EXCELLENT),
            *[Ranked(10 + i, f"T{i}", D(80), Level.GOOD) for i in range(3)]]
    assert set(apply_top_share(VERSIONS[2], rows)) == {2}  # 5 rated tốt or better → 1 allowed; Bình goes
