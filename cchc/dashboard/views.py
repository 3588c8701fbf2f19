from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from cchc.accounts.permissions import require, unit_id_of
from cchc.analytics import services as analytics
from cchc.analytics.choices import LIST_REASONS, PeriodKind, kpi_name, period_name
from cchc.core import kpis
from cchc.core.evaluation import Verdict
from cchc.core.integrity import RULES as INTEGRITY_RULES
from cchc.core.parsing import ascii_int
from cchc.corrective import permissions as corrective_permissions
from cchc.corrective import services as corrective
from cchc.dossiers.choices import TimelinessChoices
from cchc.dossiers.permissions import can_view_dossiers_of
from cchc.parindex import results as par_results
from cchc.plans.choices import TaskStatusChoices, VerdictChoices
from cchc.scoreboard import inputs as scoreboard_inputs
from cchc.scoreboard import services as scoreboard
from cchc.units.choices import ALL_BLOCKS, block_label
from cchc.units.models import Unit

from . import figures, permissions, services
from . import integrity as flags_of

RATE_LABEL, POINTS_LABEL = gettext_lazy("Tỷ lệ (%)"), gettext_lazy("Điểm")
#: Labels by value (lazy, translated when shown): the plans' vocabulary (cchc.plans.choices).
VERDICT_LABELS = dict(VerdictChoices.choices)
STATUS_LABELS = dict(TaskStatusChoices.choices)
VERDICT_COLOURS = {Verdict.MISSED: "#b42318", Verdict.AT_RISK: "#b26a00", Verdict.MET: "#1e7b34",
                   Verdict.NO_DATA: "#9aa5b1"}


def _viewer(request) -> None:
    require(permissions.can_view_dashboard(request.user))


def _chart_labels() -> dict:
    return {
        "verdicts": [{"key": v.value, "name": str(VERDICT_LABELS[v.value]), "colour": VERDICT_COLOURS[v]}
                     for v in services.VERDICTS],
        "no_data": _("Chưa có số liệu"), "units": _("đơn vị"), "longitude": _("Kinh độ"), "latitude": _("Vĩ độ"),
        "percent": _("Tỷ lệ (%)"), "dossiers": _("Hồ sơ"), "provisional": _("tạm tính"),
        "points": _("Điểm"), "block_spread": _("Điểm Bộ chỉ số 766 của các đơn vị"),
        "spread": [_("Thấp nhất"), _("Tứ phân vị 1"), _("Trung vị"), _("Tứ phân vị 3"), _("Cao nhất")],
    }


