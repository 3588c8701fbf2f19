"""The scoreboard's provider (cchc.scoreboard.inputs) of indicators 1.4, 4.1, 4.2, 5.3, 5.5, 5.6 and 5.7:
the stored counts (cchc.portalcounts.models.PortalCount), one indexed read per call (and two more when a
province is asked).

A province's own figure: its own stored counts where there are some, else, with
``settings.PORTALCOUNTS_PROVINCE_ROLLUP`` (on by default), the sums of its units' counts of the period
(cchc.core.portal_counts.rolled_up, over counted_units: a district's figure stands for its communes'), as its
dossier figures sum its units' dossiers. [I] The evidence does not settle it: the portal publishes no count
for the province (the overview of ``cchc/portal766/snapshots/*_GiaLai_10102026.json`` holds six group
scores, no numerator or denominator); its CKMB 11.79 = 5.79 + 6.00 fits the sum for 1.4 (every unit n / n,
Thanh tra tỉnh 0 / 0: the sum is n / n, 6.00; the mean of the 149 units' points would be 5.96), and its
group 3 (CLGQ 9.14, above every unit's 7.93 at most) shows the portal scores a province from inputs of its
own, not only its units'. docs/portal766.md, "The province's own total".
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.http import urlencode

from cchc.core import portal_counts
from cchc.core.levels import UnitKind
from cchc.scoreboard.inputs import Figure
from cchc.units.models import Unit

from .models import PortalCount

#: The indicators this provider feeds (for a board that says which indicators it cannot score yet).
INDICATORS: tuple[str, ...] = portal_counts.ACCEPTED


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """{unit id: {indicator code: (numerator, denominator scored, imported at)}} for the period: 1.4's
    denominator is sync_denominator of its received counts (cchc.core.portal_counts.denominator_of); 5.3
    given without counts (the portal's null/null) is 0 / 0, which 5.3 scores full (score766). A province
    asked without a count of its own for an indicator gets its units' summed (the module docstring). One
    query, the counts asked and those of the units of a province asked together; one more for the units'
    parents when a province's figure is summed."""
    out: dict[int, dict[str, Figure]] = {}
    ids = list(unit_ids)
    if not ids:
        return out
    rollup = settings.PORTALCOUNTS_PROVINCE_ROLLUP
    asked = Q(unit_id__in=ids) | Q(unit__province_id__in=ids) if rollup else Q(unit_id__in=ids)
    rows = PortalCount.objects.filter(asked, period_kind=kind, period_start=start).values_list(
        "unit_id", "unit__province_id", "indicator", "numerator", "denominator", "received_national",
        "received_dvcqg", "last_year_total", "imported_at")
    wanted = set(ids)
    below: dict[int, dict[str, dict[int, tuple]]] = {}  # province asked → indicator → its units' figures
    for unit_id, province_id, code, numerator, denominator, national, dvcqg, last_year, at in rows:
        scored = portal_counts.denominator_of(code, kind, portal_counts.Counts(numerator, denominator, national,
                                                                             dvcqg, last_year))
        if rollup and province_id in wanted and unit_id != province_id:
            below.setdefault(province_id, {}).setdefault(code, {})[unit_id] = (numerator, scored, at)
        if unit_id not in wanted:
            continue
        if numerator is None and scored is None:
            numerator, scored = 0, 0
        out.setdefault(unit_id, {})[code] = Figure(numerator, scored, at)
    for province_id, by_code in below.items():
        missing = {code: by_unit for code, by_unit in by_code.items() if code not in out.get(province_id, {})}
        if missing:
            out.setdefault(province_id, {}).update(_rolled_up(province_id, missing))
    return out


def _rolled_up(province_id: int, by_code: dict[str, dict[int, tuple]]) -> dict[str, Figure]:
    """The province's figure of each indicator of ``by_code`` (its units' (numerator, denominator scored,
    imported at) by unit) summed over portal_counts.counted_units (see the module docstring). One query."""
    parents = dict(Unit.objects.filter(province_id=province_id).values_list("pk", "parent_id"))
    out: dict[str, Figure] = {}
    for code, by_unit in by_code.items():
        counted = [by_unit[u] for u in portal_counts.counted_units(by_unit, parents, province_id)]
        summed = portal_counts.rolled_up((n, d) for n, d, _at in counted)
        if summed is not None:
            out[code] = Figure(*summed, max(at for _n, _d, at in counted))
    return out


def stamp() -> str:
    """Changes with every import: how many figures are stored and the latest import's instant and id."""
    found = PortalCount.objects.aggregate(n=Count("pk"), at=Max("imported_at"), last=Max("pk"))
    return f"portalcounts:{found['n']}:{found['last']}:{found['at'].isoformat() if found['at'] else ''}"


def source_url(code: str, unit, kind: str, start: date) -> str:
    """The counts taken in for the unit, period and indicator (for a province, every unit's: its figure may be
    their sum)."""
    query = {"kind": kind, "start": start.isoformat(), "indicator": code}
    query = urlencode(query if unit.kind == UnitKind.PROVINCE else {**query, "q": unit.name})
    return f"{reverse('portalcounts:list')}?{query}"
