"""Counts other systems hold for the 766 indicators CCHC does not compute from dossiers (1.4, 4.1, 4.2,
5.3, 5.5, 5.6, 5.7): one stored figure per unit, period and indicator, with where it came from.

The rules of a figure (which indicators, what the counts may be, 1.4's denominator) are
cchc.core.portal_counts; the scoreboard reads the figures through cchc.portalcounts.figures766.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import portal_counts

from .choices import PeriodKind, Source


class PortalCount(models.Model):
    """One indicator's numerator and denominator for a unit and period, as another system counted them.

    For 1.4 the two received counts (national reporting system, DVCQG) and last year's total are kept, and
    the denominator scored is cchc.core.portal_counts.denominator_of (score766.sync_denominator). 5.3 may
    hold no counts: the portal's null/null, full points. A re-import of the same unit, period and indicator
    replaces the row (the audit trail keeps what it was)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="portal_counts")
    period_kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("ngày đầu kỳ"))
    indicator = models.CharField(_("chỉ số"), max_length=8)
    numerator = models.PositiveBigIntegerField(_("tử số"), null=True, blank=True)
    denominator = models.PositiveBigIntegerField(_("mẫu số"), null=True, blank=True)
    received_national = models.PositiveBigIntegerField(_("hồ sơ tiếp nhận theo Hệ thống báo cáo quốc gia"),
                                                       null=True, blank=True)
    received_dvcqg = models.PositiveBigIntegerField(_("hồ sơ tiếp nhận theo Cổng DVCQG"), null=True, blank=True)
    last_year_total = models.PositiveBigIntegerField(_("tổng hồ sơ năm trước"), null=True, blank=True)
    channel = models.CharField(_("kênh nhập"), max_length=8, choices=Source.choices, default=Source.FILE)
    source = models.CharField(_("nguồn"), max_length=255, help_text=_("Tên tệp, hệ thống gửi qua API, hoặc ảnh chụp "
                                                                      "số liệu của Cổng DVCQG."))
    illustrative = models.BooleanField(_("số liệu minh họa"), default=False)
    imported_at = models.DateTimeField(_("thời điểm nhập"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("số liệu 766 từ hệ thống khác")
        verbose_name_plural = _("số liệu 766 từ hệ thống khác")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_kind", "period_start", "indicator"],
                                    name="portalcount_one_per_unit_period_indicator"),
        ]
        indexes = [models.Index(fields=["period_kind", "period_start", "unit"], name="portalcount_period_idx")]
        ordering = ["period_kind", "-period_start", "unit__name", "indicator"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_kind} {self.period_start:%d/%m/%Y} · {self.indicator}"

    @property
    def counts(self) -> portal_counts.Counts:
        return portal_counts.Counts(self.numerator, self.denominator, self.received_national, self.received_dvcqg,
                                    self.last_year_total)

    @property
    def scored_denominator(self) -> Decimal | None:
        """The denominator the indicator is scored with (1.4: sync_denominator of the received counts)."""
        return portal_counts.denominator_of(self.indicator, self.period_kind, self.counts)
