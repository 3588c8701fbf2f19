"""Remediation deadlines arrive by themselves (issue 14 item 4): the scheduled producer tells the owner unit's
focal point of its open items due within a week or past, and the inspectors of the items reported done and
waiting for their confirmation; nobody else, and once per person and day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from croniter import croniter
from django.conf import settings
from django.utils import timezone

from cchc.inspections import records
from cchc.inspections.reminders import REMEDIATION_NOTICE_DAYS, remediation_deadlines_on
from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from tests.factories import make_user
from tests.inspections import data
from tests.inspections.test_services import _draw, _record


@pytest.fixture
def w(db):
    return data.world()


def test_the_owner_hears_of_its_open_items_and_the_inspector_of_those_waiting(w):
    tree, extra, _target_plan, users = w
    plan = _draw(w, seed="abc")
    day = timezone.localdate() - timedelta(days=3)
    inspection = _record(w, plan, extra[0], day)
    first = records.add_finding(user=users["inspector"], inspection=inspection, area="TTHC", severity="major",
                                text="Chưa niêm yết 3 TTHC mới")
    records.add_finding(user=users["officer"], inspection=inspection, area="CQS", severity="minor",
                        text="Chưa số hóa kết quả")
    focal_x1 = make_user(username="dm.x1", role="focal_point", unit=extra[0])
    deadline = first.remediation.deadline  # the year's end (no notice issued with another deadline)
    today = deadline - timedelta(days=REMEDIATION_NOTICE_DAYS + 1)
    assert remediation_deadlines_on(today) == 0  # neither item is due within the week yet

    today = deadline - timedelta(days=2)
    records.submit_item(user=focal_x1, item=first.remediation, evidence="Đã niêm yết đủ")
    assert remediation_deadlines_on(today) == 2
    mine = Notification.objects.get(user=focal_x1, kind=Kind.REMEDIATION_DEADLINE)
    assert "Chưa số hóa kết quả" in mine.body and "Chưa niêm yết" not in mine.body  # the reported one is not his
    assert mine.title == "1 việc khắc phục sau kiểm tra sắp đến hạn"
    theirs = Notification.objects.get(user=users["inspector"], kind=Kind.REMEDIATION_DEADLINE)
    assert extra[0].name in theirs.body and "Chưa niêm yết 3 TTHC mới" in theirs.body
    assert not Notification.objects.filter(user=users["focal_commune"]).exists()  # another unit's focal point
    assert not Notification.objects.filter(user=users["officer"]).exists()
    assert remediation_deadlines_on(today) == 0  # once per person and day

    assert remediation_deadlines_on(deadline + timedelta(days=1)) == 2  # the next day, past its deadline
    late = Notification.objects.filter(user=focal_x1, kind=Kind.REMEDIATION_DEADLINE).latest("pk")
    assert late.title == "1 việc khắc phục sau kiểm tra sắp đến hạn hoặc quá hạn (1 quá hạn)"


def test_the_producer_is_on_the_schedule():
    entry = settings.CCHC_SCHEDULE["inspections.remediation_deadlines"]
    assert entry["func"] == "cchc.inspections.reminders.remediation_deadlines"
    assert croniter.is_valid(entry["cron"])
