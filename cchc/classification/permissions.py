"""Who may see and decide the yearly classification and record reminders.

Built on cchc.accounts.permissions: the PAR officer (and the administrator) runs the proposals, confirms or
overrides them and records reminders; leaders and inspectors read every unit's; a unit's focal point reads
only its own unit's proposal and reminders; an integration account reads nothing. Pages and API call these.
"""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.permissions import role_of, unit_id_of

PROVINCE_WIDE = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}
DECIDERS = {Role.ADMIN, Role.PAR_OFFICER}


def can_view_classification(user) -> bool:
    """Open the list at all (its rows are then scoped by :func:`unit_scope`)."""
    role = role_of(user)
    return role in PROVINCE_WIDE or (role == Role.FOCAL_POINT and unit_id_of(user) is not None)


def unit_scope(user) -> int | None:
    """None when ``user`` sees every unit; else the one unit whose proposal and reminders they see."""
    return None if role_of(user) in PROVINCE_WIDE else unit_id_of(user)


def can_view_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    return role in PROVINCE_WIDE or (role == Role.FOCAL_POINT and unit_id_of(user) == unit_id)


def can_decide(user) -> bool:
    """Run the proposals, confirm or override a level: the PAR officer's (and the administrator's)."""
    return role_of(user) in DECIDERS


def can_record_reminder(user) -> bool:
    return role_of(user) in DECIDERS
