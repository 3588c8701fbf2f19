"""Ranks within a block and overall (cchc.core.ranking), hand-worked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.ranking import rank_in_blocks


def ranks(rows):
    """rows: (name, block, score) → {name: (block rank, overall rank)}, and the names in order."""
    placed = rank_in_blocks(rows, score=lambda r: r[2], block=lambda r: r[1], name=lambda r: r[0])
    return [p.item[0] for p in placed], {p.item[0]: (p.block_rank, p.overall_rank) for p in placed}


def test_block_and_overall_ranks_by_hand():
    # Overall: A 90, X 85, B 85, C 70, Y 60, Z 60, D 50 → A1, B2, X2, C4, Y5, Z5, D7 (name breaks a tie's order).
    # Agency block: X 85, Y 60, Z 60 → X1, Y2, Z2. Commune block: A 90, B 85, C 70, D 50 → 1, 2, 3, 4.
    rows = [("D", "commune", Decimal("50")), ("X", "agency", Decimal("85")), ("A", "commune", Decimal("90")),
            ("Y", "agency", Decimal("60")), ("B", "commune", Decimal("85")), ("C", "commune", Decimal("70")),
            ("Z", "agency", Decimal("60"))]
    order, got = ranks(rows)
    assert order == ["A", "B", "X", "C", "Y", "Z", "D"]
    assert got == {"A": (1, 1), "B": (2, 2), "X": (1, 2), "C": (3, 4), "Y": (2, 5), "Z": (2, 5), "D": (4, 7)}


def test_a_tie_within_a_block_that_is_not_a_tie_overall():
    # Commune P and Q tie at 80; agency R at 85 sits above both overall; S (commune) at 79 is 3rd in its block, 4th overall.
    _order, got = ranks([("P", "commune", 80), ("Q", "commune", 80), ("R", "agency", 85), ("S", "commune", 79)])
    assert got == {"R": (1, 1), "P": (1, 2), "Q": (1, 2), "S": (3, 4)}


def test_no_score_comes_last_and_ties_with_no_score():
    order, got = ranks([("N1", "commune", None), ("Zero", "commune", 0), ("N2", "agency", None)])
    assert order == ["Zero", "N1", "N2"]
    assert got == {"Zero": (1, 1), "N1": (2, 2), "N2": (1, 2)}


@pytest.mark.parametrize("rows", [[], [("Only", "agency", Decimal("12.5"))]])
def test_empty_and_single(rows):
    _order, got = ranks(rows)
    assert got == ({"Only": (1, 1)} if rows else {})


# --- Change against the previous period ---------------------------------------------------------------

@pytest.mark.parametrize(("current", "previous", "previous_ranked", "expected"), [
    (2, 5, True, (5, 3, False)),     # 5th → 2nd: up three places (↑ 3)
    (7, 4, True, (4, -3, False)),    # 4th → 7th: down three (↓ 3)
    (3, 3, True, (3, 0, False)),     # unchanged (=)
    (1, None, True, (None, None, True)),   # not ranked before, while others were: new
    (1, None, False, (None, None, False)),  # the previous period ranks nobody: nothing to compare, not "new"
])
def test_rank_change_by_hand(current, previous, previous_ranked, expected):
    from cchc.core.ranking import change

    assert tuple(change(current, previous, previous_ranked=previous_ranked)) == expected
