"""Reading the leaders' dashboard (F15, F7): where a province stands in a year, and each unit in it.

Everything here reads precomputed results only: stored KPI values (cchc.analytics), the target
evaluation (cchc.plans.evaluation, itself over stored values), the 766 ranking (cchc.scoreboard) and the
corrective actions. A page costs a bounded number of queries whatever the number of dossiers, and the
same number whatever the number of units (tests/dashboard/test_query_counts.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse

from cchc.analytics import choices
from cchc.analytics import services as analytics
from cchc.core import kpis, ranking
from cchc.core.evaluation import Evaluation, Verdict
from cchc.core.levels import UnitKind
from cchc.core.parsing import ascii_int
from cchc.plans import evaluation
from cchc.plans.models import Assignment, Measure, Plan, Target, Threshold
from cchc.scoreboard import services as scoreboard
from cchc.units.choices import ALL_BLOCKS, DEFAULT_BLOCK, RANKED_BLOCKS, block_choices
from cchc.units.choices import chosen_block as requested_block
from cchc.units.models import Unit

from .coordinates import coordinates_of

#: The KPIs a leader follows month by month (F15), in the order they are shown.
MAIN_KPIS = ("received", "ontime_rate", "online_rate", "satisfaction_rate", "digitised_dossiers_rate")
#: Verdicts in the order of the colour bands (red first: what needs attention).
VERDICTS = (Verdict.MISSED, Verdict.AT_RISK, Verdict.MET, Verdict.NO_DATA)
RANKING_SIZE = 10


def kpi_name(code: str, year: int) -> str:
    definition = kpis.definition_for(code, date(year, 12, 31))
    return choices.kpi_name(definition)


# --- What the page shows: year, province, block ----------------------------------------------------


@dataclass(frozen=True)
class Scope:
    year: int
    years: list[int]
    province: Unit | None
    provinces: list[Unit]
    block: str  # the block of units ranked and mapped (cchc.units.choices: agency, commune, district, all)
    blocks: list[tuple[str, str]]
    today: date
    stamp: str = ""  # the year's values stamp (year_stamp), read once for the page's caches

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


def available_years(today: date) -> list[int]:
    """Years with a plan or with computed KPI values, newest first. Kept a minute in the cache: the
    distinct years of the stored values take a scan of their index, and a new year appears once a year."""
    years = cache.get("dashboard:years")
    if years is None:
        years = set(Plan.objects.values_list("year", flat=True).distinct())
        years |= analytics.years_with_figures()
        years = sorted(years, reverse=True)
        cache.set("dashboard:years", years, timeout=60)
    return years or [today.year]


def choose_scope(*, year: str = "", province: str = "", block: str | None = None, level: str | None = None,
                 today: date) -> Scope:
    """The year, province and block of units shown, from the request's (unchecked) choices (``level``:
    the older parameter, a kind of unit standing for its block). Defaults: the latest year that has
    started; a province of that year with a plan, else one that still exists at the year's end (after
    the 2025 reorganisation its figures include its predecessors'); the commune block, as on the national
    portal and the 766 ranking page. The blocks offered are the ranking page's for the year (district
    only when districts have figures for it)."""
    years = available_years(today)
    if ascii_int(year, maximum=9999) in years:
        chosen_year = int(year)
    else:
        chosen_year = next((y for y in years if y <= today.year), years[-1])
    start, end = date(chosen_year, 1, 1), date(chosen_year, 12, 31)
    provinces = sorted(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_during(start, end), key=lambda u: u.name)
    chosen = next((p for p in provinces if p.pk == ascii_int(province)), None)
    if chosen is None and provinces:
        with_plan = set(Plan.objects.filter(year=chosen_year).values_list("province_id", flat=True))
        reference = min(today, end)
        chosen = min(provinces, key=lambda p: (p.pk not in with_plan, not p.is_valid_on(reference), p.name))
    blocks: list[tuple[str, str]] = []
    chosen_block, stamp = DEFAULT_BLOCK, ""
    if chosen is not None:
        stamp = year_stamp(chosen_year)
        blocks = block_choices(scoreboard.blocks_offered("year", start, stamp))
        try:
            asked = requested_block(block or None, level or None)
        except ValueError:
            asked = DEFAULT_BLOCK
        chosen_block = asked if asked in dict(blocks) else DEFAULT_BLOCK
    return Scope(chosen_year, years, chosen, provinces, chosen_block, blocks, today, stamp)


# --- Figures of one unit --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    unit: str  # the KPI's unit of measure (%, hồ sơ)
    value: Decimal | None
    numerator: int | None
    denominator: int | None


def year_figures(unit: Unit, year: int, codes=MAIN_KPIS) -> tuple[list[Figure], datetime | None]:
    """The unit's year-to-date value of each KPI in ``codes``, and when they were computed (one query)."""
    found = {v.kpi_code: v for v in analytics.values_for(
        codes=codes, period_kind="year", period_start=date(year, 1, 1), units=[unit.pk])}
    figures = []
    for code in codes:
        v = found.get(code)
        definition = kpis.definition_for(code, date(year, 12, 31))
        figures.append(Figure(code, kpi_name(code, year), definition.unit, v.value if v else None,
                              v.numerator if v else None, v.denominator if v else None))
    stamps = [v.as_of for v in found.values()]
    return figures, (min(stamps) if stamps else None)


