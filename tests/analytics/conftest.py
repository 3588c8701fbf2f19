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
