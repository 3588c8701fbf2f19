"""Shared fixtures. Tests run on a real database: SQLite by default (a WAL file in the temp folder, as an
install has; cchc.settings), PostgreSQL when CCHC_DATABASE_URL points at one (scripts/with-postgres.sh).
Nothing of our own code or database is mocked."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Evidence files go to a temporary folder. Test passwords are hashed cheaply: each test creates up to
    eight users and the production hasher (PBKDF2) would spend seconds on them; hashing is still real."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANALYTICS_DUCKDB_PATH = tmp_path / "analytics.duckdb"  # never the install's fact store
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # the scoreboard caches per period; each test starts from an empty cache


@pytest.fixture
def province(db):
    return factories.make_province_tree()


@pytest.fixture
def plan(province):
    return factories.make_plan(tree=province)


@pytest.fixture
def users(province):
    """One user per role; the focal points are bound to a department, a district and a commune."""
    return factories.make_users(tree=province)
