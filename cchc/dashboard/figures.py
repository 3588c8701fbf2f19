"""The dossiers behind a stored figure: a unit's figure for a period and the engine's own list of the
dossiers it counts (cchc.analytics.services.listed_dossiers), a page at a time. The focal point's home
links its "late dossiers without an apology" here (cchc.web.home), so the list it opens is the set its
count counts; the 766 scorecard's lists of lost points are cchc.scoreboard.services.lost_dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.analytics import services as analytics
from cchc.units.models import Unit


@dataclass(frozen=True)
class FigureDossiers:
    """One page of the dossiers behind a unit's stored figure (its drill-down list, as the engine wrote it
    with the figure): ``total`` is the figure's list length (the count itself for a count), the rows
    those of the page; ``preparing``: the figure is out, its list is still being written."""

    figure: analytics.Figure | None
    total: int
    rows: list
    has_next: bool
    preparing: bool = False


def figure_dossiers(unit: Unit, kpi_code: str, kind: str, start: date, *, page: int, size: int) -> FigureDossiers:
    """The dossiers behind ``unit``'s figure ``kpi_code`` for the period (a KPI with a list,
    cchc.analytics.services.listed_kpis): the list read from the engine's files (never a scan of the
    dossiers), newest first, ``size`` a page. The home's "late dossiers without an apology" links here,
    so the list it opens is the very set its count counts."""
    figure = next(iter(analytics.values_for(codes=[kpi_code], period_kind=kind, period_start=start,
                                            units=[unit.pk])), None)
    total = analytics.list_length(figure) or 0
    listed = analytics.listed_dossiers(unit, kpi_code=kpi_code, kind=kind, start=start,
                                       offset=(page - 1) * size, limit=size + 1)
    if listed is None:
        return FigureDossiers(figure, total, [], False, preparing=True)
    return FigureDossiers(figure, total, listed[:size], len(listed) > size)

