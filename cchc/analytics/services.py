"""Use cases of the analytics area: refresh the fact store, recompute the KPI figures, read them.

Pages, the API, reports and the CLI call these; only ``refresh``/``rebuild`` touch the fact store,
every reader reads ``KpiValue`` (a few indexed rows, whatever the number of dossiers). Other apps read
figures through the read API here (``values_for``, ``periods_with_data``, ``values_stamp``,
``listed_dossiers``), never by querying the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

import duckdb
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import kpis
from cchc.core.errors import DomainError
from cchc.core.timeliness import Timeliness
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit, UnitLink

from . import listing
from .choices import period_name
from .models import KpiValue
from .sql import CLASS_OF_CODE, KPI_SQL, LISTED_KPIS, list_bit
from .store import ComputeResult, FactStore, Progress, SyncResult


def _kinds(kinds: Iterable[str] | None) -> list[str]:
    chosen = list(kinds) if kinds else list(kpis.PERIOD_KINDS)
    unknown = [k for k in chosen if k not in kpis.PERIOD_KINDS]
    if unknown:
        raise DomainError(
            _("Loại kỳ không hợp lệ: {kinds}. Chọn một trong: {allowed}.").format(
                kinds=", ".join(unknown), allowed=", ".join(kpis.PERIOD_KINDS)
            )
        )
    return chosen


def sync_facts(*, full: bool = False, store: FactStore | None = None,
               progress: Progress | None = None) -> SyncResult:
    """Copy the changed dossiers (all of them with ``full``) into the fact store."""
    return (store or FactStore()).sync(incremental=not full, progress=progress)


def refresh_kpis(*, year: int, kinds: Iterable[str] | None = None, store: FactStore | None = None,
                 progress: Progress | None = None) -> tuple[SyncResult, list[ComputeResult]]:
    """The scheduled job: an incremental sync, then the figures of every period it changed (from the
    stored per-unit sums), and the year's figures for each kind of period not computed yet."""
    return (store or FactStore()).refresh(_kinds(kinds), year, progress=progress)


def rebuild_kpis(*, year: int, kinds: Iterable[str] | None = None, store: FactStore | None = None,
                 progress: Progress | None = None) -> tuple[SyncResult, list[ComputeResult]]:
    """A full copy of the facts (sees deletions and late commits), then the year's figures."""
    store = store or FactStore()
    chosen = _kinds(kinds)
    synced = store.sync(incremental=False, progress=progress)
    return synced, [store.compute(kind, year, progress=progress) for kind in chosen]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


@dataclass(frozen=True)
class KpiRow:
    definition: kpis.KpiDefinition
    values: list[KpiValue | None]  # one per period, None when not computed yet


@dataclass(frozen=True)
class KpiTable:
    """A unit's figures for the periods of one kind in one year, KPI by KPI."""

    unit: Unit
    kind: str
    year: int
    periods: list[Period]
    rows: list[KpiRow]
    as_of: datetime | None  # the oldest computation shown; None when nothing is computed


def kpi_table(unit: Unit, *, year: int, kind: str) -> KpiTable:
    """Read a unit's precomputed figures: one query on KpiValue, never the dossiers."""
    (kind,) = _kinds([kind])
    periods = [Period(s, e, period_name(kind, s)) for s, e in kpis.periods_of(year, kind)]
    found = {
        (v.kpi_code, v.period_start): v
        for v in KpiValue.objects.filter(unit=unit, period_kind=kind,
                                         period_start__in=[p.start for p in periods])
    }
    definitions = kpis.catalogue_on(periods[-1].end)
    rows = [KpiRow(d, [found.get((d.code, p.start)) for p in periods]) for d in definitions]
    stamps = [v.as_of for v in found.values()]
    return KpiTable(unit, kind, year, periods, rows, min(stamps) if stamps else None)


# --- The read API -----------------------------------------------------------------------------------


class Figure(NamedTuple):
    """One stored KPI value as readers use it (a plain tuple: a ranking reads thousands)."""

    unit_id: int
    kpi_code: str
    period_start: date
    numerator: int | None
    denominator: int | None
    value: object  # Decimal | None
    as_of: datetime
    definition_version: int = 1


