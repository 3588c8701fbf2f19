from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts import audit
from cchc.accounts.permissions import can_view_audit, require, unit_id_of
from cchc.core.errors import InvalidInput
from cchc.core.levels import ALL_LEVELS
from cchc.core.parsing import ascii_int
from cchc.core.tasks import NEAR_DUE_DAYS, TaskStatus, status_of
from cchc.platform import xlsx_export
from cchc.platform.forms import issues_to_form

from . import evaluation, permissions, plan_io, services
from .choices import TaskStatusChoices, VerdictChoices
from .forms import PlanImportForm, ProgressForm
from .models import Assignment, Plan, ProgressUpdate, Target, Task
from .templatetags.plans_extras import level_names


def _status_labels() -> dict:
    """Task-status labels for the templates' ``lookup`` filter, in the request's language."""
    return dict(TaskStatusChoices.choices)


def _viewer(request) -> None:
    require(permissions.can_view_plans(request.user))


@login_required
def plan_list(request):
    _viewer(request)
    plans = Plan.objects.select_related("province").annotate(
        n_tasks=Count("tasks", distinct=True), n_targets=Count("targets", distinct=True)
    )
    q = request.GET.get("q", "").strip()
    if q:
        plans = plans.filter(Q(title__icontains=q) | Q(document_number__icontains=q) | Q(code__icontains=q))
    year = request.GET.get("year", "")
    if ascii_int(year, maximum=9999) is not None:
        plans = plans.filter(year=int(year))
    years = Plan.objects.order_by("-year").values_list("year", flat=True).distinct()
    return render(request, "plans/plan_list.html", {
        "plans": plans, "q": q, "year": year, "years": years, "can_manage": permissions.can_manage_plans(request.user),
    })


def _plan_tables(plan: Plan, status: str, today) -> list[dict]:
    """The plan page's tables by area: each target with its thresholds per level and its verdict counts,
    each task with its rollup (only those of ``status`` when given). The page and its Excel files read it."""
    rollups = services.task_rollups(plan, today)
    verdicts = {pk: evaluation.summary(results) for pk, results in evaluation.evaluate_plan(plan, today).items()}
    areas = []
    for area in plan.areas.prefetch_related("targets__thresholds", "tasks__lead_units"):
        tasks = []
        for task in area.tasks.all():
            r = rollups[task.pk]
            if status and (r.units == 0 or r.status != status):
                continue  # a task no unit carries out has no status to filter on
            tasks.append((task, r))
        targets = []
        for target in area.targets.all():
            by_level = {t.level: t.value for t in target.thresholds.all()}
            targets.append((target, [
                by_level.get(lvl, by_level.get(ALL_LEVELS)) if lvl in target.applies_to else None
                for lvl in LEVEL_COLUMNS
            ], verdicts.get(target.pk)))
        areas.append({"area": area, "targets": targets, "tasks": tasks})
    return areas


#: The levels of the target table's threshold columns.
LEVEL_COLUMNS = ("province", "district", "commune")


def _task_status(request) -> str:
    status = request.GET.get("status", "")
    return status if status in TaskStatus.__members__.values() else ""


@login_required
def plan_detail(request, code: str):
    _viewer(request)
    plan = get_object_or_404(Plan.objects.select_related("province"), code=code)
    status = _task_status(request)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "areas": _plan_tables(plan, status, timezone.localdate()), "status": status,
        "status_labels": TaskStatusChoices.choices, "label_of": _status_labels(),
        "can_manage": permissions.can_manage_plans(request.user),
    })


def threshold_text(target: Target, value) -> str:
    """A threshold as the target table writes it: "≥ 50%", "≤ 3 ngày"."""
    unit = "%" if target.unit_of_measure == "%" else f" {target.unit_of_measure}"
    return f"{target.get_comparator_display()} {floatformat(value, '-2')}{unit}"


def target_columns() -> list[str]:
    labels = dict(VerdictChoices.choices)
    return [_("Lĩnh vực"), _("Mã"), _("Nội dung"), _("Cách đo"), _("Mã chỉ số"), _("Cấp tỉnh"), _("Cấp huyện"),
            _("Cấp xã"), *(str(labels[v]) for v in VERDICT_ORDER)]


#: The verdict counts of the target table, in the page's order.
VERDICT_ORDER = ("met", "at_risk", "missed", "no_data")


def target_values(areas: list[dict]) -> list[list]:
    """The target tables of every area as rows (the thresholds as the page writes them; a target measured
    by the units' own reports has no verdict counts)."""
    return [[area["area"].shown_name, target.code, target.text, target.get_measure_display(), target.kpi_code or "",
             *(threshold_text(target, v) if v is not None and target.applies_to else "" for v in values),
             *(verdict.get(v) if verdict else None for v in VERDICT_ORDER)]
            for area in areas for target, values, verdict in area["targets"]]


def task_columns() -> list[str]:
    return [_("Lĩnh vực"), _("Mã"), _("Nhiệm vụ"), _("Chủ trì"), _("Thời hạn"), _("Trạng thái"), _("Tiến độ (%)"),
            _("Đơn vị hoàn thành"), _("Số đơn vị thực hiện")]


