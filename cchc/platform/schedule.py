"""What runs by itself: the settings' ``CCHC_SCHEDULE`` made into django-q2's schedule.

The settings are the one truth; ``sync_schedule`` makes the Schedule rows named ``cchc:<name>`` equal to
them (creates, updates, deletes; idempotent), and leaves any other schedule (one an administrator added in
the Django admin) alone. ``cchc setup`` and ``cchc worker`` call it, so a changed setting takes effect at
the next start. The worker's scheduler then queues each entry's function at its cron times (server time
zone), as a job like any other (cchc.platform.jobs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

#: The prefix of the schedule rows CCHC owns.
PREFIX = "cchc:"


@dataclass(frozen=True)
class SyncResult:
    created: list[str]
    updated: list[str]
    deleted: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _checked(name: str, entry: dict) -> tuple[str, str]:
    """The entry's function path and cron string, refused at once (naming the entry) when the function
    cannot be imported or the cron string is not five valid fields."""
    from croniter import croniter

    func, cron = entry.get("func", ""), entry.get("cron", "")
    try:
        target = import_string(func)
    except ImportError as error:
        raise ImproperlyConfigured(f"CCHC_SCHEDULE[{name!r}]: cannot import {func!r} ({error})") from None
    if not callable(target):
        raise ImproperlyConfigured(f"CCHC_SCHEDULE[{name!r}]: {func!r} is not a function")
    if len(str(cron).split()) != 5 or not croniter.is_valid(cron):
        raise ImproperlyConfigured(f"CCHC_SCHEDULE[{name!r}]: {cron!r} is not a five-field cron string")
    if len(PREFIX + name) > 100:
        raise ImproperlyConfigured(f"CCHC_SCHEDULE[{name!r}]: the name is longer than 100 characters")
    return func, cron


def next_run(cron: str, *, after: datetime | None = None) -> datetime:
    """The first time after ``after`` (now) that ``cron`` names, read in the server's time zone."""
    from croniter import croniter

    start = timezone.localtime(after or timezone.now())
    return croniter(cron, start).get_next(datetime)


@transaction.atomic
def sync_schedule(entries: dict | None = None) -> SyncResult:
    """Make the schedule rows CCHC owns equal to ``entries`` (the settings' ``CCHC_SCHEDULE``)."""
    from django_q.models import Schedule

    entries = settings.CCHC_SCHEDULE if entries is None else entries
    wanted = {PREFIX + name: _checked(name, entry) for name, entry in entries.items()}
    owned = {row.name: row for row in Schedule.objects.select_for_update().filter(name__startswith=PREFIX)}
    created, updated = [], []
    for name, (func, cron) in sorted(wanted.items()):
        row = owned.pop(name, None)
        if row is None:
            Schedule.objects.create(name=name, func=func, schedule_type=Schedule.CRON, cron=cron, repeats=-1,
                                    next_run=next_run(cron))
            created.append(name)
        elif (row.func, row.cron, row.schedule_type, row.repeats, row.args or "", row.kwargs or "") != (
                func, cron, Schedule.CRON, -1, "", ""):
            row.func, row.cron, row.schedule_type, row.repeats, row.args, row.kwargs = (
                func, cron, Schedule.CRON, -1, None, None)
            row.next_run = next_run(cron)
            row.save()
            updated.append(name)
    deleted = sorted(owned)
    Schedule.objects.filter(name__in=deleted).delete()
    return SyncResult(created=created, updated=updated, deleted=deleted)


def planned() -> list[dict]:
    """The settings' entries with their schedule rows (next run, last job), for the administrator's page."""
    from django_q.models import Schedule

    rows = {row.name: row for row in Schedule.objects.filter(name__startswith=PREFIX)}
    out = []
    for name, entry in settings.CCHC_SCHEDULE.items():
        row = rows.get(PREFIX + name)
        out.append({"name": name, "func": entry.get("func", ""), "cron": entry.get("cron", ""),
                    "doc": entry.get("doc", ""), "next_run": row.next_run if row else None,
                    "last_task": row.task if row else None, "synced": row is not None})
    return out