def values_for(*, codes: Collection[str] | None, period_kind: str, period_start: date | None = None,
               period_starts: Collection[date] | None = None, units: Collection[int] | None = None,
               unit_kind: str | None = None, unit_block: str | None = None) -> list[Figure]:
    """The stored figures of the KPIs ``codes`` for one period (``period_start``) or several
    (``period_starts``) of a kind, for the units ``units`` (primary keys) or every unit (of ``unit_kind``,
    of the block ``unit_block``: cchc.core.levels.Block);
    every KPI with ``codes`` None. One indexed read (period kind, start, KPI). Other apps read stored
    figures through this function only (plans' evaluation, reporting, scoreboard, dashboard)."""
    rows = KpiValue.objects.filter(period_kind=period_kind).order_by()
    if codes is not None:
        rows = rows.filter(kpi_code__in=list(codes))
    if period_start is not None:
        rows = rows.filter(period_start=period_start)
    if period_starts is not None:
        rows = rows.filter(period_start__in=list(period_starts))
    if units is not None:
        rows = rows.filter(unit_id__in=list(units))
    if unit_kind:
        rows = rows.filter(unit__kind=unit_kind)
    if unit_block:
        rows = rows.filter(unit__block=unit_block)
    return [Figure(*row) for row in rows.values_list("unit_id", "kpi_code", "period_start", "numerator",
                                                     "denominator", "value", "as_of", "definition_version")]


def years_with_figures() -> set[int]:
    """The years for which dossier figures are stored (a year's ``received`` count exists)."""
    return {d.year for d in KpiValue.objects.filter(period_kind="year", kpi_code="received")
            .order_by().values_list("period_start", flat=True).distinct()}


def periods_with_data(period_kind: str, *, unit_kind: str | None = None, unit_block: str | None = None) -> list[date]:
    """The period starts in which some unit (of ``unit_kind``, of the block ``unit_block``) handled
    dossiers, newest first."""
    rows = KpiValue.objects.filter(period_kind=period_kind, kpi_code="ontime_rate", denominator__gt=0)
    if unit_kind:
        rows = rows.filter(unit__kind=unit_kind)
    if unit_block:
        rows = rows.filter(unit__block=unit_block)
    return list(rows.order_by("-period_start").values_list("period_start", flat=True).distinct())


def values_stamp(period_kind: str, period_start: date | None = None) -> str:
    """A token that changes whenever figures of the period kind (of one period, with ``period_start``)
    are written (the engine replaces a period's rows with a new as-of stamp) or removed: the latest as-of
    stamp and the number of stored on-time rates (present for every unit and period computed) and of the
    recorded figures (``record_values``). Anything
    derived from those figures (rankings, evaluations, the periods offered) may be cached under it."""
    rows = KpiValue.objects.filter(period_kind=period_kind, kpi_code__in=("ontime_rate", *kpis.RECORDED_KPI_CODES))
    if period_start is not None:
        rows = rows.filter(period_start=period_start)
    got = rows.aggregate(last=Max("as_of"), n=Count("pk"))
    last = got["last"]
    return f"{last.astimezone(UTC).strftime('%Y%m%d%H%M%S%f') if last else 0}-{got['n']}"


# --- Figures recorded by other apps ------------------------------------------------------------------


def record_values(*, code: str, period_kind: str, period_start: date,
                  figures: Mapping[int, tuple[int | None, int | None]], units: Collection[int],
                  as_of: datetime | None = None) -> int:
    """Store the figures of a recorded KPI (cchc.core.kpis.RECORDED_KPIS: computed by the app that owns the
    facts, not from dossiers) for one period: ``figures`` maps a unit id to (numerator, denominator); the
    value comes from the catalogue's rule (cchc.core.kpis.value_of). The stored rows of ``code`` for that
    period and the ``units`` (the scope the caller computed) are replaced: a unit of the scope absent from
    ``figures`` loses its row. The engine's refresh never touches these rows (cchc.analytics.publish).
    Returns the number of rows written."""
    if code not in kpis.RECORDED_KPI_CODES:
        raise DomainError(_("Chỉ số {code} không phải là số liệu ghi nhận từ nghiệp vụ.").format(code=code))
    (period_kind,) = _kinds([period_kind])
    end = kpis.period_end(period_kind, period_start)
    definition = kpis.definition_for(code, end)
    stamp = as_of or timezone.now()
    with transaction.atomic():
        KpiValue.objects.filter(kpi_code=code, period_kind=period_kind, period_start=period_start,
                                unit_id__in={*units, *figures}).delete()
        KpiValue.objects.bulk_create([
            KpiValue(kpi_code=code, definition_version=definition.version, unit_id=unit_id, period_kind=period_kind,
                     period_start=period_start, period_end=end, numerator=numerator, denominator=denominator,
                     value=kpis.value_of(definition, numerator, denominator), as_of=stamp)
            for unit_id, (numerator, denominator) in sorted(figures.items())])
    return len(figures)


# --- The dossiers behind a figure -------------------------------------------------------------------


def listed_kpis() -> tuple[str, ...]:
    """The KPIs whose figures have a list of dossiers (cchc.analytics.sql.LISTED_KPIS)."""
    return LISTED_KPIS


