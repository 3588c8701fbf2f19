"""Precomputed KPI figures, the only thing pages, the API and reports read about dossiers.

The analytics engine (cchc.analytics.store) computes them from a columnar copy of the dossier facts; a dashboard's
cost is then a few indexed reads whatever the number of dossiers (ARCHITECTURE "Scale").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind, period_name


class KpiValue(models.Model):
    """The value of one KPI for one unit over one reporting period, as computed at ``as_of``.

    A unit's figure includes its subordinate units and, for dossiers received before a reorganisation,
    the units it took over (cchc.analytics.store). ``numerator`` and ``denominator`` are kept so a
    figure can be explained and summed; ``value`` is None when the denominator is 0 ("N/A", not 0).
    ``definition_version`` is the version of the catalogue definition used (cchc.core.kpis).
    """

    kpi_code = models.CharField(_("mã chỉ số"), max_length=64)
    definition_version = models.PositiveSmallIntegerField(_("phiên bản định nghĩa"))
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="kpi_values")
    period_kind = models.CharField(_("loại kỳ"), max_length=16, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    numerator = models.BigIntegerField(_("tử số"), null=True, blank=True)
    denominator = models.BigIntegerField(_("mẫu số"), null=True, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=4, null=True, blank=True)
    as_of = models.DateTimeField(_("số liệu tính lúc"))

    class Meta:
        verbose_name = _("giá trị chỉ số")
        verbose_name_plural = _("giá trị chỉ số")
        ordering = ["period_kind", "period_start", "kpi_code", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi_code", "unit", "period_kind", "period_start"], name="kpi_value_unique"
            )
        ]
        indexes = [
            models.Index(fields=["period_kind", "period_start", "kpi_code"], name="kpi_value_period_idx"),
            # the figures' stamp (services.values_stamp: latest as-of and count of a kind's on-time rates,
            # read by every cached page) from the index alone: 44 ms at 1.2 million values, scanning a kind
            models.Index(fields=["period_kind", "kpi_code", "period_start", "as_of"], name="kpi_value_stamp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.unit_id} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_name(self.period_kind, self.period_start)


class SyncState(models.Model):
    """How far an incremental copy has read its source: every row with (updated_at, id) up to
    (``watermark``, ``last_id``) has been copied. The engine keeps the same pair in its own store and
    copies everything again when the two disagree (a new or restored store file)."""

    name = models.CharField(_("tên"), max_length=64, unique=True)
    watermark = models.DateTimeField(_("mốc cập nhật"), null=True, blank=True)
    last_id = models.BigIntegerField(_("mã bản ghi cuối"), default=0)
    synced_at = models.DateTimeField(_("đồng bộ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("trạng thái đồng bộ")
        verbose_name_plural = _("trạng thái đồng bộ")

    def __str__(self) -> str:
        return f"{self.name}: {self.watermark}"