def monthly_trend(unit: Unit, year: int, *, today: date, codes=MAIN_KPIS) -> dict | None:
    """The unit's monthly values of ``codes`` as chart series (one query), up to the current month (the
    engine also fills later months of the year with the dossiers still pending), or None when no dossier
    was received in any of them ("chưa có số liệu")."""
    months = [s for s, _e in kpis.periods_of(year, "month") if s <= today]
    if not months:
        return None
    values: dict[tuple[str, date], Decimal | None] = {
        (v.kpi_code, v.period_start): v.value
        for v in analytics.values_for(codes=codes, period_kind="month", period_starts=months, units=[unit.pk])
    }
    if not any(values.get(("received", m)) for m in months):
        return None
    series = []
    for code in codes:
        definition = kpis.definition_for(code, date(year, 12, 31))
        data = [None if values.get((code, m)) is None else float(values[(code, m)]) for m in months]
        series.append({"code": code, "name": kpi_name(code, year), "unit": choices.unit_label(definition.unit),
                       "kind": "bar" if definition.measure == kpis.COUNT else "line", "data": data})
    return {"months": [f"{m.month:02d}/{m.year}" for m in months], "series": series}


# --- Target statuses ------------------------------------------------------------------------------


@dataclass
class TargetStatus:
    """How the units a target applies to stand: counts per verdict and the year-end projection."""

    target: Target
    counts: dict[str, int]
    with_data: int
    units: int
    provisional: bool = False  # the year's figures are not settled ("tạm tính")

    @property
    def projected_to_meet(self) -> int:
        """Units whose year-end projection satisfies the threshold: the "met" count itself (met ⇔ the
        projection satisfies, cchc.core.evaluation), not a second figure."""
        return self.counts.get(Verdict.MET.value, 0)

    @property
    def url(self) -> str:
        return reverse("plans:target", args=[self.target.pk])


@dataclass
class PlanStatus:
    plan: Plan
    targets: list[TargetStatus] = field(default_factory=list)
    manual: int = 0  # targets measured by the units themselves (reported, not computed)


def year_stamp(year: int) -> str:
    """A token that changes whenever the year's KPI values are recomputed: the one stamp over stored
    figures (cchc.analytics.services.values_stamp) for the year period."""
    return analytics.values_stamp("year", date(year, 1, 1))