def list_length(value: KpiValue | None) -> int | None:
    """How many dossiers the list of a stored figure holds: denominator − numerator for a rate, the
    count for a count (None when the figure is not computed)."""
    if value is None or value.numerator is None:
        return None
    if KPI_SQL[value.kpi_code][1] is None:
        return value.numerator
    return (value.denominator or 0) - value.numerator


def _counted_units(unit_id: int) -> dict[date | None, list[int]]:
    """The units whose dossiers the unit's figures count, by the receipt day before which they count
    (None: all of them): the rollup closure the engine sums up (cchc.core.kpis.rollup_closure)."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    links = list(UnitLink.objects.values_list("predecessor_id", "successor_id", "effective_date"))
    groups: dict[date | None, list[int]] = defaultdict(list)
    for unit, ancestor, until in kpis.rollup_closure(parents, links):
        if ancestor == unit_id:
            groups[until].append(unit)
    return groups


class Listed(NamedTuple):
    """A dossier of a figure's list, with the 766 class it was counted in at the end of the period."""

    dossier: Dossier
    timeliness: Timeliness


def _listed_rows(unit: Unit, kpi_code: str, kind: str, start: date, offset: int = 0,
                 limit: int | None = None) -> list[tuple[int, int]] | None:
    """(dossier id, class code) of the list of ``unit``'s figure ``kpi_code`` for the period, newest first
    (listed_dossiers' rows before the dossiers are read; None as there)."""
    if kpi_code not in LISTED_KPIS:
        raise DomainError(_("Chỉ số {code} không có danh sách hồ sơ.").format(code=kpi_code))
    (kind,) = _kinds([kind])
    figure = KpiValue.objects.filter(unit=unit, kpi_code=kpi_code, period_kind=kind, period_start=start).first()
    if figure is None:
        return []
    files = listing.files_of(kind, start, figure.as_of)
    if files is None:
        return None
    if not files:
        return []
    where, params = [], []
    for until, units in _counted_units(unit.pk).items():
        ids = ", ".join(str(int(u)) for u in units)
        where.append(f"unit_id IN ({ids})" if until is None else f"(unit_id IN ({ids}) AND received_day < ?)")
        params += [] if until is None else [until]
    if not where:
        return []
    page = f" LIMIT {int(limit)}" if limit is not None else ""
    page += f" OFFSET {int(offset)}" if offset else ""
    with duckdb.connect() as con:
        try:
            return con.execute(
                f"SELECT dossier_id, cls FROM read_parquet(?, hive_partitioning = false) WHERE lists & ? <> 0 "
                f"AND ({' OR '.join(where)}) ORDER BY dossier_id DESC{page}",
                [[str(f) for f in files], list_bit(kpi_code), *params]).fetchall()
        except duckdb.IOException:  # a newer computation replaced this figure and its files meanwhile
            return None


def listed_dossiers(unit: Unit, *, kpi_code: str, kind: str, start: date, offset: int = 0,
                    limit: int | None = None) -> list[Listed] | None:
    """The dossiers in the list of ``unit``'s figure ``kpi_code`` for the period (kind, start), newest
    first: exactly denominator − numerator of a rate, or the count of a count (list_length of the figure),
    as the engine classified them in the computation that wrote that figure (its as-of stamp names the
    manifest of the list's files, cchc.analytics.listing). ``offset``/``limit`` choose a page; the dossiers of that page
    are then read by primary key. Never a scan of the dossiers. None: the figure's list is not written yet
    (the engine writes the lists right after the figures, cchc.analytics.listing.write_due) or was
    replaced by a newer computation while being read; the page says so and is read again."""
    found = _listed_rows(unit, kpi_code, kind, start, offset, limit)
    if found is None:
        return None
    dossiers = Dossier.objects.select_related("unit", "procedure").in_bulk([d for d, _c in found])
    return [Listed(dossiers[d], CLASS_OF_CODE[c]) for d, c in found if d in dossiers]


#: Dossier ids read per query by listed_codes (SQLite's bound parameters).
CODES_CHUNK = 900


def listed_codes(unit: Unit, *, kpi_code: str, kind: str, start: date) -> dict[str, int] | None:
    """The dossier codes (MaHoSo) of the whole list of ``unit``'s figure ``kpi_code`` for the period, each
    with its dossier's id: the rows of listed_dossiers, without the dossiers' other fields (a list compared
    whole with another system's, cchc.portal766.services.dossier_differences). None as listed_dossiers."""
    found = _listed_rows(unit, kpi_code, kind, start)
    if found is None:
        return None
    ids = [d for d, _c in found]
    codes: dict[str, int] = {}
    for at in range(0, len(ids), CODES_CHUNK):
        codes.update((code, pk) for pk, code in
                     Dossier.objects.filter(pk__in=ids[at:at + CODES_CHUNK]).values_list("pk", "code"))
    return codes
