"""The counts other systems hold for the 766 index in the JSON API: push a batch (the same check and
all-or-nothing write as the file, cchc.portalcounts.services) and read the stored figures. Errors are
mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import responses

from . import permissions, services
from .choices import PeriodKind

router = Router(tags=["portal-counts"])
#: The most records one batch carries (a province has a few hundred units, seven indicators each).
MAX_BATCH = 10_000
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000


class CountBatchIn(Schema):
    """``records``: objects with unit (code, name or the portal's code such as H21.17), period ("2026",
    "Q3/2026", "10/2026", or a first day with kind), indicator (1.4, 4.1, 4.2, 5.3, 5.5, 5.6, 5.7 or the
    portal's metric code), numerator, denominator; for 1.4 also received_national, received_dvcqg,
    last_year_total. ``source``: the system or snapshot the counts come from."""

    source: str = Field("API", max_length=255)
    records: list[dict[str, Any]]


class CountBatchOut(Schema):
    rows: int
    created: int
    replaced: int
    unchanged: int


class CountOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    period_kind: str
    period_start: date
    indicator: str
    numerator: int | None
    denominator: int | None
    received_national: int | None
    received_dvcqg: int | None
    last_year_total: int | None
    scored_denominator: Decimal | None
    source: str
    illustrative: bool
    imported_at: datetime


@router.post("/", operation_id="cchc_api_push_portal_counts", response=responses(CountBatchOut, 400),
             summary=gettext_lazy("Gửi số liệu 766 từ hệ thống khác (tối đa 10.000 dòng)"))
def push_counts(request: HttpRequest, batch: CountBatchIn):
    """Every record is checked; any problem refuses the whole batch, each named by its position (row) and
    field, and nothing is written. A record for a unit, period and indicator already stored replaces it."""
    require(permissions.can_push_counts(request.user))
    if not batch.records or len(batch.records) > MAX_BATCH:
        raise InvalidInput(issues=[Issue(_("Một lô có từ 1 đến 10.000 dòng."), field="records")])
    result = services.import_records(batch.records, source=batch.source.strip() or "API", user=request.user)
    return {"rows": result.rows, "created": result.created, "replaced": result.replaced, "unchanged": result.unchanged}


@router.get("/", response=responses(list[CountOut], 400), summary=gettext_lazy("Số liệu 766 từ hệ thống khác"))
def list_counts(request: HttpRequest, kind: str = "", start: date | None = None, indicator: str = "",
                limit: int = 100, offset: int = 0):
    """The stored figures as on the list page (filters: period kind and first day, indicator), ``limit``
    (at most 1000) from ``offset``."""
    require(permissions.can_view_counts(request.user))
    issues = []
    if kind and kind not in PeriodKind.values:
        issues.append(Issue(_("Loại kỳ không hợp lệ; dùng một trong: {values}.").format(
            values=", ".join(PeriodKind.values)), field="kind"))
    if not 1 <= limit <= MAX_LIMIT:
        issues.append(Issue(_("limit phải từ 1 đến 1000."), field="limit"))
    if not 0 <= offset <= MAX_OFFSET:
        issues.append(Issue(_("offset phải từ 0 đến 10.000.000."), field="offset"))
    if issues:
        raise InvalidInput(issues=issues)
    rows = services.listed(kind=kind, start=start, indicator=indicator)[offset:offset + limit]
    return [{"unit_id": c.unit_id, "unit_code": c.unit.code, "unit_name": c.unit.name, "period_kind": c.period_kind,
             "period_start": c.period_start, "indicator": c.indicator, "numerator": c.numerator,
             "denominator": c.denominator, "received_national": c.received_national,
             "received_dvcqg": c.received_dvcqg, "last_year_total": c.last_year_total,
             "scored_denominator": c.scored_denominator, "source": c.source, "illustrative": c.illustrative,
             "imported_at": c.imported_at} for c in rows]
