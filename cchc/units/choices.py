"""The unit vocabulary: kinds of unit and levels of government (cchc.core.levels) with their labels.

The core keeps the values; models, forms, pages and documents take the labels from here, translated
lazily in the reader's language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.levels import Block, Level, UnitKind, block_of


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


# --- The block filter of the rankings (the 766 ranking, the dashboard's) ---------------------------

#: The filter's value for every block together: the overall ranking ("Tất cả").
ALL_BLOCKS = "all"
#: The blocks a province's units are ranked in, in the filter's order; the province itself is not ranked
#: (it is the whole the others make up). The district block exists only before 1/7/2025 (DOMAIN §12.1).
RANKED_BLOCKS = (Block.AGENCY, Block.COMMUNE, Block.DISTRICT)
#: The view when none is chosen: the xã/phường block, as on the national portal.
DEFAULT_BLOCK: str = Block.COMMUNE.value


def chosen_block(block: str | None, unit_kind: str | None = None) -> str:
    """The block a request asks for: ``block`` (agency, commune, district or ``all``) or, when it is not
    given, the older ``unit_kind`` (deprecated: a kind of unit stands for its block, "" or ``all`` for
    every block); ``DEFAULT_BLOCK`` when neither is given. Raises ``ValueError`` with the parameter's name
    when the value is none of these (the province is no block of a ranking)."""
    if block:
        if block in RANKED_BLOCKS or block == ALL_BLOCKS:
            return block
        raise ValueError("block")
    if unit_kind is None:
        return DEFAULT_BLOCK
    if unit_kind in ("", ALL_BLOCKS):
        return ALL_BLOCKS
    if unit_kind in {k.value for k in UnitKind} - {UnitKind.PROVINCE.value}:
        return block_of(unit_kind).value
    raise ValueError("unit_kind")


def block_choices(offered) -> list[tuple[str, str]]:
    """The filter's options: the blocks ``offered`` in the filter's order, then every block together."""
    labels = dict(BlockChoices.choices)
    return [(b.value, labels[b.value]) for b in RANKED_BLOCKS if b in offered] + [(ALL_BLOCKS, _("Tất cả"))]


def block_label(block: str) -> str:
    """The block's name ("Khối xã, phường"), or "Tất cả" for every block."""
    return str(_("Tất cả") if block == ALL_BLOCKS else dict(BlockChoices.choices).get(block, block))
