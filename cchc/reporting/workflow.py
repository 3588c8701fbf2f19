"""The workflow of a unit's report (F3): edit and submit it, return it with comments, approve it, correct
an approved report (a new version). Who may act is cchc.reporting.permissions; which step a state allows
is the pure rule cchc.core.reporting; every refusal is a domain error the web, the API and the CLI map
once. What a submission writes back to the plan's tasks is cchc.reporting.progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.accounts import permissions
from cchc.core import reporting as rules
from cchc.core.errors import DomainError, InvalidInput, Issue, NotAllowed
from cchc.core.parsing import parse_decimal
from cchc.plans.models import Assignment
from cchc.plans.services import report_progress
from cchc.platform import evidence as evidence_files

from . import permissions as rperm
from . import progress as task_progress
from .models import (
    Attachment,
    KpiSnapshot,
    ManualMeasure,
    Narrative,
    ReportEvent,
    ReportingPeriod,
    ReportState,
    TargetStatus,
    TaskRow,
    UnitReport,
)
from .notifications import notify_returned
from .prefill import _snapshot

NARRATIVE_FIELDS = ("results", "shortcomings", "causes", "solutions")



ACTION_NAMES = {
    rules.Action.EDIT: gettext_noop("sửa"),
    rules.Action.SUBMIT: gettext_noop("gửi"),
    rules.Action.RETURN: gettext_noop("trả lại"),
    rules.Action.APPROVE: gettext_noop("duyệt"),
    rules.Action.CORRECT: gettext_noop("mở phiên bản sửa đổi cho"),
}


def locked_message() -> str:
    return _("Báo cáo đã được duyệt nên đã khóa, không thể sửa. Muốn sửa, hãy mở phiên bản sửa đổi.")


def check(user, report: UnitReport, action: rules.Action) -> None:
    """Refuse ``action`` unless ``user`` may take it now, with the reason: not the user's report (403),
    locked, an old version, a closed period or a state that does not allow it (409)."""
    permissions.require(rperm.can_view_report(user, report))
    if rperm.may(user, report, action):
        return
    actor = rperm.actor_for(user, report)
    if action in (rules.Action.EDIT, rules.Action.SUBMIT) and report.is_locked:
        raise DomainError(locked_message())
    if not any(actor in who and act == action for (_state, act), (who, _after) in rules.TRANSITIONS.items()):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
    if not report.is_current:
        raise DomainError(_("Đây là phiên bản cũ của báo cáo; chỉ phiên bản hiện hành được xử lý."))
    if not report.period.is_open:
        raise DomainError(_("Kỳ báo cáo {label} đã đóng.").format(label=report.period.label))
    raise DomainError(_("Báo cáo đang ở trạng thái «{state}», không thể {action}.").format(
        state=report.get_state_display(), action=_(ACTION_NAMES[action])))


def _locked_row(report: UnitReport) -> UnitReport:
    """Re-read the report under a row lock, so two clicks cannot both move it."""
    return UnitReport.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)


def _parse_progress(value, field: str, issues: list[Issue]) -> int | None:
    try:
        progress = int(str(value).strip())
    except (TypeError, ValueError):
        issues.append(Issue(_("Tiến độ phải là số nguyên từ 0 đến 100."), field=field))
        return None
    if not 0 <= progress <= 100:
        issues.append(Issue(_("Tiến độ phải từ 0 đến 100."), field=field))
        return None
    return progress


def _parse_value(value, field: str, issues: list[Issue]) -> tuple[bool, Decimal | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None
    try:
        number = parse_decimal(value)
    except ValueError:
        issues.append(Issue(_("Kết quả phải là số, nhận được «{value}».").format(value=value), field=field))
        return False, None
    if abs(number) >= Decimal("1e10"):
        issues.append(Issue(_("Kết quả quá lớn."), field=field))
        return False, None
    return True, number


@transaction.atomic
def save_report(*, user, report: UnitReport, tasks: Mapping[int, Mapping] | None = None,
                measures: Mapping[int, Mapping] | None = None, narratives: Mapping[str, Mapping] | None = None,
                evidence: Mapping[int, UploadedFile] | None = None, max_bytes: int | None = None) -> UnitReport:
    """Save the editable parts of a report: task progress and notes (by row id), manual measures (value,
    note, evidence file; by id) and narratives (by area code, the four texts). Only what is given
    changes, every problem is reported at once and nothing is written if there is one.

    A task row given is first brought in line with its task, then takes the progress the focal point
    changed; its ``base``, ``seen`` and ``confirm`` keys say what the page showed and whether the focal
    point keeps its value over a newer one (cchc.reporting.progress.apply). Nothing is written to the
    plan's tasks here: only a submission does."""
    report = _locked_row(report)
    check(user, report, rules.Action.EDIT)
    tasks, measures, narratives, evidence = tasks or {}, measures or {}, narratives or {}, evidence or {}
    issues: list[Issue] = []
    rows = {r.pk: r for r in report.task_rows.all()}
    states = task_progress.row_states(rows.values())
    items = {m.pk: m for m in report.measures.all()}
    texts = {n.area_code: n for n in report.narratives.all()}
    changed_rows, changed_items, changed_texts = [], [], []
    uploads: list[tuple[ManualMeasure, UploadedFile]] = []
    for row_id, data in tasks.items():
        row = rows.get(int(row_id))
        if row is None:
            issues.append(Issue(_("Không có dòng nhiệm vụ {id} trong báo cáo này.").format(id=row_id), field="tasks"))
            continue
        before = (row.progress, row.prefilled_progress, row.note)
        posted = None
        if "progress" in data and data["progress"] is not None:
            posted = _parse_progress(data["progress"], f"task-{row.pk}-progress", issues)
        # In line with the task first, then what the focal point changed (cchc.reporting.progress).
        task_progress.apply(states[row.pk], progress=posted, base=data.get("base"), seen=data.get("seen"),
                            confirm=bool(data.get("confirm")))
        if "note" in data and data["note"] is not None:
            row.note = str(data["note"]).strip()
        if (row.progress, row.prefilled_progress, row.note) != before:
            changed_rows.append(row)
    for item_id in set(measures) | set(evidence):
        item = items.get(int(item_id))
        if item is None:
            issues.append(Issue(_("Không có chỉ tiêu tự nhập {id} trong báo cáo này.").format(id=item_id), field="measures"))
            continue
        data = measures.get(item_id, {})
        before = (item.value, item.note, item.evidence_sha256)
        if "value" in data:
            ok, value = _parse_value(data["value"], f"measure-{item.pk}-value", issues)
            if ok:
                item.value = value
        if "note" in data and data["note"] is not None:
            item.note = str(data["note"]).strip()
        upload = evidence.get(item_id)
        evidence_files.check_file(upload, f"measure-{item.pk}-evidence", issues, max_bytes)
        if upload is not None:
            uploads.append((item, upload))
        elif (item.value, item.note, item.evidence_sha256) != before:
            changed_items.append(item)
    for code, data in narratives.items():
        text = texts.get(code)
        if text is None:
            issues.append(Issue(_("Không có lĩnh vực «{code}» trong báo cáo này.").format(code=code), field="narratives"))
            continue
        before = tuple(getattr(text, f) for f in NARRATIVE_FIELDS)
        for f in NARRATIVE_FIELDS:
            if f in data and data[f] is not None:
                setattr(text, f, str(data[f]).strip())
        if tuple(getattr(text, f) for f in NARRATIVE_FIELDS) != before:
            changed_texts.append(text)
    if issues:
        raise InvalidInput(issues=issues)
    for item, upload in uploads:  # stored only once everything is known to be valid
        item.evidence_name, item.evidence_sha256, item.evidence_size = evidence_files.store(item.evidence, upload)
        changed_items.append(item)
    # One save per changed row, so the audit trail records each change with its before and after.
    for obj in (*changed_rows, *changed_items, *changed_texts):
        obj.save()
    return report


