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
    eight users and the production hasher (PBKDF2) would spend seconds on them; hashing is still real.
    Two-step sign-in is not required (below)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANALYTICS_DUCKDB_PATH = tmp_path / "analytics.duckdb"  # never the install's fact store
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Two-step sign-in is required of no role here, so the tests of every page sign in with a password only;
    # tests/accounts/test_two_factor.py turns the installed default (administrators, PAR officers) back on.
    settings.CCHC_2FA_REQUIRED_ROLES = ()
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
