"""Use cases of the published 766 figures: importing the portal's answers, reconciling them with CCHC's
scorecards, and a unit's published history.

- ``import_snapshot``: a file of the portal's (cchc.core.portal766.parse), stored all or nothing; each unit
  matched to CCHC's by its portal code (a unit alias of source ``dvcqg``, cchc.units.aliases); the units
  that match none are kept in the snapshot's ``unmatched`` and returned, never dropped silently; the same
  file again (same SHA-256) changes nothing.
- ``reconcile``: for a period and block, every unit's published total, groups and indicators beside
  CCHC's (cchc.scoreboard.services.scorecard), the difference and why (cchc.core.portal766.explain).
- ``history``: a unit's published total and ranks over the imported run dates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from cchc.analytics import services as analytics
from cchc.core import portal766 as rules
from cchc.core import score766
from cchc.scoreboard import inputs
from cchc.scoreboard import services as scoreboard
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import Unit, UnitAlias

from .choices import CCHC_BLOCK
from .models import PortalDossierList, PublishedFigure, PublishedIndicator, PublishedSnapshot


@dataclass
class ImportResult:
    snapshot: PublishedSnapshot
    created: bool  # False: the same file was imported before, nothing changed
    matched: int = 0
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (portal code, portal name)


def _matches(codes: set[str], on: date) -> dict[str, Unit]:
    """Portal code → the one unit whose alias (source ``dvcqg``) it is on ``on``; codes with none or
    several units are left out."""
    found: dict[str, set[int]] = {}
    for code, unit_id in (UnitAlias.objects.filter(source_system=PORTAL_SOURCE, code__in=codes).valid_on(on)
                          .values_list("code", "unit_id")):
        found.setdefault(code, set()).add(unit_id)
    single = {code: next(iter(ids)) for code, ids in found.items() if len(ids) == 1}
    units = Unit.objects.in_bulk(single.values())
    return {code: units[pk] for code, pk in single.items()}


@transaction.atomic
def import_snapshot(content: bytes, filename: str, *, user=None) -> ImportResult:
    """Store the portal's published answer ``content`` (refused whole, with its problems, when it does not
    read: cchc.core.portal766.parse). Idempotent by the file's SHA-256."""
    digest = hashlib.sha256(content).hexdigest()
    existing = PublishedSnapshot.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportResult(existing, False, existing.figures.filter(unit__isnull=False).count(),
                            [tuple(pair) for pair in existing.unmatched])
    parsed = rules.parse(content, filename)
    meta = parsed.meta
    matches = _matches({u.code for u in parsed.units}, meta.run_date)
    unmatched = [(u.code, u.name) for u in parsed.units if u.code not in matches]
    snapshot = PublishedSnapshot.objects.create(
        file_name=filename[:255], sha256=digest, shape=parsed.shape, run_date=meta.run_date, period_kind=meta.kind,
        period_start=meta.start, period_label=meta.label[:64], province_code=meta.province_code[:64],
        overview_total=parsed.overview.total if parsed.overview else None, unmatched=[list(p) for p in unmatched],
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    figures = PublishedFigure.objects.bulk_create([
        PublishedFigure(snapshot=snapshot, portal_code=u.code, portal_name=u.name, unit=matches.get(u.code),
                        block=u.block, total=u.total, rank=u.rank, group_rank=u.group_rank,
                        **{f"group{g}": u.groups.get(g) for g in score766.GROUPS})
        for u in parsed.units
    ])
    PublishedIndicator.objects.bulk_create([
        PublishedIndicator(figure=figure, code=ind.code, numerator=ind.numerator, denominator=ind.denominator,
                           rate=ind.rate, points=ind.points, max_points=ind.max_points)
        for figure, u in zip(figures, parsed.units, strict=True) for ind in u.indicators.values()
    ])
    inputs.changed()  # the scoreboard shows the published score beside CCHC's
    return ImportResult(snapshot, True, len(parsed.units) - len(unmatched), unmatched)


def stamp() -> str:
    """Changes whenever a snapshot is imported or removed (part of the reconciliation's cache key)."""
    got = PublishedSnapshot.objects.aggregate(last=Max("pk"))
    return f"{got['last'] or 0}-{PublishedSnapshot.objects.count()}"


# --- Reconciliation ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One figure of a unit, the portal's beside CCHC's: an indicator (``code`` "2.1"), a group ("1"–"6")
    or the total (""). ``difference`` is CCHC's points − the portal's (None when either is missing)."""

    code: str
    portal_points: Decimal | None
    cchc_points: Decimal | None
    max_points: Decimal
    explanation: str
    portal_counts: tuple[Decimal | None, Decimal | None] = (None, None)
    cchc_counts: tuple[int | Decimal | None, int | Decimal | None] = (None, None)

    @property
    def difference(self) -> Decimal | None:
        if self.portal_points is None or self.cchc_points is None:
            return None
        return self.cchc_points - self.portal_points


@dataclass(frozen=True)
class UnitLines:
    figure: PublishedFigure
    total: Line
    groups: list[Line]
    indicators: list[Line]


#: The indicators alone in their group (2: progress, 3: online service): the group's published score is
#: theirs, so a summary answer (group scores only) still gives their points, without counts.
SOLE_INDICATORS = tuple(code for code, ind in score766.INDICATORS_BY_CODE.items()
                        if [i.group for i in score766.INDICATORS].count(ind.group) == 1)


def _cchc_counts(indicator: score766.Indicator, score: score766.IndicatorScore, stored) -> tuple:
    """The numerator and denominator CCHC scored ``indicator`` from (the scorecard's stored figure); 6.3
    scored from three KPIs has only its denominator (the dossiers handled) to compare."""
    if stored is None or not score.has_data:
        return (None, None)
    if indicator.code == "6.3" and stored.kpi_code != scoreboard.input_key("6.3"):
        return (None, stored.denominator)
    return (stored.numerator, stored.denominator)


def unit_lines(figure: PublishedFigure, kind: str, start: date) -> UnitLines:
    """``figure``'s published total, groups and indicators beside the scorecard of its unit for the period
    (all "missing" for a unit CCHC could not match)."""
    published = {i.code: i for i in figure.indicators.all()}
    for code in SOLE_INDICATORS:  # a summary publishes the group, which is the indicator's points
        ind = score766.INDICATORS_BY_CODE[code]
        if code not in published and figure.group(ind.group) is not None:
            published[code] = PublishedIndicator(code=code, points=figure.group(ind.group), max_points=ind.max_points)
    card = scoreboard.scorecard(figure.unit, kind, start) if figure.unit_id else None
    rows = card.indicators if card else [(i, score766.points(i, None, None), None) for i in score766.INDICATORS]
    indicators = []
    for indicator, score, stored in rows:
        mine = published.get(indicator.code)
        portal_counts = (mine.numerator, mine.denominator) if mine else (None, None)
        counts = _cchc_counts(indicator, score, stored)
        reason = rules.explain(mine.points if mine else None, score.points, portal_counts=portal_counts,
                               cchc_counts=counts)
        indicators.append(Line(indicator.code, mine.points if mine else None, score.points, indicator.max_points,
                               reason, portal_counts, counts))
    groups = []
    for number, (_name, maximum) in score766.GROUPS.items():
        mine = card.groups[number].points if card else None
        reasons = [line.explanation for line in indicators if score766.INDICATORS_BY_CODE[line.code].group == number]
        groups.append(Line(str(number), figure.group(number), mine, maximum,
                           rules.explain_group(figure.group(number), mine, reasons)))
    mine_total = card.total.points if card else None
    total = Line("", figure.total, mine_total, Decimal(100),
                 rules.explain_group(figure.total, mine_total, [line.explanation for line in indicators]))
    return UnitLines(figure, total, groups, indicators)


def run_dates(kind: str, start: date, block: str) -> list[date]:
    """The run dates of the imported answers for the period with units of ``block`` (the portal's
    AGENCY/COMMUNE), newest first."""
    return list(PublishedFigure.objects.filter(snapshot__period_kind=kind, snapshot__period_start=start, block=block)
                .values_list("snapshot__run_date", flat=True).distinct().order_by("-snapshot__run_date"))


def periods() -> list[tuple[str, date]]:
    """The (kind, start) of the periods with imported answers, the one published last first (the page's
    default), a year before a month published the same day."""
    rows = (PublishedSnapshot.objects.values("period_kind", "period_start").annotate(last=Max("run_date"))
            .values_list("period_kind", "period_start", "last"))
    return [(k, s) for k, s, _last in sorted(rows, key=lambda r: (r[2], r[0] == "year", r[1]), reverse=True)]


def figures(kind: str, start: date, block: str, run_date: date | None = None) -> list[PublishedFigure]:
    """The units of ``block`` as published on ``run_date`` (the latest by default) for the period, one per
    portal code (a detail answer preferred to a summary of the same day), by the portal's rank."""
    if run_date is None:
        dates = run_dates(kind, start, block)
        if not dates:
            return []
        run_date = dates[0]
    chosen: dict[str, PublishedFigure] = {}
    rows = (PublishedFigure.objects.filter(snapshot__period_kind=kind, snapshot__period_start=start, block=block,
                                           snapshot__run_date=run_date)
            .select_related("snapshot", "unit").prefetch_related("indicators").order_by("snapshot__shape", "pk"))
    for figure in rows:  # "detail" sorts before "summary"
        chosen.setdefault(figure.portal_code, figure)
    return sorted(chosen.values(), key=lambda f: (f.rank is None, f.rank or 0, f.portal_code))


def reconcile(kind: str, start: date, block: str, run_date: date | None = None) -> list[UnitLines]:
    """Every published unit of ``block`` for the period beside CCHC's figures, by the portal's rank; cached
    until the stored figures, the input figures or the imported answers change."""
    key = f"portal766:{kind}:{start.isoformat()}:{block}:{run_date or 'latest'}:{stamp()}"

    def build():
        return [unit_lines(figure, kind, start) for figure in figures(kind, start, block, run_date)]

    return scoreboard.cached(key, analytics.values_stamp(kind, start), build)


def cchc_block(block: str) -> str:
    return CCHC_BLOCK[block]


# --- History ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryPoint:
    run_date: date
    kind: str
    start: date
    total: Decimal | None
    rank: int | None
    group_rank: int | None


def history(unit: Unit, kind: str | None = None, start: date | None = None) -> list[HistoryPoint]:
    """``unit``'s published total and ranks on each imported run date (one per run date and period, a
    detail answer preferred), oldest first; of one period with ``kind`` and ``start``."""
    seen: dict[tuple, HistoryPoint] = {}
    rows = PublishedFigure.objects.filter(unit=unit)
    if kind is not None:
        rows = rows.filter(snapshot__period_kind=kind, snapshot__period_start=start)
    rows = rows.select_related("snapshot").order_by("snapshot__run_date", "snapshot__period_kind", "snapshot__shape", "pk")
    for f in rows:
        s = f.snapshot
        seen.setdefault((s.run_date, s.period_kind, s.period_start),
                        HistoryPoint(s.run_date, s.period_kind, s.period_start, f.total, f.rank, f.group_rank))
    return list(seen.values())


def history_periods(unit: Unit) -> list[tuple[str, date]]:
    """The periods of ``unit``'s published figures, the one published last first (a year before a month
    published the same day)."""
    rows = (PublishedFigure.objects.filter(unit=unit)
            .values_list("snapshot__period_kind", "snapshot__period_start", "snapshot__run_date"))
    latest: dict[tuple[str, date], date] = {}
    for kind, start, run in rows:
        latest[(kind, start)] = max(run, latest.get((kind, start), run))
    return sorted(latest, key=lambda p: (latest[p], p[0] == "year", p[1]), reverse=True)


# --- The dossiers behind a difference in counts ------------------------------------------------------

@dataclass(frozen=True)
class Differences:
    """For one indicator of a unit and period, the portal's list of the dossiers it counts against the
    indicator (cchc.portal766.lists) compared by code with CCHC's list of the same indicator (the
    scorecard's "xem hồ sơ": cchc.scoreboard.services.LISTS, read by cchc.analytics.services.listed_codes).
    Each difference is a whole list, sorted by code; its count is its length."""

    indicator: str
    dossier_list: PortalDossierList
    portal_listed: int  # the codes of the portal's list
    cchc_listed: int | None  # the codes of CCHC's list; None while CCHC's list is being written
    cchc_only: list[tuple[str, int]]  # (code, CCHC's dossier id): CCHC counts it, the portal does not
    portal_only: list[str]  # the portal counts it, CCHC does not

    @property
    def preparing(self) -> bool:
        return self.cchc_listed is None

    @property
    def cchc_only_count(self) -> int:
        return len(self.cchc_only)

    @property
    def portal_only_count(self) -> int:
        return len(self.portal_only)


def dossier_lists(unit: Unit, kind: str, start: date) -> list[PortalDossierList]:
    """The portal's dossier lists imported for ``unit`` and the period, by indicator."""
    return list(PortalDossierList.objects.filter(unit=unit, period_kind=kind, period_start=start)
                .select_related("imported_by").order_by("indicator"))


def dossier_differences(unit: Unit, kind: str, start: date, indicator: str | None = None) -> list[Differences]:
    """For each indicator of ``unit`` with a portal list for the period (or only ``indicator``): the
    dossiers CCHC counts against it that the portal does not, and the reverse, by dossier code."""
    found = []
    for stored in dossier_lists(unit, kind, start):
        if indicator is not None and stored.indicator != indicator:
            continue
        portal = set(stored.dossiers.values_list("code", flat=True))
        (kpi,) = scoreboard.LISTS[stored.indicator]
        mine = analytics.listed_codes(unit, kpi_code=kpi, kind=kind, start=start)
        if mine is None:
            found.append(Differences(stored.indicator, stored, len(portal), None, [], []))
            continue
        found.append(Differences(stored.indicator, stored, len(portal), len(mine),
                                 sorted((c, pk) for c, pk in mine.items() if c not in portal),
                                 sorted(portal - mine.keys())))
    return found
