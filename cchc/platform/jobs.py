"""Background work in the server process: the one way CCHC runs a long task off the web request.

One machine serves a province (ARCHITECTURE "Scale"), so a daemon thread of the server process is enough:
the dossier upload (cchc.dossiers.jobs), the report documents (cchc.reporting.documents) and the KPI refresh
(cchc.analytics.background) each keep their state in a row or a queue of their own and start their thread
here. The thread starts once the transaction that recorded the work commits (so it sees that row) and
closes its database connections when it ends (a thread's connection is not closed by Django's request
cycle).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, transaction


def in_background(target: Callable[..., Any], *args: Any, name: str, after_commit: bool = True) -> threading.Thread:
    """Run ``target(*args)`` in a daemon thread named ``name``, started when the current transaction commits
    (at once outside one, or with ``after_commit`` false); returns the thread (tests join it)."""

    def main() -> None:
        try:
            target(*args)
        finally:
            close_old_connections()

    thread = threading.Thread(target=main, name=name, daemon=True)
    if after_commit:
        transaction.on_commit(thread.start)
    else:
        thread.start()
    return thread
