"""The published 766 figures' pages: the reconciliation of a period and block (every unit's published
figures beside CCHC's, by the portal's rank), a unit's drill-down to its indicators, its published history,
and the upload of the portal's answers."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts.permissions import require
from cchc.analytics.choices import group_name, indicator_name, period_name
from cchc.core.errors import InvalidInput
from cchc.core.score766 import INDICATORS_BY_CODE, version_for
from cchc.scoreboard.permissions import can_view_lost_dossiers
from cchc.units.models import Unit

from . import services
from .choices import Explanation, PortalBlock
from .forms import ListUploadForm, UploadForm
from .lists import import_file as import_lists
from .models import PortalDossierList, PublishedSnapshot
from .permissions import can_import_published, can_view_published


def _choice(request) -> dict:
    """The period (kind, start), block and run date asked for, among those imported (the latest by default)."""
    offered = services.periods()
    kind, _sep, raw = request.GET.get("period", "").partition(":")  # the chooser's "year:2026-01-01"
    if not raw:
        kind, raw = request.GET.get("kind", ""), request.GET.get("start", "")  # links
    try:
        asked = (kind, date.fromisoformat(raw)) if raw else None
    except ValueError:
        asked = None
    chosen = asked if asked in offered else (offered[0] if offered else (None, None))
    block = request.GET.get("block", PortalBlock.AGENCY)
    block = block if block in PortalBlock.values else PortalBlock.AGENCY
    dates = services.run_dates(*chosen, block) if chosen[0] else []
    try:
        run = date.fromisoformat(request.GET.get("run", ""))
    except ValueError:
        run = None
    return {"kind": chosen[0], "start": chosen[1], "block": block, "run": run if run in dates else None,
            "dates": dates, "periods": [(k, s, period_name(k, s)) for k, s in offered],
            "blocks": PortalBlock.choices}


def _query(choice: dict, **more) -> str:
    params = {"kind": choice["kind"] or "", "start": choice["start"].isoformat() if choice["start"] else "",
              "block": choice["block"], **more}
    if choice["run"]:
        params["run"] = choice["run"].isoformat()
    return urlencode(params)


def _labelled(lines) -> list[tuple]:
    return [(line, Explanation(line.explanation).label) for line in lines]


@login_required
def reconciliation(request):
    """Every unit of a block published for a period, by the portal's rank: its total and six groups as the
    portal published them beside CCHC's, with the difference and why."""
    require(can_view_published(request.user))
    choice = _choice(request)
    rows = services.reconcile(choice["kind"], choice["start"], choice["block"], choice["run"]) if choice["kind"] else []
    query = _query(choice)
    return render(request, "portal766/reconciliation.html", {
        **choice, "query": query,
        "groups": [(n, group_name(n)) for n in range(1, 7)],
        "rows": [(r, Explanation(r.total.explanation).label, _labelled(r.groups)) for r in rows],
        "run_shown": choice["run"] or (choice["dates"][0] if choice["dates"] else None),
        "can_import": can_import_published(request.user),
    })


