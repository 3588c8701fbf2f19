"""Use cases of periodic reporting (F3): open a period and prefill each unit's report, edit and submit it,
return it with comments, approve it, correct an approved report (a new version); timeliness per unit and
period; reminders. Who may act is cchc.reporting.permissions; which step a state allows is the pure rule
cchc.core.reporting; every refusal is a domain error the web, the API and the CLI map once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.accounts import permissions
from cchc.analytics.choices import period_name
from cchc.analytics.models import KpiValue
from cchc.core import reporting as rules
from cchc.core import targets as target_rules
from cchc.core.errors import DomainError, InvalidInput, Issue, NotAllowed
from cchc.core.evaluation import evaluate
from cchc.core.kpis import KPI_CODES, periods_of
from cchc.core.levels import UnitKind
from cchc.core.parsing import parse_decimal
from cchc.plans.models import Assignment, Measure, Plan, PlanArea, Target
from cchc.units.models import Unit, UnitLink

from . import permissions as rperm
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

NARRATIVE_FIELDS = ("results", "shortcomings", "causes", "solutions")
REPORTING_UNIT_KINDS = (UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE)


def unit_order(unit: Unit) -> tuple:
    """Departments, then districts, then communes, each in Vietnamese alphabetical order (the databases'
    default collations put "Đ" after "Z")."""
    from cchc.documents.par_report import vi_sort_key

    kinds = {k.value: i for i, k in enumerate(REPORTING_UNIT_KINDS)}
    return kinds.get(unit.kind, len(kinds)), vi_sort_key(unit.name), unit.pk


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


# --- periods --------------------------------------------------------------------------------------

def period_dates(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """The first and last day of the ``number``-th period of ``kind`` in ``year`` (quarters 1–4; the
    others have one period a year), the same dates as the KPI periods (cchc.core.kpis.periods_of)."""
    periods = periods_of(year, kind)
    if not 1 <= number <= len(periods):
        raise ValueError(f"{kind} {year} has no period {number}")
    return periods[number - 1]


def plans_in_force(period: ReportingPeriod) -> list[Plan]:
    """The province's PAR plans for the period's year, and those of the provinces it took over (a
    province formed on 1/7/2025 reports on its predecessors' plans of 2025), as the province's report
    reads them (cchc.documents.par_report): their tasks and targets fill the reports."""
    provinces = {period.province_id} | set(
        UnitLink.objects.filter(successor_id=period.province_id).values_list("predecessor_id", flat=True))
    return list(Plan.objects.filter(province_id__in=provinces, year=period.year).order_by("code"))


def reporting_units(province: Unit, start: date, end: date):
    """The units of ``province`` that may be asked to report over [start, end]: its departments,
    districts and communes that existed then (the province's People's Committee receives the reports)."""
    return (Unit.objects.filter(province=province, kind__in=REPORTING_UNIT_KINDS).valid_during(start, end)
            .order_by("kind", "name"))


@transaction.atomic
def open_period(*, user, province: Unit, kind: str, year: int, number: int = 1, deadline: date,
                units: Iterable[Unit], note: str = "", now: datetime | None = None) -> ReportingPeriod:
    """Open a reporting period and give each unit that must report its version-1 report, prefilled with
    what the system knows (task progress, manual targets to fill, KPI values and target statuses)."""
    permissions.require(rperm.can_manage_periods(user))
    now = _now(now)
    issues: list[Issue] = []
    units = list(units)
    start = end = None
    if kind not in rules.REPORTING_KINDS:
        issues.append(Issue(_("Loại kỳ báo cáo không hợp lệ «{kind}».").format(kind=kind), field="kind"))
    else:
        try:
            start, end = period_dates(kind, year, number)
        except ValueError:
            issues.append(Issue(_("Kỳ báo cáo không hợp lệ."), field="number"))
    if province.kind != UnitKind.PROVINCE:
        issues.append(Issue(_("Kỳ báo cáo được mở cho một tỉnh."), field="province"))
    if start is not None:
        if deadline < start:
            issues.append(Issue(_("Hạn gửi báo cáo không được trước ngày đầu kỳ ({day}).").format(day=f"{start:%d/%m/%Y}"),
                                field="deadline"))
        allowed_ids = set(reporting_units(province, start, end).values_list("pk", flat=True))
        for unit in units:
            if unit.pk not in allowed_ids:
                issues.append(Issue(_("«{unit}» không phải đơn vị của {province} trong kỳ này.").format(
                    unit=unit.name, province=province.name), field="units"))
        if ReportingPeriod.objects.filter(province=province, kind=kind, start=start).exists():
            issues.append(Issue(_("Kỳ báo cáo {label} của {province} đã được mở.").format(
                label=period_name(kind, start), province=province.name), field="kind"))
    if not units:
        issues.append(Issue(_("Hãy chọn ít nhất một đơn vị phải báo cáo."), field="units"))
    if issues:
        raise InvalidInput(issues=issues)
    period = ReportingPeriod.objects.create(province=province, kind=kind, year=year, start=start, end=end,
                                            deadline=deadline, note=note.strip(), opened_by=user)
    period.units.set(units)
    reports = []
    for unit in sorted(units, key=unit_order):
        report = UnitReport.objects.create(period=period, unit=unit, prefilled_at=now)
        reports.append(report)
    ReportEvent.objects.bulk_create([ReportEvent(report=r, kind=ReportEvent.Kind.CREATED, actor=user, at=now) for r in reports])
    _prefill(period, reports, now)
    return period


def _set_period_state(user, period: ReportingPeriod, state: str, now: datetime | None) -> ReportingPeriod:
    permissions.require(rperm.can_manage_periods(user))
    period.state = state
    period.closed_at = _now(now) if state == ReportingPeriod.State.CLOSED else None
    period.save(update_fields=["state", "closed_at"])
    return period


def close_period(*, user, period: ReportingPeriod, now: datetime | None = None) -> ReportingPeriod:
    """No report of a closed period moves any more (cchc.core.reporting.allowed)."""
    return _set_period_state(user, period, ReportingPeriod.State.CLOSED, now)


def reopen_period(*, user, period: ReportingPeriod) -> ReportingPeriod:
    return _set_period_state(user, period, ReportingPeriod.State.OPEN, None)


# --- prefill --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    area: PlanArea | None


def report_areas(period: ReportingPeriod, plans: list[Plan]) -> list[_Area]:
    """The reform areas a report is written by: the areas of the plans in force (in plan order, one per
    code); without a plan this year, those of the province's latest earlier plan; else the standard
    seven (cchc.core.reporting.DEFAULT_AREAS)."""
    source = plans or list(Plan.objects.filter(province=period.province, year__lt=period.year).order_by("-year", "code")[:1])
    areas: dict[str, _Area] = {}
    for area in PlanArea.objects.filter(plan__in=source).order_by("plan__code", "order"):
        areas.setdefault(area.code, _Area(area.code, area.name, area))
    if not areas:
        return [_Area(code, name, None) for code, name in rules.DEFAULT_AREAS]
    return list(areas.values())


def _prefill(period: ReportingPeriod, reports: list[UnitReport], now: datetime) -> None:
    """Fill new reports in a few queries whatever their number: the units' assignments of the plans in
    force, one row per manual target that applies to the unit's level, one narrative per area, and the
    KPI values and target statuses (``_snapshot``)."""
    plans = plans_in_force(period)
    by_unit = {r.unit_id: r for r in reports}
    rows = []
    assignments = (Assignment.objects.filter(task__plan__in=plans, unit_id__in=by_unit)
                   .select_related("task", "task__area", "task__plan")
                   .order_by("task__plan__code", "task__area__order", "task__order", "task__code"))
    for order, a in enumerate(assignments):
        rows.append(TaskRow(report=by_unit[a.unit_id], assignment=a, plan_code=a.task.plan.code, area_code=a.task.area.code,
                            task_code=a.task.code, task_title=a.task.title, deadline=a.task.deadline,
                            prefilled_progress=a.progress, progress=a.progress, order=order))
    TaskRow.objects.bulk_create(rows)

    targets = list(Target.objects.filter(plan__in=plans).select_related("area", "plan").prefetch_related("thresholds")
                   .order_by("plan__code", "area__order", "order"))
    manual = [t for t in targets if t.measure == Measure.MANUAL or not t.kpi_code]
    measures = []
    for report in reports:
        for order, target in enumerate(manual):
            if report.unit.level not in target.applies_to:
                continue
            threshold = _threshold(target, report.unit.level, period.end)
            measures.append(ManualMeasure(
                report=report, target=target, target_code=target.code, target_text=target.text, area_code=target.area.code,
                unit_of_measure=target.unit_of_measure, comparator=target.comparator,
                threshold=threshold.value if threshold else None, order=order))
    ManualMeasure.objects.bulk_create(measures)

    areas = report_areas(period, plans)
    Narrative.objects.bulk_create([
        Narrative(report=r, area=a.area, area_code=a.code, area_name=a.name, order=i)
        for r in reports for i, a in enumerate(areas)
    ])
    _snapshot(period, reports, [t for t in targets if t not in manual], now)


def _threshold(target: Target, level: str, on: date) -> target_rules.Threshold | None:
    thresholds = [target_rules.Threshold(t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all()]
    return target_rules.threshold_for(thresholds, level, on)


def _snapshot(period: ReportingPeriod, reports: list[UnitReport], kpi_targets: list[Target] | None, now: datetime) -> None:
    """Copy the units' KPI values for the period and evaluate the KPI-bound targets for them, each with
    the as-of stamp of the value it used. Replaces what an earlier snapshot of these reports held.

    The KPI table holds the period's own values (a unit's figure includes the units under it, see
    cchc.analytics). A target is judged on the year-to-date value ending with the period, projected to the
    year's end by the share of the year elapsed (cchc.core.reporting.year_to_date, cchc.core.evaluation),
    as the province's report does (cchc.documents.par_report), so both say the same.
    """
    if kpi_targets is None:
        kpi_targets = [t for t in Target.objects.filter(plan__in=plans_in_force(period), measure=Measure.KPI)
                       .exclude(kpi_code="").select_related("area", "plan").prefetch_related("thresholds")
                       .order_by("plan__code", "area__order", "order")]
    KpiSnapshot.objects.filter(report__in=reports).delete()
    TargetStatus.objects.filter(report__in=reports).delete()
    unit_ids = [r.unit_id for r in reports]
    values: dict[int, dict[str, KpiValue]] = defaultdict(dict)
    for v in KpiValue.objects.filter(unit_id__in=unit_ids, period_kind=period.kind, period_start=period.start):
        values[v.unit_id][v.kpi_code] = v
    ytd_kind, ytd_start = rules.year_to_date(period.kind, period.start, period.end)
    ytd = values
    if (ytd_kind, ytd_start) != (period.kind, period.start):
        ytd = defaultdict(dict)
        for v in KpiValue.objects.filter(unit_id__in=unit_ids, period_kind=ytd_kind, period_start=ytd_start,
                                         kpi_code__in={t.kpi_code for t in kpi_targets}):
            ytd[v.unit_id][v.kpi_code] = v
    position = {code: i for i, code in enumerate(KPI_CODES)}
    elapsed = rules.share_of_year(ytd_start, period.end)
    kpis, statuses = [], []
    for report in reports:
        mine = values.get(report.unit_id, {})
        for code, v in sorted(mine.items(), key=lambda item: (position.get(item[0], len(position)), item[0])):
            kpis.append(KpiSnapshot(report=report, kpi_code=code, definition_version=v.definition_version,
                                    numerator=v.numerator, denominator=v.denominator, value=v.value, as_of=v.as_of,
                                    order=position.get(code, len(position))))
        mine_ytd = ytd.get(report.unit_id, {})
        for order, target in enumerate(kpi_targets):
            if report.unit.level not in target.applies_to:
                continue
            threshold = _threshold(target, report.unit.level, period.end)
            if threshold is None:
                continue
            stored = mine_ytd.get(target.kpi_code)
            result = evaluate(stored.value if stored else None, target.comparator, threshold.value,
                              is_rate=target.unit_of_measure.strip() == "%", elapsed=elapsed)
            statuses.append(TargetStatus(
                report=report, target=target, target_code=target.code, target_text=target.text,
                area_code=target.area.code, kpi_code=target.kpi_code, unit_of_measure=target.unit_of_measure,
                comparator=target.comparator, threshold=threshold.value, value=result.value,
                projection=result.projection, verdict=result.verdict.value, as_of=stored.as_of if stored else None,
                order=order))
    KpiSnapshot.objects.bulk_create(kpis)
    TargetStatus.objects.bulk_create(statuses)
    UnitReport.objects.filter(pk__in=[r.pk for r in reports]).update(prefilled_at=now)
    for r in reports:
        r.prefilled_at = now


# --- the workflow ---------------------------------------------------------------------------------

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


def _store_file(field, upload: UploadedFile) -> tuple[str, str, int]:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = Path(upload.name).name[:255]
    field.save(f"{digest.hexdigest()[:16]}{Path(upload.name).suffix.lower()[:10]}", upload, save=False)
    return name, digest.hexdigest(), upload.size


def _check_file(upload: UploadedFile | None, field: str, issues: list[Issue], max_bytes: int | None) -> None:
    if upload is None:
        return
    from .forms import EVIDENCE_EXTENSIONS

    if Path(upload.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        issues.append(Issue(_("Loại tệp không được chấp nhận: {name}.").format(name=upload.name), field=field))
    limit = max_bytes if max_bytes is not None else settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        issues.append(Issue(_("Tệp vượt quá {mb} MB.").format(mb=limit // 2**20), field=field))


@transaction.atomic
def save_report(*, user, report: UnitReport, tasks: Mapping[int, Mapping] | None = None,
                measures: Mapping[int, Mapping] | None = None, narratives: Mapping[str, Mapping] | None = None,
                evidence: Mapping[int, UploadedFile] | None = None, max_bytes: int | None = None) -> UnitReport:
    """Save the editable parts of a report: task progress and notes (by row id), manual measures (value,
    note, evidence file; by id) and narratives (by area code, the four texts). Only what is given
    changes, every problem is reported at once and nothing is written if there is one."""
    report = _locked_row(report)
    check(user, report, rules.Action.EDIT)
    tasks, measures, narratives, evidence = tasks or {}, measures or {}, narratives or {}, evidence or {}
    issues: list[Issue] = []
    rows = {r.pk: r for r in report.task_rows.all()}
    items = {m.pk: m for m in report.measures.all()}
    texts = {n.area_code: n for n in report.narratives.all()}
    changed_rows, changed_items, changed_texts = [], [], []
    uploads: list[tuple[ManualMeasure, UploadedFile]] = []
    for row_id, data in tasks.items():
        row = rows.get(int(row_id))
        if row is None:
            issues.append(Issue(_("Không có dòng nhiệm vụ {id} trong báo cáo này.").format(id=row_id), field="tasks"))
            continue
        before = (row.progress, row.note)
        if "progress" in data and data["progress"] is not None:
            progress = _parse_progress(data["progress"], f"task-{row.pk}-progress", issues)
            if progress is not None:
                row.progress = progress
        if "note" in data and data["note"] is not None:
            row.note = str(data["note"]).strip()
        if (row.progress, row.note) != before:
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
        _check_file(upload, f"measure-{item.pk}-evidence", issues, max_bytes)
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
        item.evidence_name, item.evidence_sha256, item.evidence_size = _store_file(item.evidence, upload)
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
    _check_file(upload, "file", issues, max_bytes)
    if issues:
        raise InvalidInput(issues=issues)
    attachment = Attachment(report=report, description=description.strip()[:255], uploaded_by=user)
    attachment.name, attachment.sha256, attachment.size = _store_file(attachment.file, upload)
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
    again at this moment; a task progress the unit changed is recorded on its assignment as a progress
    update (cchc.plans.services.report_progress), so the plan shows what the report says."""
    from cchc.plans.services import report_progress

    now = _now(now)
    report = _locked_row(report)
    check(user, report, rules.Action.SUBMIT)
    problems = submission_problems(report)
    if problems:
        raise InvalidInput(issues=problems)
    _snapshot(report.period, [report], None, now)
    for row in report.task_rows.select_related("assignment"):
        if row.assignment is not None and row.assignment.progress != row.progress:
            note = row.note or _("Cập nhật theo báo cáo {label}.").format(label=report.period.label)
            report_progress(user=user, assignment=row.assignment, progress=row.progress, note=note)
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
    now = _now(now)
    report = _locked_row(report)
    check(user, report, rules.Action.RETURN)
    if not comment.strip():
        raise InvalidInput(issues=[Issue(_("Hãy ghi ý kiến để đơn vị hoàn thiện báo cáo."), field="comment")])
    report.state = rules.next_state(report.state, rules.Action.RETURN).value
    report.returned_at = now
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.RETURNED, actor=user, at=now, comment=comment.strip())
    from .notifications import notify_returned

    transaction.on_commit(lambda: notify_returned(report, comment.strip()))
    return report


