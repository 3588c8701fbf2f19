from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.platform.errors import API_PREFIX, Failure, failure_response

from . import twofactor


class TwoFactorMiddleware:
    """A signed-in user who still owes a code (or, in a role that requires it, a device) reaches only the
    page that settles it, signing out and the language switch; the API answers 401 in its one shape. Reads
    the session only (cchc.accounts.twofactor)."""

    OPEN = ("/logout/", "/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = request.session.get(twofactor.SESSION_KEY) if hasattr(request, "session") else None
        if state and request.user.is_authenticated:
            target = reverse("accounts:twofactor_verify" if state == twofactor.PENDING else "accounts:twofactor_setup")
            path = request.path
            if path != target and not path.startswith(self.OPEN):
                if path.startswith(API_PREFIX):
                    return failure_response(request, Failure(401, "two_factor_required", _(
                        "Cần hoàn tất đăng nhập hai bước trên trang web trước khi dùng API bằng phiên đăng nhập.")))
                return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
