"""A failed background job reaches the administrators as a notice (issue 14 item 4), once per job however
many attempts fail, linked to the jobs page; other roles are not told."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.accounts.choices import Role
from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from cchc.platform.jobs import in_background, run_queued
from tests import factories
from tests.platform.job_targets import fail_until, write
from tests.platform.test_jobs import _retry_time_passes

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failed_job_notifies_each_administrator_once(tmp_path):
    admin = factories.make_user(username="qt", role=Role.ADMIN)
    officer = factories.make_user(username="cv", role=Role.PAR_OFFICER)
    in_background(fail_until, str(tmp_path / "n"), 2, name="flaky-import")
    assert run_queued() == 1
    _retry_time_passes()
    assert run_queued() == 1  # the second attempt fails too: still one notice
    notices = list(Notification.objects.filter(kind=Kind.JOB_FAILED))
    assert [n.user for n in notices] == [admin]
    assert "flaky-import" in notices[0].title and "attempt 1 failed on purpose" in notices[0].body
    assert notices[0].url == reverse("jobs")
    assert not Notification.objects.filter(user=officer).exists()


def test_a_job_that_succeeds_notifies_nobody(tmp_path):
    factories.make_user(username="qt", role=Role.ADMIN)
    in_background(write, str(tmp_path / "ok"), "x", name="fine")
    assert run_queued() == 1
    assert not Notification.objects.exists()
