"""The pages of inspections: the list (plans for the province-wide roles; inspections and remediation items,
a focal point seeing only its own unit's), the draw, a plan's drawn list with each unit's risk inputs and
why it was chosen (add, swap, unannounced), an inspection's record, findings and notice, a remediation item
(the unit reports, the inspector closes), and the three documents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.permissions import require, unit_id_of
from cchc.analytics.choices import period_name
from cchc.core.errors import DomainError, InvalidInput
from cchc.core.inspection import PAR_AREAS, RiskInput
from cchc.core.levels import UnitKind
from cchc.platform.forms import issues_to_form
from cchc.units.models import Unit

from . import documents, permissions, records, services
from .choices import InspectionStatus, RemediationStatus, area_label, input_label
from .forms import (
    AddUnitForm,
    CloseForm,
    DrawForm,
    FindingForm,
    IssueForm,
    NoticeForm,
    RecordForm,
    SubmitForm,
    SwapUnitForm,
    UnannouncedForm,
)
from .models import InspectionPlan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def index(request):
    """Plans (province-wide roles), then the inspections and remediation items the user may see."""
    user = request.user
    require(permissions.can_list(user))
    plans = (InspectionPlan.objects.select_related("province").order_by("-year", "block")
             if permissions.can_view_plans(user) else [])
    return render(request, "inspections/index.html", {
        "plans": plans,
        "inspections": services.visible_inspections(user).exclude(status=InspectionStatus.PLANNED)
        .order_by("-held_on", "pk")[:200],
        "items": services.visible_items(user).order_by("status", "deadline", "pk")[:200],
        "can_manage": permissions.can_manage_plans(user), "today": timezone.localdate(),
    })


def _provinces(user) -> list[tuple[int, str]]:
    today = timezone.localdate()
    rows = list(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(today).order_by("name"))
    own = Unit.objects.filter(pk=unit_id_of(user)).values_list("province_id", flat=True).first()
    rows.sort(key=lambda u: (u.pk != own, u.name))
    return [(u.pk, u.name) for u in rows]


@login_required
@require_http_methods(["GET", "POST"])
def draw(request):
    """The draw form: year, block, share, random part, weights (defaults shown) and seed."""
    require(permissions.can_manage_plans(request.user))
    today = timezone.localdate()
    form = DrawForm(request.POST or None, provinces=_provinces(request.user),
                    initial={"year": today.year, "block": "commune"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        province = Unit.objects.get(pk=d["province"], kind=UnitKind.PROVINCE)
        try:
            plan = services.draw_plan(
                user=request.user, province=province, year=d["year"], block=d["block"],
                share=None if d["share"] is None else d["share"] / 100, random_share=d["random_share"] / 100,
                weights=form.weights(), seed=d["seed"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã rút mẫu {n} đơn vị, hạt giống «{seed}».").format(
                n=plan.units.count(), seed=plan.seed))
            return redirect(plan)
    weights = [form[f"w_{k.value}"] for k in RiskInput]
    return render(request, "inspections/draw.html", {"form": form, "weights": weights})


def _shown(key: str, value: str | None):
    """A risk input's value as the page shows it: a number, or "never inspected" for the years since."""
    if value is None:
        return _("chưa được kiểm tra") if key == RiskInput.YEARS_SINCE_INSPECTED else "—"
    return floatformat(Decimal(value), "-2")


def _plan_rows(plan: InspectionPlan) -> list[dict]:
    rows = []
    for r in plan.units.select_related("unit", "inspection", "replaces__unit").order_by("withdrawn", "-risk_score", "unit__name"):
        parts = (r.risk_inputs or {}).get("parts", {})
        inputs = [(input_label(k), _shown(k, parts[k]["value"]), Decimal(parts[k]["risk"]), Decimal(parts[k]["weight"]))
                  for k in (i.value for i in RiskInput) if k in parts]
        missing = [input_label(k) for k in (r.risk_inputs or {}).get("missing", [])]
        rows.append({"row": r, "inputs": inputs, "missing": missing})
    return rows


