"""Plans in the JSON API: the list, and one plan in the plan file's schema (docs/plan-files.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from cchc.accounts import permissions
from cchc.platform.errors import responses

from .models import Plan
from .plan_io import plan_as_dict

# The operation ids are those the operations had in cchc/api.py, so clients generated from the
# OpenAPI document keep working.
router = Router(tags=["plans"])


class PlanOut(Schema):
    code: str
    year: int
    document_number: str
    document_date: date
    title: str
    province_id: int
    transcription: str


@router.get("/", operation_id="cchc_api_list_plans", response=responses(list[PlanOut]), summary=_("Danh sách kế hoạch CCHC"))
def list_plans(request: HttpRequest, year: int | None = None):
    permissions.require(permissions.can_view(request.user))
    plans = Plan.objects.all()
    if year:
        plans = plans.filter(year=year)
    return plans


@router.get("/{code}", operation_id="cchc_api_get_plan", response=responses(dict[str, Any], 404), summary=_("Một kế hoạch CCHC, theo định dạng tệp kế hoạch"))
def get_plan(request: HttpRequest, code: str):
    permissions.require(permissions.can_view(request.user))
    return plan_as_dict(get_object_or_404(Plan.objects.select_related("province"), code=code))
