"""Who may see what of the Decision 766 scoreboard: the pages (cchc.scoreboard.views) and the API
(cchc.scoreboard.api) ask these functions, so both answer the same (issue #2, PRODUCT F17).

The ranking and every unit's scorecard are province-wide figures: anyone with a role reads them (an
integration account only pushes data). The list of dossiers behind an indicator names citizens' dossiers:
only those who may see that unit's dossiers (cchc.dossiers.permissions.dossier_unit_scope: the
province-wide roles, and a focal point for its own unit and the units under it) may read it.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of
from cchc.dossiers.permissions import can_view_dossiers_of, dossier_unit_scope


def can_view_scoreboard(user) -> bool:
    """The ranking and the scorecards of every unit."""
    return can_view(user)


def can_view_lost_dossiers(user, unit_id: int) -> bool:
    """The dossiers that cost the unit ``unit_id`` points ("xem hồ sơ")."""
    return can_view_scoreboard(user) and can_view_dossiers_of(user, unit_id)


def can_view_whatif(user, unit_id: int) -> bool:
    """A unit's "Điểm có thể tăng" (issue #15, item 4): it names the dossiers behind the lost points, so
    it is read by those who may read them ("xem hồ sơ"): the province-wide roles, a focal point for its
    own unit (and those under it)."""
    return can_view_lost_dossiers(user, unit_id)


def can_view_province_whatif(user) -> bool:
    """The province's "Điểm có thể tăng" across its units: the PAR officer, leaders, inspectors and the
    administrator (those who read every unit's dossiers); a focal point reads its own unit's page."""
    return can_view_scoreboard(user) and role_of(user) != Role.FOCAL_POINT and dossier_unit_scope(user) is None
