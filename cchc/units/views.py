from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core.parsing import parse_date

from . import services
from .models import Unit, UnitKindChoices
from .permissions import can_view_units


def _as_of(request) -> tuple[date, str]:
    """The "as of" date of the request (?as_of=dd/mm/yyyy or yyyy-mm-dd), today by default."""
    raw = request.GET.get("as_of", "").strip()
    if raw:
        try:
            return parse_date(raw), ""
        except ValueError:
            return timezone.localdate(), _("Ngày «{value}» không hợp lệ; đang hiển thị theo ngày hôm nay.").format(value=raw)
    return timezone.localdate(), ""


def _with_child_counts(qs, day: date):
    valid_children = Q(children__valid_from__isnull=True) | Q(children__valid_from__lte=day)
    valid_children &= Q(children__valid_to__isnull=True) | Q(children__valid_to__gte=day)
    return qs.annotate(n_children=Count("children", filter=valid_children, distinct=True))


@login_required
def tree(request):
    """The unit tree as it stood on a date; children load on demand, search lists matches with their path."""
    require(can_view_units(request.user))
    day, warning = _as_of(request)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    context = {"as_of": day, "warning": warning, "q": q, "kind": kind, "kinds": UnitKindChoices.choices}
    if q or kind:
        matches = Unit.objects.valid_on(day).select_related("parent", "parent__parent")
        if q:
            matches = matches.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(short_name__icontains=q))
        if kind:
            matches = matches.filter(kind=kind)
        context["matches"] = matches.order_by("name")[:200]
    else:
        context["roots"] = _with_child_counts(Unit.objects.valid_on(day).filter(parent__isnull=True), day).order_by("name")
    # An htmx search swaps only the results box; a full load (or a reload of the pushed URL) gets the page.
    template = "units/_results.html" if request.headers.get("HX-Target") == "results" else "units/tree.html"
    return render(request, template, context)


@login_required
def children(request, pk: int):
    require(can_view_units(request.user))
    day, _warning = _as_of(request)
    parent = get_object_or_404(Unit, pk=pk)
    nodes = _with_child_counts(parent.children.valid_on(day), day).order_by("kind", "name")
    return render(request, "units/_children.html", {"nodes": nodes, "as_of": day})


@login_required
def detail(request, pk: int):
    require(can_view_units(request.user))
    unit = get_object_or_404(Unit.objects.select_related("parent", "province"), pk=pk)
    day = timezone.localdate()
    return render(request, "units/detail.html", {
        "unit": unit,
        "children": unit.children.order_by("kind", "name"),
        "predecessor_links": unit.predecessor_links.select_related("predecessor", "predecessor__parent"),
        "successor_links": unit.successor_links.select_related("successor"),
        "lineage": services.lineage_of(unit),
        "active": unit.is_valid_on(day),
        "assignments": unit.assignments.select_related("task", "task__plan").order_by("-task__plan__year", "task__code")[:50],
    })
