"""Group 1 of the Decision 766 index: publication of administrative procedures (1.1, 1.2, 1.3).

Sources (DOMAIN §1.1, group 1, from S1: the DVCQG document "Mô tả công thức tính chỉ số 766"):

* 1.1 **TTHC công bố đúng hạn** (6 points): the decision announcing a procedure (QĐ công bố) is dated no
  later than the effective date of its legal basis minus 5 working days for a province, 20 for a
  ministry. A procedure announced several times in one period is counted once; if any of those
  announcements was late, the procedure counts as late for the period.
* 1.2 **TTHC cập nhật, công khai đúng hạn trên CSDLQG** (4 points): the procedure is published on the
  national TTHC database (CSDLQG) no later than 5 working days after the date of the QĐ công bố for a
  province, 10 for a ministry.
* 1.3 **TTHC công khai đầy đủ bộ phận tạo thành** (2 points): the published procedure has all the parts
  of NĐ 63/2010/NĐ-CP Art. 8.2: tên, trình tự, cách thức, thành phần/số lượng hồ sơ, thời hạn, đối tượng,
  cơ quan thực hiện.

Working days are those of ``cchc.core.workdays.WorkCalendar`` (BLLĐ 2019 Art. 112, QĐ 188/1999/QĐ-TTg,
the province's overrides; DOMAIN §7).

Choices where DOMAIN is silent [I]:

* "N working days before the effective date" is the N-th working day strictly before it, whether or not
  the effective date is itself a working day (the day itself is not counted, as BLDS 2015 Art. 147 counts
  a time limit; the same stepping as ``apology_rules.latest_apology_day``).
* "N working days after the decision" is ``WorkCalendar.add_working_days(decision, N)``: a decision dated
  on a day off counts from the next working day.
* A procedure not yet published on the CSDLQG is not published on time (it can only become so by a later
  import that gives its publication date).
* The once-per-period rule of 1.1 is applied to 1.2 and 1.3 as well: a procedure counts once, and fails
  the indicator if any of its announcements in the period failed it.
* The margins are configuration (:data:`MARGINS`), the portal's published rule as the default.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .apology_rules import WorkingDayCalendar, _step_working_days
from .i18n import N_


class IssuingLevel(StrEnum):
    """Who announces the procedure: a province's People's Committee or a ministry (DOMAIN §1.1, S1)."""

    PROVINCE = "province"
    MINISTRY = "ministry"


@dataclass(frozen=True)
class Margins:
    """Working days: ``before`` the legal basis takes effect (1.1), ``after`` the decision (1.2)."""

    before: int
    after: int


#: DOMAIN §1.1 (S1): a province announces ≥ 5 working days before and publishes ≤ 5 after; a ministry 20
#: and 10.
MARGINS: dict[IssuingLevel, Margins] = {
    IssuingLevel.PROVINCE: Margins(before=5, after=5),
    IssuingLevel.MINISTRY: Margins(before=20, after=10),
}

#: The parts a published procedure must have (NĐ 63/2010/NĐ-CP Art. 8.2, DOMAIN §1.1 indicator 1.3), in
#: the decree's order, with their Vietnamese names (message ids).
PARTS: dict[str, str] = {
    "name": N_("tên thủ tục"),
    "steps": N_("trình tự thực hiện"),
    "channels": N_("cách thức thực hiện"),
    "documents": N_("thành phần, số lượng hồ sơ"),
    "time_limit": N_("thời hạn giải quyết"),
    "applicants": N_("đối tượng thực hiện"),
    "agency": N_("cơ quan thực hiện"),
}


def announcement_deadline(effective: date, level: IssuingLevel | str, calendar: WorkingDayCalendar,
                          margins: dict[IssuingLevel, Margins] = MARGINS) -> date:
    """The last day a QĐ công bố may be dated: ``before`` working days before ``effective``.

    Source: DOMAIN §1.1 indicator 1.1 (S1): "≤ the effective date of its legal basis − 5 working days" (20
    for a ministry); the effective date itself is not counted [I, as BLDS 2015 Art. 147].
    """
    return _step_working_days(effective, margins[IssuingLevel(level)].before, calendar, -1)


def announced_on_time(decision: date, effective: date, level: IssuingLevel | str, calendar: WorkingDayCalendar,
                      margins: dict[IssuingLevel, Margins] = MARGINS) -> bool:
    """Whether a QĐ công bố dated ``decision`` was on time for a legal basis in force from ``effective``.

    Source: DOMAIN §1.1 indicator 1.1 (S1), through :func:`announcement_deadline`.
    """
    return decision <= announcement_deadline(effective, level, calendar, margins)


def publication_deadline(decision: date, level: IssuingLevel | str, calendar,
                         margins: dict[IssuingLevel, Margins] = MARGINS) -> date:
    """The last day the procedure may be published on the CSDLQG: ``after`` working days after the decision.

    Source: DOMAIN §1.1 indicator 1.2 (S1): "≤ 5 working days after the date of the QĐ công bố" (10 for a
    ministry), counted with ``WorkCalendar.add_working_days`` (a decision on a day off counts from the next
    working day).
    """
    return calendar.add_working_days(decision, margins[IssuingLevel(level)].after)


def published_on_time(decision: date, published: date | None, level: IssuingLevel | str, calendar,
                      margins: dict[IssuingLevel, Margins] = MARGINS) -> bool:
    """Whether the publication on the CSDLQG on ``published`` met :func:`publication_deadline`; a procedure
    not published (None) has not.

    Source: DOMAIN §1.1 indicator 1.2 (S1); unpublished counts as not on time [I].
    """
    return published is not None and published <= publication_deadline(decision, level, calendar, margins)


def missing_parts(parts: Iterable[str]) -> tuple[str, ...]:
    """The parts of NĐ 63/2010 Art. 8.2 absent from ``parts`` (codes of :data:`PARTS`), in the decree's order.

    Source: DOMAIN §1.1 indicator 1.3 (S1; NĐ 63/2010/NĐ-CP Art. 8.2).
    """
    present = set(parts)
    unknown = present - set(PARTS)
    if unknown:
        raise ValueError(f"unknown parts: {sorted(unknown)}")
    return tuple(p for p in PARTS if p not in present)


def complete(parts: Iterable[str]) -> bool:
    """Whether a published procedure has every part of NĐ 63/2010 Art. 8.2 (DOMAIN §1.1 indicator 1.3)."""
    return not missing_parts(parts)


@dataclass(frozen=True)
class Announcement:
    """One announcement of a procedure: its QĐ công bố's date, its legal basis's effective date, its
    publication on the CSDLQG (None: not yet), its parts and who announced it."""

    decision: date
    effective: date
    published: date | None
    parts: frozenset[str]
    level: IssuingLevel = IssuingLevel.PROVINCE


@dataclass(frozen=True)
class Verdict:
    """Whether an announcement (or a procedure in a period) meets 1.1, 1.2 and 1.3."""

    announced_on_time: bool
    published_on_time: bool
    complete: bool

    def __and__(self, other: Verdict) -> Verdict:
        return Verdict(self.announced_on_time and other.announced_on_time,
                       self.published_on_time and other.published_on_time, self.complete and other.complete)


def verdict(a: Announcement, calendar, margins: dict[IssuingLevel, Margins] = MARGINS) -> Verdict:
    """The three verdicts of one announcement.

    Source: DOMAIN §1.1 indicators 1.1, 1.2, 1.3 (S1), through :func:`announced_on_time`,
    :func:`published_on_time` and :func:`complete`.
    """
    return Verdict(announced_on_time(a.decision, a.effective, a.level, calendar, margins),
                   published_on_time(a.decision, a.published, a.level, calendar, margins),
                   complete(a.parts))


def per_procedure(verdicts: Iterable[tuple[Hashable, Verdict]]) -> dict[Hashable, Verdict]:
    """One verdict per procedure for a period: a procedure announced several times meets an indicator only
    if every one of its announcements met it.

    Source: DOMAIN §1.1 indicator 1.1 (S1): "a procedure published several times in one period is counted
    once; if any publication was late, the whole period counts as late"; the same for 1.2 and 1.3 [I].
    """
    out: dict[Hashable, Verdict] = {}
    for procedure, v in verdicts:
        out[procedure] = out[procedure] & v if procedure in out else v
    return out


@dataclass(frozen=True)
class Counts:
    """The numerators of 1.1, 1.2 and 1.3 over their common denominator, the procedures announced."""

    procedures: int
    announced_on_time: int
    published_on_time: int
    complete: int

    def as_figures(self) -> dict[str, tuple[int, int]]:
        """indicator code → (numerator, denominator), as cchc.core.score766 scores them."""
        return {"1.1": (self.announced_on_time, self.procedures), "1.2": (self.published_on_time, self.procedures),
                "1.3": (self.complete, self.procedures)}


def counts(by_procedure: dict[Hashable, Verdict]) -> Counts:
    """The period's figures from :func:`per_procedure`'s verdicts.

    Source: DOMAIN §1.1 group 1 (S1): rate = procedures meeting the indicator / procedures announced in
    the period, each procedure counted once.
    """
    values = list(by_procedure.values())
    return Counts(len(values), sum(v.announced_on_time for v in values), sum(v.published_on_time for v in values),
                  sum(v.complete for v in values))
