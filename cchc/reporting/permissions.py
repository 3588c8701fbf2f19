"""Who may do what with reporting periods and unit reports (the style of cchc.accounts.permissions).

Rules (issue #4, PRODUCT F3/F17): the PAR officer of the Department of Home Affairs and the system
administrator open and close periods, review reports (return with comments, approve) and generate the
province's documents; a unit's focal point edits and submits its own unit's report only, and sees no other
unit's report; leaders and inspectors read everything and change nothing. Which workflow step a report's
state allows is the pure rule cchc.core.reporting.allowed; this module says which actor a user is.
"""

from __future__ import annotations

from cchc.accounts.choices import Role
from cchc.accounts.permissions import can_view, role_of, unit_id_of
from cchc.core import reporting as rules

REVIEWERS = {Role.ADMIN, Role.PAR_OFFICER}
#: Read every report and change none; a PAR index appraiser reads them as an inspector does (issue 13).
READERS = {Role.LEADER, Role.INSPECTOR, Role.APPRAISER}


def can_manage_periods(user) -> bool:
    """Opening, closing and reopening periods, and generating the province's report."""
    return role_of(user) in REVIEWERS


def can_review(user) -> bool:
    return role_of(user) in REVIEWERS


def can_view_periods(user) -> bool:
    """The list of periods: everyone with a role (a focal point sees its own unit's report in each)."""
    return can_view(user)


def can_view_period_overview(user) -> bool:
    """A period's page lists every unit's report and timeliness: province-wide roles only."""
    return role_of(user) in REVIEWERS | READERS


def can_view_report(user, report) -> bool:
    """Province-wide roles read every report (drafts included); a focal point only its own unit's."""
    role = role_of(user)
    if role in REVIEWERS | READERS:
        return True
    return role == Role.FOCAL_POINT and unit_id_of(user) == report.unit_id


def actor_for(user, report) -> rules.Actor:
    """The part ``user`` plays on ``report`` in the workflow."""
    role = role_of(user)
    if role in REVIEWERS:
        return rules.Actor.REVIEWER
    if role == Role.FOCAL_POINT and unit_id_of(user) == report.unit_id:
        return rules.Actor.UNIT
    return rules.Actor.READER


def may(user, report, action: rules.Action) -> bool:
    """Whether ``user`` may take ``action`` on ``report`` now (its state, its period, its version)."""
    if not can_view_report(user, report):
        return False
    return rules.allowed(report.state, action, actor_for(user, report), period_open=report.period.is_open,
                         current=report.is_current)


def can_edit(user, report) -> bool:
    return may(user, report, rules.Action.EDIT)


def can_export_report(user, report) -> bool:
    """An approved report exports as official documents for whoever may read it."""
    return can_view_report(user, report) and report.is_locked
