"""The 766 scoreboard's input for indicators 1.1, 1.2 and 1.3 (cchc.scoreboard.inputs).

On the national portal these figures are the province's: the 2026 snapshots of Gia Lai (GitHub
duynghiaqn/Crawler-766) show the same 1/47, 43/47 and 47/47 for 148 of its 149 units. So a unit gets its
province's figure for the period (from the province-wide records), unless records are scoped to the unit
in that period, in which case it gets the figure of those records alone. Both are written for each unit
on import (cchc.publications.services.recompute, with the unit whose records give the figure, which the
list of records behind a figure follows): one query per call, never a scan of the records.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from cchc.scoreboard.inputs import Figure

from .models import PublicationFigure, PublicationImport


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """``{unit_id: {"1.1": Figure, "1.2": Figure, "1.3": Figure}}`` for the units asked that have a figure
    for the period (their own, or their province's written for them on import): one query."""
    ids = list(unit_ids)
    if not ids:
        return {}
    out: dict[int, dict[str, Figure]] = {}
    rows = PublicationFigure.objects.filter(period_kind=kind, period_start=start, unit_id__in=ids).values_list(
        "unit_id", "procedures", "announced_on_time", "published_on_time", "complete", "computed_at")
    for unit_id, procedures, announced, published, complete, at in rows:
        out[unit_id] = {"1.1": Figure(announced, procedures, at), "1.2": Figure(published, procedures, at),
                        "1.3": Figure(complete, procedures, at)}
    return out


def stamp() -> str:
    """Changes with every import (the latest import's id)."""
    last = PublicationImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"publications:{last or 0}"


#: The indicators this provider feeds (cchc.scoreboard.inputs.fed_indicators).
INDICATORS: tuple[str, ...] = ("1.1", "1.2", "1.3")


def source_url(code: str, unit, kind: str, start: date) -> str:
    """The unit's group 1 figures for the period with the records behind them."""
    query = urlencode({"unit": unit.pk, "kind": kind, "start": start.isoformat()})
    return f"{reverse('publications:figures')}?{query}"
