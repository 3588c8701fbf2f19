"""The reporting vocabulary: the kinds of reporting period and whether a unit's report came in on time.

Values come from the pure core (cchc.core.reporting); labels are translated lazily in the reader's
language. Verdicts on targets are the plans' (cchc.plans.choices.VerdictChoices).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import reporting as rules


class ReportingKind(models.TextChoices):
    """The kinds of period units report on (cchc.core.reporting.REPORTING_KINDS)."""

    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


class SubmissionChoices(models.TextChoices):
    """Whether a unit's report for a period was sent, and in time (cchc.core.reporting.timeliness)."""

    ON_TIME = rules.Timeliness.ON_TIME, _("Đúng hạn")
    LATE = rules.Timeliness.LATE, _("Trễ hạn")
    MISSING = rules.Timeliness.MISSING, _("Chưa gửi (quá hạn)")
    PENDING = rules.Timeliness.PENDING, _("Chưa gửi (còn hạn)")
