"""The vocabulary of the published 766 figures: why a published figure differs from CCHC's
(cchc.core.portal766.EXPLANATIONS) and the shapes of the portal's answers, with lazy labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import portal766


class Explanation(models.TextChoices):
    SAME = portal766.SAME, _("giống nhau")
    MISSING = portal766.MISSING, _("thiếu đầu vào")
    COUNTS = portal766.COUNTS, _("khác số đếm")
    FORMULA = portal766.FORMULA, _("công thức")
    NOT_PUBLISHED = portal766.NOT_PUBLISHED, _("Cổng không công bố")
    UNEXPLAINED = portal766.UNEXPLAINED, _("khác điểm, Cổng không công bố số đếm")


class Shape(models.TextChoices):
    SUMMARY = portal766.SUMMARY, _("điểm nhóm và thứ hạng")
    DETAIL = portal766.DETAIL, _("chi tiết từng chỉ số")


class PortalBlock(models.TextChoices):
    AGENCY = portal766.AGENCY, _("Sở, ban, ngành")
    COMMUNE = portal766.COMMUNE, _("Xã, phường")


#: The portal's block → CCHC's (cchc.core.levels.Block values).
CCHC_BLOCK = {portal766.AGENCY: "agency", portal766.COMMUNE: "commune"}
