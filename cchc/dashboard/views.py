from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.permissions import require
from cchc.core.corrective import Event, is_overdue
from cchc.core.errors import InvalidInput
from cchc.core.evaluation import Verdict
from cchc.dossiers.permissions import can_view_dossiers_of
from cchc.plans.choices import TaskStatusChoices, VerdictChoices
from cchc.platform.forms import issues_to_form
from cchc.scoreboard import services as scoreboard
from cchc.units.models import Unit

from . import actions, permissions, services
from .forms import DecideForm, RespondForm
from .models import OPEN_STATES, ActionState, CorrectiveAction

METRICS = {"ontime": gettext_lazy("Tỷ lệ giải quyết đúng hạn (%)"), "score": gettext_lazy("Điểm Bộ chỉ số 766")}
RATE_LABEL, POINTS_LABEL = gettext_lazy("Tỷ lệ (%)"), gettext_lazy("Điểm")
#: Labels by value (lazy, translated when shown): the plans' vocabulary (cchc.plans.choices).
VERDICT_LABELS = dict(VerdictChoices.choices)
STATUS_LABELS = dict(TaskStatusChoices.choices)
VERDICT_COLOURS = {Verdict.MISSED: "#b42318", Verdict.AT_RISK: "#b26a00", Verdict.MET: "#1e7b34",
                   Verdict.NO_DATA: "#9aa5b1"}


def _viewer(request) -> None:
    require(permissions.can_view_dashboard(request.user))


def _chart_labels() -> dict:
    return {
        "verdicts": [{"key": v.value, "name": str(VERDICT_LABELS[v.value]), "colour": VERDICT_COLOURS[v]}
                     for v in services.VERDICTS],
        "metrics": {k: str(v) for k, v in METRICS.items()},
        "no_data": _("Chưa có số liệu"), "units": _("đơn vị"), "longitude": _("Kinh độ"), "latitude": _("Vĩ độ"),
        "percent": _("Tỷ lệ (%)"), "dossiers": _("Hồ sơ"),
    }


@login_required
def index(request):
    """The leaders' dashboard: one province, one year, its targets, rankings, trends and map."""
    _viewer(request)
    today = timezone.localdate()
    scope = services.choose_scope(year=request.GET.get("year", ""), province=request.GET.get("province", ""),
                                  level=request.GET.get("level", ""), today=today)
    metric = request.GET.get("metric", "")
    metric = metric if metric in METRICS else "ontime"
    context = {"scope": scope, "metric": metric, "metrics": METRICS.items(), "labels": VERDICT_LABELS,
               "colours": {k.value: c for k, c in VERDICT_COLOURS.items()}, "verdicts": [v.value for v in services.VERDICTS]}
    chart: dict = {"labels": _chart_labels(), "metric": metric}
    if scope.province is not None:
        province, year, level = scope.province, scope.year, scope.level
        figures, as_of = services.year_figures(province, year)
        statuses = services.target_statuses(province, year, today)
        ontime = services.ontime_ranking(province, year, level)
        score = services.score_ranking(province, year, level)
        chart["trend"] = services.monthly_trend(province, year, today=today)
        chart["targets"] = [
            {"code": s.target.code, "text": s.target.text, "plan": p.plan.code, "url": s.url, "counts": s.counts}
            for p in statuses for s in p.targets
        ]
        chart["map"] = services.map_points(province, year, level, ontime, score)
        context.update({
            "targets_chart_height": 80 + 30 * len(chart["targets"]),  # a bar of 30 px per target
            "figures": figures, "as_of": as_of, "statuses": statuses, "today": today,
            "targets_provisional": any(s.provisional for p in statuses for s in p.targets),
            "ontime": services.top_and_bottom(ontime), "ontime_hidden": max(len(ontime) - 2 * services.RANKING_SIZE, 0),
            "score": services.top_and_bottom(score), "score_hidden": max(len(score) - 2 * services.RANKING_SIZE, 0),
            "rate_label": RATE_LABEL, "points_label": POINTS_LABEL,
            "open_actions": actions.open_counts(province),
            "scoreboard_url": f"{reverse('scoreboard:ranking')}?"
                              f"{urlencode({'kind': 'year', 'start': scope.start.isoformat(), 'unit_kind': level})}",
            "level_label": services.level_label(level),
        })
    context["chart"] = chart
    return render(request, "dashboard/index.html", context)


