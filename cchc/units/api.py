"""Units in the JSON API: the units valid on a day, for integrations that need CCHC's unit codes."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.platform.errors import responses

from .models import Unit
from .permissions import can_view_units

# The operation ids are those the operations had in cchc/api.py, so clients generated from the
# OpenAPI document keep working.
router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None


@router.get("/", operation_id="cchc_api_list_units", response=responses(list[UnitOut]), summary=_("Danh sách đơn vị còn hiệu lực vào một ngày"))
def list_units(request: HttpRequest, as_of: date | None = None, q: str = "", kind: str = ""):
    require(can_view_units(request.user))
    units = Unit.objects.valid_on(as_of or timezone.localdate())
    if q:
        units = units.filter(name__icontains=q)
    if kind:
        units = units.filter(kind=kind)
    return units.order_by("kind", "name")[:2000]
