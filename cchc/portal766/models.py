"""The national portal's published Decision 766 figures, as imported from its answers (issue #15 item 3).

A ``PublishedSnapshot`` is one imported file (the portal's answer on a run date, for a period); its
``PublishedFigure`` rows are the units it lists (matched to CCHC's units by the portal code, a unit alias),
with their total, group scores and ranks, and ``PublishedIndicator`` rows the indicators a detail answer
gives. Published figures are never edited: a file imported again (same content) changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PortalBlock, Shape

SCORE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}
COUNT = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}


class PublishedSnapshot(models.Model):
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    shape = models.CharField(_("dạng"), max_length=16, choices=Shape.choices)
    run_date = models.DateField(_("ngày Cổng công bố"))
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    period_start = models.DateField(_("ngày đầu kỳ"))
    period_label = models.CharField(_("tên kỳ trên Cổng"), max_length=64, blank=True)
    province_code = models.CharField(_("mã tỉnh trên Cổng"), max_length=64)
    overview_total = models.DecimalField(_("điểm của tỉnh"), **SCORE)
    unmatched = models.JSONField(_("đơn vị chưa khớp"), default=list, blank=True)
    imported_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("số liệu 766 Cổng công bố")
        verbose_name_plural = _("số liệu 766 Cổng công bố")
        ordering = ["-run_date", "file_name"]
        indexes = [models.Index(fields=["period_kind", "period_start", "run_date"], name="portal766_snap_period_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.run_date:%d/%m/%Y})"


class PublishedFigure(models.Model):
    snapshot = models.ForeignKey(PublishedSnapshot, verbose_name=_("số liệu công bố"), on_delete=models.CASCADE,
                                 related_name="figures")
    portal_code = models.CharField(_("mã đơn vị trên Cổng"), max_length=64)
    portal_name = models.CharField(_("tên đơn vị trên Cổng"), max_length=255)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="published_766")
    block = models.CharField(_("khối"), max_length=16, choices=PortalBlock.choices)
    total = models.DecimalField(_("tổng điểm"), **SCORE)
    group1 = models.DecimalField(_("nhóm 1"), **SCORE)
    group2 = models.DecimalField(_("nhóm 2"), **SCORE)
    group3 = models.DecimalField(_("nhóm 3"), **SCORE)
    group4 = models.DecimalField(_("nhóm 4"), **SCORE)
    group5 = models.DecimalField(_("nhóm 5"), **SCORE)
    group6 = models.DecimalField(_("nhóm 6"), **SCORE)
    rank = models.PositiveIntegerField(_("thứ hạng"), null=True, blank=True)
    group_rank = models.PositiveIntegerField(_("thứ hạng trong khối"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm 766 của đơn vị do Cổng công bố")
        verbose_name_plural = _("điểm 766 của đơn vị do Cổng công bố")
        ordering = ["snapshot", "rank"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "portal_code"], name="portal766_figure_unique")]
        indexes = [models.Index(fields=["unit", "snapshot"], name="portal766_figure_unit_idx")]

    def __str__(self) -> str:
        return f"{self.portal_code} {self.portal_name}"

    def group(self, number: int):
        return getattr(self, f"group{number}")


class PublishedIndicator(models.Model):
    figure = models.ForeignKey(PublishedFigure, verbose_name=_("điểm của đơn vị"), on_delete=models.CASCADE,
                               related_name="indicators")
    code = models.CharField(_("chỉ số"), max_length=8)
    numerator = models.DecimalField(_("tử số"), **COUNT)
    denominator = models.DecimalField(_("mẫu số"), **COUNT)
    rate = models.DecimalField(_("tỷ lệ (%)"), **SCORE)
    points = models.DecimalField(_("điểm"), **SCORE)
    max_points = models.DecimalField(_("điểm tối đa"), **SCORE)

    class Meta:
        verbose_name = _("chỉ số 766 do Cổng công bố")
        verbose_name_plural = _("chỉ số 766 do Cổng công bố")
        ordering = ["figure", "code"]
        constraints = [models.UniqueConstraint(fields=["figure", "code"], name="portal766_indicator_unique")]

    def __str__(self) -> str:
        return self.code


class PortalDossierList(models.Model):
    """The dossiers the portal counts against one indicator of a unit for a period (its dossier codes,
    ``MaHoSo``): for 2.1 those not handled on time, for 5.1, 5.2, 5.4 those without an electronic result,
    not digitised, not reusing data (cchc.portal766.lists). Compared by code with CCHC's list of the same
    indicator (cchc.portal766.services.dossier_differences). A list imported again for the same unit,
    period and indicator replaces this one whole."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="portal766_dossier_lists")
    portal_code = models.CharField(_("mã đơn vị trên Cổng"), max_length=64)
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    period_start = models.DateField(_("ngày đầu kỳ"))
    indicator = models.CharField(_("chỉ số"), max_length=8)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    illustrative = models.BooleanField(_("danh sách minh họa"), default=False)
    imported_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("danh sách hồ sơ 766 của Cổng")
        verbose_name_plural = _("danh sách hồ sơ 766 của Cổng")
        ordering = ["period_kind", "-period_start", "unit", "indicator"]
        constraints = [models.UniqueConstraint(fields=["unit", "period_kind", "period_start", "indicator"],
                                               name="portal766_dossier_list_unique")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_kind} {self.period_start:%d/%m/%Y} · {self.indicator}"


class PortalListedDossier(models.Model):
    """One dossier code of a portal's list."""

    dossier_list = models.ForeignKey(PortalDossierList, verbose_name=_("danh sách"), on_delete=models.CASCADE,
                                     related_name="dossiers")
    code = models.CharField(_("mã hồ sơ"), max_length=64)

    class Meta:
        verbose_name = _("hồ sơ trong danh sách của Cổng")
        verbose_name_plural = _("hồ sơ trong danh sách của Cổng")
        ordering = ["dossier_list", "code"]
        constraints = [models.UniqueConstraint(fields=["dossier_list", "code"], name="portal766_listed_dossier_unique")]

    def __str__(self) -> str:
        return self.code
