"""The published 766 figures in the JSON API, read by the same services as the pages
(cchc.portal766.services) under the same permissions (cchc.portal766.permissions).

Scores are decimals (JSON strings); null means the portal published no figure. Errors have the one body
``ErrorOut`` (cchc.platform.errors).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue, NotFound
from cchc.core.i18n import N_
from cchc.core.parsing import MAX_ID, ascii_int
from cchc.core.portal766 import MAX_BYTES
from cchc.platform.errors import responses
from cchc.units.models import Unit

from . import lists, services
from .models import PublishedSnapshot
from .permissions import can_import_published, can_view_published

router = Router(tags=["portal766"])
#: The multipart field ``file``, optional so that the caller's role is checked before it is required.
OPTIONAL_FILE = File(None)
#: The most imported answers one call lists.
MAX_LIMIT = 500


class SnapshotOut(Schema):
    id: int
    file_name: str
    shape: str = Field(description='"summary" (group scores and ranks) or "detail" (each indicator).')
    run_date: date = Field(description="The day the portal published the figures.")
    period_kind: str = Field(description="year, quarter or month.")
    period_start: date
    period_label: str = Field(description='The portal\'s name of the period ("Năm 2026").')
    unmatched: list[list[str]] = Field(description="[portal code, portal name] of the units that match no CCHC unit.")


class ImportOut(Schema):
    snapshot: SnapshotOut
    created: bool = Field(description="False when the same file was imported before (nothing changed).")
    matched: int


class HistoryOut(Schema):
    run_date: date
    period_kind: str
    period_start: date
    total: Decimal | None
    rank: int | None = Field(description="Among every unit of the province.")
    group_rank: int | None = Field(description="Within the unit's block.")


@router.get("/snapshots", response=responses(list[SnapshotOut], 400),
            summary=gettext_lazy("Các tệp điểm 766 Cổng công bố đã nhập"))
def list_snapshots(request: HttpRequest, limit: int = 100, offset: int = 0):
    """The imported answers of the portal, newest run date first; ``limit`` (1 to 500) from ``offset``."""
    require(can_view_published(request.user))  # the role before the parameters
    issues = []
    if not 1 <= limit <= MAX_LIMIT:
        issues.append(Issue(N_("Số dòng mỗi trang phải từ 1 đến {n}."), field="limit", params={"n": MAX_LIMIT}))
    if not 0 <= offset <= MAX_ID:
        issues.append(Issue(N_("Vị trí bắt đầu phải từ 0 đến {n}."), field="offset", params={"n": MAX_ID}))
    if issues:
        raise InvalidInput(issues=issues)
    return list(PublishedSnapshot.objects.all()[offset:offset + limit])


@router.post("/snapshots", response=responses(ImportOut, 400), summary=gettext_lazy("Nhập một tệp điểm 766 Cổng công bố"))
def import_snapshot(request: HttpRequest, file: UploadedFile | None = OPTIONAL_FILE):
    """One JSON answer of the portal (the shapes of cchc.core.portal766), sent as the multipart field
    ``file``; refused whole with its problems. The caller's role is checked before the request's content."""
    require(can_import_published(request.user))
    if file is None:
        raise InvalidInput(issues=[Issue(N_("Thiếu tệp JSON (trường «file» của biểu mẫu multipart)."), field="file")])
    if file.size > MAX_BYTES:
        raise InvalidInput(issues=[Issue(N_("Tệp quá lớn: {size} byte, vượt giới hạn {limit} byte."),
                                         file=file.name or "", params={"size": file.size, "limit": MAX_BYTES})])
    result = services.import_snapshot(file.read(), file.name or "portal766.json", user=request.user)
    return {"snapshot": result.snapshot, "created": result.created, "matched": result.matched}


@router.get("/units/{unit_id}/history", response=responses(list[HistoryOut], 404),
            summary=gettext_lazy("Điểm và thứ hạng Cổng công bố của một đơn vị qua các ngày"))
def unit_history(request: HttpRequest, unit_id: str):
    """The unit's published total and ranks on each imported run date, every period, oldest first."""
    require(can_view_published(request.user))
    pk = ascii_int(unit_id)
    unit = Unit.objects.filter(pk=pk).first() if pk is not None else None
    if unit is None:
        raise NotFound(N_("Không có đơn vị mã {id}."), {"id": unit_id[:40]})
    return [{"run_date": p.run_date, "period_kind": p.kind, "period_start": p.start, "total": p.total,
             "rank": p.rank, "group_rank": p.group_rank} for p in services.history(unit)]


class ListsImportOut(Schema):
    rows: int = Field(description="The dossiers taken in.")
    lists: int = Field(description="The lists written: one per unit, period and indicator of the file.")
    replaced: int = Field(description="Lists that replaced one imported before for the same unit, period and indicator.")


@router.post("/dossier-lists", response=responses(ListsImportOut, 400),
             summary=gettext_lazy("Nhập danh sách hồ sơ Cổng tính ở chỉ số 2.1, 5.1, 5.2, 5.4"))
def import_dossier_lists(request: HttpRequest, file: UploadedFile | None = OPTIONAL_FILE):
    """The portal's dossier lists as a CSV or XLSX file (columns unit, period, indicator, MaHoSo;
    cchc.portal766.lists), sent as the multipart field ``file``; refused whole with its problems (file, row,
    field). The caller's role is checked before the request's content."""
    require(can_import_published(request.user))
    if file is None:
        raise InvalidInput(issues=[Issue(N_("Thiếu tệp CSV hoặc XLSX (trường «file» của biểu mẫu multipart)."),
                                         field="file")])
    if file.size > settings.IMPORT_MAX_BYTES:
        raise InvalidInput(issues=[Issue(N_("Tệp quá lớn: {size} byte, vượt giới hạn {limit} byte."),
                                         file=file.name or "", params={"size": file.size,
                                                                       "limit": settings.IMPORT_MAX_BYTES})])
    result = lists.import_file(file.read(), file.name or "dossier-lists.csv", user=request.user)
    return {"rows": result.rows, "lists": result.lists, "replaced": result.replaced}
