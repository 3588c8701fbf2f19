"""Use cases of corrective actions: find the targets a unit missed in consecutive reporting periods and
require an action of the unit (``detect``, run after every KPI refresh: cchc.corrective.apps), let the unit
answer (``respond``), let the PAR officer confirm or return it (``decide``); what a user may see
(``visible``) and the open counts the dashboard shows (``open_counts``).

Detection reads stored KPI values only (never dossiers): for every KPI-bound target of every plan and
every unit the target applies to, the value of the target's KPI for each reporting period of the plan
year (Quarter I, 6 months, 9 months, year; cchc.core.corrective.reporting_periods) is evaluated with the
one evaluation every page uses (cchc.plans.evaluation.evaluate_targets). A period counts once it is final
(ended and settled) and its value was computed after its end; before that it is "not evaluated" and breaks
a run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core import corrective
from cchc.core.errors import DomainError, InvalidInput, Issue, NotFound
from cchc.core.evaluation import Verdict
from cchc.plans import evaluation
from cchc.plans.models import Plan
from cchc.units.models import Unit

from . import permissions
from .choices import OPEN_STATES, STATE_FILTERS
from .models import CorrectiveAction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """A target's figure for one unit and one reporting period."""

    period: corrective.ReportingPeriod
    verdict: str | None  # a cchc.core.evaluation.Verdict value; None when the period is not evaluated
    value: object = None
    projection: object = None
    threshold: object = None

    def as_json(self) -> dict:
        return {
            "period": self.period.label, "kind": self.period.kind, "end": self.period.end.isoformat(),
            "value": None if self.value is None else str(self.value),
            "projection": None if self.projection is None else str(self.projection),
            "threshold": None if self.threshold is None else str(self.threshold),
        }


@dataclass
class DetectResult:
    plans: int = 0
    pairs: int = 0  # (target, unit) pairs evaluated
    created: list[CorrectiveAction] | None = None
    existing: int = 0


def readings_for_plan(plan: Plan, today: date) -> dict[tuple[int, int], list[Reading]]:
    """(target id, unit id) → the readings of each reporting period of the plan year, oldest first.

    Each period is evaluated by the one evaluation (cchc.plans.evaluation.evaluate_targets) once it is
    final (ended and settled, cchc.core.evaluation.is_final); before that it is not evaluated (None) and
    breaks a run. A value computed before the period's end is not the period's figure: "no data".
    A few queries per period whatever the number of units."""
    targets = evaluation.kpi_targets(plan)
    if not targets:
        return {}
    periods = corrective.reporting_periods(plan.year)
    units = evaluation.plan_units(plan)
    out: dict[tuple[int, int], list[Reading]] = {
        (t.pk, u.pk): [] for t in targets for u in units if u.level in t.applies_to}
    for period in periods:
        window = evaluation.Window(period.end, today)
        found: dict[tuple[int, int], evaluation.UnitResult] = {}
        if window.settled:
            valid = [u for u in units if u.is_valid_on(period.end)]
            for target_id, rows in evaluation.evaluate_targets(targets, valid, window).items():
                for r in rows:
                    found[(target_id, r.unit.pk)] = r
        for key, row in out.items():
            r = found.get(key)
            if r is None:
                row.append(Reading(period, None))
                continue
            e = r.evaluation
            if r.as_of is not None and timezone.localtime(r.as_of).date() <= period.end:
                row.append(Reading(period, Verdict.NO_DATA.value, None, None, e.threshold))
                continue
            row.append(Reading(period, e.verdict.value, e.value, e.projection, e.threshold))
    return out


def detect(*, years: Iterable[int] | None = None, today: date | None = None,
           times: int = corrective.DEFAULT_TIMES) -> DetectResult:
    """Require a corrective action for every run of ``times`` red reporting periods of a (target, unit)
    pair. Idempotent: a run already required (same target, unit and first red period) is left as it is,
    whatever its state, so running it after every KPI refresh is safe."""
    today = today or timezone.localdate()
    plans = Plan.objects.select_related("province").order_by("year", "code")
    if years is not None:
        plans = plans.filter(year__in=list(years))
    result = DetectResult(created=[])
    for plan in plans:
        if date(plan.year, 3, 31) >= today:
            continue  # no reporting period of this plan has ended
        result.plans += 1
        readings = readings_for_plan(plan, today)
        existing = set(
            CorrectiveAction.objects.filter(target__plan=plan).values_list("target_id", "unit_id", "first_period_end")
        )
        with transaction.atomic():
            for (target_id, unit_id), row in readings.items():
                result.pairs += 1
                for run in corrective.triggers([r.verdict for r in row], times=times):
                    first, last = row[run[0]], row[run[-1]]
                    if (target_id, unit_id, first.period.end) in existing:
                        result.existing += 1
                        continue
                    action = CorrectiveAction(
                        target_id=target_id, unit_id=unit_id, first_period_end=first.period.end,
                        last_period_end=last.period.end, readings=[row[i].as_json() for i in run],
                    )
                    action.save()  # one by one: each creation goes to the audit trail
                    existing.add((target_id, unit_id, first.period.end))
                    result.created.append(action)
    logger.info("corrective actions: %s plans, %s pairs, %s created, %s already required",
                result.plans, result.pairs, len(result.created), result.existing)
    return result


