"""`cchc worker --once` and `cchc setup`: both make the schedule equal to the settings' CCHC_SCHEDULE;
`--once` runs what is queued and exits (what a machine driving the queue from cron would do)."""

from __future__ import annotations

import io

import pytest
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
    assert "Đã chạy 2 việc." in out.getvalue() and "thêm 1" in out.getvalue()
    assert (tmp_path / "a").read_text() == "1" and (tmp_path / "b").read_text() == "2"
    assert sorted(Success.objects.values_list("name", flat=True)) == ["one", "two"] and not OrmQ.objects.exists()
    assert list(Schedule.objects.values_list("name", flat=True)) == ["cchc:kpi-nightly"]
    again = io.StringIO()
    with translation.override("vi"):
        call_command("worker", "--once", stdout=again)
    assert again.getvalue().strip() == "Đã chạy 0 việc."  # nothing to change the second time, nothing to run


def test_setup_syncs_the_schedule():
    call_command("setup", "--no-static", stdout=io.StringIO())
    assert list(Schedule.objects.values_list("name", "cron")) == [("cchc:kpi-nightly", "30 1 * * *")]
