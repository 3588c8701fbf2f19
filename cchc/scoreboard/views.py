from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from cchc.accounts import permissions
from cchc.analytics.models import PeriodKind
from cchc.core.kpis import period_label, periods_of
from cchc.units.models import Unit, UnitKindChoices

from . import services

#: What "the dossiers behind the lost points" means for each indicator (dossier list filters).
DRILL = {"2.1": "late", "3.1": "not_online", "4.3": "not_paid_online", "5.1": "no_result_file",
         "5.2": "not_digitised", "5.4": "not_reused", "6.3": "late_or_unhappy"}


def _period(request, unit_kind: str | None = None) -> tuple[str, date | None, list[date]]:
    kind = request.GET.get("kind", "quarter")
    if kind not in PeriodKind.values:
        kind = "quarter"
    available = services.periods(kind, unit_kind)
    raw = request.GET.get("start", "")
    try:
        start = date.fromisoformat(raw) if raw else (available[0] if available else None)
    except ValueError:
        start = available[0] if available else None
    return kind, start, available


@login_required
def ranking(request):
    permissions.require(permissions.can_view(request.user))
    unit_kind = request.GET.get("unit_kind", "commune")
    kind, start, available = _period(request, unit_kind or None)
    rows, offenders = services.cached_ranking(kind, start, unit_kind or None) if start else ([], [])
    return render(request, "scoreboard/ranking.html", {
        "rows": rows, "kind": kind, "start": start, "periods": [(p, period_label(kind, p)) for p in available],
        "kinds": PeriodKind.choices, "unit_kind": unit_kind, "unit_kinds": UnitKindChoices.choices,
        "label": period_label(kind, start) if start else "", "groups": sorted(services.score766.GROUPS.items()),
        "offenders": offenders,
    })


@login_required
def unit_scorecard(request, pk: int):
    permissions.require(permissions.can_view(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    kind, start, available = _period(request, unit.kind)
    card = services.scorecard(unit, kind, start) if start else None
    end = next((e for s, e in periods_of(start.year, kind) if s == start), None) if start else None
    links = {}
    if card and permissions.can_view_dossiers_of(request.user, unit.pk):
        for code, lost in DRILL.items():
            query = {"subtree": unit.pk, "from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y"), "lost": lost}
            links[code] = f"{reverse('dossiers:list')}?{urlencode(query)}"
    return render(request, "scoreboard/unit.html", {
        "unit": unit, "card": card, "kind": kind, "start": start, "links": links,
        "periods": [(p, period_label(kind, p)) for p in available], "kinds": PeriodKind.choices,
        "label": period_label(kind, start) if start else "",
    })
