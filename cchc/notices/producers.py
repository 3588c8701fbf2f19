"""The scheduled producers of notices (issue 14 item 4, PRODUCT F19; settings.CCHC_SCHEDULE names them).

Each is a module-level function without arguments the job runner calls on its schedule; each reads the
rule and the scope of the app that owns the thing (no rule is written again here) and notifies only the
people who may see it, through ``cchc.notices.services.notify``. Each is idempotent: its keys hold the day
(or the state the object entered), so a second run the same day notifies nobody again. The text is written
in the site's language (settings.LANGUAGE_CODE): nobody's page is being served. docs/notifications.md.

The ``*_on`` functions take the day (and time) so that tests and the demo run them for a given moment.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.accounts.choices import Role
from cchc.accounts.permissions import unit_id_of
from cchc.core.reporting import Reminder as ReportReminder
from cchc.core.tasks import TaskStatus
from cchc.corrective import permissions as corrective_permissions
from cchc.corrective import services as corrective
from cchc.corrective.choices import ActionState
from cchc.documents.vietnamese import format_date_short
from cchc.dossiers.models import Dossier
from cchc.dossiers.permissions import dossier_unit_scope
from cchc.dossiers.views import near_due_lists
from cchc.plans import permissions as plans_permissions
from cchc.plans.models import Assignment
from cchc.reporting import permissions as reporting_permissions
from cchc.reporting.notifications import record_reminder, reminder_text, reminders_due

from . import services
from .choices import Frequency, Kind

logger = logging.getLogger(__name__)

#: The dossiers a digest names (its counts cover the near-due page's lists, which it links).
DIGEST_NAMED = 10


def _people(role: str, **filters):
    return (get_user_model().objects.filter(is_active=True, profile__role=role, **filters)
            .select_related("profile").order_by("pk"))


def _focal_points():
    return _people(Role.FOCAL_POINT, profile__unit__isnull=False)


# --- the morning digest of dossiers ---------------------------------------------------------------------

def morning_digest() -> int:
    return morning_digest_on(timezone.now())


def morning_digest_on(now: datetime) -> int:
    """Each focal point: their units' open dossiers due within NEAR_DUE_HOURS and those already overdue, read
    by the near-due page's own function (cchc.dossiers.views.near_due_lists: bounded reads on the partial
    indexes of open dossiers) over the dossiers they may see (cchc.dossiers.permissions.dossier_unit_scope:
    their unit and the units under it). Nothing when both lists are empty. Key: the day."""
    today = timezone.localdate(now)
    hours = settings.NEAR_DUE_HOURS
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in _focal_points():
            scope = dossier_unit_scope(user)
            if not scope:
                continue
            soon, overdue = near_due_lists(Dossier.objects.filter(unit_id__in=scope), now=now, horizon=timedelta(hours=hours))
            soon, overdue = list(soon.select_related("unit")), list(overdue.select_related("unit"))
            if not soon and not overdue:
                continue
            title = _("Hồ sơ sáng {day}: {overdue} quá hạn, {soon} đến hạn trong {hours} giờ tới").format(
                day=format_date_short(today), overdue=len(overdue), soon=len(soon), hours=hours)
            lines = []
            for heading, rows in ((_("Quá hạn, chưa giải quyết xong:"), overdue),
                                  (_("Đến hạn trong {hours} giờ tới:").format(hours=hours), soon)):
                if rows:
                    lines.append(heading)
                    lines += [_("- {code} ({unit}), hạn {due}").format(
                        code=d.code, unit=d.unit.name, due=timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y"))
                        for d in rows[:DIGEST_NAMED]]
                    if len(rows) > DIGEST_NAMED:
                        lines.append(_("… và {n} hồ sơ khác.").format(n=len(rows) - DIGEST_NAMED))
            made += services.notify(user, kind=Kind.DOSSIER_DIGEST, title=title, body="\n".join(lines),
                                    url=reverse("dossiers:near_due"), key=today.isoformat()) is not None
    logger.info("morning digest: %s notices", made)
    return made


# --- periodic reports ---------------------------------------------------------------------------------

def report_reminders() -> int:
    return report_reminders_on(timezone.localdate())


def report_reminders_on(today: date) -> int:
    """The reminders the reporting rule calls for today (cchc.reporting.notifications.reminders_due, the
    rule `cchc reports remind` follows), as notices to each focal point of the unit who may read its report,
    each recorded like the command's e-mails so that neither repeats the other; then, per period, the PAR
    officers are told which units are reminded for a missing report (overdue). Keys: the day, the period,
    the unit and the reminder."""
    made = 0
    due = reminders_due(today=today)
    focal = defaultdict(list)
    for user in _focal_points().filter(profile__unit_id__in={d.unit.pk for d in due}):
        focal[unit_id_of(user)].append(user)
    missing = defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for item in due:
            subject, body = reminder_text(item.kind, item.period, item.report, item.unit.name, today)
            url = item.report.get_absolute_url() if item.report else reverse("reporting:periods")
            reached = []
            for user in focal.get(item.unit.pk, []):
                if item.report is not None and not reporting_permissions.can_view_report(user, item.report):
                    continue
                key = f"{today.isoformat()}:{item.period.pk}:{item.unit.pk}:{item.kind.value}"
                if services.notify(user, kind=Kind.REPORT_DEADLINE, title=subject.removeprefix("[CCHC] "),
                                   body=body, url=url, key=key) is not None:
                    reached.append(user.email or user.username)
                    made += 1
            if reached:
                record_reminder(item, today=today, recipients=reached)
            if item.kind == ReportReminder.OVERDUE:
                missing[item.period].append(item.unit.name)
        officers = [u for u in _people(Role.PAR_OFFICER) if reporting_permissions.can_view_period_overview(u)]
        for period, names in missing.items():
            title = ngettext("{period}: {n} đơn vị chưa gửi báo cáo, đã quá hạn {deadline}",
                             "{period}: {n} đơn vị chưa gửi báo cáo, đã quá hạn {deadline}", len(names)).format(
                period=period.label, n=len(names), deadline=format_date_short(period.deadline))
            for user in officers:
                made += services.notify(user, kind=Kind.REPORT_MISSING, title=title, body="\n".join(names),
                                        url=period.get_absolute_url(),
                                        key=f"{today.isoformat()}:{period.pk}") is not None
    logger.info("report reminders: %s due, %s notices", len(due), made)
    return made


# --- plan tasks -------------------------------------------------------------------------------------

def overdue_tasks() -> int:
    return overdue_tasks_on(timezone.localdate())


def overdue_tasks_on(today: date) -> int:
    """Each focal point who follows their unit's tasks (cchc.plans.permissions.can_view_own_tasks): the
    unit's tasks past their deadline and not done (AssignmentQuerySet.overdue, the "Quá hạn" of "Nhiệm vụ
    của đơn vị"), one notice listing them. Key: the day."""
    made = 0
    by_unit: dict[int, list[Assignment]] = {}
    url = f"{reverse('plans:my_tasks')}?{urlencode({'status': TaskStatus.OVERDUE.value})}"
    with translation.override(settings.LANGUAGE_CODE):
        for user in _focal_points():
            if not plans_permissions.can_view_own_tasks(user):
                continue
            unit_id = unit_id_of(user)
            if unit_id not in by_unit:
                by_unit[unit_id] = list(Assignment.objects.for_unit(unit_id).overdue(today)
                                        .select_related("task").order_by("task__deadline", "task__code"))
            rows = by_unit[unit_id]
            if not rows:
                continue
            title = ngettext("{n} nhiệm vụ của đơn vị đã quá hạn, chưa hoàn thành",
                             "{n} nhiệm vụ của đơn vị đã quá hạn, chưa hoàn thành", len(rows)).format(n=len(rows))
            body = "\n".join(_("- {code}: {title} (hạn {deadline}, tiến độ {progress}%)").format(
                code=a.task.code, title=a.task.title, deadline=format_date_short(a.task.deadline), progress=a.progress)
                for a in rows)
            made += services.notify(user, kind=Kind.TASK_OVERDUE, title=title, body=body, url=url,
                                    key=today.isoformat()) is not None
    logger.info("overdue tasks: %s notices", made)
    return made


