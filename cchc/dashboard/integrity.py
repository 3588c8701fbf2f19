"""The integrity flags pages' period (issue 14 item 2, "Cờ kiểm tra tính toàn vẹn"). The flags themselves
are read from the stored figures by cchc.analytics.integrity (unit_flags, province_flags), where the apps
below the dashboard read them too; each count opens the engine's list of exactly the dossiers it counts
(dashboard:figure_dossiers, cchc.dashboard.figures), so the page's figure and the list's length are one
number ("one truth")."""

from __future__ import annotations

from datetime import date

from cchc.analytics import services as analytics
from cchc.analytics.integrity import UnitFlags, province_flags, unit_flags
from cchc.core import kpis

__all__ = ["UnitFlags", "chosen_period", "province_flags", "unit_flags"]


def chosen_period(kind: str | None, start: str | None, *, today: date) -> tuple[str, date]:
    """The period a request asks for: a kind of period (a quarter unless said otherwise) and the first day
    of one of its periods; else the latest period with figures, else the first of this year."""
    kind = kind if kind in kpis.PERIOD_KINDS else "quarter"
    try:
        wanted = date.fromisoformat(start or "")
    except ValueError:
        wanted = None
    if wanted is not None and 2000 <= wanted.year <= 2100 and wanted in {s for s, _e in kpis.periods_of(wanted.year, kind)}:
        return kind, wanted
    available = analytics.periods_with_data(kind)
    return kind, (available[0] if available else kpis.periods_of(today.year, kind)[0][0])
