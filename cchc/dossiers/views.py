from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import permissions
from cchc.core.parsing import parse_date
from cchc.core.timeliness import STATUS_LABELS_VI, DossierFacts, Timeliness, classify
from cchc.units.models import Unit

from .models import Dossier

PAGE_SIZE = 50
TIMELINESS_LABELS = {
    Timeliness.EARLY: _("Trước hạn"),
    Timeliness.ON_TIME: _("Đúng hạn"),
    Timeliness.LATE: _("Trễ hạn"),
    Timeliness.PENDING_ON_TIME: _("Đang giải quyết, trong hạn"),
    Timeliness.PENDING_OVERDUE: _("Đang giải quyết, quá hạn"),
    Timeliness.EXCLUDED: _("Không tính"),
}
CHANNEL_LABELS = {1: _("Trực tiếp"), 2: _("Trực tuyến"), 3: _("Bưu chính công ích")}


def facts_of(d: Dossier) -> DossierFacts:
    limit = None
    p = d.procedure
    if p.time_limit is not None and p.time_limit_kind == "calendar_days":
        limit = timedelta(days=float(p.time_limit))
    return DossierFacts(
        status=d.status, received_at=d.received_at, due_at=d.due_at, finished_at=d.finished_at,
        supplement_count=d.supplement_count, supplement_wait=timedelta(seconds=d.supplement_wait_seconds),
        statutory_limit=limit,
    )


def _scoped(request):
    scope = permissions.dossier_unit_scope(request.user)
    permissions.require(scope is None or bool(scope))
    qs = Dossier.objects.select_related("unit", "procedure")
    return qs if scope is None else qs.filter(unit_id__in=scope), scope


def _date_param(request, name: str):
    raw = request.GET.get(name, "").strip()
    try:
        return parse_date(raw) if raw else None
    except ValueError:
        return None


@login_required
def dossier_list(request):
    """Dossiers newest first, filtered; no total count, so the page costs the same on 10 million rows."""
    dossiers, scope = _scoped(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "unit", "status", "procedure", "late")}
    if f["q"]:
        dossiers = dossiers.filter(Q(code=f["q"]) | Q(receipt_number=f["q"]))
    if f["unit"].isdigit():
        dossiers = dossiers.filter(unit_id=int(f["unit"]))
    if f["status"].isdigit():
        dossiers = dossiers.filter(status=int(f["status"]))
    if f["procedure"]:
        dossiers = dossiers.filter(procedure__code=f["procedure"])
    if f["late"] == "1":
        now = timezone.now()
        dossiers = dossiers.filter(Q(finished_at__gt=F("due_at")) | Q(finished_at__isnull=True, due_at__lt=now))
    start, end = _date_param(request, "from"), _date_param(request, "to")
    if start:
        dossiers = dossiers.filter(received_at__gte=_aware(start))
    if end:
        dossiers = dossiers.filter(received_at__lt=_aware(end) + timedelta(days=1))
    raw_page = request.GET.get("page", "1")
    page = max(1, int(raw_page)) if raw_page.isdigit() else 1
    rows = list(dossiers.order_by("-received_at", "-pk")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    now = timezone.now()
    items = [(d, classify(facts_of(d), now)) for d in rows[:PAGE_SIZE]]
    units = Unit.objects.filter(pk__in=scope) if scope is not None else Unit.objects.filter(dossiers__isnull=False).distinct()
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dossiers/list.html", {
        "items": items, "page": page, "has_next": len(rows) > PAGE_SIZE, "f": f,
        "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
        "units": units.order_by("name")[:500], "statuses": sorted(STATUS_LABELS_VI.items()),
        "labels": TIMELINESS_LABELS, "channels": CHANNEL_LABELS, "query": query.urlencode(),
    })


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@login_required
def dossier_detail(request, pk: int):
    dossier = get_object_or_404(Dossier.objects.select_related("unit", "procedure"), pk=pk)
    permissions.require(permissions.can_view_dossiers_of(request.user, dossier.unit_id))
    now = timezone.now()
    return render(request, "dossiers/detail.html", {
        "d": dossier, "state": classify(facts_of(dossier), now), "labels": TIMELINESS_LABELS,
        "status_label": STATUS_LABELS_VI.get(dossier.status, dossier.status),
        "channel_label": CHANNEL_LABELS.get(dossier.channel, dossier.channel),
        "events": dossier.events.all(), "supplements": dossier.supplements.all(),
        "apologies": dossier.apologies.all(),
        "can_apologise": permissions.can_issue_apology(request.user, dossier.unit_id) and dossier.finished_at is None,
    })


@login_required
def near_due(request):
    """Unfinished dossiers due within the horizon (default 24 h, S3's "sắp hết hạn"), and those overdue."""
    dossiers, _scope = _scoped(request)
    hours = request.GET.get("hours", "")
    horizon = timedelta(hours=int(hours) if hours.isdigit() else settings.NEAR_DUE_HOURS)
    now = timezone.now()
    open_ = dossiers.filter(finished_at__isnull=True, status__in=[2, 4, 5, 6])
    soon = open_.filter(due_at__gte=now, due_at__lt=now + horizon).order_by("due_at")[:200]
    overdue = open_.filter(due_at__lt=now).order_by("due_at")[:200]
    return render(request, "dossiers/near_due.html", {
        "soon": soon, "overdue": overdue, "hours": int(horizon.total_seconds() // 3600), "now": now,
    })
