"""The 766 scoreboard's input for indicators 1.1, 1.2 and 1.3 (cchc.scoreboard.inputs).

On the national portal these figures are the province's: the 2026 snapshots of Gia Lai (GitHub
duynghiaqn/Crawler-766) show the same 1/47, 43/47 and 47/47 for 148 of its 149 units. So a unit gets its
province's figure for the period (from the province-wide records), unless records are scoped to the unit
in that period, in which case it gets the figure of those records alone (cchc.publications.services
.source_unit, the same rule the list of records behind a figure follows). Read from the figures stored on
import (``PublicationFigure``): two queries per call, never a scan of the records.
"""

from __future__ import annotations

from datetime import date

from cchc.scoreboard.inputs import Figure
from cchc.units.models import Unit

from .models import PublicationFigure, PublicationImport


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """``{unit_id: {"1.1": Figure, "1.2": Figure, "1.3": Figure}}`` for the units asked that have a figure
    of their own or whose province has one for the period."""
    ids = list(unit_ids)
    if not ids:
        return {}
    provinces = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "province_id"))
    wanted = set(ids) | {p for p in provinces.values() if p is not None}
    stored = {f.unit_id: f for f in PublicationFigure.objects.filter(period_kind=kind, period_start=start,
                                                                     unit_id__in=wanted)}
    out: dict[int, dict[str, Figure]] = {}
    for unit_id in ids:
        f = stored.get(unit_id) or stored.get(provinces.get(unit_id))
        if f is not None:
            out[unit_id] = {
                "1.1": Figure(f.announced_on_time, f.procedures, f.computed_at),
                "1.2": Figure(f.published_on_time, f.procedures, f.computed_at),
                "1.3": Figure(f.complete, f.procedures, f.computed_at),
            }
    return out


def stamp() -> str:
    """Changes with every import (the latest import's id)."""
    last = PublicationImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"publications:{last or 0}"
