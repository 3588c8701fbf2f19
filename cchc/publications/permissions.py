"""Who may read and import procedure publication records.

Built on cchc.accounts.permissions: the records and the group 1 figures they give are public facts about
the province's procedures, so everybody with a role reads them (an integration account only pushes data);
importing them (file, page) is the PAR officer's job and the administrator's; the API also takes them
from an integration account (the system that reads the national TTHC database). Pages, API and command
ask the same functions.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of


def can_view_publications(user) -> bool:
    return can_view(user)


def can_import_publications(user) -> bool:
    """Uploading a file of publication records (the page)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_push_publications(user) -> bool:
    """Sending publication records through the API."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER, Role.INTEGRATION}
