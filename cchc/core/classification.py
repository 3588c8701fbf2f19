"""The yearly classification of agencies and units (F13): the proposed level, the caps on it, and why.

Sources (DOMAIN §6 and §11 Q7):

* **NĐ 90/2020/NĐ-CP** (in force 13/8/2020) [K]: four levels, Hoàn thành xuất sắc nhiệm vụ / Hoàn thành
  tốt nhiệm vụ / Hoàn thành nhiệm vụ / Không hoàn thành nhiệm vụ; "xuất sắc" at most 20% of those rated
  "hoàn thành tốt".
* **NĐ 48/2023/NĐ-CP** amending it (in force 15/9/2023) [C A12]: the share rated "xuất sắc" may not exceed
  the share of Party members rated "xuất sắc" under the Party's rules. CCHC holds no Party ratings, so
  that cap **cannot be computed and is not enforced**: the proposal shows it as a note.
* **NĐ 335/2025/NĐ-CP** (in force 1/1/2026) [C A11]: "xuất sắc" at most 20% of those rated "hoàn thành
  tốt" in the same agency and task group; the bands 90 / 70 / 50 points are the công chức bands (the
  agency-level criteria were not seen).
* **Seed 003** (Bình Định QĐ 4510/QĐ-UBND, 29/12/2022, the 2023 PAR plan): a unit reminded (nhắc nhở,
  chấn chỉnh) about late dossiers in one year that keeps being late "nhiều lần" the next is not rated
  "hoàn thành tốt nhiệm vụ". How many times and how late are not in the text: configuration [I].
* **DOMAIN §6** [I]: ``late_count ≥ N or apology_count ≥ M ⇒ at most "Hoàn thành nhiệm vụ"``, a province's
  option (off by default).

What is inference [I] and configurable (``Config``):

* the version in force for a year is the one in force on its last day (31/12), when the rating is made;
* the proposal's score is the weighted mean of the inputs that have a value, each on 0–100: the 766 score
  (points as a share of the points of the indicators with data), the on-time rate (766 indicator 2.1), the
  share of plan tasks done by their deadline and the unit's published PAR index result (%). Default
  weights 1 each; an input without a value carries no weight (never an invented value);
* bands on that score: ≥ 90 xuất sắc, ≥ 70 tốt, ≥ 50 hoàn thành, below that không hoàn thành (NĐ 335's
  công chức bands, borrowed for units);
* "20% of those rated tốt" is read as 20% of the units rated tốt or better (rounded down): demoting a
  "xuất sắc" to "tốt" then leaves the base unchanged, so the cap is applied in one pass; the units demoted
  first are those with the lowest score (then the later in name order);
* open inspection findings at the year's end ⇒ at most "Hoàn thành tốt nhiệm vụ" (seed 000: remedy every
  finding within the year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from .i18n import N_


class Level(StrEnum):
    """The four levels of NĐ 90/2020 (unchanged by 48/2023 and 335/2025), best first."""

    EXCELLENT = "excellent"
    GOOD = "good"
    DONE = "done"
    NOT_DONE = "not_done"


#: Vietnamese names (translated at the edge: cchc.classification.choices).
LEVEL_NAMES: dict[Level, str] = {
    Level.EXCELLENT: N_("Hoàn thành xuất sắc nhiệm vụ"),
    Level.GOOD: N_("Hoàn thành tốt nhiệm vụ"),
    Level.DONE: N_("Hoàn thành nhiệm vụ"),
    Level.NOT_DONE: N_("Không hoàn thành nhiệm vụ"),
}
_RANK = {Level.EXCELLENT: 3, Level.GOOD: 2, Level.DONE: 1, Level.NOT_DONE: 0}


def at_most(level: Level, cap: Level) -> Level:
    """The lower of ``level`` and ``cap`` (a cap never raises a level)."""
    return level if _RANK[level] <= _RANK[cap] else cap


def rank(level: Level) -> int:
    return _RANK[level]


@dataclass(frozen=True)
class RuleVersion:
    code: str
    name: str
    basis: str
    valid_from: date
    valid_to: date | None
    top_share: Decimal | None  # "xuất sắc" at most this % of those rated tốt or better; None: no cap
    notes: tuple[str, ...] = ()  # caps of the text CCHC cannot compute (shown, not enforced)


PARTY_SHARE_NOTE = N_("NĐ 48/2023: tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» không vượt tỷ lệ đảng viên được xếp loại "
                      "xuất sắc theo quy định của Đảng. CCHC không có dữ liệu xếp loại đảng viên nên không tính, "
                      "không áp dụng tự động; Hội đồng thi đua kiểm tra.")

VERSIONS: tuple[RuleVersion, ...] = (
    RuleVersion("nd90", N_("NĐ 90/2020/NĐ-CP"), "NĐ 90/2020/NĐ-CP (13/8/2020)", date(2020, 8, 13), date(2023, 9, 14),
                Decimal(20)),
    RuleVersion("nd90_48", N_("NĐ 90/2020/NĐ-CP, sửa đổi bởi NĐ 48/2023/NĐ-CP"),
                "NĐ 90/2020/NĐ-CP; NĐ 48/2023/NĐ-CP (hiệu lực 15/9/2023)", date(2023, 9, 15), date(2025, 12, 31),
                Decimal(20), (PARTY_SHARE_NOTE,)),
    RuleVersion("nd335", N_("NĐ 335/2025/NĐ-CP"), "NĐ 335/2025/NĐ-CP (hiệu lực 1/1/2026)", date(2026, 1, 1), None,
                Decimal(20)),
)


def version_on(day: date) -> RuleVersion:
    """The rule version in force on ``day`` (DOMAIN §11 Q7). Raises ValueError before NĐ 90/2020."""
    for version in VERSIONS:
        if version.valid_from <= day and (version.valid_to is None or day <= version.valid_to):
            return version
    raise ValueError(f"no classification rule before {VERSIONS[0].valid_from.isoformat()}: {day.isoformat()}")


def version_for_year(year: int) -> RuleVersion:
    """The version a year's rating follows: the one in force on 31/12 of the year [I] (the rating is made
    at the year's end). 2023 → 90 + 48/2023; 2025 → 90 + 48/2023; 2026 → 335/2025."""
    return version_on(date(year, 12, 31))


