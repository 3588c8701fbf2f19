"""The JSON API (django-ninja, OpenAPI 3 at /api/v1/docs): integrations push dossiers; readers get units,
plans, reports and the Decision 766 scoreboard. This module holds only the API itself: authentication (a
bearer token from ``cchc tokens create``, or the browser session), the one error mapping
(cchc.platform.errors: every error has the body ``ErrorOut``), and the registration of each app's router
(``<app>/api.py``, where its permissions are checked like its pages')."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from cchc.accounts.models import ApiToken
from cchc.platform.errors import install_api_handlers


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cchc_…``: the token's user, if the token is active."""

    def authenticate(self, request: HttpRequest, token: str):
        record = ApiToken.objects.active().select_related("user", "user__profile").filter(token_hash=ApiToken.digest(token)).first()
        if record is None:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        return record.user


class SessionAuth(APIKeyCookie):
    """The browser session (CSRF-checked by django-ninja for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="CCHC API",
    version="1",
    description=_("API của CCHC: hệ thống một cửa gửi hồ sơ; các hệ thống khác đọc đơn vị và kế hoạch."),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
install_api_handlers(api)

api.add_router("/units", "cchc.units.api.router")
api.add_router("/dossiers", "cchc.dossiers.api.router")
api.add_router("/plans", "cchc.plans.api.router")
api.add_router("/reports", "cchc.reporting.api.router")
api.add_router("/scoreboard", "cchc.scoreboard.api.router")
api.add_router("/actions", "cchc.corrective.api.router")