@login_required
def unit_reconciliation(request, pk: int):
    """One unit's published total, groups and indicators beside CCHC's scorecard, each with its counts."""
    require(can_view_published(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    choice = _choice(request)
    figure = None
    if choice["kind"]:
        figure = next((f for f in services.figures(choice["kind"], choice["start"], choice["block"], choice["run"])
                       if f.unit_id == unit.pk), None)
        if figure is None:  # the unit's block may be the other one
            other = PortalBlock.COMMUNE if choice["block"] == PortalBlock.AGENCY else PortalBlock.AGENCY
            figure = next((f for f in services.figures(choice["kind"], choice["start"], other)
                           if f.unit_id == unit.pk), None)
    lines = services.unit_lines(figure, choice["kind"], choice["start"]) if figure else None
    return render(request, "portal766/unit.html", {
        **choice, "unit": unit, "figure": figure, "lines": lines, "query": _query(choice),
        "total_reason": Explanation(lines.total.explanation).label if lines else "",
        "groups": [(line, group_name(int(line.code)), label) for line, label in _labelled(lines.groups)] if lines else [],
        "indicators": [(line, indicator_name(INDICATORS_BY_CODE[line.code]), label)
                       for line, label in _labelled(lines.indicators)] if lines else [],
        "period": period_name(choice["kind"], choice["start"]) if choice["kind"] else "",
        "history_url": reverse("portal766:history", args=[unit.pk]),
        # The rules' version CCHC scored the period with: a "formula" difference is that version's.
        "version": version_for(choice["start"]) if choice["start"] else None,
        **_differences(request, unit, choice, lines),
    })


#: The dossiers of each difference the unit page shows; the file holds them all.
SHOWN = 20


def _differences(request, unit: Unit, choice: dict, lines) -> dict:
    """The dossiers CCHC and the portal count differently for the indicators with a portal list, for those
    who may read the unit's dossiers (they name citizens' dossiers, as "xem hồ sơ" does)."""
    if not choice["kind"] or not can_view_lost_dossiers(request.user, unit.pk):
        return {"differences": None}
    published = {line.code: line.portal_counts for line in lines.indicators} if lines else {}
    rows = []
    for d in services.dossier_differences(unit, choice["kind"], choice["start"]):
        numerator, denominator = published.get(d.indicator, (None, None))
        counted = denominator - numerator if numerator is not None and denominator is not None else None
        rows.append((d, indicator_name(INDICATORS_BY_CODE[d.indicator]), d.cchc_only[:SHOWN], d.portal_only[:SHOWN],
                     counted))
    query = urlencode({"kind": choice["kind"], "start": choice["start"].isoformat()})
    return {"differences": rows, "shown": SHOWN,
            "differences_csv": f"{reverse('portal766:differences_csv', args=[unit.pk])}?{query}",
            "can_import_lists": can_import_published(request.user)}


@login_required
def differences_csv(request, pk: int):
    """Every dossier of the unit's differences for the period (kind, start), both ways, as CSV."""
    require(can_view_published(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    require(can_view_lost_dossiers(request.user, unit.pk))
    try:
        kind, start = request.GET.get("kind", ""), date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        kind, start = "", None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Chỉ số"), _("Bên tính"), "MaHoSo"])
    for d in services.dossier_differences(unit, kind, start) if start else []:
        writer.writerows([d.indicator, _("chỉ CCHC tính"), code] for code, _pk in d.cchc_only)
        writer.writerows([d.indicator, _("chỉ Cổng tính"), code] for code in d.portal_only)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"doi-chieu-ho-so-{unit.pk}-{kind}-{start.isoformat() if start else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload_lists(request):
    """Import the portal's dossier lists (CSV or XLSX): each replaces the list of the same unit, period and
    indicator; a file with any problem writes nothing."""
    require(can_import_published(request.user))
    form = ListUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            result = import_lists(upload_file.read(), upload_file.name, user=request.user)
        except InvalidInput as exc:
            for issue in exc.issues[:50]:  # each with its file, row and field, in the reader's language
                form.add_error(None, str(issue))
    return render(request, "portal766/upload_lists.html", {
        "form": form, "result": result,
        "lists": PortalDossierList.objects.select_related("unit", "imported_by")
        .order_by("-imported_at", "pk")[:50],
    })


@login_required
def unit_history(request, pk: int):
    """The unit's total and ranks as the portal published them on each imported run date."""
    require(can_view_published(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    offered = services.history_periods(unit)
    kind, _sep, raw = request.GET.get("period", "").partition(":")
    try:
        asked = (kind, date.fromisoformat(raw))
    except ValueError:
        asked = None
    chosen = asked if asked in offered else (offered[0] if offered else None)
    points = services.history(unit, *chosen) if chosen else []
    rows = [(p, period_name(p.kind, p.start)) for p in points]
    chart = {
        "dates": [f"{p.run_date:%d/%m/%Y}" for p in points],
        "total": [str(p.total) if p.total is not None else None for p in points],
        "rank": [p.group_rank for p in points],
        "labels": {"total": _("Tổng điểm"), "rank": _("Thứ hạng trong khối")},
    }
    return render(request, "portal766/history.html", {
        "unit": unit, "rows": rows, "chart": chart, "chosen": chosen,
        "periods": [(f"{k}:{s.isoformat()}", (k, s) == chosen, period_name(k, s)) for k, s in offered],
    })


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Import the portal's published answers (one JSON file): what was imported, and the units that match
    none of CCHC's (by portal code)."""
    require(can_import_published(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            result = services.import_snapshot(upload_file.read(), upload_file.name, user=request.user)
        except InvalidInput as exc:
            for issue in exc.issues[:50]:  # each with its file, unit and field, in the reader's language
                form.add_error(None, str(issue))
    return render(request, "portal766/upload.html", {
        "form": form, "result": result,
        "snapshots": PublishedSnapshot.objects.select_related("imported_by")[:50],
    })
