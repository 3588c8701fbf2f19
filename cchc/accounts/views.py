from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render

from cchc.core.parsing import ascii_int

from . import permissions

AUDITED_APPS = ("units", "plans", "accounts", "auth", "dossiers", "reporting", "dashboard")


@login_required
def audit(request):
    """Who changed what, when, with the values before and after (django-auditlog entries)."""
    permissions.require(permissions.can_view_audit(request.user))
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    model = request.GET.get("model", "")
    if ascii_int(model) is not None:
        entries = entries.filter(content_type_id=int(model))
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(actor__username__icontains=actor)
    q = request.GET.get("q", "").strip()
    if q:
        entries = entries.filter(object_repr__icontains=q)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    types = ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("app_label", "model")
    return render(request, "accounts/audit.html", {"page": page, "types": types, "model": model, "actor": actor, "q": q})
