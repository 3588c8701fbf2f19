"""The scheduled producers (cchc.notices.producers): each notifies exactly the people who may see the
thing, reads the owning app's rule and scope, and a second run the same day notifies nobody again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from cchc.notices import producers
from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from cchc.plans.models import Assignment, Task
from cchc.reporting import services as reporting
from cchc.reporting.models import Reminder
from tests import factories
from tests.corrective import data as corrective_data
from tests.reporting.conftest import fill

NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # 07:00 in Việt Nam


def notices(kind):
    return {(n.user.username, n.key) for n in Notification.objects.filter(kind=kind).select_related("user")}


def test_the_morning_digest_names_each_focal_points_own_dossiers(province, users):
    procedure = factories.make_procedure()
    factories.make_dossier(unit=province.commune, procedure=procedure, code="HS-QUA-HAN", due_at=NOW - timedelta(days=2))
    factories.make_dossier(unit=province.commune, procedure=procedure, code="HS-SAP-HAN", due_at=NOW + timedelta(hours=5))
    factories.make_dossier(unit=province.commune, procedure=procedure, code="HS-XONG", due_at=NOW - timedelta(days=1),
                           status=9, finished_at=NOW - timedelta(days=3))
    factories.make_dossier(unit=province.commune, procedure=procedure, code="HS-XA", due_at=NOW + timedelta(days=5))
    factories.make_dossier(unit=province.other_district_commune, procedure=procedure, code="HS-KHAC", due_at=NOW - timedelta(days=1))

    assert producers.morning_digest_on(NOW) == 2
    # The commune's and its district's focal points (a district sees its communes); Xã Canh Vinh has no
    # focal point; Xã Mỹ Lộc and the Sở Nội vụ have no dossier due; the province-wide roles get no digest.
    assert notices(Kind.DOSSIER_DIGEST) == {("focal.commune", "2026-12-07"), ("focal.district", "2026-12-07")}
    digest = Notification.objects.get(user=users["focal_commune"])
    assert digest.title == "Hồ sơ sáng 07/12/2026: 1 quá hạn, 1 đến hạn trong 24 giờ tới"
    assert "HS-QUA-HAN" in digest.body and "HS-SAP-HAN" in digest.body
    assert "HS-XONG" not in digest.body and "HS-XA" not in digest.body and "HS-KHAC" not in digest.body
    assert digest.url == "/dossiers/near-due/"
    assert producers.morning_digest_on(NOW + timedelta(hours=2)) == 0  # once a day


def test_a_focal_point_never_gets_another_units_dossiers(province, users):
    factories.make_dossier(unit=province.other_district_commune, due_at=NOW - timedelta(days=1))
    focal = factories.make_user(username="focal.canhvinh", role="focal_point", unit=province.other_district_commune)
    assert producers.morning_digest_on(NOW) == 1
    assert notices(Kind.DOSSIER_DIGEST) == {("focal.canhvinh", "2026-12-07")}
    assert Notification.objects.get().user == focal


@pytest.fixture
def period(province, plan, users):
    return reporting.open_period(
        user=users["officer"], province=province.province, kind="quarter", year=2022, number=1,
        deadline=date(2022, 4, 10), units=[province.snv, province.commune, province.commune2],
        now=datetime(2022, 3, 25, 2, 0, tzinfo=UTC))


def test_report_reminders_follow_the_reporting_rule_and_record_it(period, province, users):
    report = reporting.current_report(period, province.commune.pk)
    fill(report, users["focal_commune"])
    reporting.submit(user=users["focal_commune"], report=report, now=datetime(2022, 4, 6, 3, 0, tzinfo=UTC))

    assert producers.report_reminders_on(date(2022, 4, 6)) == 0  # 4 days before the 10th: too early
    assert producers.report_reminders_on(date(2022, 4, 7)) == 2
    assert notices(Kind.REPORT_DEADLINE) == {("focal.snv", f"2022-04-07:{period.pk}:{province.snv.pk}:before"),
                                             ("focal.commune2", f"2022-04-07:{period.pk}:{province.commune2.pk}:before")}
    notice = Notification.objects.get(user=users["focal_commune2"])
    assert notice.title == "Nhắc gửi báo cáo CCHC Quý I/2022: hạn 10/04/2022"
    assert notice.url == reporting.current_report(period, province.commune2.pk).get_absolute_url()
    assert Reminder.objects.filter(kind="before").count() == 2  # recorded as the command records its e-mails
    assert producers.report_reminders_on(date(2022, 4, 8)) == 0
    assert not Notification.objects.filter(kind=Kind.REPORT_MISSING).exists()


def test_missing_reports_after_the_deadline_reach_the_unit_and_the_par_officer(period, province, users):
    assert producers.report_reminders_on(date(2022, 4, 11)) == 4  # three units and the officer
    assert {u for u, _k in notices(Kind.REPORT_DEADLINE)} == {"focal.snv", "focal.commune", "focal.commune2"}
    [missing] = Notification.objects.filter(kind=Kind.REPORT_MISSING)
    assert missing.user == users["officer"]
    assert missing.title == "Quý I/2022: 3 đơn vị chưa gửi báo cáo, đã quá hạn 10/04/2022"
    assert missing.url == period.get_absolute_url()
    assert producers.report_reminders_on(date(2022, 4, 12)) == 0  # the rule repeats only after 7 days
    assert producers.report_reminders_on(date(2022, 4, 18)) == 4


def test_the_command_and_the_producer_do_not_repeat_each_other(period, users):
    for name in ("focal_snv", "focal_commune", "focal_commune2"):
        users[name].email = f"{name}@example.vn"
        users[name].save()
    from cchc.reporting.notifications import send_reminders

    assert len(send_reminders(today=date(2022, 4, 7)).sent) == 3
    mail.outbox.clear()
    assert producers.report_reminders_on(date(2022, 4, 7)) == 0
    assert mail.outbox == []


def test_overdue_tasks_go_to_the_units_focal_points_only(province, plan, users):
    nv02 = Task.objects.get(plan=plan, code="NV02")
    Task.objects.filter(pk=nv02.pk).update(deadline=date(2026, 12, 1))
    Assignment.objects.filter(task=nv02, unit=province.commune2).update(progress=100)

    assert producers.overdue_tasks_on(date(2026, 12, 7)) == 2
    # NV01 (2022) is the Sở Nội vụ's; NV02 every commune's, done by Xã Mỹ Lộc; the district has no task.
    assert {u for u, _k in notices(Kind.TASK_OVERDUE)} == {"focal.snv", "focal.commune"}
    notice = Notification.objects.get(user=users["focal_commune"])
    assert notice.title == "1 nhiệm vụ của đơn vị đã quá hạn, chưa hoàn thành"
    assert "NV02" in notice.body and "NV01" not in notice.body
    assert notice.url.endswith("?status=overdue")
    assert producers.overdue_tasks_on(date(2026, 12, 7)) == 0


def test_waiting_actions_reach_the_unit_then_the_officer_once_per_state(province, plan, users):
    required = corrective_data.action(plan=plan, unit=province.commune)
    corrective_data.action(plan=plan, unit=province.commune2, state="submitted", first=date(2022, 6, 30),
                           last=date(2022, 9, 30))
    assert producers.waiting_actions_on(date(2026, 12, 7)) == 2
    assert {u for u, _k in notices(Kind.ACTION_WAITING)} == {"focal.commune", "officer"}
    assert producers.waiting_actions_on(date(2026, 12, 8)) == 0  # once per state

    from cchc.corrective import services as corrective

    corrective.respond(user=users["focal_commune"], action=required, explanation="Thiếu máy quét", measure="Mua máy",
                       responsible="Chủ tịch UBND xã", due_date=date(2027, 3, 31))
    assert producers.waiting_actions_on(date(2026, 12, 8)) == 1
    assert Notification.objects.filter(kind=Kind.ACTION_WAITING, user=users["officer"]).count() == 2
