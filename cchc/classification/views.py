"""The pages of the yearly classification: the year's proposals per block (every input, the proposed level,
each cap with its reason, the confirmed level), running them, one proposal with its history and the
officer's confirmation or override, the Excel and DOCX exports, and the reminders (list, recording one)."""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.audit import audit_rows
from cchc.accounts.permissions import require
from cchc.core import classification as rules
from cchc.core.errors import InvalidInput
from cchc.core.i18n import translate
from cchc.documents.classification import ClassificationList, build_classification_docx
from cchc.platform import xlsx_export
from cchc.platform.forms import issues_to_form
from cchc.units.choices import block_label
from cchc.units.models import Unit

from . import permissions, services, table
from .forms import ConfirmForm, ReminderForm


def _chosen(request) -> tuple[int, str]:
    """(year, block) from the query: this year and the commune block unless said otherwise."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2020 <= year <= 2100:
        year = timezone.localdate().year
    block = request.GET.get("block", "")
    return year, block if block in services.BLOCKS else services.BLOCKS[0]


def _version(year: int) -> rules.RuleVersion | None:
    try:
        return rules.version_for_year(year)
    except ValueError:
        return None


def notes(year: int) -> list[str]:
    """What the page and the document say about the rules: the version's caps CCHC cannot compute, the
    share cap, and the province's configured caps with their thresholds [I]."""
    version = _version(year)
    conf = services.config()
    out = []
    if version is not None:
        out += [translate(n) for n in version.notes]
        if version.top_share is not None:
            out.append(_("Tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» tối đa bằng {share}% tổng số đơn vị xếp loại «Hoàn thành tốt» "
                         "trở lên trong khối; vượt thì hạ đơn vị có điểm thấp nhất trước.").format(share=version.top_share))
    rule = conf.repeat_late
    if rule.enabled:
        out.append(_("Quy tắc tỉnh (QĐ 4510/QĐ-UBND): đơn vị đã bị nhắc nhở về hồ sơ trễ hạn năm trước, năm nay từ "
                     "tháng sau ngày nhắc nhở có từ {n} hồ sơ trễ hạn và tỷ lệ trễ hạn trên {share}% thì tối đa "
                     "«Hoàn thành nhiệm vụ» (ngưỡng do tỉnh cấu hình; số liệu theo tháng).")
                   .format(n=rule.min_late, share=rule.min_share if rule.min_share is not None else 0))
    if conf.late_count.enabled:
        out.append(_("Quy tắc tỉnh: từ {late} hồ sơ trễ hạn hoặc {apologies} văn bản xin lỗi trong năm thì tối đa "
                     "«Hoàn thành nhiệm vụ».").format(late=conf.late_count.max_late, apologies=conf.late_count.max_apologies))
    out.append(_("Chỉ số CCHC: kết quả đã công bố gần nhất của đơn vị (năm đánh giá đến năm này); đơn vị chưa có "
                 "kết quả thì không tính vào điểm tổng hợp."))
    return out


@login_required
def proposal_list(request):
    require(permissions.can_view_classification(request.user))
    year, block = _chosen(request)
    rows = list(services.listed(request.user, year=year, block=block))
    query = urlencode({"year": year, "block": block})
    version = _version(year)
    return render(request, "classification/list.html", {
        "year": year, "block": block, "years": services.years_offered(),
        "blocks": [(b, block_label(b)) for b in services.BLOCKS], "columns": table.columns(),
        "rows": [(p, table.values(p)) for p in rows], "version": translate(version.name) if version else "",
        "notes": notes(year), "can_decide": permissions.can_decide(request.user),
        "can_remind": permissions.can_record_reminder(request.user),
        "xlsx": f"{reverse('classification:xlsx')}?{query}", "docx": f"{reverse('classification:docx')}?{query}",
    })


