"""The integrity flags of units (issue 14 item 2, "Cờ kiểm tra tính toàn vẹn") as stored figures: for a
period, each rule of cchc.core.integrity counted per unit, read from the figures the engine stored (each rule
is a count KPI of the catalogue, ``services.values_for``), never from the dossiers. The dashboard's pages
show them and open the engine's list of exactly the dossiers each count counts ("one truth"); the apps
above analytics (inspections' risk score, the yearly classification) read the same numbers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.core.integrity import ON_BEHALF_DATA, RULE_CODES
from cchc.units.models import Unit

from . import services

#: The stored figures a flags row reads: every rule, and how many dossiers carry the data ``on_behalf``
#: needs (its coverage).
FLAG_CODES: tuple[str, ...] = (*RULE_CODES, ON_BEHALF_DATA)


@dataclass(frozen=True)
class UnitFlags:
    """A unit's counts of each rule (RULE_CODES order; None: no figure stored for the period) and
    ``on_behalf_data``: the dossiers received in the period that carry who submitted or paid online (the
    check ``on_behalf`` sees only those; None: no figure)."""

    unit: Unit
    counts: list[int | None]
    on_behalf_data: int | None = None

    @property
    def total(self) -> int:
        return sum(c or 0 for c in self.counts)

    def count(self, code: str) -> int | None:
        """The count of the rule ``code``."""
        return self.counts[RULE_CODES.index(code)]


def _row(unit: Unit, found: dict[str, int | None]) -> UnitFlags:
    return UnitFlags(unit, [found.get(code) for code in RULE_CODES], found.get(ON_BEHALF_DATA))


def unit_flags(kind: str, start: date, units: list[Unit]) -> list[UnitFlags]:
    """Each unit's count of every rule for the period (kind, start): one read of the stored figures."""
    found: dict[int, dict[str, int | None]] = {u.pk: {} for u in units}
    for f in services.values_for(codes=FLAG_CODES, period_kind=kind, period_start=start, units=[u.pk for u in units]):
        found[f.unit_id][f.kpi_code] = f.numerator
    return [_row(u, found[u.pk]) for u in units]


def province_flags(kind: str, start: date) -> list[UnitFlags]:
    """Every unit with figures for the period, the most flagged first (then by name)."""
    found: dict[int, dict[str, int | None]] = {}
    for f in services.values_for(codes=FLAG_CODES, period_kind=kind, period_start=start):
        found.setdefault(f.unit_id, {})[f.kpi_code] = f.numerator
    units = Unit.objects.filter(pk__in=found).order_by("name")
    return sorted((_row(u, found[u.pk]) for u in units), key=lambda r: -r.total)
