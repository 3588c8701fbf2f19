"""The site's error pages: Django's handlers for 400, 403, 404 and 500, and the CSRF failure view, all drawn
by the one renderer of cchc.platform.errors (the one DomainErrorMiddleware uses too), so a missing object
gets the same Vietnamese (or English) page in the site's layout as a domain NotFound."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404

from cchc.platform.errors import CsrfFailed, render_error


def bad_request(request, exception=None):
    return render_error(request, exception if exception is not None else BadRequest())


def permission_denied(request, exception=None):
    return render_error(request, exception if isinstance(exception, PermissionDenied) else PermissionDenied())


def page_not_found(request, exception=None):
    return render_error(request, exception if isinstance(exception, Http404) else Http404())


def server_error(request):
    return render_error(request, None)


def csrf_failure(request, reason=""):
    """A form sent after its session expired: said in the user's language, not Django's English page."""
    return render_error(request, CsrfFailed(reason))
