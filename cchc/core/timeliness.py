"""Whether a dossier (hồ sơ TTHC) was handled early, on time or late, as the 766 index counts it.

Sources:
- QĐ 766/QĐ-TTg (23/6/2022), group "Tiến độ giải quyết": the on-time rate, worked out in the DVCQG
  document "Mô tả công thức tính chỉ số 766" (DOMAIN S1, §1.1): on time ⇔ end of processing
  (``NgayKetThucXuLy``) ≤ due date (``NgayHenTra``); more than one supplement request ⇒ late; waiting
  for the citizen's supplement is subtracted; no due date ⇒ compare with the statutory time limit.
- The Thanh Hóa one-stop system (DOMAIN S3, ``ThongKeWhereBuilder.cs``, ``BaoCaoTongHopConstants.cs``):
  the national statuses 1–10, comparison at day granularity, withdrawn dossiers and dossiers with no due
  date count as on time, dossiers waiting for a supplement or stopped count as within time, and the
  "sắp hết hạn" flag (due within 24 h). DOMAIN §4 "Early / on-time / late".

Choices where the sources leave room (each is tested in tests/core/test_timeliness.py):
- The 766 rule "more than one supplement request ⇒ late" (S1) wins over every other rule except
  exclusion, including "withdrawn counts as on time" and "waiting for a supplement is within time".
- "Returned" in DOMAIN §4 ("returned or withdrawn dossiers (7) count as on time") is S3's class
  "trả lại" = status 7. Status 10 "Đã trả kết quả" is a finished dossier compared on its dates.
- With a due date, ``supplement_wait`` is not subtracted again: the due date is taken to be the current
  one, already moved by the waiting time (S3 moves it; DVCQG syncs ``NgayHenTraMoi``). The wait is
  subtracted only in the no-due-date formula, where S1 states it.
- The no-due-date comparison is a duration comparison, exact to the second, as S1 writes it:
  (end − received − supplement wait) ≤ statutory limit. It yields ON_TIME or LATE, never EARLY
  (S3 counts such dossiers as on time).
- The finish is ``finished_at`` whatever the current status: it is the time of "Đã xử lý xong" (or of
  the return, stop or withdrawal, S1's order of preference), resolved by the importer. The current
  status only decides exclusion (1, 3), withdrawal (7) and "within time" (5, 6, 8).
- The state is taken at ``period_end`` (the last instant of the period, inclusive): a finish after it
  is no finish, and a dossier received after it is EXCLUDED (it is not in the period).
- Dates are compared in Vietnamese local time: aware datetimes are converted to ``tz``
  (Asia/Ho_Chi_Minh by default), naive ones are taken as already local. Do not mix the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import IntEnum, StrEnum
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NEAR_DUE_HORIZON = timedelta(hours=24)  # S3 "sắp hết hạn" [C S3]; a parameter default, not a rule of law


class Status(IntEnum):
    """The national dossier statuses (``TrangThaiHoSo``) of the DVCQG sync catalogue [C S3]."""

    NEW = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    FINISHED = 9
    RETURNED = 10  # "Đã trả kết quả": the result was handed over; not S3's "trả lại" (that is 7)


class Channel(IntEnum):
    """How the dossier was submitted (``KenhThucHien``) [C S3]."""

    DIRECT = 1
    ONLINE = 2
    POSTAL = 3  # dịch vụ bưu chính công ích (BCCI)


class Timeliness(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    PENDING_ON_TIME = "pending_on_time"  # not finished at period end, still within time
    PENDING_OVERDUE = "pending_overdue"  # not finished at period end, past its due date
    EXCLUDED = "excluded"  # not received (statuses 1, 3) or received after the period


NOT_RECEIVED_STATUSES = frozenset({Status.NEW, Status.NOT_RECEIVED})
WITHIN_TIME_STATUSES = frozenset({Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION, Status.STOPPED})
ON_TIME_766 = frozenset({Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.PENDING_ON_TIME})


@dataclass(frozen=True)
class DossierFacts:
    """What the timeliness rules need to know about one dossier.

    ``status`` is the current national status (1–10). ``due_at`` is ``NgayHenTra`` (None when the
    procedure has no due date, ``KhongCoNgayHenTra``). ``finished_at`` is the end of processing.
    ``supplement_count`` counts the supplement requests; ``supplement_wait`` is the total time between
    each request and its completion. ``statutory_limit`` is the procedure's maximum processing time,
    already converted to a duration by the caller (working days are the calendar's business).
    """

    status: int
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    supplement_count: int = 0
    supplement_wait: timedelta = timedelta(0)
    statutory_limit: timedelta | None = None


def _local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.date() if moment.tzinfo is None else moment.astimezone(tz).date()


def _compare_days(end: datetime, due: datetime, tz: tzinfo) -> Timeliness:
    end_day, due_day = _local_date(end, tz), _local_date(due, tz)
    if end_day < due_day:
        return Timeliness.EARLY
    if end_day == due_day:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def _within_limit(d: DossierFacts, end: datetime) -> bool:
    assert d.statutory_limit is not None
    return end - d.received_at - d.supplement_wait <= d.statutory_limit


def _pending(d: DossierFacts, period_end: datetime, tz: tzinfo) -> Timeliness:
    """A dossier not finished at period end: S1 takes the period end as its end of processing."""
    if d.due_at is not None:
        within = _local_date(d.due_at, tz) >= _local_date(period_end, tz)
    elif d.statutory_limit is not None:
        within = _within_limit(d, period_end)
    else:
        within = True  # no due date and no limit: counted as on time (S3)
    return Timeliness.PENDING_ON_TIME if within else Timeliness.PENDING_OVERDUE


def _finished(d: DossierFacts, end: datetime, tz: tzinfo) -> Timeliness:
    if d.due_at is not None:
        return _compare_days(end, d.due_at, tz)
    if d.statutory_limit is not None:
        return Timeliness.ON_TIME if _within_limit(d, end) else Timeliness.LATE
    return Timeliness.ON_TIME  # no due date and no limit: counted as on time (S3)


def classify(d: DossierFacts, period_end: datetime, *, tz: tzinfo = VIETNAM_TZ) -> Timeliness:
    """Classify a dossier as it stood at ``period_end`` (the last instant of the reporting period).

    Source: QĐ 766/QĐ-TTg, group "Tiến độ giải quyết", as computed in DOMAIN S1's formula document
    (on time ⇔ end ≤ due date; >1 supplement request ⇒ late; no due date ⇒ end − received − supplement
    wait ≤ statutory limit; unfinished ⇒ the period end is the end); S3 ``ThongKeWhereBuilder.cs`` for
    day granularity and the status classes. The order of the rules, and why, is in the module docstring.
    Raises ValueError for a status outside 1–10.
    """
    status = Status(d.status)
    if status in NOT_RECEIVED_STATUSES or d.received_at > period_end:
        return Timeliness.EXCLUDED
    if d.supplement_count > 1:
        return Timeliness.LATE
    if status in WITHIN_TIME_STATUSES:
        return Timeliness.PENDING_ON_TIME
    finished_later = d.finished_at is not None and d.finished_at > period_end
    if status == Status.WITHDRAWN and not finished_later:
        return Timeliness.ON_TIME
    if d.finished_at is None or finished_later:
        return _pending(d, period_end, tz)
    return _finished(d, d.finished_at, tz)


def counts_on_time_766(t: Timeliness) -> bool:
    """Whether a dossier of this class counts in the numerator of the 766 on-time rate.

    Source: QĐ 766/QĐ-TTg via DOMAIN S1 and S3 ``SoLieuThongKeDonViTheoKyRequestHandler.cs``: rate =
    (finished early or on time + returned/withdrawn + in progress within time) / received in the period.
    Withdrawn dossiers arrive here already classified ON_TIME by :func:`classify`.
    """
    return t in ON_TIME_766


def on_time_766_counts(classes: Iterable[Timeliness]) -> tuple[int, int]:
    """The numerator and denominator of the 766 on-time rate over classified dossiers.

    Source: QĐ 766/QĐ-TTg via DOMAIN S1 (group 2): the denominator is the dossiers received or handled in
    the period, so EXCLUDED dossiers (not received, or received after the period) are left out of both.
    """
    numerator = denominator = 0
    for t in classes:
        if t == Timeliness.EXCLUDED:
            continue
        denominator += 1
        numerator += counts_on_time_766(t)
    return numerator, denominator


def is_near_due(due_at: datetime | None, now: datetime, horizon: timedelta = NEAR_DUE_HORIZON) -> bool:
    """Whether the due date falls within ``horizon`` from ``now`` (S3 "sắp hết hạn", 24 h by default).

    Source: DOMAIN S3 statistics ("sắp hết hạn": due within 24 h). Both ends are inclusive; a dossier
    already past its due date is overdue, not near due, and one with no due date is never near due.
    """
    if due_at is None:
        return False
    first, last = near_due_window(now, horizon)
    return first <= due_at <= last


def near_due_window(now: datetime, horizon: timedelta = NEAR_DUE_HORIZON) -> tuple[datetime, datetime]:
    """The due dates that are near due at ``now``, both ends inclusive: what is_near_due accepts, as bounds a
    database query can use (the near-due page filters with them, so the page and the rule agree).

    Source: DOMAIN S3 statistics ("sắp hết hạn": due within 24 h)."""
    return now, now + horizon
