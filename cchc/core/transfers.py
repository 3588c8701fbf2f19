"""Dossiers moved from one competent unit to another: which unit a dossier counts at in a period, which
dossiers the 2025 reorganisation moved, and to which unit.

Sources (DOMAIN §12.2):
- NĐ 118/2025/NĐ-CP (in force 1/7/2025), Art. 14 and Art. 20: reception regardless of administrative
  boundary, so the unit that receives a dossier need not be the one competent to decide it [C R3].
- Dossiers in progress on 1/7/2025 were transferred to the new competent unit with a notice and an
  apology letter, without resubmission [C R4]; DOMAIN: "model the transfer as an event".
- Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions: the units dissolved on 30/6/2025
  and the units that took over their work (the lineage, cchc.core.lineage).

Choices [I]: a dossier counts at the unit it had at the end of the period (a period that ends before the
transfer instant → the unit it came from; any other → the unit it went to), so each figure of a period
counts it once, and a period holding the transfer goes to the new unit, which answers for the dossier
from then on. The receiving unit is never moved: a reception happened where it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

__all__ = [
    "REORGANISATION_INSTANT",
    "Transfer",
    "Successor",
    "SuccessorProblem",
    "counting_unit",
    "counter_unit",
    "open_at",
    "successor_of",
]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REORGANISATION_DAY = date(2025, 7, 1)  # Nghị quyết 202/2025/QH15; NĐ 118/2025/NĐ-CP in force
#: When the dossiers of the dissolved units passed to their successors: 1/7/2025 00:00, Vietnamese time.
REORGANISATION_INSTANT = datetime.combine(REORGANISATION_DAY, time.min, VIETNAM_TZ)

_NOT_RECEIVED = frozenset({1, 3})  # DVCQG statuses never received (DOMAIN §4)
_FINISHED = frozenset({7, 9, 10})  # processing ended (cchc.core.kpis.FINISHED_STATUSES)


@dataclass(frozen=True)
class Transfer:
    """One move of a dossier: from ``from_unit`` to ``to_unit`` at the instant ``at``."""

    from_unit: Hashable
    to_unit: Hashable
    at: datetime


def counting_unit(unit: Hashable, transfers: Iterable[Transfer], period_end: datetime) -> Hashable:
    """The competent unit a dossier counts at in a period ending at ``period_end`` (its last instant):
    the unit it had then. ``unit`` is its current unit (after every transfer); ``transfers`` in any order.

    Rule (module docstring): a period that ends before a transfer's instant counts the dossier at that
    transfer's ``from_unit``; a period that ends at or after it, at its ``to_unit``. With several
    transfers, the earliest one still ahead of the period's end decides. The timeliness KPIs and every
    other competent-unit KPI follow it (DOMAIN §12.2: timeliness belongs to the competent unit).
    """
    ahead = [t for t in transfers if t.at > period_end]
    if not ahead:
        return unit
    return min(ahead, key=lambda t: t.at).from_unit


def counter_unit(competent_unit: Hashable, receiving_unit: Hashable | None) -> Hashable:
    """The unit a dossier's counter-workload figures (dossiers received, by channel) count at: the unit
    that received it, when recorded, else the competent unit (DOMAIN §12.2 [I]: counter workload belongs
    to the receiving unit; NĐ 118/2025 Art. 14, 20). ``competent_unit`` is the one for the period of
    receipt (:func:`counting_unit`)."""
    return competent_unit if receiving_unit is None else receiving_unit


def open_at(status: int, received_at: datetime, finished_at: datetime | None, instant: datetime) -> bool:
    """Whether a dossier was open (received, processing not ended) at ``instant``: received before it
    (statuses 1 and 3 were never received) and not ended before it. A dossier with an ended status (7, 9,
    10) and no recorded end is taken to have ended at receipt, as cchc.core.kpis.in_scope does [I].
    Times are aware, or all naive, not mixed."""
    if status in _NOT_RECEIVED or received_at >= instant:
        return False
    ended = finished_at if finished_at is not None else (received_at if status in _FINISHED else None)
    return ended is None or ended >= instant


class SuccessorProblem(StrEnum):
    """Why no successor can be named for a dissolved unit (:func:`successor_of`)."""

    NONE = "none"  # no lineage link leads to a unit that exists on the day
    AMBIGUOUS = "ambiguous"  # the unit went into several (a split): an officer must choose


@dataclass(frozen=True)
class Successor:
    """The answer of :func:`successor_of`: ``unit`` when there is one, else ``problem``; ``candidates``
    are the existing units the lineage leads to (several for a split)."""

    unit: Hashable | None
    problem: SuccessorProblem | None
    candidates: tuple[Hashable, ...] = ()


def successor_of(unit: Hashable, links: Iterable[tuple[Hashable, Hashable]], exists: Callable[[Hashable], bool],
                 ) -> Successor:
    """The unit that took over ``unit``'s work, from the lineage links (predecessor, successor).
    ``exists(u)`` says whether u exists on the day of the
    transfer; a successor that itself ended (a department consolidated in early 2025, then merged again
    on 1/7/2025, DOMAIN §12.1) is followed to the units that came out of it.

    Exactly one existing unit reached through units that no longer exist → that unit; none → NONE; more
    than one (a split) → AMBIGUOUS: the rule does not guess, an officer decides (Nghị quyết 202/2025/QH15;
    the graph as in cchc.core.lineage).
    """
    links = list(links)
    forward: dict[Hashable, list[Hashable]] = {}
    for old, new in links:
        forward.setdefault(old, []).append(new)
    found: list[Hashable] = []
    stack: list[Hashable] = list(forward.get(unit, ()))
    seen: set[Hashable] = {unit}
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if exists(node):
            found.append(node)
        else:
            stack.extend(forward.get(node, ()))
    found = list(dict.fromkeys(found))
    if len(found) == 1:
        return Successor(found[0], None, tuple(found))
    return Successor(None, SuccessorProblem.NONE if not found else SuccessorProblem.AMBIGUOUS, tuple(found))
