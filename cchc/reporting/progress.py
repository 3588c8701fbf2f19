"""A report's task rows against the plan's tasks: no report writes a stale progress over a newer one.

A row is filled with its task's progress (``TaskRow.prefilled_progress``, the common ancestor) and the
focal point may change it (``TaskRow.progress``). Meanwhile the task may move on through the plan's own
progress updates (cchc.plans.services.report_progress). The pure rule cchc.core.reporting.task_sync
compares the three values; this module reads the tasks, shows the result on the report page (which task,
the prefilled value, the newer value with its date and author), applies what the focal point posted, and
decides what a submission writes back:

- the task moved and the row did not: the row takes the newer value, nothing is written;
- the row changed and the task did not: the row's value is recorded on the task (a progress update);
- both changed: the submission is refused, naming the task, until the focal point changes the row or
  confirms it while seeing the task's current value.

A page posts, per row, the value its field showed (``base``) and the task's value it showed (``seen``),
so an edit made on a page opened before the task moved is recognised as made against the older value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cchc.core.errors import Issue
from cchc.core.reporting import TaskSync, task_sync
from cchc.plans.models import Assignment, ProgressUpdate

from .models import TaskRow


@dataclass(frozen=True)
class RowState:
    """One task row compared with its task now."""

    row: TaskRow
    sync: TaskSync
    current: int | None = None  # the task's progress now (None: the row has no task any more)
    updated_at: datetime | None = None  # when the task got its current value
    updated_by: str = ""

    @property
    def shown(self) -> int:
        """The progress the report shows for the row: the task's newer value when only the task moved."""
        return self.current if self.sync == TaskSync.TAKE_NEWER else self.row.progress

    @property
    def moved(self) -> bool:
        """The task was updated after the row was filled (or last brought in line with it)."""
        return self.sync in (TaskSync.TAKE_NEWER, TaskSync.CONFLICT)

    def update_text(self) -> str:
        """"85% lúc 10:00 05/04/2022 (Nguyễn Văn A)": the task's newer value, when and by whom."""
        text = f"{self.current}%"
        if self.updated_at is not None:
            text += " " + _("lúc {when}").format(
                when=formats.date_format(timezone.localtime(self.updated_at), "SHORT_DATETIME_FORMAT"))
        if self.updated_by:
            text += f" ({self.updated_by})"
        return text

    def notice(self) -> str:
        """What the report page says about the row, empty when there is nothing to confirm."""
        if self.sync == TaskSync.TAKE_NEWER:
            return _("Nhiệm vụ đã được cập nhật sau khi báo cáo được điền sẵn ({old}%): {update}. Báo cáo lấy "
                     "tiến độ mới này; hãy kiểm tra trước khi gửi.").format(old=self.row.prefilled_progress,
                                                                          update=self.update_text())
        if self.sync == TaskSync.CONFLICT:
            return _("Nhiệm vụ đã được cập nhật sau khi báo cáo được điền sẵn ({old}%): {update}, trong khi báo "
                     "cáo ghi {mine}%. Hãy sửa tiến độ, hoặc đánh dấu xác nhận để ghi {mine}% vào nhiệm vụ khi "
                     "gửi.").format(old=self.row.prefilled_progress, update=self.update_text(), mine=self.row.progress)
        return ""

    def conflict_issue(self) -> Issue:
        return Issue(_("Nhiệm vụ {code}: tiến độ đã được cập nhật lên {update} sau khi báo cáo được điền sẵn "
                       "{old}%, trong khi báo cáo ghi {mine}%. Hãy kiểm tra và xác nhận tiến độ trước khi gửi.").format(
                           code=self.row.task_code, update=self.update_text(), old=self.row.prefilled_progress,
                           mine=self.row.progress),
                     field=f"task-{self.row.pk}-progress")


def _author(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def row_states(rows: Iterable[TaskRow], assignments: Mapping[int, Assignment] | None = None) -> dict[int, RowState]:
    """Each row (by id) against its task. Reads the tasks (one query, or none given ``assignments``) and,
    only for the tasks that moved, their latest progress update with its author (two more)."""
    rows = list(rows)
    if assignments is None:
        ids = {r.assignment_id for r in rows if r.assignment_id is not None}
        assignments = Assignment.objects.in_bulk(ids) if ids else {}
    states: dict[int, RowState] = {}
    moved = {}
    for row in rows:
        assignment = assignments.get(row.assignment_id) if row.assignment_id is not None else None
        if assignment is None:  # the task left the plan: nothing to compare with, nothing to write
            states[row.pk] = RowState(row, TaskSync.UNCHANGED)
            continue
        sync = task_sync(row.prefilled_progress, row.progress, assignment.progress)
        states[row.pk] = RowState(row, sync, assignment.progress, assignment.updated_at)
        if sync in (TaskSync.TAKE_NEWER, TaskSync.CONFLICT):
            moved[row.pk] = assignment
    if moved:
        latest = Subquery(ProgressUpdate.objects.filter(assignment=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1])
        update_ids = Assignment.objects.filter(pk__in={a.pk for a in moved.values()}).annotate(latest=latest).values_list("pk", "latest")
        updates = {u.assignment_id: u for u in ProgressUpdate.objects.filter(pk__in=[u for _a, u in update_ids if u])
                   .select_related("author")}
        for row_id, assignment in moved.items():
            update = updates.get(assignment.pk)
            if update is not None and update.progress == assignment.progress:
                state = states[row_id]
                states[row_id] = RowState(state.row, state.sync, state.current, update.created_at, _author(update.author))
    return states


def _percent(value) -> int | None:
    """A posted 0–100 integer, or None for anything else (a page's hidden value is never trusted blindly)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 100 else None


def apply(state: RowState, *, progress: int | None, base=None, seen=None, confirm: bool = False) -> None:
    """Bring ``state.row`` in line with its task and apply what the focal point posted (the row is not
    saved). ``progress`` is the posted value (None: not posted); ``base`` the value the page's field showed
    (default: the row's value once in line with the task); ``seen`` the task's value the page showed
    (default: the value the row was filled with, so an edit sent without it while the task moved is a
    conflict); ``confirm`` keeps the row's value over the task's newer one."""
    row = state.row
    filled = row.prefilled_progress
    current = state.current
    if current is not None and state.sync == TaskSync.TAKE_NEWER:
        row.progress = row.prefilled_progress = current
    elif current is not None and state.sync == TaskSync.AGREE:
        row.prefilled_progress = current
    base, seen = _percent(base), _percent(seen)
    if base is None:
        base = row.progress
    if seen is None:
        seen = filled
    edited = progress is not None and progress != base
    if edited:
        row.progress = progress
    if current is None:
        return
    if edited:
        # The edit was made against the task's value the page showed: now the ancestor if it is still the
        # task's value, else the older one, which leaves the row in conflict (task_sync).
        row.prefilled_progress = current if seen == current else seen
    elif confirm and state.sync == TaskSync.CONFLICT and seen == current:
        row.prefilled_progress = current
