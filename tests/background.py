"""Waiting for the work a test started in the background: the jobs it queued (an upload's import, the KPI
refresh the import queues as it ends, a report's documents) are run in the test's process through the
worker's own code (cchc.platform.jobs.run_queued), until the queue is empty."""

from __future__ import annotations

from cchc.platform.jobs import run_queued


def wait_for_background_work() -> int:
    """Run every queued job, and the jobs those queue; how many ran."""
    return run_queued()