def _plan_forms(plan: InspectionPlan, data=None, which: str = "") -> dict:
    outside = [(u.pk, u.name) for u in services.block_units(plan.province, plan.block, plan.year)
               if u.pk not in set(plan.units.values_list("unit_id", flat=True))]
    open_rows = [(r.pk, r.unit.name) for r in plan.units.filter(withdrawn=False, inspection__status=InspectionStatus.PLANNED)
                 .select_related("unit").order_by("unit__name")]
    return {
        "add_form": AddUnitForm(data if which == "add" else None, units=outside, prefix="add"),
        "swap_form": SwapUnitForm(data if which == "swap" else None, rows=open_rows, units=outside, prefix="swap"),
        "unannounced_form": UnannouncedForm(data if which == "unannounced" else None, prefix="u"),
        "issue_form": IssueForm(data if which == "issue" else None, prefix="i"),
    }


def _render_plan(request, plan: InspectionPlan, forms: dict | None = None):
    return render(request, "inspections/plan.html", {
        "plan": plan, "rows": _plan_rows(plan), "can_manage": permissions.can_manage_plans(request.user),
        "weights": [(input_label(k), v) for k, v in plan.weights.items()],
        "inputs_period": period_name("year", plan.inputs_start),
        "total": len(services.block_units(plan.province, plan.block, plan.year)),
        **(forms or _plan_forms(plan)),
    })


@login_required
def plan_detail(request, pk: int):
    return _render_plan(request, services.visible_plan(request.user, pk))


@login_required
@require_POST
def plan_change(request, pk: int, which: str):
    """Add a unit, swap one, or draw the unannounced inspections (the officer; every change with a reason)."""
    plan = services.visible_plan(request.user, pk)
    require(permissions.can_manage_plans(request.user))
    forms = _plan_forms(plan, request.POST, which)
    form = forms.get(f"{which}_form")
    if form is None:
        return redirect(plan)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if which == "add":
                row = services.add_unit(user=request.user, plan=plan, unit=Unit.objects.get(pk=d["unit"]),
                                        reason=d["reason"])
                messages.success(request, _("Đã bổ sung {unit} vào kế hoạch.").format(unit=row.unit.name))
            elif which == "swap":
                old = plan.units.get(pk=d["plan_unit"])
                row = services.swap_unit(user=request.user, plan_unit=old, unit=Unit.objects.get(pk=d["unit"]),
                                         reason=d["reason"])
                messages.success(request, _("Đã thay {old} bằng {new}.").format(old=old.unit.name, new=row.unit.name))
            elif which == "issue":
                services.issue_plan(user=request.user, plan=plan, number=d["number"])
                messages.success(request, _("Đã ban hành kế hoạch kiểm tra."))
            else:
                rows = services.draw_unannounced(user=request.user, plan=plan, count=d["count"])
                messages.success(request, _("Đã chọn ngẫu nhiên {units} để kiểm tra đột xuất.").format(
                    units=", ".join(r.unit.name for r in rows)))
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(plan)
    return _render_plan(request, plan, forms)


@login_required
def plan_docx(request, pk: int):
    plan = services.visible_plan(request.user, pk)
    return _docx(documents.plan_docx(plan), f"ke-hoach-kiem-tra-{plan.year}-{plan.block}.docx")


def _inspection_context(request, inspection, finding_form=None) -> dict:
    user = request.user
    can_record = permissions.can_record(user)
    return {
        "i": inspection, "plan": inspection.plan_unit.plan,
        "content": [(area_label(k), v) for k, v in inspection.content.items()],
        "findings": inspection.findings.select_related("remediation").order_by("pk"),
        "can_record": can_record and not inspection.plan_unit.withdrawn,
        "finding_form": finding_form or (FindingForm(prefix="f") if can_record else None),
        "can_see_plan": permissions.can_view_plans(user),
    }


@login_required
def inspection_detail(request, pk: int):
    inspection = services.visible_inspection(request.user, pk)
    return render(request, "inspections/inspection.html", _inspection_context(request, inspection))


