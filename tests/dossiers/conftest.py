"""The dossier tests run against the factory province (units 52.STP, 90101 Xã Mỹ Đức, …) and six real
procedures from the shipped catalogue."""

from __future__ import annotations

import pytest

from tests.dossiers import helpers


@pytest.fixture
def ledger(province):
    helpers.make_catalogue()
    return province