def task_values(areas: list[dict]) -> list[list]:
    """The task tables of every area as rows, as the page shows them."""
    labels = _status_labels()
    rows = []
    for area in areas:
        for task, r in area["tasks"]:
            leads = "; ".join([u.name for u in task.lead_units.all()] + ([level_names(task.lead_levels)] if task.lead_levels else []))
            assigned = r.units > 0
            rows.append([area["area"].shown_name, task.code, task.title, leads, task.deadline,
                         str(labels[r.status]) if assigned else _("Chưa phân công"), r.progress if assigned else None,
                         r.units_done if assigned else None, r.units])
    return rows


@login_required
def plan_table_xlsx(request, code: str, table: str):
    """The plan page's target table (``table`` = "targets") or task table ("tasks", with the page's status
    filter) as an Excel file, under the page's permission."""
    _viewer(request)
    plan = get_object_or_404(Plan.objects.select_related("province"), code=code)
    status = _task_status(request) if table == "tasks" else ""
    areas = _plan_tables(plan, status, timezone.localdate())
    if table == "targets":
        columns, rows, title = target_columns(), target_values(areas), _("Chỉ tiêu")
    else:
        columns, rows, title = task_columns(), task_values(areas), _("Nhiệm vụ")
    heading = f"{plan.document_number} · {plan.title} · {title}"
    if status:
        heading += f" · {_status_labels()[status]}"
    return xlsx_export.xlsx_response(name=xlsx_export.filename(plan.code, table, str(plan.year), status), columns=columns,
                                     rows=rows, title=heading, sheet=title)


def _target_results(request, pk: int):
    _viewer(request)
    target = get_object_or_404(Target.objects.select_related("plan", "plan__province", "area"), pk=pk)
    today = timezone.localdate()
    return target, today, evaluation.evaluate_target(target, today)


@login_required
def target_detail(request, pk: int):
    """A target's verdict for every unit it applies to, the units that miss it first."""
    target, today, results = _target_results(request, pk)
    return render(request, "plans/target_detail.html", {
        "target": target, "results": results, "summary": evaluation.summary(results), "labels": dict(VerdictChoices.choices),
        "today": today, "provisional": evaluation.is_provisional(results), "margin": settings.TARGET_MARGIN,
    })


@login_required
def target_xlsx(request, pk: int):
    """The target page's table of verdicts by unit as an Excel file (the same evaluation, the same order)."""
    target, today, results = _target_results(request, pk)
    labels = dict(VerdictChoices.choices)
    rows = [[r.unit.name, r.evaluation.value, r.evaluation.projection, threshold_text(target, r.evaluation.threshold),
             str(labels[r.evaluation.verdict])] for r in results]
    provisional = f" · {_('Tạm tính')}" if evaluation.is_provisional(results) else ""
    title = f"{target.plan.code} · {target.code}: {target.text} · {today.strftime('%d/%m/%Y')}{provisional}"
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename(target.plan.code, target.code, today.isoformat()), title=title, sheet=target.code,
        columns=[_("Đơn vị"), _("Giá trị"), _("Dự báo cuối năm"), _("Ngưỡng"), _("Đánh giá")], rows=rows)


def _task_assignments(request, pk: int):
    """The task page's units for its filters (name search, status), in its order."""
    _viewer(request)
    task = get_object_or_404(Task.objects.select_related("plan", "area", "plan__province"), pk=pk)
    today = timezone.localdate()
    assignments = task.assignments.select_related("unit").annotate(last_update=Max("updates__created_at")).with_status(today)
    q = request.GET.get("q", "").strip()
    if q:
        assignments = assignments.filter(unit__name__icontains=q)
    status = request.GET.get("status", "")
    if status in TaskStatus.__members__.values():
        assignments = assignments.filter(status=status)
    return task, today, q, status, assignments.order_by("unit__kind", "unit__name")


@login_required
def task_detail(request, pk: int):
    task, today, q, status, assignments = _task_assignments(request, pk)
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    rollup = services.task_rollups(task.plan, today)[task.pk]
    return render(request, "plans/task_detail.html", {
        "task": task, "page": page, "rollup": rollup, "q": q, "status": status, "label_of": _status_labels(),
        "status_labels": TaskStatusChoices.choices,
        "updates": ProgressUpdate.objects.filter(assignment__task=task).select_related("assignment__unit", "author")[:20],
        "export": f"{reverse('plans:task_xlsx', args=[task.pk])}?{urlencode({'q': q, 'status': status})}",
    })


@login_required
def task_history(request, pk: int):
    """The task's business history: who changed the task, its assignments to units and their progress
    reports, when and from what to what (``accounts.audit.audit_rows``, as on the audit page). Whoever
    reads the task reads its history; the actors' network addresses stay on the audit page."""
    _viewer(request)
    task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
    assignments = list(task.assignments.values_list("pk", flat=True))
    entries = audit.entries_for((Task, [task.pk]), (Assignment, assignments),
                                (ProgressUpdate, ProgressUpdate.objects.filter(assignment__task=task).values_list("pk", flat=True)))
    return render(request, "plans/task_history.html", {
        "task": task, "rows": audit.audit_rows(entries[:audit.HISTORY_LIMIT]), "limit": audit.HISTORY_LIMIT,
        "audit_url": audit.audit_url(Task, task.pk) if can_view_audit(request.user) else "",
    })


