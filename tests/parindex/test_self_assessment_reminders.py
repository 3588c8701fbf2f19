"""The self-assessment deadline arrives by itself (issue 13 item 2): focal points of units whose assessment
is still a draft hear of it from N days before the deadline and after it; PAR officers get the list of
units that have not submitted; once per person and day; nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from croniter import croniter
from django.conf import settings

from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from cchc.parindex import services
from cchc.parindex.choices import SeasonStatus
from cchc.parindex.models import Component
from cchc.parindex.reminders import days_before, self_assessment_deadline_on
from tests.factories import make_season


@pytest.fixture
def season(province, users):
    return make_season(by=users["officer"])


def _sent(user):
    return Notification.objects.filter(user=user, kind=Kind.SELF_ASSESSMENT_DEADLINE)


def test_drafts_are_reminded_before_and_after_the_deadline_once_a_day(season, province, users):
    assert days_before() == 5
    me = users["focal_commune"]
    for code in ("1.1.1", "1.1.2", "3.1.2"):
        services.save_self_score(season.assessments.get(unit=province.commune2), Component.objects.get(code=code),
                                 points=1, evidence_state="full", explanation="", by=users["focal_commune2"])
    services.submit(season.assessments.get(unit=province.commune2), by=users["focal_commune2"])
    due = season.self_due

    assert self_assessment_deadline_on(due - timedelta(days=6)) == 0  # too early
    assert self_assessment_deadline_on(due - timedelta(days=5)) == 2  # me and the officer
    mine = _sent(me).get()
    assert mine.title == "Hạn tự đánh giá Chỉ số CCHC 2026: 30/11/2026, đơn vị chưa gửi"
    assert "còn 3 tiêu chí thành phần chưa chấm" in mine.body
    assert mine.url == season.assessments.get(unit=province.commune).get_absolute_url()
    theirs = _sent(users["officer"]).get()
    assert theirs.title == "2 đơn vị chưa gửi bản tự đánh giá Chỉ số CCHC 2026 (hạn 30/11/2026)"
    assert "Xã Mỹ Đức" in theirs.body and "Xã Canh Vinh" in theirs.body and "Xã Mỹ Lộc" not in theirs.body
    assert not _sent(users["focal_commune2"]).exists()  # submitted
    assert not _sent(users["leader"]).exists() and not _sent(users["focal_snv"]).exists()
    assert self_assessment_deadline_on(due - timedelta(days=5)) == 0  # once per person and day

    assert self_assessment_deadline_on(due + timedelta(days=1)) == 2  # after the deadline
    assert _sent(me).latest("pk").title.startswith("Đã quá hạn tự đánh giá Chỉ số CCHC 2026 (30/11/2026)")

    season.status = SeasonStatus.APPRAISAL
    season.save()
    assert self_assessment_deadline_on(due + timedelta(days=2)) == 0  # the self-assessment stage is over


def test_the_days_come_from_the_settings(season, users, settings):
    settings.CCHC_PARINDEX_REMINDER_DAYS = 10
    assert self_assessment_deadline_on(season.self_due - timedelta(days=11)) == 0
    assert self_assessment_deadline_on(season.self_due - timedelta(days=10)) == 3  # two focal points, the officer


def test_the_producer_is_on_the_schedule():
    entry = settings.CCHC_SCHEDULE["parindex.self_assessment_deadline"]
    assert entry["func"] == "cchc.parindex.reminders.self_assessment_deadline"
    assert croniter.is_valid(entry["cron"])
