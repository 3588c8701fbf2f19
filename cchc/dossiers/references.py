"""What checking dossier rows needs from the database, read once before an import starts: the units (by
key, by code on a date, by name), the procedures and the province's calendar changes.

Read up front so that rows are checked on a thread that never touches the database (import_pipeline).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils.translation import gettext

from cchc.core.i18n import keeping
from cchc.core.workdays import calendar_for
from cchc.units.models import Unit

from .models import HolidayOverride, Procedure

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)


class Units:
    """All units in memory (one query): a province has a few hundred, the whole country tens of thousands."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_code: dict[str, list[tuple[date | None, date | None, int]]] = defaultdict(list)
        self.by_name: dict[str, list[tuple[date | None, date | None, int]]] = defaultdict(list)
        for pk, key, code, name, valid_from, valid_to in Unit.objects.values_list(
                "pk", "key", "code", "name", "valid_from", "valid_to"):
            self.by_key[key] = pk
            self.by_code[code].append((valid_from, valid_to, pk))
            self.by_name[name].append((valid_from, valid_to, pk))

    @staticmethod
    def _valid(candidates: list, day: date) -> list[int]:
        return [pk for start, end, pk in candidates if (start is None or start <= day) and (end is None or day <= end)]

    def resolve_all(self, refs: list[str], names: list[str], days: np.ndarray) -> list[tuple[int | None, str, str]]:
        """``resolve`` for each row (``days``: ``datetime64[D]``). The answer for a (reference, name) only
        changes on the days a unit it could mean starts or stops being valid, so it is worked out once per
        stretch between those days; a problem is worked out per row (its message names the row's day)."""
        rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, pair in enumerate(zip(refs, names, strict=True)):
            rows_of[pair].append(i)
        out: list[Any] = [None] * len(refs)
        for (ref, name), rows in rows_of.items():
            spans = self.by_code.get(ref, []) + self.by_name.get(name, [])
            edges = np.array(sorted({start for start, _end, _pk in spans if start is not None}
                                    | {end + timedelta(days=1) for _start, end, _pk in spans if end is not None}),
                             dtype="datetime64[D]")
            row_days = days[rows]
            stretch = np.searchsorted(edges, row_days, side="right")
            for s in np.unique(stretch).tolist():
                members = [rows[j] for j in np.flatnonzero(stretch == s).tolist()]
                result = self.resolve(ref, name, days[members[0]].item())
                if result[0] is None:
                    for i in members:
                        out[i] = self.resolve(ref, name, days[i].item())
                else:
                    for i in members:
                        out[i] = result
        return out

    def resolve(self, ref: str, name: str, day: date) -> tuple[int | None, str, str]:
        """(unit id, problem, which of "ref"/"name" the problem is about); by key, by code on ``day``, by name."""
        when = f"{day:%d/%m/%Y}"
        problem, about = "", "ref"
        if ref:
            if ref in self.by_key:
                return self.by_key[ref], "", ""
            valid = self._valid(self.by_code.get(ref, []), day)
            if len(valid) == 1:
                return valid[0], "", ""
            if len(valid) > 1:
                return None, _("Có {n} đơn vị cùng mã «{code}» còn hiệu lực ngày {day}; hãy dùng khóa định danh của đơn vị.").format(
                    n=len(valid), code=ref, day=when), "ref"
            if ref in self.by_code:
                problem = _("Đơn vị mã «{code}» không còn hiệu lực vào ngày tiếp nhận {day}.").format(code=ref, day=when)
            else:
                problem = _("Không có đơn vị mã hoặc khóa «{code}»; hãy nhập đơn vị trước (cchc units import).").format(code=ref)
        if name:
            valid = self._valid(self.by_name.get(name, []), day)
            if len(valid) == 1:
                return valid[0], "", ""
            if not problem:
                about = "name"
                if len(valid) > 1:
                    problem = _("Có {n} đơn vị cùng tên «{name}» còn hiệu lực ngày {day}; hãy ghi mã đơn vị (MaDonVi).").format(
                        n=len(valid), name=name, day=when)
                else:
                    problem = _("Không có đơn vị tên đúng là «{name}» còn hiệu lực ngày {day}.").format(name=name, day=when)
            else:
                problem += " " + _("Tên «{name}» cũng không khớp đúng một đơn vị.").format(name=name)
        return None, problem, about


@dataclass(frozen=True)
class ProcedureFacts:
    """What the import needs of a procedure: its id, time limit (for due dates) and online level."""

    pk: int
    time_limit: Decimal | None
    kind: str
    same_day: bool
    online_level: str


def procedures() -> dict[str, ProcedureFacts]:
    return {
        code: ProcedureFacts(pk, limit, kind, same_day, level)
        for pk, code, limit, kind, same_day, level in Procedure.objects.values_list(
            "pk", "code", "time_limit", "time_limit_kind", "same_day", "online_level")
    }


class References:
    """What checking rows needs from the database, read once before the import starts (so that rows are
    checked on a thread that never touches the database): units, procedures and the province's
    changes to the calendar (HolidayOverride)."""

    def __init__(self) -> None:
        self.units = Units()
        self.procedures = procedures()
        self.overrides = list(HolidayOverride.objects.values_list("day", "is_working_day"))

    def calendar(self, years: set[int]):
        """The national working-day calendar with the province's overrides, for these years."""
        return calendar_for(
            years,
            extra_days_off=[d for d, working in self.overrides if not working],
            extra_workdays=[d for d, working in self.overrides if working],
        )
