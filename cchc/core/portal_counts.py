"""Counts another system holds for the 766 indicators CCHC does not compute from dossiers: the rules of a
stored figure (which indicators, how a period is written, what a numerator and denominator may be).

Sources:
- QĐ 766/QĐ-TTg as the DVCQG portal computes it (DOMAIN S1; the portal's published answers kept in the
  public snapshots of GitHub ``duynghiaqn/Crawler-766``, ``data/gia_lai/*_detail_*.json``): each of these
  indicators is a numerator over a denominator (``componentIndicators[*].metrics[*]``), the metric codes
  mapped to ours in ``score766.PORTAL_METRICS``.
- 1.4's denominator is ``score766.sync_denominator`` (max of the two received counts, or last year's
  average when both are 0).
- 5.3 (electronic certified copies): the portal publishes ``numerator: null, denominator: null`` with full
  points for the units it does not measure (every agency and commune of Gia Lai on 10/10/2026), so both
  empty is accepted for 5.3 only and scores as the portal does (score766's ``if_empty`` of 5.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .i18n import N_
from .parsing import parse_date
from .score766 import PORTAL_METRICS, sync_denominator

#: The indicators whose counts are taken in (the others come from dossiers, publications or petitions).
ACCEPTED: tuple[str, ...] = ("1.4", "4.1", "4.2", "5.3", "5.5", "5.6", "5.7")
#: Only 5.3 may be given without counts (the portal's null/null, full points).
MAY_BE_EMPTY = frozenset({"5.3"})
#: Periods a figure is stored for (the scoreboard's kinds).
KINDS = ("month", "quarter", "year")
#: The largest count taken in (a province's dossiers in a year are some millions; a database integer ends at
#: 2^63 − 1): a larger number is a mistake, refused rather than overflowing the database.
MAX_COUNT = 10**12
#: Periods per year, for 1.4's fallback denominator (sync_denominator's ``periods_per_year``).
PER_YEAR = {"month": 12, "quarter": 4, "year": 1}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_YEAR = r"(\d{4})"
_PATTERNS = (
    ("year", re.compile(rf"^(?:năm\s*)?{_YEAR}$")),
    ("quarter", re.compile(rf"^(?:q|quý)\s*([1-4]|i{{1,3}}|iv)\s*[/\-.]\s*{_YEAR}$")),
    ("quarter", re.compile(rf"^{_YEAR}\s*-?\s*q([1-4])$")),
    ("month", re.compile(rf"^(?:tháng\s*)?(\d{{1,2}})\s*[/\-.]\s*{_YEAR}$")),
    ("month", re.compile(rf"^{_YEAR}-(\d{{2}})$")),
)


def indicator_code(text: str) -> str | None:
    """Our indicator code for ``text``: one of ``ACCEPTED`` ("1.4") or the portal's metric code of one
    ("DOSSIER_SYNC", any case); None for anything else.

    Source: score766.PORTAL_METRICS (the portal's ``metrics[*].code``, DOMAIN S1 and the snapshots)."""
    text = str(text or "").strip()
    code = text if text in ACCEPTED else PORTAL_METRICS.get(text.upper())
    return code if code in ACCEPTED else None


def _check_start(kind: str, start: date) -> date:
    if kind == "month" and start.day == 1:
        return start
    if kind == "quarter" and start.day == 1 and start.month in (1, 4, 7, 10):
        return start
    if kind == "year" and (start.month, start.day) == (1, 1):
        return start
    raise ValueError(f"{start.isoformat()} does not start a {kind}")


def parse_period(text: str, kind: str = "") -> tuple[str, date]:
    """(kind, first day) of a period written "2026" / "Năm 2026" (a year), "Q3/2026" / "Quý III/2026" /
    "2026-Q3" (a quarter), "10/2026" / "Tháng 10/2026" / "2026-10" (a month), or a first day
    (yyyy-mm-dd or dd/mm/yyyy) with ``kind`` given. A ``kind`` given with a written period must agree
    with it. Raises ValueError otherwise.

    Source: the scoreboard's periods (cchc.core.kpis.periods_of: calendar months, quarters, years) and the
    way Vietnamese reports name them (cchc.core.kpis.period_label)."""
    raw = " ".join(str(text or "").split()).lower()
    kind = (kind or "").strip().lower()
    if kind and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    for found_kind, pattern in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        if found_kind == "year":
            start = date(int(match.group(1)), 1, 1)
        elif found_kind == "quarter":
            part, year = match.groups() if pattern is _PATTERNS[1][1] else match.groups()[::-1]
            quarter = int(part) if part.isdigit() else _ROMAN[part.upper()]
            start = date(int(year), 3 * quarter - 2, 1)
        else:
            month, year = match.groups() if pattern is _PATTERNS[3][1] else match.groups()[::-1]
            if not 1 <= int(month) <= 12:
                raise ValueError(text)
            start = date(int(year), int(month), 1)
        if kind and kind != found_kind:
            raise ValueError(f"{text!r} is a {found_kind}, not a {kind}")
        return found_kind, start
    if not kind:
        raise ValueError(text)
    return kind, _check_start(kind, parse_date(raw))


@dataclass(frozen=True)
class Counts:
    """A figure as given: ``received_*`` and ``last_year_total`` only for 1.4 (its denominator)."""

    numerator: int | None
    denominator: int | None
    received_national: int | None = None
    received_dvcqg: int | None = None
    last_year_total: int | None = None


def denominator_of(code: str, kind: str, counts: Counts) -> Decimal | None:
    """The denominator a figure is scored with: for 1.4 with both received counts given,
    ``sync_denominator`` (max of the two; last year's total ÷ periods a year when both are 0); otherwise the
    denominator given.

    Source: DOMAIN S1, indicator 1.4 (score766.sync_denominator)."""
    if code == "1.4" and counts.received_national is not None and counts.received_dvcqg is not None:
        return sync_denominator(counts.received_national, counts.received_dvcqg, counts.last_year_total,
                                PER_YEAR[kind])
    return None if counts.denominator is None else Decimal(counts.denominator)


def problems(code: str, kind: str, counts: Counts) -> list[tuple[str, str]]:
    """What is wrong with a figure, as (field, message id) pairs; empty when it may be stored.

    Rules: every count is a whole number from 0 to ``MAX_COUNT``; numerator and denominator are both given (5.3 may leave both
    empty: the portal's null/null); the numerator is at most the denominator (1.4: at most the larger
    received count, the portal's rate tops at 100%); for 1.4 a denominator given beside the two received
    counts equals their ``sync_denominator``, and one received count without the other is refused.

    Source: QĐ 766 rates are shares (DOMAIN §1.1: numerator / denominator × 100); score766.points refuses
    negative counts; 1.4's denominator: DOMAIN S1 (score766.sync_denominator)."""
    found: list[tuple[str, str]] = []
    fields = {"numerator": counts.numerator, "denominator": counts.denominator,
              "received_national": counts.received_national, "received_dvcqg": counts.received_dvcqg,
              "last_year_total": counts.last_year_total}
    for name, value in fields.items():
        if value is not None and value < 0:
            found.append((name, N_("Số đếm không được âm.")))
        elif value is not None and value > MAX_COUNT:
            found.append((name, N_("Số đếm quá lớn (tối đa 1.000.000.000.000).")))
    if found:
        return found
    extras = [n for n in ("received_national", "received_dvcqg", "last_year_total") if fields[n] is not None]
    if code != "1.4" and extras:
        return [(extras[0], N_("Chỉ chỉ số 1.4 có số hồ sơ tiếp nhận và tổng năm trước."))]
    if code == "1.4" and (counts.received_national is None) != (counts.received_dvcqg is None):
        missing = "received_national" if counts.received_national is None else "received_dvcqg"
        return [(missing, N_("Chỉ số 1.4 cần cả hai số hồ sơ tiếp nhận (theo Hệ thống báo cáo quốc gia và theo "
                             "Cổng DVCQG), hoặc không số nào."))]
    computed = denominator_of(code, kind, counts)
    if counts.numerator is None and computed is None:
        if code in MAY_BE_EMPTY:
            return []
        return [("numerator", N_("Thiếu tử số và mẫu số."))]
    if counts.numerator is None:
        return [("numerator", N_("Thiếu tử số."))]
    if computed is None:
        return [("denominator", N_("Thiếu mẫu số."))]
    if code == "1.4" and counts.denominator is not None and counts.received_national is not None \
            and Decimal(counts.denominator) != computed:
        return [("denominator", N_("Mẫu số của chỉ số 1.4 phải bằng số lớn hơn trong hai số hồ sơ tiếp nhận."))]
    ceiling = computed
    if code == "1.4" and counts.received_national is not None:
        ceiling = Decimal(max(counts.received_national, counts.received_dvcqg or 0)) or computed
    if counts.numerator > ceiling:
        return [("numerator", N_("Tử số lớn hơn mẫu số."))]
    return []


# --- The province's own figure: the roll-up of its units' counts [I] ----------------------------------


def counted_units(with_record: Iterable[int], parents: Mapping[int, int | None], top: int) -> set[int]:
    """Of the units ``with_record`` (a figure for the indicator and period) below ``top``, those whose
    counts the roll-up sums: each unit none of whose ancestors below ``top`` has a figure itself, so a
    district's figure and its communes' are not added together (a unit's own figure is taken to count
    "chính nó và đơn vị cấp con", as a unit's dossier figures do, DOMAIN §1.1 S1). A unit not below ``top``
    (``parents``: unit → parent, None at the root) is left out; ``top`` itself too.

    Worked by hand (the test province: Sở Nội vụ and Huyện Phù Mỹ under the province, Xã Mỹ Đức and Xã Mỹ
    Lộc under Huyện Phù Mỹ): figures of Sở Nội vụ, Huyện Phù Mỹ and Xã Mỹ Đức → Sở Nội vụ and Huyện Phù Mỹ
    (Xã Mỹ Đức is counted in its district's); figures of Xã Mỹ Đức and Xã Mỹ Lộc → both."""
    marked = set(with_record)
    counted: set[int] = set()
    for unit in marked:
        node, below_top, shadowed = parents.get(unit), False, False
        seen = {unit}
        while node is not None and node not in seen:
            if node == top:
                below_top = True
                break
            shadowed = shadowed or node in marked
            seen.add(node)
            node = parents.get(node)
        if below_top and not shadowed and unit != top:
            counted.add(unit)
    return counted


def rolled_up(figures: Iterable[tuple[int | Decimal | None, int | Decimal | None]]) -> tuple[int | Decimal, int | Decimal] | None:
    """The province's numerator and denominator for an indicator from its units' scored figures
    (numerator, denominator scored, ``denominator_of``): the sums, a figure without counts (5.3's null/null,
    nothing to measure) adding 0 to both; None when no unit has a figure (the province's stays "no data").

    [I] The portal publishes no counts for the province (its overview gives six group scores only), so this
    sum is CCHC's rule, not one the published figures prove (docs/portal766.md, "The province's own total").
    Worked by hand: 1.4 of 547 / 547 and 1869 / 1869 → 2416 / 2416 (6 points); 5.3 of null/null, 1 / 1 and
    0 / 1 → 1 / 2 (50%, 1 point of 2); 5.3 of null/null alone → 0 / 0 (full, as a unit's)."""
    numerator = denominator = 0
    found = False
    for num, den in figures:
        found = True
        numerator += num or 0
        denominator += den or 0
    return (numerator, denominator) if found else None
