from __future__ import annotations

from base64 import b32encode

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.parsing import ascii_int
from cchc.platform import xlsx_export

from . import audit as audit_trail
from . import audit_filters, permissions, twofactor

#: Entries per page of the audit trail; pages go by "older than entry N", never counting the table.
AUDIT_PAGE = 50


@login_required
def audit(request):
    """Who changed what, when, with the values before and after (django-auditlog entries), as
    ``audit.audit_rows`` reads them. Filters: the actor's unit, the actor (name), the object type, one
    object, the object's name and a date range (local days); hostile values are ignored with a message.
    Paged by keyset (``before``: the last entry shown), so the table is never counted.

    Export: ``audit_xlsx``, the same filters and rows, every page.
    """
    permissions.require(permissions.can_view_audit(request.user))
    entries, state = audit_filters.apply(LogEntry.objects.all(), request.GET)
    before = ascii_int(request.GET.get("before"))
    if before is not None:
        entries = entries.filter(pk__lt=before)
    batch = list(entries.order_by("-id")[:AUDIT_PAGE + 1])
    rows = audit_trail.audit_rows(batch[:AUDIT_PAGE])
    for message in state.errors:
        messages.error(request, message)
    return render(request, "accounts/audit.html", {
        "rows": rows, "f": state, "types": audit_filters.types(), "units": audit_filters.units(state), "ended": state.ended,
        "next_before": rows[-1].id if len(batch) > AUDIT_PAGE else None, "first_page": before is not None,
        "query": state.query(), "export": f"{reverse('accounts:audit_xlsx')}?{state.query()}",
    })


#: Entries turned into rows at a time by the export (``audit_rows`` reads their actors and names in a few
#: queries per batch).
EXPORT_BATCH = 2000


@login_required
def audit_xlsx(request):
    """The audit trail as an Excel file: the page's filters (``audit_filters.apply``) and rows
    (``audit.audit_rows``), newest first, every page rather than one, at most ``EXPORT_MAX_ROWS`` (more:
    back to the page with a message to narrow the filters). Read by the same roles as the page."""
    permissions.require(permissions.can_view_audit(request.user))
    entries, state = audit_filters.apply(LogEntry.objects.all(), request.GET)
    limit = settings.EXPORT_MAX_ROWS
    if entries.order_by()[: limit + 1].count() > limit:
        messages.error(request, _("Có hơn {limit} thay đổi phù hợp, quá số dòng một tệp Excel được phép; hãy thu "
                                  "hẹp bộ lọc (đơn vị, người thực hiện, khoảng ngày…).").format(
            limit=number_format(limit, force_grouping=True)))
        return redirect(f"{reverse('accounts:audit')}?{state.query()}")

    def rows():
        batch: list = []
        for entry in entries.order_by("-id").iterator(chunk_size=EXPORT_BATCH):
            batch.append(entry)
            if len(batch) == EXPORT_BATCH:
                yield from (audit_trail.export_values(r) for r in audit_trail.audit_rows(batch))
                batch = []
        yield from (audit_trail.export_values(r) for r in audit_trail.audit_rows(batch))

    now = timezone.localtime()
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename("nhat-ky-thay-doi", now.date().isoformat()), columns=audit_trail.export_columns(),
        rows=rows(), title=_("Nhật ký thay đổi, xuất ngày {day}").format(day=now.strftime("%d/%m/%Y %H:%M")),
        sheet=_("Nhật ký thay đổi"), max_rows=limit)


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
