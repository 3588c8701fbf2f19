"""Which unit a transferred dossier counts at, which dossiers were open on 1/7/2025, the successor of a
dissolved unit, and the due date timeliness is judged against on each side of 1/7/2025 and 15/9/2025.

Sources: NĐ 118/2025/NĐ-CP Art. 14, 20 (reception regardless of boundary), DOMAIN §12.2 (dossiers in
progress on 1/7/2025 transferred to the new competent unit [C R4]; TT 03/2025/TT-VPCP forms from
15/9/2025 [C R8]). Every expected value below is worked out by hand from the rule in the docstring of
the function tested.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cchc.core.apology_rules import form_version, judged_due, rules_on, stop_notice_form
from cchc.core.transfers import (
    REORGANISATION_INSTANT,
    SuccessorProblem,
    Transfer,
    counter_unit,
    counting_unit,
    open_at,
    successor_of,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=0, mm=0, ss=0, us=0):
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=HCM)


Q2_END = at(2025, 6, 30, 23, 59, 59, 999999)
Q3_END = at(2025, 9, 30, 23, 59, 59, 999999)
JUNE_END = Q2_END
JULY_END = at(2025, 7, 31, 23, 59, 59, 999999)
MOVE = Transfer(from_unit="A", to_unit="B", at=REORGANISATION_INSTANT)


def test_the_reorganisation_instant_is_midnight_of_1_july_2025_in_vietnam():
    assert REORGANISATION_INSTANT.isoformat() == "2025-07-01T00:00:00+07:00"


@pytest.mark.parametrize(("period_end", "expected"), [
    (Q2_END, "A"),  # Q2/2025 ends 30/6 23:59:59.999999, before the transfer at 1/7 00:00 → the old unit
    (JUNE_END, "A"),
    (at(2025, 7, 1), "B"),  # a period ending exactly at the transfer instant → the new unit
    (JULY_END, "B"),
    (Q3_END, "B"),  # Q3/2025 → the new unit
    (at(2024, 12, 31, 23, 59, 59), "A"),
])
def test_a_transferred_dossier_counts_at_the_old_unit_before_the_transfer_and_at_the_new_one_after(period_end, expected):
    assert counting_unit("B", [MOVE], period_end) == expected


def test_without_transfers_the_dossier_counts_at_its_unit():
    assert counting_unit("A", [], Q2_END) == "A"


def test_with_two_transfers_each_period_gets_the_unit_held_at_its_end():
    # A → B on 1/7/2025, then (an officer's decision) B → C on 15/8/2025 10:00; current unit C.
    second = Transfer(from_unit="B", to_unit="C", at=at(2025, 8, 15, 10))
    assert counting_unit("C", [second, MOVE], Q2_END) == "A"
    assert counting_unit("C", [second, MOVE], JULY_END) == "B"
    assert counting_unit("C", [second, MOVE], at(2025, 8, 15, 9, 59)) == "B"
    assert counting_unit("C", [second, MOVE], at(2025, 8, 31, 23, 59)) == "C"


def test_counter_workload_goes_to_the_receiving_unit_when_there_is_one():
    assert counter_unit("agency B", "commune A") == "commune A"
    assert counter_unit("agency B", None) == "agency B"


@pytest.mark.parametrize(("status", "received", "finished", "expected"), [
    (4, at(2025, 6, 20, 9), None, True),  # in progress on 1/7
    (9, at(2025, 6, 20, 9), at(2025, 7, 3, 10), True),  # finished after 1/7: still open at 1/7 00:00
    (9, at(2025, 6, 20, 9), at(2025, 6, 30, 16), False),  # finished on 30/6
    (9, at(2025, 6, 20, 9), at(2025, 7, 1), True),  # finished exactly at 1/7 00:00: not before the instant
    (4, at(2025, 7, 1), None, False),  # received at the instant: under the new unit already
    (4, at(2025, 7, 2, 8), None, False),
    (1, at(2025, 6, 20, 9), None, False),  # never received
    (3, at(2025, 6, 20, 9), None, False),
    (10, at(2025, 6, 20, 9), None, False),  # ended, no end date: ended at receipt
    (8, at(2025, 6, 20, 9), None, True),  # stopped with no date: not known to have ended
    (5, at(2025, 5, 2, 9), None, True),  # waiting for a supplement
])
def test_open_on_1_july_2025(status, received, finished, expected):
    assert open_at(status, received, finished, REORGANISATION_INSTANT) is expected


# Lineage: X (commune) → M (merged, exists); D1 (department, ended early 2025) → D2 (ended 30/6) → D3;
# S split into S1 and S2; Z went nowhere.
LINKS = [("X", "M"), ("Y", "M"), ("D1", "D2"), ("D2", "D3"), ("S", "S1"), ("S", "S2")]
EXISTS = {"M", "D3", "S1", "S2"}.__contains__


def test_the_successor_of_a_merged_commune_is_the_new_commune():
    found = successor_of("X", LINKS, EXISTS)
    assert (found.unit, found.problem) == ("M", None)


def test_a_successor_that_ended_too_is_followed_to_the_unit_that_exists():
    assert successor_of("D1", LINKS, EXISTS).unit == "D3"


def test_a_split_is_ambiguous_and_names_its_candidates():
    found = successor_of("S", LINKS, EXISTS)
    assert found.unit is None
    assert found.problem == SuccessorProblem.AMBIGUOUS
    assert set(found.candidates) == {"S1", "S2"}


def test_no_successor_is_reported_not_guessed():
    found = successor_of("Z", LINKS, EXISTS)
    assert (found.unit, found.problem, found.candidates) == (None, SuccessorProblem.NONE, ())


# --- the due date timeliness is judged against, per rule version -----------------------------------------

ORIGINAL = date(2025, 6, 20)
CURRENT = date(2025, 6, 27)  # moved by the letter


@pytest.mark.parametrize(("letter_on", "expected", "source"), [
    (date(2025, 6, 30), ORIGINAL, "NĐ 61/2018/NĐ-CP, sửa đổi bởi NĐ 107/2021/NĐ-CP"),  # the last day of NĐ 61
    (date(2025, 7, 1), ORIGINAL, "NĐ 118/2025/NĐ-CP (mẫu của TT 01/2018/TT-VPCP)"),  # NĐ 118, old Mẫu 04
    (date(2025, 9, 14), ORIGINAL, "NĐ 118/2025/NĐ-CP (mẫu của TT 01/2018/TT-VPCP)"),
    (date(2025, 9, 15), CURRENT, "NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP"),  # TT 03/2025 Mẫu 04: extension
])
def test_an_apology_moves_the_judged_due_date_only_under_tt_03_2025(letter_on, expected, source):
    assert rules_on(letter_on).source == source
    assert judged_due(ORIGINAL, CURRENT, extended_on=letter_on) == expected


def test_without_a_letter_the_current_due_date_is_judged():
    # A due date moved only by the calendar (a supplement's wait) is the one the law set.
    assert judged_due(ORIGINAL, CURRENT, extended_on=None) == CURRENT
    assert judged_due(ORIGINAL, None, extended_on=None) is None


def test_the_extension_effect_is_configuration():
    from dataclasses import replace

    from cchc.core.apology_rules import RULE_VERSIONS

    off = tuple(replace(v, extension_moves_due=False) for v in RULE_VERSIONS)
    assert judged_due(ORIGINAL, CURRENT, extended_on=date(2025, 9, 15), versions=off) == ORIGINAL


@pytest.mark.parametrize(("day", "apology", "stop"), [
    (date(2025, 6, 30), "TT 01/2018/TT-VPCP Mẫu 04", None),
    (date(2025, 7, 1), "TT 01/2018/TT-VPCP Mẫu 04", None),  # NĐ 118 in force, old forms still in use
    (date(2025, 9, 14), "TT 01/2018/TT-VPCP Mẫu 04", None),
    (date(2025, 9, 15), "TT 03/2025/TT-VPCP Mẫu 04", "TT 03/2025/TT-VPCP Mẫu 05"),
])
def test_the_forms_in_force_on_each_side_of_the_boundaries(day, apology, stop):
    form = form_version(day)
    assert f"{form.circular} {form.number}" == apology
    notice = stop_notice_form(day)
    assert (None if notice is None else f"{notice.circular} {notice.number}") == stop
    if notice is not None:
        assert notice.title == "Thông báo dừng giải quyết hồ sơ"
