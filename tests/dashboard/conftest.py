from __future__ import annotations

import pytest

from cchc.accounts.models import Role
from tests.factories import make_user


@pytest.fixture
def users_free_admin(db):
    """An administrator on an install with no unit imported yet."""
    return make_user(username="quantri", role=Role.ADMIN)
