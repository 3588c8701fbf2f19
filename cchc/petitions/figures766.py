"""The petitions' figures for the 766 scoreboard (a provider of cchc.scoreboard.inputs): indicators 6.1
"PAKN được xử lý đúng hạn" and 6.2 "Mức độ hài lòng về xử lý PAKN", per unit and period, read from the
figures stored on import (``PetitionFigure``), never by scanning petitions.

6.1 is (petitions on time or early + in progress within time) / petitions received in the period; 6.2 is
(petitions − rated unsatisfied, re-complained or overdue) / petitions (cchc.core.petitions766, DOMAIN §1.1
group 6).

The empty rule: a unit that received no petition in a period gets both figures as 0 of 0, which
cchc.core.score766 scores as full points (its ``if_empty`` for 6.1 and 6.2), **only when petitions were
imported for that period for the unit's province at all** (``PetitionCoverage``: a period in which some
imported petition of the province was received). Before any petition import for the period, a unit without
petitions gets no figure: the scoreboard shows "no data", never 6 points CCHC cannot vouch for.
"""

from __future__ import annotations

from datetime import date, datetime


from cchc.scoreboard.inputs import Figure
from cchc.units.models import Unit

from .models import PetitionCoverage, PetitionFigure, PetitionImport

ON_TIME = "6.1"
SATISFIED = "6.2"


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """6.1 and 6.2 for each of ``unit_ids`` in the period (see the module docstring for units without
    petitions). Three queries whatever the number of units."""
    ids = list(unit_ids)
    if not ids:
        return {}
    found: dict[int, dict[str, Figure]] = {}
    for f in PetitionFigure.objects.filter(unit_id__in=ids, period_kind=kind, period_start=start):
        found[f.unit_id] = {ON_TIME: Figure(f.on_time, f.received, f.computed_at),
                            SATISFIED: Figure(f.satisfied, f.received, f.computed_at)}
    rest = [i for i in ids if i not in found]
    if rest:
        covered = set(PetitionCoverage.objects.filter(period_kind=kind, period_start=start)
                      .values_list("province_id", flat=True))
        if covered:
            as_of = _last_import()
            for pk, province_id in Unit.objects.filter(pk__in=rest).values_list("pk", "province_id"):
                if (province_id or pk) in covered:
                    found[pk] = {ON_TIME: Figure(0, 0, as_of), SATISFIED: Figure(0, 0, as_of)}
    return found


def _last_import() -> datetime | None:
    last = PetitionImport.objects.order_by("-pk").values_list("imported_at", flat=True).first()
    return last


def stamp() -> str:
    """Changes with every accepted import (the last import's id and time)."""
    last = PetitionImport.objects.order_by("-pk").values_list("pk", "imported_at").first()
    return f"petitions:{last[0]}:{last[1].isoformat()}" if last else "petitions:none"


