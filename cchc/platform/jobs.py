"""Background work: the one way CCHC runs a long task off the web request.

The work goes through django-q2 (settings ``Q_CLUSTER``) with its ORM broker: ``in_background`` writes the
job as a row of the default database and the worker (``cchc worker``, which ``cchc serve`` starts beside the
web server) runs it in a process of its own. The dossier upload (cchc.dossiers.jobs), opening a PAR index
season (cchc.parindex.opening), the report documents (cchc.reporting.documents) and the KPI refresh
(cchc.analytics.background) each keep their progress in a row of their own, which their pages poll (a job
that is one transaction also writes a progress file, :func:`write_progress`).

What this gives:

* the job is written in the caller's transaction: the worker sees it once the row describing the work is
  committed, and never if that transaction rolls back;
* it survives a restart: a queued job stays a row until a worker has run it;
* a job that raises is recorded as failed (with its error and attempts, on the administrator's page,
  ``overview``) and handed out again after ``Q_CLUSTER["retry"]`` seconds, up to ``max_attempts`` times; so
  does a job whose worker died under it.

``run_queued`` runs what is queued in the calling process, the worker's own code path, once: ``cchc worker
--once`` (a machine driving the queue from cron) and the tests use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Value
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

#: Recent successes and failures shown on the administrator's page.
OVERVIEW_LIMIT = 50


def dotted_path(target: Callable[..., Any]) -> str:
    """``module.function`` of a module-level function: what the worker imports to run it."""
    qualname = getattr(target, "__qualname__", "")
    module = getattr(target, "__module__", None)
    if not module or not qualname or "." in qualname or "<" in qualname:
        raise ValueError(f"a background job runs a module-level function, not {target!r}")
    return f"{module}.{qualname}"


def in_background(target: Callable[..., Any], *args: Any, name: str, after_commit: bool = True) -> str:
    """Queue ``target(*args)`` for the worker under the name ``name``; returns the job's id.

    ``target`` is a module-level function and ``args`` are plain values (ids, strings, lists of them): the
    job is stored, not a closure. The job row is written in the current transaction, so the worker sees it
    once the rows describing the work are committed, and never if they roll back: what ``after_commit``
    asked of the threads this replaces holds either way with a queue in the same database (the flag stays
    for the callers).
    """
    from django_q.tasks import async_task

    del after_commit
    return async_task(dotted_path(target), *args, task_name=name)


def progress_file(key: str) -> Path:
    """Where a running job writes how far it is (``key``: the job's own name for it). A job that is one
    database transaction (an import, opening a PAR index season) updates rows its pages cannot see until it
    commits (and SQLite has one writer): the live figure goes through a small file any server process reads."""
    return Path(settings.MEDIA_ROOT) / "jobs" / f"{key}.progress"


def write_progress(key: str, done: int, total: int) -> None:
    path = progress_file(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(f"{done} {total}")
    os.replace(partial, path)  # readers see the old figure or the new one, never half a line


def read_progress(key: str) -> tuple[int, int] | None:
    """(done, total) written by the running job, or None."""
    try:
        done, total = progress_file(key).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


def lower_priority(niceness: int) -> int:
    """Give this process (and the job processes it starts, which inherit it) the scheduling niceness
    ``niceness`` (settings ``JOB_NICENESS``), never lowering one it already has; returns the niceness now.
    The worker's jobs (an import's KPI refresh, a document) can wait a second; the pages cannot: on a
    2-core machine an unniced refresh after each API batch took the CPU the web requests needed
    (docs/benchmarks.md, "Fifty officers at once")."""
    current = os.nice(0)
    return os.nice(niceness - current) if niceness > current else current


def run_queued(*, limit: int = 100) -> int:
    """Run the jobs queued now, one after another in this process, through django-q2's own worker and
    monitor (results, failures, attempts and acknowledgement recorded as the cluster records them);
    returns how many ran. A job that failed waits for its retry time, so it is not run twice in one call.
    Must run outside a transaction (the worker code closes stale connections)."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.monitor import monitor
    from django_q.queues import Queue
    from django_q.signing import SignedPackage
    from django_q.worker import worker

    broker = get_broker()
    if connections[Conf.ORM].in_atomic_block:
        raise RuntimeError("run_queued runs the jobs' own transactions: call it outside a transaction")
    ran = 0
    while ran < limit:
        packages = broker.dequeue() if broker.queue_size() else None  # dequeue sleeps on an empty queue
        if not packages:
            return ran
        for ack_id, payload in packages:
            task = SignedPackage.loads(payload)
            task["ack_id"] = ack_id
            task_queue, result_queue = Queue(), Queue()
            task_queue.put(task)
            task_queue.put("STOP")
            worker(task_queue, result_queue, Value("f", -1))
            result_queue.put("STOP")
            monitor(result_queue, broker)
            for queue in (task_queue, result_queue):
                queue.close()
                queue.join_thread()
            ran += 1
    return ran


