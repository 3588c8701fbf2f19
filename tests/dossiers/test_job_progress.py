"""An import runs in one transaction, so the page learns how far it is from a file the import writes
(issue #3: long work shows progress and never blocks a request)."""

from __future__ import annotations

from django.urls import reverse

from cchc.dossiers import jobs
from cchc.dossiers.models import ImportJob
from tests.factories import client_for


def test_a_running_import_shows_the_progress_it_wrote(users):
    job = ImportJob.objects.create(filename="motcua.csv", source_system="motcua", state=ImportJob.State.RUNNING,
                                   created_by=users["officer"], done=0, total=0)
    jobs._write_progress(job.pk, 40_000, 100_000)

    page = client_for(user=users["officer"]).get(reverse("dossiers:job", args=[job.pk]), HTTP_HX_REQUEST="true")

    assert 'value="40"' in page.content.decode()
    assert jobs.live_progress(job.pk) == (40_000, 100_000)


def test_a_finished_import_ignores_a_stale_progress_file(users):
    job = ImportJob.objects.create(filename="motcua.csv", source_system="motcua", state=ImportJob.State.DONE,
                                   created_by=users["officer"], done=10, total=10,
                                   summary={"rows": 10, "created": 10, "updated": 0, "unchanged": 0})
    jobs._write_progress(job.pk, 3, 10)

    page = client_for(user=users["officer"]).get(reverse("dossiers:job", args=[job.pk]))

    assert "<progress" not in page.content.decode()


def test_no_progress_file_means_none(users):
    assert jobs.live_progress(999_999) is None
