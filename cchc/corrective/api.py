"""Corrective actions in the JSON API: the list a user may see and one action, read only. The same
services and permissions as the pages (cchc.corrective.services.listed / visible_action): the province-wide
roles read every unit's actions, a focal point only their own unit's (another unit's action is refused, 403);
an integration account reads none. Errors are mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from cchc.accounts.permissions import require
from cchc.core.corrective import is_overdue
from cchc.core.errors import InvalidInput, Issue, NotFound
from cchc.core.parsing import ascii_int
from cchc.platform.errors import responses

from . import permissions, services
from .choices import STATE_FILTERS
from .models import CorrectiveAction, period_of

router = Router(tags=["actions"])
#: The most actions one page of the list carries.
MAX_LIMIT = 500


class ReadingOut(Schema):
    """A red period's figures as the detection found them (kept, not recomputed)."""

    period: str
    kind: str | None
    end: date | None
    value: Decimal | None
    projection: Decimal | None
    threshold: Decimal | None


class ActionOut(Schema):
    id: int
    plan_code: str
    target_code: str
    target_text: str
    unit_code: str
    unit_name: str
    first_period_end: date
    last_period_end: date
    periods: str  # the red periods named in the caller's language
    readings: list[ReadingOut]
    state: str  # required | submitted | done
    state_label: str
    overdue: bool  # open, and past the deadline the unit set
    explanation: str
    action: str
    responsible: str
    due_date: date | None
    officer_note: str
    created_at: datetime
    submitted_at: datetime | None
    confirmed_at: datetime | None


def _decimal(text) -> Decimal | None:
    try:
        return None if text in (None, "") else Decimal(str(text))
    except InvalidOperation:
        return None


def _reading(r: dict) -> dict:
    try:
        end = date.fromisoformat(r["end"])
    except (KeyError, TypeError, ValueError):
        end = None
    return {"period": period_of(r), "kind": r.get("kind"), "end": end, "value": _decimal(r.get("value")),
            "projection": _decimal(r.get("projection")), "threshold": _decimal(r.get("threshold"))}


def _out(action: CorrectiveAction, today: date) -> dict:
    return {
        "id": action.pk, "plan_code": action.target.plan.code, "target_code": action.target.code,
        "target_text": action.target.text, "unit_code": action.unit.code, "unit_name": action.unit.name,
        "first_period_end": action.first_period_end, "last_period_end": action.last_period_end,
        "periods": action.periods, "readings": [_reading(r) for r in action.readings],
        "state": action.state, "state_label": str(action.get_state_display()),
        "overdue": is_overdue(action.state, action.due_date, today),
        "explanation": action.explanation, "action": action.action, "responsible": action.responsible,
        "due_date": action.due_date, "officer_note": action.officer_note, "created_at": action.created_at,
        "submitted_at": action.submitted_at, "confirmed_at": action.confirmed_at,
    }


@router.get("/", response=responses(list[ActionOut], 400), summary=gettext_lazy("Danh sách biện pháp khắc phục"))
def list_actions(request: HttpRequest, state: str = "open", q: str = "", limit: int = 100, offset: int = 0):
    """The actions the caller may see, as on the list page: ``state`` is open (waiting for the unit or the
    PAR officer, the default), required, submitted, done or all; ``q`` a part of the unit's name. Waiting
    for the unit first, then the latest runs; ``limit`` (at most 500) from ``offset``."""
    require(permissions.can_list_actions(request.user))  # a role that reads no actions: 403 before 400
    issues = []
    if state not in STATE_FILTERS:
        issues.append(Issue(_("Trạng thái không hợp lệ; dùng một trong: {values}.").format(
            values=", ".join(STATE_FILTERS)), field="state"))
    if not 1 <= limit <= MAX_LIMIT:
        issues.append(Issue(_("Số dòng mỗi trang phải từ 1 đến {n}.").format(n=MAX_LIMIT), field="limit"))
    if offset < 0:
        issues.append(Issue(_("Vị trí bắt đầu không được âm."), field="offset"))
    if issues:
        raise InvalidInput(issues)
    today = timezone.localdate()
    return [_out(a, today) for a in services.listed(request.user, state=state, q=q)[offset:offset + limit]]


@router.get("/{action_id}", response=responses(ActionOut, 404), summary=gettext_lazy("Một biện pháp khắc phục"))
def get_action(request: HttpRequest, action_id: str):
    """403 for a role that reads no actions (whatever the id) or for another unit's action; 404 when there
    is no such action."""
    if ascii_int(action_id) is None:  # not an id, or beyond the database's integers
        require(permissions.can_list_actions(request.user))  # the role is checked before the id
        raise NotFound(_("Không có biện pháp khắc phục mã {id}.").format(id=action_id))
    return _out(services.visible_action(request.user, int(action_id)), timezone.localdate())
