"""Plan targets: which threshold applies to a unit, and whether a value satisfies it.

Source: the seed plans state one comparator and a value per level of government, e.g. KH 122/KH-UBND
(20/12/2021): "phấn đấu đạt tối thiểu tương ứng 50%, 40%, 35% đối với kết quả thuộc thẩm quyền giải
quyết của cấp tỉnh, cấp huyện, cấp xã" (DOMAIN §8). A threshold for "all" levels applies where no
level-specific one exists. Thresholds carry effective dates so a target can tighten mid-plan.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .levels import ALL_LEVELS

COMPARATORS = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


@dataclass(frozen=True)
class Threshold:
    level: str  # a Level value or ALL_LEVELS
    value: Decimal
    valid_from: date | None = None
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


def threshold_for(thresholds: Iterable[Threshold], level: str, on: date) -> Threshold | None:
    """The threshold in force on ``on`` for ``level``: a level-specific one wins over "all"."""
    in_force = [t for t in thresholds if t.in_force(on)]
    for wanted in (level, ALL_LEVELS):
        matching = [t for t in in_force if t.level == wanted]
        if matching:
            # The most recently started one wins when effective ranges overlap.
            return max(matching, key=lambda t: t.valid_from or date.min)
    return None


def satisfies(value: Decimal | float, comparator: str, threshold: Decimal | float) -> bool:
    """Whether a measured value meets the target's comparator and threshold."""
    try:
        compare = COMPARATORS[comparator]
    except KeyError:
        raise ValueError(f"unknown comparator {comparator!r}") from None
    return compare(Decimal(str(value)), Decimal(str(threshold)))
