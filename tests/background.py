"""Waiting for the work a test started in the background: the jobs it queued (an upload's import, the KPI
refresh the import queues as it ends, a report's documents) are run in the test's process through the
worker's own code (cchc.platform.jobs.run_queued), until the queue is empty. Browser tests also have a
worker beside the live server (``worker_beside_server``), as `cchc serve` has, for the pages that poll."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

from cchc.platform.jobs import run_queued

#: Held while jobs run, so that waiting never returns while the browser tests' worker is mid-job.
_running = threading.Lock()


def wait_for_background_work() -> int:
    """Run every queued job, and the jobs those queue; how many ran here."""
    with _running:
        return run_queued()


@contextmanager
def worker_beside_server(*, poll: float = 0.2) -> Iterator[None]:
    """A thread running queued jobs while the block runs: the worker of a live server's pages."""
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.is_set():
                with _running:
                    run_queued()
                stop.wait(poll)
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, name="test-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=120)
