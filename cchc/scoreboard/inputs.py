"""Figures for 766 indicators that do not come from dossiers: the one place the scoreboard reads them.

The dossier-based indicators are scored from the analytics engine's stored KPI values
(``services.SOURCES``). The others (publication of procedures, the portal's sync counts, petitions
(PAKN), population data, the citizen's repository, certified copies, fee data) come from records and
counts other systems hold, imported into CCHC by the apps that own them. Each such app names a module
in ``PROVIDERS`` with two functions:

- ``figures(kind, start, unit_ids) -> {unit_id: {indicator_code: Figure}}``: the numerator and
  denominator of each indicator it feeds, for the units asked (all of them: a ranking asks for the
  few hundred units with figures), read from stored aggregates, never a scan per request;
- ``stamp() -> str``: a token that changes whenever those figures change (an import), part of the
  scoreboard's cache keys so a ranking never serves figures from before an import;
- optionally ``INDICATORS``: the codes it feeds, so the board no longer calls them "never scored".

An indicator fed here takes precedence over the same indicator's KPI source; an indicator fed by no
provider and no KPI shows "no data" (never 0).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction


class Figure(NamedTuple):
    numerator: int | Decimal | None
    denominator: int | Decimal | None
    as_of: datetime | None = None


#: Dotted module paths of the providers (see the module docstring), in the order they are read.
PROVIDERS: tuple[str, ...] = (
    "cchc.publications.figures766",  # 1.1, 1.2, 1.3: procedure publications
    "cchc.petitions.figures766",  # 6.1, 6.2: petitions (PAKN)
    "cchc.portalcounts.figures766",  # 1.4, 4.1, 4.2, 5.3, 5.5, 5.6, 5.7: counts other systems hold
)


class Published(NamedTuple):
    """A unit's 766 score as the national portal published it (cchc.portal766), shown beside CCHC's."""

    total: Decimal
    rank: int | None  # among every unit of the province
    group_rank: int | None  # within the unit's block
    run_date: date  # the day the portal published it
    url: str  # the reconciliation of the unit's figures with CCHC's


#: The module that reads the published figures: ``published(kind, start, unit_ids) -> {unit_id: Published}``.
PUBLISHED = "cchc.portal766.published"


def published(kind: str, start: date, unit_ids) -> dict[int, Published]:
    """The portal's published score of each of ``unit_ids`` for the period, where one is imported."""
    return import_module(PUBLISHED).published(kind, start, unit_ids)


def published_overview(kind: str, start: date) -> tuple[Decimal, date] | None:
    """The province's own total as the portal last published it for the period, with the day published."""
    return import_module(PUBLISHED).overview(kind, start)


def _modules():
    return [import_module(path) for path in PROVIDERS]


def figures(kind: str, start: date, unit_ids) -> dict[int, dict[str, Figure]]:
    """Every provider's figures for ``unit_ids`` and the period, merged by unit (a later provider's
    figure for the same indicator wins; two providers should not feed one indicator)."""
    merged: dict[int, dict[str, Figure]] = {}
    ids = list(unit_ids)
    if not ids:
        return merged
    for module in _modules():
        for unit_id, by_code in module.figures(kind, start, ids).items():
            merged.setdefault(unit_id, {}).update(by_code)
    return merged


def source_urls(unit, kind: str, start: date) -> dict[str, str]:
    """Indicator code → the page of the records or counts behind the unit's input figure for the period
    (each provider's optional ``source_url(code, unit, kind, start)``), for the scorecard's links; the
    page checks its own permissions."""
    urls: dict[str, str] = {}
    for module in _modules():
        link = getattr(module, "source_url", None)
        for code in getattr(module, "INDICATORS", ()) if link else ():
            if url := link(code, unit, kind, start):
                urls[code] = url
    return urls


def fed_indicators() -> set[str]:
    """The indicators some provider feeds (their ``INDICATORS``)."""
    return {code for module in _modules() for code in getattr(module, "INDICATORS", ())}


#: The cache key of the joined stamp. Read once per cached scoreboard read (up to three a request), so it is
#: kept in the cache (shared by the server's processes) rather than asked of every provider each time.
STAMP_KEY = "scoreboard:inputs-stamp"
#: A backstop for writes that do not call ``changed()`` (the admin): the stamp is read again after this.
STAMP_SECONDS = 60


def _from_providers() -> str:
    return "|".join([*(module.stamp() for module in _modules()), import_module(PUBLISHED).stamp()])


def stamp() -> str:
    """The providers' stamps joined: changes whenever an input figure changes. From the cache, where
    ``changed()`` puts it after each import; on a miss from the providers (a query or so each), put in
    the cache only if no import wrote it meanwhile (``cache.add``), so a stale value never wins."""
    value = cache.get(STAMP_KEY)
    if value is None:
        value = _from_providers()
        cache.add(STAMP_KEY, value, STAMP_SECONDS)
    return value


def changed() -> None:
    """Every import of input figures calls this inside its transaction: the stamp is forgotten at once (this
    transaction's readers read it again, with the new figures) and written for every process once the
    import commits."""
    cache.delete(STAMP_KEY)
    transaction.on_commit(lambda: cache.set(STAMP_KEY, _from_providers(), STAMP_SECONDS))
