"""The scoreboard's provider (cchc.scoreboard.inputs) of indicators 1.4, 4.1, 4.2, 5.3, 5.5, 5.6 and 5.7:
the stored counts (cchc.portalcounts.models.PortalCount), one indexed read per call."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.http import urlencode

from cchc.core import portal_counts
from cchc.scoreboard.inputs import Figure

from .models import PortalCount

#: The indicators this provider feeds (for a board that says which indicators it cannot score yet).
INDICATORS: tuple[str, ...] = portal_counts.ACCEPTED


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """{unit id: {indicator code: (numerator, denominator scored, imported at)}} for the period: 1.4's
    denominator is sync_denominator of its received counts (cchc.core.portal_counts.denominator_of); 5.3
    given without counts (the portal's null/null) is 0 / 0, which 5.3 scores full (score766)."""
    out: dict[int, dict[str, Figure]] = {}
    rows = PortalCount.objects.filter(period_kind=kind, period_start=start, unit_id__in=list(unit_ids)).values_list(
        "unit_id", "indicator", "numerator", "denominator", "received_national", "received_dvcqg",
        "last_year_total", "imported_at")
    for unit_id, code, numerator, denominator, national, dvcqg, last_year, at in rows:
        scored = portal_counts.denominator_of(code, kind, portal_counts.Counts(numerator, denominator, national,
                                                                             dvcqg, last_year))
        if numerator is None and scored is None:
            numerator, scored = 0, 0
        out.setdefault(unit_id, {})[code] = Figure(numerator, scored, at)
    return out


def stamp() -> str:
    """Changes with every import: how many figures are stored and the latest import's instant and id."""
    found = PortalCount.objects.aggregate(n=Count("pk"), at=Max("imported_at"), last=Max("pk"))
    return f"portalcounts:{found['n']}:{found['last']}:{found['at'].isoformat() if found['at'] else ''}"


def source_url(code: str, unit, kind: str, start: date) -> str:
    """The counts taken in for the unit, period and indicator."""
    query = urlencode({"kind": kind, "start": start.isoformat(), "indicator": code, "q": unit.name})
    return f"{reverse('portalcounts:list')}?{query}"
