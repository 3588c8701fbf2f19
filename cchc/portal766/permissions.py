"""Who may do what with the published 766 figures: the pages (cchc.portal766.views) and the API
(cchc.portal766.api) ask these functions, so both answer the same.

The portal publishes its figures for everyone, and CCHC's scorecards are province-wide figures: anyone
with a role reads the reconciliation and the history (as the scoreboard). Importing the portal's answers
is the PAR officer's and the administrator's (as importing dossiers).
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of


def can_view_published(user) -> bool:
    """The reconciliation page, a unit's drill-down and history, the imported answers."""
    return can_view(user)


def can_import_published(user) -> bool:
    """Importing the portal's published answers (the upload page, the API)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}
