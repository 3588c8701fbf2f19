"""When a late dossier's apology is due, how often the return date may be reset, and which form applies.

Sources (DOMAIN §4 and §11 Q2):
- NĐ 61/2018/NĐ-CP (the article on processing; the article number is not yet checked against the text),
  as amended by NĐ 107/2021/NĐ-CP [K]: when a dossier is going to be late, the processing agency sends
  the citizen a written apology with the reason and the new return date **at the latest 1 working day
  before the due date**, and the return date may be reset **only once**. Both numbers are parameters
  with that default, because the rule is background knowledge, not re-read in the decree.
- TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" until 30/6/2025; from 1/7/2025
  NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP, whose Mẫu 04 is "Văn bản xin lỗi và đề nghị gia hạn thời
  gian giải quyết" [C S10]. Under the new decree the deadline and the once-only limit are not confirmed,
  so callers keep the old defaults until they are.

Dates are local (Asia/Ho_Chi_Minh) wall-clock dates: a datetime argument is read by its own date, so
the caller converts aware datetimes to local time first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

__all__ = [
    "APOLOGY_FORMS",
    "ApologyForm",
    "WorkingDayCalendar",
    "apology_compliant",
    "can_redate",
    "form_version",
    "latest_apology_day",
]

# No real calendar has a gap this long without a working day; a longer one means a broken calendar,
# and stepping back for ever would hang the caller.
MAX_DAYS_WITHOUT_WORK = 60


class WorkingDayCalendar(Protocol):
    """What the rules need from a calendar (``cchc.core.workdays.WorkCalendar``, ``holidays.VN``, …).

    Only ``is_working_day``: stepping back one day at a time is unambiguous, whereas the meaning of
    ``add_working_days`` with a negative count (does it count the start day?) is each calendar's own.
    """

    def is_working_day(self, day: date) -> bool: ...


def _day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def latest_apology_day(due_at: date | datetime, calendar: WorkingDayCalendar, days_before: int = 1) -> date:
    """The last day on which the apology may be issued: ``days_before`` working days before the due date.

    Rule [K]: NĐ 61/2018 as amended by NĐ 107/2021, "chậm nhất 1 ngày làm việc trước ngày hết hạn". The
    due day itself never counts, whether or not it is a working day; non-working days in between are
    skipped, so a dossier due on the Monday after Tết must be apologised for before Tết.
    """
    if days_before < 1:
        raise ValueError("days_before must be at least 1")
    day = _day_of(due_at)
    remaining = days_before
    idle = 0
    while remaining:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
            idle = 0
        else:
            idle += 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                raise ValueError(f"the calendar has no working day in the {MAX_DAYS_WITHOUT_WORK} days before {day}")
    return day


def apology_compliant(
    issued_at: date | datetime, due_at: date | datetime, calendar: WorkingDayCalendar, days_before: int = 1
) -> bool:
    """Whether an apology issued on ``issued_at`` met the deadline of :func:`latest_apology_day`.

    Only the day counts (the rule speaks of working days, not hours). A later apology is still valid as
    a letter; it is flagged as non-compliant in the statistics (DOMAIN §11 Q2.3).
    """
    return _day_of(issued_at) <= latest_apology_day(due_at, calendar, days_before)


def can_redate(previous_apologies: int, limit: int = 1) -> bool:
    """Whether the return date may be reset again after ``previous_apologies`` resets.

    Rule [K]: NĐ 107/2021 allows the new date to be set no more than once (``limit=1``).
    """
    if previous_apologies < 0:
        raise ValueError("previous_apologies cannot be negative")
    if limit < 0:
        raise ValueError("limit cannot be negative")
    return previous_apologies < limit


@dataclass(frozen=True)
class ApologyForm:
    """A version of the apology form, in force from ``valid_from`` to ``valid_to`` (inclusive, open ends)."""

    circular: str  # the thông tư that publishes the form
    number: str  # "Mẫu 04"
    title: str  # as the form names itself; printed in capitals as the document type
    symbol: str  # document-type abbreviation used in "Số: 05/<symbol>-<issuer>"
    decree: str  # the decree whose procedure the form serves
    valid_from: date | None
    valid_to: date | None
    asks_extension: bool = False  # TT 03/2025: asks to extend the processing time instead of re-dating [I]

    @property
    def label(self) -> str:
        return f"{self.circular} {self.number} — {self.title}"

    def __str__(self) -> str:
        return self.label

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


NEW_REGIME_FROM = date(2025, 7, 1)

APOLOGY_FORMS: tuple[ApologyForm, ...] = (
    ApologyForm(
        circular="TT 01/2018/TT-VPCP",
        number="Mẫu 04",
        title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        symbol="PXL",  # [C A4]: "Số: …/PXL"
        decree="NĐ 61/2018/NĐ-CP, NĐ 107/2021/NĐ-CP",
        valid_from=None,  # the start of TT 01/2018 is not needed: no dossier here predates it
        valid_to=NEW_REGIME_FROM - timedelta(days=1),
    ),
    ApologyForm(
        circular="TT 03/2025/TT-VPCP",
        number="Mẫu 04",
        title="Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        symbol="PXL",  # [I]: the new form's abbreviation is not published in our sources; kept as before
        decree="NĐ 118/2025/NĐ-CP",
        valid_from=NEW_REGIME_FROM,
        valid_to=None,
        asks_extension=True,
    ),
)


def form_version(on: date | datetime, forms: tuple[ApologyForm, ...] = APOLOGY_FORMS) -> ApologyForm:
    """The apology form in force on ``on`` (the letter's date of issue): TT 01/2018 Mẫu 04 before
    1/7/2025, TT 03/2025 Mẫu 04 from that day (NĐ 118/2025 replaced NĐ 61/2018 and NĐ 107/2021)."""
    day = _day_of(on)
    for form in forms:
        if form.in_force_on(day):
            return form
    raise LookupError(f"no apology form is in force on {day:%d/%m/%Y}")
