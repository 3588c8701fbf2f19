from __future__ import annotations

from cchc.core.errors import DomainError

from .errors import render_domain_error


class DomainErrorMiddleware:
    """Turn a domain exception escaping a view into the right page (see cchc.web.errors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render_domain_error(request, exception)
        return None
