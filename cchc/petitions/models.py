"""Petitions (phản ánh, kiến nghị: PAKN) about a unit, as the PAKN system exports them, with the verdicts
Decision 766 gives them (6.1 on time, 6.2 satisfied), and the figures per unit and period stored on import.

The verdicts are decided once, on import, by cchc.core.petitions766.judge and stored on the petition; the
figures (``PetitionFigure``) are counts of those stored verdicts, and a list of the petitions behind a figure
filters on the same stored verdicts, so a list always counts what its figure says.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import FirstAction, PetitionTopic


class Petition(models.Model):
    code = models.CharField(_("mã PAKN"), max_length=64, unique=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT,
                             related_name="petitions")
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"))
    action = models.CharField(_("hành động đầu tiên"), max_length=16, choices=FirstAction.choices, blank=True)
    acted_on = models.DateField(_("ngày của hành động đầu tiên"), null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"))
    due_given = models.BooleanField(_("hạn do hệ thống PAKN cho"), default=False)
    handled_on = models.DateField(_("ngày xử lý xong"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=100, blank=True)
    likes = models.PositiveIntegerField(_("lượt thích"), default=0)
    dislikes = models.PositiveIntegerField(_("lượt không thích"), default=0)
    recomplained = models.BooleanField(_("bị phản ánh lại"), default=False)
    topic = models.CharField(_("phân loại"), max_length=16, choices=PetitionTopic.choices, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ liên quan"), max_length=100, blank=True)
    as_of = models.DateField(_("tình trạng tính đến ngày"))
    on_time = models.BooleanField(_("đúng hạn (chỉ số 6.1)"))
    satisfied = models.BooleanField(_("hài lòng (chỉ số 6.2)"))
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ("received_on", "code")
        indexes = [models.Index(fields=["unit", "received_on"], name="petition_unit_received_idx")]

    def __str__(self) -> str:
        return self.code


class PetitionFigure(models.Model):
    """The counts of one unit's petitions received in one period: 6.1 is ``on_time / received``, 6.2
    ``satisfied / received`` (cchc.petitions.figures766 reads them)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                             related_name="petition_figures")
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    period_start = models.DateField(_("ngày đầu kỳ"))
    received = models.PositiveIntegerField(_("PAKN tiếp nhận"))
    on_time = models.PositiveIntegerField(_("PAKN đúng hạn"))
    satisfied = models.PositiveIntegerField(_("PAKN hài lòng"))
    about_rules = models.PositiveIntegerField(_("PAKN về quy định, TTHC"))
    about_officials = models.PositiveIntegerField(_("PAKN về cán bộ, công chức"))
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("số liệu PAKN")
        verbose_name_plural = _("số liệu PAKN")
        constraints = [models.UniqueConstraint(fields=["unit", "period_kind", "period_start"],
                                               name="petition_figure_unit_period_uniq")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_kind} {self.period_start}: {self.on_time}/{self.satisfied}/{self.received}"


class PetitionCoverage(models.Model):
    """A period of a province for which petitions were imported: its units without a petition then have
    6.1 and 6.2 "0 of 0" (full points); without this row they have no figure (no data)."""

    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.CASCADE,
                                 related_name="petition_coverage")
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    period_start = models.DateField(_("ngày đầu kỳ"))

    class Meta:
        verbose_name = _("kỳ đã nhập PAKN")
        verbose_name_plural = _("kỳ đã nhập PAKN")
        constraints = [models.UniqueConstraint(fields=["province", "period_kind", "period_start"],
                                               name="petition_coverage_uniq")]

    def __str__(self) -> str:
        return f"{self.province_id} {self.period_kind} {self.period_start}"


class PetitionImport(models.Model):
    """One accepted import (a file or an API batch): who, what, how many; its id is the figures' stamp."""

    source = models.CharField(_("nguồn"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(_("số dòng"))
    created = models.PositiveIntegerField(_("tạo mới"))
    updated = models.PositiveIntegerField(_("cập nhật"))
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập PAKN")
        verbose_name_plural = _("lần nhập PAKN")
        ordering = ("-imported_at", "-pk")

    def __str__(self) -> str:
        return f"{self.source} ({self.rows})"
