"""The job runner tells the administrators of a failed job (issue 14 item 4: "a failed job is retried and
visible to the administrator"): django-q2's monitor sends ``post_execute`` after every attempt of a job, in
the worker's process (cchc.platform.jobs.run_queued runs the same monitor). A failure notifies each
administrator once per job (the notice's key is the job's id), linked to the jobs page, which shows its
attempts and the retries still to come."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import Kind

#: The error is cut to this many characters in the notice (the jobs page shows it whole).
ERROR_CHARS = 500


def on_job_done(sender: Any, task: dict[str, Any], **_kwargs: Any) -> None:
    """Notify the administrators when an attempt of a job failed (the first failure of a job only)."""
    if task.get("success", True):
        return
    from .services import notify_admins

    error = str(task.get("result") or "")[:ERROR_CHARS]
    notify_admins(kind=Kind.JOB_FAILED, key=f"job:{task.get('id', '')}",
                  title=_("Tác vụ nền bị lỗi: {name}").format(name=task.get("name") or task.get("func") or "?"),
                  body=error, url=reverse("jobs"))
