"""Refreshing KPI values after new dossiers arrive, without blocking the request that brought them.

DuckDB lets one process write its file at a time, and `cchc serve` runs several worker processes, so
refreshes take an exclusive file lock (``analytics.lock`` beside the fact store) and run one after another;
a refresh asked for while one is waiting is merged into it.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterable

from django.db import transaction

from cchc.dossiers.models import Dossier
from cchc.platform.jobs import in_background

from .services import refresh_kpis
from .signals import kpi_values_refreshed
from .store import default_path

logger = logging.getLogger(__name__)
_pending: set[int] = set()
_guard = threading.Lock()


def _announce(years: list[int]) -> None:
    """Tell the listeners (the corrective-action detection, cchc.corrective.apps) that new figures are
    written. A listener's failure is logged and does not undo the refresh."""
    for receiver, result in kpi_values_refreshed.send_robust(sender=refresh_now, years=years):
        if isinstance(result, Exception):
            logger.error("%s after the KPI refresh failed", getattr(receiver, "__qualname__", receiver),
                         exc_info=(type(result), result, result.__traceback__))


def refresh_now(years: Iterable[int]) -> None:
    """Sync the new dossiers and recompute the given years' KPI values, holding the cross-process lock."""
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


def _drain() -> None:
    try:
        while True:
            with _guard:
                years = set(_pending)
                _pending.clear()
            if not years:
                return
            refresh_now(years)
    except Exception:  # a failed refresh must not kill the server; the next one redoes the work
        logger.exception("KPI refresh failed")


def schedule_refresh(years: Iterable[int]) -> threading.Thread | None:
    """Queue a refresh of ``years`` in a background thread (one thread drains the queue)."""
    with _guard:
        already_running = bool(_pending)
        _pending.update(years)
    if already_running:
        return None
    return in_background(_drain, name="kpi-refresh", after_commit=False)


def after_import(sender, *, since, wait: bool = False, **kwargs) -> None:
    """Receiver of cchc.dossiers.signals.dossiers_imported: refresh the figures of the years the written
    dossiers were received in, in the background once the import is committed, or now when the importer's
    process is about to end (``wait``, the CLI). A failed refresh leaves the import as it is; the next
    refresh redoes the work."""
    years = {d.year for d in Dossier.objects.filter(updated_at__gte=since).dates("received_at", "year")}
    if not years:
        return
    if not wait:
        transaction.on_commit(lambda: schedule_refresh(years))
        return
    try:
        refresh_now(years)
    except Exception:
        logger.exception("KPI refresh after the import failed; run «cchc kpi refresh»")
