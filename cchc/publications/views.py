"""The pages of procedure publications: the records (with filters), a period's group 1 figures for a unit
with the records behind them, and the upload of a file (PAR officer, administrator)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts.permissions import require, unit_id_of
from cchc.analytics.choices import PeriodKind, period_name
from cchc.core import score766
from cchc.core.errors import InvalidInput
from cchc.core.parsing import ascii_int
from cchc.platform.errors import shown_issues
from cchc.units.models import Unit

from . import figures766, permissions, services
from .choices import IssuingLevelChoices, part_labels
from .forms import UploadForm
from .models import Publication, PublicationFigure, PublicationImport

#: The list's verdict filters: every record, or those failing one indicator.
STATES = ("all", "late", "late_published", "incomplete")


def _states() -> list[tuple[str, str]]:
    return [("all", _("Tất cả")), ("late", _("Công bố không đúng hạn")),
            ("late_published", _("Công khai CSDLQG không đúng hạn")), ("incomplete", _("Thiếu bộ phận tạo thành"))]


@login_required
def publication_list(request):
    """Every record, newest decision first; filters: procedure code or decision number, year, level, the unit
    a record applies to (the province for province-wide ones), and a verdict (computed for the records of the year chosen, by cchc.core.publication766)."""
    require(permissions.can_view_publications(request.user))
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    state = request.GET.get("state", "all")
    state = state if state in STATES else "all"
    years = sorted({d.year for d in Publication.objects.dates("decision_date", "year")}, reverse=True)
    year = ascii_int(request.GET.get("year"), maximum=9999)
    if year not in years:  # a year without records, or no year: the latest with records
        year = years[0] if years else None
    records = Publication.objects.select_related("procedure", "unit").filter(decision_date__year=year or 1)
    if q:
        records = records.filter(Q(procedure__code__icontains=q) | Q(decision_number__icontains=q)
                                 | Q(procedure__name__icontains=q))
    if level in IssuingLevelChoices.values:
        records = records.filter(level=level)
    scopes = Unit.objects.filter(pk__in=Publication.objects.values("unit_id")).picker(include_ended=True)
    scope = ascii_int(request.GET.get("unit"))
    if scope is not None and scope in dict(scopes):
        records = records.filter(unit_id=scope)
    else:
        scope = None
    records = list(records)
    judged = services.verdicts(records)
    wanted = {"late": lambda v: not v.announced_on_time, "late_published": lambda v: not v.published_on_time,
              "incomplete": lambda v: not v.complete}.get(state)
    if wanted:
        records = [p for p in records if wanted(judged[p.pk])]
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "publications/list.html", {
        "page": page, "rows": [(p, judged[p.pk], _missing(p)) for p in page], "q": q, "level": level, "state": state,
        "year": year, "years": years, "levels": IssuingLevelChoices.choices, "states": _states(),
        "scopes": scopes, "scope": scope,
        "can_import": permissions.can_import_publications(request.user),
        "last_import": PublicationImport.objects.first(),
    })


def _missing(p: Publication) -> str:
    labels = part_labels()
    return ", ".join(labels[c] for c in p.missing)


def _kind(request) -> str:
    kind = request.GET.get("kind", "quarter")
    return kind if kind in PeriodKind.values else "quarter"


def _default_unit(user) -> Unit | None:
    own = unit_id_of(user)
    if own is not None:
        unit = Unit.objects.filter(pk=own).first()
        if unit is not None and unit.province_id is not None:
            return unit
    province = PublicationFigure.objects.filter(unit__kind="province").values_list("unit_id", flat=True).first()
    return Unit.objects.filter(pk=province).first() if province else None


@login_required
def publication_figures(request):
    """A unit's figures of 1.1, 1.2, 1.3 for a period (the scoreboard's, cchc.publications.figures766) and the
    records behind them, each with its verdict; the list counts the same procedures as the figure."""
    require(permissions.can_view_publications(request.user))
    kind = _kind(request)
    unit = None
    if (pk := ascii_int(request.GET.get("unit"))) is not None:
        unit = Unit.objects.filter(pk=pk).first()
    unit = unit or _default_unit(request.user)
    available = list(PublicationFigure.objects.filter(period_kind=kind).order_by("-period_start")
                     .values_list("period_start", flat=True).distinct())
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
    except ValueError:
        start = None
    start = start if start in available else (available[0] if available else None)
    figures, behind = [], None
    if unit is not None and start is not None:
        fed = figures766.figures(kind, start, [unit.pk]).get(unit.pk, {})
        for code in ("1.1", "1.2", "1.3"):
            indicator = score766.INDICATORS_BY_CODE[code]
            f = fed.get(code)
            score = score766.points(indicator, f.numerator if f else None, f.denominator if f else None)
            figures.append((indicator, f, score))
        behind = services.behind(unit, kind, start)
    provinces = PublicationFigure.objects.values_list("unit__province_id", flat=True).distinct()
    return render(request, "publications/figures.html", {
        "unit": unit, "kind": kind, "start": start, "kinds": PeriodKind.choices,
        "periods": [(p, period_name(kind, p)) for p in available], "label": period_name(kind, start) if start else "",
        "figures": figures, "behind": behind,
        "rows": [(p, behind.verdicts[p.pk], _missing(p)) for p in behind.records] if behind else [],
        "units": Unit.objects.filter(province_id__in=list(provinces)).picker(include_ended=True,
                                                                              selected=unit.pk if unit else None),
    })


@login_required
@require_http_methods(["GET", "POST"])
def publication_upload(request):
    """Upload a CSV or XLSX file of publication records: all or nothing, each problem named by file, row and
    field; the figures are recomputed on success."""
    require(permissions.can_import_publications(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_file(upload.read(), upload.name, user=request.user)
        except InvalidInput as exc:
            for issue in shown_issues(exc):  # each with its file, row and field
                form.add_error(None, str(issue))
        else:
            messages.success(request, _("Đã nhập {rows} dòng: {created} bản ghi mới, {updated} cập nhật, {unchanged} "
                                        "không đổi.").format(rows=summary.rows, created=summary.created,
                                                             updated=summary.updated, unchanged=summary.unchanged))
            return redirect("publications:list")
    return render(request, "publications/upload.html", {"form": form, "recent": PublicationImport.objects.all()[:10]})