@login_required
def task_xlsx(request, pk: int):
    """The task page's units (every page of them) as an Excel file, for the same filters."""
    task, today, q, status, assignments = _task_assignments(request, pk)
    labels = _status_labels()
    rows = ([a.unit.name, str(labels[a.status]), a.progress, a.last_update] for a in assignments.iterator(chunk_size=1000))
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename(task.plan.code, task.code, today.isoformat()), sheet=task.code,
        title=f"{task.plan.code} · {task.code}: {task.title}", rows=rows, max_rows=settings.EXPORT_MAX_ROWS,
        columns=[_("Đơn vị"), _("Trạng thái"), _("Tiến độ (%)"), _("Cập nhật gần nhất")])


@login_required
def assignment_detail(request, pk: int):
    _viewer(request)
    assignment = get_object_or_404(Assignment.objects.select_related("task", "task__plan", "unit"), pk=pk)
    today = timezone.localdate()
    return render(request, "plans/assignment_detail.html", {
        "a": assignment,
        "status": status_of(assignment.progress, assignment.task.deadline, today),
        "label_of": _status_labels(),
        "updates": assignment.updates.select_related("author"),
        "can_report": permissions.can_report_for(request.user, assignment.unit_id),
        "can_see_evidence": permissions.can_see_evidence_of(request.user, assignment.unit_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assignment_update(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("task", "task__plan", "unit"), pk=pk)
    require(permissions.can_report_for(request.user, assignment.unit_id))
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"progress": assignment.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_progress(
                user=request.user, assignment=assignment, progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"], evidence=form.cleaned_data.get("evidence"),
                max_bytes=settings.EVIDENCE_MAX_BYTES,
            )
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận cập nhật tiến độ."))
            return redirect(assignment)
    return render(request, "plans/assignment_update.html", {"a": assignment, "form": form})


@login_required
def evidence(request, pk: int):
    update = get_object_or_404(ProgressUpdate.objects.select_related("assignment"), pk=pk, evidence__gt="")
    require(permissions.can_see_evidence_of(request.user, update.assignment.unit_id))
    return FileResponse(update.evidence.open("rb"), as_attachment=True, filename=update.evidence_name or None)


@login_required
def my_tasks(request):
    require(permissions.can_view_own_tasks(request.user))
    unit_id = unit_id_of(request.user)
    today = timezone.localdate()
    assignments = (
        Assignment.objects.for_unit(unit_id).select_related("task", "task__plan", "task__area").with_status(today)
        .order_by("-task__plan__year", "task__deadline", "task__code")
    )
    status = request.GET.get("status", "")
    if status in TaskStatus.__members__.values():
        assignments = assignments.filter(status=status)
    due = "soon" if request.GET.get("due") == "soon" else ""
    if due:  # not done, due within NEAR_DUE_DAYS (cchc.core.tasks.is_due_soon): the home page's link
        assignments = assignments.due_soon(today)
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    return render(request, "plans/my_tasks.html", {
        "assignments": page, "page": page, "counts": services.status_counts(Assignment.objects.for_unit(unit_id), today),
        "status": status, "status_labels": TaskStatusChoices.choices, "label_of": _status_labels(),
        "due": due, "near_due_days": NEAR_DUE_DAYS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    require(permissions.can_manage_plans(request.user))
    form = PlanImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_plan(upload.read(), upload.name)
        except InvalidInput as exc:
            issues = exc.issues
        else:
            messages.success(request, _("Đã nhập kế hoạch {code}: {areas} lĩnh vực, {targets} chỉ tiêu, {tasks} nhiệm vụ.").format(
                code=summary.plan.code, areas=summary.areas, targets=summary.targets, tasks=summary.tasks))
            return redirect(summary.plan)
    return render(request, "plans/plan_import.html", {"form": form, "issues": issues})


@login_required
def plan_source(request, code: str):
    """The seed text a plan was transcribed from, with every quoted sentence highlighted."""
    _viewer(request)
    plan = get_object_or_404(Plan, code=code)
    text = services.source_text(plan)
    if text is None:
        raise Http404
    quotes = [plan.source_quote, *plan.targets.values_list("source_quote", flat=True),
              *plan.tasks.values_list("source_quote", flat=True)]
    return render(request, "plans/plan_source.html", {"plan": plan, "html": services.highlight(text, quotes)})


@login_required
def plan_export(request, code: str, fmt: str):
    _viewer(request)
    plan = get_object_or_404(Plan.objects.select_related("province"), code=code)
    if fmt == "yaml":
        response = HttpResponse(plan_io.write_yaml(plan), content_type="application/yaml; charset=utf-8")
    else:
        response = HttpResponse(plan_io.write_xlsx(plan), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.{fmt}"'
    return response
