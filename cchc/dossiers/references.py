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
from cchc.core.unit_refs import Outcome
from cchc.core.workdays import calendar_for
from cchc.units.services import UnitResolver

from .models import HolidayOverride, Procedure

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)


class Units:
    """All units in memory (one query: a province has a few hundred, the whole country tens of thousands),
    resolved by the one rule of cchc.units.services (key, code, name; valid on the day of receipt)."""

    def __init__(self) -> None:
        self.resolver = UnitResolver()

    def resolve_all(self, refs: list[str], names: list[str], days: np.ndarray) -> list[tuple[int | None, str, str]]:
        """``resolve`` for each row (``days``: ``datetime64[D]``). The answer for a (reference, name) only
        changes on the days a unit it could mean starts or stops being valid, so it is worked out once per
        stretch between those days; a problem is worked out per row (its message names the row's day)."""
        rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, pair in enumerate(zip(refs, names, strict=True)):
            rows_of[pair].append(i)
        out: list[Any] = [None] * len(refs)
        for (ref, name), rows in rows_of.items():
            spans = self.resolver.spans(ref) + self.resolver.spans(name)
            edges = np.array(sorted({s.valid_from for s in spans if s.valid_from is not None}
                                    | {s.valid_to + timedelta(days=1) for s in spans if s.valid_to is not None}),
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
        """(unit id, problem, which of "ref"/"name" the problem is about): the reference (MaDonVi: a key or
        a code) first, then the name (DonViXuLy), each by the one rule on ``day``."""
        when = f"{day:%d/%m/%Y}"
        window = (day, day)
        problem, about = "", "ref"
        if ref:
            choice = self.resolver.choose(ref, window)
            if choice.id is not None:
                return choice.id, "", ""
            if choice.outcome == Outcome.AMBIGUOUS:
                return None, self.resolver.describe(ref, choice, window), "ref"
            if choice.outcome == Outcome.NOT_VALID:
                problem = _("Đơn vị mã «{code}» không còn hiệu lực vào ngày tiếp nhận {day}.").format(code=ref, day=when)
            else:
                problem = _("Không có đơn vị mã hoặc khóa «{code}»; hãy nhập đơn vị trước (cchc units import).").format(code=ref)
        if name:
            choice = self.resolver.choose(name, window)
            if choice.id is not None:
                return choice.id, "", ""
            if not problem:
                about = "name"
                if choice.outcome == Outcome.AMBIGUOUS:
                    problem = self.resolver.describe(name, choice, window)
                else:
                    problem = _("Không có đơn vị tên đúng là «{name}» còn hiệu lực ngày {day}.").format(name=name, day=when)
            else:
                problem += " " + _("Tên «{name}» cũng không khớp đúng một đơn vị.").format(name=name)
        return None, problem, about


class Unresolved:
    """The references to units that matched none in an import, one entry per distinct pair (MaDonVi or
    unit_code as written, DonViXuLy as written): how many rows name it, the first of them, and the first
    and last day of receipt among them (the days a unit it is mapped to must be valid on). Kept so that
    the job page can offer to map each one to a unit (cchc.dossiers.unit_mapping)."""

    FIRST_ROWS = 5

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, ref: str, name: str, *, file: str, row: int, day: date, field: str) -> None:
        entry = self._found.get((ref, name))
        if entry is None:
            entry = self._found[(ref, name)] = {"ref": ref, "name": name, "field": field, "file": file, "rows": 0,
                                                "first_rows": [], "first_day": day, "last_day": day}
        entry["rows"] += 1
        if len(entry["first_rows"]) < self.FIRST_ROWS:
            entry["first_rows"].append(row)
        entry["first_day"], entry["last_day"] = min(entry["first_day"], day), max(entry["last_day"], day)

    def as_list(self, units: Units) -> list[dict[str, Any]]:
        """The entries as plain JSON (days as ISO dates), most rows first. A pair that several units valid
        together answer to (ambiguous) is left out: another alias would not settle it (the rule tries
        names before aliases), the file must name the unit by its code."""
        out = []
        for (ref, name), entry in self._found.items():
            window = (entry["first_day"], entry["first_day"])
            if any(units.resolver.choose(text, window).outcome == Outcome.AMBIGUOUS
                   for text in (ref, name) if text):
                continue
            out.append({**entry, "first_day": entry["first_day"].isoformat(), "last_day": entry["last_day"].isoformat()})
        return sorted(out, key=lambda e: (-e["rows"], e["ref"], e["name"]))


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
