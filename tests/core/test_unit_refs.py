"""Which unit a reference means (cchc.core.unit_refs), cases worked by hand from the rule in the module's
docstring: key, then code (with the province's short form), then name; the window restricts; the newest
``valid_from`` wins among successive units; units valid together are ambiguous."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from cchc.core.unit_refs import (
    Choice,
    Outcome,
    Span,
    Step,
    choose,
    code_forms,
    name_similarity,
    normalise_name,
)

D = date


@pytest.mark.parametrize(("text", "expected"), [
    ("Xã Phù Mỹ", "xã phù mỹ"),
    ("  XÃ   PHÙ\tMỸ ", "xã phù mỹ"),  # case, surrounding and inner white space
    (unicodedata.normalize("NFD", "Xã Phù Mỹ"), "xã phù mỹ"),  # decomposed accents (macOS, some exports)
    ("ĐỨC PHỔ", "đức phổ"),  # Đ folds to đ, not to d
    ("UBND xã Phù Mỹ", "ubnd xã phù mỹ"),  # no prefix is removed
    ("Xã Thanh Hòa", "xã thanh hoà"), ("XÃ THANH HOÀ", "xã thanh hoà"),  # both tone-mark placements
    ("Phường Thủy Xuân", "phường thuỷ xuân"), (unicodedata.normalize("NFD", "Xã Qúy Lộc"), "xã quý lộc"),
    ("", ""),
])
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected
    assert unicodedata.is_normalized("NFC", normalise_name(text))


@pytest.mark.parametrize(("ref", "province", "expected"), [
    ("SNV", "52", ("SNV", "52.SNV")),
    (" SNV ", "52", ("SNV", "52.SNV")),
    ("52.SNV", "52", ("52.SNV",)),  # already scoped: not "52.52.SNV"
    ("52.SNV", None, ("52.SNV",)),
    ("21550", "52", ("21550", "52.21550")),
    ("SNV", None, ("SNV",)),
    ("  ", "52", ()),
])
def test_code_forms(ref, province, expected):
    assert code_forms(ref, province) == expected


OLD = Span(1, None, D(2025, 6, 30))  # a commune ended by the 2025 arrangement
NEW = Span(2, D(2025, 7, 1), None)  # the ward that reuses its code
OPEN = Span(3)  # a unit with no dates
TWIN = Span(4)  # another unit with no dates (a second "Xã Phước Sơn")
SOON = Span(5, D(2027, 1, 1), None)


@pytest.mark.parametrize(("name", "steps", "window", "expected"), [
    # the first step with a unit valid in the window decides, even when a later one would too
    ("key before code", [(Step.KEY, [OPEN]), (Step.CODE, [TWIN])], (None, None), Choice(Outcome.FOUND, (3,), Step.KEY)),
    ("code before name", [(Step.KEY, []), (Step.CODE, [OPEN]), (Step.NAME, [TWIN])], (None, None),
     Choice(Outcome.FOUND, (3,), Step.CODE)),
    ("a key not valid that day falls through to the code", [(Step.KEY, [OLD]), (Step.CODE, [NEW])],
     (D(2026, 1, 1), D(2026, 1, 1)), Choice(Outcome.FOUND, (2,), Step.CODE)),
    # successive units with one code: the day chooses; without a day the newest valid_from
    ("the day before", [(Step.CODE, [OLD, NEW])], (D(2024, 12, 31), D(2024, 12, 31)), Choice(Outcome.FOUND, (1,), Step.CODE)),
    ("the last day of the old", [(Step.CODE, [OLD, NEW])], (D(2025, 6, 30), D(2025, 6, 30)), Choice(Outcome.FOUND, (1,), Step.CODE)),
    ("the first day of the new", [(Step.CODE, [NEW, OLD])], (D(2025, 7, 1), D(2025, 7, 1)), Choice(Outcome.FOUND, (2,), Step.CODE)),
    ("no day: the newest", [(Step.CODE, [OLD, NEW])], (None, None), Choice(Outcome.FOUND, (2,), Step.CODE)),
    ("a year holding both: the newest", [(Step.CODE, [OLD, NEW])], (D(2025, 1, 1), D(2025, 12, 31)),
     Choice(Outcome.FOUND, (2,), Step.CODE)),
    # units valid together are two units: refused, newest first then by id
    ("two undated", [(Step.NAME, [TWIN, OPEN])], (None, None), Choice(Outcome.AMBIGUOUS, (3, 4), Step.NAME)),
    ("undated and new overlap", [(Step.NAME, [OPEN, NEW])], (D(2026, 1, 1), D(2026, 1, 1)),
     Choice(Outcome.AMBIGUOUS, (2, 3), Step.NAME)),
    ("overlap outside the day does not count", [(Step.NAME, [OLD, SOON])], (D(2024, 1, 1), D(2024, 1, 1)),
     Choice(Outcome.FOUND, (1,), Step.NAME)),
    ("one ambiguity stops the rule", [(Step.CODE, [OPEN, TWIN]), (Step.NAME, [NEW])], (None, None),
     Choice(Outcome.AMBIGUOUS, (3, 4), Step.CODE)),
    ("the same unit found twice is one", [(Step.KEY, [OPEN, OPEN])], (None, None), Choice(Outcome.FOUND, (3,), Step.KEY)),
    # nothing valid in the window
    ("exists, not that day", [(Step.KEY, []), (Step.CODE, [OLD])], (D(2026, 1, 1), D(2026, 1, 1)), Choice(Outcome.NOT_VALID)),
    ("not yet", [(Step.CODE, [SOON])], (D(2026, 1, 1), D(2026, 12, 31)), Choice(Outcome.NOT_VALID)),
    ("nothing at all", [(Step.KEY, []), (Step.CODE, []), (Step.NAME, [])], (None, None), Choice(Outcome.UNKNOWN)),
])
def test_choose(name, steps, window, expected):
    assert choose(steps, *window) == expected


def test_the_found_id():
    assert Choice(Outcome.FOUND, (7,), Step.KEY).id == 7
    assert Choice(Outcome.AMBIGUOUS, (7, 8), Step.NAME).id is None


# name_similarity, worked by hand: difflib's ratio is 2·M/T (M characters in matching blocks, T both lengths).
@pytest.mark.parametrize(("a", "b", "expected"), [
    ("UBND xã Phù Mỹ", "Xã Phù Mỹ", 1.0),  # the People's Committee's prefix dropped, case folded
    ("Ủy ban nhân dân xã Phù Mỹ", "xã phù mỹ", 1.0),
    ("Mỹ Phù xã", "Xã Phù Mỹ", 1.0),  # the same words in another order
    # "xa phu my" / "xã phù mỹ": accented 2·6/18; without accents equal: 0.95 · 1
    ("UBND xa Phu My", "Xã Phù Mỹ", 0.95),
    # "phuong quy nhon bac" / "…nam" without accents: the 16 characters before, then "a": 0.95 · 2·17/38
    ("Phường Quy Nhơn Bắc", "Phường Quy Nhơn Nam", 0.95 * 34 / 38),
    ("", "Xã Phù Mỹ", 0.0),
])
def test_name_similarity(a, b, expected):
    assert name_similarity(a, b) == pytest.approx(expected)
    assert name_similarity(b, a) == pytest.approx(expected)

