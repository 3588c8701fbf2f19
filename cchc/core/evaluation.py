"""Target evaluation: is a unit meeting a plan target, and where will it end the year?

Source: the seed plans' targets (DOMAIN §8: "phấn đấu đạt tối thiểu tương ứng 50%, 40%, 35%…",
"tối đa 30 phút", "đạt tối thiểu 85%") and PRODUCT F7 (met / at risk / missed with a year-end
projection). The margin that makes a value "at risk" is configuration [I], default 5 points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .targets import satisfies

DEFAULT_MARGIN = Decimal(5)


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


def project(value: Decimal, *, is_rate: bool, elapsed: Decimal) -> Decimal:
    """Year-end projection. A rate is its year-to-date value (it does not grow with time); a count grows
    in proportion to the share of the year elapsed (``elapsed`` in (0, 1])."""
    if is_rate or elapsed >= 1:
        return value
    if elapsed <= 0:
        raise ValueError("elapsed must be > 0")
    return (value / elapsed).quantize(Decimal("0.01"))


def evaluate(value: Decimal | float | None, comparator: str, threshold: Decimal | float, *, is_rate: bool = True,
             elapsed: Decimal | float = Decimal(1), margin: Decimal | float = DEFAULT_MARGIN) -> Evaluation:
    """Met, at risk or missed for one unit.

    With the year over (``elapsed`` = 1) a target is met or missed, nothing in between. During the year the
    projection is compared: clearly on the right side (by more than ``margin``) is met, clearly on the
    wrong side is missed, and within ``margin`` of the threshold, either side, is at risk. Missing data is
    "no data", never a miss.
    """
    threshold = Decimal(str(threshold))
    if value is None:
        return Evaluation(Verdict.NO_DATA, None, None, threshold)
    value = Decimal(str(value))
    elapsed = Decimal(str(elapsed))
    margin = Decimal(str(margin))
    projection = project(value, is_rate=is_rate, elapsed=elapsed)
    ok = satisfies(projection, comparator, threshold)
    if elapsed >= 1:
        return Evaluation(Verdict.MET if ok else Verdict.MISSED, value, projection, threshold)
    if abs(projection - threshold) <= margin:
        return Evaluation(Verdict.AT_RISK, value, projection, threshold)
    return Evaluation(Verdict.MET if ok else Verdict.MISSED, value, projection, threshold)


def repeatedly_late(late_shares: list[Decimal | None], *, threshold: Decimal = Decimal(5), times: int = 2) -> bool:
    """Whether a unit was late "nhiều lần": its late share (%) above ``threshold`` in ``times`` consecutive
    periods of ``late_shares`` (oldest first; None = no dossiers, which breaks a run).

    Source: QĐ 4510/QĐ-UBND (Bình Định 2023, seed 003): units "tái phạm việc giải quyết hồ sơ thủ tục
    hành chính trễ hẹn nhiều lần" are not rated "hoàn thành tốt nhiệm vụ". The threshold and the number of
    periods are not in the text: configuration [I], defaults 5% in 2 consecutive periods.
    """
    run = 0
    for share in late_shares:
        run = run + 1 if share is not None and share > threshold else 0
        if run >= times:
            return True
    return False
