"""Who has notices: every person with a role who reads the site (an integration account only pushes data
and has none). A person reads and marks only their own notices and chooses only for themselves: the
services filter by the person, so another's notice is not found (404), never shown."""

from __future__ import annotations

from cchc.accounts.permissions import can_view


def can_have_notices(user) -> bool:
    return can_view(user)