def visible(user):
    """The actions ``user`` may see: every unit's for the province-wide roles, their own unit's otherwise."""
    require(permissions.can_list_actions(user))
    actions = CorrectiveAction.objects.select_related("target", "target__plan", "unit")
    scope = permissions.action_unit_scope(user)
    return actions if scope is None else actions.filter(unit_id=scope)


def listed(user, *, state: str = "open", q: str = ""):
    """The list's rows: the actions ``user`` may see in the states of ``state`` (a key of
    cchc.corrective.choices.STATE_FILTERS), of the units whose name holds ``q``; waiting for the unit first,
    then the latest runs."""
    rows = visible(user).filter(state__in=STATE_FILTERS[state])
    if q.strip():
        rows = rows.filter(unit__name__icontains=q.strip())
    return rows.order_by("state", "-last_period_end", "unit__name", "pk")


def visible_action(user, pk: int) -> CorrectiveAction:
    """One action ``user`` may see: refused before any lookup for a user who may not open actions at all,
    NotFound when there is no such action, refused when it is another unit's."""
    require(permissions.can_list_actions(user))
    action = (CorrectiveAction.objects.select_related("target", "target__plan", "unit", "submitted_by", "confirmed_by")
              .filter(pk=pk).first())
    if action is None:
        raise NotFound(_("Không có biện pháp khắc phục mã {id}.").format(id=pk))
    require(permissions.can_view_actions_of(user, action.unit_id))
    return action


def check_transition(action: CorrectiveAction, event: str) -> None:
    """Refuse, with a message for the user, an event the action's state does not allow."""
    _transition(action, event)


def _transition(action: CorrectiveAction, event: str) -> str:
    try:
        return corrective.next_state(action.state, event).value
    except ValueError:
        raise DomainError(_("Không thể thực hiện thao tác này khi biện pháp khắc phục đang ở trạng thái «{state}».").format(
            state=action.get_state_display())) from None


@transaction.atomic
def respond(*, user, action: CorrectiveAction, explanation: str, measure: str, responsible: str,
            due_date: date | None) -> CorrectiveAction:
    """The unit's answer: why the target was missed, what it will do, who answers for it, by when."""
    require(permissions.can_respond_for(user, action.unit_id))
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    state = _transition(action, corrective.Event.SUBMIT)
    issues = []
    fields = {"explanation": explanation.strip(), "action": measure.strip(), "responsible": responsible.strip()}
    for name, value in fields.items():
        if not value:
            issues.append(Issue(_("Thiếu giá trị bắt buộc."), field=name))
    if due_date is None:
        issues.append(Issue(_("Thiếu giá trị bắt buộc."), field="due_date"))
    elif due_date < timezone.localtime(action.created_at).date():
        issues.append(Issue(_("Hạn hoàn thành không được trước ngày có yêu cầu khắc phục ({day})."
                              ).format(day=timezone.localtime(action.created_at).strftime("%d/%m/%Y")), field="due_date"))
    if issues:
        raise InvalidInput(issues)
    for name, value in fields.items():
        setattr(action, name, value)
    action.due_date = due_date
    action.state = state
    action.submitted_at = timezone.now()
    action.submitted_by = user
    action.save()
    return action


@transaction.atomic
def decide(*, user, action: CorrectiveAction, confirm: bool, note: str = "") -> CorrectiveAction:
    """The PAR officer confirms the action carried out (done), or returns it to the unit with a note."""
    require(permissions.can_confirm_actions(user))
    action = CorrectiveAction.objects.select_for_update().get(pk=action.pk)
    event = corrective.Event.CONFIRM if confirm else corrective.Event.RETURN
    state = _transition(action, event)
    note = note.strip()
    if not confirm and not note:
        raise InvalidInput([Issue(_("Ghi rõ lý do trả lại để đơn vị bổ sung."), field="note")])
    action.state = state
    action.officer_note = note
    if confirm:
        action.confirmed_at = timezone.now()
        action.confirmed_by = user
    action.save()
    return action


def of_unit(unit: Unit):
    """The actions of one unit, newest first (the caller checks the user may see them)."""
    return CorrectiveAction.objects.filter(unit=unit).select_related("target", "target__plan")


def open_counts(province: Unit | None = None) -> dict[str, int]:
    """Open actions by state (of one province's units, or all), in one query."""
    rows = CorrectiveAction.objects.filter(state__in=OPEN_STATES)
    if province is not None:
        rows = rows.filter(unit__province=province)
    counts = dict(rows.order_by().values_list("state").annotate(n=Count("pk")))
    return {s.value: counts.get(s.value, 0) for s in OPEN_STATES}