def _evaluations(plans: list[Plan], targets: list[Target], today: date) -> dict[int, dict[int, dict[int, Evaluation]]]:
    """plan id → target id → unit id → evaluation (cchc.plans.evaluation.evaluate_plan), kept in the cache
    until the year's KPI values are recomputed, a target or threshold changes, or the day changes (the
    share of the year elapsed moves the projection); ten minutes at most, for a change of units."""
    if not plans:
        return {}
    thresholds = Threshold.objects.filter(target__plan__in=plans).order_by("pk").values_list(
        "target_id", "level", "value", "valid_from", "valid_to")
    definition = repr(([(t.pk, t.measure, t.kpi_code, t.comparator, t.applies_to, t.unit_of_measure) for t in targets],
                       list(thresholds)))
    digest = hashlib.sha256(definition.encode()).hexdigest()[:16]
    key = f"dashboard:eval:{'-'.join(str(p.pk) for p in plans)}:{today.isoformat()}:{year_stamp(plans[0].year)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = {plan.pk: {target_id: {r.unit.pk: r.evaluation for r in rows}
                           for target_id, rows in evaluation.evaluate_plan(plan, today).items()}
                 for plan in plans}
        cache.set(key, found, timeout=600)
    return found


def _plans_and_targets(province_id: int, year: int) -> tuple[list[Plan], list[Target]]:
    plans = list(Plan.objects.filter(year=year, province_id=province_id).order_by("code"))
    targets = list(Target.objects.filter(plan__in=plans).order_by("plan_id", "order", "code")) if plans else []
    return plans, targets


def target_statuses(province: Unit, year: int, today: date) -> list[PlanStatus]:
    """The plans of ``year`` for ``province``, each KPI target with its verdict counts and projection."""
    plans, targets = _plans_and_targets(province.pk, year)
    results = _evaluations(plans, targets, today)
    out = {plan.pk: PlanStatus(plan) for plan in plans}
    for target in targets:
        status = out[target.plan_id]
        if target.measure != Measure.KPI or not target.kpi_code:
            status.manual += 1
            continue
        rows = list(results[target.plan_id].get(target.pk, {}).values())
        counts = Counter(e.verdict.value for e in rows)
        with_data = sum(1 for e in rows if e.value is not None)
        summary = {v.value: counts.get(v.value, 0) for v in Verdict}
        status.targets.append(TargetStatus(target, summary, with_data, len(rows), any(e.provisional for e in rows)))
    return list(out.values())


def unit_target_results(unit: Unit, year: int, today: date) -> list[tuple[Target, Evaluation]]:
    """The unit's verdict on each KPI target of its province's plans of ``year``, red first."""
    if unit.province_id is None:
        return []
    plans, targets = _plans_and_targets(unit.province_id, year)
    results = _evaluations(plans, targets, today)
    out = [(t, results[t.plan_id][t.pk][unit.pk]) for t in targets if unit.pk in results[t.plan_id].get(t.pk, {})]
    order = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(out, key=lambda tr: order[tr[1].verdict])


# --- Rankings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    rank: int  # within the block shown (among every block when all are shown)
    unit_id: int
    name: str
    value: Decimal | None
    dossiers: int | None
    overall: int | None = None  # among the province's units of every block

    @property
    def url(self) -> str:
        return reverse("dashboard:unit", args=[self.unit_id])


def _of_block(province: Unit, block: str, year: int):
    """The province's units of ``block`` (every ranked block with ``ALL_BLOCKS``) that existed in ``year``."""
    blocks = RANKED_BLOCKS if block == ALL_BLOCKS else (block,)
    return Unit.objects.filter(province=province, block__in=blocks).valid_during(date(year, 1, 1), date(year, 12, 31))


def ontime_ranking(province: Unit, year: int, block: str) -> list[Ranked]:
    """Units of ``block`` in ``province`` by their on-time rate for the year, each with its rank in its block
    and among every block (cchc.core.ranking, ties share a rank); units that handled no dossier are left
    out: a rate of nothing is not a rate."""
    units = {pk: (name, unit_block) for pk, name, unit_block in
             Unit.objects.filter(province=province, block__in=RANKED_BLOCKS).values_list("pk", "name", "block")}
    rows = [(v.unit_id, units[v.unit_id][0], v.value, v.denominator, units[v.unit_id][1])
            for v in analytics.values_for(codes=["ontime_rate"], period_kind="year", period_start=date(year, 1, 1),
                                          units=list(units))
            if v.denominator]
    placed = ranking.rank_in_blocks(rows, score=lambda r: r[2], block=lambda r: r[4], name=lambda r: r[1])
    every = block == ALL_BLOCKS
    return [Ranked(p.overall_rank if every else p.block_rank, unit_id, name, value, dossiers, p.overall_rank)
            for p in placed for unit_id, name, value, dossiers, unit_block in (p.item,) if every or unit_block == block]


