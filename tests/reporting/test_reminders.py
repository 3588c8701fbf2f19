"""Reminders by e-mail (`cchc reports remind`): before the deadline to units whose report is not in, after
it for missing reports; never twice for the same reason; Django's locmem outbox stands for the server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.accounts.services import focal_point_emails
from cchc.reporting import services
from cchc.reporting.models import Reminder
from cchc.reporting.notifications import send_reminders

from .conftest import fill


def remind(today: str, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("reports", "remind", "--today", today, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reminders_before_the_deadline_go_to_units_not_in_yet(period, province, mail_users):
    report = services.current_report(period, province.commune.pk)
    fill(report, mail_users["focal_commune"])
    services.submit(user=mail_users["focal_commune"], report=report, now=datetime(2022, 4, 6, 3, 0, tzinfo=UTC))

    out, err = remind("2022-04-06")  # 4 days before the 10th: too early
    assert mail.outbox == []
    out, err = remind("2022-04-07")  # 3 days before

    assert sorted(m.to[0] for m in mail.outbox) == ["focal.commune2@example.vn", "focal.district@example.vn", "focal.snv@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["focal.commune2@example.vn"])
    assert message.subject == "[CCHC] Nhắc gửi báo cáo CCHC Quý I/2022: hạn 10/04/2022"
    assert "Xã Mỹ Lộc chưa gửi báo cáo" in message.body and "còn 3 ngày" in message.body
    commune2_report = services.current_report(period, province.commune2.pk)
    assert f"http://127.0.0.1:8000/reports/r/{commune2_report.pk}/" in message.body
    assert "Đã gửi 3 thư nhắc; 0 đơn vị không có địa chỉ e-mail." in out

    remind("2022-04-08")  # already reminded before the deadline
    assert len(mail.outbox) == 3
    assert Reminder.objects.filter(kind="before").count() == 3


def test_missing_reports_are_reminded_after_the_deadline_every_week(period, province, mail_users):
    remind("2022-04-11")
    assert len(mail.outbox) == 4
    assert all(m.subject == "[CCHC] Quá hạn gửi báo cáo CCHC Quý I/2022" for m in mail.outbox)
    remind("2022-04-17")
    assert len(mail.outbox) == 4
    remind("2022-04-18", "--repeat-days", "7")
    assert len(mail.outbox) == 8


def test_a_unit_without_an_address_is_named_and_nothing_is_recorded(period, users):
    out, err = remind("2022-04-09")
    assert mail.outbox == []
    assert "Xã Mỹ Đức: cần nhắc trước hạn nhưng đơn vị chưa có đầu mối nào có địa chỉ e-mail." in err
    assert "Đã gửi 0 thư nhắc; 4 đơn vị không có địa chỉ e-mail." in out
    assert not Reminder.objects.exists()


def test_a_dry_run_sends_and_records_nothing(period, mail_users):
    out, _err = remind("2022-04-09", "--dry-run", "--days-before", "5")
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert "Sẽ gửi 4 thư nhắc" in out


def test_closed_periods_and_inactive_accounts_get_no_reminder(period, province, mail_users):
    mail_users["focal_snv"].is_active = False
    mail_users["focal_snv"].save()
    # One query for many units; an inactive focal point's unit is absent, the others keep their address.
    assert focal_point_emails([province.snv.pk, province.commune.pk]) == {province.commune.pk: ["focal.commune@example.vn"]}
    services.close_period(user=mail_users["officer"], period=period)
    assert send_reminders(today=date(2022, 4, 12)).sent == []


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        call_command("reports", "remind", "--today", "12/04/2022")
    with pytest.raises(CommandError):
        call_command("reports", "remind", "--repeat-days", "0")


def test_status_prints_each_open_period(period, province, users):
    report = services.current_report(period, province.commune.pk)
    fill(report, users["focal_commune"])
    services.submit(user=users["focal_commune"], report=report, now=datetime(2022, 4, 6, 3, 0, tzinfo=UTC))
    out = StringIO()
    call_command("reports", "status", "--today", "2022-04-20", stdout=out)
    assert out.getvalue().strip() == (
        "Quý I/2022 (Tỉnh Thử Nghiệm), hạn 10/04/2022: 1 đúng hạn, 0 trễ hạn, 3 chưa gửi, quá hạn, "
        "0 chưa gửi, còn hạn; tỷ lệ đúng hạn 25,00%")
