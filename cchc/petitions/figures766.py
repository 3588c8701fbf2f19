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

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cchc.scoreboard.inputs import Figure
from cchc.units.models import Unit

from .models import PetitionCoverage, PetitionFigure, PetitionImport

ON_TIME = "6.1"
SATISFIED = "6.2"


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """6.1 and 6.2 for each of ``unit_ids`` in the period (see the module docstring for units without
    petitions). No query before any import (the stamp says so); two afterwards, whatever the number of units."""
    ids = list(unit_ids)
    last = _last_import()
    if not ids or last is None:
        return {}
    found: dict[int, dict[str, Figure]] = {}
    for f in PetitionFigure.objects.filter(unit_id__in=ids, period_kind=kind, period_start=start):
        found[f.unit_id] = {ON_TIME: Figure(f.on_time, f.received, f.computed_at),
                            SATISFIED: Figure(f.satisfied, f.received, f.computed_at)}
    rest = [i for i in ids if i not in found]
    if rest:
        covered = PetitionCoverage.objects.filter(period_kind=kind, period_start=start).values("province_id")
        empty = Unit.objects.filter(pk__in=rest).filter(Q(province_id__in=covered) | Q(pk__in=covered))
        for pk in empty.values_list("pk", flat=True):
            found[pk] = {ON_TIME: Figure(0, 0, last), SATISFIED: Figure(0, 0, last)}
    return found


#: The cache key of the stamp: set by every import (``remember``), read without a query.
STAMP_KEY = "petitions:stamp"
NONE = "petitions:none"


def _from_database() -> str:
    last = PetitionImport.objects.order_by("-pk").values_list("pk", "imported_at").first()
    return f"petitions:{last[0]}:{last[1].isoformat()}" if last else NONE


def stamp() -> str:
    """Changes with every accepted import (the last import's id and time). Read from the cache, where each
    import writes it once committed (``remember``); on a miss from the database (one query), put in the
    cache only if no import wrote it meanwhile (``cache.add``), so a stale value never overwrites a newer."""
    value = cache.get(STAMP_KEY)
    if value is None:
        value = _from_database()
        cache.add(STAMP_KEY, value, None)
    return value


def forget() -> None:
    cache.delete(STAMP_KEY)


def remember() -> None:
    """After an import commits: the new stamp, read from the database, into the cache (wins over readers)."""
    cache.set(STAMP_KEY, _from_database(), None)


def _last_import() -> datetime | None:
    """When the last import was made (the as-of time of the "0 of 0" figures), from the stamp; None before any."""
    value = stamp()
    return None if value == NONE else datetime.fromisoformat(value.split(":", 2)[2])


#: The indicators this provider feeds (cchc.scoreboard.inputs.fed_indicators).
INDICATORS: tuple[str, ...] = ("6.1", "6.2")


def source_url(code: str, unit, kind: str, start: date) -> str:
    """The unit's petitions of the period that cost ``code`` points (late for 6.1, unsatisfied for 6.2)."""
    which = "late" if code == "6.1" else "unsatisfied"
    query = urlencode({"kind": kind, "start": start.isoformat(), "which": which})
    return f"{reverse('petitions:unit', args=[unit.pk])}?{query}"
