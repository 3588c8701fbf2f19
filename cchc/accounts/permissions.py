"""Who may do what: the roles' rules every app shares. Every view and API call asks these functions (or
its app's own ``permissions.py``, which builds on them); templates only hide what they refuse.

Rules (issue #2, PRODUCT F17): the PAR officer (Department of Home Affairs) and the system administrator
act province-wide; a unit's focal point acts only on their own unit's work; leaders and inspectors read
everything and change nothing; a PAR index appraiser (issue 13) reads the province's figures, reports and
dossiers as an inspector does and writes only the appraisal of the seasons they are assigned to
(cchc.parindex.appraisal_permissions); the province-wide audit trail is not theirs.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from cchc.core.errors import NotAllowed

from .choices import Role


def role_of(user) -> str | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def unit_id_of(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.unit_id if profile else None


def can_view(user) -> bool:
    """Any person with a role reads plans, units and progress (an integration account only pushes data)."""
    return role_of(user) not in {None, Role.INTEGRATION}


def can_push_dossiers(user) -> bool:
    """One-stop systems push dossier records through the API; the administrator may too."""
    return role_of(user) in {Role.ADMIN, Role.INTEGRATION}


def can_upload_dossiers(user) -> bool:
    """Uploading a one-stop system's export file is the PAR officer's job (and the administrator's)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER}


def can_view_audit(user) -> bool:
    """The province-wide audit trail (every object, every actor, their addresses): the administrator, the
    PAR officer, and leaders and inspectors, who read everything. A focal point reads it nowhere: only the
    history of their own unit's things, on those things' history pages (each app's read rule)."""
    return role_of(user) in {Role.ADMIN, Role.PAR_OFFICER, Role.LEADER, Role.INSPECTOR}


def can_view_jobs(user) -> bool:
    """The background jobs and the schedule (queued, failed with their errors, recent successes): the
    system administrator's, who keeps the server running."""
    return role_of(user) == Role.ADMIN


def require(allowed: bool) -> None:
    """Raise the domain's refusal unless ``allowed``; the web layer turns it into a 403 page."""
    if not allowed:
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))
