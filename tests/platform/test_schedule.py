"""cchc.platform.schedule: the settings' CCHC_SCHEDULE made into django-q2's schedule, idempotently, and
the scheduler queueing an entry as a job the worker runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Schedule, Success
from django_q.scheduler import scheduler

from cchc.platform.jobs import overview, run_queued
from cchc.platform.schedule import PREFIX, planned, sync_schedule

pytestmark = pytest.mark.django_db(transaction=True)

NIGHTLY = {"func": "cchc.analytics.background.nightly_refresh", "cron": "30 1 * * *", "doc": "đêm"}
WEEKLY = {"func": "tests.platform.job_targets.write", "cron": "0 7 * * 1", "doc": "thứ Hai"}


def rows() -> dict[str, tuple]:
    return {s.name: (s.func, s.cron, s.schedule_type, s.repeats) for s in Schedule.objects.all()}


def test_syncing_twice_changes_nothing_the_second_time():
    first = sync_schedule({"nightly": NIGHTLY, "weekly": WEEKLY})
    assert first.created == ["cchc:nightly", "cchc:weekly"] and not first.updated and not first.deleted
    before = rows()
    next_runs = dict(Schedule.objects.values_list("name", "next_run"))
    second = sync_schedule({"nightly": NIGHTLY, "weekly": WEEKLY})
    assert not second.changed
    assert rows() == before == {
        "cchc:nightly": (NIGHTLY["func"], "30 1 * * *", Schedule.CRON, -1),
        "cchc:weekly": (WEEKLY["func"], "0 7 * * 1", Schedule.CRON, -1)}
    assert dict(Schedule.objects.values_list("name", "next_run")) == next_runs


def test_a_changed_entry_is_updated_a_removed_one_deleted_and_others_schedules_kept():
    Schedule.objects.create(name="do quản trị tự thêm", func="tests.platform.job_targets.write",
                            schedule_type=Schedule.DAILY)
    sync_schedule({"nightly": NIGHTLY, "weekly": WEEKLY})
    result = sync_schedule({"nightly": {**NIGHTLY, "cron": "0 2 * * *"}})
    assert (result.created, result.updated, result.deleted) == ([], ["cchc:nightly"], ["cchc:weekly"])
    nightly = Schedule.objects.get(name="cchc:nightly")
    assert nightly.cron == "0 2 * * *"
    local = timezone.localtime(nightly.next_run)
    assert (local.hour, local.minute) == (2, 0) and nightly.next_run > timezone.now()
    assert set(rows()) == {"cchc:nightly", "do quản trị tự thêm"}


@pytest.mark.parametrize(("entry", "words"), [
    ({"func": "cchc.nowhere.nothing", "cron": "0 1 * * *"}, "cannot import"),
    ({"func": "cchc.analytics.background.nightly_refresh", "cron": "0 25 * * *"}, "five-field cron"),
    ({"func": "cchc.analytics.background.nightly_refresh", "cron": "*/5 * * * * *"}, "five-field cron"),
])
def test_a_wrong_entry_is_refused_by_name_and_nothing_is_written(entry, words):
    sync_schedule({"nightly": NIGHTLY})
    with pytest.raises(ImproperlyConfigured, match=rf"CCHC_SCHEDULE\['broken'\].*{words}"):
        sync_schedule({"nightly": {**NIGHTLY, "cron": "0 3 * * *"}, "broken": entry})
    assert Schedule.objects.get().cron == "30 1 * * *"


def test_the_settings_schedule_syncs_and_is_listed_for_the_administrator():
    result = sync_schedule()
    assert "cchc:kpi-nightly" in result.created
    listed = {p["name"]: p for p in planned()}
    assert listed["kpi-nightly"]["synced"] and listed["kpi-nightly"]["next_run"] > timezone.now()
    assert all(name.startswith(PREFIX) for name in Schedule.objects.values_list("name", flat=True))


def test_a_due_entry_is_queued_by_the_scheduler_and_run_by_the_worker(province):
    sync_schedule({"nightly": NIGHTLY})
    Schedule.objects.update(next_run=timezone.now() - timedelta(minutes=1))
    scheduler(broker=get_broker())
    assert run_queued() == 1
    done = Success.objects.get()
    assert done.func == NIGHTLY["func"] and done.group == "cchc:nightly"
    assert [j.name for j in overview().succeeded] == ["cchc:nightly"]
    schedule = Schedule.objects.get()
    assert schedule.task == done.id and schedule.next_run > timezone.now()  # and it goes on
