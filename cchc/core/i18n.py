"""Marking user-facing text in the pure core for translation, without importing Django.

The core holds Vietnamese names and messages (KPI and 766 indicator names, the messages of its
exceptions) but must not translate them: it does not know the reader's language, and a translation made
at import time would freeze the language of the first request. ``N_`` is the identity; it only marks
its argument so that ``makemessages`` extracts it (the project's ``makemessages`` command adds
``--keyword=N_``, see cchc/web/management/commands/makemessages.py). The edge (pages, API, CLI,
documents) translates the marked text with ``gettext`` in the reader's language, and fills in any
``{parameters}`` after translating.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged (translated later, at the edge)."""
    return message
