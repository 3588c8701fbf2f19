"""Inspections of PAR work (issue 14 item 1): a yearly plan per block with the units drawn for it, each
inspection's record and results notice, its findings, and the remediation of each finding to closure."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.inspection import DEFAULT_RANDOM_SHARE, DEFAULT_SHARE
from cchc.units.choices import BlockChoices

from .choices import (
    AREA_CHOICES,
    ChosenBy,
    InspectionStatus,
    Mode,
    PlanStatus,
    RemediationStatus,
    Severity,
)


class InspectionPlan(models.Model):
    """The PAR officer's inspection plan of one year for one block of a province (DOMAIN §12.1, §12.5):
    the share to inspect (seed 000: at least 30%), the risk weights and the random part used, and the seed
    of the draw, so that the same draw can be made again and checked (cchc.core.inspection.draw_sample)."""

    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    block = models.CharField(_("khối"), max_length=16, choices=BlockChoices.choices)
    share = models.DecimalField(_("tỷ lệ đơn vị được kiểm tra"), max_digits=4, decimal_places=3, default=DEFAULT_SHARE)
    random_share = models.DecimalField(_("tỷ lệ chọn ngẫu nhiên trong mẫu"), max_digits=4, decimal_places=3,
                                       default=DEFAULT_RANDOM_SHARE)
    seed = models.CharField(_("hạt giống ngẫu nhiên"), max_length=64,
                            help_text=_("Ghi lại để rút mẫu lại cho cùng kết quả."))
    weights = models.JSONField(_("trọng số các yếu tố rủi ro"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    drawn_at = models.DateTimeField(_("rút mẫu lúc"), auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người rút mẫu"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")
        ordering = ["-year", "block"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "block"], name="inspection_plan_once_per_block"),
            models.CheckConstraint(condition=models.Q(share__gt=0, share__lte=1), name="inspection_plan_share_range"),
            models.CheckConstraint(condition=models.Q(random_share__gte=0, random_share__lte=1),
                                   name="inspection_plan_random_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_block_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan", args=[self.pk])

    @property
    def share_percent(self) -> Decimal:
        return (self.share * 100).normalize()

    @property
    def inputs_start(self):
        """The period whose stored figures the risk inputs read: the year before the plan's."""
        from datetime import date

        return date(self.year - 1, 1, 1)


class PlanUnit(models.Model):
    """A unit in a plan: why it was chosen (risk, random, unannounced, added or swapped by the officer with
    a reason) and the risk inputs and score as they were at the draw (a snapshot: later figures do not
    change why it was chosen). A unit swapped out stays, withdrawn, with the reason."""

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    chosen_by = models.CharField(_("lý do chọn"), max_length=16, choices=ChosenBy.choices)
    reason = models.TextField(_("lý do"), blank=True, help_text=_("Lý do người lập kế hoạch ghi khi bổ sung, thay thế."))
    replaces = models.ForeignKey("self", verbose_name=_("thay cho"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    seed = models.CharField(_("hạt giống ngẫu nhiên"), max_length=80, blank=True,
                            help_text=_("Hạt giống của lần rút kiểm tra đột xuất."))
    risk_score = models.DecimalField(_("điểm rủi ro"), max_digits=6, decimal_places=2, null=True, blank=True)
    risk_inputs = models.JSONField(_("các yếu tố rủi ro khi rút mẫu"), default=dict, blank=True)
    withdrawn = models.BooleanField(_("đã rút khỏi kế hoạch"), default=False)
    withdrawn_reason = models.TextField(_("lý do rút khỏi kế hoạch"), blank=True)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["plan", "withdrawn", "-risk_score", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="inspection_plan_unit_once")]

    def __str__(self) -> str:
        return f"{self.plan} — {self.unit}"


class Inspection(models.Model):
    """One unit's inspection: how (on site or by report), by whom, when; its record (participants, content
    checked per reform area, recommendations) and results notice (DOMAIN §12.5 [K])."""

    plan_unit = models.OneToOneField(PlanUnit, verbose_name=_("đơn vị trong kế hoạch"), on_delete=models.CASCADE,
                                     related_name="inspection")
    mode = models.CharField(_("hình thức"), max_length=16, choices=Mode.choices, default=Mode.ON_SITE)
    team = models.TextField(_("thành viên đoàn kiểm tra"), blank=True, help_text=_("Mỗi người một dòng: họ tên, chức vụ."))
    scheduled_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    held_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    participants = models.TextField(_("thành phần tham dự của đơn vị"), blank=True)
    content = models.JSONField(_("nội dung kiểm tra theo lĩnh vực"), default=dict, blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    record_number = models.PositiveIntegerField(_("số biên bản"), null=True, blank=True)
    notice_number = models.PositiveIntegerField(_("số thông báo"), null=True, blank=True)
    notice_issued_on = models.DateField(_("ngày thông báo kết quả"), null=True, blank=True)
    notice_actions = models.TextField(_("yêu cầu khắc phục trong thông báo"), blank=True)
    notice_deadline = models.DateField(_("hạn báo cáo khắc phục"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập biên bản"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return str(self.plan_unit)

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection", args=[self.pk])

    @property
    def unit(self):
        return self.plan_unit.unit

    @property
    def held(self) -> bool:
        return self.held_on is not None and self.status != InspectionStatus.PLANNED


class Finding(models.Model):
    """A shortcoming an inspection found, in one reform area, with its severity; remedied through its
    remediation item (``remediation``)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE,
                                   related_name="findings")
    area = models.CharField(_("lĩnh vực"), max_length=16, choices=AREA_CHOICES)
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices, default=Severity.MAJOR)
    text = models.TextField(_("nội dung tồn tại, hạn chế"))
    found_on = models.DateField(_("ngày phát hiện"))

    class Meta:
        verbose_name = _("tồn tại qua kiểm tra")
        verbose_name_plural = _("tồn tại qua kiểm tra")
        ordering = ["inspection", "pk"]
        indexes = [models.Index(fields=["found_on"])]

    def __str__(self) -> str:
        return self.text[:80]


class RemediationItem(models.Model):
    """What the unit must do about a finding, by when; its evidence; closed only by the inspector's
    confirmation (``closed_by``, ``closed_at``), which is what "remedied within the year" counts
    (cchc.core.inspection.remedied_within_year)."""

    finding = models.OneToOneField(Finding, verbose_name=_("tồn tại"), on_delete=models.CASCADE,
                                   related_name="remediation")
    owner = models.ForeignKey("units.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT,
                              related_name="+")
    action = models.TextField(_("yêu cầu khắc phục"), blank=True)
    deadline = models.DateField(_("hạn khắc phục"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=RemediationStatus.choices,
                              default=RemediationStatus.OPEN)
    evidence = models.TextField(_("kết quả khắc phục, minh chứng"), blank=True)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to="inspections/evidence/", blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, blank=True)
    evidence_size = models.PositiveBigIntegerField(_("dung lượng tệp"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("đơn vị báo cáo lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    inspector_note = models.TextField(_("ý kiến của đoàn kiểm tra"), blank=True)
    closed_at = models.DateTimeField(_("xác nhận khắc phục lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("việc khắc phục")
        verbose_name_plural = _("việc khắc phục")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.owner} — {self.finding}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:item", args=[self.pk])