@login_required
def unit(request, pk: int):
    """Drill-down to one unit: its figures, its verdict on each target, its tasks, the units under it."""
    _viewer(request)
    unit = get_object_or_404(Unit.objects.select_related("parent", "parent__parent", "province"), pk=pk)
    today = timezone.localdate()
    years = services.available_years(today)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else next((y for y in years if y <= today.year), years[-1])
    start, end = date(year, 1, 1), date(year, 12, 31)
    figures, as_of = services.year_figures(unit, year)
    card = scoreboard.scorecard(unit, "year", start)
    trend = services.monthly_trend(unit, year, today=today)
    links = {"scorecard": f"{reverse('scoreboard:unit', args=[unit.pk])}?{urlencode({'kind': 'year', 'start': start.isoformat()})}"}
    if can_view_dossiers_of(request.user, unit.pk):
        query = {"subtree": unit.pk, "from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}
        links["dossiers"] = f"{reverse('dossiers:list')}?{urlencode(query)}"
        # The year's dossiers not handled on time, as the engine counted them (766 indicator 2.1's list).
        links["late_dossiers"] = (f"{reverse('scoreboard:dossiers', args=[unit.pk, '2.1'])}?"
                                  f"{urlencode({'kind': 'year', 'start': start.isoformat()})}")
    unit_actions = None
    if permissions.can_view_actions_of(request.user, unit.pk):
        unit_actions = list(CorrectiveAction.objects.filter(unit=unit).select_related("target", "target__plan")[:20])
    return render(request, "dashboard/unit.html", {
        "unit": unit, "year": year, "years": years, "figures": figures, "as_of": as_of, "card": card,
        "crumbs": services.breadcrumbs(unit), "results": services.unit_target_results(unit, year, today),
        "assignments": services.unit_assignments(unit, year, today)[:100], "status_labels": STATUS_LABELS,
        "labels": VERDICT_LABELS, "children": services.sub_units(unit, year), "links": links,
        "unit_actions": unit_actions, "chart": {"labels": _chart_labels(), "trend": trend}, "today": today,
    })


# --- Corrective actions ---------------------------------------------------------------------------

STATE_FILTERS = {"open": OPEN_STATES, **{s.value: (s,) for s in ActionState}, "all": tuple(ActionState)}


@login_required
def action_list(request):
    """Corrective actions: open ones first by default; a focal point sees only their unit's."""
    rows = actions.visible(request.user)
    state = request.GET.get("state", "open")
    state = state if state in STATE_FILTERS else "open"
    rows = rows.filter(state__in=STATE_FILTERS[state])
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(unit__name__icontains=q)
    page = Paginator(rows.order_by("state", "-last_period_end", "unit__name", "pk"), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "dashboard/action_list.html", {
        "page": page, "state": state, "q": q, "today": today,
        "overdue": {a.pk for a in page if is_overdue(a.state, a.due_date, today)},
        "states": [("open", _("Đang mở")), *ActionState.choices, ("all", _("Tất cả"))],
        "can_detect": permissions.can_detect_actions(request.user),
    })


def _action(request, pk: int) -> CorrectiveAction:
    _viewer(request)
    action = get_object_or_404(
        CorrectiveAction.objects.select_related("target", "target__plan", "unit", "submitted_by", "confirmed_by"), pk=pk)
    require(permissions.can_view_actions_of(request.user, action.unit_id))
    return action


@login_required
def action_detail(request, pk: int):
    action = _action(request, pk)
    today = timezone.localdate()
    return render(request, "dashboard/action_detail.html", {
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
    action = _action(request, pk)
    require(permissions.can_respond_for(request.user, action.unit_id))
    actions.check_transition(action, Event.SUBMIT)
    form = RespondForm(request.POST or None, initial={
        "explanation": action.explanation, "action": action.action, "responsible": action.responsible,
        "due_date": action.due_date,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.respond(user=request.user, action=action, explanation=data["explanation"], measure=data["action"],
                            responsible=data["responsible"], due_date=data["due_date"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã gửi giải trình và biện pháp khắc phục tới Sở Nội vụ."))
            return redirect(action)
    return render(request, "dashboard/action_respond.html", {"a": action, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def action_confirm(request, pk: int):
    """The PAR officer's control: confirm the unit's corrective action done, or return it."""
    action = _action(request, pk)
    require(permissions.can_confirm_actions(request.user))
    actions.check_transition(action, Event.CONFIRM)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            actions.decide(user=request.user, action=action, confirm=confirm, note=form.cleaned_data["note"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã xác nhận đơn vị hoàn thành khắc phục.") if confirm
                             else _("Đã trả lại để đơn vị bổ sung."))
            return redirect(action)
    return render(request, "dashboard/action_confirm.html", {"a": action, "form": form})


@login_required
@require_POST
def action_detect(request):
    """Run the detection now (it also runs from `cchc actions detect`)."""
    require(permissions.can_detect_actions(request.user))
    result = actions.detect()
    messages.success(request, _("Đã rà soát {pairs} cặp chỉ tiêu – đơn vị: {created} yêu cầu khắc phục mới, "
                                "{existing} yêu cầu đã có.").format(pairs=result.pairs, created=len(result.created),
                                                                    existing=result.existing))
    return redirect("dashboard:actions")
