"""Petitions (phản ánh, kiến nghị: PAKN) in the Decision 766 index: indicators 6.1 and 6.2.

Sources: QĐ 766/QĐ-TTg (23/6/2022) group "Mức độ hài lòng" as the national portal (Cổng DVCQG) computes
it, DOMAIN §1.1 group 6 [C S1]:

* 6.1 "PAKN được xử lý đúng hạn" (6 points) = (PAKN handled on time or early + PAKN in progress and still
  within time) / PAKN received; the first action on a petition has a limit in working days: processing
  ≤ 15, rejection ≤ 2, a request to supplement ≤ 5, publication ≤ 2. No petition: 6 points.
* 6.2 "Mức độ hài lòng về xử lý PAKN" (6 points) = (PAKN − those rated unsatisfied (more dislikes than
  likes), re-complained, or overdue) / PAKN. No petition: 6 points.
* The classification (about rules and procedures, or about officials) is tracked with 0 points.

The portal's published figures for Gia Lai (GitHub ``duynghiaqn/Crawler-766``,
``data/gia_lai/agencies_detail_GiaLai_10102026.json``: Sở Nông nghiệp và Môi trường H21.24, 10 petitions,
0 on time and 0 satisfied; the unit before it, 4 petitions, 0 and 0) agree: an overdue petition counts
against both indicators.

Rules chosen where the sources leave a gap [I]:

* Every limit counts from the day the petition was received, as a dossier's does (BLDS 2015 Art. 147
  [K]: the first day is not counted; a petition received on a non-working day counts from the next
  working day), with the province's working-day calendar (cchc.core.workdays).
* A petition with no action yet is "in progress"; it is within time while the day its state was known
  (``as_of``, the day of the export it came from) is not after the processing limit (15 working days),
  the longest a first action may take.
* A due date the source system gives wins over the computed one (the system may have extended it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import kpis
from .workdays import WorkCalendar


class Action(StrEnum):
    """The first action on a petition (the portal's PAKN workflow, DOMAIN §1.1 group 6)."""

    PROCESSED = "processed"  # xử lý (answered)
    REJECTED = "rejected"  # từ chối
    SUPPLEMENT = "supplement"  # yêu cầu bổ sung
    PUBLISHED = "published"  # công khai


class Topic(StrEnum):
    """What a petition is about: tracked by the portal with 0 points (DOMAIN §1.1 group 6)."""

    RULES = "rules"  # quy định, thủ tục hành chính
    OFFICIALS = "officials"  # hành vi cán bộ, công chức, viên chức
    OTHER = "other"


#: The limit of each first action, in working days from receipt (DOMAIN §1.1 group 6 [C S1]).
LIMITS: dict[Action, int] = {
    Action.PROCESSED: 15,
    Action.REJECTED: 2,
    Action.SUPPLEMENT: 5,
    Action.PUBLISHED: 2,
}
#: The limit of a petition not yet acted on: the processing limit, the longest (module docstring [I]).
PENDING_LIMIT = LIMITS[Action.PROCESSED]


def due_date(received: date, action: Action | str | None, calendar: WorkCalendar) -> date:
    """The last day on which the first action ``action`` (None: no action yet) is on time.

    Source: QĐ 766/QĐ-TTg as computed by the portal, DOMAIN §1.1 group 6 (limits in working days);
    working days per BLLĐ 2019 Art. 112 and QĐ 188/1999/QĐ-TTg via ``WorkCalendar.add_working_days``
    (the day of receipt not counted, BLDS 2015 Art. 147 [K])."""
    limit = PENDING_LIMIT if action in (None, "") else LIMITS[Action(action)]
    return calendar.add_working_days(received, limit)


def on_time(due: date, acted_on: date | None, as_of: date) -> bool:
    """Whether a petition counts in 6.1's numerator: acted on by its due date (on time or early), or not
    acted on yet and ``as_of`` (the day its state was known) not after the due date (in progress within
    time).

    Source: QĐ 766/QĐ-TTg as computed by the portal, DOMAIN §1.1 group 6 ("handled on time or early +
    in progress within time")."""
    return (acted_on if acted_on is not None else as_of) <= due


def disliked(likes: int, dislikes: int) -> bool:
    """Rated unsatisfied: more dislikes than likes (DOMAIN §1.1 group 6, QĐ 766/QĐ-TTg as the portal
    computes it)."""
    return dislikes > likes


def satisfied(*, timely: bool, likes: int, dislikes: int, recomplained: bool) -> bool:
    """Whether a petition counts in 6.2's numerator: not rated unsatisfied, not re-complained, not overdue.

    Source: QĐ 766/QĐ-TTg as computed by the portal, DOMAIN §1.1 group 6 ("all PAKN − those rated
    unsatisfied (more dislikes than likes), re-complained or overdue")."""
    return timely and not disliked(likes, dislikes) and not recomplained


@dataclass(frozen=True)
class Verdict:
    """One petition as the two indicators count it."""

    due: date
    on_time: bool
    satisfied: bool


def judge(*, received: date, action: Action | str | None, acted_on: date | None, due: date | None,
          likes: int, dislikes: int, recomplained: bool, as_of: date, calendar: WorkCalendar) -> Verdict:
    """A petition's due date (``due`` when the source gives one, else ``due_date``) and its verdicts for
    6.1 (``on_time``) and 6.2 (``satisfied``). Source: as ``due_date``, ``on_time`` and ``satisfied``
    (QĐ 766/QĐ-TTg, DOMAIN §1.1 group 6)."""
    final_due = due if due is not None else due_date(received, action or None, calendar)
    timely = on_time(final_due, acted_on, as_of)
    return Verdict(final_due, timely, satisfied(timely=timely, likes=likes, dislikes=dislikes,
                                                recomplained=recomplained))


def periods_containing(day: date) -> list[tuple[str, date]]:
    """The (kind, first day) of every reporting period that holds ``day``: the periods a petition received
    on ``day`` is counted in (the portal counts petitions by their day of receipt, DOMAIN §1.1 group 6;
    the periods are cchc.core.kpis.periods_containing's, Vietnamese reporting practice [K])."""
    return kpis.periods_containing(day)
