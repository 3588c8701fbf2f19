from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from cchc.core.errors import DomainError
from cchc.platform.errors import MethodRefused, render_error


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
