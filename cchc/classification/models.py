"""Recorded reminders and the yearly classification proposals (F13), both audited (django-auditlog)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.i18n import render

from .choices import LevelChoices, ReminderAbout, level_label


class Reminder(models.Model):
    """A reminder (nhắc nhở, chấn chỉnh) the province gave a unit: who, when, which unit, about what, and
    the dossiers or the figure it was about. Seed 003's cap reads those about late dossiers
    (cchc.core.classification.repeat_late_cap)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="classification_reminders")
    on = models.DateField(_("ngày nhắc nhở"))
    about = models.CharField(_("về việc"), max_length=32, choices=ReminderAbout.choices,
                             default=ReminderAbout.LATE_DOSSIERS)
    text = models.TextField(_("nội dung"))
    document = models.CharField(_("văn bản nhắc nhở (số, ký hiệu)"), max_length=128, blank=True)
    dossiers = models.ManyToManyField("dossiers.Dossier", verbose_name=_("hồ sơ liên quan"), blank=True,
                                      related_name="+")
    kpi_code = models.CharField(_("chỉ số liên quan"), max_length=64, blank=True)
    period_kind = models.CharField(_("loại kỳ"), max_length=16, blank=True)
    period_start = models.DateField(_("kỳ bắt đầu"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc nhở, chấn chỉnh")
        verbose_name_plural = _("nhắc nhở, chấn chỉnh")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["unit", "on"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("classification:reminders") + f"#reminder-{self.pk}"


class Proposal(models.Model):
    """A unit's proposed classification for a year: the rule version in force, every input as it was read
    (``inputs``), the level the rules propose with each cap and its reason (``caps``: stored messages,
    rendered in the reader's language), and the PAR officer's confirmed level (an override needs a reason).
    Computed by cchc.classification.services.run (again on each run: the confirmation stays)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="classification_proposals")
    year = models.PositiveSmallIntegerField(_("năm"))
    block = models.CharField(_("khối"), max_length=16)
    version = models.CharField(_("văn bản áp dụng"), max_length=16)
    inputs = models.JSONField(_("số liệu đầu vào"), default=dict, blank=True)
    score = models.DecimalField(_("điểm tổng hợp"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_level = models.CharField(_("mức theo điểm"), max_length=16, choices=LevelChoices.choices, blank=True)
    proposed_level = models.CharField(_("mức đề xuất"), max_length=16, choices=LevelChoices.choices, blank=True)
    caps = models.JSONField(_("giới hạn áp dụng"), default=list, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)
    confirmed_level = models.CharField(_("mức xác nhận"), max_length=16, choices=LevelChoices.choices, blank=True)
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề xuất phân loại")
        verbose_name_plural = _("đề xuất phân loại")
        ordering = ["year", "block", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="classification_proposal_once_a_year")]
        indexes = [models.Index(fields=["year", "block"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("classification:detail", args=[self.pk])

    @property
    def cap_reasons(self) -> list[str]:
        """Each cap's reason in the reader's language."""
        return [render(c) for c in self.caps]

    @property
    def proposed_label(self) -> str:
        return level_label(self.proposed_level)

    @property
    def confirmed_label(self) -> str:
        return level_label(self.confirmed_level)

    @property
    def overridden(self) -> bool:
        return bool(self.confirmed_level) and self.confirmed_level != self.proposed_level
