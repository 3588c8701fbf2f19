"""The Decision 766 scoreboard read from stored KPI values (never from dossiers).

Each computable indicator takes its numerator and denominator from one KPI of cchc.core.kpis, as the
engine stored it for the unit and period; cchc.core.score766 turns them into points. Indicators whose
inputs CCHC does not hold show "no data".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from cchc.analytics import services as analytics
from cchc.core import evaluation, kpis, score766
from cchc.core import ranking as ranking_rules
from cchc.core.levels import Block
from cchc.scoreboard import inputs
from cchc.units.choices import ALL_BLOCKS, RANKED_BLOCKS
from cchc.units.models import Unit

#: indicator → the KPI whose numerator/denominator it scores (QĐ 766 indicator ↔ DVCQG formula, DOMAIN §1).
SOURCES = {
    "2.1": "ontime_rate",
    "3.1": "online_fullprocess_rate",
    "4.3": "online_payment_dossiers_rate",
    "5.1": "digitised_results_rate",
    "5.2": "digitised_dossiers_rate",
    "5.4": "reused_data_rate",
}
#: 6.3 needs three figures: dossiers handled, late ones, and those rated "không hài lòng".
SATISFACTION_INPUTS = ("ontime_rate", "late", "satisfaction_rate")
KPI_CODES = sorted(set(SOURCES.values()) | set(SATISFACTION_INPUTS))


@dataclass(frozen=True)
class Scorecard:
    unit: Unit
    indicators: list[tuple[score766.Indicator, score766.IndicatorScore, Stored | None]]
    groups: dict[int, score766.GroupScore]
    total: score766.TotalScore
    as_of: object


def _score(values: dict[str, Stored], start: date) -> list[tuple[score766.Indicator, score766.IndicatorScore, Stored | None]]:
    """Each indicator of the rules in force on the period's first day ``start`` (score766.indicators_for)."""
    out = []
    for ind in score766.indicators_for(start):
        source = values.get(SOURCES.get(ind.code, ""))
        fed = values.get(input_key(ind.code))
        if fed is not None:  # an input figure (cchc.scoreboard.inputs) takes precedence over a KPI source
            out.append((ind, score766.points(ind, fed.numerator, fed.denominator), fed))
        elif ind.code == "6.3":
            handled, late, rated = (values.get(c) for c in SATISFACTION_INPUTS)
            dossiers = handled.denominator if handled else None
            disliked = (rated.denominator - rated.numerator) if rated and rated.denominator is not None else None
            numerator = score766.tthc_satisfaction_numerator(dossiers, late.numerator if late else None, disliked)
            out.append((ind, score766.points(ind, numerator, dossiers), handled))
        elif source is not None:
            out.append((ind, score766.points(ind, source.numerator, source.denominator), source))
        else:
            out.append((ind, _NO_DATA[ind], None))
    return out


#: An indicator without inputs always scores "no data"; computed once (a ranking scores thousands).
_NO_DATA = {ind: score766.points(ind, None, None) for v in score766.VERSIONS for ind in v.indicators}


class Stored(NamedTuple):
    """The part of a stored KPI value the scoring reads (a plain tuple, lighter than a model instance:
    the ranking reads thousands of them)."""

    unit_id: int
    kpi_code: str
    numerator: int | None
    denominator: int | None
    as_of: object = None


def input_key(code: str) -> str:
    """The key under which an input figure for indicator ``code`` (cchc.scoreboard.inputs) sits among a
    unit's stored values: ``Stored.kpi_code`` of such a figure."""
    return f"766:{code}"


def _values(kind: str, start: date, unit_ids=None, *, as_of: bool = False) -> dict[int, dict[str, Stored]]:
    """A unit's stored KPI values for the period by KPI code, with the input figures of the indicators
    other systems feed (cchc.scoreboard.inputs) under ``input_key(code)``, for the units with KPI values
    (or ``unit_ids``)."""
    by_unit: dict[int, dict[str, Stored]] = defaultdict(dict)
    for v in analytics.values_for(codes=KPI_CODES, period_kind=kind, period_start=start, units=unit_ids):
        by_unit[v.unit_id][v.kpi_code] = Stored(v.unit_id, v.kpi_code, v.numerator, v.denominator,
                                                v.as_of if as_of else None)
    asked = list(unit_ids) if unit_ids is not None else list(by_unit)
    for unit_id, by_code in inputs.figures(kind, start, asked).items():
        for code, fig in by_code.items():
            key = input_key(code)
            by_unit[unit_id][key] = Stored(unit_id, key, fig.numerator, fig.denominator, fig.as_of if as_of else None)
    return by_unit


