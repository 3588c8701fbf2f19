"""Interpreting a table: every row, column by column, with every problem collected in row order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from django.utils.translation import gettext

from cchc.core.errors import Issue
from cchc.core.i18n import keeping
from cchc.platform.tables import Table

from .cells import _blank
from .rules import _check_rules, _finish_supplements
from .schemas import (
    OUR_COLUMN_OF,
    OURS,
    PORTAL_COLUMN_OF,
    REQUIRED,
    UNIT_COLUMNS,
    Header,
    ParsedFile,
    read_header,
)

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)


def _columns_of(table: Table, keys: list[str]) -> dict[str, Sequence[Any]]:
    """The table's cells column by column: the header's columns (CSV, XLSX), or for JSON each key of the
    whole file (``keys``), None where a record lacks it."""
    if table.header is not None:
        if not table.rows:
            return {key: () for key in table.header}
        return dict(zip(table.header, zip(*table.rows, strict=True), strict=True))
    return {key: [record.get(key) for record in table.rows] for key in keys}


def _absent(values: list | np.ndarray | None, n: int) -> list[int]:
    """Positions where a field has no value (the field missing altogether: every position)."""
    if values is None:
        return list(range(n))
    if isinstance(values, np.ndarray):
        return np.flatnonzero(np.isnat(values)).tolist()
    return [i for i, value in enumerate(values) if value is None]


def _take(values: list | np.ndarray, positions: list[int]) -> list | np.ndarray:
    if isinstance(values, np.ndarray):
        return values[positions]
    return [values[i] for i in positions]


def parse_records(table: Table, *, header: Header | None = None, codes_seen: dict[str, int] | None = None,
                  progress: Callable[[int], None] | None = None) -> ParsedFile:
    """Interpret every row, column by column; problems are collected (never raised) so that all are
    reported at once, in row order.

    A row with a wrong cell, a missing required value, no unit or a repeated code is left out of the
    result. A row that breaks a rule between its fields (``_check_rules``) has its problem reported but
    is kept, so that its unit and procedure are still checked. A file may be interpreted in parts
    (``Table.part``): then pass the whole file's ``read_header`` and one ``codes_seen`` for all parts, in
    which each code's first row is kept.
    """
    if table.header is None and table.count == 0 and header is None:  # an empty JSON list: nothing to interpret
        return ParsedFile(table.filename, OURS)
    header = header or read_header(table)
    schema, spec = header.schema, header.spec
    result = ParsedFile(table.filename, schema, columns=OUR_COLUMN_OF if schema == OURS else PORTAL_COLUMN_OF)
    numbers = table.numbers
    n = len(numbers)
    cells_of = _columns_of(table, header.keys)
    found: list[tuple[int, Issue]] = []  # (position, issue), sorted by position at the end

    def report(positions: Iterable[int], message: str | Callable[[int], str], field: str) -> None:
        for i in positions:
            text = message if isinstance(message, str) else message(i)
            found.append((i, Issue(text, file=table.filename, row=numbers[i], field=field)))

    values: dict[str, Any] = {}
    for done, (key, cells) in enumerate(cells_of.items(), start=1):
        column = spec[key]
        if column is not None:
            read, bad = column.read(cells, key)
            for i, exc in bad:
                report([i], exc.message, exc.column or key)
            values[column.field] = column.merge(values[column.field], read) if column.field in values else read
        if progress is not None:
            progress(n * done // len(cells_of))

    for name, key in REQUIRED[schema].items():
        cells = cells_of.get(key)
        report([i for i in _absent(values.get(name), n) if cells is None or _blank(cells[i])],
               _("Thiếu giá trị bắt buộc."), key)
    no_unit = set(_absent(values.get("unit_ref"), n)).intersection(_absent(values.get("unit_name"), n))
    unit_cells = [cells_of[c] for c in UNIT_COLUMNS[schema] if c in cells_of]
    report(sorted(i for i in no_unit if all(_blank(cells[i]) for cells in unit_cells)),
           _("Thiếu đơn vị giải quyết."), UNIT_COLUMNS[schema][0])
    codes = values.get("code") or [None] * n
    first_row = {} if codes_seen is None else codes_seen  # code → the first row that has it
    known = len(first_row)
    given = [(code, number) for code, number in zip(codes, numbers, strict=True) if code is not None]
    for code, number in given:
        first_row.setdefault(code, number)
    if len(first_row) - known < len(given):  # some code repeats
        for i, code in enumerate(codes):
            if code is not None and first_row[code] != numbers[i]:
                report([i], _("Mã hồ sơ «{code}» trùng với dòng {row}.").format(code=code, row=first_row[code]),
                       result.column("code"))

    if found:
        dropped = {i for i, _issue in found}
        kept = [i for i in range(n) if i not in dropped]
        values = {name: _take(column, kept) for name, column in values.items()}
    else:
        kept = list(range(n))
    result.rows = [numbers[i] for i in kept]
    result.values = values
    _check_rules(result, lambda positions, message, name: report((kept[j] for j in positions), message,
                                                                 result.column(name)))
    _finish_supplements(values, len(kept))
    found.sort(key=lambda pair: pair[0])  # stable: within a row, the order the checks ran in
    result.issues = [issue for _i, issue in found]
    return result

