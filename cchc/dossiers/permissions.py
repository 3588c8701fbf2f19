"""Who may see which dossiers and write apology letters for them (issue #2, PRODUCT F17).

Here, not in cchc.accounts.permissions, because the scope of a focal point is a subtree of units: the
rule needs the units app, and accounts sits below units (units' views ask accounts' permissions). The
role predicates themselves (``role_of``, ``unit_id_of``, ``require``) stay in accounts.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import role_of, unit_id_of
from cchc.units.services import subtree_ids


def dossier_unit_scope(user) -> set[int] | None:
    """The units whose dossiers ``user`` may see: None for the province-wide roles (all of them); for a
    focal point, their unit and every unit under it (a district sees its communes); nothing otherwise."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR}:
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
