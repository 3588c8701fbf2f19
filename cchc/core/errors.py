"""Domain exceptions. Web pages, the JSON API and the CLI map them once each (cchc.platform.errors).

Their texts are read in the reader's language: apps raise them with a message they translated already,
and the pure core (which cannot translate) raises them with a Vietnamese message id marked with ``N_``
and its parameters; ``message`` is rendered when it is read, through the translation function the edge
installed (cchc.core.i18n.install). An import's issues are stored as ids and parameters (``to_dict``) and
rendered again for each reader.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import N_, render, stored, translate


class DomainError(Exception):
    """A business rule refused an action. ``message`` is the user's text, in the reader's language."""

    def __init__(self, message: str, params: Mapping[str, Any] | None = None):
        self._stored = stored(message, params)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return render(self._stored)

    @message.setter
    def message(self, text: str) -> None:
        self._stored = stored(text)

    def to_dict(self) -> dict[str, Any]:
        """The message as plain JSON, an id and parameters (cchc.core.i18n.stored), to store and show later."""
        return dict(self._stored)

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError):
    """The user may not do this (role or unit scope)."""


class NotFound(DomainError):
    """A referenced object does not exist."""


@dataclass(frozen=True)
class Issue:
    """One problem in an input: where it is (file, row, field) and what is wrong.

    ``message`` is a translated text (a cchc.core.i18n.Message keeps its id and parameters) or a message
    id whose ``params`` fill it; ``str(issue)`` is in the reader's language."""

    message: str
    file: str = ""
    row: int | None = None
    field: str = ""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(translate(N_("dòng {row}")).format(row=self.row))
        if self.field:
            parts.append(translate(N_("trường «{field}»")).format(field=self.field))
        return ", ".join(parts)

    def text(self) -> str:
        """What is wrong, in the reader's language."""
        return render(stored(self.message, self.params or None))

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.text()}" if where else self.text()

    def to_dict(self) -> dict[str, Any]:
        """The issue as plain JSON, its message as an id and parameters (cchc.core.i18n.stored)."""
        return {**stored(self.message, self.params or None), "file": self.file, "row": self.row, "field": self.field}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Issue:
        return cls(data["message"], file=data.get("file", ""), row=data.get("row"), field=data.get("field", ""),
                   params=data.get("params") or {})


@dataclass
class InvalidInput(DomainError):
    """An input (a file, a form, an API batch) has problems; nothing of it was written.

    ``omitted`` counts the problems found beyond those kept in ``issues`` (a collector keeps the first ones
    only, ``keep_first``): the edges show the first issues and "and N more" (cchc.platform.errors)."""

    issues: list[Issue] = dataclasses.field(default_factory=list)
    omitted: int = 0

    @property
    def count(self) -> int:
        """Every problem found, kept or not."""
        return len(self.issues) + self.omitted

    def __post_init__(self) -> None:
        super().__init__("")

    @property
    def message(self) -> str:
        return "; ".join(str(i) for i in self.issues[:20])

    @message.setter
    def message(self, text: str) -> None:
        raise AttributeError("an InvalidInput's message is made of its issues")


def keep_first(issues: list[Issue], limit: int) -> int:
    """Cut ``issues`` (in place) to its first ``limit``; return how many were dropped (a collector adds
    them to the count it raises as ``InvalidInput.omitted``, so a file with a million bad rows costs the
    memory of ``limit`` issues, not of a million)."""
    dropped = max(len(issues) - limit, 0)
    if dropped:
        del issues[limit:]
    return dropped
