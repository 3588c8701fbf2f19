"""Reading the leaders' dashboard (F15, F7): where a province stands in a year, and each unit in it.

Everything here reads precomputed results only: stored KPI values (cchc.analytics), the target
evaluation (cchc.plans.evaluation, itself over stored values), the 766 ranking (cchc.scoreboard) and the
corrective actions. A page costs a bounded number of queries whatever the number of dossiers, and the
same number whatever the number of units (tests/dashboard/test_query_counts.py).
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cchc.analytics import choices
from cchc.analytics import services as analytics
from cchc.core import kpis, ranking
from cchc.core import reporting as reporting_rules
from cchc.core.evaluation import Evaluation, Verdict, is_final
from cchc.core.levels import UnitKind
from cchc.core.parsing import ascii_int
from cchc.plans import evaluation
from cchc.plans.models import Assignment, Measure, Plan, Target
from cchc.scoreboard import services as scoreboard
from cchc.units.choices import ALL_BLOCKS, DEFAULT_BLOCK, RANKED_BLOCKS, block_choices, block_label
from cchc.units.choices import chosen_block as requested_block
from cchc.units.models import Unit

from . import areas
from .coordinates import coordinates_of
from .links import unit_url

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


# --- Headline figures: value, target, colour, change -----------------------------------------------


@dataclass(frozen=True)
class Change:
    """This period's figure against another stored one: ``delta`` = this − that, in the KPI's unit
    (percentage points for a rate), rounded to 2 places; None when either figure is missing."""

    label: str  # the period compared with, named as reports name it ("9 tháng 2026", "Năm 2025")
    value: Decimal | None
    delta: Decimal | None


@dataclass(frozen=True)
class Headline:
    """A headline figure of the province for the year to date, with the plan's target for its KPI and the
    one evaluation of the figure against it (cchc.plans.evaluation.evaluate_whole)."""

    figure: Figure
    target: Target | None
    evaluation: Evaluation | None  # None without a target (or a threshold for the province's level)
    previous: Change | None  # the year's previous year-to-date period; None for a count, or before 31/3
    last_year: Change | None  # the same period a year before; None for a count while the year runs
    provisional: bool  # the year's figures are not settled: "tạm tính"
    as_of: datetime | None  # when the figures were computed

    @property
    def verdict(self) -> str:
        return self.evaluation.verdict.value if self.evaluation else ""

    @property
    def target_url(self) -> str:
        return reverse("plans:target", args=[self.target.pk]) if self.target else ""


def _change(label: str, current: Decimal | None, other: Decimal | None, *, present: bool) -> Change | None:
    if not present:
        return None
    delta = None if current is None or other is None else (current - other).quantize(Decimal("0.01"))
    return Change(label, other, delta)


def headlines(province: Unit, year: int, today: date, codes=MAIN_KPIS, *,
              plans: YearPlans | None = None) -> list[Headline]:
    """The province's year-to-date figure of each KPI in ``codes`` (stored values, three queries), each with:

    - the plan's target for the KPI, where the year's plans of the province have one (the first by plan and
      target order), and its evaluation for the province as a whole against the province-level threshold,
      by the one rule (cchc.core.evaluation through cchc.plans.evaluation): the verdict, so the colour;
    - the change against the previous year-to-date period of the year (cchc.core.reporting.previous_year_to_date:
      the year so far against 9 months, …) and against the same period a year before. Only like with like:
      a rate or a mean compares across periods; a count to date only grows, so it is compared with last
      year's only once the year is over (a year against a year), never with a shorter period.
    - provisional ("tạm tính") while the year's figures are not settled (cchc.core.evaluation.is_final),
      with the day they were computed.
    """
    start = date(year, 1, 1)
    window = evaluation.Window(date(year, 12, 31), today)
    stored = {(v.kpi_code, v.period_start): v for v in analytics.values_for(
        codes=codes, period_kind="year", period_starts=[start, date(year - 1, 1, 1)], units=[province.pk])}
    previous_period = reporting_rules.previous_year_to_date(year, today)
    before = {}
    if previous_period is not None:
        before = {v.kpi_code: v for v in analytics.values_for(
            codes=codes, period_kind=previous_period[0], period_start=previous_period[1], units=[province.pk])}
    _plans, targets = plans or year_plans(province.pk, year)
    by_code: dict[str, Target] = {}
    for target in targets:  # plans by code, targets in their order: the first target of a KPI is its headline's
        if target.measure == Measure.KPI and target.kpi_code:
            by_code.setdefault(target.kpi_code, target)
    year_over = window.on >= date(year, 12, 31)
    out = []
    for code in codes:
        definition = kpis.definition_for(code, date(year, 12, 31))
        current = stored.get((code, start))
        value = current.value if current else None
        figure = Figure(code, kpi_name(code, year), definition.unit, value,
                        current.numerator if current else None, current.denominator if current else None)
        comparable = definition.measure != kpis.COUNT
        last = stored.get((code, date(year - 1, 1, 1)))
        prior = before.get(code)
        target = by_code.get(code)
        verdict = evaluation.evaluate_whole(target, province.level, value, window) if target else None
        out.append(Headline(
            figure, target if verdict else None, verdict,
            _change(kpis.period_label(*previous_period, _), value, prior.value if prior else None,
                    present=comparable) if previous_period else None,
            _change(kpis.period_label("year", date(year - 1, 1, 1), _), value, last.value if last else None,
                    present=comparable or year_over),
            not window.settled,
            current.as_of if current else None,
        ))
    return out


def monthly_trend(unit: Unit, year: int, *, today: date, codes=MAIN_KPIS) -> dict | None:
    """The unit's monthly values of ``codes`` as chart series (one query), or None when no dossier was
    received in any month up to today ("chưa có số liệu").

    A month is never drawn as if it were complete before it is (issue 12: the last point of the line
    covered 7 days and looked like a collapse):

    - the month still running on ``today`` is left out of the chart and its series; its figures so far
      come apart in ``running`` (its label, the day they stand at, each KPI's value), which the page shows
      as "tạm tính" beside the chart, and in the table with the mark;
    - a month that has ended but whose figures are not settled yet (cchc.core.evaluation.is_final,
      CCHC_SETTLING_DAYS) is drawn, marked in ``provisional`` (the chart draws it dashed and hollow);
    - later months of the year are not read (the engine fills them with the dossiers still pending).
    """
    periods = [(s, e) for s, e in kpis.periods_of(year, "month") if s <= today]
    if not periods:
        return None
    months = [s for s, _e in periods]
    values: dict[tuple[str, date], Decimal | None] = {
        (v.kpi_code, v.period_start): v.value
        for v in analytics.values_for(codes=codes, period_kind="month", period_starts=months, units=[unit.pk])
    }
    if not any(values.get(("received", m)) for m in months):
        return None
    ended = [(s, e) for s, e in periods if e < today]
    running = next(((s, e) for s, e in periods if s <= today <= e), None)

    def number(code: str, month: date) -> float | None:
        found = values.get((code, month))
        return None if found is None else float(found)

    series = []
    for code in codes:
        definition = kpis.definition_for(code, date(year, 12, 31))
        series.append({"code": code, "name": kpi_name(code, year), "unit": choices.unit_label(definition.unit),
                       "kind": "bar" if definition.measure == kpis.COUNT else "line",
                       "data": [number(code, s) for s, _e in ended]})
    return {
        "months": [f"{s.month:02d}/{s.year}" for s, _e in ended],
        "provisional": [not is_final(e, today, settling_days=settings.SETTLING_DAYS) for _s, e in ended],
        "series": series,
        "running": None if running is None else {
            "month": f"{running[0].month:02d}/{running[0].year}", "as_of": today.isoformat(),
            "days": (today - running[0]).days + 1,
            "values": [{"name": s["name"], "unit": s["unit"], "value": number(s["code"], running[0])} for s in series],
        },
    }


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
    thresholds = sorted((t.pk, t.target_id, t.level, t.value, t.valid_from, t.valid_to)
                        for target in targets for t in target.thresholds.all())  # prefetched (year_plans)
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


YearPlans = tuple[list[Plan], list[Target]]


def year_plans(province_id: int, year: int) -> YearPlans:
    """The province's plans of ``year`` and their targets (with their plan and thresholds), in two or three
    queries; a page that needs them in several places reads them once and passes them on."""
    plans = list(Plan.objects.filter(year=year, province_id=province_id).order_by("code"))
    targets = list(Target.objects.filter(plan__in=plans).select_related("plan").prefetch_related("thresholds")
                   .order_by("plan_id", "order", "code")) if plans else []
    return plans, targets


def target_statuses(province: Unit, year: int, today: date, *, plans: YearPlans | None = None) -> list[PlanStatus]:
    """The plans of ``year`` for ``province``, each KPI target with its verdict counts and projection."""
    plans, targets = plans or year_plans(province.pk, year)
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
    plans, targets = year_plans(unit.province_id, year)
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
    block: str = ""

    @property
    def url(self) -> str:
        return unit_url(self.unit_id)



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
    key = f"dashboard:766:v2:{province.pk}:{year}:{block}:{stamp or year_stamp(year)}"
    rows = cache.get(key)
    if rows is None:
        rows = [Ranked(r.rank, r.unit.pk, r.unit.name, r.total.points, r.received, r.overall, r.unit.block)
                for r in scoreboard.ranking("year", start, block=block, province=province)]
        cache.set(key, rows, timeout=24 * 3600)
    return rows


def top_and_bottom(ranked: list[Ranked], size: int = RANKING_SIZE) -> tuple[list[Ranked], list[Ranked]]:
    """The first ``size`` and the last ``size`` (all in the first list when there are few)."""
    if len(ranked) <= 2 * size:
        return ranked, []
    return ranked[:size], ranked[-size:]


# --- The province's 766 total and each block's spread ---------------------------------------------


@dataclass(frozen=True)
class BlockSpread:
    """How a block's units score on the 766 index in the year: the scoreboard's ranking of the block
    (the same rows, order and ranks as its page), with its lowest, quartiles and highest."""

    block: str
    label: str
    ranked: list[Ranked]  # best first
    url: str  # the block's ranking on the scoreboard

    @property
    def scores(self) -> list[Decimal]:
        return sorted(r.value for r in self.ranked if r.value is not None)

    @property
    def five(self) -> list[Decimal] | None:
        """Lowest, first quartile, median, third quartile, highest (quartiles "inclusive": of 60, 70, 80,
        90 they are 67.5, 75, 82.5); None when no unit of the block has points."""
        scores = self.scores
        if not scores:
            return None
        if len(scores) == 1:
            return scores * 5
        q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
        return [scores[0], q1, median, q3, scores[-1]]

    @property
    def highest(self) -> Ranked | None:
        return self.ranked[0] if self.ranked else None

    @property
    def lowest(self) -> Ranked | None:
        scored = [r for r in self.ranked if r.value is not None]
        return scored[-1] if scored else None


def province_766(province: Unit, year: int, blocks: list[str], *,
                 stamp: str | None = None) -> tuple[scoreboard.Scorecard, list[BlockSpread]]:
    """The province's own 766 scorecard for the year (scored from its stored figures, as its scorecard page
    scores it) and the spread of each ranked block of ``blocks`` (the blocks the page offers) that has ranked
    units, from the block's ranking (``score_ranking``, the scoreboard's, cached)."""
    start = date(year, 1, 1)
    card = scoreboard.scorecard(province, "year", start)
    spreads = []
    for block in blocks:
        if block == ALL_BLOCKS:
            continue
        ranked = score_ranking(province, year, block, stamp=stamp)
        if not ranked:
            continue
        query = urlencode({"kind": "year", "start": start.isoformat(), "block": block})
        spreads.append(BlockSpread(block, block_label(block), ranked, f"{reverse('scoreboard:ranking')}?{query}"))
    return card, spreads


# --- Map ------------------------------------------------------------------------------------------


def map_targets(statuses: list[PlanStatus]) -> list[Target]:
    """The targets a map can be coloured by: the year's KPI-bound targets, in the page's order."""
    return [s.target for p in statuses for s in p.targets]


def chosen_map_target(targets: list[Target], asked: str = "") -> Target | None:
    """The target asked for (by id), else the first on the on-time rate (the figure leaders follow first),
    else the first; None without any."""
    wanted = ascii_int(asked)
    return (next((t for t in targets if t.pk == wanted), None)
            or next((t for t in targets if t.kpi_code == "ontime_rate"), None)
            or (targets[0] if targets else None))


def map_areas(province: Unit, year: int, block: str, today: date, target: Target | None, *,
              plans: YearPlans | None = None) -> dict:
    """The units of ``block`` with a place, each as a named area (cchc.dashboard.areas: the unit's cell of
    the province drawn from the units' points; no boundary data exists for the 2025 units), coloured by
    its verdict on ``target`` by the one evaluation (the target page's, cchc.plans.evaluation), grey with
    "no data" when it has none or no target applies to it."""
    span = (date(year, 1, 1), date(year, 12, 31))
    units = list(_of_block(province, block, year).only("pk", "key", "name", "latitude", "longitude").order_by("name"))
    places = coordinates_of(units)
    outline = coordinates_of(Unit.objects.filter(province=province).valid_during(*span)
                             .only("pk", "key", "latitude", "longitude"))
    cells = areas.unit_cells({pk: places[pk] for pk in places}, list(outline.values()))
    verdicts: dict[int, Evaluation] = {}
    if target is not None:
        plan_list, targets = plans or year_plans(province.pk, year)
        verdicts = _evaluations(plan_list, targets, today).get(target.plan_id, {}).get(target.pk, {})
    total = sum(areas.area(cell) for cell in cells.values()) or 1.0
    shown = []
    for unit in units:
        if unit.pk not in cells:
            continue
        result = verdicts.get(unit.pk)
        shown.append({
            "share": round(areas.area(cells[unit.pk]) / total, 5),  # of the map: small areas go unlabelled
            "id": str(unit.pk), "name": unit.name,
            "verdict": result.verdict.value if result else Verdict.NO_DATA.value,
            "value": None if result is None or result.value is None else float(result.value),
            "url": unit_url(unit.pk),
            "centre": [places[unit.pk][1], places[unit.pk][0]],
        })
    return {
        "geo": areas.feature_collection({int(a["id"]): cells[int(a["id"])] for a in shown}),
        "areas": shown, "without_place": len(units) - len(shown),
        "target": None if target is None else {"id": target.pk, "code": target.code, "text": target.text,
                                               "unit": target.unit_of_measure},
    }


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
