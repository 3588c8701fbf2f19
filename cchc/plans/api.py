"""Plans in the JSON API: the list, one plan in the plan file's schema (docs/plan-files.md), and its targets
evaluated for every unit by the one evaluation the pages and reports use (cchc.plans.evaluation)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.analytics.choices import kpi_name_of
from cchc.platform.errors import responses

from . import evaluation, permissions
from .choices import VerdictChoices
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
    illustrative: bool  # not a real document: never cited as one


@router.get("/", operation_id="cchc_api_list_plans", response=responses(list[PlanOut]), summary=_("Danh sách kế hoạch CCHC"))
def list_plans(request: HttpRequest, year: int | None = None):
    require(permissions.can_view_plans(request.user))
    plans = Plan.objects.all()
    if year:
        plans = plans.filter(year=year)
    return plans


@router.get("/{code}", operation_id="cchc_api_get_plan", response=responses(dict[str, Any], 404), summary=_("Một kế hoạch CCHC, theo định dạng tệp kế hoạch"))
def get_plan(request: HttpRequest, code: str):
    require(permissions.can_view_plans(request.user))
    return plan_as_dict(get_object_or_404(Plan.objects.select_related("province"), code=code))


class UnitVerdictOut(Schema):
    unit_code: str
    unit_name: str
    level: str
    value: Decimal | None
    projection: Decimal | None
    threshold: Decimal
    verdict: str  # met | at_risk | missed | no_data
    verdict_label: str
    provisional: bool  # the figures are not settled yet ("tạm tính")
    as_of: datetime | None  # when the value used was computed


class TargetEvaluationOut(Schema):
    code: str
    text: str
    kpi_code: str
    kpi_name: str  # in the reader's language (cchc.analytics.choices.kpi_name_of)
    comparator: str
    unit_of_measure: str
    evaluated_on: date
    provisional: bool
    counts: dict[str, int]
    units: list[UnitVerdictOut]


@router.get("/{code}/targets", response=responses(list[TargetEvaluationOut], 404),
            summary=_("Đánh giá các chỉ tiêu tính từ dữ liệu của kế hoạch cho từng đơn vị"))
def plan_targets(request: HttpRequest, code: str):
    """Each KPI-bound target of the plan with every unit's verdict, value and year-end projection on the
    year-to-date figures as of today: the same as the target page, the dashboard and the reports."""
    require(permissions.can_view_plans(request.user))
    plan = get_object_or_404(Plan.objects.select_related("province"), code=code)
    today = timezone.localdate()
    results = evaluation.evaluate_plan(plan, today)
    out = []
    for target in evaluation.kpi_targets(plan):
        rows = results.get(target.pk, [])
        out.append({
            "code": target.code, "text": target.text, "kpi_code": target.kpi_code,
            "kpi_name": kpi_name_of(target.kpi_code), "comparator": target.comparator,
            "unit_of_measure": target.unit_of_measure, "evaluated_on": today,
            "provisional": evaluation.is_provisional(rows), "counts": evaluation.summary(rows),
            "units": [{
                "unit_code": r.unit.code, "unit_name": r.unit.name, "level": r.unit.level,
                "value": r.evaluation.value, "projection": r.evaluation.projection,
                "threshold": r.evaluation.threshold, "verdict": r.evaluation.verdict.value,
                "verdict_label": str(VerdictChoices(r.evaluation.verdict.value).label),
                "provisional": r.evaluation.provisional, "as_of": r.as_of,
            } for r in rows],
        })
    return out