@login_required
@require_POST
def proposal_run(request):
    require(permissions.can_decide(request.user))
    year, block = _chosen(request)
    try:
        result = services.run(user=request.user, year=year, block=block)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lập đề xuất cho {n} đơn vị ({capped} đơn vị bị giới hạn mức xếp loại).")
                         .format(n=result.created + result.updated, capped=len(result.capped)))
    return redirect(f"{reverse('classification:list')}?{urlencode({'year': year, 'block': block})}")


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk: int):
    """One proposal: every input, the caps with their reasons, the history; the officer's decision."""
    proposal = services.visible_proposal(request.user, pk)
    can_decide = permissions.can_decide(request.user)
    form = ConfirmForm(request.POST or None, initial={
        "level": proposal.confirmed_level or proposal.proposed_level, "reason": proposal.override_reason})
    if request.method == "POST":
        require(can_decide)
        if form.is_valid():
            try:
                services.confirm(user=request.user, proposal=proposal, level=form.cleaned_data["level"],
                                 reason=form.cleaned_data["reason"])
            except InvalidInput as exc:
                issues_to_form(form, exc)
            else:
                messages.success(request, _("Đã ghi mức xếp loại của {unit}.").format(unit=proposal.unit.name))
                return redirect(proposal)
    cells = dict(zip(table.columns(), table.values(proposal), strict=True))
    history = audit_rows(LogEntry.objects.get_for_object(proposal).select_related("actor").order_by("timestamp", "pk"))
    return render(request, "classification/detail.html", {
        "p": proposal, "cells": cells, "form": form, "can_decide": can_decide, "history": history,
        "can_remind": permissions.can_record_reminder(request.user), "notes": notes(proposal.year),
        "version": translate(v.name) if (v := _version(proposal.year)) else "",
        "back": f"{reverse('classification:list')}?{urlencode({'year': proposal.year, 'block': proposal.block})}",
    })


def _title(year: int, block: str) -> str:
    return _("Đề xuất phân loại mức độ hoàn thành nhiệm vụ năm {year} — {block}").format(year=year, block=block_label(block))


@login_required
def proposal_xlsx(request):
    require(permissions.can_view_classification(request.user))
    year, block = _chosen(request)
    rows = (table.values(p) for p in services.listed(request.user, year=year, block=block))
    return xlsx_export.xlsx_response(name=xlsx_export.filename("phan-loai", str(year), block), columns=table.columns(),
                                     rows=rows, title=_title(year, block), sheet=_("Phân loại"),
                                     max_rows=settings.EXPORT_MAX_ROWS)


@login_required
def proposal_docx(request):
    require(permissions.can_view_classification(request.user))
    year, block = _chosen(request)
    unit = getattr(getattr(request.user, "profile", None), "unit", None)
    province = unit.province if unit is not None and unit.province_id else None
    version = _version(year)
    content = ClassificationList(
        year=year, block=block_label(block), version=translate(version.name) if version else "",
        parent_agency=_("Ủy ban nhân dân {province}").format(province=province.name) if province else "",
        issuer=unit.name if unit is not None else _("Sở Nội vụ"), place=province.short_name if province else "",
        issued_on=timezone.localdate(), columns=table.columns(),
        rows=[table.values(p) for p in services.listed(request.user, year=year, block=block)], notes=notes(year),
        signer_name=request.user.get_full_name() or request.user.get_username())
    response = HttpResponse(build_classification_docx(content),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="phan-loai-{year}-{block}.docx"'
    return response


@login_required
def reminder_list(request):
    require(permissions.can_view_classification(request.user))
    return render(request, "classification/reminders.html", {
        "reminders": services.reminders_listed(request.user)[:500],
        "can_remind": permissions.can_record_reminder(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def reminder_new(request, unit_id: int):
    """Record a reminder given to a unit (linked from its proposal and from the dashboard's unit page)."""
    require(permissions.can_record_reminder(request.user))
    unit = get_object_or_404(Unit, pk=unit_id)
    initial = {"on": timezone.localdate(), "kpi_code": request.GET.get("kpi", "")}
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_reminder(
                user=request.user, unit=unit, on=data["on"], about=data["about"], text=data["text"],
                document=data["document"], dossier_codes=form.dossier_codes(), kpi_code=data["kpi_code"] or "",
                period_kind="month" if data["period_start"] else "", period_start=_month(data["period_start"]))
        except InvalidInput as exc:
            issues_to_form(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận nhắc nhở đối với {unit}.").format(unit=unit.name))
            return redirect("classification:reminders")
    return render(request, "classification/reminder_form.html", {"form": form, "unit": unit})


def _month(day: date | None) -> date | None:
    return day.replace(day=1) if day else None
