"""Yearly PAR plans: areas, targets with thresholds per level, tasks and each unit's progress on them."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.reporting import area_name
from cchc.core.tasks import NEAR_DUE_DAYS, TaskStatus

from .choices import ThresholdLevel


class Transcription(models.TextChoices):
    COMPLETE = "complete", _("Đầy đủ")
    PARTIAL = "partial", _("Nhập một phần")


class Plan(models.Model):
    """A province's yearly PAR plan as issued (kế hoạch or quyết định of the People's Committee)."""

    code = models.CharField(_("mã kế hoạch"), max_length=32, unique=True)
    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveIntegerField(_("năm"))
    document_number = models.CharField(_("số, ký hiệu văn bản"), max_length=64)
    document_date = models.DateField(_("ngày ban hành"))
    document_kind = models.CharField(_("loại văn bản"), max_length=8, default="KH")
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    source_file = models.CharField(_("nguồn"), max_length=255, blank=True)
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)
    transcription = models.CharField(
        _("mức độ nhập liệu"), max_length=16, choices=Transcription.choices, default=Transcription.COMPLETE
    )
    stated_task_count = models.PositiveIntegerField(_("số nhiệm vụ theo văn bản"), null=True, blank=True)
    stated_target_count = models.PositiveIntegerField(_("số chỉ tiêu theo văn bản"), null=True, blank=True)
    transcription_note = models.TextField(_("ghi chú nhập liệu"), blank=True)
    illustrative = models.BooleanField(
        _("kế hoạch minh họa"), default=False,
        help_text=_("Không phải văn bản thật (ví dụ kế hoạch của bản trình diễn): trang nào cũng gắn nhãn, "
                    "và báo cáo chính thức không trích dẫn làm căn cứ."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return f"{self.document_number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.code])


class PlanArea(models.Model):
    """One of the plan's areas (lĩnh vực), normally the seven of the national PAR programme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("mã lĩnh vực"), max_length=16)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_area_code_unique")]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The area's name in the reader's language when it is a standard one (cchc.core.reporting.area_name)."""
        return area_name(self.name)


class Measure(models.TextChoices):
    KPI = "kpi", _("Tính từ dữ liệu (KPI)")
    MANUAL = "manual", _("Đơn vị tự nhập")


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    GT = ">", ">"
    LT = "<", "<"
    EQ = "=", "="


class Target(models.Model):
    """A measurable target (chỉ tiêu) with a comparator and a threshold per level of government."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    # RESTRICT: an area in use cannot be deleted alone, but deleting the whole plan still cascades.
    area = models.ForeignKey(PlanArea, verbose_name=_("lĩnh vực"), on_delete=models.RESTRICT, related_name="targets")
    code = models.CharField(_("mã chỉ tiêu"), max_length=32)
    text = models.TextField(_("nội dung chỉ tiêu"))
    measure = models.CharField(_("cách đo"), max_length=16, choices=Measure.choices)
    kpi_code = models.CharField(_("mã KPI"), max_length=64, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=32, default="%")
    comparator = models.CharField(_("so sánh"), max_length=2, choices=Comparator.choices)
    applies_to = models.JSONField(_("áp dụng cho cấp"), default=list)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="target_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class Threshold(models.Model):
    """The value a target asks of units of one level, in force between two dates."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(_("cấp"), max_length=16, choices=ThresholdLevel.choices)
    value = models.DecimalField(_("ngưỡng"), max_digits=14, decimal_places=4)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("ngưỡng chỉ tiêu")
        verbose_name_plural = _("ngưỡng chỉ tiêu")
        ordering = ["target", "level"]

    def __str__(self) -> str:
        return f"{self.target.code} {self.level} {self.target.comparator} {self.value}"


class Task(models.Model):
    """A task (nhiệm vụ) of the plan: led by named units or by every unit of some levels."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(PlanArea, verbose_name=_("lĩnh vực"), on_delete=models.RESTRICT, related_name="tasks")
    code = models.CharField(_("mã nhiệm vụ"), max_length=32)
    title = models.TextField(_("tên nhiệm vụ"))
    lead_units = models.ManyToManyField("units.Unit", verbose_name=_("đơn vị chủ trì"), related_name="led_tasks", blank=True)
    lead_levels = models.JSONField(_("cấp chủ trì"), default=list, blank=True)
    cooperating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("đơn vị phối hợp"), related_name="cooperating_tasks", blank=True
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    expected_output = models.TextField(_("sản phẩm"), blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("chỉ tiêu liên quan"), related_name="tasks", blank=True)
    source_quote = models.TextField(_("trích dẫn nguồn"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])


class AssignmentQuerySet(models.QuerySet):
    def with_status(self, today: date) -> AssignmentQuerySet:
        """Annotate ``status`` in SQL with the rule of cchc.core.tasks.status_of (tested to agree)."""
        return self.annotate(
            status=Case(
                When(progress=100, then=Value(TaskStatus.DONE.value)),
                When(task__deadline__lt=today, then=Value(TaskStatus.OVERDUE.value)),
                When(progress=0, then=Value(TaskStatus.NOT_STARTED.value)),
                default=Value(TaskStatus.IN_PROGRESS.value),
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: date) -> AssignmentQuerySet:
        return self.filter(progress__lt=100, task__deadline__lt=today)

    def due_soon(self, today: date, days: int = NEAR_DUE_DAYS) -> AssignmentQuerySet:
        """Not done and due within ``days`` from ``today``: cchc.core.tasks.is_due_soon in SQL (tested to agree)."""
        return self.filter(progress__lt=100, task__deadline__gte=today, task__deadline__lte=today + timedelta(days=days))

    def for_unit(self, unit_id: int) -> AssignmentQuerySet:
        return self.filter(unit_id=unit_id)


class Assignment(models.Model):
    """One unit's share of a task: the unit reports its own progress on it, with evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="assignments")
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công thực hiện")
        verbose_name_plural = _("phân công thực hiện")
        ordering = ["task", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique"),
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="assignment_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} — {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("plans:assignment", args=[self.pk])


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"evidence/{instance.assignment.unit_id}/{date.today():%Y/%m}/{filename}"


class ProgressUpdate(models.Model):
    """A report of progress on an assignment, optionally with an evidence file. Never edited: the
    history of a task is the list of its updates."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.TextField(_("nội dung cập nhật"))
    evidence = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assignment} {self.progress}%"
