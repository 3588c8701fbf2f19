"""Use cases of an inspection's record (DOMAIN §12.5 [K]): the record itself (mode, team, date,
participants, content checked per reform area, recommendations), its findings (each with a remediation
item owned by the inspected unit), the results notice, the unit's report of its remediation with evidence,
and the inspector's confirmation that closes an item. Each change rewrites the plan's recorded KPIs
(cchc.inspections.figures.refresh_for) and goes to the audit trail."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core.errors import DomainError, InvalidInput, Issue
from cchc.core.inspection import PAR_AREAS
from cchc.platform import evidence as evidence_files

from . import permissions
from .choices import InspectionStatus, Mode, RemediationStatus, Severity
from .figures import refresh_for
from .models import Finding, Inspection, RemediationItem


def _required(value: str, field: str, issues: list[Issue]) -> str:
    value = (value or "").strip()
    if not value:
        issues.append(Issue(_("Thiếu giá trị bắt buộc."), field=field))
    return value


def _in_year(day: date | None, year: int, field: str, issues: list[Issue]) -> None:
    if day is not None and day.year != year:
        issues.append(Issue(_("Ngày phải thuộc năm {year} của kế hoạch.").format(year=year), field=field))


@transaction.atomic
def record_inspection(*, user, inspection: Inspection, mode: str, team: str, held_on: date | None,
                      participants: str, content: dict[str, str], recommendations: str) -> Inspection:
    """Write (or correct) the record of an inspection held: how, by whom, when, who took part for the unit,
    what was checked in each reform area (cchc.core.inspection.PAR_AREAS; empty areas left out), and the
    recommendations."""
    require(permissions.can_record(user))
    inspection = Inspection.objects.select_for_update().select_related("plan_unit__plan").get(pk=inspection.pk)
    if inspection.plan_unit.withdrawn:
        raise DomainError(_("Đơn vị đã được rút khỏi kế hoạch."))
    issues: list[Issue] = []
    if mode not in Mode.values:
        issues.append(Issue(_("Giá trị không hợp lệ."), field="mode"))
    team = _required(team, "team", issues)
    if held_on is None:
        issues.append(Issue(_("Thiếu giá trị bắt buộc."), field="held_on"))
    elif held_on > timezone.localdate():
        issues.append(Issue(_("Ngày kiểm tra không được sau hôm nay."), field="held_on"))
    _in_year(held_on, inspection.plan_unit.plan.year, "held_on", issues)
    known = {code for code, _n in PAR_AREAS}
    checked = {k: v.strip() for k, v in content.items() if k in known and v and v.strip()}
    if not checked:
        issues.append(Issue(_("Ghi nội dung đã kiểm tra ở ít nhất một lĩnh vực."), field="content"))
    if issues:
        raise InvalidInput(issues)
    inspection.mode, inspection.team, inspection.held_on = mode, team, held_on
    inspection.participants = participants.strip()
    inspection.content = checked
    inspection.recommendations = recommendations.strip()
    if inspection.status == InspectionStatus.PLANNED:
        inspection.status = InspectionStatus.RECORDED
    inspection.recorded_by = inspection.recorded_by or user
    inspection.save()
    inspection.findings.update(found_on=held_on)  # a corrected date moves the findings with it
    refresh_for(inspection.plan_unit.plan)
    return inspection


@transaction.atomic
def add_finding(*, user, inspection: Inspection, area: str, severity: str, text: str, action: str = "",
                deadline: date | None = None) -> Finding:
    """A finding of an inspection held, and its remediation item owned by the inspected unit: what to do
    and by when (31/12 of the plan's year by default: seed 000 asks every finding remedied within the year)."""
    require(permissions.can_record(user))
    inspection = Inspection.objects.select_related("plan_unit__plan", "plan_unit__unit").get(pk=inspection.pk)
    if inspection.status == InspectionStatus.PLANNED or inspection.held_on is None:
        raise DomainError(_("Lập biên bản kiểm tra trước khi ghi tồn tại."))
    issues: list[Issue] = []
    if area not in {code for code, _n in PAR_AREAS}:
        issues.append(Issue(_("Giá trị không hợp lệ."), field="area"))
    if severity not in Severity.values:
        issues.append(Issue(_("Giá trị không hợp lệ."), field="severity"))
    text = _required(text, "text", issues)
    year = inspection.plan_unit.plan.year
    deadline = deadline or inspection.notice_deadline or date(year, 12, 31)
    if deadline < inspection.held_on:
        issues.append(Issue(_("Hạn khắc phục không được trước ngày kiểm tra."), field="deadline"))
    if issues:
        raise InvalidInput(issues)
    finding = Finding.objects.create(inspection=inspection, area=area, severity=severity, text=text,
                                     found_on=inspection.held_on)
    RemediationItem.objects.create(finding=finding, owner=inspection.plan_unit.unit, action=action.strip() or text,
                                   deadline=deadline)
    refresh_for(inspection.plan_unit.plan)
    return finding


@transaction.atomic
def issue_notice(*, user, inspection: Inspection, issued_on: date, actions: str, deadline: date) -> Inspection:
    """The results notice (thông báo kết quả kiểm tra): its date, the actions it requires and the deadline
    for the unit's report of its remediation."""
    require(permissions.can_record(user))
    inspection = Inspection.objects.select_for_update().select_related("plan_unit__plan").get(pk=inspection.pk)
    if inspection.status == InspectionStatus.PLANNED or inspection.held_on is None:
        raise DomainError(_("Lập biên bản kiểm tra trước khi thông báo kết quả."))
    issues: list[Issue] = []
    actions = _required(actions, "actions", issues)
    if issued_on is None:
        issues.append(Issue(_("Thiếu giá trị bắt buộc."), field="issued_on"))
    elif issued_on < inspection.held_on:
        issues.append(Issue(_("Ngày thông báo không được trước ngày kiểm tra."), field="issued_on"))
    if deadline is None:
        issues.append(Issue(_("Thiếu giá trị bắt buộc."), field="deadline"))
    elif issued_on is not None and deadline < issued_on:
        issues.append(Issue(_("Hạn báo cáo khắc phục không được trước ngày thông báo."), field="deadline"))
    if issues:
        raise InvalidInput(issues)
    inspection.notice_issued_on, inspection.notice_actions, inspection.notice_deadline = issued_on, actions, deadline
    inspection.status = InspectionStatus.NOTIFIED
    inspection.save()
    return inspection


@transaction.atomic
def submit_item(*, user, item: RemediationItem, evidence: str, upload: UploadedFile | None = None) -> RemediationItem:
    """The owner unit reports the item remedied: what it did and its evidence (text, and a file if any:
    cchc.platform.evidence). The inspector then confirms or returns it."""
    require(permissions.can_submit_for(user, item.owner_id))
    item = RemediationItem.objects.select_for_update().get(pk=item.pk)
    if item.status != RemediationStatus.OPEN:
        raise DomainError(_("Chỉ báo cáo được việc khắc phục đang ở trạng thái «{state}».").format(
            state=RemediationStatus.OPEN.label))
    issues: list[Issue] = []
    evidence = _required(evidence, "evidence", issues)
    evidence_files.check_file(upload, "evidence_file", issues)
    if issues:
        raise InvalidInput(issues)
    if upload:
        stored = evidence_files.store(item.evidence_file, upload)
        item.evidence_name, item.evidence_sha256, item.evidence_size = stored.name, stored.sha256, stored.size
    item.evidence = evidence
    item.status = RemediationStatus.SUBMITTED
    item.submitted_at, item.submitted_by = timezone.now(), user
    item.save()
    return item


@transaction.atomic
def close_item(*, user, item: RemediationItem, confirm: bool, note: str = "") -> RemediationItem:
    """The inspector confirms the item remedied (closed: it now counts as remedied on that day) or returns
    it to the unit with a note."""
    require(permissions.can_close(user))
    item = RemediationItem.objects.select_for_update().select_related("finding__inspection__plan_unit__plan").get(
        pk=item.pk)
    if item.status != RemediationStatus.SUBMITTED:
        raise DomainError(_("Chỉ xác nhận được việc khắc phục đơn vị đã báo cáo."))
    note = note.strip()
    if not confirm and not note:
        raise InvalidInput([Issue(_("Ghi rõ lý do trả lại để đơn vị bổ sung."), field="note")])
    item.inspector_note = note
    if confirm:
        item.status, item.closed_at, item.closed_by = RemediationStatus.CLOSED, timezone.now(), user
    else:
        item.status = RemediationStatus.OPEN
    item.save()
    refresh_for(item.finding.inspection.plan_unit.plan)
    return item
