"""Corrective actions a unit owes for a plan target it missed in consecutive reporting periods (F7, F15)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.analytics.choices import period_name
from cchc.core.kpis import periods_of

from .choices import OPEN_STATES, ActionState


class CorrectiveAction(models.Model):
    """What a unit must do when it missed a plan target in consecutive reporting periods: explain why and
    commit to a corrective action (what, who, by when), which the PAR officer confirms once carried out.

    Created by cchc.corrective.services.detect, once per run of red periods (the rule is
    cchc.core.corrective.triggers); ``readings`` keeps the figures that triggered it as they were, so the
    requirement stays explainable after the KPI values are recomputed.

    The table keeps the name it had when the model lived in the dashboard app (migrations moved the model
    without touching the table).
    """

    target = models.ForeignKey("plans.Target", verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE,
                               related_name="corrective_actions")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="corrective_actions")
    first_period_end = models.DateField(_("hết kỳ đầu tiên không đạt"))
    last_period_end = models.DateField(_("hết kỳ cuối cùng không đạt"))
    readings = models.JSONField(_("số liệu các kỳ không đạt"), default=list, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=ActionState.choices, default=ActionState.REQUIRED)
    explanation = models.TextField(_("giải trình nguyên nhân"), blank=True)
    action = models.TextField(_("biện pháp khắc phục"), blank=True)
    responsible = models.CharField(_("người chịu trách nhiệm"), max_length=255, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    officer_note = models.TextField(_("ý kiến của Sở Nội vụ"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("đơn vị gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "dashboard_correctiveaction"
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = _("biện pháp khắc phục")
        ordering = ["-last_period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit", "first_period_end"], name="corrective_action_once_per_run"),
            models.CheckConstraint(condition=models.Q(first_period_end__lte=models.F("last_period_end")),
                                   name="corrective_action_period_order"),
        ]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.target.code} — {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("corrective:detail", args=[self.pk])

    @property
    def periods(self) -> str:
        """"Quý I/2025, 6 tháng 2025": the red periods, as reports name them."""
        return ", ".join(period_of(r) for r in self.readings)

    @property
    def named_readings(self) -> list[dict]:
        """The readings, each with its period named in the reader's language (``period_of``), for pages."""
        return [{**reading, "period": period_of(reading)} for reading in self.readings]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def period_of(reading: dict) -> str:
    """A reading's period named in the reader's language from its stored kind and end (the stored
    Vietnamese name for a reading that lacks them)."""
    try:
        end = date.fromisoformat(reading["end"])
        start = next(s for s, e in periods_of(end.year, reading["kind"]) if e == end)
    except (KeyError, TypeError, ValueError, StopIteration):
        return reading.get("period", "")
    return period_name(reading["kind"], start)
