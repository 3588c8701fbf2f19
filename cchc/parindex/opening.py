"""Opening a PAR index season from the page, in the background: the request checks the officer's form
(cchc.parindex.services.check_opening), writes a SeasonOpening row and queues the work on the worker
(cchc.platform.jobs); the worker opens the season (cchc.parindex.services.open_season: one assessment per
unit, computed criteria prefilled, totals stored) in one transaction, writing how far it is to a progress
file the page polls (htmx), then records the season or the problems that stopped it.

All or nothing: a failed or interrupted opening leaves no season and no assessment (the transaction rolls
back); the row says why, and the officer opens again from the form. A job handed out again after its
worker died redoes the whole opening; one that finds its row done or failed returns at once. Opening the
season and marking the row done are one transaction, so a row is never left saying "running" beside an
opened season.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import N_, stored
from cchc.platform.errors import job_records
from cchc.platform.jobs import in_background, progress_file, read_progress, write_progress

from . import services
from .models import IndexVersion, SeasonOpening

logger = logging.getLogger(__name__)


def _key(opening_id: int) -> str:
    return f"season-opening-{int(opening_id)}"


def live_progress(opening: SeasonOpening) -> tuple[int, int] | None:
    """(done, total) written by the running opening, or None (not running, or nothing written yet)."""
    return read_progress(_key(opening.pk)) if opening.state == SeasonOpening.State.RUNNING else None


def queue(version: IndexVersion, *, opens_on, self_due, appraisal_due, response_days: int, publish_on=None,
          by) -> SeasonOpening:
    """Check the opening now (every problem named, as the form shows them) and queue it for the worker,
    which sees it once the caller's transaction commits. Refused while another opening of the same
    version is waiting or running."""
    dates = {"opens_on": opens_on, "self_due": self_due, "appraisal_due": appraisal_due,
             "response_days": response_days, "publish_on": publish_on}
    services.check_opening(version, **dates, by=by)
    with transaction.atomic():
        pending = SeasonOpening.objects.select_for_update().filter(
            version=version, state__in=[SeasonOpening.State.QUEUED, SeasonOpening.State.RUNNING])
        if pending.exists():
            raise InvalidInput(issues=[Issue(_("Bộ chỉ số này đang được mở đợt đánh giá."), field="version")])
        opening = SeasonOpening.objects.create(version=version, **dates, created_by=by)
        in_background(run, opening.pk, name=f"season-opening-{opening.pk}")
    return opening


def run(opening_id: int) -> None:
    """Open the season the row describes (the worker's job), with its progress at most every half second."""
    opening = SeasonOpening.objects.select_related("version", "created_by").get(pk=opening_id)
    if not opening.pending:
        return  # handed out again after it ended (its worker stopped before saying so): nothing to redo
    opening.state = SeasonOpening.State.RUNNING
    opening.save(update_fields=["state"])
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if time.monotonic() - last > 0.5 or done == total:
            last = time.monotonic()
            write_progress(_key(opening_id), done, total)

    try:
        # The checks' messages are stored as ids and shown in each reader's language (SeasonOpening.issue_texts).
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            season = services.open_season(
                opening.version, opens_on=opening.opens_on, self_due=opening.self_due,
                appraisal_due=opening.appraisal_due, response_days=opening.response_days,
                publish_on=opening.publish_on, by=opening.created_by, progress=progress)
            total = season.assessments.count()
            SeasonOpening.objects.filter(pk=opening_id).update(
                state=SeasonOpening.State.DONE, season=season, done=total, total=total, issues=[],
                finished_at=timezone.now())
    except Exception as exc:  # the page must say the opening ended (cchc.platform.errors words why)
        opening.state = SeasonOpening.State.FAILED
        opening.issues = job_records(exc, logger=logger, job=f"season opening {opening_id}",
                                     system=stored(N_("Lỗi hệ thống khi mở đợt đánh giá; xem nhật ký máy chủ.")))
        opening.finished_at = timezone.now()
        opening.save(update_fields=["state", "issues", "finished_at"])
    finally:
        progress_file(_key(opening_id)).unlink(missing_ok=True)
