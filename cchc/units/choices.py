"""The unit vocabulary: kinds of unit and levels of government (cchc.core.levels) with their labels.

The core keeps the values; models, forms, pages and documents take the labels from here, translated
lazily in the reader's language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.levels import Block, Level, UnitKind


class UnitKindChoices(models.TextChoices):
    PROVINCE = UnitKind.PROVINCE, _("Tỉnh, thành phố")
    DEPARTMENT = UnitKind.DEPARTMENT, _("Sở, ban, ngành")
    DISTRICT = UnitKind.DISTRICT, _("Huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = UnitKind.COMMUNE, _("Xã, phường, thị trấn")


class LevelChoices(models.TextChoices):
    PROVINCE = Level.PROVINCE, _("Cấp tỉnh")
    DISTRICT = Level.DISTRICT, _("Cấp huyện")
    COMMUNE = Level.COMMUNE, _("Cấp xã")


class BlockChoices(models.TextChoices):
    PROVINCE = Block.PROVINCE, _("Tỉnh")
    AGENCY = Block.AGENCY, _("Khối sở, ban, ngành")
    DISTRICT = Block.DISTRICT, _("Khối huyện")
    COMMUNE = Block.COMMUNE, _("Khối xã, phường")
