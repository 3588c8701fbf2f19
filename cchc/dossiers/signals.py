"""What the dossier app tells the apps above it, without knowing them.

``dossiers_imported`` is sent by every import use case (cchc.dossiers.services: a file uploaded on the
page, a batch pushed to the API, ``cchc dossiers import``) once dossiers were created or updated, after
the import's transaction, and when dossiers are moved to another unit (cchc.dossiers.transfers). Keyword arguments: ``summary`` (services.IngestSummary), ``since`` (when the
import began: every dossier it wrote has ``updated_at`` at or after it) and ``wait`` (True when the
caller's process ends right after, like the CLI: receivers then finish their work before returning
instead of leaving it to a background job). The analytics app listens, to refresh the figures; the
dossier app does not import it (the engine reads dossiers, so the other direction would be a cycle).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.dispatch import Signal

dossiers_imported = Signal()

_wait = ContextVar("dossiers_imported_wait", default=False)


@contextmanager
def receivers_finish_before_returning() -> Iterator[None]:
    """Imports made inside this block send ``wait=True`` (for a command whose process exits afterwards)."""
    token = _wait.set(True)
    try:
        yield
    finally:
        _wait.reset(token)


def changed(*, since: datetime) -> None:
    """Tell the listeners that dossiers were changed outside an import (a transfer to another unit): every
    one changed has ``updated_at`` at or after ``since``; ``summary`` is None."""
    dossiers_imported.send(sender=changed, summary=None, since=since, wait=_wait.get())


def imported(summary, *, since: datetime) -> None:
    """Tell the listeners that an import wrote dossiers (nothing when it created and updated none)."""
    if summary.created or summary.updated:
        dossiers_imported.send(sender=imported, summary=summary, since=since, wait=_wait.get())
