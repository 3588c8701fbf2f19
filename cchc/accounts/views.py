from __future__ import annotations

from base64 import b32encode

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.parsing import ascii_int

from . import permissions, twofactor

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


# --- the user's own page: two-step sign-in, password ---------------------------------------------

def _safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target  # a path of this site (never a view name for redirect() to reverse, nor another host)
    return resolve_url(default)


@login_required
def me(request):
    """Who I am in CCHC (role, unit), whether my sign-in asks for a code, and my password."""
    permissions.require(permissions.can_view(request.user))  # a person's account, not a system's
    return render(request, "accounts/me.html", {
        "profile": getattr(request.user, "profile", None),
        "device": twofactor.device_of(request.user),
        "required": twofactor.required_for(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def twofactor_setup(request):
    """Scan the key into an authenticator app, then type its code: the device is confirmed and this session
    verified. Reached by choice from "my page", or forced at sign-in for a role that requires it."""
    permissions.require(permissions.can_view(request.user))  # a person's account, not a system's
    if twofactor.device_of(request.user) is not None and request.session.get(twofactor.SESSION_KEY) != twofactor.ENROL:
        return redirect("accounts:me")
    device = twofactor.enrolment(request.user)
    error = None
    if request.method == "POST":
        if twofactor.confirm(request.user, request.POST.get("code", "")):
            request.session.pop(twofactor.SESSION_KEY, None)
            request.session.cycle_key()
            messages.success(request, _("Đã bật đăng nhập hai bước. Từ lần sau, sau mật khẩu CCHC sẽ hỏi mã trong ứng dụng."))
            return redirect(_safe_next(request, "accounts:me"))
        error = _("Mã không đúng hoặc đã hết hạn. Sau mỗi lần sai phải chờ lâu hơn trước khi thử lại.")
    return render(request, "accounts/twofactor_setup.html", {
        "qr": twofactor.qr_svg(device), "secret": b32encode(device.bin_key).decode(), "error": error,
        "forced": request.session.get(twofactor.SESSION_KEY) == twofactor.ENROL, "next": request.GET.get("next", ""),
    }, status=200 if error is None else 400)


@login_required
@require_http_methods(["GET", "POST"])
def twofactor_verify(request):
    """The second step of signing in: the code of the user's authenticator app."""
    permissions.require(permissions.can_view(request.user))  # a person's account, not a system's
    if request.session.get(twofactor.SESSION_KEY) != twofactor.PENDING:
        return redirect(_safe_next(request))
    error = None
    if request.method == "POST":
        if twofactor.verify(request.user, request.POST.get("code", "")):
            request.session.pop(twofactor.SESSION_KEY, None)
            request.session.cycle_key()
            return redirect(_safe_next(request))
        error = _("Mã không đúng hoặc đã hết hạn. Sau mỗi lần sai phải chờ lâu hơn trước khi thử lại.")
    return render(request, "accounts/twofactor_verify.html", {"error": error, "next": request.GET.get("next", "")},
                  status=200 if error is None else 400)


@login_required
@require_http_methods(["POST"])
def twofactor_disable(request):
    permissions.require(permissions.can_view(request.user))  # a person's account, not a system's
    if twofactor.required_for(request.user):
        messages.error(request, _("Vai trò của bạn bắt buộc đăng nhập hai bước; không thể tắt."))
    elif twofactor.disable(request.user, request.POST.get("code", "")):
        messages.success(request, _("Đã tắt đăng nhập hai bước."))
    else:
        messages.error(request, _("Mã không đúng; đăng nhập hai bước vẫn bật."))
    return redirect("accounts:me")


class PasswordChange(auth_views.PasswordChangeView):
    """Change my password. Every other session of mine ends (their session hash no longer matches); this
    one stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            permissions.require(permissions.can_view(request.user))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."))
        return super().form_valid(form)
