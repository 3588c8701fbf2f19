"""Dossiers in the JSON API: a one-stop-shop system pushes batches of dossiers (docs/dossier-files.md)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts import permissions
from cchc.core.errors import InvalidInput, Issue
from cchc.platform.errors import IssueOut, responses

from .services import ingest_records

# The operation ids are those the operations had in cchc/api.py, so clients generated from the
# OpenAPI document keep working.
router = Router(tags=["dossiers"])
#: The most records one batch may carry.
MAX_BATCH = 10_000


class DossierBatchIn(Schema):
    source_system: str
    records: list[dict]
    #: Write the valid records and return the others' problems in ``refused`` (default: all or nothing).
    valid_rows: bool = False


class DossierBatchOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    due_computed: int
    ignored: list[str] = []  # fields of the portal's records CCHC does not know, read past
    refused_rows: int = 0  # with valid_rows: the records left out
    refused: list[IssueOut] = []  # with valid_rows: their problems (row = the record's position, from 1)


@router.post("/batch", operation_id="cchc_api_push_dossiers", response=responses(DossierBatchOut, 400, 413), summary=gettext_lazy("Gửi một lô hồ sơ (tối đa 10.000 bản ghi)"))
def push_dossiers(request: HttpRequest, batch: DossierBatchIn):
    """Upsert by (source system, dossier code); the records use CCHC's field names or the national
    portal's (docs/dossier-files.md). Any invalid record refuses the whole batch, each problem named by
    its position (row) and field, and nothing is written; with ``valid_rows`` the valid records are written
    and the others' problems returned in ``refused``."""
    permissions.require(permissions.can_push_dossiers(request.user))
    if len(batch.records) > MAX_BATCH:
        raise InvalidInput(issues=[Issue(_("Một lô tối đa 10.000 hồ sơ."), field="records")])
    summary = ingest_records(batch.records, source_system=batch.source_system,  # the KPI refresh follows (signal)
                             valid_rows=batch.valid_rows)
    return {"rows": summary.rows, "created": summary.created, "updated": summary.updated,
            "unchanged": summary.unchanged, "due_computed": summary.due_computed,
            "ignored": [c for columns in summary.ignored_columns.values() for c in columns],
            "refused_rows": summary.refused_rows,
            "refused": [{"file": i.file, "row": i.row, "field": i.field, "message": i.text()} for i in summary.refused]}
