"""Fixtures of the analytics tests."""

from __future__ import annotations

import pytest

from cchc.analytics.store import FactStore
from tests.analytics.strategies import make_procedures


@pytest.fixture
def procedures(db):
    """The four procedures the property tests' dossier specs draw from (tests/analytics/strategies.py)."""
    return make_procedures()


@pytest.fixture
def store(tmp_path):
    """A fact store of the test's own (never the install's)."""
    return FactStore(tmp_path / "analytics.duckdb")


@pytest.fixture
def small_bursts(settings):
    """Bursts of two identical ratings of a unit within 5 minutes, so that random dossiers have some (the
    property tests' ratings fall within ten minutes: tests/analytics/strategies.RATED_BASE)."""
    settings.CCHC_INTEGRITY_BURST_COUNT = 2
    settings.CCHC_INTEGRITY_BURST_MINUTES = 5
