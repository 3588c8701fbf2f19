"""What would raise a Decision 766 score: the points gained by correcting the items behind lost points.

Sources:
- QĐ 766/QĐ-TTg as computed in DOMAIN S1's formula document, through ``cchc.core.score766.points``: every
  figure here is a difference of two scores that function gives, never a second formula. Correcting
  ``k`` of the items behind an indicator's lost points (a late dossier, one not digitised, a petition
  handled late, …) moves them from the denominator's remainder into the numerator, so
  ``gain(k) = points(numerator + k, denominator) − points(numerator, denominator)``.
- Indicator 6.3 (DOMAIN S1, "Hài lòng tiếp nhận, giải quyết TTHC") subtracts the late dossiers and those
  rated "không hài lòng" from the dossiers (``score766.tthc_satisfaction_numerator``): correcting one of
  them gives one back, late ones first (only their sum counts).
- The 766 total is the sum of the indicators' points (``score766.total``), so an indicator's gain is the
  total's gain; for the province's own total the same holds with the province's figures, and a unit's
  share is the gain of correcting that unit's items in the province's figures (the province's figures
  roll its units' dossiers up).

Points never fall as the numerator grows (points are the rate times the maximum, capped and rounded half
up: from the rounded rate in S1-2022, from the exact rate in DVCQG-2026), so ``gain`` grows with ``k``; an
indicator capped at a target (``CAPPED_TARGET``: 4.1, 4.2, 5.4, 6.3, and 5.2 in S1-2022) reaches its
maximum before every item is corrected, and ``enough`` says how many are enough.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from . import score766
from .score766 import Indicator, Number


@dataclass(frozen=True)
class Lost:
    """An indicator's figures with the items behind its lost points.

    ``items`` is the number of those items (the length of the indicator's list: denominator − numerator,
    rounded up when the denominator is not whole, as 1.4's can be; for 6.3 late + disliked).
    ``late``/``disliked`` are set for 6.3 only, whose ``denominator`` is the dossiers handled.
    """

    indicator: Indicator
    numerator: Number
    denominator: Number
    items: int
    late: int | None = None
    disliked: int | None = None

    def numerator_after(self, k: int) -> Number:
        """The numerator once ``k`` items are corrected (0 ≤ k ≤ items)."""
        if not 0 <= k <= self.items:
            raise ValueError(f"{self.indicator.code}: {k} corrections of {self.items} items")
        if self.late is None or self.disliked is None:
            return self.numerator + k
        fixed_late = min(k, self.late)
        after = score766.tthc_satisfaction_numerator(int(self.denominator), self.late - fixed_late,
                                                     self.disliked - (k - fixed_late))
        assert after is not None  # every figure is given
        return after

    def points_after(self, k: int) -> Decimal:
        """The indicator's points once ``k`` items are corrected, as ``score766.points`` gives them."""
        earned = score766.points(self.indicator, self.numerator_after(k), self.denominator).points
        if earned is None:  # plain() and satisfaction() make no Lost without data
            raise ValueError(f"{self.indicator.code}: no data")
        return earned

    @property
    def now(self) -> Decimal:
        return self.points_after(0)


def plain(indicator: Indicator, numerator: Number | None, denominator: Number | None) -> Lost | None:
    """The lost items of an indicator scored from one numerator and denominator: ``denominator −
    numerator`` items (rounded up), each adding 1 to the numerator; None when there is nothing to correct
    (no data, an empty denominator, nothing lost).

    Source: QĐ 766/QĐ-TTg, DOMAIN S1: rate = numerator / denominator, scored by ``score766.points``.
    """
    if numerator is None or denominator is None or score766.points(indicator, numerator, denominator).points is None:
        return None
    if not denominator or numerator >= denominator:
        return None
    return Lost(indicator, numerator, denominator, math.ceil(denominator - numerator))


def satisfaction(indicator: Indicator, dossiers: int | None, late: int | None, disliked: int | None) -> Lost | None:
    """The lost items of 6.3: the late dossiers and those rated "không hài lòng" (a dossier both is two
    items, as the formula subtracts it twice); None when there is nothing to correct.

    Source: DOMAIN S1, group 6: rate = 100% − (late rate + dislike rate), ``score766.tthc_satisfaction_numerator``.
    """
    numerator = score766.tthc_satisfaction_numerator(dossiers, late, disliked)
    if numerator is None or dossiers is None or late is None or disliked is None or not dossiers or not late + disliked:
        return None
    return Lost(indicator, numerator, dossiers, late + disliked, late, disliked)


def gain(lost: Lost, k: int) -> Decimal:
    """The points correcting ``k`` of the lost items adds to the indicator (and so to the total).

    Source: ``score766.points`` before and after (QĐ 766/QĐ-TTg, DOMAIN S1)."""
    return lost.points_after(k) - lost.now


def steps(lost: Lost, first: int, count: int) -> list[tuple[int, Decimal]]:
    """``(k, gain(k))`` for ``count`` corrections from the ``first``-th on (1-based), stopping at the last
    item: the cumulative gain beside each item of one page of the list.

    Source: ``gain`` (QĐ 766/QĐ-TTg scored by ``score766.points``)."""
    last = min(lost.items, first + count - 1)
    return [(k, gain(lost, k)) for k in range(max(1, first), last + 1)]


def enough(lost: Lost) -> int:
    """The fewest corrections that give the most the indicator can gain (``gain(items)``): fewer than
    ``items`` when its shape is capped at a target (full points from the target on), or when rounding
    gives the maximum early. A binary search: points never fall as the numerator grows.

    Source: QĐ 766/QĐ-TTg, DOMAIN S1: ``min(max, max × rate / target)`` (``score766.CAPPED_TARGET``)."""
    best = lost.points_after(lost.items)
    low, high = 0, lost.items
    while low < high:
        middle = (low + high) // 2
        if lost.points_after(middle) >= best:
            high = middle
        else:
            low = middle + 1
    return low


@dataclass(frozen=True)
class Option:
    """What correcting an indicator's lost items would add: ``gain`` for all of them, reached with
    ``enough`` of them; ``per_item`` for the first one."""

    lost: Lost
    gain: Decimal
    enough: int
    per_item: Decimal

    @property
    def code(self) -> str:
        return self.lost.indicator.code


def option(lost: Lost) -> Option:
    """An indicator's option: its full gain, how many items are enough for it, and the first item's gain.

    Source: ``gain`` and ``enough`` (QĐ 766/QĐ-TTg scored by ``score766.points``)."""
    return Option(lost, gain(lost, lost.items), enough(lost), gain(lost, 1))


def ordered(losts: Iterable[Lost | None]) -> list[Option]:
    """The options of a unit's indicators, the most points first (then the most per item corrected, then
    the fewest items needed, then the code); those that would add nothing are left out.

    Source: the 766 total is the sum of the indicators' points (QĐ 766/QĐ-TTg, ``score766.total``)."""
    options = [option(lost) for lost in losts if lost is not None]
    return sorted((o for o in options if o.gain > 0),
                  key=lambda o: (-o.gain, -o.per_item, o.enough, _code_key(o.code)))


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdigit())


