"""Procedure publication records (công bố, công khai TTHC) and the group 1 figures of the 766 index they
give (DOMAIN §1.1, indicators 1.1–1.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.publication766 import missing_parts

from .choices import IssuingLevelChoices


class Publication(models.Model):
    """One announcement of a procedure: the decision announcing it (QĐ công bố), the day its legal basis
    takes effect, the day it was published on the national TTHC database (CSDLQG), the parts published
    (NĐ 63/2010 Art. 8.2) and who announced it.

    ``unit`` is the unit the record counts for: the province itself for a province-wide record (the usual
    case: the province's figures are applied to each of its units, cchc.publications.figures766), or one
    of its units when the record is scoped to it. ``province`` is the unit's province. Imported (file, page,
    API), upserted by (unit, procedure, decision number).
    """

    procedure = models.ForeignKey("dossiers.Procedure", verbose_name=_("thủ tục hành chính"), on_delete=models.PROTECT,
                                  related_name="publications")
    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT,
                             related_name="procedure_publications")
    decision_number = models.CharField(_("số quyết định công bố"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định công bố"))
    effective_date = models.DateField(_("ngày văn bản quy định có hiệu lực"))
    published_on = models.DateField(_("ngày công khai trên CSDLQG"), null=True, blank=True)
    parts = models.JSONField(_("bộ phận tạo thành đã công khai"), default=list, blank=True)
    level = models.CharField(_("cấp công bố"), max_length=16, choices=IssuingLevelChoices.choices,
                             default=IssuingLevelChoices.PROVINCE)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("công bố thủ tục hành chính")
        verbose_name_plural = _("công bố thủ tục hành chính")
        ordering = ["-decision_date", "procedure__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure", "decision_number"], name="publication_once_per_decision"),
        ]
        indexes = [models.Index(fields=["unit", "decision_date"]), models.Index(fields=["province", "decision_date"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} — {self.decision_number}"

    @property
    def province_wide(self) -> bool:
        return self.unit_id == self.province_id

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts of NĐ 63/2010 Art. 8.2 not published (codes, cchc.core.publication766.PARTS)."""
        return missing_parts(self.parts)


class PublicationFigure(models.Model):
    """The figures of 1.1, 1.2 and 1.3 of a unit for a period, computed on import from the records whose
    decision falls in the period (cchc.publications.services.recompute), so the scoreboard reads them in one
    query without scanning records. ``source`` is the unit whose records give them: the unit itself when
    records are scoped to it in the period, else its province (the province's figure, written for each of
    its units). Never edited by hand."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey("units.Unit", verbose_name=_("số liệu lấy từ bản ghi của"), on_delete=models.CASCADE,
                               related_name="+")
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    period_start = models.DateField(_("đầu kỳ"))
    procedures = models.PositiveIntegerField(_("số TTHC công bố trong kỳ"))
    announced_on_time = models.PositiveIntegerField(_("số TTHC công bố đúng hạn"))
    published_on_time = models.PositiveIntegerField(_("số TTHC công khai đúng hạn trên CSDLQG"))
    complete = models.PositiveIntegerField(_("số TTHC công khai đầy đủ bộ phận"))
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("số liệu công bố, công khai TTHC")
        verbose_name_plural = _("số liệu công bố, công khai TTHC")
        constraints = [models.UniqueConstraint(fields=["unit", "period_kind", "period_start"],
                                               name="publication_figure_once_per_period")]
        indexes = [models.Index(fields=["period_kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_kind} {self.period_start:%d/%m/%Y}"


class PublicationImport(models.Model):
    """One import of publication records (file, page, API, demo): its stamp is the scoreboard's."""

    filename = models.CharField(_("tệp hoặc nguồn"), max_length=255)
    rows = models.PositiveIntegerField(_("số dòng"))
    created = models.PositiveIntegerField(_("thêm mới"))
    updated = models.PositiveIntegerField(_("cập nhật"))
    unchanged = models.PositiveIntegerField(_("không đổi"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập công bố TTHC")
        verbose_name_plural = _("lần nhập công bố TTHC")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d/%m/%Y %H:%M})"
