"""The JSON API (django-ninja, OpenAPI 3 at /api/v1/docs): integrations push dossiers; readers get units
and plans. Authentication: a bearer token (``cchc tokens create``) or the browser session. Permissions
come from cchc.accounts.permissions like every page; domain errors are mapped once, below."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.security import APIKeyCookie, HttpBearer

from cchc.accounts import permissions
from cchc.accounts.models import ApiToken
from cchc.core.errors import DomainError, InvalidInput, Issue
from cchc.web.errors import status_for


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


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    body: dict = {"detail": exc.message}
    if isinstance(exc, InvalidInput):
        body["issues"] = [{"row": i.row, "field": i.field, "message": i.message} for i in exc.issues]
    return api.create_response(request, body, status=status_for(exc))


# --- units ----------------------------------------------------------------------------------------

class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None


units_router = Router(tags=["units"])


@units_router.get("/", response=list[UnitOut], summary=_("Danh sách đơn vị còn hiệu lực vào một ngày"))
def list_units(request: HttpRequest, as_of: date | None = None, q: str = "", kind: str = ""):
    from cchc.units.models import Unit

    permissions.require(permissions.can_view(request.user))
    units = Unit.objects.valid_on(as_of or timezone.localdate())
    if q:
        units = units.filter(name__icontains=q)
    if kind:
        units = units.filter(kind=kind)
    return units.order_by("kind", "name")[:2000]


# --- plans ----------------------------------------------------------------------------------------

class PlanOut(Schema):
    code: str
    year: int
    document_number: str
    document_date: date
    title: str
    province_id: int
    transcription: str


plans_router = Router(tags=["plans"])


@plans_router.get("/", response=list[PlanOut], summary=_("Danh sách kế hoạch CCHC"))
def list_plans(request: HttpRequest, year: int | None = None):
    from cchc.plans.models import Plan

    permissions.require(permissions.can_view(request.user))
    plans = Plan.objects.all()
    if year:
        plans = plans.filter(year=year)
    return plans


@plans_router.get("/{code}", summary=_("Một kế hoạch CCHC, theo định dạng tệp kế hoạch"))
def get_plan(request: HttpRequest, code: str):
    from django.shortcuts import get_object_or_404

    from cchc.plans.models import Plan
    from cchc.plans.plan_io import plan_as_dict

    permissions.require(permissions.can_view(request.user))
    return plan_as_dict(get_object_or_404(Plan.objects.select_related("province"), code=code))


# --- dossiers -------------------------------------------------------------------------------------

class DossierBatchIn(Schema):
    source_system: str
    records: list[dict]


class DossierBatchOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    due_computed: int


dossiers_router = Router(tags=["dossiers"])


@dossiers_router.post("/batch", response=DossierBatchOut, summary=_("Gửi một lô hồ sơ (tối đa 10.000 bản ghi)"))
def push_dossiers(request: HttpRequest, batch: DossierBatchIn):
    """Upsert by (source system, dossier code); the records use CCHC's field names or the national
    portal's (docs/dossier-files.md). Any invalid record refuses the whole batch, each problem named by
    its position (row) and field, and nothing is written."""
    from cchc.dossiers.services import ingest_records

    permissions.require(permissions.can_push_dossiers(request.user))
    if len(batch.records) > 10_000:
        raise InvalidInput(issues=[Issue(_("Một lô tối đa 10.000 hồ sơ."), field="records")])
    summary = ingest_records(batch.records, source_system=batch.source_system)  # the KPI refresh follows (signal)
    return {"rows": summary.rows, "created": summary.created, "updated": summary.updated,
            "unchanged": summary.unchanged, "due_computed": summary.due_computed}


api.add_router("/units", units_router)
api.add_router("/dossiers", dossiers_router)
api.add_router("/plans", plans_router)
api.add_router("/reports", "cchc.reporting.api.router")
