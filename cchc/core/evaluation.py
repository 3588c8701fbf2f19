"""Target evaluation: is a unit meeting a plan target, and where will it end the year?

Source: the seed plans' targets (DOMAIN §8: "phấn đấu đạt tối thiểu tương ứng 50%, 40%, 35%…",
"tối đa 30 phút", "đạt tối thiểu 85%") and PRODUCT F7 (met / at risk / missed with a year-end
projection). This module is the one place the verdict is decided: the plan and target pages, the dashboard,
the units' and the province's reports (pages, DOCX, XLSX), the API and the detection of corrective actions
all reach it through cchc.plans.evaluation.

A target is a year's target. It is judged on the year-to-date figure ending with a reporting period (Q1,
6 months, 9 months, the year), and two questions are told apart:

* **Are the figures settled?** Only once the period has ended and the settling delay has passed
  (``is_final``, configuration [I], default 15 days) can no late-arriving dossier change them. Until then
  the evaluation is provisional ("tạm tính") and every surface says so with its as-of date.
* **Is the year over?** With the year's figures settled, a target is met or missed on its value, nothing in
  between. Before that (an earlier period, or the year not yet settled) the verdict is on the year-end
  projection, and "at risk" warns of a projection just on the wrong side of the threshold.

The margin that makes a value "at risk" is configuration [I], default 5 points (of the target's unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from .targets import satisfies

DEFAULT_MARGIN = Decimal(5)
#: Days after a period's end during which its figures stay provisional: dossiers decided on the last days
#: reach CCHC by the one-stop systems' daily sync or a unit's export, and a unit's report is due about
#: two weeks after the period (DOMAIN §8, "định kỳ hằng quý"). Configuration [I], CCHC_SETTLING_DAYS.
DEFAULT_SETTLING_DAYS = 15


class Verdict(StrEnum):
    MET = "met"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Evaluation:
    verdict: Verdict
    value: Decimal | None
    projection: Decimal | None
    threshold: Decimal
    provisional: bool = False  # True while the figures are not settled (the verdict is "tạm tính")


def elapsed_share(year: int, on: date) -> Decimal:
    """The share of ``year`` elapsed at the end of ``on`` (days counted inclusively; 1 from 31 December,
    a tiny positive share before 1 January): what a count is projected to the year's end by. A quarter of
    a common year is 90/365. The only copy of this rule (the plan page, the reports and corrective
    detection all use it)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if on >= end:
        return Decimal(1)
    if on < start:
        return Decimal("0.0001")
    return Decimal((on - start).days + 1) / Decimal((end - start).days + 1)


def is_final(period_end: date, today: date, *, settling_days: int = DEFAULT_SETTLING_DAYS) -> bool:
    """Whether a period's figures are settled on ``today``: the period ended more than ``settling_days``
    before (late-arriving dossiers counted). Until then every surface shows them as provisional."""
    return today > period_end + timedelta(days=max(0, settling_days))


def project(value: Decimal, *, is_rate: bool, elapsed: Decimal) -> Decimal:
    """Year-end projection. A rate is its year-to-date value (it does not grow with time); a count grows
    in proportion to the share of the year elapsed (``elapsed`` in (0, 1])."""
    if is_rate or elapsed >= 1:
        return value
    if elapsed <= 0:
        raise ValueError("elapsed must be > 0")
    return (value / elapsed).quantize(Decimal("0.01"))


def evaluate(value: Decimal | float | None, comparator: str, threshold: Decimal | float, *, is_rate: bool = True,
             elapsed: Decimal | float = Decimal(1), settled: bool = True,
             margin: Decimal | float = DEFAULT_MARGIN) -> Evaluation:
    """Met, at risk or missed for one unit, on the year-to-date ``value`` at ``elapsed`` of the year.

    - the year over and its figures settled (``elapsed`` ≥ 1 and ``settled``): met or missed on the value.
    - otherwise the year-end projection (``project``) decides:
      * projection on the right side of the threshold → **met**. Being near the threshold from the good side
        is not a risk: against "≥ 95%" a value of 96% is met, not at risk. (The earlier rule put anything
        within ``margin`` of the threshold, either side, at risk, so against ≥ 95% nothing below 100% could
        be met: issue 9.)
      * projection on the wrong side, but the value itself still on the right side (a count that will
        cross, e.g. 6 late dossiers of at most 10 by mid-year) → **at risk**;
      * projection on the wrong side by at most ``margin`` → **at risk** (within reach);
      * projection on the wrong side by more than ``margin`` → **missed**.
    ``provisional`` is true while the figures are not ``settled``. Missing data is "no data", never a miss.
    """
    threshold = Decimal(str(threshold))
    elapsed = Decimal(str(elapsed))
    provisional = not settled
    if value is None:
        return Evaluation(Verdict.NO_DATA, None, None, threshold, provisional)
    value = Decimal(str(value))
    margin = Decimal(str(margin))
    if elapsed >= 1 and settled:
        ok = satisfies(value, comparator, threshold)
        return Evaluation(Verdict.MET if ok else Verdict.MISSED, value, value, threshold, provisional)
    projection = project(value, is_rate=is_rate, elapsed=elapsed)
    if satisfies(projection, comparator, threshold):
        verdict = Verdict.MET
    elif satisfies(value, comparator, threshold) or abs(projection - threshold) <= margin:
        verdict = Verdict.AT_RISK
    else:
        verdict = Verdict.MISSED
    return Evaluation(verdict, value, projection, threshold, provisional)


def repeatedly_late(late_shares: list[Decimal | None], *, threshold: Decimal = Decimal(5), times: int = 2) -> bool:
    """An early warning: a unit's late share (%) above ``threshold`` in ``times`` consecutive periods of
    ``late_shares`` (oldest first; None = no dossiers, which breaks a run). Shown on the 766 ranking page as
    "trễ hạn lặp lại (cảnh báo sớm)".

    Not the seed's rule. Seed 003 (QĐ 4510/QĐ-UBND Bình Định, 29/12/2022) caps below "hoàn thành tốt nhiệm
    vụ" a unit **reminded** about late dossiers in one year that is late again repeatedly the next: a
    recorded reminder and lateness after it, applied by the yearly classification
    (cchc.core.classification.repeat_late_cap). This warning needs no reminder and looks at any periods;
    its threshold and number of periods are CCHC's own choice [I], defaults 5% in 2 consecutive periods.
    """
    run = 0
    for share in late_shares:
        run = run + 1 if share is not None and share > threshold else 0
        if run >= times:
            return True
    return False