def bands() -> tuple[score766.Band, ...]:
    """The rating bands configured for the 766 total (``CCHC_766_BANDS``): none by default (DOMAIN §11 Q3)."""
    return settings.SCORE766_BANDS


def scorecard(unit: Unit, kind: str, start: date) -> Scorecard:
    values = _values(kind, start, [unit.pk], as_of=True).get(unit.pk, {})
    scored = _score(values, start)
    scores = [s for _i, s, _v in scored]
    as_of = max((v.as_of for v in values.values() if v.as_of is not None), default=None)
    return Scorecard(unit, scored, score766.group_scores(scores), score766.total(scores, bands()), as_of)


class UnitRef(NamedTuple):
    """The part of a unit a ranking shows (a plain tuple: a ranking holds hundreds, and is cached)."""

    pk: int
    name: str
    kind: str
    block: str = ""


@dataclass(frozen=True)
class Row:
    rank: int  # within the block ranked; among every block when the ranking is of every block
    unit: UnitRef
    groups: dict[int, score766.GroupScore]
    total: score766.TotalScore
    received: int | None
    overall: int = 0  # among the units of every block together (cchc.core.ranking.rank_in_blocks)
    #: ``rank`` against the previous period's ranking of the same block (``ranked``); None from ``ranking``.
    change: ranking_rules.Change | None = None


def _units(pks) -> dict[int, tuple[UnitRef, int | None]]:
    """Units by primary key with their province, read as plain rows in one query (no model instances;
    a province has a few hundred units, far below SQLite's 32,766 parameters since 3.32)."""
    rows = Unit.objects.filter(pk__in=list(pks)).values_list("pk", "name", "kind", "block", "province_id")
    return {pk: (UnitRef(pk, name, kind, block), province_id) for pk, name, kind, block, province_id in rows}


def ranking(kind: str, start: date, *, block: str = ALL_BLOCKS, province: Unit | None = None) -> list[Row]:
    """The units of ``block`` (``ALL_BLOCKS``: every ranked block) ranked by 766 points for a period, each
    with its rank within its block and its overall rank among every ranked block (agency, commune, and
    district before 2025) of the units ranked: those of ``province``, else every unit with figures (one
    province since 1/7/2025). Ties share a rank. One read of stored values; units that handled no dossier
    in the period, and the province itself, are not ranked."""
    by_unit = _values(kind, start)
    units = _units(by_unit)
    table = bands()
    scored = []
    for unit_id, values in by_unit.items():
        unit, province_id = units[unit_id]
        if (province and province_id != province.pk) or unit.block not in RANKED_BLOCKS:
            continue
        handled = values.get("ontime_rate")
        if handled is None or not handled.denominator:
            continue  # no dossier handled in the period: nothing to rank
        scores = [s for _i, s, _v in _score(values, start)]
        scored.append((unit, score766.group_scores(scores), score766.total(scores, table), handled.denominator))
    placed = ranking_rules.rank_in_blocks(scored, score=lambda r: r[2].points, block=lambda r: r[0].block,
                                          name=lambda r: r[0].name)
    every = block == ALL_BLOCKS
    return [Row(p.overall_rank if every else p.block_rank, unit, groups, tot, received, p.overall_rank)
            for p in placed for unit, groups, tot, received in (p.item,) if every or unit.block == block]


def ranked(kind: str, start: date, *, block: str = ALL_BLOCKS) -> list[Row]:
    """``ranking`` with each row's ``change``: its rank against its rank in the ranking of the same block
    for the period before (cchc.core.kpis.previous_start; cchc.core.ranking.change: ↑/↓ n, or new when the
    previous period has a ranking without it). The ranking page, its Excel file and the API all read it."""
    rows = ranking(kind, start, block=block)
    before = {r.unit.pk: r.rank for r in ranking(kind, kpis.previous_start(kind, start), block=block)}
    return [replace(r, change=ranking_rules.change(r.rank, before.get(r.unit.pk), previous_ranked=bool(before)))
            for r in rows]


