"""cchc.platform.jobs: the one way background work runs (uploads, report documents, the KPI refresh):
queued as a row of the database in the caller's transaction, run by the worker's code, failures recorded
and retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.models import Failure, OrmQ, Success

from cchc.platform.jobs import in_background, overview, run_queued
from tests.platform.job_targets import fail_until, write

pytestmark = pytest.mark.django_db(transaction=True)


def _retry_time_passes() -> None:
    """What the clock does between a failure and its retry (``Q_CLUSTER["retry"]`` seconds): the failed
    job's row is handed out again once its lock is in the past."""
    OrmQ.objects.update(lock=timezone.now() - timedelta(seconds=1))


def test_a_job_is_a_row_once_the_transaction_commits_and_the_worker_runs_it(tmp_path):
    out = tmp_path / "out.txt"
    with transaction.atomic():
        job_id = in_background(write, str(out), "đã chạy", name="test-job")
    assert OrmQ.objects.count() == 1 and not out.exists()  # queued, not run by the request
    assert run_queued() == 1
    assert out.read_text(encoding="utf-8") == "đã chạy"
    done = Success.objects.get()
    assert (done.id, done.name, done.func, done.attempt_count) == (
        job_id, "test-job", "tests.platform.job_targets.write", 1)
    assert not OrmQ.objects.exists()  # acknowledged
    assert run_queued() == 0


def test_a_rolled_back_transaction_queues_nothing(tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        in_background(write, str(tmp_path / "never"), "x", name="never")
        raise RuntimeError
    assert not OrmQ.objects.exists()
    assert run_queued() == 0 and not (tmp_path / "never").exists()


def test_a_job_runs_a_module_level_function_only():
    with pytest.raises(ValueError, match="module-level"):
        in_background(lambda: None, name="closure")
    assert not OrmQ.objects.exists()


def test_a_failed_job_is_recorded_with_its_error_and_retried_until_it_succeeds(tmp_path):
    count = tmp_path / "attempts"
    in_background(fail_until, str(count), 1, name="flaky")
    assert run_queued() == 1
    failed = Failure.objects.get()
    assert failed.attempt_count == 1 and "attempt 1 failed on purpose" in failed.result
    assert OrmQ.objects.count() == 1  # still queued, for its retry
    assert run_queued() == 0  # not before its retry time
    seen = overview()
    assert [(j.name, j.attempts) for j in seen.queued] == [("flaky", 1)]
    assert "attempt 1 failed on purpose" in seen.queued[0].error
    assert [(j.name, j.attempts) for j in seen.failed] == [("flaky", 1)]

    _retry_time_passes()
    assert run_queued() == 1
    done = Success.objects.get()
    assert done.attempt_count == 2 and done.result == "done at attempt 2"
    assert not Failure.objects.exists() and not OrmQ.objects.exists()


def test_a_job_that_keeps_failing_is_given_up_after_the_last_attempt(tmp_path):
    count = tmp_path / "attempts"
    in_background(fail_until, str(count), 99, name="hopeless")
    attempts = settings.Q_CLUSTER["max_attempts"]
    for _attempt in range(attempts):
        assert run_queued() == 1
        _retry_time_passes()
    assert run_queued() == 0 and count.read_text() == str(attempts)
    failed = Failure.objects.get()
    assert failed.attempt_count == attempts and f"attempt {attempts} failed on purpose" in failed.result
    assert not OrmQ.objects.exists()  # given up: no longer queued, still shown as failed
    assert [(j.name, j.attempts) for j in overview().failed] == [("hopeless", attempts)]


def test_the_jobs_are_run_outside_a_transaction_only():
    with pytest.raises(RuntimeError, match="outside a transaction"), transaction.atomic():
        run_queued()


def test_the_cluster_retries_only_what_cannot_still_be_running():
    """A job is handed out again only after it would have timed out (django-q2 needs retry > timeout)."""
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]
    assert settings.Q_CLUSTER["orm"] == "default"


def test_the_worker_lowers_its_priority_and_never_raises_it_back():
    """cchc.platform.jobs.lower_priority, in a process of its own (niceness cannot be lowered again)."""
    import subprocess
    import sys

    code = ("import os; from cchc.platform.jobs import lower_priority; "
            "start = os.nice(0); print(lower_priority(start + 7) - start, lower_priority(start + 3) - start, "
            "os.nice(0) - start, lower_priority(start) - start)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["7", "7", "7", "7"]
