"""Periodic PAR reporting (F3): reporting periods opened by the Department of Home Affairs, each unit's
report for a period with its content, the review workflow, reminders and the generated documents.

A report is a record: what the system knew when it was filled (task progress, KPI values, target
statuses) is copied into it with its as-of stamp, and names of tasks, targets and areas are copied too,
so a report reads the same after a plan is re-imported or a KPI recomputed. The workflow rules are pure
(cchc.core.reporting); who may act is cchc.reporting.permissions.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.analytics.choices import period_name
from cchc.core import reporting as rules
from cchc.core.i18n import render
from cchc.plans.choices import VerdictChoices

from .choices import ReportingKind


class ReportingPeriod(models.Model):
    """A reporting period opened by the PAR officer: its dates (those of the KPI periods of the same
    kind), the deadline for the units' reports and the units that must report."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")

    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="reporting_periods")
    kind = models.CharField(_("loại kỳ"), max_length=16, choices=ReportingKind.choices)
    year = models.PositiveIntegerField(_("năm"))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn gửi báo cáo"))
    units = models.ManyToManyField("units.Unit", verbose_name=_("đơn vị phải báo cáo"), related_name="reporting_periods_due")
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("yêu cầu, hướng dẫn"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người mở kỳ"), on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["province", "kind", "start"], name="reporting_period_unique"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="reporting_period_range"),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.province}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:period", args=[self.pk])

    @property
    def label(self) -> str:
        """How reports name the period: "Quý I/2026", "6 tháng 2026", …"""
        return period_name(self.kind, self.start)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ReportState(models.TextChoices):
    DRAFT = rules.State.DRAFT.value, _("Đang soạn")
    SUBMITTED = rules.State.SUBMITTED.value, _("Đã gửi")
    RETURNED = rules.State.RETURNED.value, _("Bị trả lại")
    RESUBMITTED = rules.State.RESUBMITTED.value, _("Đã gửi lại")
    APPROVED = rules.State.APPROVED.value, _("Đã duyệt")


