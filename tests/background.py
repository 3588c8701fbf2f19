"""Waiting for the work a test started in the background: an upload's import thread (``import-…``) and
the KPI refresh it starts as it ends (``kpi-refresh``), in whichever order they appear."""

from __future__ import annotations

import threading


def wait_for_background_work(*, timeout: float = 120) -> None:
    """Join every import and KPI refresh thread; three rounds, as an import starts the refresh as it ends."""
    for _round in range(3):
        for thread in threading.enumerate():
            if thread.name == "kpi-refresh" or thread.name.startswith("import-"):
                thread.join(timeout=timeout)
