"""The administrator's page of background jobs (issue 14, item 4): waiting, failed with their error and
attempts, recent successes, and the schedule with its next run; nobody else may open it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cchc.platform.jobs import in_background, run_queued
from cchc.platform.schedule import sync_schedule
from tests import factories
from tests.platform.job_targets import fail_until, write

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    return factories.make_users(tree=factories.make_province_tree())


@pytest.mark.parametrize("who", ["officer", "leader", "inspector", "focal_commune"])
def test_only_the_administrator_opens_the_jobs_page(people, who):
    client = factories.client_for(user=people[who])
    assert client.get(reverse("jobs")).status_code == 403
    assert 'href="/jobs/"' not in client.get(reverse("home")).content.decode()


def test_an_integration_account_and_a_stranger_cannot_open_it(people):
    response = factories.client_for(user=factories.make_integration_user()).get(reverse("jobs"))
    assert response.status_code == 403
    assert Client().get(reverse("jobs")).status_code == 302  # to the sign-in page


def test_the_administrator_sees_failed_waiting_done_and_scheduled_jobs(people, tmp_path):
    sync_schedule()
    in_background(write, str(tmp_path / "ok"), "x", name="import-7")
    in_background(fail_until, str(tmp_path / "n"), 5, name="report-documents-3")
    assert run_queued() == 2
    in_background(write, str(tmp_path / "later"), "y", name="kpi-refresh")
    client = factories.client_for(user=people["admin"])
    with translation.override("vi"):
        home = client.get(reverse("home")).content.decode()
        page = client.get(reverse("jobs")).content.decode()
    assert 'href="/jobs/"' in home
    assert "Tiến trình việc nền không chạy" in page  # no worker in the test's process: the jobs only wait
    queued = page.split('id="queued"')[1].split("</section>")[0]
    failed = page.split('id="failed"')[1].split("</section>")[0]
    done = page.split('id="succeeded"')[1].split("</section>")[0]
    planned = page.split('id="schedule"')[1].split("</section>")[0]
    # The failed job waits for its retry, so it is both queued (with its last error) and failed.
    assert "kpi-refresh" in queued and "report-documents-3" in queued and "chạy lại sau" in queued
    assert "report-documents-3" in failed and "attempt 1 failed on purpose" in failed
    assert "import-7" in done and "import-7" not in failed
    assert "kpi-nightly" in planned and "30 1 * * *" in planned and "chưa đồng bộ" not in planned
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("jobs")).content.decode()
    assert "Background jobs" in english and "Failed" in english