@dataclass(frozen=True)
class Findings:
    """Inspection findings of the unit for the year (cchc.inspections' FindingsSummary, copied)."""

    inspected: bool
    found: int
    remedied_in_year: int
    open: int


@dataclass(frozen=True)
class Inputs:
    """Everything a unit's proposal reads, each None when not available (then it has no weight)."""

    score766: Decimal | None = None  # % of the points of the indicators with data (766 total share)
    points766: Decimal | None = None  # the 766 points themselves (shown; the share is what is weighed)
    ontime_rate: Decimal | None = None  # %
    task_completion: Decimal | None = None  # % of assigned plan tasks done by their deadline
    tasks_assigned: int = 0
    par_index: Decimal | None = None  # % (None: no published PAR index result of the year or before)
    late_count: int | None = None  # late dossiers in the year (finished late + pending overdue at year end)
    apology_count: int | None = None  # late dossiers with an apology in the year
    integrity_flags: int | None = None  # dossiers flagged by the integrity rules in the year
    findings: Findings | None = None  # None: no inspection data for the unit


@dataclass(frozen=True)
class RepeatLateRule:
    """Seed 003's cap, its thresholds configuration [I].

    A reminder about late dossiers dated in year N−1 (and, with ``same_year``, earlier in year N) counts;
    the unit is "late again repeatedly" in year N when, over the months of year N after the reminder's
    month, it finished at least ``min_late`` dossiers late **and** their share of the dossiers it finished
    in those months is above ``min_share`` % (None: no share condition). Defaults [I]: 3 dossiers ("nhiều
    lần": more than twice) and 5% (the share above which the scoreboard's early warning flags a period)."""

    enabled: bool = True
    min_late: int = 3
    min_share: Decimal | None = Decimal(5)
    same_year: bool = False


@dataclass(frozen=True)
class LateCountRule:
    """DOMAIN §6's configurable cap [I]: late_count ≥ ``max_late`` or apology_count ≥ ``max_apologies`` in
    the year ⇒ at most "Hoàn thành nhiệm vụ". Off by default (the province turns it on); None disables a
    half of it."""

    enabled: bool = False
    max_late: int | None = 20
    max_apologies: int | None = 20


DEFAULT_WEIGHTS: Mapping[str, Decimal] = {"score766": Decimal(1), "ontime_rate": Decimal(1),
                                          "task_completion": Decimal(1), "par_index": Decimal(1)}
DEFAULT_BANDS: tuple[tuple[Decimal, Level], ...] = ((Decimal(90), Level.EXCELLENT), (Decimal(70), Level.GOOD),
                                                    (Decimal(50), Level.DONE))


