"""Refreshing KPI values after new dossiers arrive, without blocking the request that brought them.

The refresh is a job of the worker (cchc.platform.jobs): a failed one is recorded, shown to the
administrator and retried. DuckDB lets one process write its file at a time, and the worker and the web
server are several processes, so refreshes take an exclusive file lock (``analytics.lock`` beside the fact
store) and run one after another. A nightly job (settings ``CCHC_SCHEDULE``) refreshes the current year as
well: open dossiers become late by the calendar, not only when new ones arrive.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cchc.dossiers.models import Dossier
from cchc.dossiers.signals import finish_later
from cchc.platform.jobs import in_background

from .signals import kpi_values_refreshed

logger = logging.getLogger(__name__)


def _announce(years: list[int]) -> None:
    """Tell the listeners (the corrective-action detection, cchc.corrective.apps) that new figures are
    written. A listener's failure is logged and does not undo the refresh."""
    for receiver, result in kpi_values_refreshed.send_robust(sender=refresh_now, years=years):
        if isinstance(result, Exception):
            logger.error("%s after the KPI refresh failed", getattr(receiver, "__qualname__", receiver),
                         exc_info=(type(result), result, result.__traceback__))


def refresh_now(years: Iterable[int]) -> None:
    """Sync the new dossiers and recompute the given years' KPI values, holding the cross-process lock."""
    from .services import refresh_kpis  # DuckDB and Arrow (≈ 110 MiB) only in the process that refreshes
    from .store import default_path

    years = sorted(set(years))
    lock_path = default_path().with_suffix(".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for year in years:
                refresh_kpis(year=year)
            _announce(years)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def refresh_years(years: list[int]) -> None:
    """The background job: refresh ``years``. A failure raises, so the worker records it and retries."""
    refresh_now(years)


def schedule_refresh(years: Iterable[int]) -> str:
    """Queue a refresh of ``years`` for the worker; returns the job's id."""
    return in_background(refresh_years, sorted(set(years)), name="kpi-refresh", after_commit=False)


def nightly_refresh() -> None:
    """The scheduled refresh (settings ``CCHC_SCHEDULE``): the current year, and the previous one while its
    figures still settle (settings ``SETTLING_DAYS``), as "late" for an open dossier changes with the day."""
    today = timezone.localdate()
    refresh_now({today.year, (today - timedelta(days=settings.SETTLING_DAYS)).year})


def after_import(sender, *, since, wait: bool = False, **kwargs) -> None:
    """Receiver of cchc.dossiers.signals.dossiers_imported: refresh the figures of the years the written
    dossiers were received in, in the background (the job is queued in the import's transaction, so the
    worker sees it once the dossiers are committed), or in this process when the importer's process is
    about to end (``wait``, the CLI: at the end of its ``receivers_finish_before_returning`` block). A failed refresh leaves the import as it is; the next
    refresh redoes the work."""
    years = {d.year for d in Dossier.objects.filter(updated_at__gte=since).dates("received_at", "year")}
    if not years:
        return
    if not wait:
        schedule_refresh(years)
        return
    finish_later(lambda: _refresh_logged(years))


def _refresh_logged(years: set[int]) -> None:
    try:
        refresh_now(years)
    except Exception:
        logger.exception("KPI refresh after the import failed; run «cchc kpi refresh»")
