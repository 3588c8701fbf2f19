"""The pages of corrective actions: the list (open ones first; a focal point sees only their unit's), one
action with its history, the unit's answer, the PAR officer's confirmation, and running the detection."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.permissions import require
from cchc.core.corrective import Event, is_overdue
from cchc.core.errors import InvalidInput
from cchc.platform import xlsx_export
from cchc.platform.forms import issues_to_form

from . import permissions, services
from .choices import STATE_FILTERS, ActionState
from .forms import DecideForm, RespondForm
from .models import CorrectiveAction


def _filters(request) -> tuple[str, str]:
    """The list's (state, name search) from the query: an unknown state is "open"."""
    state = request.GET.get("state", "open")
    return (state if state in STATE_FILTERS else "open"), request.GET.get("q", "").strip()


def _states() -> list[tuple[str, str]]:
    return [("open", _("Đang mở")), *ActionState.choices, ("all", _("Tất cả"))]


@login_required
def action_list(request):
    """Corrective actions: open ones first by default; a focal point sees only their unit's."""
    state, q = _filters(request)
    page = Paginator(services.listed(request.user, state=state, q=q), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "corrective/list.html", {
        "page": page, "state": state, "q": q, "today": today,
        "overdue": {a.pk for a in page if is_overdue(a.state, a.due_date, today)},
        "states": _states(), "can_detect": permissions.can_detect_actions(request.user),
        "export": f"{reverse('corrective:list_xlsx')}?{urlencode({'state': state, 'q': q})}",
    })


def list_columns() -> list[str]:
    return [_("Đơn vị"), _("Kế hoạch"), _("Chỉ tiêu"), _("Nội dung chỉ tiêu"), _("Kỳ không đạt"), _("Trạng thái"),
            _("Hạn hoàn thành"), _("Quá hạn")]


def list_values(a: CorrectiveAction, today) -> list:
    """An action's row of the list, as the page shows it (the target's text in full)."""
    return [a.unit.name, a.target.plan.code, a.target.code, a.target.text, a.periods, str(a.get_state_display()),
            a.due_date, _("Quá hạn") if is_overdue(a.state, a.due_date, today) else ""]


@login_required
def action_list_xlsx(request):
    """The list as an Excel file: the same filters, order and scope as the page (a focal point: their
    unit's), every row rather than one page (a province holds a few thousand actions at most)."""
    state, q = _filters(request)
    today = timezone.localdate()
    rows = (list_values(a, today) for a in services.listed(request.user, state=state, q=q).iterator(chunk_size=1000))
    title = _("Giải trình và biện pháp khắc phục") + f" · {dict(_states())[state]}" + (f" · «{q}»" if q else "")
    return xlsx_export.xlsx_response(name=xlsx_export.filename("bien-phap-khac-phuc", state, today.isoformat()),
                                     columns=list_columns(), rows=rows, title=title, sheet=_("Biện pháp khắc phục"),
                                     max_rows=settings.EXPORT_MAX_ROWS)


@login_required
def action_detail(request, pk: int):
    action = services.visible_action(request.user, pk)
    today = timezone.localdate()
    return render(request, "corrective/detail.html", {
        "a": action, "overdue": is_overdue(action.state, action.due_date, today),
        "can_respond": action.state == ActionState.REQUIRED and permissions.can_respond_for(request.user, action.unit_id),
        "can_decide": action.state == ActionState.SUBMITTED and permissions.can_confirm_actions(request.user),
        "history": _history(action),
    })


def _history(action: CorrectiveAction) -> list[tuple[object, str, str]]:
    """(when, who, what) from the audit trail: the requirement, then each change of state."""
    labels = dict(ActionState.choices)
    out = []
    for entry in LogEntry.objects.get_for_object(action).select_related("actor").order_by("timestamp", "pk"):
        who = (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else _("Hệ thống")
        if entry.action == LogEntry.Action.CREATE:
            what = _("Yêu cầu giải trình, khắc phục")
        elif "state" in entry.changes_dict:
            old, new = entry.changes_dict["state"]
            what = f"{labels.get(old, old)} → {labels.get(new, new)}"
        else:
            what = _("Cập nhật nội dung")
        out.append((entry.timestamp, who, what))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def action_respond(request, pk: int):
    """The unit's form: explanation, corrective action, who answers for it and by when."""
    action = services.visible_action(request.user, pk)
    require(permissions.can_respond_for(request.user, action.unit_id))
    services.check_transition(action, Event.SUBMIT)
    form = RespondForm(request.POST or None, initial={
        "explanation": action.explanation, "action": action.action, "responsible": action.responsible,
        "due_date": action.due_date,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.respond(user=request.user, action=action, explanation=data["explanation"], measure=data["action"],
                             responsible=data["responsible"], due_date=data["due_date"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã gửi giải trình và biện pháp khắc phục tới Sở Nội vụ."))
            return redirect(action)
    return render(request, "corrective/respond.html", {"a": action, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def action_confirm(request, pk: int):
    """The PAR officer's control: confirm the unit's corrective action done, or return it."""
    action = services.visible_action(request.user, pk)
    require(permissions.can_confirm_actions(request.user))
    services.check_transition(action, Event.CONFIRM)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.decide(user=request.user, action=action, confirm=confirm, note=form.cleaned_data["note"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã xác nhận đơn vị hoàn thành khắc phục.") if confirm
                             else _("Đã trả lại để đơn vị bổ sung."))
            return redirect(action)
    return render(request, "corrective/confirm.html", {"a": action, "form": form})


@login_required
@require_POST
def action_detect(request):
    """Run the detection now (it also runs after every KPI refresh and from `cchc actions detect`)."""
    require(permissions.can_detect_actions(request.user))
    result = services.detect()
    messages.success(request, _("Đã rà soát {pairs} cặp chỉ tiêu – đơn vị: {created} yêu cầu khắc phục mới, "
                                "{existing} yêu cầu đã có.").format(pairs=result.pairs, created=len(result.created),
                                                                    existing=result.existing))
    return redirect("corrective:list")
