"""Ranking units by a score, overall and within their block (khối).

Source: the national portal ranks the units of a province overall and within each block, sở/ban/ngành
and xã/phường (DOMAIN §12.1 [C R10, R11]; cchc.core.levels.Block); equal scores share a rank and the next
rank skips as many places ("1, 1, 3"), as the 766 ranking has always shown ties [I].
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


class Placed(NamedTuple):
    """An item with its rank within its block and its rank among every block together."""

    item: Any
    block_rank: int
    overall_rank: int


def rank_in_blocks(items: Iterable[T], *, score: Callable[[T], Decimal | int | None], block: Callable[[T], Hashable],
                   name: Callable[[T], str]) -> list[Placed]:
    """``items`` best first (highest ``score``; an item without a score after every scored one; equal
    scores by ``name``), each with its rank within its ``block`` and its overall rank. Ties share a rank,
    in its block and overall: scores 9, 9, 7 rank 1, 1, 3. One pass computes both, so a unit's block rank
    and overall rank always come from the same order."""
    order = sorted(items, key=lambda it: (score(it) is None, -(score(it) or 0), name(it)))
    out: list[Placed] = []
    unset = object()
    last, overall = unset, 0
    seen: dict[Hashable, int] = {}
    block_last: dict[Hashable, object] = {}
    block_rank: dict[Hashable, int] = {}
    for position, item in enumerate(order, start=1):
        value, group = score(item), block(item)
        if value != last:
            overall, last = position, value
        seen[group] = seen.get(group, 0) + 1
        if block_last.get(group, unset) != value:
            block_rank[group], block_last[group] = seen[group], value
        out.append(Placed(item, block_rank[group], overall))
    return out


class Change(NamedTuple):
    """A rank against the previous period's ranking: ``previous`` (None when the item was not ranked then),
    ``moved`` = previous − current (positive: moved up; None when there is nothing to compare), ``new``
    when the previous period has a ranking and the item is not in it."""

    previous: int | None
    moved: int | None
    new: bool


def change(current: int, previous: int | None, *, previous_ranked: bool) -> Change:
    """How an item's rank moved since the previous period. Ranks are better when smaller, so moving from
    5th to 2nd is ``moved`` = +3 (↑ 3). An item not ranked in a previous period that has a ranking is new;
    when the previous period has no ranking at all there is nothing to compare (not new: unknown).

    Source: issue #12 ("rank and change against the previous period"); the ranks themselves are
    ``rank_in_blocks``'s, of the same block in both periods [I].
    """
    if previous is None:
        return Change(None, None, previous_ranked)
    return Change(previous, previous - current, False)