@login_required
@require_http_methods(["GET", "POST"])
def inspection_record(request, pk: int):
    inspection = services.visible_inspection(request.user, pk)
    require(permissions.can_record(request.user))
    initial = {"mode": inspection.mode, "team": inspection.team, "held_on": inspection.held_on,
               "participants": inspection.participants, "recommendations": inspection.recommendations,
               **{f"area_{k}": v for k, v in inspection.content.items()}}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            records.record_inspection(user=request.user, inspection=inspection, mode=d["mode"], team=d["team"],
                                      held_on=d["held_on"], participants=d["participants"], content=form.content(),
                                      recommendations=d["recommendations"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu biên bản kiểm tra."))
            return redirect(inspection)
    areas = [form[f"area_{code}"] for code, _n in PAR_AREAS]
    return render(request, "inspections/record.html", {"i": inspection, "form": form, "areas": areas})


@login_required
@require_POST
def inspection_finding(request, pk: int):
    inspection = services.visible_inspection(request.user, pk)
    require(permissions.can_record(request.user))
    form = FindingForm(request.POST, prefix="f")
    if form.is_valid():
        d = form.cleaned_data
        try:
            records.add_finding(user=request.user, inspection=inspection, area=d["area"], severity=d["severity"],
                                text=d["text"], action=d["action"], deadline=d["deadline"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi tồn tại và việc khắc phục của đơn vị."))
            return redirect(inspection)
    return render(request, "inspections/inspection.html", _inspection_context(request, inspection, form))


@login_required
@require_http_methods(["GET", "POST"])
def inspection_notice(request, pk: int):
    inspection = services.visible_inspection(request.user, pk)
    require(permissions.can_record(request.user))
    today = timezone.localdate()
    form = NoticeForm(request.POST or None, initial={
        "issued_on": inspection.notice_issued_on or today, "actions": inspection.notice_actions,
        "deadline": inspection.notice_deadline or min(date(today.year, 12, 31), today.replace(day=28))})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            records.issue_notice(user=request.user, inspection=inspection, issued_on=d["issued_on"],
                                 actions=d["actions"], deadline=d["deadline"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi thông báo kết quả kiểm tra."))
            return redirect(inspection)
    return render(request, "inspections/notice.html", {"i": inspection, "form": form})


@login_required
def inspection_docx(request, pk: int, which: str):
    if which not in ("record", "notice"):
        raise Http404
    inspection = services.visible_inspection(request.user, pk)
    if inspection.held_on is None or (which == "notice" and inspection.notice_issued_on is None):
        raise DomainError(_("Chưa có nội dung để lập văn bản."))
    content = documents.record_docx(inspection) if which == "record" else documents.notice_docx(inspection)
    name = "bien-ban-kiem-tra" if which == "record" else "thong-bao-ket-qua-kiem-tra"
    return _docx(content, f"{name}-{inspection.unit.code}.docx")


@login_required
def item_detail(request, pk: int):
    item = services.visible_item(request.user, pk)
    user = request.user
    can_submit = item.status == RemediationStatus.OPEN and permissions.can_submit_for(user, item.owner_id)
    can_close = item.status == RemediationStatus.SUBMITTED and permissions.can_close(user)
    return render(request, "inspections/item.html", {
        "item": item, "i": item.finding.inspection, "overdue": item.status != RemediationStatus.CLOSED
        and item.deadline < timezone.localdate(),
        "submit_form": SubmitForm(prefix="s") if can_submit else None,
        "close_form": CloseForm(prefix="c") if can_close else None,
    })


@login_required
@require_POST
def item_submit(request, pk: int):
    item = services.visible_item(request.user, pk)
    require(permissions.can_submit_for(request.user, item.owner_id))
    form = SubmitForm(request.POST, request.FILES, prefix="s")
    if form.is_valid():
        try:
            records.submit_item(user=request.user, item=item, evidence=form.cleaned_data["evidence"],
                                upload=form.cleaned_data["evidence_file"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi kết quả khắc phục tới đoàn kiểm tra."))
            return redirect(item)
    return render(request, "inspections/item.html", {"item": item, "i": item.finding.inspection, "submit_form": form})


@login_required
@require_POST
def item_close(request, pk: int):
    item = services.visible_item(request.user, pk)
    require(permissions.can_close(request.user))
    form = CloseForm(request.POST, prefix="c")
    if form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            records.close_item(user=request.user, item=item, confirm=confirm, note=form.cleaned_data["note"])
        except InvalidInput as exc:
            issues_to_form(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã xác nhận đơn vị khắc phục xong.") if confirm
                             else _("Đã trả lại để đơn vị bổ sung."))
            return redirect(item)
    return render(request, "inspections/item.html", {"item": item, "i": item.finding.inspection, "close_form": form})


@login_required
def item_evidence(request, pk: int):
    item = services.visible_item(request.user, pk)
    if not item.evidence_file:
        raise Http404
    return FileResponse(item.evidence_file.open("rb"), as_attachment=True, filename=item.evidence_name or "minh-chung")

