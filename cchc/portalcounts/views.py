"""The pages of the counts other systems hold: the stored figures with filters and their Excel file, and
the upload of a file (PAR officer, administrator)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts.permissions import require
from cchc.core import kpis
from cchc.core.errors import InvalidInput
from cchc.core.portal_counts import ACCEPTED
from cchc.platform import xlsx_export
from cchc.platform.errors import issue_text, shown_issues
from cchc.units.choices import ALL_BLOCKS, RANKED_BLOCKS, block_choices

from . import permissions, services
from .choices import PeriodKind, indicator_choices
from .forms import UploadForm
from .models import PortalCount

PAGE_SIZE = 100


def _filters(request) -> dict:
    """The list's filters from the query; an unknown value is no filter."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in PeriodKind.values else ""
    try:
        start = date.fromisoformat(request.GET.get("start", "")) if request.GET.get("start") else None
    except ValueError:
        start = None
    indicator = request.GET.get("indicator", "")
    block = request.GET.get("block", "")
    return {"kind": kind, "start": start, "indicator": indicator if indicator in ACCEPTED else "",
            "q": request.GET.get("q", "").strip()[:100],
            "block": block if block in {b for b, _l in _blocks()} else ""}


def _blocks() -> list[tuple[str, str]]:
    return [(b, label) for b, label in block_choices(RANKED_BLOCKS) if b != ALL_BLOCKS]


def _query(filters: dict) -> str:
    return urlencode({k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items() if v})


def period_text(c: PortalCount) -> str:
    return kpis.period_label(c.period_kind, c.period_start, _)


def list_columns() -> list[str]:
    return [_("Đơn vị"), _("Mã đơn vị"), _("Kỳ"), _("Chỉ số"), _("Tử số"), _("Mẫu số"),
            _("Tiếp nhận theo Hệ thống báo cáo quốc gia"), _("Tiếp nhận theo Cổng DVCQG"), _("Tổng năm trước"),
            _("Mẫu số tính điểm"), _("Nguồn"), _("Minh họa"), _("Thời điểm nhập"), _("Người nhập")]


def list_values(c: PortalCount) -> list:
    """A figure's row, as the page shows it (the Excel file and the page alike)."""
    who = (c.imported_by.get_full_name() or c.imported_by.get_username()) if c.imported_by else ""
    return [c.unit.name, c.unit.code, period_text(c), c.indicator, c.numerator, c.denominator, c.received_national,
            c.received_dvcqg, c.last_year_total, c.scored_denominator, c.source,
            _("Minh họa") if c.illustrative else "", timezone.localtime(c.imported_at).replace(tzinfo=None), who]


@login_required
def count_list(request):
    require(permissions.can_view_counts(request.user))
    filters = _filters(request)
    page = Paginator(services.listed(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = _query(filters)
    return render(request, "portalcounts/list.html", {
        "page": page, "rows": [(c, period_text(c)) for c in page], "f": filters, "query": query,
        "kinds": PeriodKind.choices, "indicators": indicator_choices(), "blocks": _blocks(),
        "starts": services.starts(filters["kind"])[:60],
        "can_import": permissions.can_import_counts(request.user),
        "export": f"{reverse('portalcounts:list_xlsx')}?{query}",
    })


@login_required
def count_list_xlsx(request):
    """The list as an Excel file: the same filters and order as the page, every row (bounded by
    EXPORT_MAX_ROWS)."""
    require(permissions.can_view_counts(request.user))
    filters = _filters(request)
    rows = (list_values(c) for c in services.listed(**filters).iterator(chunk_size=1000))
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename("so-lieu-766-he-thong-khac", timezone.localdate().isoformat()),
        columns=list_columns(), rows=rows, title=_("Số liệu 766 từ hệ thống khác"), sheet=_("Số liệu 766"),
        max_rows=settings.EXPORT_MAX_ROWS)


@login_required
@require_http_methods(["GET", "POST"])
def count_import(request):
    """Upload a CSV or XLSX file of counts: taken in whole, or refused with every problem named."""
    require(permissions.can_import_counts(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    issues: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_file(upload.read(), upload.name, user=request.user)
        except InvalidInput as exc:
            issues = [issue_text(i) for i in shown_issues(exc)]
            messages.error(request, _("Tệp {file} có {count} lỗi, không ghi số liệu nào.").format(
                file=upload.name, count=exc.count))
        else:
            messages.success(request, _("Đã nhập {rows} dòng từ {file}: {created} mới, {replaced} thay thế, "
                                        "{unchanged} không đổi.").format(
                rows=result.rows, file=upload.name, created=result.created, replaced=result.replaced,
                unchanged=result.unchanged))
            return redirect("portalcounts:list")
    return render(request, "portalcounts/import.html", {"form": form, "issues": issues, "accepted": indicator_choices()},
                  status=400 if issues else 200)
