"""Who may open the leaders' dashboard.

Built on cchc.accounts.permissions: everybody with a role reads the dashboard (figures are the province's
own, as on the 766 scoreboard). Who sees, answers and confirms corrective actions is
cchc.corrective.permissions.
"""

from __future__ import annotations

from cchc.accounts.permissions import can_view
from cchc.dossiers.permissions import can_view_dossiers_of, dossier_unit_scope


def can_view_dashboard(user) -> bool:
    return can_view(user)


def can_view_unit_integrity(user, unit_id: int) -> bool:
    """A unit's integrity flags (issue 14 item 2): they open lists of citizens' dossiers, so those who may
    see the unit's dossiers (cchc.dossiers.permissions: the province-wide roles; a focal point for its own
    unit and those under it)."""
    return can_view_dashboard(user) and can_view_dossiers_of(user, unit_id)


def can_view_province_integrity(user) -> bool:
    """Every unit's integrity flags side by side: the PAR officer, inspectors, leaders and the
    administrator (those who read every unit's dossiers); a focal point is sent to its own unit's page."""
    return can_view_dashboard(user) and dossier_unit_scope(user) is None
