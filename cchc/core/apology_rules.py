"""When a late dossier's apology is due, how often the return date may be reset, and which form applies.

Sources (DOMAIN §4 and §11 Q2):
- NĐ 61/2018/NĐ-CP (the article on processing; the article number is not yet checked against the text),
  as amended by NĐ 107/2021/NĐ-CP [K]: when a dossier is going to be late, the processing agency sends
  the citizen a written apology with the reason and the new return date **at the latest 1 working day
  before the due date**, and the return date may be reset **only once**. Both numbers are parameters
  with that default, because the rule is background knowledge, not re-read in the decree.
- From 1/7/2025 NĐ 118/2025/NĐ-CP replaces NĐ 61/2018 (DOMAIN §12.2 [C R1, R2, R9]); TT 03/2025/TT-VPCP,
  dated 15/9/2025, publishes the new forms, applied from that day [C R8]. Its Mẫu 04 is "Văn bản xin lỗi
  và đề nghị gia hạn thời gian giải quyết"; until then TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và hẹn lại
  ngày trả kết quả" stayed in use [I]. So the rules have two boundaries, 1/7/2025 and 15/9/2025
  (:data:`RULE_VERSIONS`). Under the new decree the deadline and the once-only limit are not confirmed
  [K: at least 1 working day before, once], so each version carries them as configuration.

Dates are local (Asia/Ho_Chi_Minh) wall-clock dates: a datetime argument is read by its own date, so
the caller converts aware datetimes to local time first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from .i18n import N_
from .timeliness import Status

__all__ = [
    "APOLOGY_FORMS",
    "RULE_VERSIONS",
    "STOP_NOTICE_FORMS",
    "ApologyForm",
    "ApologyRules",
    "Bar",
    "DateFault",
    "WorkingDayCalendar",
    "apology_bar",
    "apology_compliant",
    "can_redate",
    "form_version",
    "judged_due",
    "latest_apology_day",
    "new_due_faults",
    "proposed_new_due",
    "rules_on",
    "stop_notice_form",
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


def _step_working_days(day: date, count: int, calendar: WorkingDayCalendar, direction: int) -> date:
    """The ``count``-th working day before (``direction`` -1) or after (+1) ``day``, not counting ``day``;
    a ValueError when the calendar has no working day in MAX_DAYS_WITHOUT_WORK days in a row."""
    idle = 0
    while count:
        day += timedelta(days=direction)
        if calendar.is_working_day(day):
            count -= 1
            idle = 0
        else:
            idle += 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                side = "before" if direction < 0 else "after"
                raise ValueError(f"the calendar has no working day in the {MAX_DAYS_WITHOUT_WORK} days {side} {day}")
    return day


def latest_apology_day(due_at: date | datetime, calendar: WorkingDayCalendar, days_before: int = 1) -> date:
    """The last day on which the apology may be issued: ``days_before`` working days before the due date.

    Rule [K]: NĐ 61/2018 as amended by NĐ 107/2021, "chậm nhất 1 ngày làm việc trước ngày hết hạn". The
    due day itself never counts, whether or not it is a working day; non-working days in between are
    skipped, so a dossier due on the Monday after Tết must be apologised for before Tết.
    """
    if days_before < 1:
        raise ValueError("days_before must be at least 1")
    day = _day_of(due_at)
    return _step_working_days(day, days_before, calendar, -1)


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
    # circular, number and title are marked with N_: pages show them in the reader's language
    # (cchc.dossiers.choices.form_label); the letter and the stored form_version keep the Vietnamese.
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


NEW_REGIME_FROM = date(2025, 7, 1)  # NĐ 118/2025/NĐ-CP in force (DOMAIN §12.2)
NEW_FORMS_FROM = date(2025, 9, 15)  # TT 03/2025/TT-VPCP dated and its forms applied (DOMAIN §12.2)

APOLOGY_FORMS: tuple[ApologyForm, ...] = (
    ApologyForm(
        circular=N_("TT 01/2018/TT-VPCP"),
        number=N_("Mẫu 04"),
        title=N_("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        symbol="PXL",  # [C A4]: "Số: …/PXL"
        decree="NĐ 61/2018/NĐ-CP, NĐ 107/2021/NĐ-CP",
        valid_from=None,  # the start of TT 01/2018 is not needed: no dossier here predates it
        valid_to=NEW_FORMS_FROM - timedelta(days=1),  # still used under NĐ 118 until TT 03/2025 [I]
    ),
    ApologyForm(
        circular=N_("TT 03/2025/TT-VPCP"),
        number=N_("Mẫu 04"),
        title=N_("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        symbol="PXL",  # [I]: the new form's abbreviation is not published in our sources; kept as before
        decree="NĐ 118/2025/NĐ-CP",
        valid_from=NEW_FORMS_FROM,
        valid_to=None,
        asks_extension=True,
    ),
)


def form_version(on: date | datetime, forms: tuple[ApologyForm, ...] = APOLOGY_FORMS) -> ApologyForm:
    """The apology form in force on ``on`` (the letter's date of issue): TT 01/2018 Mẫu 04 until
    14/9/2025, TT 03/2025 Mẫu 04 from 15/9/2025, the day its forms apply (DOMAIN §12.2 [C R8]); between
    1/7/2025 and then NĐ 118/2025 was in force but the old forms were still in use [I]."""
    day = _day_of(on)
    for form in forms:
        if form.in_force_on(day):
            return form
    raise LookupError(f"no apology form is in force on {day:%d/%m/%Y}")


#: The notice that processing of a dossier is stopped (status 8). TT 03/2025/TT-VPCP, applied from 15/9/2025,
#: adds it as Mẫu 05 (DOMAIN §12.2 [C R8]); TT 01/2018/TT-VPCP has no such form (its Mẫu 05 is the control
#: slip), so before that day no form is prescribed [I].
STOP_NOTICE_FORMS: tuple[ApologyForm, ...] = (
    ApologyForm(
        circular=N_("TT 03/2025/TT-VPCP"),
        number=N_("Mẫu 05"),
        title=N_("Thông báo dừng giải quyết hồ sơ"),
        symbol="TB",  # [I]: the form's abbreviation is not in our sources; "TB" (thông báo, NĐ 30/2020 Phụ lục III)
        decree="NĐ 118/2025/NĐ-CP",
        valid_from=NEW_FORMS_FROM,
        valid_to=None,
    ),
)


def stop_notice_form(on: date | datetime, forms: tuple[ApologyForm, ...] = STOP_NOTICE_FORMS) -> ApologyForm | None:
    """The form of the notice that a dossier's processing is stopped, for a stop on ``on``: TT 03/2025 Mẫu 05
    "Thông báo dừng giải quyết hồ sơ" from 15/9/2025 (DOMAIN §12.2 [C R8]); None before, when no form was
    prescribed (TT 01/2018/TT-VPCP has none) [I]."""
    day = _day_of(on)
    return next((form for form in forms if form.in_force_on(day)), None)


# --- rule versions, eligibility and the new return date ---------------------------------------------------


@dataclass(frozen=True)
class ApologyRules:
    """The apology rules for letters issued from ``valid_from`` to ``valid_to`` (inclusive, open ends).

    ``max_redates`` is how many apology letters (each resetting the return date) one dossier may get;
    ``days_before`` the notice, in working days before the due date (:func:`latest_apology_day`);
    ``extension_moves_due`` whether an accepted letter of this version moves the due date timeliness is
    judged against (:func:`judged_due`).
    """

    source: str  # the legal text the numbers come from, as cited to the user
    valid_from: date | None
    valid_to: date | None
    form: ApologyForm
    max_redates: int = 1
    days_before: int = 1
    extension_moves_due: bool = False

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


_TT01, _TT03 = APOLOGY_FORMS

#: The versions in date order, without gaps (tests/core/test_apology_rules.py checks it). The limit
#: "once" is NĐ 107/2021's [K]; NĐ 118/2025 and TT 03/2025 were not found to change it, so the newer
#: versions keep it until the texts are read (DOMAIN §11 Q2.4, §12.2: "configuration per version").
RULE_VERSIONS: tuple[ApologyRules, ...] = (
    ApologyRules(
        source=N_("NĐ 61/2018/NĐ-CP, sửa đổi bởi NĐ 107/2021/NĐ-CP"),
        valid_from=None, valid_to=NEW_REGIME_FROM - timedelta(days=1), form=_TT01,
    ),
    ApologyRules(
        source=N_("NĐ 118/2025/NĐ-CP (mẫu của TT 01/2018/TT-VPCP)"),
        valid_from=NEW_REGIME_FROM, valid_to=NEW_FORMS_FROM - timedelta(days=1), form=_TT01,
    ),
    ApologyRules(
        source=N_("NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP"),
        valid_from=NEW_FORMS_FROM, valid_to=None, form=_TT03,
        # [K] configuration: Mẫu 04 "xin lỗi và đề nghị gia hạn" asks for an extension; an accepted one is
        # taken to move the due date (DOMAIN §12.2: deadline, limit and effect not confirmed).
        extension_moves_due=True,
    ),
)


def rules_on(on: date | datetime, versions: tuple[ApologyRules, ...] = RULE_VERSIONS) -> ApologyRules:
    """The rule version that governs a letter issued on ``on``: the law in force on the day of the act
    (NĐ 61/2018 + NĐ 107/2021 until 30/6/2025, NĐ 118/2025 from 1/7/2025, TT 03/2025's forms from
    15/9/2025; DOMAIN §12.2). A dossier received under the old decree and apologised for under the new
    one follows the new one [I]: the letter is a new act, and NĐ 118 took over dossiers in progress."""
    day = _day_of(on)
    for version in versions:
        if version.in_force_on(day):
            return version
    raise LookupError(f"no apology rules are in force on {day:%d/%m/%Y}")


def judged_due(original_due: date | datetime | None, current_due: date | datetime | None, *,
               extended_on: date | datetime | None,
               versions: tuple[ApologyRules, ...] = RULE_VERSIONS) -> date | datetime | None:
    """The due date a dossier's timeliness is judged against: the original one (at reception) or the
    current one (after an accepted letter moved it).

    - No letter moved it (``extended_on`` None): the current one; only the calendar moved it, e.g. by the
      time waiting for a supplement (DOMAIN §4, S3), so original and current agree on what the law set.
    - A letter issued while TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" was in
      use (NĐ 61/2018 + NĐ 107/2021 until 30/6/2025, NĐ 118/2025 with the old forms until 14/9/2025): the
      original one. The apology answers the lateness; its new date does not make a late dossier on time
      (seed 002, DOMAIN §11 Q2.3).
    - A letter issued from 15/9/2025 (TT 03/2025/TT-VPCP Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời
      gian giải quyết", NĐ 118/2025 Art. on the processing time): the version's ``extension_moves_due``
      ([K] configuration, default True: an accepted extension moves the due date and timeliness follows
      the current one; DOMAIN §12.2 says the effect is not confirmed).
    """
    if extended_on is None:
        return current_due
    return current_due if rules_on(extended_on, versions).extension_moves_due else original_due


class Bar(StrEnum):
    """Why a dossier cannot get an apology letter (:func:`apology_bar`)."""

    NOT_RECEIVED = "not_received"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    NO_DUE_DATE = "no_due_date"
    FINISHED_ON_TIME = "finished_on_time"
    LIMIT_REACHED = "limit_reached"


# National statuses (cchc.core.timeliness.Status, DVCQG ``TrangThaiHoSo``) for which no letter makes sense.
_NOT_RECEIVED = frozenset({Status.NEW, Status.NOT_RECEIVED})


def apology_bar(
    *,
    status: int,
    due_at: date | datetime | None,
    finished_at: date | datetime | None,
    previous: int,
    on: date | datetime,
    versions: tuple[ApologyRules, ...] = RULE_VERSIONS,
) -> Bar | None:
    """Why no apology letter may be issued on ``on`` for this dossier, or ``None`` when one may.

    Rules, in this order (the first that applies is the answer):
    - never received (status 1 "Mới đăng ký" or 3 "Không được tiếp nhận"): there is no appointment to
      reset (NĐ 61/2018, NĐ 118/2025: the appointment is made on the receipt slip) [K];
    - withdrawn by the citizen (7): nothing is owed to the citizen any more [I];
    - stopped (8): the agency sends Mẫu 05 "Thông báo dừng giải quyết hồ sơ", not Mẫu 04 (TT 03/2025,
      DOMAIN §12.2) [I];
    - no due date: the letter must state the original appointment (Mẫu 04, DOMAIN §11 Q2.2);
    - finished on time (finish day ≤ due day, the day comparison of QĐ 766 / DOMAIN §4): not late;
    - ``previous`` letters already reached the version's ``max_redates`` (NĐ 107/2021: once [K]).
    A dossier finished late may still get its letter: the apology answers the lateness (seed 002,
    DOMAIN §11 Q2.3), and one issued after the deadline is recorded as non-compliant.
    Dates are local wall-clock dates or datetimes, compared by their day.
    """
    if previous < 0:
        raise ValueError("previous cannot be negative")
    if status in _NOT_RECEIVED:
        return Bar.NOT_RECEIVED
    if status == Status.WITHDRAWN:
        return Bar.WITHDRAWN
    if status == Status.STOPPED:
        return Bar.STOPPED
    if due_at is None:
        return Bar.NO_DUE_DATE
    if finished_at is not None and _day_of(finished_at) <= _day_of(due_at):
        return Bar.FINISHED_ON_TIME
    if not can_redate(previous, rules_on(on, versions).max_redates):
        return Bar.LIMIT_REACHED
    return None


class DateFault(StrEnum):
    """What is wrong with a proposed new return date (:func:`new_due_faults`)."""

    IN_THE_PAST = "in_the_past"
    NOT_AFTER_LETTER = "not_after_letter"
    NOT_AFTER_OLD_DUE = "not_after_old_due"


def new_due_faults(
    new_due_at: date | datetime, *, old_due_at: date | datetime, issued_at: date | datetime, now: datetime
) -> tuple[DateFault, ...]:
    """What is wrong with ``new_due_at`` as the new return date of a letter issued at ``issued_at``.

    The letter promises a future date (Mẫu 04: "hẹn lại ngày trả kết quả"; TT 03/2025: "đề nghị gia hạn"),
    so the new date must be (a) after ``now`` (a date alone: a day after today), (b) on a day after the
    letter's date, and (c) on a day after the original due date: a reset to the same day or earlier is no
    reset (DOMAIN §11 Q2). A date in the past is reported once, as such, not also as (b).
    Pass ``now`` and the dates alike (all aware, or all local and naive).
    """
    faults: list[DateFault] = []
    new_day = _day_of(new_due_at)
    in_past = new_due_at <= now if isinstance(new_due_at, datetime) else new_day <= _day_of(now)
    if in_past:
        faults.append(DateFault.IN_THE_PAST)
    elif new_day <= _day_of(issued_at):
        faults.append(DateFault.NOT_AFTER_LETTER)
    if new_day <= _day_of(old_due_at):
        faults.append(DateFault.NOT_AFTER_OLD_DUE)
    return tuple(faults)


def proposed_new_due(
    today: date | datetime, old_due_at: date | datetime, calendar: WorkingDayCalendar, working_days: int = 3
) -> date:
    """The new return date a form proposes: ``working_days`` working days after the later of today and
    the original due day, so it is always a working day after both and never in the past.

    Three working days is a default of this application [I], not a rule: the law lets the agency choose
    the date (NĐ 61/2018, NĐ 118/2025), and the officer edits it.
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day = max(_day_of(today), _day_of(old_due_at))
    return _step_working_days(day, working_days, calendar, +1)
