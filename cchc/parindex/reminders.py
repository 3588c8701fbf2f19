"""The PAR index self-assessment deadline, arriving by itself (issue 13 item 2: "reminders before the due date
and for units that have not submitted"): a scheduled job (settings.CCHC_SCHEDULE
"parindex.self_assessment_deadline", every morning) tells, for every season still in its self-assessment
stage,

* each focal point of a unit whose assessment is still a draft, from ``CCHC_PARINDEX_REMINDER_DAYS`` days
  before the self-assessment deadline (settings, [I] 5) and every morning after it has passed, one notice
  per season;
* each PAR officer, on the same days, one notice per season naming the units that have not submitted.

Notices are made through cchc.notices.services.notify with the kind ``self_assessment_deadline``, once per
person, season and day (the key), so a second run the same morning notifies nobody again."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.accounts.choices import Role
from cchc.documents.vietnamese import format_date_short
from cchc.notices.choices import Kind
from cchc.notices.services import notify

from . import permissions, services
from .choices import SeasonStatus
from .models import Season

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 5


def days_before() -> int:
    return int(getattr(settings, "CCHC_PARINDEX_REMINDER_DAYS", DEFAULT_DAYS))


def self_assessment_deadline() -> int:
    return self_assessment_deadline_on(timezone.localdate())


def reminder_due(self_due: date, today: date, days: int) -> bool:
    """Whether a draft is reminded on ``today``: from ``days`` days before the deadline, and every day after."""
    return (self_due - today).days <= days


def self_assessment_deadline_on(today: date) -> int:
    """The notices of one morning (see the module); returns how many were made."""
    days = days_before()
    people = get_user_model().objects.filter(is_active=True).select_related("profile").order_by("pk")
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for season in Season.objects.filter(status=SeasonStatus.SELF).select_related("version"):
            if not reminder_due(season.self_due, today, days):
                continue
            drafts = list(services.not_submitted(season))
            if not drafts:
                continue
            key = f"season-{season.pk}:{today.isoformat()}"
            due = format_date_short(season.self_due)
            late = today > season.self_due
            by_unit = {a.unit_id: a for a in drafts}
            for user in people.filter(profile__role=Role.FOCAL_POINT, profile__unit_id__in=list(by_unit)):
                a = by_unit[user.profile.unit_id]
                if not permissions.can_edit_self(user, a):
                    continue
                title = (_("Đã quá hạn tự đánh giá Chỉ số CCHC {year} ({due}): đơn vị chưa gửi") if late
                         else _("Hạn tự đánh giá Chỉ số CCHC {year}: {due}, đơn vị chưa gửi")).format(
                    year=season.year, due=due)
                body = _("Bản tự đánh giá của {unit} còn đang soạn; còn {n} tiêu chí thành phần chưa chấm hoặc chưa "
                         "giải trình.").format(unit=a.unit.name, n=len(services.missing(a)))
                made += notify(user, kind=Kind.SELF_ASSESSMENT_DEADLINE, title=title, body=body,
                               url=a.get_absolute_url(), key=key) is not None
            names = "\n".join(f"- {a.unit.name}" for a in drafts)
            for user in people.filter(profile__role=Role.PAR_OFFICER):
                if not permissions.can_manage(user):
                    continue
                title = ngettext("{n} đơn vị chưa gửi bản tự đánh giá Chỉ số CCHC {year} (hạn {due})",
                                 "{n} đơn vị chưa gửi bản tự đánh giá Chỉ số CCHC {year} (hạn {due})",
                                 len(drafts)).format(n=len(drafts), year=season.year, due=due)
                made += notify(user, kind=Kind.SELF_ASSESSMENT_DEADLINE, title=title, body=names,
                               url=season.get_absolute_url(), key=key) is not None
    logger.info("self-assessment deadline: %s notices", made)
    return made
