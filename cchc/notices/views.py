"""A person's notices (the list, unread first; marking read) and their choices of what to get and how."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.permissions import require

from . import permissions, services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 30


@login_required
def notice_list(request):
    require(permissions.can_have_notices(request.user))
    page = Paginator(services.listed(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "notices": page.object_list})


@login_required
@require_POST
def mark_read(request):
    """Mark one notice read (``id``; then follow its link with ``open``) or all of them."""
    require(permissions.can_have_notices(request.user))
    if request.POST.get("id"):
        notice = get_object_or_404(Notification, pk=_int(request.POST["id"]), user=request.user, in_app=True)
        services.mark_read(request.user, [notice.pk])
        if request.POST.get("open") and notice.url and url_has_allowed_host_and_scheme(
                notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(notice.url)
    else:
        n = services.mark_read(request.user)
        messages.success(request, _("Đã đánh dấu {n} thông báo là đã đọc.").format(n=n))
    return redirect("notices:list")


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    require(permissions.can_have_notices(request.user))
    form = PreferencesForm(request.POST or None, choices=services.choices_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.set_choices(request.user, form.chosen())
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
        return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form, "has_email": bool(request.user.email.strip())})
