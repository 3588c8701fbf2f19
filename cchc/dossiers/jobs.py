"""Background imports of uploaded dossier files: a web request stores the file and returns at once; the
worker (cchc.platform.jobs) imports it, recording progress the page polls (htmx). The queued job survives a
restart; a worker that dies mid-import leaves nothing half-written (the import is one transaction) and the
job is handed out again (``Q_CLUSTER["retry"]``)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cchc.core.i18n import N_, stored
from cchc.platform.errors import job_records
from cchc.platform.jobs import in_background, progress_file, read_progress, write_progress

from .models import ImportJob
from .refused import refused_file, refused_name
from .services import import_dossier_file

#: What a job's summary carries from its queueing to its end: the options the officer chose
#: (``valid_rows``), the job it repeats after a mapping of units, and the aliases that mapping created.
#: Kept in the summary (JSON) rather than in columns of their own.
CARRIED = ("options", "retry_of", "aliases")

logger = logging.getLogger(__name__)


def progress_path(job_id: int) -> Path:
    """Where a running import writes how far it is (cchc.platform.jobs.progress_file: the import is one
    database transaction, invisible to the page's requests until it commits)."""
    return progress_file(str(int(job_id)))


def live_progress(job_id: int) -> tuple[int, int] | None:
    """(done, total) written by the running import, or None."""
    return read_progress(str(int(job_id)))


def _write_progress(job_id: int, done: int, total: int) -> None:
    write_progress(str(int(job_id)), done, total)


def queue(*, file, filename: str, source_system: str, user, valid_rows: bool = False) -> ImportJob:
    """Store an uploaded file as a job and start its import (once the caller's transaction commits)."""
    job = ImportJob(filename=filename[:255], source_system=source_system, created_by=user,
                    summary={"options": {"valid_rows": bool(valid_rows)}})
    job.file.save(filename, file, save=False)
    job.save()
    start(job)
    return job


def _store_refused(job: ImportJob, content: bytes, issues) -> str:
    """Write the file of the rows the import left out (cchc.dossiers.refused) beside the uploads; its
    name in the storage. Served only through the job's permission-checked view, never as media."""
    name = f"imports/refused/{job.pk}/{refused_name(job.filename)}"
    return default_storage.save(name, ContentFile(refused_file(content, job.filename, issues)))


def run(job_id: int) -> None:
    """Import the job's file, updating its progress at most every half second. With the option
    ``valid_rows`` the good rows are written and the others kept in a file of refused rows; a refused
    file keeps the references to units that matched none, for the page to offer to map them."""
    job = ImportJob.objects.get(pk=job_id)
    if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        return  # handed out again after it ended (its worker stopped before saying so): nothing to redo
    carried = {key: job.summary[key] for key in CARRIED if isinstance(job.summary, dict) and key in job.summary}
    valid_rows = bool(carried.get("options", {}).get("valid_rows"))
    job.state = ImportJob.State.RUNNING
    job.save(update_fields=["state"])
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if time.monotonic() - last > 0.5 or done == total:
            last = time.monotonic()
            _write_progress(job_id, done, total)
            ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        with job.file.open("rb") as f:
            content = f.read()
        summary = import_dossier_file(content, job.filename, source_system=job.source_system, progress=progress,
                                      valid_rows=valid_rows)
    except Exception as exc:  # the page must say the job ended (cchc.platform.errors words why)
        job.state = ImportJob.State.FAILED
        job.issues = job_records(exc, logger=logger, job=f"import job {job_id}",
                                 system=stored(N_("Lỗi hệ thống khi nhập tệp; xem nhật ký máy chủ.")))
        job.summary = {**carried, "unknown_units": getattr(exc, "unknown_units", [])}
    else:
        job.state = ImportJob.State.DONE
        job.summary = {**carried, "rows": summary.rows, "created": summary.created, "updated": summary.updated,
                       "unchanged": summary.unchanged, "due_computed": summary.due_computed,
                       "ignored": [c for columns in summary.ignored_columns.values() for c in columns],
                       "imported": summary.created + summary.updated + summary.unchanged,
                       "refused_rows": summary.refused_rows, "unknown_units": summary.unknown_units}
        if summary.refused:
            job.issues = [issue.to_dict() for issue in summary.refused[:500]]
            try:
                job.summary["refused_file"] = _store_refused(job, content, summary.refused)
            except Exception:  # the rows are written and listed on the page; only the download is missing
                logger.exception("import job %s: the file of refused rows could not be written", job_id)
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "issues", "summary", "finished_at"])
    progress_path(job_id).unlink(missing_ok=True)
    # The KPI refresh follows from the import itself (cchc.dossiers.signals.dossiers_imported).


def start(job: ImportJob) -> str:
    """Queue the import for the worker, seen once the job row is committed (cchc.platform.jobs); returns
    the queued job's id."""
    return in_background(run, job.pk, name=f"import-{job.pk}")