def score_ranking(province: Unit, year: int, block: str, *, stamp: str | None = None) -> list[Ranked]:
    """Units of ``block`` in ``province`` by their Decision 766 points for the year, with the ranks of the
    scoreboard's ranking (the same ranking as its page's); kept in the cache until the year's values are
    recomputed (``stamp``: the year's ``year_stamp`` when the caller has read it)."""
    start = date(year, 1, 1)
    key = f"dashboard:766:{province.pk}:{year}:{block}:{stamp or year_stamp(year)}"
    rows = cache.get(key)
    if rows is None:
        rows = [Ranked(r.rank, r.unit.pk, r.unit.name, r.total.points, r.received, r.overall)
                for r in scoreboard.ranking("year", start, block=block, province=province)]
        cache.set(key, rows, timeout=24 * 3600)
    return rows


def top_and_bottom(ranked: list[Ranked], size: int = RANKING_SIZE) -> tuple[list[Ranked], list[Ranked]]:
    """The first ``size`` and the last ``size`` (all in the first list when there are few)."""
    if len(ranked) <= 2 * size:
        return ranked, []
    return ranked[:size], ranked[-size:]


# --- Map ------------------------------------------------------------------------------------------


def map_points(province: Unit, year: int, block: str, ontime: list[Ranked], score: list[Ranked]) -> dict:
    """The units of ``block`` with a place on the map, each with its on-time rate and 766 points."""
    units = list(_of_block(province, block, year)
                 .only("pk", "key", "name", "latitude", "longitude").order_by("name"))
    places = coordinates_of(units)
    by_ontime = {r.unit_id: r.value for r in ontime}
    by_score = {r.unit_id: r.value for r in score}
    points = []
    for unit in units:
        if unit.pk not in places:
            continue
        lat, lon = places[unit.pk]
        ontime_value, score_value = by_ontime.get(unit.pk), by_score.get(unit.pk)
        points.append({
            "id": unit.pk, "name": unit.name, "lat": lat, "lon": lon,
            "ontime": None if ontime_value is None else float(ontime_value),
            "score": None if score_value is None else float(score_value),
            "url": reverse("dashboard:unit", args=[unit.pk]),
        })
    return {"points": points, "without_place": len(units) - len(points)}


# --- A unit's drill-down --------------------------------------------------------------------------


def sub_units(unit: Unit, year: int) -> list[tuple[Unit, analytics.Figure | None]]:
    """The units directly under ``unit`` that existed in ``year``, each with its on-time rate (two queries)."""
    children = list(unit.children.valid_during(date(year, 1, 1), date(year, 12, 31)).order_by("kind", "name"))
    rates = {v.unit_id: v for v in analytics.values_for(
        codes=["ontime_rate"], period_kind="year", period_start=date(year, 1, 1), units=[c.pk for c in children])}
    return [(child, rates.get(child.pk)) for child in children]


def unit_assignments(unit: Unit, year: int, today: date):
    """The unit's share of the tasks of ``year``'s plans, with their status (one query)."""
    return (Assignment.objects.for_unit(unit.pk).filter(task__plan__year=year)
            .select_related("task", "task__plan").with_status(today).order_by("task__deadline", "task__code"))


def breadcrumbs(unit: Unit) -> list[Unit]:
    """The units above ``unit``, top first (a province has at most two levels above a commune)."""
    chain, seen = [], {unit.pk}
    parent = unit.parent
    while parent is not None and parent.pk not in seen:
        chain.append(parent)
        seen.add(parent.pk)
        parent = parent.parent
    return chain[::-1]
