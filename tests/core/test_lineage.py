"""Lineage of administrative units across reorganisations.

Source: Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions on the 2025 arrangement of
provinces and communes (in force 1/7/2025): old communes were merged (several → one) or split (one →
several); a figure for a new commune before 1/7/2025 is the figure of the old units it came from. The
graphs below are made by hand; links are (predecessor, successor).
"""

from __future__ import annotations

import pytest

from cchc.core.lineage import ancestors, classify_change, descendants

# Three communes merged into one (2025).
MERGER = [("xa-a", "xa-moi"), ("xa-b", "xa-moi"), ("xa-c", "xa-moi")]
# One commune split into two.
SPLIT = [("xa-cu", "xa-bac"), ("xa-cu", "xa-nam")]
# Two reorganisations: in 2020 commune A was renamed B; in 2025 B and C merged into D, and D
# then also took part of E, which was split between D and F.
CHAIN = [("A", "B"), ("B", "D"), ("C", "D"), ("E", "D"), ("E", "F")]
# X (2025) came from P and Q; P from T (2020); Q from R (2020), and R from V (2015).
GENERATIONS = [("T", "P"), ("P", "X"), ("V", "R"), ("R", "Q"), ("Q", "X")]
# A was split into B and C (2015); B was renamed D (2020); C was renamed E (2020), then E became F (2025).
SPLITS = [("A", "B"), ("A", "C"), ("B", "D"), ("C", "E"), ("E", "F")]


@pytest.mark.parametrize(
    ("links", "unit", "expected"),
    [
        (MERGER, "xa-moi", ["xa-a", "xa-b", "xa-c"]),
        (MERGER, "xa-a", []),
        (SPLIT, "xa-bac", ["xa-cu"]),
        (SPLIT, "xa-nam", ["xa-cu"]),
        (SPLIT, "xa-cu", []),
        # Nearest first: B, C, E (2025) before A (2020, behind B).
        (CHAIN, "D", ["B", "C", "E", "A"]),
        (CHAIN, "F", ["E"]),
        # Generation by generation: T (two steps back) comes before V (three steps back).
        (GENERATIONS, "X", ["P", "Q", "T", "R", "V"]),
        (CHAIN, "B", ["A"]),
        (CHAIN, "not-in-graph", []),
        ([], "A", []),
    ],
    ids=[
        "merger-3-to-1", "merged-old-unit-has-none", "split-north", "split-south", "split-old-unit-has-none",
        "chain-nearest-first", "split-part", "generations-nearest-first", "chain-one-step", "unknown-unit",
        "no-links",
    ],
)
def test_ancestors(links, unit, expected):
    assert ancestors(unit, links) == expected


@pytest.mark.parametrize(
    ("links", "unit", "expected"),
    [
        (MERGER, "xa-b", ["xa-moi"]),
        (MERGER, "xa-moi", []),
        (SPLIT, "xa-cu", ["xa-bac", "xa-nam"]),
        (SPLIT, "xa-nam", []),
        # Nearest first: B (2020) before D (2025).
        (CHAIN, "A", ["B", "D"]),
        (CHAIN, "E", ["D", "F"]),
        (CHAIN, "D", []),
        (GENERATIONS, "V", ["R", "Q", "X"]),
        # Generation by generation: D (two steps on) comes before F (three steps on).
        (SPLITS, "A", ["B", "C", "D", "E", "F"]),
        ([], "A", []),
    ],
    ids=[
        "merger-old-to-new", "merger-new-has-none", "split-1-to-2", "split-new-has-none",
        "chain-nearest-first", "split-part-into-two", "chain-end", "generations-forward",
        "splits-nearest-first", "no-links",
    ],
)
def test_descendants(links, unit, expected):
    assert descendants(unit, links) == expected


def test_a_unit_reached_twice_is_listed_once():
    # A split into B and C which were merged again into D: D is reached along two paths.
    diamond = [("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")]
    assert descendants("A", diamond) == ["B", "C", "D"]
    assert ancestors("D", diamond) == ["B", "C", "A"]


@pytest.mark.parametrize(
    ("links", "unit", "expected_ancestors", "expected_descendants"),
    [
        ([("A", "B"), ("B", "A")], "A", ["B"], ["B"]),
        ([("A", "A")], "A", [], []),
        ([("A", "B"), ("B", "C"), ("C", "A")], "A", ["C", "B"], ["B", "C"]),
    ],
    ids=["two-cycle", "self-loop", "three-cycle"],
)
def test_cycles_end_and_never_list_the_start(links, unit, expected_ancestors, expected_descendants):
    # Bad data (a link entered both ways) must not hang a page.
    assert ancestors(unit, links) == expected_ancestors
    assert descendants(unit, links) == expected_descendants


def test_links_may_be_a_one_shot_iterator():
    assert ancestors("xa-moi", iter(MERGER)) == ["xa-a", "xa-b", "xa-c"]
    assert descendants("xa-cu", (link for link in SPLIT)) == ["xa-bac", "xa-nam"]


def test_units_may_be_any_hashable():
    links = [(101, 200), (102, 200), (("old", 7), 101)]
    assert ancestors(200, links) == [101, 102, ("old", 7)]


@pytest.mark.parametrize(
    ("predecessors", "successors", "expected"),
    [
        (1, 1, "renamed"),
        (3, 1, "merged"),
        (2, 1, "merged"),
        (1, 2, "split"),
        (1, 3, "split"),
    ],
    ids=["1-to-1-renamed", "3-to-1-merged", "2-to-1-merged", "1-to-2-split", "1-to-3-split"],
)
def test_classify_change(predecessors, successors, expected):
    assert classify_change(predecessors, successors) == expected


def test_classify_change_from_the_graphs():
    # Counting the links of MERGER and SPLIT by hand gives the shapes their names say.
    merged_into = sum(1 for _, new in MERGER if new == "xa-moi")
    split_from = sum(1 for old, _ in SPLIT if old == "xa-cu")
    assert classify_change(merged_into, 1) == "merged"
    assert classify_change(1, split_from) == "split"