@dataclass(frozen=True)
class JobRow:
    """One job on the administrator's page."""

    id: str
    name: str
    func: str
    args: str
    started: Any
    stopped: Any
    attempts: int
    error: str
    queued_again_at: Any = None


@dataclass(frozen=True)
class JobsOverview:
    queued: list[JobRow]
    failed: list[JobRow]
    succeeded: list[JobRow]
    schedule: list[Any]
    #: Whether a worker reported itself in the last seconds (django-q2's cluster status, kept in the cache
    #: every server process shares).
    worker_running: bool = False


def _short(value: Any, limit: int = 200) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _error_of(result: Any) -> str:
    """django-q2 stores a failure's result as "message : traceback"; the page shows the message and the
    traceback's last line (the exception)."""
    text = str(result or "")
    message, _sep, trace = text.partition(" : Traceback")
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    return _short(message if not last or last.endswith(message) else f"{message} ({last})", 500)


def overview() -> JobsOverview:
    """The queue as the administrator sees it (a scheduled job under its schedule's name, its group): jobs waiting (or running: a job is a row until done, its lock
    in the future while a worker holds it), recent failures with their error and attempts, recent successes,
    and the schedule with each entry's next run."""
    from django_q.models import Failure, OrmQ, Schedule, Success
    from django_q.signing import BadSignature
    from django_q.status import Stat

    now = timezone.now()
    failures = {f.id: f for f in Failure.objects.order_by("-stopped")[:OVERVIEW_LIMIT]}
    queued = []
    for row in OrmQ.objects.order_by("id")[:OVERVIEW_LIMIT]:
        try:
            task = row.task
        except BadSignature:  # a row signed with another secret key: shown, never run
            task = {"id": "", "name": "?", "func": "?", "args": ()}
        failed = failures.get(task["id"])
        queued.append(JobRow(
            id=task["id"], name=str(task.get("group") or task.get("name", "")), func=str(task.get("func", "")),
            args=_short(task.get("args")), started=task.get("started"), stopped=None,
            attempts=failed.attempt_count if failed else 0, error=_error_of(failed.result) if failed else "",
            queued_again_at=row.lock if row.lock and row.lock > now else None))
    failed = [JobRow(id=f.id, name=f.group or f.name, func=f.func, args=_short(f.args), started=f.started, stopped=f.stopped,
                     attempts=f.attempt_count, error=_error_of(f.result)) for f in failures.values()]
    succeeded = [JobRow(id=s.id, name=s.group or s.name, func=s.func, args=_short(s.args), started=s.started, stopped=s.stopped,
                        attempts=s.attempt_count, error="") for s in Success.objects.order_by("-stopped")[:OVERVIEW_LIMIT]]
    return JobsOverview(queued=queued, failed=failed, succeeded=succeeded,
                        schedule=list(Schedule.objects.order_by("name")), worker_running=bool(Stat.get_all()))