def ranked_cached(kind: str, start: date, block: str, stamp: str) -> list[Row]:
    """``ranked``, computed once per period and block until the values' ``stamp`` changes: the ranking page,
    its Excel file and the API read this one list."""
    return cached(f"ranked:{kind}:{start.isoformat()}:{block}", stamp, lambda: ranked(kind, start, block=block))


def block_rank(unit: Unit, kind: str, start: date, stamp: str) -> tuple[int, int] | None:
    """The unit's rank within its block for the period and how many units the block ranks (the ranking
    page's figures, cached under the values' ``stamp``); None when the unit is not ranked."""
    if unit.block not in RANKED_BLOCKS:
        return None
    rows = ranked_cached(kind, start, unit.block, stamp)
    return next(((r.rank, len(rows)) for r in rows if r.unit.pk == unit.pk), None)


def periods(kind: str, block: str | None = None) -> list[date]:
    """The period starts for which some unit (of ``block``; every unit with ``ALL_BLOCKS`` or None)
    handled dossiers, newest first."""
    return analytics.periods_with_data(kind, unit_block=None if block == ALL_BLOCKS else block)


def blocks_offered(kind: str, start: date | None, stamp: str) -> list[str]:
    """The blocks a ranking of the period offers to choose: agency and commune always, district only
    when some district handled dossiers in the period (before 1/7/2025). Cached under ``stamp``, a
    values' stamp (cchc.analytics.services.values_stamp) of the period or of its kind."""
    districts = start is not None and cached(f"districts:{kind}:{start.isoformat()}", stamp,
                                             lambda: start in periods(kind, Block.DISTRICT))
    return [b for b in RANKED_BLOCKS if b != Block.DISTRICT or districts]


def repeat_offenders(kind: str, upto: date, *, block: str = ALL_BLOCKS,
                     periods_back: int = 4) -> list[tuple[UnitRef, list[Decimal | None]]]:
    """Units of ``block`` (every ranked block with ``ALL_BLOCKS``) flagged by the early warning
    cchc.core.evaluation.repeatedly_late (not seed 003's rule, which the yearly classification applies) over the last ``periods_back`` periods up to ``upto``, with
    their late share per period (late dossiers / dossiers handled, %), oldest first; read from stored
    values only."""
    starts = [p for p in periods(kind) if p <= upto][:periods_back][::-1]
    if not starts:
        return []
    late: dict[tuple[int, date], int] = {}
    handled: dict[tuple[int, date], int] = {}
    for unit_id, code, start, numerator, denominator, *_rest in analytics.values_for(
        codes=["late", "ontime_rate"], period_kind=kind, period_starts=starts,
        unit_block=None if block == ALL_BLOCKS else block,
    ):
        if code == "late":
            late[(unit_id, start)] = numerator or 0
        else:
            handled[(unit_id, start)] = denominator or 0
    flagged: dict[int, list[Decimal | None]] = {}
    for unit_id in {u for u, _s in handled}:
        shares: list[Decimal | None] = []
        for start in starts:
            n = handled.get((unit_id, start)) or 0
            shares.append((Decimal(late.get((unit_id, start), 0)) * 100 / n).quantize(Decimal("0.01")) if n else None)
        if evaluation.repeatedly_late(shares):
            flagged[unit_id] = shares
    units = _units(flagged)
    return sorted(((units[u][0], shares) for u, shares in flagged.items() if units[u][0].block in RANKED_BLOCKS),
                  key=lambda r: r[0].name)


def _bands_tag() -> str:
    """Part of every cache key: the configured bands (the cache is shared on disk and outlives a restart,
    so a changed ``CCHC_766_BANDS`` must not serve tables scored under the old one)."""
    table = bands()
    return ":bands=" + hashlib.sha256(repr(table).encode()).hexdigest()[:12] if table else ""


