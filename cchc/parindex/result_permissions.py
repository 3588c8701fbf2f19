"""Who reads and corrects PAR index results (issue 13 item 5): leaders, PAR officers, inspectors,
appraisers and the administrator read every result at any time; a unit's focal point reads results (its
own and the others') only once the season is published; correcting a published result and entering survey
points is the PAR officer's (and the administrator's).

The same rules as the contract's ``permissions.can_view_results(user, season)`` (pi-season's module);
the pages, the API and the services of results ask these."""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import role_of

from .choices import SeasonStatus

READ_ALL = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}


def can_view_results(user, season) -> bool:
    role = role_of(user)
    if role in READ_ALL:
        return True
    return role == Role.FOCAL_POINT and season.status == SeasonStatus.PUBLISHED


def can_view_any_results(user) -> bool:
    """Whether the user may list seasons (their results still each gated by ``can_view_results``)."""
    return role_of(user) in READ_ALL | {Role.FOCAL_POINT}


def can_correct(user) -> bool:
    """Enter survey points, publish, correct a published result: the PAR officer and the administrator."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}
