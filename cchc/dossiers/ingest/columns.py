"""Whole columns: a column reader converts all the cells of one column at once (numpy for instants, once
per distinct cell for values, in bulk for text) and falls back to the one-cell converters of ``cells``
for what it cannot settle. ``_Column`` says how one column of a file fills one of our fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cchc.core.parsing import HIDDEN_OR_CONTROL

from .cells import _Bad, _blank, _instant_cell, _text_cell
from .instants import NAT, parse_instants

# --- whole columns --------------------------------------------------------------------------------
# A column reader returns one value per cell (None, or NaT for instants, where the cell is blank or wrong)
# and the wrong cells as (position, _Bad).

BadCells = list[tuple[int, _Bad]]



def _bare(exc: _Bad) -> _Bad:
    """A refused cell's exception, kept for its message without its traceback and context: those hold the
    frames that raised it, in a cycle that only the garbage collector frees, and the import pauses it (a
    file of 100,000 bad rows kept 300 MB of frames)."""
    exc.__traceback__ = None
    exc.__context__ = None
    return exc

def _read_each(cells: Sequence[Any], name: str, convert: Callable) -> tuple[list, BadCells]:
    values: list[Any] = [None] * len(cells)
    bad: BadCells = []
    for i, cell in enumerate(cells):
        if _blank(cell):
            continue
        try:
            values[i] = convert(cell, name)
        except _Bad as exc:
            bad.append((i, _bare(exc)))
    return values, bad


def _read_distinct(cells: Sequence[Any], name: str, convert: Callable) -> tuple[list, BadCells]:
    """Convert each distinct cell once. Only for text cells: 1, 1.0 and True are one key of a set but are
    not read alike (JSON and Excel cells go one by one)."""
    try:
        distinct = set(cells)
    except TypeError:  # lists or objects in JSON records
        return _read_each(cells, name, convert)
    if any(cell.__class__ is not str for cell in distinct if cell is not None):
        return _read_each(cells, name, convert)
    meaning: dict[Any, Any] = {}
    failed: dict[Any, _Bad] = {}
    for cell in distinct:
        meaning[cell] = None
        if not _blank(cell):
            try:
                meaning[cell] = convert(cell, name)
            except _Bad as exc:
                failed[cell] = _bare(exc)
    values = list(map(meaning.__getitem__, cells))
    bad = [(i, failed[cell]) for i, cell in enumerate(cells) if cell in failed] if failed else []
    return values, bad


def _read_texts(cells: Sequence[Any], name: str, convert: Callable, max_length: int) -> tuple[list, BadCells]:
    """Strings stripped in bulk when they all are strings within the length; otherwise one by one."""
    try:
        texts = list(map(str.strip, cells))
    except TypeError:  # numbers, lists… (JSON, Excel)
        return _read_each(cells, name, convert)
    if texts and max(map(len, texts)) > max_length:
        return _read_each(cells, name, convert)
    if HIDDEN_OR_CONTROL.search("\n".join(texts)):  # one pass over the column; the cells at fault one by one
        return _read_each(cells, name, convert)
    return [text or None for text in texts], []


def _read_instants(cells: Sequence[Any], name: str) -> tuple[np.ndarray, BadCells]:
    """Instants: strings in the fixed-width forms by numpy, every other cell by parse_datetime."""
    try:
        out = parse_instants(cells)
    except TypeError:  # not all strings (JSON, Excel): the strings in bulk, the rest below
        out = np.full(len(cells), NAT)
        strings = [i for i, cell in enumerate(cells) if cell.__class__ is str]
        if strings:
            out[strings] = parse_instants([cells[i] for i in strings])
    bad: BadCells = []
    given = np.fromiter(map(bool, cells), dtype=bool, count=len(cells))
    for i in np.flatnonzero(np.isnat(out) & given).tolist():
        cell = cells[i]
        if not _blank(cell):
            try:
                out[i] = _instant_cell(cell, name)
            except _Bad as exc:
                bad.append((i, _bare(exc)))
    return out, bad


@dataclass(frozen=True)
class _Column:
    """How one column of a file fills one of our fields.

    ``convert(cell, column)`` reads one cell (see "one cell" above). ``kind`` picks how the whole column is
    read: "text" (stripped in bulk, ``max_length`` checked), "instant" (parse_instants) or "value" (once
    per distinct cell). ``either``: several columns may set this flag, and any of them sets it (DuocSoHoa,
    HoSoCoThanhPhanSoHoa); for other fields given by two columns the later column wins where it says
    something."""

    field: str
    convert: Callable[[Any, str], Any]
    kind: str = "value"
    max_length: int = 0
    either: bool = False

    def read(self, cells: Sequence[Any], name: str) -> tuple[list | np.ndarray, BadCells]:
        if self.kind == "instant":
            return _read_instants(cells, name)
        if self.kind == "text":
            return _read_texts(cells, name, self.convert, self.max_length)
        return _read_distinct(cells, name, self.convert)

    def merge(self, before: list, after: list) -> list:
        if self.either:
            return [b if a is None else (a or bool(b)) for b, a in zip(before, after, strict=True)]
        return [b if a is None else a for b, a in zip(before, after, strict=True)]


def _text_column(name: str, max_length: int) -> _Column:
    return _Column(name, _text_cell(max_length), "text", max_length)


def _instant_column(name: str) -> _Column:
    return _Column(name, _instant_cell, "instant")