@transaction.atomic
def add_attachment(*, user, report: UnitReport, upload: UploadedFile, description: str = "",
                   max_bytes: int | None = None) -> Attachment:
    report = _locked_row(report)
    check(user, report, rules.Action.EDIT)
    issues: list[Issue] = []
    evidence_files.check_file(upload, "file", issues, max_bytes)
    if issues:
        raise InvalidInput(issues=issues)
    attachment = Attachment(report=report, description=description.strip()[:255], uploaded_by=user)
    attachment.name, attachment.sha256, attachment.size = evidence_files.store(attachment.file, upload)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, user, attachment: Attachment) -> None:
    """Take a file off an editable report. The stored file stays if another version still lists it."""
    report = _locked_row(attachment.report)
    check(user, report, rules.Action.EDIT)
    name = attachment.file.name
    attachment.delete()
    if not Attachment.objects.filter(file=name).exists():
        attachment.file.storage.delete(name)


def submission_problems(report: UnitReport) -> list[Issue]:
    """What a report must hold before it is sent: a value (or a note saying why there is none) for every
    manual measure, and the results of at least one reform area [I]."""
    issues = []
    for m in report.measures.all():
        if m.value is None and not m.note.strip():
            issues.append(Issue(_("Chỉ tiêu {code}: hãy nhập kết quả, hoặc ghi rõ lý do chưa có số liệu.").format(code=m.target_code),
                                field=f"measure-{m.pk}-value"))
    narratives = list(report.narratives.all())
    if narratives and not any(n.results.strip() for n in narratives):
        issues.append(Issue(_("Hãy ghi kết quả đạt được của ít nhất một lĩnh vực."), field="narratives"))
    return issues


