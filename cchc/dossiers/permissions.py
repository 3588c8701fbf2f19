"""Who may see which dossiers, write apology letters for them and follow their imports (issue #2, PRODUCT F17).

Here, not in cchc.accounts.permissions, because the scope of a focal point is a subtree of units: the
rule needs the units app, and accounts sits below units (units' views ask accounts' permissions). The
role predicates themselves (``role_of``, ``unit_id_of``, ``require``) stay in accounts.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_upload_dossiers, role_of, unit_id_of
from cchc.units.services import subtree_ids


def dossier_unit_scope(user) -> set[int] | None:
    """The units whose dossiers ``user`` may see: None for the province-wide roles (all of them); for a
    focal point, their unit and every unit under it (a district sees its communes); nothing otherwise. A PAR
    index appraiser reads them as an inspector does: the computed criteria come from these dossiers (issue 13)."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}:
        return None
    if role == Role.FOCAL_POINT:
        return subtree_ids(unit_id_of(user))
    return set()


def can_view_dossiers_of(user, unit_id: int) -> bool:
    scope = dossier_unit_scope(user)
    return scope is None or unit_id in scope


def can_issue_apology(user, unit_id: int) -> bool:
    """The processing unit (its focal point, for its own unit or those under it) and the PAR officer."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.PAR_OFFICER}:
        return True
    return role == Role.FOCAL_POINT and unit_id in (dossier_unit_scope(user) or set())


def can_import_for(user, unit_id: int) -> bool:
    """Import the dossiers of a unit, or map a name a file gives to it (UnitAlias, on the job page):
    whoever may upload one-stop files (accounts.permissions.can_upload_dossiers), for the units whose
    dossiers they see."""
    return can_upload_dossiers(user) and can_view_dossiers_of(user, unit_id)


def can_follow_import(user, creator) -> bool:
    """An upload's job page, its file of refused rows and the mapping of its unknown units: the user who
    uploaded it, or another who may upload and sees the same units (today the uploaders, administrator
    and PAR officer, all see the whole province)."""
    if not can_upload_dossiers(user):
        return False
    return user.pk == creator.pk or dossier_unit_scope(user) == dossier_unit_scope(creator)
