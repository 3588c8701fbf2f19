"""The province's own figure of the counts taken in (cchc.core.portal_counts.counted_units, rolled_up), hand-worked.

[I] rule: the portal publishes no count for a province (docs/portal766.md, "The province's own total")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core import score766
from cchc.core.portal_counts import counted_units, rolled_up

# The test province: 1 → Sở Nội vụ (2), Sở Tư pháp (3), Huyện Phù Mỹ (4: Xã Mỹ Đức 6, Xã Mỹ Lộc 7),
# Huyện Vân Canh (5: Xã Canh Vinh 8); 9 is another province's department.
PARENTS = {2: 1, 3: 1, 4: 1, 5: 1, 6: 4, 7: 4, 8: 5, 1: None, 9: 10, 10: None}


@pytest.mark.parametrize(("with_record", "expected"), [
    ({2, 4, 6}, {2, 4}),  # Xã Mỹ Đức is counted in its district's figure
    ({6, 7}, {6, 7}),  # no district figure: its communes'
    ({2, 3, 6, 8}, {2, 3, 6, 8}),
    ({4, 5, 6, 7, 8}, {4, 5}),
    ({1, 2}, {2}),  # the province's own figure is never part of its sum
    ({2, 9}, {2}),  # another province's unit is not below it
    (set(), set()),
])
def test_the_units_summed(with_record, expected):
    assert counted_units(with_record, PARENTS, 1) == expected


def test_a_cycle_in_the_parents_ends():
    assert counted_units({11}, {11: 12, 12: 11}, 1) == set()


@pytest.mark.parametrize(("figures", "expected"), [
    # 1.4 of Sở Văn hóa 547 / 547 and Xã Vân Canh 1869 / 1869 (the portal's, 10/10/2026) → 2416 / 2416.
    ([(547, Decimal(547)), (1869, Decimal(1869))], (2416, Decimal(2416))),
    # 5.3: an agency's null/null adds nothing: 1 / 1 + 0 / 1 → 1 / 2.
    ([(None, None), (1, Decimal(1)), (0, Decimal(1))], (1, Decimal(2))),
    ([(None, None)], (0, 0)),  # 5.3 of agencies only: 0 / 0, full points as a unit's
    ([], None),  # no unit has a figure: "no data"
])
def test_the_sums(figures, expected):
    assert rolled_up(figures) == expected


def test_the_sums_score_as_a_units_figure():
    """Hand-worked with score766 (DVCQG-2026): 1.4 2416 / 2416 → 6; 5.3 1 / 2 = 50% → 2 × 0.5 = 1.00;
    0 / 0 → 2 (full); 5.6 16 / 147 + 32 / 388 = 48 / 535 = 8.972% → 2 × 0.08972 = 0.18."""
    by_code = score766.VERSIONS[-1].by_code
    assert score766.points(by_code["1.4"], *rolled_up([(547, 547), (1869, 1869)])).points == Decimal(6)
    assert score766.points(by_code["5.3"], *rolled_up([(None, None), (1, 1), (0, 1)])).points == Decimal("1.00")
    assert score766.points(by_code["5.3"], *rolled_up([(None, None)])).points == Decimal(2)
    assert score766.points(by_code["5.6"], *rolled_up([(16, 147), (32, 388)])).points == Decimal("0.18")
