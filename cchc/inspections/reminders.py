"""Remediation deadlines that arrive by themselves (issue 14 item 4: "remediation deadlines"): a scheduled
job (settings.CCHC_SCHEDULE "inspections.remediation_deadlines", run by the job runner every morning) tells

* each focal point of the unit that owns an item still open (not yet reported done) whose deadline is within
  REMEDIATION_NOTICE_DAYS or past, one notice per unit listing its items;
* each inspector (who confirms items closed) of the items reported done and waiting for confirmation, one
  notice listing them.

The items are those of :func:`cchc.inspections.figures.remediation_items_due` (the one rule of "due");
notices are made through cchc.notices.services.notify, once per person and day (the key)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.accounts.choices import Role
from cchc.documents.vietnamese import format_date_short
from cchc.notices.choices import Kind
from cchc.notices.services import notify

from . import permissions
from .choices import RemediationStatus
from .figures import remediation_items_due

logger = logging.getLogger(__name__)

#: How many days before its deadline an open item is first named [I] (then every morning until done).
REMEDIATION_NOTICE_DAYS = 7


def remediation_deadlines() -> int:
    return remediation_deadlines_on(timezone.localdate())


def _line(item) -> str:
    return _("- {action} (hạn {deadline})").format(action=item.action or item.finding.text,
                                                   deadline=format_date_short(item.deadline))


def remediation_deadlines_on(today: date) -> int:
    """The notices of one morning (see the module); returns how many were made."""
    items = remediation_items_due(today, REMEDIATION_NOTICE_DAYS)
    open_by_unit: dict[int, list] = defaultdict(list)
    waiting = []
    for item in items:
        (waiting if item.status == RemediationStatus.SUBMITTED else open_by_unit[item.owner_id]).append(item)
    people = get_user_model().objects.filter(is_active=True).select_related("profile").order_by("pk")
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in people.filter(profile__role=Role.FOCAL_POINT, profile__unit_id__in=list(open_by_unit)):
            unit_id = user.profile.unit_id
            if not permissions.can_submit_for(user, unit_id):
                continue
            rows = open_by_unit[unit_id]
            late = sum(1 for i in rows if i.deadline < today)
            if late:
                title = ngettext("{n} việc khắc phục sau kiểm tra sắp đến hạn hoặc quá hạn ({late} quá hạn)",
                                 "{n} việc khắc phục sau kiểm tra sắp đến hạn hoặc quá hạn ({late} quá hạn)",
                                 len(rows)).format(n=len(rows), late=late)
            else:
                title = ngettext("{n} việc khắc phục sau kiểm tra sắp đến hạn",
                                 "{n} việc khắc phục sau kiểm tra sắp đến hạn", len(rows)).format(n=len(rows))
            body = "\n".join(_line(i) for i in rows)
            url = reverse("inspections:item", args=[rows[0].pk]) if len(rows) == 1 else reverse("inspections:index")
            made += notify(user, kind=Kind.REMEDIATION_DEADLINE, title=title, body=body, url=url,
                           key=today.isoformat()) is not None
        if waiting:
            for user in people.filter(profile__role=Role.INSPECTOR):
                if not permissions.can_close(user):
                    continue
                title = ngettext("{n} việc khắc phục đơn vị đã báo cáo, chờ đoàn kiểm tra xác nhận",
                                 "{n} việc khắc phục đơn vị đã báo cáo, chờ đoàn kiểm tra xác nhận",
                                 len(waiting)).format(n=len(waiting))
                body = "\n".join(_("- {unit}: {line}").format(unit=i.owner.name, line=_line(i)[2:]) for i in waiting)
                made += notify(user, kind=Kind.REMEDIATION_DEADLINE, title=title, body=body,
                               url=reverse("inspections:index"), key=today.isoformat()) is not None
    logger.info("remediation deadlines: %s notices", made)
    return made
