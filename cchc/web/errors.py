"""The one place where domain exceptions become HTTP responses (an HTML page, or JSON under /api/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError, InvalidInput, NotAllowed, NotFound

STATUS = {NotAllowed: 403, NotFound: 404, InvalidInput: 400}


def status_for(exc: DomainError) -> int:
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status
    return 409


def render_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = status_for(exc)
    issues = [str(i) for i in getattr(exc, "issues", [])]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": exc.message, "issues": issues}, status=status)
    titles = {403: _("Không có quyền truy cập"), 404: _("Không tìm thấy"), 400: _("Dữ liệu không hợp lệ")}
    return render(
        request,
        "web/error.html",
        {"title": titles.get(status, _("Không thực hiện được")), "message": exc.message, "issues": issues},
        status=status,
    )
