"""Inspections of PAR work: the risk score of a unit, the sample a plan draws, the unannounced picks, and
the two figures the seed plan sets targets on (coverage per block, findings remedied within the year).

Sources:
- Seed 000 (KH 122/KH-UBND, Bình Định, 20/12/2021; DOMAIN §8): "kiểm tra cải cách hành chính đối với ít
  nhất 30% cơ quan hành chính cấp tỉnh …; ít nhất 30% đơn vị cấp xã; 100% vấn đề phát hiện qua kiểm tra
  cải cách hành chính phải được khắc phục ngay trong năm"; "tăng cường công tác kiểm tra đột xuất".
- DOMAIN §12.5 (Đồng Nai KH 26/KH-UBND 2025 and another 2025 plan [C R19, R20]): a planned list plus random
  unannounced inspections; content all or part of the 7 areas; on site or by report.
- DOMAIN §12.1: inspections work per block (sở/ban/ngành; xã/phường) [I].

No source says how a province picks the units to inspect: the risk score, its inputs, its weights and the
split between the riskiest units and a random part are [I] configuration, shown with every draw. A draw
is reproducible: the same inputs and the same seed give the same units (``draw_sample``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .i18n import N_

#: The share of a block's units a plan inspects: "ít nhất 30%" (seed 000, KH 122/KH-UBND) [C].
DEFAULT_SHARE = Decimal("0.30")
#: The share of the sample drawn at random rather than by risk [I]: a third, so that a unit with a good
#: record may still be inspected and the units know it.
DEFAULT_RANDOM_SHARE = Decimal("0.30")
#: Unannounced inspections added later in the year (seed 000: "tăng cường kiểm tra đột xuất") [I].
DEFAULT_UNANNOUNCED = 1
#: Beyond this many years since the last inspection the input counts as fully risky [I].
YEARS_CAP = 3


class RiskInput(StrEnum):
    """The inputs of the risk score (issue 14 item 1), in the order pages show them."""

    ONTIME_RATE = "ontime_rate"
    LATE_WITHOUT_APOLOGY = "late_without_apology"
    INTEGRITY_FLAGS = "integrity_flags"
    PAR_INDEX = "par_index"
    UNREMEDIED_FINDINGS = "unremedied_findings"
    YEARS_SINCE_INSPECTED = "years_since_inspected"


#: The weights of the inputs [I]: timeliness first (the seeds' main concern), then the apology and the
#: integrity checks, the PAR index, open findings, and the time since the last inspection.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    RiskInput.ONTIME_RATE: Decimal(25),
    RiskInput.LATE_WITHOUT_APOLOGY: Decimal(20),
    RiskInput.INTEGRITY_FLAGS: Decimal(15),
    RiskInput.PAR_INDEX: Decimal(15),
    RiskInput.UNREMEDIED_FINDINGS: Decimal(15),
    RiskInput.YEARS_SINCE_INSPECTED: Decimal(10),
}

INPUT_NAMES: dict[str, str] = {
    RiskInput.ONTIME_RATE: N_("Tỷ lệ hồ sơ giải quyết đúng hạn"),
    RiskInput.LATE_WITHOUT_APOLOGY: N_("Hồ sơ trễ hạn chưa có văn bản xin lỗi"),
    RiskInput.INTEGRITY_FLAGS: N_("Dấu hiệu bất thường (kiểm tra tính trung thực)"),
    RiskInput.PAR_INDEX: N_("Kết quả Chỉ số CCHC năm gần nhất"),
    RiskInput.UNREMEDIED_FINDINGS: N_("Tồn tại qua kiểm tra chưa khắc phục"),
    RiskInput.YEARS_SINCE_INSPECTED: N_("Số năm từ lần kiểm tra gần nhất"),
}

#: The seven PAR areas of the seed plans (DOMAIN §8; KH 122/KH-UBND, KH 4912/KH-UBND): the content an
#: inspection checks when its plan names no areas of its own (DOMAIN §12.5: "all or part of the 7 areas").
PAR_AREAS: tuple[tuple[str, str], ...] = (
    ("CDDH", N_("Công tác chỉ đạo, điều hành")),
    ("TC", N_("Cải cách thể chế")),
    ("TTHC", N_("Cải cách thủ tục hành chính")),
    ("TCBM", N_("Cải cách tổ chức bộ máy hành chính nhà nước")),
    ("CV", N_("Cải cách chế độ công vụ")),
    ("TCC", N_("Cải cách tài chính công")),
    ("CQS", N_("Xây dựng và phát triển chính quyền điện tử, chính quyền số")),
)

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class UnitInputs:
    """What is known of one unit when a plan is drawn. None = not available (no figure stored, or no PAR
    index result yet): the input then gets no weight for this unit, and the page says so. For
    ``years_since_inspected`` None means the unit was never inspected, which is the full risk."""

    unit_id: int
    ontime_rate: Decimal | None = None  # %, the last year's
    late_without_apology: int | None = None
    integrity_flags: int | None = None
    par_index: Decimal | None = None  # %, the last published result
    unremedied_findings: int | None = None
    years_since_inspected: int | None = None


@dataclass(frozen=True)
class Part:
    """One input of a unit's score: its value, the value normalised to a risk in [0, 1], its weight."""

    value: object
    risk: Decimal
    weight: Decimal


