"""Inspections in the JSON API: the remediation items a caller may see (a focal point: its own unit's),
read only, under the same services and permissions as the pages (cchc.inspections.services.visible_items)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue, NotFound
from cchc.core.parsing import ascii_int
from cchc.platform.errors import responses

from . import permissions, services
from .models import RemediationItem

router = Router(tags=["inspections"])
MAX_LIMIT = 500


class ItemOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    plan_year: int
    area: str
    severity: str
    finding: str
    action: str
    deadline: date
    status: str  # open | submitted | closed
    status_label: str
    evidence: str
    submitted_at: datetime | None
    closed_at: datetime | None


def _out(item: RemediationItem) -> dict:
    f = item.finding
    return {"id": item.pk, "unit_code": item.owner.code, "unit_name": item.owner.name,
            "plan_year": f.inspection.plan_unit.plan.year, "area": f.area, "severity": f.severity, "finding": f.text,
            "action": item.action, "deadline": item.deadline, "status": item.status,
            "status_label": str(item.get_status_display()), "evidence": item.evidence,
            "submitted_at": item.submitted_at, "closed_at": item.closed_at}


@router.get("/items", response=responses(list[ItemOut], 400), summary=gettext_lazy("Việc khắc phục sau kiểm tra"))
def list_items(request: HttpRequest, limit: int = 100, offset: int = 0):
    """The remediation items the caller may see, the soonest deadline first; ``limit`` (at most 500)."""
    require(permissions.can_list(request.user))
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput([Issue(_("Số dòng mỗi trang phải từ 1 đến {n}.").format(n=MAX_LIMIT), field="limit")])
    rows = services.visible_items(request.user).order_by("deadline", "pk")[offset:offset + limit]
    return [_out(i) for i in rows]


@router.get("/items/{item_id}", response=responses(ItemOut, 404), summary=gettext_lazy("Một việc khắc phục"))
def get_item(request: HttpRequest, item_id: str):
    if ascii_int(item_id) is None:
        require(permissions.can_list(request.user))
        raise NotFound(_("Không có việc khắc phục mã {id}.").format(id=item_id))
    return _out(services.visible_item(request.user, int(item_id)))