@transaction.atomic
def approve(*, user, report: UnitReport, comment: str = "", now: datetime | None = None) -> UnitReport:
    """The reviewer accepts the report; from now on it is locked."""
    now = _now(now)
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
    now = _now(now)
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


# --- timeliness -----------------------------------------------------------------------------------

class TimelinessRow(NamedTuple):
    unit: Unit
    status: str  # cchc.core.reporting.Timeliness
    submitted_at: datetime | None


def timeliness(period: ReportingPeriod, today: date | None = None) -> list[TimelinessRow]:
    """Each unit that must report, with its timeliness (on time / late / missing / pending) and the
    moment of its first submission in the period (cchc.core.reporting.timeliness_of). Two queries."""
    today = today or timezone.localdate()
    first = dict(UnitReport.objects.filter(period=period).values("unit_id").annotate(first=Min("submitted_at"))
                 .values_list("unit_id", "first"))
    out = []
    for unit in sorted(period.units.all(), key=unit_order):
        submitted_at = first.get(unit.pk)
        status = rules.timeliness_of(period.deadline, _local_date(submitted_at) if submitted_at else None, today)
        out.append(TimelinessRow(unit, status.value, submitted_at))
    return out


def timeliness_rate(period: ReportingPeriod, today: date | None = None) -> Decimal | None:
    """The share of units that reported on time (%), a KPI of reporting computed from the reports
    themselves (cchc.core.reporting.timeliness_rate); None while no unit's status is decided."""
    return rules.timeliness_rate(row.status for row in timeliness(period, today))


@dataclass(frozen=True)
class OverviewRow:
    unit: Unit
    report: UnitReport | None
    status: str
    submitted_at: datetime | None


def period_overview(period: ReportingPeriod, today: date | None = None) -> list[OverviewRow]:
    """The period page's table: every unit, its current report and its timeliness."""
    current = {r.unit_id: r for r in UnitReport.objects.filter(period=period, is_current=True)}
    return [OverviewRow(row.unit, current.get(row.unit.pk), row.status, row.submitted_at) for row in timeliness(period, today)]
