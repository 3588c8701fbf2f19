"""The vocabulary of the stored counts: the indicators taken in and the period kinds, with their labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import score766
from cchc.core.portal_counts import ACCEPTED


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")


class Source(models.TextChoices):
    FILE = "file", _("Tệp")
    API = "api", _("API")
    DEMO = "demo", _("Minh họa")


def indicator_choices() -> list[tuple[str, str]]:
    """The indicators taken in, each "1.4 · its name" (the name in the reader's language)."""
    from django.utils.translation import gettext

    return [(code, f"{code} · {gettext(score766.INDICATORS_BY_CODE[code].name_vi)}") for code in ACCEPTED]
