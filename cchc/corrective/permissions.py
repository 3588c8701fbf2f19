"""Who may see, answer and confirm corrective actions.

Built on cchc.accounts.permissions (role_of, unit_id_of): everybody with a role may open the list (the
province-wide roles see every unit's actions, a focal point only those of their own unit); the unit's
focal point answers its actions; the PAR officer confirms them (or returns them to the unit) and runs the
detection; the administrator may do everything; leaders and inspectors read and change nothing. The pages
and the API call the same rules.
"""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.permissions import can_view, role_of, unit_id_of

PROVINCE_WIDE = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}
CONTROLLERS = {Role.ADMIN, Role.PAR_OFFICER}


def can_list_actions(user) -> bool:
    """Open the list at all (what it shows is then scoped by :func:`action_unit_scope`)."""
    return can_view(user)


def action_unit_scope(user) -> int | None:
    """None when ``user`` sees every unit's actions; else the one unit whose actions they see.
    Only meaningful for a user who passes ``can_list_actions``."""
    if role_of(user) in PROVINCE_WIDE:
        return None
    return unit_id_of(user)


def can_view_actions_of(user, unit_id: int) -> bool:
    role = role_of(user)
    if role in PROVINCE_WIDE:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == unit_id


def can_respond_for(user, unit_id: int) -> bool:
    """The unit's own focal point writes its explanation and corrective action (and the administrator)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == unit_id


def can_confirm_actions(user) -> bool:
    """Confirming (or returning) a unit's corrective action is the PAR officer's control."""
    return role_of(user) in CONTROLLERS


def can_detect_actions(user) -> bool:
    return role_of(user) in CONTROLLERS
