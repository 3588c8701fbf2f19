"""The portal's published 766 score of each unit, read for the scoreboard, the dashboard and the reports
(the scoreboard reaches it through cchc.scoreboard.inputs.PUBLISHED, since this app sits after it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from cchc.scoreboard.inputs import Published

from .models import PublishedFigure, PublishedSnapshot


def published(kind: str, start: date, unit_ids) -> dict[int, Published]:
    """Each unit's latest published figure for the period (the latest run date; a detail answer preferred to
    a summary of the same day), with a link to its reconciliation; units with none are absent. One query."""
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = (PublishedFigure.objects.filter(unit_id__in=ids, snapshot__period_kind=kind, snapshot__period_start=start)
            .order_by("unit_id", "-snapshot__run_date", "snapshot__shape", "pk")
            .values_list("unit_id", "total", "rank", "group_rank", "snapshot__run_date"))
    found: dict[int, Published] = {}
    query = urlencode({"kind": kind, "start": start.isoformat()})
    for unit_id, total, rank, group_rank, run_date in rows:
        if unit_id not in found:
            url = f"{reverse('portal766:unit', args=[unit_id])}?{query}"
            found[unit_id] = Published(total, rank, group_rank, run_date, url)
    return found


def stamp() -> str:
    """Changes with every import of published answers (part of the scoreboard's cache keys)."""
    from .services import stamp as imports_stamp

    return f"portal766:{imports_stamp()}"


def overview(kind: str, start: date) -> tuple[Decimal, date] | None:
    """The province's own total as the portal last published it for the period, with the day; None if none."""
    row = (PublishedSnapshot.objects.filter(period_kind=kind, period_start=start, overview_total__isnull=False)
           .order_by("-run_date", "pk").values_list("overview_total", "run_date").first())
    return (row[0], row[1]) if row else None
