from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.platform.errors import Failure, MethodRefused, failure_response, render_error


class DomainErrorMiddleware:
    """Turn a domain exception escaping a view into its page, with the renderer Django's error handlers use
    (cchc.platform.errors.render_error; cchc.web.errors); and a bare 405 (Django's and django-ninja's have
    no body) into the same page, or the API's one JSON error shape under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = render_error(request, MethodRefused(request.method or "", allowed))
            response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render_error(request, exception)
        return None


class UploadSizeMiddleware:
    """A file sent with a form is refused (413, the site's error page or the API's JSON shape) when the
    request says it is larger than ``UPLOAD_MAX_BYTES``, before a byte of it is read: Django streams uploads
    to a temporary file with no limit of its own (``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves files out), and the
    readers' own limit (``IMPORT_MAX_BYTES``) only applied once the whole file was on disk. A body with no
    length is read as empty by Django's WSGI handler, so the length is always the body's bound."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data":
            try:
                size = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                size = 0
            if size > settings.UPLOAD_MAX_BYTES:
                limit = settings.UPLOAD_MAX_BYTES / (1024 * 1024)
                return failure_response(request, Failure(413, "request_too_large", _(
                    "Tệp gửi lên quá lớn ({size} MB, tối đa {limit} MB một lần gửi); hãy chia tệp thành các "
                    "tệp nhỏ hơn.").format(size=f"{size / (1024 * 1024):.1f}", limit=f"{limit:g}")))
        return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials' browsers
    are set to English; CCHC is Vietnamese first, so only an explicit choice changes the language.
    The language is active for this request only: the thread goes back to what it had (a server thread's
    next request, or a test's next command, does not inherit an English reader's choice).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


#: The inline event handlers the templates still carry (a select that submits its form), allowed by their
#: hashes ('unsafe-hashes'): no other inline script runs. A new handler must be added here, or better moved
#: to a static file.
INLINE_HANDLERS = ("this.form.submit()", "this.form.start.value=''; this.form.submit()")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


#: Scripts and data only from this server (htmx and ECharts are served from static files), no plugin, no
#: framing, forms posted only here. Inline ``style`` attributes stay allowed: the templates set widths and
#: colours with them, and htmx adds its indicator style; a style cannot run code.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-hashes' " + " ".join(_hash(h) for h in INLINE_HANDLERS),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
#: No page of CCHC uses the camera, microphone, location, payment, USB or sensors.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
    "interest-cohort"))


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: Content-Security-Policy, Permissions-Policy,
    and ``Cache-Control: no-store`` on every answer to a signed-in user or to the API (a shared or back-
    button cache must not keep a dossier list). A view that set its own Cache-Control keeps it.
    Referrer-Policy, X-Content-Type-Options, X-Frame-Options and HSTS come from the settings (SECURE_*)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith("/api/"):
            if "Cache-Control" not in response.headers:
                add_never_cache_headers(response)
        return response


class LoginSprayMiddleware:
    """Password spraying: one address trying passwords across many user names. django-axes locks a user
    name from an address after a few failures (AXES_FAILURE_LIMIT); this refuses any sign-in from an
    address that failed for ``LOGIN_SPRAY_LIMIT`` different user names within the cool-off
    (cchc.accounts.throttle), with the lockout page and status 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("login"):
            from cchc.accounts.throttle import spraying

            if spraying(request):
                return render(request, "accounts/locked_out.html", {"spraying": True}, status=429)
        return self.get_response(request)


class RefuseNulMiddleware:
    """A request with a NUL character (U+0000) in its path, query string, form or JSON body is refused
    (400, in the page's layout or the API's one JSON shape) before any view: no value of CCHC may hold one,
    and PostgreSQL's text refuses it with an error every query would otherwise have to expect (issue 10:
    "no input yields a 500"). File uploads (multipart) are left to the file readers, which refuse it in a
    value and name the row."""

    FORM, JSON = "application/x-www-form-urlencoded", "application/json"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return failure_response(request, Failure(400, "nul_character", _(
                "Yêu cầu chứa ký tự NUL (U+0000), không được phép trong địa chỉ, tham số hay dữ liệu gửi lên.")))
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").upper():
            return True
        kind = request.content_type or ""
        if kind not in (self.FORM, self.JSON) or request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        if not size or size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return False  # too large: refused (413) where the body is read
        body = request.body
        return b"\x00" in body or (b"%00" in body.upper() if kind == self.FORM else b"\\u0000" in body)
