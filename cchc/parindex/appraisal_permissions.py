"""Who may appraise, answer and decide in a PAR index season (issue 13 items 2 and 5).

Built on cchc.accounts.permissions (role_of, unit_id_of). The PAR officer (and the administrator) forms the
Tổ thẩm định of a season (AppraiserScope: a member and the areas they appraise, none listed meaning every
area) and may appraise everything; a member appraises, and decides after the unit's response, only the
components of the areas in their scope, in the seasons they are assigned to (DOMAIN §12.3: a team led by
the Sở Nội vụ with members from other departments). The unit's own focal point answers the appraisal, once.
The pages and the services ask these same functions.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import role_of, unit_id_of

from . import permissions
from .models import AppraiserScope

#: The roles a member of the Tổ thẩm định may have (Sở Nội vụ staff are PAR officers).
APPRAISER_ROLES = {Role.APPRAISER, Role.PAR_OFFICER}


def can_assign(user) -> bool:
    """Form the season's Tổ thẩm định and move the season to appraisal: the PAR officer, the administrator."""
    return permissions.can_manage(user)


def scope_of(user, season) -> AppraiserScope | None:
    """``user``'s membership of ``season``'s Tổ thẩm định (None when not a member, or no longer of a role
    that appraises)."""
    if role_of(user) not in APPRAISER_ROLES:
        return None
    return AppraiserScope.objects.filter(season=season, user=user).first()


def area_ids_of(user, season) -> set[int] | None:
    """The areas ``user`` appraises in ``season``: None for every area (a manager, or a member without
    listed areas), an empty set for none (not a member)."""
    if permissions.can_manage(user):
        return None
    scope = scope_of(user, season)
    if scope is None:
        return set()
    areas = set(scope.areas.values_list("pk", flat=True))
    return areas or None


def can_open_queue(user) -> bool:
    """The appraisal queue: the members of a Tổ thẩm định and the PAR officer (an appraiser not assigned
    to any season sees an empty queue)."""
    return permissions.can_manage(user) or role_of(user) == Role.APPRAISER


def can_view_appraisal(user, assessment) -> bool:
    """The appraisal page of an assessment: a manager, or a member of its season's Tổ thẩm định."""
    return permissions.can_manage(user) or scope_of(user, assessment.season_id) is not None


def can_appraise(user, score) -> bool:
    """Accept or adjust ``score`` (and decide it after the unit's response): a manager; or a member of
    the season's Tổ thẩm định whose areas include the score's area (none listed: every area)."""
    if permissions.can_manage(user):
        return True
    areas = area_ids_of(user, score.assessment.season_id)
    if areas is None:
        return scope_of(user, score.assessment.season_id) is not None
    return score.component.criterion.area_id in areas


def can_finish(user, assessment) -> bool:
    """Finish an assessment's appraisal or close it after the response: a manager or a member of the season's
    Tổ thẩm định (every applicable component must have been appraised, whoever appraised it)."""
    return can_view_appraisal(user, assessment)


def can_respond(user, assessment) -> bool:
    """The unit's one response to the appraisal: its own focal point."""
    return role_of(user) == Role.FOCAL_POINT and unit_id_of(user) == assessment.unit_id
