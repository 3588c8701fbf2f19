"""Module-level functions the job tests queue (a job names its function by dotted path, so it must be
importable in the worker's process too). Each leaves its trace in a file, which any process can read."""

from __future__ import annotations

from pathlib import Path


def write(path: str, text: str) -> None:
    """Write ``text`` to ``path``."""
    Path(path).write_text(text, encoding="utf-8")


def fail_until(path: str, failures: int) -> str:
    """Count this attempt in ``path``; raise for the first ``failures`` attempts, then succeed."""
    file = Path(path)
    attempt = (int(file.read_text()) if file.exists() else 0) + 1
    file.write_text(str(attempt))
    if attempt <= failures:
        raise RuntimeError(f"attempt {attempt} failed on purpose")
    return f"done at attempt {attempt}"
