"""Which unit a reference means: the one rule for a unit named by its key, its code or its name.

Every place where a person or a file names a unit applies it: dossier imports (MaDonVi, DonViXuLy), plan
files (lead and cooperating units), ``cchc createuser --unit``, ``cchc kpi show``, and the manually
measured values of a report. One rule, so that "52.SNV" typed in a plan file, on the command line or in a
dossier export means the same unit everywhere (issue 9, "one function resolves which unit").

The rule, in this order; the first step that finds a unit valid in the window decides:

1. **Key** (``vn:legacy:commune:21550``, ``dept:52.SNV``): unique and never reused, so it is exact.
2. **Code**, exactly as written (``21550``, ``52.SNV``); within a province also its province-scoped form,
   so "SNV" in province 52 means "52.SNV" (the plan files' short codes, units/data/departments.yaml).
3. **Name**, compared after ``normalise_name`` (Unicode NFC, case folded, runs of spaces made one, each
   tone mark where the newer placement puts it: "Hòa"/"Hoà", "Thủy"/"Thuỷ", "Qúy"/"Quý" are one name,
   cchc.core.vietnamese). No prefix such as "UBND" is removed: no caller accepted one.
4. **Alias**: a code (exactly) or a name (as names are compared) that another system gives the unit, valid
   for a date range (the national portal's "H21.227" and "UBND xã Vân Canh" for Xã Vân Canh; units'
   UnitAlias). An alias counts only on the days both it and its unit are valid.

A window is a day (``on``) or a period; without one every unit counts. Among the units a step finds that
are valid in the window, the one with the newest ``valid_from`` is taken (codes and names are reused across
the 2025 reorganisation: a commune code of 2024 may be a ward's in 2026), unless another of them was valid
at the same time as it: two units valid together are two different units, and the reference is refused as
ambiguous, naming them [I]. When no step finds a unit valid in the window, the answer says whether some
unit with that key, code or name exists outside it (``NOT_VALID``) or none at all (``UNKNOWN``).

Sources: validity of units across the 2025 arrangement, Nghị quyết 202/2025/QH15 (units are ended, not
deleted; see DOMAIN); NFC, Unicode Standard Annex #15 (Vietnamese text arrives precomposed or decomposed
depending on the system that wrote it, TCVN 6909:2001 names the precomposed form).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .vietnamese import place_tone_marks


def normalise_name(text: str) -> str:
    """A unit's name as names are compared: NFC, case folded, surrounding spaces dropped and inner runs of
    white space made one space, tone marks placed one way (cchc.core.vietnamese.place_tone_marks).
    "  Xã   PHÙ Mỹ " (decomposed accents) and "xã phù mỹ" compare equal; so do "Thanh Hòa" and "thanh hoà"."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", str(text)).casefold())
    return " ".join(place_tone_marks(folded).split())


#: Words before a unit's name that only say it is the People's Committee of the commune ("UBND xã Phù Mỹ"),
#: as normalise_name writes them.
BODY_PREFIXES = ("ubnd", "uỷ ban nhân dân")


def _unaccented(text: str) -> str:
    text = text.replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _similarity_form(name: str) -> str:
    folded = normalise_name(name)
    for prefix in BODY_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1:]
    return folded


def _ratio(a: str, b: str) -> float:
    """The better of difflib's ratio and the ratio of the sorted sets of words ("Mỹ Phù xã" ~ "xã Phù Mỹ")."""
    words_a, words_b = " ".join(sorted(set(a.split()))), " ".join(sorted(set(b.split())))
    return max(difflib.SequenceMatcher(None, a, b).ratio(), difflib.SequenceMatcher(None, words_a, words_b).ratio())


def name_similarity(a: str, b: str) -> float:
    """How alike two unit names are, from 0 to 1: to suggest which unit a name another system writes may
    mean, never to decide it (an officer chooses; the rule above only takes exact names and aliases).

    Names are compared as normalise_name writes them, without a leading "UBND" / "Ủy ban nhân dân" (an
    export names the commune's People's Committee, CCHC the commune), by the better of difflib's ratio
    and the ratio of their sorted words; a name typed without accents ("UBND xa Phu My") is compared
    without accents too, at 0.95 of its ratio so that the accented match ranks first [I]."""
    a, b = _similarity_form(a), _similarity_form(b)
    if not a or not b:
        return 0.0
    return max(_ratio(a, b), 0.95 * _ratio(_unaccented(a), _unaccented(b)))


def code_forms(ref: str, province_code: str | None = None) -> tuple[str, ...]:
    """The codes a code reference may stand for: itself and, within a province, "<province>.<ref>"
    (a department's code is "52.SNV"; plan files write "SNV")."""
    ref = ref.strip()
    if not ref:
        return ()
    if province_code and not ref.startswith(f"{province_code}."):
        return ref, f"{province_code}.{ref}"
    return (ref,)


class Step(StrEnum):
    KEY = "key"
    CODE = "code"
    NAME = "name"
    ALIAS = "alias"


class Outcome(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"  # several units valid at the same time
    NOT_VALID = "not_valid"  # units exist with that reference, none valid in the window
    UNKNOWN = "unknown"  # no unit at all has that key, code or name


@dataclass(frozen=True)
class Span:
    """A candidate: a unit's id and the days it is valid (open ends unbounded)."""

    id: int
    valid_from: date | None = None
    valid_to: date | None = None

    def meets(self, start: date | None, end: date | None) -> bool:
        """Valid on at least one day of [start, end] (an open window end is unbounded)."""
        return ((self.valid_from is None or end is None or self.valid_from <= end)
                and (self.valid_to is None or start is None or start <= self.valid_to))

    def overlaps(self, other: Span) -> bool:
        return self.meets(other.valid_from, other.valid_to)


@dataclass(frozen=True)
class Choice:
    """The rule's answer: the unit found (``ids`` of one), the units a reference is ambiguous between,
    or nothing; ``step`` is the step that decided (None when nothing was found)."""

    outcome: Outcome
    ids: tuple[int, ...] = ()
    step: Step | None = None

    @property
    def id(self) -> int | None:
        return self.ids[0] if self.outcome == Outcome.FOUND else None


def _newest_first(span: Span) -> tuple[bool, int, int]:
    """Newest ``valid_from`` first (an open start is the oldest), then the lower id (a stable order)."""
    return span.valid_from is None, -(span.valid_from or date.min).toordinal(), span.id


def choose(steps: Iterable[tuple[Step, Sequence[Span]]], start: date | None = None,
           end: date | None = None) -> Choice:
    """Apply the rule (see the module's docstring) to the candidates each step found, in order, for the
    window [start, end] (a day: start == end; no window: both None)."""
    seen_any = False
    for step, spans in steps:
        seen_any = seen_any or bool(spans)
        valid = sorted({s for s in spans if s.meets(start, end)}, key=_newest_first)
        if not valid:
            continue
        chosen, others = valid[0], valid[1:]
        together = [s for s in others if s.overlaps(chosen)]
        if together:
            return Choice(Outcome.AMBIGUOUS, (chosen.id, *(s.id for s in together)), step)
        return Choice(Outcome.FOUND, (chosen.id,), step)
    return Choice(Outcome.NOT_VALID if seen_any else Outcome.UNKNOWN)
