from __future__ import annotations

import pytest

from cchc.accounts.models import Role
from cchc.accounts.services import create_user


@pytest.fixture
def users_free_admin(db):
    """An administrator on an install with no unit imported yet."""
    return create_user(username="quantri", password="x", role=Role.ADMIN, check_password=False)
