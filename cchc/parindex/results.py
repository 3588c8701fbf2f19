"""A unit's PAR index results, stored (Assessment totals, Score.final_points): recomputed by ``refresh``
after every change of a score, so pages and the API read stored figures."""

from __future__ import annotations


def refresh(assessment) -> None:  # noqa: ANN001
    """Recompute and store one assessment's final points and totals (contract; implemented in pi-results)."""
