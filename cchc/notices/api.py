"""A person's notices in the JSON API: the list (unread first) with the unread count, the count alone, and
marking read. Everyone reads and marks only their own (the services filter by the caller); an integration
account has none (403). Errors are mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema
from pydantic import Field

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue
from cchc.core.parsing import MAX_ID
from cchc.platform.errors import responses

from . import permissions, services
from .models import Notification

router = Router(tags=["notices"])
#: The most notices one page of the list carries.
MAX_LIMIT = 200


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NoticesOut(Schema):
    unread: int
    items: list[NoticeOut]


class UnreadOut(Schema):
    unread: int


class ReadIn(Schema):
    """``ids``: the notices to mark read; omitted or null: all of the caller's."""

    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=1000)


class ReadOut(Schema):
    marked: int
    unread: int


def _out(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "kind_label": str(n.get_kind_display()), "title": n.title, "body": n.body,
            "url": n.url, "created_at": n.created_at, "read_at": n.read_at}


@router.get("/", response=responses(NoticesOut, 400), summary=gettext_lazy("Thông báo của tôi"))
def list_notices(request: HttpRequest, limit: int = 50, offset: int = 0):
    """The caller's notices, unread first then newest; ``limit`` (at most 200) from ``offset``."""
    require(permissions.can_have_notices(request.user))
    issues = []
    if not 1 <= limit <= MAX_LIMIT:
        issues.append(Issue(_("Số dòng mỗi trang phải từ 1 đến {n}.").format(n=MAX_LIMIT), field="limit"))
    if offset < 0:
        issues.append(Issue(_("Vị trí bắt đầu không được âm."), field="offset"))
    if issues:
        raise InvalidInput(issues)
    rows = services.listed(request.user)[offset:offset + limit]
    return {"unread": services.unread_count(request.user), "items": [_out(n) for n in rows]}


@router.get("/unread", response=responses(UnreadOut), summary=gettext_lazy("Số thông báo chưa đọc"))
def unread(request: HttpRequest):
    require(permissions.can_have_notices(request.user))
    return {"unread": services.unread_count(request.user)}


@router.post("/read", response=responses(ReadOut, 400), summary=gettext_lazy("Đánh dấu thông báo đã đọc"))
def mark_read(request: HttpRequest, payload: ReadIn):
    """Mark the caller's notices of ``ids`` read (ids of others' notices change nothing), or all of them."""
    require(permissions.can_have_notices(request.user))
    marked = services.mark_read(request.user, payload.ids)
    return {"marked": marked, "unread": services.unread_count(request.user)}
