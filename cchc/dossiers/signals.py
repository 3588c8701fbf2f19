"""What the dossier app tells the apps above it, without knowing them.

``dossiers_imported`` is sent by every import use case (cchc.dossiers.services: a file uploaded on the
page, a batch pushed to the API, ``cchc dossiers import``) once dossiers were created or updated, after
the import's transaction, and when dossiers are moved to another unit (cchc.dossiers.transfers). Keyword arguments: ``summary`` (services.IngestSummary), ``since`` (when the
import began: every dossier it wrote has ``updated_at`` at or after it) and ``wait`` (True when the
caller's process ends right after, like the CLI: receivers then do their work in this process instead of
leaving it to a background job, handing it to ``finish_later``, which runs it when the caller's
``receivers_finish_before_returning`` block ends, once the caller has let go of the files it imported). The analytics app listens, to refresh the figures; the
dossier app does not import it (the engine reads dossiers, so the other direction would be a cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.dispatch import Signal

from cchc.platform.memory import release_memory

dossiers_imported = Signal()

_pending: ContextVar[list[Callable[[], None]] | None] = ContextVar("dossiers_imported_pending", default=None)


@contextmanager
def receivers_finish_before_returning() -> Iterator[None]:
    """Imports made inside this block send ``wait=True`` (for a command whose process exits afterwards);
    the work the receivers hand to ``finish_later`` runs when the block ends, after the memory the block
    let go of is given back: the KPI refresh after importing 200,000 dossiers then starts from the
    process's usual size, not with the file and the import's heap still held (issue 10: ≤ 500 MB)."""
    pending: list[Callable[[], None]] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        if pending:
            release_memory()
        for work in pending:
            work()


def finish_later(work: Callable[[], None]) -> None:
    """Run ``work`` when the enclosing ``receivers_finish_before_returning`` block ends (now outside one)."""
    pending = _pending.get()
    if pending is None:
        work()
    else:
        pending.append(work)


def _wait() -> bool:
    return _pending.get() is not None


def changed(*, since: datetime) -> None:
    """Tell the listeners that dossiers were changed outside an import (a transfer to another unit): every
    one changed has ``updated_at`` at or after ``since``; ``summary`` is None."""
    dossiers_imported.send(sender=changed, summary=None, since=since, wait=_wait())


def imported(summary, *, since: datetime) -> None:
    """Tell the listeners that an import wrote dossiers (nothing when it created and updated none)."""
    if summary.created or summary.updated:
        dossiers_imported.send(sender=imported, summary=summary, since=since, wait=_wait())