@transaction.atomic
def submit(*, user, report: UnitReport, now: datetime | None = None) -> UnitReport:
    """The unit sends its report (again, after a return). The KPI values and target statuses are taken
    again at this moment. Each task row is compared with its task (cchc.reporting.progress): a progress
    the unit changed is recorded on its assignment as a progress update (cchc.plans.services.report_progress),
    so the plan shows what the report says; a task updated since the row was filled gives the row its newer
    value and is never overwritten; a row changed while its task also moved refuses the submission, naming
    the task, until the focal point confirms it."""
    now = now or timezone.now()
    report = _locked_row(report)
    check(user, report, rules.Action.SUBMIT)
    rows = list(report.task_rows.all())
    assignments = Assignment.objects.select_for_update().in_bulk(
        {r.assignment_id for r in rows if r.assignment_id is not None})
    states = task_progress.row_states(rows, assignments)
    problems = submission_problems(report) + [s.conflict_issue() for s in states.values() if s.sync == rules.TaskSync.CONFLICT]
    if problems:
        raise InvalidInput(issues=problems)
    _snapshot(report.period, [report], None, now)
    for state in states.values():
        row = state.row
        if state.sync == rules.TaskSync.WRITE:
            note = row.note or _("Cập nhật theo báo cáo {label}.").format(label=report.period.label)
            report_progress(user=user, assignment=assignments[row.assignment_id], progress=row.progress, note=note)
            row.prefilled_progress = row.progress  # the task now holds the report's value
        elif state.sync in (rules.TaskSync.TAKE_NEWER, rules.TaskSync.AGREE):
            task_progress.apply(state, progress=None)
        else:
            continue
        row.save()
    first = report.state == ReportState.DRAFT
    report.state = rules.next_state(report.state, rules.Action.SUBMIT).value
    if first:
        report.submitted_at, report.submitted_by = now, user
    else:
        report.resubmitted_at = now
    report.save()
    kind = ReportEvent.Kind.SUBMITTED if first else ReportEvent.Kind.RESUBMITTED
    ReportEvent.objects.create(report=report, kind=kind, actor=user, at=now)
    return report


@transaction.atomic
def return_report(*, user, report: UnitReport, comment: str, now: datetime | None = None) -> UnitReport:
    """The reviewer sends the report back with comments; the unit's focal points get an e-mail."""
    now = now or timezone.now()
    report = _locked_row(report)
    check(user, report, rules.Action.RETURN)
    if not comment.strip():
        raise InvalidInput(issues=[Issue(_("Hãy ghi ý kiến để đơn vị hoàn thiện báo cáo."), field="comment")])
    report.state = rules.next_state(report.state, rules.Action.RETURN).value
    report.returned_at = now
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.RETURNED, actor=user, at=now, comment=comment.strip())
    transaction.on_commit(lambda: notify_returned(report, comment.strip()))
    return report


@transaction.atomic
def approve(*, user, report: UnitReport, comment: str = "", now: datetime | None = None) -> UnitReport:
    """The reviewer accepts the report; from now on it is locked."""
    now = now or timezone.now()
    report = _locked_row(report)
    check(user, report, rules.Action.APPROVE)
    report.state = rules.next_state(report.state, rules.Action.APPROVE).value
    report.approved_at, report.approved_by = now, user
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.APPROVED, actor=user, at=now, comment=comment.strip())
    return report


def _copy(rows, report: UnitReport) -> list:
    copies = []
    for row in rows:
        row.pk = None
        row.id = None
        row.report = report
        copies.append(row)
    return copies


@transaction.atomic
def start_correction(*, user, report: UnitReport, reason: str, now: datetime | None = None) -> UnitReport:
    """Open version n+1 of an approved report, a copy of its content, for the unit to correct and send
    again. The approved version stays locked and readable; both are in the audit trail."""
    now = now or timezone.now()
    report = _locked_row(report)
    check(user, report, rules.Action.CORRECT)
    if not reason.strip():
        raise InvalidInput(issues=[Issue(_("Hãy ghi lý do sửa đổi báo cáo đã duyệt."), field="reason")])
    report.is_current = False
    report.save()
    new = UnitReport.objects.create(period=report.period, unit=report.unit, version=report.version + 1, previous=report,
                                    state=rules.next_state(report.state, rules.Action.CORRECT).value,
                                    prefilled_at=report.prefilled_at)
    TaskRow.objects.bulk_create(_copy(report.task_rows.all(), new))
    ManualMeasure.objects.bulk_create(_copy(report.measures.all(), new))
    KpiSnapshot.objects.bulk_create(_copy(report.kpis.all(), new))
    TargetStatus.objects.bulk_create(_copy(report.target_statuses.all(), new))
    Narrative.objects.bulk_create(_copy(report.narratives.all(), new))
    Attachment.objects.bulk_create(_copy(report.attachments.all(), new))
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CORRECTED, actor=user, at=now, comment=reason.strip())
    ReportEvent.objects.create(report=new, kind=ReportEvent.Kind.CREATED, actor=user, at=now,
                               comment=_("Sửa đổi phiên bản {n}: {reason}").format(n=report.version, reason=reason.strip()))
    return new


def versions_of(report: UnitReport):
    return UnitReport.objects.filter(period_id=report.period_id, unit_id=report.unit_id).order_by("-version")


def current_report(period: ReportingPeriod, unit_id: int) -> UnitReport | None:
    return UnitReport.objects.filter(period=period, unit_id=unit_id, is_current=True).select_related("period", "unit").first()
