"""Fixtures of the analytics tests."""

from __future__ import annotations

import pytest

from tests.analytics.strategies import make_procedures


@pytest.fixture
def procedures(db):
    """The four procedures the property tests' dossier specs draw from (tests/analytics/strategies.py)."""
    return make_procedures()
