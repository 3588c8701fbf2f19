"""Periodic PAR reporting: the workflow of a unit's report, the timeliness of reporting, reminders.

Sources:
- The seed plans: KH 122/KH-UBND (20/12/2021), QĐ 4510/QĐ-UBND (29/12/2022), KH 4912/KH-UBND (15/12/2023)
  (DOMAIN §8): the agencies report "định kỳ hàng quý, 06 tháng, cuối năm" to the People's Committee
  "(qua Sở Nội vụ)", which "tổng hợp, báo cáo UBND tỉnh và Bộ Nội vụ". So the Department of Home Affairs
  receives, reviews and accepts the units' reports.
- PRODUCT F3 and issue #4: a report goes draft → submitted → returned with comments → resubmitted →
  approved; an approved report is locked and a correction makes a new version; reporting timeliness
  (on time / late / missing) per unit and period is itself a KPI; reminders before the deadline and for
  missing reports.
- NĐ 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước) [K]: a periodic report has a deadline
  set by the body that asks for it. The deadline is therefore data (chosen when a period is opened),
  never a constant here.

Everything else is a design inference [I], named where it is made.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .i18n import N_, translate


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    CORRECT = "correct"  # an approved report gets a new version (the approved one stays as it is)


class Actor(StrEnum):
    """Who acts on a report: the reviewer (Department of Home Affairs), the reporting unit, or a reader."""

    REVIEWER = "reviewer"
    UNIT = "unit"
    READER = "reader"


#: (state, action) → (who may, the state after). Source: issue #4 part 1 (the workflow above). The unit
#: writes and submits; the Department of Home Affairs returns or approves; nobody edits a report that is
#: waiting for review or approved.
TRANSITIONS: dict[tuple[State, Action], tuple[frozenset[Actor], State]] = {
    (State.DRAFT, Action.EDIT): (frozenset({Actor.UNIT}), State.DRAFT),
    (State.RETURNED, Action.EDIT): (frozenset({Actor.UNIT}), State.RETURNED),
    (State.DRAFT, Action.SUBMIT): (frozenset({Actor.UNIT}), State.SUBMITTED),
    (State.RETURNED, Action.SUBMIT): (frozenset({Actor.UNIT}), State.RESUBMITTED),
    (State.SUBMITTED, Action.RETURN): (frozenset({Actor.REVIEWER}), State.RETURNED),
    (State.RESUBMITTED, Action.RETURN): (frozenset({Actor.REVIEWER}), State.RETURNED),
    (State.SUBMITTED, Action.APPROVE): (frozenset({Actor.REVIEWER}), State.APPROVED),
    (State.RESUBMITTED, Action.APPROVE): (frozenset({Actor.REVIEWER}), State.APPROVED),
    # A correction is asked for by the unit (it found a mistake) or by the reviewer; the new version
    # starts as a draft and goes through review again [I].
    (State.APPROVED, Action.CORRECT): (frozenset({Actor.UNIT, Actor.REVIEWER}), State.DRAFT),
}


def next_state(state: State | str, action: Action | str) -> State:
    """The state a report reaches by ``action``; ValueError if the workflow has no such step.

    For CORRECT the state returned is the one of the *new* version (a draft)."""
    try:
        return TRANSITIONS[(State(state), Action(action))][1]
    except KeyError:
        raise ValueError(f"no {action!r} from {state!r}") from None


def allowed(state: State | str, action: Action | str, actor: Actor | str, *, period_open: bool = True,
            current: bool = True) -> bool:
    """Whether ``actor`` may take ``action`` on a report in ``state``.

    Only the current version of a report moves (older versions are history), and nothing moves while its
    period is closed: the Department of Home Affairs closes a period when it has compiled the province's
    report, and reopens it if a unit must still act [I].
    """
    if not (period_open and current):
        return False
    rule = TRANSITIONS.get((State(state), Action(action)))
    return rule is not None and Actor(actor) in rule[0]


def is_locked(state: State | str) -> bool:
    """An approved report is locked: its content never changes again (issue #4)."""
    return State(state) == State.APPROVED


def is_submitted(state: State | str) -> bool:
    """Whether the unit has handed the report in (it is no longer only a draft)."""
    return State(state) != State.DRAFT


# --- Timeliness -----------------------------------------------------------------------------------

class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"  # not submitted yet, and the deadline has not passed


def timeliness_of(deadline: date, submitted_on: date | None, today: date) -> Timeliness:
    """A unit's reporting timeliness in a period.

    Source: issue #4 ("Timeliness: on time / late / missing per unit and period"). The deadline day itself
    is on time (a report is due *by* the deadline, local date) [I]. What counts is the unit's *first*
    submission in the period (see ``first_submission``): a report returned for corrections and sent again
    later was still handed in on time [I]. Before the deadline an unsubmitted report is not missing yet.
    """
    if submitted_on is not None:
        return Timeliness.ON_TIME if submitted_on <= deadline else Timeliness.LATE
    return Timeliness.PENDING if today <= deadline else Timeliness.MISSING


def first_submission(submitted_on: Iterable[date | None]) -> date | None:
    """The earliest submission date among a unit's report versions in a period (None if never)."""
    dates = [d for d in submitted_on if d is not None]
    return min(dates) if dates else None


def timeliness_rate(statuses: Iterable[Timeliness | str]) -> Decimal | None:
    """Share of units that reported on time, in % rounded half up to 2 decimals.

    The base is the units whose status is decided (on time, late or missing): a unit whose deadline has
    not passed is not counted yet [I]. No decided unit gives None (no value), never 0, as for the KPIs
    (DOMAIN §1.1 general conventions).
    """
    decided = [Timeliness(s) for s in statuses if Timeliness(s) != Timeliness.PENDING]
    if not decided:
        return None
    on_time = sum(1 for s in decided if s == Timeliness.ON_TIME)
    return (Decimal(on_time) * 100 / Decimal(len(decided))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Reminders ------------------------------------------------------------------------------------

class Reminder(StrEnum):
    BEFORE = "before"  # the deadline is near and the report is not in
    OVERDUE = "overdue"  # the deadline has passed and the report is missing


DEFAULT_DAYS_BEFORE = 3
DEFAULT_REPEAT_DAYS = 7


def reminder_due(*, deadline: date, today: date, submitted: bool, days_before: int = DEFAULT_DAYS_BEFORE,
                 last_before: date | None = None, last_overdue: date | None = None,
                 repeat_days: int = DEFAULT_REPEAT_DAYS) -> Reminder | None:
    """Which reminder, if any, a unit should get today about its report of a period.

    Source: issue #4 / PRODUCT F19 ("reminders by e-mail before the deadline and for missing reports").
    Once the report is submitted nobody is reminded. From ``days_before`` days before the deadline up to
    the deadline day, one reminder (the command may run every day without repeating it). After the
    deadline, a missing report is reminded at once and then every ``repeat_days`` days [I, defaults 3 and
    7, configurable on the command line].
    """
    if days_before < 0 or repeat_days < 1:
        raise ValueError("days_before must be ≥ 0 and repeat_days ≥ 1")
    if submitted:
        return None
    if today <= deadline:
        if (deadline - today).days <= days_before and last_before is None:
            return Reminder.BEFORE
        return None
    if last_overdue is None or (today - last_overdue).days >= repeat_days:
        return Reminder.OVERDUE
    return None


# --- Periods --------------------------------------------------------------------------------------

#: The kinds of reporting period units report on: quarterly, 6 months, 9 months, year (seed plans;
#: PRODUCT F3). Their dates are those of cchc.core.kpis.periods_of, so a report and the KPI values of
#: the same period always cover the same days.
REPORTING_KINDS = ("quarter", "half", "nine_months", "year")

#: The reform areas a report is written by when the province has no plan for the year (and none before):
#: the six areas of the national PAR programme 2021–2030 (NQ 76/NQ-CP, 15/7/2021 [K]) preceded by the
#: direction of PAR work, as the seed plans list them (KH 122/KH-UBND, QĐ 4510/QĐ-UBND; DOMAIN §8), with
#: the seed plans' codes. A province with a plan reports by its plan's areas.
DEFAULT_AREAS: tuple[tuple[str, str], ...] = (
    ("CDDH", N_("Công tác chỉ đạo, điều hành")),
    ("TC", N_("Cải cách thể chế")),
    ("TTHC", N_("Cải cách thủ tục hành chính")),
    ("TCBM", N_("Cải cách tổ chức bộ máy hành chính nhà nước")),
    ("CV", N_("Cải cách chế độ công vụ")),
    ("TCC", N_("Cải cách tài chính công")),
    ("CQDT", N_("Xây dựng và phát triển chính quyền điện tử, chính quyền số")),
)
_DEFAULT_AREA_NAMES = frozenset(name for _code, name in DEFAULT_AREAS)


def area_name(name: str) -> str:
    """An area's name as shown. Plans and reports store a copy of their areas' names (a plan's own wording
    is kept as written); a copy of a standard area's name (``DEFAULT_AREAS``, compared in NFC without
    surrounding spaces) is the standard name, shown through the catalogue in the reader's language
    (cchc.core.i18n.translate), so an English reader does not get it in Vietnamese."""
    key = unicodedata.normalize("NFC", name).strip()
    return translate(key) if key in _DEFAULT_AREA_NAMES else name


def year_to_date(kind: str, start: date, end: date) -> tuple[str, date]:
    """The stored KPI period that runs from 1 January to the end of a reporting period: the one a target
    is evaluated on, since a target is a year's target and a rate is judged on its year-to-date value
    (cchc.core.evaluation.project). Q1 → the quarter itself, Q2 → 6 months, Q3 → 9 months, Q4 → the year
    (cchc.core.kpis.periods_of: 6 and 9 months are cumulative from 1 January)."""
    if (start.month, start.day) == (1, 1):
        return kind, start
    cumulative = {3: "quarter", 6: "half", 9: "nine_months", 12: "year"}
    if end.month not in cumulative or end != _month_end(end):
        raise ValueError(f"no year-to-date period ends on {end}")
    return cumulative[end.month], date(end.year, 1, 1)


def year_to_date_ending(end: date) -> tuple[str, date]:
    """The stored KPI period (kind, start) from 1 January to ``end``, the last day of a quarter: 31/3 → the
    first quarter, 30/6 → 6 months, 30/9 → 9 months, 31/12 → the year (cchc.core.kpis.periods_of)."""
    cumulative = {3: "quarter", 6: "half", 9: "nine_months", 12: "year"}
    if end.month not in cumulative or end != _month_end(end):
        raise ValueError(f"no year-to-date period ends on {end}")
    return cumulative[end.month], date(end.year, 1, 1)


def previous_year_to_date(year: int, on: date) -> tuple[str, date] | None:
    """The last year-to-date period of ``year`` that ended before ``on`` (the year to date is seen on
    ``on``): the period the year's running figure is compared with, as reports compare "năm" with "9
    tháng" and "9 tháng" with "6 tháng" (Vietnamese reporting practice [K], cchc.core.kpis.periods_of).
    None before the first quarter has ended, e.g. on 15/2."""
    ended = [date(year, m, 1) for m in (9, 6, 3) if _month_end(date(year, m, 1)) < min(on, date(year, 12, 31))]
    return year_to_date_ending(_month_end(ended[0])) if ended else None


def _month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- Task progress in a report against the task -----------------------------------------------------

class TaskSync(StrEnum):
    """What to do with one task row of a report, given the task's progress when the row was filled (or
    last brought in line), the row's progress, and the task's progress now."""

    UNCHANGED = "unchanged"  # neither moved: nothing to write
    WRITE = "write"  # only the report changed: a submission records the report's value on the task
    TAKE_NEWER = "take_newer"  # only the task moved: the report takes the newer value, writes nothing
    AGREE = "agree"  # both moved, to the same value: nothing to write
    CONFLICT = "conflict"  # both moved, to different values: the focal point confirms before submitting


def task_sync(prefilled: int, reported: int, current: int) -> TaskSync:
    """The three-way comparison of a report's task row with its task, as a merge compares two edits with
    their common ancestor.

    Source: issue 9 item 3 ("a report never writes stale values over newer data: if a task was updated
    after the report was prefilled, the report shows the newer value and asks the focal point to confirm;
    a resubmission writes only what the focal point changed"). ``prefilled`` is the ancestor: the task's
    progress the row was filled with, or last brought in line with. A row the focal point did not change
    (``reported == prefilled``) never overwrites the task; a row changed while the task also moved to
    another value is neither written nor dropped, the focal point decides [I].
    """
    report_moved, task_moved = reported != prefilled, current != prefilled
    if not task_moved:
        return TaskSync.WRITE if report_moved else TaskSync.UNCHANGED
    if not report_moved:
        return TaskSync.TAKE_NEWER
    return TaskSync.AGREE if reported == current else TaskSync.CONFLICT