def _dossier_links(user, unit: Unit, start: date, end: date) -> dict[str, str]:
    """KPI code → the list of dossiers behind a figure of ``unit`` for the year, for users who may see them:
    the dossiers received (the list filtered to the unit's subtree and the year) and those not handled on
    time (766 indicator 2.1's list, as the engine counted them)."""
    if not can_view_dossiers_of(user, unit.pk):
        return {}
    query = {"subtree": unit.pk, "from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}
    return {"received": f"{reverse('dossiers:list')}?{urlencode(query)}",
            "ontime_rate": f"{reverse('scoreboard:dossiers', args=[unit.pk, '2.1'])}?"
                           f"{urlencode({'kind': 'year', 'start': start.isoformat()})}"}


def _trend_rows(trend: dict | None) -> list[dict]:
    """The trend's table: each drawn month with its provisional mark, then the running month (tạm tính)."""
    if not trend:
        return []
    rows = [{"month": month, "provisional": provisional, "cells": [(s["data"][i], s["unit"]) for s in trend["series"]]}
            for i, (month, provisional) in enumerate(zip(trend["months"], trend["provisional"], strict=True))]
    if trend["running"]:
        rows.append({"month": trend["running"]["month"], "provisional": True,
                     "cells": [(v["value"], v["unit"]) for v in trend["running"]["values"]]})
    return rows


@login_required
def index(request):
    """The leaders' dashboard: one province, one year, its targets, rankings, trends and map."""
    _viewer(request)
    today = timezone.localdate()
    scope = services.choose_scope(year=request.GET.get("year", ""), province=request.GET.get("province", ""),
                                  block=request.GET.get("block"), level=request.GET.get("level"), today=today)
    context = {"scope": scope, "labels": VERDICT_LABELS,
               "colours": {k.value: c for k, c in VERDICT_COLOURS.items()}, "verdicts": [v.value for v in services.VERDICTS]}
    chart: dict = {"labels": _chart_labels()}
    if scope.province is not None:
        province, year, block = scope.province, scope.year, scope.block
        plans = services.year_plans(province.pk, year)
        statuses = services.target_statuses(province, year, today, plans=plans)
        map_targets = services.map_targets(statuses)
        map_target = services.chosen_map_target(map_targets, request.GET.get("target", ""))
        card, spreads = services.province_766(province, year, [b for b, _label in scope.blocks], stamp=scope.stamp)
        ontime = services.ontime_ranking(province, year, block)
        score = services.score_ranking(province, year, block, stamp=scope.stamp)
        chart["trend"] = services.monthly_trend(province, year, today=today)
        chart["targets"] = [
            {"code": s.target.code, "text": s.target.text, "plan": p.plan.code, "url": s.url, "counts": s.counts}
            for p in statuses for s in p.targets
        ]
        headlines = services.headlines(province, year, today, plans=plans)
        as_of = min((h.as_of for h in headlines if h.as_of), default=None)
        chart["map"] = services.map_areas(province, year, block, today, map_target, plans=plans)
        chart["spreads"] = [{"label": sp.label, "five": [float(x) for x in sp.five]} for sp in spreads if sp.five]
        chart["province_766"] = None if card.total.points is None else {
            "name": province.name, "points": float(card.total.points)}
        context.update({
            "headlines": headlines, "card": card, "spreads": spreads,
            "published_total": scoreboard_inputs.published_overview("year", scope.start),
            "headline_links": _dossier_links(request.user, province, scope.start, scope.end),
            "year_provisional": any(h.provisional for h in headlines),
            "year_as_of": as_of or today,
            "trend_rows": _trend_rows(chart["trend"]),
            "card_url": f"{reverse('scoreboard:unit', args=[province.pk])}?"
                        f"{urlencode({'kind': 'year', 'start': scope.start.isoformat()})}",
            "map_targets": map_targets, "map_target": map_target,
            "targets_chart_height": 80 + 30 * len(chart["targets"]),  # a bar of 30 px per target
            "as_of": as_of, "statuses": statuses, "today": today,
            "targets_provisional": any(s.provisional for p in statuses for s in p.targets),
            "ontime": services.top_and_bottom(ontime), "ontime_hidden": max(len(ontime) - 2 * services.RANKING_SIZE, 0),
            "score": services.top_and_bottom(score), "score_hidden": max(len(score) - 2 * services.RANKING_SIZE, 0),
            "rate_label": RATE_LABEL, "points_label": POINTS_LABEL,
            "open_actions": corrective.open_counts(province),
            "scoreboard_url": f"{reverse('scoreboard:ranking')}?"
                              f"{urlencode({'kind': 'year', 'start': scope.start.isoformat(), 'block': block})}",
            "block_label": block_label(block), "every_block": block == ALL_BLOCKS,
        })
    context["chart"] = chart
    context["par_index"] = [(c, block_label(c.block)) for c in par_results.latest_by_block()]
    return render(request, "dashboard/index.html", context)


@login_required
def unit(request, pk: int):
    """Drill-down to one unit: its figures, its verdict on each target, its tasks, the units under it."""
    _viewer(request)
    unit = get_object_or_404(Unit.objects.select_related("parent", "parent__parent", "province"), pk=pk)
    today = timezone.localdate()
    years = services.available_years(today)
    raw = request.GET.get("year", "")
    year = int(raw) if ascii_int(raw, maximum=9999) in years else next((y for y in years if y <= today.year), years[-1])
    start, end = date(year, 1, 1), date(year, 12, 31)
    figures, as_of = services.year_figures(unit, year)
    card = scoreboard.scorecard(unit, "year", start)
    trend = services.monthly_trend(unit, year, today=today)
    links = {"scorecard": f"{reverse('scoreboard:unit', args=[unit.pk])}?{urlencode({'kind': 'year', 'start': start.isoformat()})}"}
    if can_view_dossiers_of(request.user, unit.pk):
        query = {"subtree": unit.pk, "from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}
        links["dossiers"] = f"{reverse('dossiers:list')}?{urlencode(query)}"
        # The year's dossiers not handled on time, as the engine counted them (766 indicator 2.1's list).
        links["late_dossiers"] = (f"{reverse('scoreboard:dossiers', args=[unit.pk, '2.1'])}?"
                                  f"{urlencode({'kind': 'year', 'start': start.isoformat()})}")
    unit_actions = None
    if corrective_permissions.can_view_actions_of(request.user, unit.pk):
        unit_actions = list(corrective.of_unit(unit)[:20])
    published = scoreboard_inputs.published("year", start, [unit.pk]).get(unit.pk)
    placed = scoreboard.block_rank(unit, "year", start, analytics.values_stamp("year"))
    return render(request, "dashboard/unit.html", {
        "published": published, "placed": placed, "block_name": block_label(unit.block) if placed else "",
        "unit": unit, "year": year, "years": years, "figures": figures, "as_of": as_of, "card": card,
        "crumbs": services.breadcrumbs(unit), "results": services.unit_target_results(unit, year, today),
        "assignments": services.unit_assignments(unit, year, today)[:100], "status_labels": STATUS_LABELS,
        "labels": VERDICT_LABELS, "children": services.sub_units(unit, year), "links": links,
        "unit_actions": unit_actions, "chart": {"labels": _chart_labels(), "trend": trend}, "today": today,
    })


class _PermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    status_code = 308


class MovedToCorrective(RedirectView):
    """The corrective action pages were the dashboard's (/dashboard/actions/...) until they became their own
    app (/actions/...): old bookmarks and links keep working, answered with a permanent redirect to the same
    page (301 for a GET; 308 for a POST, so the method and the form are kept) with the query string."""

    permanent = True
    query_string = True

    def post(self, request, *args, **kwargs):
        return _PermanentRedirectKeepingMethod(self.get_redirect_url(*args, **kwargs))


#: Dossiers per page of a figure's list.
FIGURE_PAGE = 50


@login_required
def figure_dossiers(request, pk: int, kpi: str):
    """The dossiers behind one of a unit's stored figures for a period (``kind``, ``start``; the current
    year by default): the engine's own list for that figure (figures.figure_dossiers), so its count is the
    figure. Names citizens' dossiers: only for those who may see the unit's dossiers."""
    _viewer(request)
    unit = get_object_or_404(Unit, pk=pk)
    require(can_view_dossiers_of(request.user, unit.pk))
    if kpi not in analytics.listed_kpis():
        raise Http404(_("Chỉ số {code} không có danh sách hồ sơ.").format(code=kpi))
    kind = request.GET.get("kind", "year")
    kind = kind if kind in kpis.PERIOD_KINDS else "year"
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = None
    if start is None or not 2000 <= start.year <= 2100:
        start = date(timezone.localdate().year, 1, 1)
    page = max(1, ascii_int(request.GET.get("page", "1"), maximum=10_000) or 1)
    found = figures.figure_dossiers(unit, kpi, kind, start, page=page, size=FIGURE_PAGE)
    return render(request, "dashboard/figure_dossiers.html", {
        "unit": unit, "kpi": kpi, "name": kpi_name(kpis.definition_for(kpi, start)), "found": found,
        "period": period_name(kind, start), "page": page, "query": urlencode({"kind": kind, "start": start.isoformat()}),
        "reason": LIST_REASONS[kpi],
        "items": [(item.dossier, item.timeliness, TimelinessChoices(item.timeliness).label) for item in found.rows],
    })


# --- Integrity flags (issue 14 item 2) -------------------------------------------------------------------


def _integrity_context(request) -> dict:
    """The period asked for (flags_of.chosen_period) and what every integrity page shows with it."""
    kind, start = flags_of.chosen_period(request.GET.get("kind"), request.GET.get("start"),
                                          today=timezone.localdate())
    periods = [s for s, _e in kpis.periods_of(start.year, kind)]
    return {
        "kind": kind, "start": start, "period": period_name(kind, start),
        "kinds": PeriodKind.choices,
        "periods": [(s.isoformat(), period_name(kind, s)) for s in periods],
        "rules": [(rule, _(rule.name_vi), _(rule.source)) for rule in INTEGRITY_RULES],
        "query": urlencode({"kind": kind, "start": start.isoformat()}),
        "unreturned_days": settings.CCHC_INTEGRITY_UNRETURNED_DAYS,
        "burst_count": settings.CCHC_INTEGRITY_BURST_COUNT, "burst_minutes": settings.CCHC_INTEGRITY_BURST_MINUTES,
    }


@login_required
def integrity(request):
    """"Cờ kiểm tra tính toàn vẹn" across the province: every unit × every rule for a period, the most
    flagged first, each count opening its dossiers. Province-wide roles; a focal point is sent to its own
    unit's page."""
    _viewer(request)
    if not permissions.can_view_province_integrity(request.user):
        own = unit_id_of(request.user)
        require(own is not None and permissions.can_view_unit_integrity(request.user, own))
        return redirect(f"{reverse('dashboard:unit_integrity', args=[own])}?{request.GET.urlencode()}")
    context = _integrity_context(request)
    context["rows"] = flags_of.province_flags(context["kind"], context["start"])
    return render(request, "dashboard/integrity.html", context)


@login_required
def unit_integrity(request, pk: int):
    """A unit's integrity flags for a period: each rule, its source and its count (the unit with the units
    under it, as every figure), and the count of each unit directly under it; each count opens the engine's
    list of exactly those dossiers (dashboard:figure_dossiers)."""
    _viewer(request)
    unit = get_object_or_404(Unit, pk=pk)
    require(permissions.can_view_unit_integrity(request.user, unit.pk))
    context = _integrity_context(request)
    children = list(unit.children.order_by("name"))
    flags = flags_of.unit_flags(context["kind"], context["start"], [unit, *children])
    context.update({"unit": unit, "own": flags[0], "children": flags[1:],
                    "lines": list(zip(context["rules"], flags[0].counts, strict=True)),
                    "province_wide": permissions.can_view_province_integrity(request.user)})
    return render(request, "dashboard/integrity_unit.html", context)
