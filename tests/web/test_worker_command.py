"""`cchc worker --once` and `cchc setup`: both make the schedule equal to the settings' CCHC_SCHEDULE;
`--once` runs what is queued and exits (what a machine driving the queue from cron would do)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django_q.models import OrmQ, Schedule, Success

from cchc.platform.jobs import in_background
from tests.platform.job_targets import write

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_once_syncs_the_schedule_and_runs_the_queued_jobs(tmp_path):
    in_background(write, str(tmp_path / "a"), "1", name="one")
    in_background(write, str(tmp_path / "b"), "2", name="two")
    out = io.StringIO()
    with translation.override("vi"):
        call_command("worker", "--once", stdout=out)
    added = len(settings.CCHC_SCHEDULE)
    assert "Đã chạy 2 việc." in out.getvalue() and f"thêm {added}," in out.getvalue()
    assert (tmp_path / "a").read_text() == "1" and (tmp_path / "b").read_text() == "2"
    assert sorted(Success.objects.values_list("name", flat=True)) == ["one", "two"] and not OrmQ.objects.exists()
    assert sorted(Schedule.objects.values_list("name", flat=True)) == sorted(f"cchc:{n}" for n in settings.CCHC_SCHEDULE)
    assert "cchc:kpi-nightly" in Schedule.objects.values_list("name", flat=True)
    again = io.StringIO()
    with translation.override("vi"):
        call_command("worker", "--once", stdout=again)
    assert again.getvalue().strip() == "Đã chạy 0 việc."  # nothing to change the second time, nothing to run


def test_setup_syncs_the_schedule():
    call_command("setup", "--no-static", stdout=io.StringIO())
    assert sorted(Schedule.objects.values_list("name", "cron")) == sorted(
        (f"cchc:{name}", entry["cron"]) for name, entry in settings.CCHC_SCHEDULE.items())
    assert ("cchc:notices.morning_digest", "30 6 * * *") in Schedule.objects.values_list("name", "cron")