class UnitReport(models.Model):
    """One version of a unit's report for a period. Version 1 is made when the period is opened; a
    correction of an approved report makes version n+1 with a copy of its content (the approved version
    stays locked, as it was). ``is_current`` marks the version that moves through the workflow."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="unit_reports")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    previous = models.OneToOneField("self", verbose_name=_("sửa đổi từ phiên bản"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="correction")
    is_current = models.BooleanField(_("phiên bản hiện hành"), default=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    prefilled_at = models.DateTimeField(_("số liệu lấy lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    resubmitted_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "version"], name="unit_report_version_unique"),
            models.UniqueConstraint(fields=["period", "unit"], condition=Q(is_current=True), name="unit_report_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period.label} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return rules.is_locked(self.state)


class TaskRow(models.Model):
    """The unit's progress on one of its assignments, prefilled from the plan and adjusted by the unit.
    ``prefilled_progress`` is the task's progress the row was filled with (or last brought in line with):
    on submission only a progress the unit changed from it is recorded on the assignment, never an older
    value over a newer update (cchc.reporting.progress)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="task_rows")
    assignment = models.ForeignKey("plans.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    plan_code = models.CharField(_("kế hoạch"), max_length=32)
    area_code = models.CharField(_("mã lĩnh vực"), max_length=16)
    task_code = models.CharField(_("mã nhiệm vụ"), max_length=32)
    task_title = models.TextField(_("nhiệm vụ"))
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    prefilled_progress = models.PositiveSmallIntegerField(_("tiến độ theo hệ thống (%)"), default=0)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.TextField(_("kết quả thực hiện"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ trong báo cáo")
        verbose_name_plural = _("tiến độ nhiệm vụ trong báo cáo")
        ordering = ["report", "order"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="task_row_progress_range")]

    def __str__(self) -> str:
        return f"{self.task_code} {self.progress}%"


def measure_evidence_path(instance: ManualMeasure, filename: str) -> str:
    return f"reports/{instance.report.unit_id}/{date.today():%Y/%m}/{filename}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"reports/{instance.report.unit_id}/{date.today():%Y/%m}/{filename}"


class ManualMeasure(models.Model):
    """A measure no system computes (a target without a KPI binding), entered by the unit with evidence."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="measures")
    target = models.ForeignKey("plans.Target", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_code = models.CharField(_("mã chỉ tiêu"), max_length=32)
    target_text = models.TextField(_("chỉ tiêu"))
    area_code = models.CharField(_("mã lĩnh vực"), max_length=16)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=32, default="%")
    comparator = models.CharField(_("so sánh"), max_length=2)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=14, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("kết quả"), max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("cách tính, nguồn số liệu"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to=measure_evidence_path, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu đơn vị tự nhập")
        verbose_name_plural = _("số liệu đơn vị tự nhập")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return f"{self.target_code}: {self.value}"


class KpiSnapshot(models.Model):
    """A KPI value of the unit for the period, copied with its as-of stamp (read-only in the report)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="kpis")
    kpi_code = models.CharField(_("mã chỉ số"), max_length=64)
    definition_version = models.PositiveSmallIntegerField(_("phiên bản định nghĩa"))
    numerator = models.BigIntegerField(_("tử số"), null=True, blank=True)
    denominator = models.BigIntegerField(_("mẫu số"), null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=4, null=True, blank=True)
    as_of = models.DateTimeField(_("số liệu tính lúc"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ số trong báo cáo")
        verbose_name_plural = _("chỉ số trong báo cáo")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return f"{self.kpi_code}: {self.value}"


class TargetStatus(models.Model):
    """A KPI-bound target evaluated for the unit over the period (cchc.core.evaluation), copied with
    the as-of stamp of the KPI value it used (read-only in the report)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="target_statuses")
    target = models.ForeignKey("plans.Target", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_code = models.CharField(_("mã chỉ tiêu"), max_length=32)
    target_text = models.TextField(_("chỉ tiêu"))
    area_code = models.CharField(_("mã lĩnh vực"), max_length=16)
    kpi_code = models.CharField(_("mã chỉ số"), max_length=64)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=32, default="%")
    comparator = models.CharField(_("so sánh"), max_length=2)
    threshold = models.DecimalField(_("ngưỡng"), max_digits=14, decimal_places=4)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4, null=True, blank=True)
    projection = models.DecimalField(_("dự báo cuối năm"), max_digits=14, decimal_places=4, null=True, blank=True)
    verdict = models.CharField(_("đánh giá"), max_length=16, choices=VerdictChoices.choices)
    provisional = models.BooleanField(_("tạm tính"), default=False)  # the period had not settled
    as_of = models.DateTimeField(_("số liệu tính lúc"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("đánh giá chỉ tiêu trong báo cáo")
        verbose_name_plural = _("đánh giá chỉ tiêu trong báo cáo")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return f"{self.target_code}: {self.verdict}"


class Narrative(models.Model):
    """What the unit writes for one reform area: results, shortcomings, their causes, solutions."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="narratives")
    area = models.ForeignKey("plans.PlanArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area_code = models.CharField(_("mã lĩnh vực"), max_length=16)
    area_name = models.CharField(_("lĩnh vực"), max_length=255)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    solutions = models.TextField(_("giải pháp, kiến nghị"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung theo lĩnh vực")
        verbose_name_plural = _("nội dung theo lĩnh vực")
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "area_code"], name="narrative_area_unique")]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The area's name in the reader's language when it is a standard one (cchc.core.reporting.area_name)."""
        return rules.area_name(self.area_name)

    @property
    def is_empty(self) -> bool:
        return not any(s.strip() for s in (self.results, self.shortcomings, self.causes, self.solutions))


class Attachment(models.Model):
    """A file the unit attaches to its report (evidence, the signed report, annexes)."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    name = models.CharField(_("tên tệp"), max_length=255)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportEvent(models.Model):
    """A step of a report's history: created, submitted, returned (with the reviewer's comments),
    resubmitted, approved, corrected. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo báo cáo")
        SUBMITTED = "submitted", _("Gửi báo cáo")
        RETURNED = "returned", _("Trả lại để hoàn thiện")
        RESUBMITTED = "resubmitted", _("Gửi lại báo cáo")
        APPROVED = "approved", _("Duyệt báo cáo")
        CORRECTED = "corrected", _("Mở phiên bản sửa đổi")

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"


class Reminder(models.Model):
    """A reminder e-mailed to a unit's focal points about its report of a period (so the command, run
    every day, does not repeat itself)."""

    class Kind(models.TextChoices):
        BEFORE = rules.Reminder.BEFORE.value, _("Nhắc trước hạn")
        OVERDUE = rules.Reminder.OVERDUE.value, _("Nhắc quá hạn")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    sent_on = models.DateField(_("ngày gửi"))
    recipients = models.TextField(_("người nhận"))

    class Meta:
        verbose_name = _("thư nhắc báo cáo")
        verbose_name_plural = _("thư nhắc báo cáo")
        ordering = ["period", "unit", "sent_on"]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.sent_on}"


def generated_path(instance: GeneratedDocument, filename: str) -> str:
    return f"reports/generated/{instance.created_at or date.today():%Y/%m}/{instance.pk or 'new'}-{filename}"


class GeneratedDocument(models.Model):
    """The official documents generated for a period (the province's report) or for one approved unit
    report: DOCX, XLSX annexes and PDF, built by a background job (cchc.platform.jobs) whose progress the page follows."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Không tạo được")

    STEP_NAMES = (_("Thu thập số liệu"), _("Tạo văn bản Word (DOCX)"), _("Tạo phụ lục Excel (XLSX)"), _("Chuyển sang PDF"))
    STEPS = len(STEP_NAMES)

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="documents")
    report = models.ForeignKey(UnitReport, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    options = models.JSONField(_("thông tin văn bản"), default=dict, blank=True)
    docx = models.FileField(upload_to=generated_path, blank=True)
    xlsx = models.FileField(upload_to=generated_path, blank=True)
    pdf = models.FileField(upload_to=generated_path, blank=True)
    #: Why generation failed: message ids and parameters (cchc.platform.errors.job_records), shown in each
    #: reader's language (``error_texts``), as an import job keeps its issues.
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản báo cáo đã tạo")
        verbose_name_plural = _("văn bản báo cáo đã tạo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period.label} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.step / self.STEPS)

    @property
    def step_name(self) -> str:
        return str(self.STEP_NAMES[self.step]) if self.step < self.STEPS else ""

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def error_texts(self) -> list[str]:
        """Why generation failed, in the reader's language (cchc.core.i18n.render of each stored message)."""
        return [render(entry) for entry in self.errors]

    @property
    def error(self) -> str:
        return "; ".join(self.error_texts)

    def file_of(self, kind: str):
        return {"docx": self.docx, "xlsx": self.xlsx, "pdf": self.pdf}[kind]
