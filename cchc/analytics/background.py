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

from django.db import close_old_connections

from .services import refresh_kpis
from .store import default_path

logger = logging.getLogger(__name__)
_pending: set[int] = set()
_guard = threading.Lock()


def _detect_corrective_actions(years: Iterable[int]) -> None:
    """New figures may make a target red for a second period in a row: require the corrective actions
    (cchc.dashboard.actions.detect is idempotent). A failure here must not undo the refresh."""
    from cchc.dashboard.actions import detect

    try:
        detect(years=sorted(set(years)))
    except Exception:
        logger.exception("corrective-action detection after the KPI refresh failed")


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
            _detect_corrective_actions(years)
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
    finally:
        close_old_connections()


def schedule_refresh(years: Iterable[int]) -> threading.Thread | None:
    """Queue a refresh of ``years`` in a background thread (one thread drains the queue)."""
    with _guard:
        already_running = bool(_pending)
        _pending.update(years)
    if already_running:
        return None
    thread = threading.Thread(target=_drain, name="kpi-refresh", daemon=True)
    thread.start()
    return thread