@dataclass(frozen=True)
class RiskScore:
    unit_id: int
    score: Decimal  # 0–100, the weighted mean of the available inputs' risks
    parts: dict[str, Part] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # the inputs not available for this unit (given no weight)


def check_weights(weights: Mapping[str, object]) -> dict[str, Decimal]:
    """The weights as Decimals, every input present (a missing one is 0). Raises ValueError naming the
    input for an unknown input or a negative value, and when no weight is positive. [I]"""
    out: dict[str, Decimal] = {}
    for key in weights:
        if key not in set(RiskInput):
            raise ValueError(f"unknown input {key!r}")
    for key in RiskInput:
        try:
            value = Decimal(str(weights.get(key, 0)))
        except ArithmeticError:
            raise ValueError(f"{key}: not a number") from None
        if not value.is_finite() or value < 0:
            raise ValueError(f"{key}: a weight is a number ≥ 0")
        out[key.value] = value
    if not any(out.values()):
        raise ValueError("at least one weight must be positive")
    return out


def _ratio(value: int | None, top: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value) / Decimal(top) if top > 0 else Decimal(0)


def normalised(unit: UnitInputs, block: Sequence[UnitInputs]) -> dict[str, Decimal | None]:
    """Each input as a risk in [0, 1] (1 = riskiest), None when not available [I]:

    - on-time rate and PAR index (in %): (100 − value) / 100;
    - counts (late without apology, integrity flags, unremedied findings): the unit's count over the
      largest count in the block (0 when nobody in the block has any);
    - years since the last inspection: min(years, 3) / 3; never inspected: 1.
    """
    def top(name: str) -> int:
        return max((getattr(u, name) or 0 for u in block), default=0)

    def pct(value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        return min(max((HUNDRED - Decimal(value)) / HUNDRED, Decimal(0)), Decimal(1))

    years = unit.years_since_inspected
    return {
        RiskInput.ONTIME_RATE: pct(unit.ontime_rate),
        RiskInput.LATE_WITHOUT_APOLOGY: _ratio(unit.late_without_apology, top("late_without_apology")),
        RiskInput.INTEGRITY_FLAGS: _ratio(unit.integrity_flags, top("integrity_flags")),
        RiskInput.PAR_INDEX: pct(unit.par_index),
        RiskInput.UNREMEDIED_FINDINGS: _ratio(unit.unremedied_findings, top("unremedied_findings")),
        RiskInput.YEARS_SINCE_INSPECTED: (Decimal(1) if years is None
                                          else Decimal(min(max(years, 0), YEARS_CAP)) / Decimal(YEARS_CAP)),
    }


def risk_scores(block: Sequence[UnitInputs], weights: Mapping[str, object] | None = None) -> list[RiskScore]:
    """The risk score of every unit of a block (0–100, rounded half up to 2 decimals): the weighted mean
    of its available inputs' risks (``normalised``); an input not available for a unit is left out of its
    mean, weight included, and listed in ``missing`` (issue 14: the PAR index result, absent until it is
    published, gets no weight). A unit with no input available scores 0.

    Source: none names a method [I]; the inputs are issue 14 item 1's, the weights ``DEFAULT_WEIGHTS``.
    """
    w = check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    out = []
    for unit in block:
        risks = normalised(unit, block)
        parts, missing = {}, []
        for key in RiskInput:
            risk = risks[key]
            if risk is None:
                missing.append(key.value)
                continue
            parts[key.value] = Part(getattr(unit, key.value), risk, w[key])
        total = sum((p.weight for p in parts.values()), Decimal(0))
        score = (sum((p.risk * p.weight for p in parts.values()), Decimal(0)) * HUNDRED / total) if total else Decimal(0)
        out.append(RiskScore(unit.unit_id, score.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), parts, tuple(missing)))
    return out


