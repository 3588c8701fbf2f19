"""Refused input shown on the form that sent it."""

from __future__ import annotations

from cchc.core.errors import InvalidInput


def issues_to_form(form, exc: InvalidInput) -> None:
    """Put each issue of ``exc`` on its field of ``form``; an issue about a field the form does not have (a
    service's own name for it, a whole file) becomes a non-field error, so the message is still shown
    instead of Django raising ValueError."""
    for issue in exc.issues:
        name = issue.field if issue.field in form.fields else None
        form.add_error(name, issue.message)
