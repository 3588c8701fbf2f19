"""Levels of government (cấp) that plans set thresholds for.

Source: the seed plans state thresholds per "cấp tỉnh, cấp huyện, cấp xã" (KH 122/KH-UBND 2021,
DOMAIN §8); from 1/7/2025 the district level no longer exists (Luật Tổ chức chính quyền địa phương
2025), so a threshold for a level may simply find no units.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


ALL_LEVELS = "all"  # a threshold that applies to every level


class UnitKind(StrEnum):
    """What a unit is. Departments (sở, ban, ngành) are province-level agencies."""

    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"


def level_of(kind: UnitKind | str) -> Level:
    """The level of government a kind of unit belongs to (a department is cấp tỉnh)."""
    kind = UnitKind(kind)
    if kind in (UnitKind.PROVINCE, UnitKind.DEPARTMENT):
        return Level.PROVINCE
    return Level(kind.value)


class Block(StrEnum):
    """The group a unit is ranked in (khối): the national portal ranks a province's units overall and
    within each block, sở/ban/ngành (``AGENCY``) and xã/phường (``COMMUNE``) (DOMAIN §12.1 [C]); before
    1/7/2025 the districts were a block of their own [I]."""

    PROVINCE = "province"
    AGENCY = "agency"
    DISTRICT = "district"
    COMMUNE = "commune"


_BLOCK_OF_KIND = {UnitKind.PROVINCE: Block.PROVINCE, UnitKind.DEPARTMENT: Block.AGENCY,
                  UnitKind.DISTRICT: Block.DISTRICT, UnitKind.COMMUNE: Block.COMMUNE}


def block_of(kind: UnitKind | str) -> Block:
    """The block a kind of unit is ranked in (a department is in the agency block)."""
    return _BLOCK_OF_KIND[UnitKind(kind)]
