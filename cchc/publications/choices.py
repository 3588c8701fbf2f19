"""The vocabulary of procedure publications: the issuing levels and the parts of a procedure
(cchc.core.publication766) paired once with their labels, translated lazily in the reader's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.publication766 import IssuingLevel


class IssuingLevelChoices(models.TextChoices):
    """Who announced the procedure (its margins: cchc.core.publication766.MARGINS)."""

    PROVINCE = IssuingLevel.PROVINCE, _("UBND cấp tỉnh")
    MINISTRY = IssuingLevel.MINISTRY, _("Bộ, cơ quan ngang bộ")


def part_labels() -> dict[str, str]:
    """The parts of NĐ 63/2010 Art. 8.2 by code, named in the reader's language (call at request time)."""
    from django.utils.translation import gettext

    from cchc.core.publication766 import PARTS

    return {code: gettext(name) for code, name in PARTS.items()}


#: What each indicator of group 1 checks, for the figures' headings (the registry's names are the titles).
INDICATOR_CODES = ("1.1", "1.2", "1.3")
