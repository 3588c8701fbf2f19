"""The yearly classification in the JSON API, read only: a year's proposals of a block as the page lists
them (the same services and permissions: province-wide roles read every unit's, a focal point only their
own unit's; an integration account none). Errors are mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import responses

from . import permissions, services
from .models import Proposal

router = Router(tags=["classification"])


class CapOut(Schema):
    code: str
    at_most: str
    reason: str  # in the caller's language


class ProposalOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    year: int
    block: str
    version: str
    inputs: dict
    score: Decimal | None
    base_level: str
    proposed_level: str
    caps: list[CapOut]
    confirmed_level: str
    override_reason: str
    confirmed_at: datetime | None


def _out(p: Proposal) -> dict:
    return {"id": p.pk, "unit_code": p.unit.code, "unit_name": p.unit.name, "year": p.year, "block": p.block,
            "version": p.version, "inputs": p.inputs, "score": p.score, "base_level": p.base_level,
            "proposed_level": p.proposed_level,
            "caps": [{"code": c["code"], "at_most": c["at_most"], "reason": r} for c, r in zip(p.caps, p.cap_reasons,
                                                                                            strict=True)],
            "confirmed_level": p.confirmed_level, "override_reason": p.override_reason, "confirmed_at": p.confirmed_at}


@router.get("/", response=responses(list[ProposalOut], 400), summary=gettext_lazy("Đề xuất phân loại của năm"))
def list_proposals(request: HttpRequest, year: int | None = None, block: str = "commune"):
    """The proposals of ``year`` (this year by default) and ``block`` (commune, agency or district) the caller
    may see."""
    require(permissions.can_view_classification(request.user))
    year = timezone.localdate().year if year is None else year
    issues = []
    if not 2000 <= year <= 2100:
        issues.append(Issue(_("Năm phải từ 2000 đến 2100."), field="year"))
    if block not in services.BLOCKS:
        issues.append(Issue(_("Khối không hợp lệ; dùng một trong: {values}.").format(
            values=", ".join(services.BLOCKS)), field="block"))
    if issues:
        raise InvalidInput(issues)
    return [_out(p) for p in services.listed(request.user, year=year, block=block)]
