"""Lineage of administrative units across reorganisations.

Source: Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions on the 2025 arrangement of
provinces and communes (effective 1/7/2025): old communes were merged (several → one) or split
(one → several). A figure for a new commune before 1/7/2025 is the figure of the old units it came
from, so lineage is a directed graph old → new that is walked both ways.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping


def _walk(start: Hashable, edges: Mapping[Hashable, Iterable[Hashable]]) -> list[Hashable]:
    seen = {start}
    order: list[Hashable] = []
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                order.append(nxt)
                queue.append(nxt)
    return order


def ancestors(unit: Hashable, links: Iterable[tuple[Hashable, Hashable]]) -> list[Hashable]:
    """Every unit that ``unit`` descends from through (predecessor, successor) links, nearest first."""
    back: dict[Hashable, list[Hashable]] = defaultdict(list)
    for old, new in links:
        back[new].append(old)
    return _walk(unit, back)


def descendants(unit: Hashable, links: Iterable[tuple[Hashable, Hashable]]) -> list[Hashable]:
    """Every unit that came out of ``unit`` through (predecessor, successor) links, nearest first."""
    forward: dict[Hashable, list[Hashable]] = defaultdict(list)
    for old, new in links:
        forward[old].append(new)
    return _walk(unit, forward)


def classify_change(predecessor_count: int, successor_count: int) -> str:
    """Name a link by the shape of the change it belongs to.

    ``predecessor_count`` is how many old units feed the new one; ``successor_count`` how many new
    units the old one went into. One → one is a rename, many → one a merger, one → many a split.
    """
    if successor_count > 1:
        return "split"
    if predecessor_count > 1:
        return "merged"
    return "renamed"
