"""The pages of petitions (PAKN): uploading a PAKN system's export (PAR officer, administrator) and the list of
a unit's petitions behind its 6.1 and 6.2 figures for a period (those who may see the unit's dossiers)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.core.kpis import PERIOD_KINDS, period_label
from cchc.platform.tables import read_table
from cchc.units.models import Unit

from . import permissions, services
from .choices import Listed
from .forms import UploadForm
from .models import PetitionCoverage, PetitionFigure, PetitionImport


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a PAKN export: all rows are checked first; any problem refuses the file (nothing written) and
    every problem is listed by row and field."""
    require(permissions.can_import_petitions(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    issues, omitted, status = [], 0, 200
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        name = upload_file.name
        try:
            if not name.lower().endswith((".csv", ".xlsx")):
                raise InvalidInput(issues=[Issue(_("Chỉ nhận tệp .csv hoặc .xlsx."), file=name)])
            table = read_table(upload_file.read(), name)
            result = services.import_table(table, user=request.user, as_of=form.cleaned_data["as_of"])
        except InvalidInput as exc:
            issues, omitted, status = [str(i) for i in exc.issues], exc.omitted, 400
        else:
            messages.success(request, _(
                "Đã nhập tệp {file}: {rows} PAKN ({created} mới, {updated} cập nhật) của {units} đơn vị; "
                "{late} trễ hạn, {unsatisfied} không đạt hài lòng.").format(
                file=name, rows=result.rows, created=result.created, updated=result.updated, units=result.units,
                late=result.late, unsatisfied=result.unsatisfied))
            return redirect("petitions:upload")
    elif request.method == "POST":
        status = 400
    recent = PetitionImport.objects.select_related("user")[:10]
    return render(request, "petitions/upload.html", {"form": form, "issues": issues, "omitted": omitted,
                                                     "recent": recent}, status=status)


def _period(request, unit: Unit) -> tuple[str, date | None, list[date]]:
    kind = request.GET.get("kind", "year")
    if kind not in PERIOD_KINDS:
        kind = "year"
    # The periods with a figure: those the unit received petitions in, and those imported for its province
    # (where it has "0 of 0").
    own = PetitionFigure.objects.filter(unit=unit, period_kind=kind).values_list("period_start", flat=True)
    covered = PetitionCoverage.objects.filter(province_id=unit.province_id or unit.pk, period_kind=kind)
    starts = sorted(set(own) | set(covered.values_list("period_start", flat=True)), reverse=True)
    wanted = request.GET.get("start", "")
    try:
        start = date.fromisoformat(wanted) if wanted else None
    except ValueError:
        start = None
    if start is None or (start not in starts and not services.is_period_start(kind, start)):
        start = starts[0] if starts else None
    return kind, start, starts


#: Petitions on one page of a list.
PAGE_SIZE = 200


@login_required
@require_GET
def unit_list(request, pk: int):
    """A unit's petitions received in a period: all (the figures' denominator), the late ones (6.1 lost) or
    the unsatisfied ones (6.2 lost), each list counted from the same stored verdicts as its figure."""
    unit = get_object_or_404(Unit, pk=pk)
    require(permissions.can_view_petitions_of(request.user, unit.pk))
    kind, start, starts = _period(request, unit)
    which = request.GET.get("which", Listed.ALL)
    if which not in Listed.values:
        which = Listed.ALL
    items, figure, label, total = [], None, "", 0
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    if start is not None:
        chosen = services.listed([unit.pk], kind, start, which)
        total = chosen.count()
        items = list(chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
        figure = services.figure_of(unit.pk, kind, start)
        label = period_label(kind, start, _)
    query = urlencode({"kind": kind, "start": start.isoformat() if start else ""})
    periods = [(s, period_label(kind, s, _)) for s in starts]
    return render(request, "petitions/list.html", {
        "unit": unit, "kind": kind, "start": start, "label": label, "which": which, "items": items,
        "figure": figure, "query": query, "periods": periods, "kinds": PERIOD_KINDS, "choices": Listed.choices,
        "total": total, "page": page, "has_next": page * PAGE_SIZE < total})
