"""The integrity flags of units (issue 14 item 2, "Cờ kiểm tra tính toàn vẹn"): for a period, each rule of
cchc.core.integrity counted per unit, read from the figures the engine stored (each rule is a count KPI of
the catalogue, cchc.analytics.services.values_for), never from the dossiers. Each count opens the engine's
list of exactly the dossiers it counts (dashboard:figure_dossiers, cchc.dashboard.figures), so the page's
figure and the list's length are one number ("one truth")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.analytics import services as analytics
from cchc.core import kpis
from cchc.core.integrity import RULE_CODES
from cchc.units.models import Unit


@dataclass(frozen=True)
class UnitFlags:
    """A unit's counts of each rule (RULE_CODES order; None: no figure stored for the period)."""

    unit: Unit
    counts: list[int | None]

    @property
    def total(self) -> int:
        return sum(c or 0 for c in self.counts)


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


def unit_flags(kind: str, start: date, units: list[Unit]) -> list[UnitFlags]:
    """Each unit's count of every rule for the period (kind, start): one read of the stored figures."""
    found = {(f.unit_id, f.kpi_code): f.numerator for f in analytics.values_for(
        codes=RULE_CODES, period_kind=kind, period_start=start, units=[u.pk for u in units])}
    return [UnitFlags(u, [found.get((u.pk, code)) for code in RULE_CODES]) for u in units]


def province_flags(kind: str, start: date) -> list[UnitFlags]:
    """Every unit with figures for the period, the most flagged first (then by name)."""
    found: dict[int, dict[str, int | None]] = {}
    for f in analytics.values_for(codes=RULE_CODES, period_kind=kind, period_start=start):
        found.setdefault(f.unit_id, {})[f.kpi_code] = f.numerator
    units = Unit.objects.filter(pk__in=found).order_by("name")
    rows = [UnitFlags(u, [found[u.pk].get(code) for code in RULE_CODES]) for u in units]
    return sorted(rows, key=lambda r: -r.total)