@dataclass(frozen=True)
class Share:
    """A unit's part in an indicator of the province's own total: its ``items`` of the province's lost
    items, and the points correcting them would add to the province's total."""

    unit: object
    lost: Lost
    items: int
    gain: Decimal


def shares(province: Lost, unit_items: Mapping[object, int]) -> list[Share]:
    """Each unit's share of the province's gain on one indicator: ``gain(province, items of the unit)``
    (at most the province's items), the most points first; units with no item are left out.

    Source: the province's figures are its units' dossiers rolled up (DOMAIN §1; cchc.core.kpis'
    rollup), so correcting a unit's items corrects as many of the province's; scored by ``score766.points``."""
    out = [Share(unit, province, n, gain(province, min(n, province.items))) for unit, n in unit_items.items() if n > 0]
    return sorted(out, key=lambda s: (-s.gain, -s.items))


def province_list(provinces: Iterable[Lost | None], unit_items: Mapping[str, Mapping[object, int]],
                  *, limit: int | None = None) -> list[Share]:
    """Across indicators and units, the corrections that add the most to the province's own total: every
    (indicator, unit) share, the most points first (then the most items, then the indicator's code).

    Source: ``shares`` for each indicator of the province (QĐ 766/QĐ-TTg, ``score766.total`` is a sum)."""
    out = [s for lost in provinces if lost is not None
           for s in shares(lost, unit_items.get(lost.indicator.code, {}))]
    out = [s for s in out if s.gain > 0]
    out.sort(key=lambda s: (-s.gain, -s.items, _code_key(s.lost.indicator.code)))
    return out[:limit] if limit is not None else out