@dataclass(frozen=True)
class Config:
    weights: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    bands: tuple[tuple[Decimal, Level], ...] = DEFAULT_BANDS
    repeat_late: RepeatLateRule = RepeatLateRule()
    late_count: LateCountRule = LateCountRule()
    open_findings_cap: Level | None = Level.GOOD


@dataclass(frozen=True)
class Cap:
    """A cap that applied: its code, the level it allows at most, and why (a message id and parameters,
    rendered in the reader's language by cchc.core.i18n.render)."""

    code: str
    at_most: Level
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        return {"code": self.code, "at_most": self.at_most.value, "message": self.reason, "params": dict(self.params)}


@dataclass(frozen=True)
class Proposal:
    score: Decimal | None
    base: Level | None  # the level the score's band gives (None: no input has a value)
    level: Level | None  # after the caps
    caps: tuple[Cap, ...]


TWO = Decimal("0.01")


def score_of(inputs: Inputs, weights: Mapping[str, Decimal] = DEFAULT_WEIGHTS) -> Decimal | None:
    """The weighted mean of the inputs that have a value (0–100, 2 decimals); None when none has one.

    >>> score_of(Inputs(score766=Decimal(80), ontime_rate=Decimal(100), task_completion=None))
    Decimal('90.00')
    """
    parts = [(Decimal(value), Decimal(weights.get(name, 0))) for name in ("score766", "ontime_rate",
                                                                           "task_completion", "par_index")
             if (value := getattr(inputs, name)) is not None]
    total = sum((w for _v, w in parts), Decimal(0))
    if not parts or total <= 0:
        return None
    return (sum((v * w for v, w in parts), Decimal(0)) / total).quantize(TWO, rounding=ROUND_HALF_UP)


def band_of(score: Decimal, bands: Sequence[tuple[Decimal, Level]] = DEFAULT_BANDS) -> Level:
    for floor, level in bands:
        if score >= floor:
            return level
    return Level.NOT_DONE


@dataclass(frozen=True)
class Reminder:
    """A recorded reminder (nhắc nhở, chấn chỉnh): its date and whether it was about late dossiers."""

    on: date
    about_late: bool = True


