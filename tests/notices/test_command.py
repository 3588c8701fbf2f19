"""`cchc notices`: the schedule's notice producers listed, one run by hand (idempotent), an unknown name refused."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from tests import factories


def run(*args: str) -> str:
    out = StringIO()
    call_command("notices", *args, stdout=out)
    return out.getvalue()


def test_every_scheduled_producer_is_a_function_without_arguments_and_a_valid_cron():
    for name, entry in settings.CCHC_SCHEDULE.items():
        func = import_string(entry["func"])
        assert callable(func) and func.__code__.co_argcount == 0, name
        assert len(entry["cron"].split()) == 5 and str(entry["doc"]), name
    assert {n for n in settings.CCHC_SCHEDULE if n.startswith("notices.")} == {
        "notices.morning_digest", "notices.report_reminders", "notices.overdue_tasks", "notices.waiting_actions",
        "notices.daily_digests", "notices.weekly_digests"}


def test_the_schedule_is_listed(db):
    out = run("schedule")
    assert "morning_digest" in out and "30 6 * * *" in out and "weekly_digests" in out


def test_a_producer_runs_by_hand_once_a_day(province, users):
    factories.make_dossier(unit=province.commune, due_at=timezone.now() - timedelta(hours=3))
    assert "morning_digest: 2" in run("run", "morning_digest")  # the commune's and its district's focal points
    assert "morning_digest: 0" in run("run", "morning_digest")
    assert Notification.objects.filter(kind=Kind.DOSSIER_DIGEST).count() == 2
    assert "waiting_actions: 0" in run("run", "all")


def test_an_unknown_producer_is_refused(db):
    with pytest.raises(CommandError, match="Không có bộ tạo thông báo «nope»"):
        run("run", "nope")
