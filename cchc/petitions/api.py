"""Petitions (PAKN) in the JSON API: the PAKN system pushes batches of petitions (same checks as a file)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts import permissions as roles
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import responses

from . import permissions
from .services import import_records

router = Router(tags=["petitions"])
#: The most records one batch may carry.
MAX_BATCH = 10_000


class PetitionBatchIn(Schema):
    #: Where the batch comes from (shown in the import history).
    source: str = "api"
    #: The day the records' states were known (today by default): petitions not acted on are judged on it.
    as_of: date | None = None
    records: list[dict]


class PetitionBatchOut(Schema):
    rows: int
    created: int
    updated: int
    units: int
    late: int
    unsatisfied: int


@router.post("/batch", operation_id="cchc_api_push_petitions", response=responses(PetitionBatchOut, 400, 413),
             summary=gettext_lazy("Gửi một lô phản ánh, kiến nghị (tối đa 10.000 bản ghi)"))
def push_petitions(request: HttpRequest, batch: PetitionBatchIn):
    """Upsert by petition code, with CCHC's field names (code, unit, received_on, action, acted_on, due_on,
    handled_on, status, likes, dislikes, recomplained, topic, dossier_code, title). Any invalid record
    refuses the whole batch, each problem named by its position (row) and field; nothing is written. The
    figures of 6.1 and 6.2 of the units touched are recounted in the same transaction."""
    roles.require(permissions.can_push_petitions(request.user))
    if len(batch.records) > MAX_BATCH:
        raise InvalidInput(issues=[Issue(_("Một lô tối đa 10.000 bản ghi."), field="records")])
    result = import_records(batch.records, source=f"API: {batch.source}"[:255], user=request.user,
                            as_of=batch.as_of)
    return {"rows": result.rows, "created": result.created, "updated": result.updated, "units": result.units,
            "late": result.late, "unsatisfied": result.unsatisfied}
