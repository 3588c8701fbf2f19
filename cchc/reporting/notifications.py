"""E-mails of periodic reporting (PRODUCT F19): reminders before the deadline and for missing reports,
and the notice a unit gets when its report is returned. They go to the unit's focal points (accounts
with the focal-point role for that unit and an e-mail address), in Vietnamese whatever language the
sender's page was in. The backend is the console by default and SMTP when configured (cchc.settings,
docs/reporting.md)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from cchc.accounts.services import focal_point_emails
from cchc.core import reporting as rules
from cchc.documents.vietnamese import format_date_short
from cchc.units.models import Unit
from cchc.units.services import unit_order

from .models import Reminder, ReportingPeriod, UnitReport

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify_returned(report: UnitReport, comment: str) -> int:
    """Tell the unit its report came back, with the reviewer's comments; the number of messages sent."""
    recipients = focal_point_emails([report.unit_id]).get(report.unit_id, [])
    if not recipients:
        logger.warning("returned report %s: unit %s has no focal point with an e-mail address", report.pk, report.unit_id)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[CCHC] Báo cáo {period} của {unit} bị trả lại để hoàn thiện").format(
            period=report.period.label, unit=report.unit.name)
        body = _(
            "Sở Nội vụ đã trả lại báo cáo kết quả thực hiện công tác cải cách hành chính {period} của {unit} "
            "để đơn vị hoàn thiện.\n\nÝ kiến:\n{comment}\n\nHạn gửi báo cáo: {deadline}.\n"
            "Xem, chỉnh sửa và gửi lại báo cáo: {url}\n"
        ).format(period=report.period.label, unit=report.unit.name, comment=comment,
                 deadline=format_date_short(report.period.deadline), url=absolute(report.get_absolute_url()))
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def reminder_text(kind: rules.Reminder, period: ReportingPeriod, report: UnitReport | None, unit_name: str,
                   today: date) -> tuple[str, str]:
    deadline = format_date_short(period.deadline)
    url = absolute(report.get_absolute_url()) if report else absolute("/reports/")
    if kind == rules.Reminder.BEFORE:
        days = (period.deadline - today).days
        subject = _("[CCHC] Nhắc gửi báo cáo CCHC {period}: hạn {deadline}").format(period=period.label, deadline=deadline)
        body = _(
            "{unit} chưa gửi báo cáo kết quả thực hiện công tác cải cách hành chính {period}. "
            "Hạn gửi là ngày {deadline} (còn {days} ngày).\n\nBáo cáo đã được điền sẵn số liệu của hệ thống; "
            "đơn vị bổ sung số liệu tự nhập, nội dung theo lĩnh vực rồi gửi tại: {url}\n"
        ).format(unit=unit_name, period=period.label, deadline=deadline, days=days, url=url)
    else:
        subject = _("[CCHC] Quá hạn gửi báo cáo CCHC {period}").format(period=period.label)
        body = _(
            "Đã quá hạn gửi báo cáo kết quả thực hiện công tác cải cách hành chính {period} (hạn {deadline}) "
            "nhưng {unit} chưa gửi. Đề nghị đơn vị hoàn thành và gửi ngay tại: {url}\n"
        ).format(unit=unit_name, period=period.label, deadline=deadline, url=url)
    return subject, body


@dataclass
class ReminderRun:
    """What one run of the reminders did: (period, unit name, kind, addresses) sent, and the units that
    should have been reminded but have no focal point with an e-mail address."""

    sent: list[tuple[ReportingPeriod, str, str, list[str]]] = field(default_factory=list)
    no_address: list[tuple[ReportingPeriod, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class DueReminder:
    """One reminder the rule calls for today: the period, the unit, which reminder, the unit's current report."""

    period: ReportingPeriod
    unit: Unit
    kind: rules.Reminder
    report: UnitReport | None


def reminders_due(*, today: date, days_before: int = rules.DEFAULT_DAYS_BEFORE,
                  repeat_days: int = rules.DEFAULT_REPEAT_DAYS) -> list[DueReminder]:
    """Every unit of an open period whose report is not in and that the rule cchc.core.reporting.reminder_due
    says to remind today, given the reminders already recorded (``record_reminder``). The one reading of the
    rule: `cchc reports remind` (``send_reminders``) and the scheduled notices (cchc.notices.producers) both
    call it, and both record what they sent, so whichever runs first on a day is the one that reminds."""
    due = []
    for period in ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).select_related("province"):
        submitted = set(UnitReport.objects.filter(period=period, submitted_at__isnull=False).values_list("unit_id", flat=True))
        last = {(row["unit_id"], row["kind"]): row["last"]
                for row in Reminder.objects.filter(period=period).values("unit_id", "kind").annotate(last=Max("sent_on"))}
        current = {r.unit_id: r for r in UnitReport.objects.filter(period=period, is_current=True)}
        for unit in sorted(period.units.all(), key=unit_order):
            kind = rules.reminder_due(
                deadline=period.deadline, today=today, submitted=unit.pk in submitted, days_before=days_before,
                last_before=last.get((unit.pk, rules.Reminder.BEFORE.value)),
                last_overdue=last.get((unit.pk, rules.Reminder.OVERDUE.value)), repeat_days=repeat_days)
            if kind is not None:
                due.append(DueReminder(period, unit, kind, current.get(unit.pk)))
    return due


def record_reminder(due: DueReminder, *, today: date, recipients: list[str]) -> None:
    """Note that ``due`` was sent today to ``recipients``, so that the rule does not call for it again."""
    Reminder.objects.create(period=due.period, unit=due.unit, kind=due.kind.value, sent_on=today,
                            recipients=", ".join(recipients))


def send_reminders(*, today: date, days_before: int = rules.DEFAULT_DAYS_BEFORE,
                   repeat_days: int = rules.DEFAULT_REPEAT_DAYS, dry_run: bool = False) -> ReminderRun:
    """E-mail the focal points of every unit of an open period whose report is not in, when the rule
    cchc.core.reporting.reminder_due says so (``reminders_due``); each message sent is recorded so that a
    daily run does not repeat it. With ``dry_run`` nothing is sent or recorded."""
    run = ReminderRun()
    due = reminders_due(today=today, days_before=days_before, repeat_days=repeat_days)
    addresses = focal_point_emails({d.unit.pk for d in due})  # one query for every unit
    for item in due:
        period, unit, kind = item.period, item.unit, item.kind
        recipients = addresses.get(unit.pk, [])
        if not recipients:
            run.no_address.append((period, unit.name, kind.value))
            continue
        if not dry_run:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = reminder_text(kind, period, item.report, unit.name, today)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            record_reminder(item, today=today, recipients=recipients)
        run.sent.append((period, unit.name, kind.value, recipients))
    return run
