"""The inputs of a year's proposals, gathered from stored figures only (never by scanning dossiers):

* the 766 score: the scoreboard's yearly ranking of the block (cchc.scoreboard.services.ranking), its
  points and their share of the points of the indicators with data;
* the on-time rate (766 indicator 2.1: ``ontime_rate``), the late dossiers of the year (``late_all``: the
  denominator of ``apology_compliance_rate``, finished late plus pending overdue at the year's end) and those
  with an apology (its numerator), read through cchc.analytics.services.values_for;
* seed 003's lateness after a reminder: the **monthly** ``late`` (finished late in the month) and
  ``finished`` figures from the month after the reminder. An approximation, stated: a dossier with more than
  one supplement request still open counts as late in each month it stays open, and a reminder's own month
  is left out;
* the share of plan tasks done by their deadline (cchc.plans.services.task_completion);
* the integrity flags: the year's count of every rule of cchc.core.integrity.RULE_CODES (stored figures);
* the inspection findings: ``_inspection_findings`` (cchc.inspections.services.findings_summary);
* the PAR index: the unit's last published result of a season of the year or before
  (cchc.parindex.results.last_results); none: "chưa có kết quả Chỉ số CCHC", no weight.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.core import kpis
from cchc.core.classification import Findings, Inputs, Reminder
from cchc.core.integrity import RULE_CODES
from cchc.core.tasks import completion_rate
from cchc.parindex.results import last_results as last_par_results
from cchc.plans.services import task_completion
from cchc.scoreboard import services as scoreboard
from cchc.units.models import Unit

from .choices import ReminderAbout
from .models import Reminder as ReminderRecord

YEAR_CODES = ("ontime_rate", "apology_compliance_rate", "late", "pending_overdue")
MONTH_CODES = ("late", "finished")


def _inspection_findings(year: int) -> dict[int, Findings]:
    """Inspection findings per unit id for ``year``, as the inspections app counts them
    (cchc.inspections.services.findings_summary). A unit absent from the mapping was not inspected that
    year and shows "chưa có dữ liệu kiểm tra"."""
    from cchc.inspections.services import findings_summary

    return {u: Findings(s.inspected, s.found, s.remedied_in_year, s.open) for u, s in findings_summary(year).items()}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _score766(year: int, block: str) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """unit id → (points, share of the points available) of the year's 766 ranking of ``block``."""
    rows = scoreboard.ranking("year", date(year, 1, 1), block=block)
    return {r.unit.pk: (r.total.points, r.total.share) for r in rows}


def reminders_for(unit_ids: list[int], year: int) -> dict[int, list[ReminderRecord]]:
    """The recorded reminders that may bear on ``year``: those of the year before and of the year itself."""
    found: dict[int, list[ReminderRecord]] = defaultdict(list)
    for r in ReminderRecord.objects.filter(unit_id__in=unit_ids, on__year__in=[year - 1, year]).order_by("on", "pk"):
        found[r.unit_id].append(r)
    return found


def gather(year: int, block: str, units: list[Unit], *, as_of: date | None = None):
    """Each unit's (Inputs, monthly late figures, core reminders, JSON snapshot of every input)."""
    as_of = as_of or min(timezone.localdate(), date(year, 12, 31))
    ids = [u.pk for u in units]
    yearly: dict[tuple[int, str], analytics.Figure] = {
        (f.unit_id, f.kpi_code): f for f in analytics.values_for(
            codes=[*YEAR_CODES, *RULE_CODES], period_kind="year", period_start=date(year, 1, 1), units=ids)}
    monthly: dict[int, dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    starts = [s for s, _e in kpis.periods_of(year, "month")]
    for f in analytics.values_for(codes=MONTH_CODES, period_kind="month", period_starts=starts, units=ids):
        monthly[f.unit_id][f.period_start][MONTH_CODES.index(f.kpi_code)] = f.numerator or 0
    score766 = _score766(year, block)
    tasks = task_completion(ids, year, as_of)
    findings = _inspection_findings(year)
    reminders = reminders_for(ids, year)
    par = last_par_results(ids, year)
    out = {}
    for unit in units:
        ontime = yearly.get((unit.pk, "ontime_rate"))
        apology = yearly.get((unit.pk, "apology_compliance_rate"))
        late_count = apology.denominator if apology is not None else None
        if late_count is None and (unit.pk, "late") in yearly:
            late_count = sum(yearly[(unit.pk, c)].numerator or 0 for c in ("late", "pending_overdue")
                             if (unit.pk, c) in yearly)
        flags = [yearly[(unit.pk, c)].numerator or 0 for c in RULE_CODES if (unit.pk, c) in yearly]
        done, due = tasks.get(unit.pk, (0, 0))
        points, share = score766.get(unit.pk, (None, None))
        inputs = Inputs(
            score766=share, points766=points, ontime_rate=_decimal(ontime.value) if ontime else None,
            task_completion=completion_rate(done, due),
            tasks_assigned=due, par_index=par[unit.pk].index_value if unit.pk in par else None,
            late_count=late_count,
            apology_count=apology.numerator if apology is not None else None,
            integrity_flags=sum(flags) if flags else None, findings=findings.get(unit.pk),
        )
        months = {m: (v[0], v[1]) for m, v in sorted(monthly[unit.pk].items())}
        core_reminders = [Reminder(r.on, r.about == ReminderAbout.LATE_DOSSIERS) for r in reminders[unit.pk]]
        snapshot = {
            "score766": _s(share), "points766": _s(points),
            "ontime_rate": _s(inputs.ontime_rate), "task_completion": _s(inputs.task_completion),
            "tasks_done": done, "tasks_due": due, "par_index": _s(inputs.par_index),
            "par_index_year": par[unit.pk].year if unit.pk in par else None,
            "late_count": late_count, "apology_count": inputs.apology_count,
            "integrity_flags": inputs.integrity_flags,
            "findings": asdict(inputs.findings) if inputs.findings is not None else None,
            "reminders": [{"id": r.pk, "on": r.on.isoformat(), "about": r.about} for r in reminders[unit.pk]],
            "monthly": {m.isoformat()[:7]: list(v) for m, v in months.items()},
            "as_of": as_of.isoformat(),
        }
        out[unit.pk] = (inputs, months, core_reminders, snapshot)
    return out


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)

