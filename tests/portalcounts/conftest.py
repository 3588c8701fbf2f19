from __future__ import annotations

from datetime import date

import pytest

from cchc.units.models import UnitAlias


@pytest.fixture
def portal_alias(province):
    """The department known to the portal as H21.17 (cchc.units.aliases)."""
    return UnitAlias.objects.create(source_system="dvcqg", code="H21.17", name="", unit=province.snv,
                                    valid_from=date(2020, 1, 1), source="test")
