"""Who may see and do what with inspections (issue 14 item 1).

Built on cchc.accounts.permissions (role_of, unit_id_of): the PAR officer draws and manages the plans and,
with the inspectors, records inspections, findings and results notices; the inspector (a member of the
inspection team) confirms a remediation item closed; the inspected unit's focal point sees only its own
unit's inspections and items and reports its remediation with evidence; leaders read everything; the
administrator may do everything. The pages and the API call the same rules.
"""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.permissions import can_view, role_of, unit_id_of

#: Read every unit's inspections (a PAR index appraiser too, who records and closes nothing: issue 13).
PROVINCE_WIDE = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}


def can_list(user) -> bool:
    """Open the inspection pages at all (what they show is then scoped by :func:`unit_scope`)."""
    return can_view(user)


def unit_scope(user) -> int | None:
    """None when ``user`` sees every unit's inspections; else the one unit whose inspections they see (a
    focal point's own; -1, nothing, for a focal point with no unit)."""
    if role_of(user) in PROVINCE_WIDE:
        return None
    return unit_id_of(user) or -1


def can_view_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    if role in PROVINCE_WIDE:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == unit_id


def can_view_plans(user) -> bool:
    """The plans themselves (the drawn lists, every unit's risk inputs): the province-wide roles."""
    return role_of(user) in PROVINCE_WIDE


def can_manage_plans(user) -> bool:
    """Draw a plan, add or swap units, draw the unannounced inspections, issue the plan: the PAR officer."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_record(user) -> bool:
    """Write an inspection's record, its findings and its results notice: the PAR officer, who leads the
    team (DOMAIN §12.5: a team led by the Sở Nội vụ), and the inspectors."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER, Role.INSPECTOR}


def can_submit_for(user, unit_id: int) -> bool:
    """Report a remediation item done with its evidence: the owner unit's own focal point."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.FOCAL_POINT and unit_id_of(user) == unit_id)


def can_close(user) -> bool:
    """Confirm a remediation item closed (or return it): the inspector."""
    return role_of(user) in {Role.ADMIN, Role.INSPECTOR}
