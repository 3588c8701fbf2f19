"""Domain exceptions. Web pages, the JSON API and the CLI map them once each (cchc.platform.errors)."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """A business rule refused an action. ``message`` is already translated for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The user may not do this (role or unit scope)."""


class NotFound(DomainError):
    """A referenced object does not exist."""


@dataclass(frozen=True)
class Issue:
    """One problem in an input: where it is (file, row, field) and what is wrong."""

    message: str
    file: str = ""
    row: int | None = None
    field: str = ""

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.field:
            parts.append(f"trường «{self.field}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


@dataclass
class InvalidInput(DomainError):
    """An input (a file, a form, an API batch) has problems; nothing of it was written."""

    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("; ".join(str(i) for i in self.issues[:20]))
