"""Procedure publication records in the JSON API: the system that reads the national TTHC database (or the
PAR officer) sends a list of announcements, checked and written as a file is (cchc.publications.services):
all or nothing, each problem named by its position (row, from 1) and field. Errors are mapped once
(cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import responses

from . import permissions, services

router = Router(tags=["publications"])


class PublicationBatchIn(Schema):
    #: Each record: procedure_code, unit, decision_number, decision_date, effective_date, published_on,
    #: parts (a list of part codes, or "đủ"), level (province | ministry).
    records: list[dict]
    source: str = "API"


class PublicationBatchOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    figures: int  # figures recomputed (units × periods), 0 when nothing changed


@router.post("/batch", response=responses(PublicationBatchOut, 400), summary=gettext_lazy("Gửi một lô bản ghi công bố TTHC"))
def push_publications(request: HttpRequest, batch: PublicationBatchIn):
    """Upsert by (unit, procedure, decision number); any invalid record refuses the whole batch and nothing is
    written; the group 1 figures of the provinces touched are recomputed."""
    require(permissions.can_push_publications(request.user))
    if len(batch.records) > services.MAX_RECORDS:
        raise InvalidInput(issues=[Issue(_("Một lô tối đa 10.000 bản ghi."), field="records")])
    s = services.import_records(batch.records, user=request.user, source=(batch.source or "API")[:255])
    return {"rows": s.rows, "created": s.created, "updated": s.updated, "unchanged": s.unchanged, "figures": s.figures}
