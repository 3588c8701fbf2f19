"""Who may do what with plans, tasks and their progress (issue #2, PRODUCT F17). The plan pages, the plan
API and the progress service ask these functions; templates only hide what they refuse.

Rules: anyone with a role reads plans, targets and progress (an integration account only pushes data);
the PAR officer (Department of Home Affairs) and the system administrator import and edit plans and report
progress for any unit; a unit's focal point reports its own unit's progress, and sees the evidence files of
its own unit only (leaders, inspectors and PAR index appraisers see them all). The role predicates (``role_of``,
``unit_id_of``, ``require``) stay in cchc.accounts.permissions.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of, unit_id_of


def can_view_plans(user) -> bool:
    """Plans, targets and their evaluation, tasks, assignments and progress."""
    return can_view(user)


def can_view_own_tasks(user) -> bool:
    """"Việc của đơn vị tôi": only a person bound to a unit has tasks of their own."""
    return can_view_plans(user) and unit_id_of(user) is not None


def can_manage_plans(user) -> bool:
    """Importing and editing plans is the PAR officer's job (and the administrator's)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_report_for(user, unit_id: int) -> bool:
    """Whether ``user`` may report progress for work assigned to the unit ``unit_id``."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.PAR_OFFICER}:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == unit_id


def can_see_evidence_of(user, unit_id: int) -> bool:
    """Evidence files of progress are internal: the unit itself and the province-wide roles see them."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == unit_id