def sample_size(share: Decimal | float | str, units: int) -> int:
    """How many of ``units`` a plan inspects: ⌈share × units⌉, so the sample is "at least" the share
    (seed 000: "ít nhất 30%"): 30% of 14 agencies is 5, of 135 communes 41. Raises ValueError for a share
    outside (0, 1]."""
    share = Decimal(str(share))
    if not (Decimal(0) < share <= Decimal(1)):
        raise ValueError("the share is in (0, 1]")
    return math.ceil(share * units)


@dataclass(frozen=True)
class Pick:
    unit_id: int
    how: str  # "risk" or "random"
    score: Decimal


def draw_sample(scores: Sequence[RiskScore], *, share: Decimal | float | str = DEFAULT_SHARE,
                random_share: Decimal | float | str = DEFAULT_RANDOM_SHARE, seed: str) -> list[Pick]:
    """The units a plan inspects in one block: ``sample_size(share, len(scores))`` of them, the riskiest
    first (⌈size × (1 − random_share)⌉ by score, ties by the smaller unit id), the rest drawn at random
    among the others with ``random.Random(seed)`` over their ids in ascending order. The same scores and
    the same seed give the same units whatever the order of ``scores`` (the draw can be reproduced and
    checked). Source: seed 000 (≥ 30% per level); the split is [I] (``DEFAULT_RANDOM_SHARE``)."""
    random_share = Decimal(str(random_share))
    if not (Decimal(0) <= random_share <= Decimal(1)):
        raise ValueError("the random share is in [0, 1]")
    size = sample_size(share, len(scores))
    by_risk = math.ceil(size * (Decimal(1) - random_share))
    ranked = sorted(scores, key=lambda s: (-s.score, s.unit_id))
    picks = [Pick(s.unit_id, "risk", s.score) for s in ranked[:by_risk]]
    rest = sorted(ranked[by_risk:], key=lambda s: s.unit_id)
    drawn = random.Random(seed).sample(rest, min(size - by_risk, len(rest)))
    picks += [Pick(s.unit_id, "random", s.score) for s in sorted(drawn, key=lambda s: s.unit_id)]
    return picks


def unannounced_picks(candidates: Iterable[int], *, already: Iterable[int], count: int, seed: str) -> list[int]:
    """``count`` units for unannounced inspections, drawn at random with ``random.Random(seed)`` among
    ``candidates`` not in ``already`` (the units already in the plan or inspected), ascending ids first so
    that the draw is reproducible. Fewer when fewer remain. Source: seed 000 ("kiểm tra đột xuất"), DOMAIN
    §12.5 ("random unannounced inspections")."""
    if count < 0:
        raise ValueError("count ≥ 0")
    taken = set(already)
    pool = sorted(set(candidates) - taken)
    return sorted(random.Random(seed).sample(pool, min(count, len(pool))))


def coverage(inspected: Iterable[int], block: Iterable[int]) -> tuple[int, int]:
    """(inspected units of the block, units of the block): the numerator and denominator of the coverage
    rate (``inspection_coverage_rate``, cchc.core.kpis). A unit inspected twice counts once; a unit outside
    the block not at all. Source: seed 000, "kiểm tra … đối với ít nhất 30% cơ quan … / đơn vị cấp xã"."""
    units = set(block)
    return len(units & set(inspected)), len(units)


def remedied_within_year(findings: Iterable[tuple[date, date | None]], year: int,
                         until: date | None = None) -> tuple[int, int]:
    """(findings remedied within the year, findings of the year) for ``findings`` given as (found on, closed
    on or None). A finding of ``year`` (found by ``until``, 31/12 by default) counts as remedied when the
    inspector confirmed it closed by ``until`` and no later than 31/12 of that year: one closed in January
    of the next year was not remedied "ngay trong năm". Source: seed 000, "100% vấn đề phát hiện qua kiểm
    tra cải cách hành chính phải được khắc phục ngay trong năm"."""
    end = min(until or date(year, 12, 31), date(year, 12, 31))
    found = [(f, c) for f, c in findings if f.year == year and f <= end]
    return sum(1 for _f, c in found if c is not None and c <= end), len(found)
