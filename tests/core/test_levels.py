"""Levels of government that plan thresholds are set for.

Source: KH 122/KH-UBND (2021), DOMAIN §8: thresholds per "cấp tỉnh, cấp huyện, cấp xã"; departments
(sở, ban, ngành) are province-level agencies, so they are measured against the province's threshold.
"""

from __future__ import annotations

import pytest

from cchc.core.levels import ALL_LEVELS, Level, UnitKind, level_of


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (UnitKind.PROVINCE, Level.PROVINCE),
        (UnitKind.DEPARTMENT, Level.PROVINCE),
        (UnitKind.DISTRICT, Level.DISTRICT),
        (UnitKind.COMMUNE, Level.COMMUNE),
        ("department", Level.PROVINCE),
        ("commune", Level.COMMUNE),
    ],
    ids=["province", "department-is-cap-tinh", "district", "commune", "department-text", "commune-text"],
)
def test_level_of(kind, expected):
    assert level_of(kind) is expected


@pytest.mark.parametrize("kind", ["ward", "", "all", "Province"], ids=repr)
def test_level_of_rejects_an_unknown_kind(kind):
    with pytest.raises(ValueError):
        level_of(kind)


def test_all_levels_is_no_level():
    # "all" marks a threshold for every level; it must never be mistaken for one of them.
    assert ALL_LEVELS not in {level.value for level in Level}
