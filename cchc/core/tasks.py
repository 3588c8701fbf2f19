"""Task progress: the status a plan task shows, for one unit and for the whole plan.

Source: the seed plans give each task a lead unit and a deadline ("thời gian hoàn thành"); the
province's follow-up (seed 004, Ban Chỉ đạo) asks which tasks are late. A task is overdue when its
deadline has passed and it is not done; it is done only at 100% progress.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


def status_of(progress: int, deadline: date | None, today: date) -> TaskStatus:
    """Status of one unit's work on a task from its progress (0–100) and deadline."""
    if not 0 <= progress <= 100:
        raise ValueError("progress must be between 0 and 100")
    if progress == 100:
        return TaskStatus.DONE
    if deadline is not None and today > deadline:
        return TaskStatus.OVERDUE
    return TaskStatus.NOT_STARTED if progress == 0 else TaskStatus.IN_PROGRESS


#: How many days ahead a unit's home page warns of a task's deadline ("sắp đến hạn"). Configuration [I]:
#: the plans set deadlines by the month or the quarter, and two weeks leave time to finish and report.
NEAR_DUE_DAYS = 14


def is_due_soon(progress: int, deadline: date | None, today: date, days: int = NEAR_DUE_DAYS) -> bool:
    """Whether a unit's work on a task is near its deadline: not done and due within ``days`` from
    ``today``, both ends inclusive (a task due today is due soon; one past its deadline is overdue,
    ``status_of``, not due soon). Source: the province's follow-up of the plans' deadlines (seed 004)."""
    if progress == 100 or deadline is None:
        return False
    return today <= deadline <= today + timedelta(days=days)


@dataclass(frozen=True)
class Rollup:
    """A task's progress over all the units that carry it out."""

    progress: int  # mean of the units' progress, rounded down
    status: TaskStatus
    units: int
    units_done: int


def rollup(progresses: Iterable[int], deadline: date | None, today: date) -> Rollup:
    """Combine the progress of every unit assigned a task into the task's own progress and status.

    The mean is rounded down so that a task shows 100% only when every unit has finished.
    """
    values = list(progresses)
    if not values:
        return Rollup(0, status_of(0, deadline, today), 0, 0)
    mean = sum(values) // len(values)
    done = sum(1 for v in values if v == 100)
    return Rollup(mean, status_of(mean, deadline, today), len(values), done)


def count_by_status(statuses: Iterable[TaskStatus | str]) -> dict[TaskStatus, int]:
    """How many tasks are in each status, every status present (zeros included)."""
    counts = Counter(TaskStatus(s) for s in statuses)
    return {s: counts.get(s, 0) for s in TaskStatus}


def completion_rate(done: int, due: int) -> Decimal | None:
    """The share of tasks done by their deadline among those due, in percent with 2 decimals (half up, the
    project's rounding of every rate); None when no task is due. Counted by cchc.plans.services.task_completion;
    read by the yearly classification (NĐ 335/2025 input) and the PAR index's computed criteria (DOMAIN
    §12.3), so both print the same figure."""
    if not due:
        return None
    return (Decimal(done) * 100 / Decimal(due)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
