"""Refused input shown on the form that sent it."""

from __future__ import annotations

from collections.abc import Mapping

from cchc.core.errors import InvalidInput


def issues_to_form(form, exc: InvalidInput, *, fields: Mapping[str, str] | None = None) -> None:
    """Put each issue of ``exc`` on its field of ``form`` (``fields`` maps a service's name for a field to
    the form's, e.g. ``{"new_due_at": "new_due"}``); an issue about a field the form does not have (a whole
    file) becomes a non-field error, so the message is still shown instead of Django raising ValueError."""
    fields = fields or {}
    for issue in exc.issues:
        name = fields.get(issue.field, issue.field)
        form.add_error(name if name in form.fields else None, issue.message)
