"""Who may read and take in the counts other systems hold for the 766 index.

Built on cchc.accounts.permissions: the stored figures are province-wide inputs of the scoreboard, which
anyone with a role reads (cchc.scoreboard.permissions), so anyone with a role reads them too; taking
them in (file, page) is the PAR officer's job and the administrator's; the API also takes them from an
integration account (another system pushing its counts). Pages and API ask the same functions.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of


def can_view_counts(user) -> bool:
    return can_view(user)


def can_import_counts(user) -> bool:
    """The upload page and `cchc portalcounts import`'s rule for a named user."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_push_counts(user) -> bool:
    """The API's POST: the PAR officer, the administrator, or an integration account."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER, Role.INTEGRATION}
