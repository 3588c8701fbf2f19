"""Precomputed KPI figures, the only thing pages, the API and reports read about dossiers.

The analytics engine (cchc.analytics.store) computes them from a columnar copy of the dossier facts; a dashboard's
cost is then a few indexed reads whatever the number of dossiers (ARCHITECTURE "Scale").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.kpis import period_label


class PeriodKind(models.TextChoices):
    """The reporting periods of cchc.core.kpis.PERIOD_KINDS (a test keeps the two lists equal)."""

    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


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
        ]

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.unit_id} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)


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


class ListedDossier(models.Model):
    """A dossier in the list that explains a KPI figure: for a rate, one of the dossiers in its
    denominator and not in its numerator; for a count, one it counts (cchc.analytics.sql.LISTED_KPIS).

    The engine writes these rows from the same classification it sums the figures from, in the same
    transaction as the period's ``KpiValue`` rows, so a list has exactly denominator − numerator dossiers
    (tests/analytics/test_drill_properties.py). ``unit`` is the dossier's own unit and ``received_day``
    its local day of receipt: a unit's list takes the units and receipt days its figure takes
    (cchc.core.kpis.rollup_closure), one indexed lookup per group of units. ``timeliness`` is the 766
    class at the end of the period (cchc.analytics.sql.CLASS_CODES), as the figure counted it.
    No foreign-key constraints: the engine writes these in bulk, and a deleted dossier leaves with the
    next full recompute, as it leaves the figures.
    """

    period_kind = models.CharField(_("loại kỳ"), max_length=16, choices=PeriodKind.choices)
    period_start = models.DateField(_("từ ngày"))
    kpi_code = models.CharField(_("mã chỉ số"), max_length=64)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    received_day = models.DateField(_("ngày tiếp nhận"))
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="+")
    timeliness = models.PositiveSmallIntegerField(_("tình trạng giải quyết"))

    class Meta:
        verbose_name = _("hồ sơ giải trình chỉ số")
        verbose_name_plural = _("hồ sơ giải trình chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["period_kind", "period_start", "dossier", "kpi_code"],
                                    name="listed_dossier_unique"),
        ]
        indexes = [
            models.Index(fields=["period_kind", "period_start", "kpi_code", "unit"], name="listed_dossier_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_code} {self.period_kind} {self.period_start}: {self.dossier_id}"