def _inputs_tag() -> str:
    """Part of every cache key: the input figures' stamp (cchc.scoreboard.inputs.stamp), so an import of
    publications, petitions or portal counts is seen at once."""
    tag = inputs.stamp()
    return ":inputs=" + hashlib.sha256(tag.encode()).hexdigest()[:12] if tag else ""


def cached(key: str, stamp: str, build):
    """``build()``, kept in the cache under ``key`` until ``stamp`` (cchc.analytics.services.values_stamp) or
    the configured bands change, a day at most: a unit renamed in the admin without a recompute shows its
    new name within that day."""
    key = f"scoreboard:{key}:{stamp}{_bands_tag()}{_inputs_tag()}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=24 * 3600)
    return found


# --- The dossiers that cost an indicator points ------------------------------------------------------

#: Each indicator with a list of the dossiers that cost it points: the lists of the KPIs it is scored
#: from (cchc.analytics.services.listed_dossiers), whose lengths make up denominator − numerator. 6.3
#: subtracts the late dossiers and those rated "không hài lòng" (score766.tthc_satisfaction_numerator),
#: so it lists both; a dossier that is both is listed twice, as the formula counts it twice.
LISTS: dict[str, tuple[str, ...]] = {**{ind: (kpi,) for ind, kpi in SOURCES.items()}, "6.3": ("late", "satisfaction_rate")}


def never_scored() -> list[score766.Indicator]:
    """The indicators this board never scores (neither a stored figure nor an input provider,
    cchc.scoreboard.inputs, feeds them: publication of procedures, PAKN, …): their points show as "chưa tính
    được", never as 0."""
    fed = inputs.fed_indicators()
    return [ind for ind in score766.INDICATORS if ind.code not in LISTS and ind.code not in fed]


def explained(card: Scorecard) -> list[str]:
    """The indicators of ``card`` whose lost points have a list of dossiers to show: those with a list
    (``LISTS``), with data, below their maximum (the scorecard's "xem hồ sơ" links, the API's alike)."""
    return [ind.code for ind, score, _v in card.indicators
            if ind.code in LISTS and score.has_data and score.points < score.max_points]


@dataclass(frozen=True)
class LostDossiers:
    indicator: score766.Indicator
    score: score766.IndicatorScore
    source: Stored | None  # the figure the indicator is scored from (6.3: the dossiers handled)
    total: int  # the dossiers listed over every page: the sum of the lists' lengths
    rows: list[tuple[analytics.Listed, str]]  # (a listed dossier, the KPI whose list holds it)
    has_next: bool
    as_of: object
    preparing: bool = False  # the figures are out and their lists are still being written (a few seconds)


def lost_dossiers(unit: Unit, code: str, kind: str, start: date, *, page: int, size: int) -> LostDossiers:
    """One page of the dossiers behind ``unit``'s indicator ``code`` for the period, read from the lists
    the engine wrote with the figures (same classification, period and as-of), list after list. The
    lengths come from the stored figures themselves (equal to the lists', tests/analytics/test_drill_properties.py),
    so a page reads only its rows."""
    card = scorecard(unit, kind, start)
    indicator, score, source = next(row for row in card.indicators if row[0].code == code)
    figures = {v.kpi_code: v for v in analytics.values_for(codes=LISTS[code], period_kind=kind, period_start=start,
                                                           units=[unit.pk])}
    lengths = [(kpi, analytics.list_length(figures.get(kpi)) or 0) for kpi in LISTS[code]]
    offset, rows = (page - 1) * size, []
    for kpi, length in lengths:
        if offset >= length:
            offset -= length
            continue
        listed = analytics.listed_dossiers(unit, kpi_code=kpi, kind=kind, start=start, offset=offset,
                                           limit=size + 1 - len(rows))
        if listed is None:
            return LostDossiers(indicator, score, source, sum(n for _k, n in lengths), [], False, card.as_of,
                                preparing=True)
        rows += [(item, kpi) for item in listed]
        offset = 0
        if len(rows) > size:
            break
    return LostDossiers(indicator, score, source, sum(n for _k, n in lengths), rows[:size], len(rows) > size,
                        card.as_of)
