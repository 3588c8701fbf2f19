"""The JSON API (django-ninja, OpenAPI 3 at /api/v1/docs): integrations push dossiers; readers get units,
plans, reports and the Decision 766 scoreboard. This module holds only the API itself: authentication (a
bearer token from ``cchc tokens create``, or the browser session), the one error mapping
(cchc.platform.errors: every error has the body ``ErrorOut``), and the registration of each app's router
(``<app>/api.py``, where its permissions are checked like its pages')."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import AuthRateThrottle

from cchc.accounts.models import ApiToken
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import install_api_handlers


class BoundedParser(Parser):
    """A request body is parsed only if it holds at most ``API_MAX_JSON_NODES`` objects and lists (counted
    as brackets, a C-speed scan of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes): 5 MB of ``[{},{},…]`` would
    otherwise become 1.7 million dictionaries, then as many validated copies, before any check."""

    def parse_body(self, request: HttpRequest):
        body = request.body
        nodes = body.count(b"{") + body.count(b"[")
        if nodes > settings.API_MAX_JSON_NODES:
            raise InvalidInput(issues=[Issue(gettext(
                "Nội dung yêu cầu có hơn {limit} đối tượng và danh sách JSON, vượt giới hạn (API_MAX_JSON_NODES); "
                "hãy gửi thành nhiều lô.").format(limit=settings.API_MAX_JSON_NODES))])
        return json.loads(body)


class CallerThrottle(AuthRateThrottle):
    """At most ``API_RATE_LIMIT`` calls (e.g. ``1200/min``) per caller (its token's user, or its session's),
    past which the API answers 429 in its error shape. Counted in the default cache, so per server process
    unless the cache is shared; the rate is read at each call (None: no limit)."""

    def __init__(self):
        self.rate, self.num_requests, self.duration = None, None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_RATE_LIMIT
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


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
    parser=BoundedParser(),
    throttle=[CallerThrottle()],
)
install_api_handlers(api)

api.add_router("/units", "cchc.units.api.router")
api.add_router("/dossiers", "cchc.dossiers.api.router")
api.add_router("/plans", "cchc.plans.api.router")
api.add_router("/reports", "cchc.reporting.api.router")
api.add_router("/scoreboard", "cchc.scoreboard.api.router")
api.add_router("/portal766", "cchc.portal766.api.router")
api.add_router("/actions", "cchc.corrective.api.router")
api.add_router("/classification", "cchc.classification.api.router")
api.add_router("/par-index", "cchc.parindex.api.router")
api.add_router("/notices", "cchc.notices.api.router")
api.add_router("/inspections", "cchc.inspections.api.router")
api.add_router("/publications", "cchc.publications.api.router")
api.add_router("/petitions", "cchc.petitions.api.router")
api.add_router("/portal-counts", "cchc.portalcounts.api.router")