# --- corrective actions -------------------------------------------------------------------------------

def waiting_actions() -> int:
    return waiting_actions_on(timezone.localdate())


def waiting_actions_on(today: date) -> int:
    """The corrective actions waiting for someone, through the list's own scoping (cchc.corrective.services
    .listed): each focal point who may answer for their unit (can_respond_for) hears of its actions waiting
    for the unit's explanation; each PAR officer who confirms (can_confirm_actions), of those waiting for
    confirmation. Once per action and state: the key is the action, its state and the day it entered it
    (a returned action waits again and is told again)."""
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in _focal_points():
            for action in corrective.listed(user, state=ActionState.REQUIRED.value):
                if not corrective_permissions.can_respond_for(user, action.unit_id):
                    continue
                title = _("Chỉ tiêu {target} không đạt liên tiếp: đơn vị cần giải trình, đề ra biện pháp khắc phục").format(
                    target=action.target.code)
                made += _tell(user, action, title)
        for user in _people(Role.PAR_OFFICER):
            if not corrective_permissions.can_confirm_actions(user):
                continue
            for action in corrective.listed(user, state=ActionState.SUBMITTED.value):
                title = _("{unit} đã gửi giải trình chỉ tiêu {target}: biện pháp khắc phục chờ xác nhận").format(
                    unit=action.unit.name, target=action.target.code)
                made += _tell(user, action, title)
    logger.info("waiting corrective actions: %s notices (%s)", made, today)
    return made


def _tell(user, action, title: str) -> int:
    body = _("{target} — {unit}. Các kỳ không đạt: {periods}.").format(
        target=action.target.text, unit=action.unit.name, periods=action.periods)
    entered = timezone.localdate(action.updated_at).isoformat()
    return services.notify(user, kind=Kind.ACTION_WAITING, title=title, body=body, url=action.get_absolute_url(),
                           key=f"{action.pk}:{action.state}:{entered}") is not None


# --- e-mail digests -----------------------------------------------------------------------------------

def daily_digests() -> int:
    """The daily e-mail of the notices people chose to get "hằng ngày"."""
    return services.send_digests(Frequency.DAILY)


def weekly_digests() -> int:
    """The weekly e-mail of the notices people chose to get "hằng tuần"."""
    return services.send_digests(Frequency.WEEKLY)


def run_all_on(now: datetime) -> dict[str, int]:
    """Every producer for one moment (the demo, `cchc notices run all`); the digests are left to their time."""
    today = timezone.localdate(now)
    return {"morning_digest": morning_digest_on(now), "report_reminders": report_reminders_on(today),
            "overdue_tasks": overdue_tasks_on(today), "waiting_actions": waiting_actions_on(today)}