def _month_after(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def repeat_late_cap(year: int, reminders: Sequence[Reminder], monthly: Mapping[date, tuple[int, int]],
                    rule: RepeatLateRule = RepeatLateRule()) -> Cap | None:
    """Seed 003 (QĐ 4510/QĐ-UBND Bình Định): reminded about late dossiers, late again repeatedly the next
    year ⇒ at most "Hoàn thành nhiệm vụ" (below "hoàn thành tốt").

    ``monthly`` maps each month's first day to (late, finished) for the unit (stored monthly figures); the
    months counted are those of ``year`` after the reminder's month. The earliest qualifying reminder that
    triggers the cap is the one named in the reason."""
    if not rule.enabled:
        return None
    for reminder in sorted(reminders, key=lambda r: r.on):
        if not reminder.about_late:
            continue
        if not (reminder.on.year == year - 1 or (rule.same_year and reminder.on.year == year)):
            continue
        first = max(date(year, 1, 1), _month_after(reminder.on))
        months = [m for m in monthly if m.year == year and m >= first]
        late = sum(monthly[m][0] for m in months)
        finished = sum(monthly[m][1] for m in months)
        share = (Decimal(late) * 100 / finished).quantize(TWO, rounding=ROUND_HALF_UP) if finished else None
        if late < rule.min_late:
            continue
        if rule.min_share is not None and (share is None or share <= rule.min_share):
            continue
        return Cap("seed003", Level.DONE, N_(
            "Đã bị nhắc nhở, chấn chỉnh về hồ sơ trễ hạn ngày {reminded}; từ tháng {since} tiếp tục "
            "trễ hạn {late} hồ sơ trên {finished} hồ sơ kết thúc ({share}%), vượt ngưỡng {min_late} hồ sơ và "
            "{min_share}%: không xếp loại «Hoàn thành tốt nhiệm vụ» (QĐ 4510/QĐ-UBND Bình Định, quy tắc tỉnh)."),
            {"reminded": reminder.on.strftime("%d/%m/%Y"), "since": f"{first.month:02d}/{first.year}", "year": year,
             "late": late, "finished": finished, "share": str(share), "min_late": rule.min_late,
             "min_share": str(rule.min_share if rule.min_share is not None else 0)})
    return None


def late_count_cap(inputs: Inputs, rule: LateCountRule) -> Cap | None:
    """DOMAIN §6 [I]: late_count ≥ N or apology_count ≥ M in the year ⇒ at most "Hoàn thành nhiệm vụ"."""
    if not rule.enabled:
        return None
    late_hit = rule.max_late is not None and inputs.late_count is not None and inputs.late_count >= rule.max_late
    apology_hit = (rule.max_apologies is not None and inputs.apology_count is not None
                   and inputs.apology_count >= rule.max_apologies)
    if not (late_hit or apology_hit):
        return None
    return Cap("late_count", Level.DONE, N_(
        "Trong năm có {late} hồ sơ trễ hạn (ngưỡng {max_late}) và {apologies} văn bản xin lỗi (ngưỡng "
        "{max_apologies}): tối đa «Hoàn thành nhiệm vụ» (quy tắc tỉnh cấu hình)."),
        {"late": inputs.late_count if inputs.late_count is not None else "—",
         "max_late": rule.max_late if rule.max_late is not None else "—",
         "apologies": inputs.apology_count if inputs.apology_count is not None else "—",
         "max_apologies": rule.max_apologies if rule.max_apologies is not None else "—"})


def findings_cap(inputs: Inputs, cap: Level | None) -> Cap | None:
    """Seed 000 (remedy 100% of findings within the year) [I as a cap]: findings still open at the year's
    end ⇒ at most ``cap`` (default "Hoàn thành tốt nhiệm vụ")."""
    if cap is None or inputs.findings is None or inputs.findings.open <= 0:
        return None
    return Cap("findings", cap, N_("Còn {open} kiến nghị kiểm tra chưa khắc phục xong trong năm (trên {found} phát "
                                   "hiện): tối đa «{level}»."),
               {"open": inputs.findings.open, "found": inputs.findings.found,
                "level": {"message": LEVEL_NAMES[cap], "params": {}}})


def propose(year: int, inputs: Inputs, reminders: Sequence[Reminder] = (),
            monthly: Mapping[date, tuple[int, int]] | None = None, config: Config = Config()) -> Proposal:
    """One unit's proposed level for ``year``: the band of its score, then every cap that applies (each
    with its reason). The share cap across units is :func:`apply_top_share`."""
    score = score_of(inputs, config.weights)
    base = band_of(score, config.bands) if score is not None else None
    caps = [c for c in (repeat_late_cap(year, reminders, monthly or {}, config.repeat_late),
                        late_count_cap(inputs, config.late_count),
                        findings_cap(inputs, config.open_findings_cap)) if c is not None]
    level = base
    if level is not None:
        for cap in caps:
            level = at_most(level, cap.at_most)
    return Proposal(score, base, level, tuple(caps))


@dataclass(frozen=True)
class Ranked:
    """A unit's proposal in a group (block) for the share cap: its key (id), name, score and level."""

    key: int
    name: str
    score: Decimal | None
    level: Level | None


def allowed_top(version: RuleVersion, rated_good_or_better: int) -> int | None:
    """How many "xuất sắc" the version allows among ``rated_good_or_better`` units (None: no cap)."""
    if version.top_share is None:
        return None
    return int((Decimal(rated_good_or_better) * version.top_share / 100).to_integral_value(rounding=ROUND_FLOOR))


def apply_top_share(version: RuleVersion, proposals: Sequence[Ranked]) -> dict[int, Cap]:
    """The share cap of ``version`` across one group: the units to demote from "xuất sắc" to "tốt", each
    with its reason. Those with the lowest score go first (then the later in name order)."""
    good = [p for p in proposals if p.level in (Level.EXCELLENT, Level.GOOD)]
    top = [p for p in good if p.level == Level.EXCELLENT]
    allowed = allowed_top(version, len(good))
    if allowed is None or len(top) <= allowed:
        return {}
    by_name_desc = sorted(top, key=lambda p: p.name, reverse=True)  # among equal scores the later name goes first
    demoted = sorted(by_name_desc, key=lambda p: p.score if p.score is not None else Decimal(-1))[: len(top) - allowed]
    return {p.key: Cap("top_share", Level.GOOD, N_(
        "Tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» tối đa bằng {share}% tổng số đơn vị xếp loại «Hoàn thành tốt» trở lên "
        "({good} đơn vị → tối đa {allowed}; đề xuất {proposed}); điểm {score} thấp hơn nên hạ một mức ({basis})."),
        {"share": str(version.top_share), "good": len(good), "allowed": allowed, "proposed": len(top),
         "score": str(p.score) if p.score is not None else "—",
         "basis": {"message": version.name, "params": {}}}) for p in demoted}
