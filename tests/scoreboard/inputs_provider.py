"""An input provider (cchc.scoreboard.inputs) standing for another system (petitions, the portal's counts) in the what-if tests:
the figures for the units ``FIGURES`` names. A test sets ``FIGURES`` and adds this module's path to
``inputs.PROVIDERS``; it is the boundary to another system, not our own code."""

from __future__ import annotations

from cchc.scoreboard.inputs import Figure

#: unit id → {indicator code: Figure}
FIGURES: dict[int, dict[str, Figure]] = {}


def figures(kind, start, unit_ids):
    return {u: FIGURES[u] for u in unit_ids if u in FIGURES}


def stamp() -> str:
    return repr(sorted(FIGURES))
