"""Who may import petitions (PAKN) and who may read them.

Built on cchc.accounts.permissions: importing a PAKN system's export (a file on the page or by the
command) is the PAR officer's job and the administrator's, as the dossier upload is; the PAKN system's
integration account (and the administrator) pushes batches through the API. A petition names a citizen's
complaint about a unit: it is read by those who may see that unit's dossiers
(cchc.dossiers.permissions.can_view_dossiers_of: the province-wide roles, a focal point for their own unit
and the units under it). The pages and the API call the same rules.
"""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.permissions import can_view, role_of
from cchc.dossiers.permissions import can_view_dossiers_of, dossier_unit_scope


def can_import_petitions(user) -> bool:
    """Upload a PAKN export file (page) or run the import (the officer's and the administrator's)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_push_petitions(user) -> bool:
    """Push a batch of petitions through the API: an integration account, the PAR officer, the administrator."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER, Role.INTEGRATION}


def can_view_petitions_of(user, unit_id: int) -> bool:
    """The petitions of the unit ``unit_id`` (the list behind its 6.1 and 6.2 figures)."""
    return can_view(user) and can_view_dossiers_of(user, unit_id)


def petition_unit_scope(user):
    """None when ``user`` reads every unit's petitions; else the ids of the units they may read."""
    return dossier_unit_scope(user)
