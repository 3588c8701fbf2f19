"""Who may see and do what in the PAR index season (issue 13 item 5).

Built on cchc.accounts.permissions (role_of, unit_id_of): the PAR officer (and the administrator) opens a
season and manages it (applicability, survey points, publication); a unit's focal point sees and edits only
its own unit's assessment, and only while it is a draft in the self-assessment stage; it sees other units'
results only once the season is published; leaders, PAR officers, inspectors and appraisers read every
assessment and every result. Appraisal rights (the areas an appraiser scores) are
cchc.parindex.appraisal_permissions'. The pages and the API call the same rules.
"""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.permissions import role_of, unit_id_of

from .choices import AssessmentStatus, SeasonStatus

#: Roles that read every unit's assessment (appraisers read what they appraise: the whole season's
#: assessments, since an appraiser's areas cut across every unit).
READ_ALL = {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR, Role.APPRAISER}


def can_manage(user) -> bool:
    """Open a season, set a unit's applicability, enter survey points, publish: the PAR officer."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_view_seasons(user) -> bool:
    """Open the PAR index pages at all (what they show is then scoped to the user)."""
    return role_of(user) in {*READ_ALL, Role.FOCAL_POINT}


def can_view_season(user) -> bool:
    """A season's page: every unit's status and who has not submitted (province-wide roles)."""
    return role_of(user) in READ_ALL


def can_view_assessment(user, assessment) -> bool:
    """One unit's assessment: its own focal point, and every province-wide reader."""
    role = role_of(user)
    if role in READ_ALL:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == assessment.unit_id


def can_edit_self(user, assessment) -> bool:
    """Self-score, attach evidence, submit: the unit's own focal point, while the assessment is a draft and
    the season is in its self-assessment stage (after submission the scores are the appraisers')."""
    return (role_of(user) == Role.FOCAL_POINT and unit_id_of(user) == assessment.unit_id
            and assessment.status == AssessmentStatus.DRAFT and assessment.season.status == SeasonStatus.SELF)


def can_view_results(user, season) -> bool:
    """A season's results of every unit: leaders, officers, inspectors and appraisers at any time; a focal
    point only after publication (before it, only its own assessment, :func:`can_view_assessment`)."""
    role = role_of(user)
    if role in READ_ALL:
        return True
    return role == Role.FOCAL_POINT and season.status == SeasonStatus.PUBLISHED
