"""Corrective actions: a target missed by a unit in consecutive reporting periods.

Source: issue #4 part 3 and PRODUCT F7 ("required explanations for red cells"): "a target red for two
periods in a row requires an explanation and a corrective action from the unit, tracked until done".
The seed plans make units report "định kỳ hằng quý, 6 tháng, năm" to the People's Committee through the
Department of Home Affairs (DOMAIN §8), and those reports carry year-to-date figures: the reporting
periods of a plan year are therefore Quarter I, 6 months, 9 months and the year, each from 1 January
(cchc.core.kpis.periods_of). A period is "red" when the target's evaluation at its end
(cchc.core.evaluation.evaluate, with the share of the year elapsed, once the period is final) is "missed"; "at risk" and "no data"
are not red and break a run. The number of periods in a row is configuration [I], default 2.

An action then goes required → submitted (the unit's explanation and action) → done (confirmed by the
PAR officer), or back to required when the officer returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .kpis import period_label, periods_of

RED = "missed"  # cchc.core.evaluation.Verdict.MISSED
DEFAULT_TIMES = 2


@dataclass(frozen=True)
class ReportingPeriod:
    kind: str  # a cchc.core.kpis period kind
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)


def reporting_periods(year: int) -> list[ReportingPeriod]:
    """The year-to-date periods units report on: Quarter I, 6 months, 9 months, the year (in order)."""
    q1_start, q1_end = periods_of(year, "quarter")[0]
    out = [ReportingPeriod("quarter", q1_start, q1_end)]
    for kind in ("half", "nine_months", "year"):
        ((start, end),) = periods_of(year, kind)
        out.append(ReportingPeriod(kind, start, end))
    return out


def triggers(verdicts: Sequence[str | None], *, times: int = DEFAULT_TIMES) -> list[tuple[int, ...]]:
    """The runs of ``times`` consecutive red periods in ``verdicts`` (oldest first), as tuples of indexes.

    Runs do not overlap: red in four periods in a row with ``times`` = 2 gives two runs, (0, 1) and
    (2, 3), so a target that stays red asks for a new explanation every two periods, not every period.
    Anything but red (met, at risk, no data, None for a period not evaluated) breaks a run.
    """
    if times < 1:
        raise ValueError("times must be ≥ 1")
    found: list[tuple[int, ...]] = []
    run: list[int] = []
    for i, verdict in enumerate(verdicts):
        if verdict == RED:
            run.append(i)
            if len(run) == times:
                found.append(tuple(run))
                run = []
        else:
            run = []
    return found


class State(StrEnum):
    REQUIRED = "required"  # waiting for the unit's explanation and action
    SUBMITTED = "submitted"  # the unit answered; waiting for the PAR officer
    DONE = "done"  # the officer confirmed the action was carried out


class Event(StrEnum):
    SUBMIT = "submit"  # the unit
    CONFIRM = "confirm"  # the PAR officer
    RETURN = "return"  # the PAR officer, asking the unit for more


TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.REQUIRED, Event.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Event.CONFIRM): State.DONE,
    (State.SUBMITTED, Event.RETURN): State.REQUIRED,
}


def next_state(state: str, event: str) -> State:
    """The state after ``event``; ValueError when the event is not allowed in ``state``."""
    try:
        return TRANSITIONS[(State(state), Event(event))]
    except (KeyError, ValueError):
        raise ValueError(f"{event!r} is not allowed in state {state!r}") from None


def is_overdue(state: str, due: date | None, today: date) -> bool:
    """An open action whose own deadline (set by the unit) has passed."""
    return State(state) != State.DONE and due is not None and due < today
