"""The national portal's published Decision 766 figures, read from its JSON answers (pure, no Django).

The portal (dichvucong.gov.vn, ``/api/v1/reporting/evaluation/service-results``) publishes each unit's
total, six group scores, rank (among every unit of the province) and rank within its block, and in its
detail answers each indicator's numerator, denominator, rate and points. The public snapshots of GitHub
``duynghiaqn/Crawler-766`` keep those answers in three shapes (DOMAIN §12.1, R10):

- a block's summary (``agencies_GiaLai_<ddmmyyyy>.json``, ``communes_…``): ``metadata``, ``overview``
  (the province) and ``agencies`` or ``communes`` (units with ``groupScores``, ``rank``, ``groupRank``);
- a block's detail (``agencies_detail_…``, ``communes_detail_…``): ``metadata`` and ``agenciesDetail`` or
  ``communesDetail``, each unit also with ``componentIndicators``;
- every unit's detail (``details_GiaLai_…``): ``metadata``, ``overview`` and ``unitsDetail``.

``parse`` reads any of them into plain dataclasses, keyed by CCHC's group numbers and indicator codes
(cchc.core.score766.PORTAL_GROUPS, PORTAL_METRICS), and refuses a file over its size limit, that is not
JSON, or whose shape is not one of these, naming the file, the unit and the field (cchc.core.errors).
``explain`` says why a published figure differs from CCHC's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import InvalidInput, Issue
from .i18n import N_
from .kpis import periods_of
from .score766 import INDICATORS_BY_CODE, PORTAL_GROUPS, PORTAL_METRICS

#: The largest file read (bytes): the portal's detail answer for 149 units is about 1 MB.
MAX_BYTES = 8 * 1024 * 1024
#: The most units one answer may hold (a province has a few hundred).
MAX_UNITS = 5000
#: The most problems kept (the rest are counted).
MAX_ISSUES = 50
#: The highest rate accepted (%): a count synced may exceed the count received, so a rate may pass 100.
MAX_RATE = 10_000
#: The longest code or name kept.
MAX_TEXT = 255

AGENCY, COMMUNE = "AGENCY", "COMMUNE"
BLOCKS = (AGENCY, COMMUNE)
#: The portal's ``timeType`` → CCHC's period kind.
TIME_TYPES = {"year": "year", "quarter": "quarter", "month": "month"}
#: The keys under which the three shapes list their units.
UNIT_LISTS = ("agencies", "communes", "agenciesDetail", "communesDetail", "unitsDetail")
SUMMARY, DETAIL = "summary", "detail"

#: The portal's component holding indicator 2.1's counts, and 3.1's points (published without counts).
TDGQ = "TDGQ_TienDoGiaiQuyet"
ONLINE = "ONLINE_DichVuTrucTuyen"
TTTT = "TTTT_ThanhToanTrucTuyen"
#: Indicator → (numerator key, denominator key) of the TTTT component (its points are published only
#: for the group).
TTTT_COUNTS = {
    "4.2": ("totalDossierOnlineFormalityPaymentSuccess", "totalFeeFormality"),
    "4.3": ("totalDossierOnlinePaymentSuccess", "totalDossierFinancialObligation"),
}
#: The portal's metrics that carry no points and are not indicators (PAKN classification rates).
NOT_INDICATORS = frozenset({"PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"})


@dataclass(frozen=True)
class SnapshotMeta:
    province: str
    province_code: str
    run_date: date
    kind: str  # month, quarter or year (CCHC's period kinds)
    year: int
    period: int | None  # the quarter or month number; None for a year
    label: str  # the portal's "Năm 2026"
    extracted_at: str

    @property
    def start(self) -> date:
        """The first day of the period the portal scored, as CCHC names periods (cchc.core.kpis)."""
        return periods_of(self.year, self.kind)[(self.period or 1) - 1][0]


@dataclass(frozen=True)
class Overview:
    code: str
    name: str
    total: Decimal | None
    groups: dict[int, Decimal]
    units: int | None
    agencies: int | None
    communes: int | None


@dataclass(frozen=True)
class PublishedIndicator:
    code: str  # CCHC's indicator code
    numerator: Decimal | None
    denominator: Decimal | None
    rate: Decimal | None  # in %
    points: Decimal | None  # None: the portal publishes no points for it (4.2, 4.3)
    max_points: Decimal | None


@dataclass(frozen=True)
class PublishedUnit:
    code: str  # the portal's code, "H21.17"
    name: str
    department_id: str
    block: str  # AGENCY or COMMUNE
    total: Decimal | None
    groups: dict[int, Decimal]
    rank: int | None
    group_rank: int | None
    indicators: dict[str, PublishedIndicator] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    filename: str
    shape: str  # SUMMARY or DETAIL
    meta: SnapshotMeta
    overview: Overview | None
    units: tuple[PublishedUnit, ...]


class _Issues:
    def __init__(self, filename: str):
        self.filename, self.omitted = filename, 0
        self.kept: list[Issue] = []

    def add(self, message: str, *, row: int | None = None, fld: str = "", **params: Any) -> None:
        if len(self.kept) >= MAX_ISSUES:
            self.omitted += 1
            return
        self.kept.append(Issue(message, file=self.filename, row=row, field=fld, params=params))

    def refuse(self) -> None:
        if self.kept:
            raise InvalidInput(issues=self.kept, omitted=self.omitted)


def _refuse(filename: str, message: str, fld: str = "", **params: Any) -> InvalidInput:
    return InvalidInput(issues=[Issue(message, file=filename, field=fld, params=params)])


def _number(value: Any) -> Decimal | None:
    """A JSON number as a Decimal (None for null); raises ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(value)
    number = Decimal(value)
    if not number.is_finite() or abs(number) > Decimal(10) ** 12:
        raise ValueError(value)
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise ValueError(value)
    return value.strip()


class _Reader:
    """Reads one object's fields, noting a problem (with the unit and field) instead of raising."""

    def __init__(self, issues: _Issues, obj: dict, *, row: int | None, where: str, prefix: str = ""):
        self.issues, self.obj, self.row, self.where, self.prefix = issues, obj, row, where, prefix

    def _bad(self, key: str, message: str) -> None:
        self.issues.add(message, row=self.row, fld=self.prefix + key, unit=self.where)

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.obj.get(key)
        if value is None and not required:
            return ""
        try:
            return _text(value)
        except ValueError:
            self._bad(key, N_("{unit}: phải là chuỗi ký tự không rỗng, dài tối đa 255 ký tự."))
            return ""

    def number(self, key: str, *, required: bool = False, low: int = 0, high: int | None = None) -> Decimal | None:
        if required and key not in self.obj:
            self._bad(key, N_("{unit}: thiếu giá trị bắt buộc."))
            return None
        try:
            value = _number(self.obj.get(key))
        except (ValueError, InvalidOperation):
            self._bad(key, N_("{unit}: phải là một số."))
            return None
        if value is not None and (value < low or (high is not None and value > high)):
            self._bad(key, N_("{unit}: số nằm ngoài khoảng cho phép."))
            return None
        return value

    def integer(self, key: str, *, required: bool = False, low: int = 1, high: int = 1_000_000) -> int | None:
        value = self.obj.get(key)
        if value is None and not required:
            return None
        if value is None:
            self._bad(key, N_("{unit}: thiếu giá trị bắt buộc."))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.issues.add(N_("{unit}: phải là số nguyên từ {low} đến {high}."), row=self.row,
                            fld=self.prefix + key, unit=self.where, low=low, high=high)
            return None
        return value


def _load(content: bytes, filename: str, max_bytes: int) -> dict:
    if len(content) > max_bytes:
        raise _refuse(filename, N_("Tệp quá lớn: {size} byte, vượt giới hạn {limit} byte."), size=len(content),
                      limit=max_bytes)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(filename, N_("Tệp không phải văn bản UTF-8.")) from None
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _refuse(filename, N_("Tệp JSON sai cú pháp ở dòng {line}, cột {column}."), line=exc.lineno,
                      column=exc.colno) from None
    except RecursionError:
        raise _refuse(filename, N_("Tệp JSON lồng nhau quá sâu.")) from None
    except ValueError:  # an integer of thousands of digits
        raise _refuse(filename, N_("Tệp JSON có số quá dài.")) from None
    if not isinstance(document, dict):
        raise _refuse(filename, N_("Tệp phải là một đối tượng JSON có «metadata» và danh sách đơn vị của Cổng."))
    return document


def _run_date(value: Any) -> date:
    if not isinstance(value, str) or len(value) != 8 or not value.isdigit():
        raise ValueError(value)
    return date(int(value[4:]), int(value[2:4]), int(value[:2]))


def _meta(document: dict, filename: str) -> SnapshotMeta:
    meta = document.get("metadata")
    if not isinstance(meta, dict):
        raise _refuse(filename, N_("Thiếu «metadata» (ngày lấy số liệu, kỳ đánh giá)."), fld="metadata")
    issues = _Issues(filename)
    where = "metadata"
    try:
        run_date = _run_date(meta.get("runDateStr"))
    except ValueError:
        issues.add(N_("{unit}: ngày lấy số liệu phải có dạng ddmmyyyy."), fld="metadata.runDateStr", unit=where)
        run_date = date.min
    kind = TIME_TYPES.get(str(meta.get("timeType")))
    if kind is None:
        issues.add(N_("{unit}: loại kỳ phải là year, quarter hoặc month."), fld="metadata.timeType", unit=where)
    year, period = meta.get("year"), meta.get("period")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        issues.add(N_("{unit}: năm phải là số nguyên từ 2000 đến 2100."), fld="metadata.year", unit=where)
    limit = {"year": None, "quarter": 4, "month": 12}.get(kind or "year")
    if limit is None and period is not None:
        issues.add(N_("{unit}: kỳ cả năm không có số kỳ (period phải là null)."), fld="metadata.period", unit=where)
    if limit is not None and (isinstance(period, bool) or not isinstance(period, int) or not 1 <= period <= limit):
        issues.add(N_("{unit}: số kỳ phải từ 1 đến {limit}."), fld="metadata.period", unit=where, limit=limit)
    reader = _Reader(issues, meta, row=None, where=where, prefix="metadata.")
    province_code = reader.text("provinceCode")
    province = reader.text("province", required=False)
    label = reader.text("periodLabel", required=False)
    extracted = reader.text("extractedAt", required=False)
    issues.refuse()  # below, kind and year are known good
    return SnapshotMeta(province, province_code, run_date, str(kind), year if isinstance(year, int) else 0, period,
                        label, extracted)


def _groups(issues: _Issues, value: Any, *, row: int | None, where: str, fld: str) -> dict[int, Decimal]:
    if not isinstance(value, dict):
        issues.add(N_("{unit}: điểm nhóm phải là một đối tượng JSON."), row=row, fld=fld, unit=where)
        return {}
    groups: dict[int, Decimal] = {}
    for key, points in value.items():
        group = PORTAL_GROUPS.get(key)
        if group is None:
            issues.add(N_("{unit}: nhóm «{group}» không có trong Bộ chỉ số 766."), row=row, fld=fld, unit=where,
                       group=str(key)[:40])
            continue
        if points is None:  # not published for this unit
            continue
        try:
            number = _number(points) or Decimal(0)
        except (ValueError, InvalidOperation):
            number = Decimal(-1)
        if not 0 <= number <= 100:
            issues.add(N_("{unit}: điểm nhóm «{group}» phải là số từ 0 đến 100."), row=row, fld=fld, unit=where,
                       group=key)
            continue
        groups[group] = number
    return groups


def _overview(document: dict, issues: _Issues) -> Overview | None:
    data = document.get("overview")
    if data is None:
        return None
    where = "overview"
    if not isinstance(data, dict):
        issues.add(N_("{unit}: phải là một đối tượng JSON."), fld="overview", unit=where)
        return None
    reader = _Reader(issues, data, row=None, where=where, prefix="overview.")
    counts = data if "totalUnitsCount" in data else document
    counter = _Reader(issues, counts, row=None, where=where)
    groups = _groups(issues, data["groupScores"], row=None, where=where, fld="overview.groupScores") \
        if "groupScores" in data else {}
    return Overview(reader.text("departmentCode"), reader.text("departmentName"),
                    reader.number("totalScore", high=100), groups,
                    counter.integer("totalUnitsCount", low=0), counter.integer("agencyCount", low=0),
                    counter.integer("communeCount", low=0))


def _metric(reader: _Reader, code: str) -> PublishedIndicator:
    return PublishedIndicator(
        code, reader.number("numerator"), reader.number("denominator"), reader.number("ratio", high=MAX_RATE),
        reader.number("score", high=100), reader.number("maxScore", high=100),
    )


def _indicators(issues: _Issues, value: Any, *, row: int, where: str) -> dict[str, PublishedIndicator]:
    fld = "componentIndicators"
    if not isinstance(value, dict):
        issues.add(N_("{unit}: phải là một đối tượng JSON."), row=row, fld=fld, unit=where)
        return {}
    found: dict[str, PublishedIndicator] = {}
    for key, component in value.items():
        if not isinstance(component, dict):
            issues.add(N_("{unit}: phải là một đối tượng JSON."), row=row, fld=f"{fld}.{key}", unit=where)
            continue
        reader = _Reader(issues, component, row=row, where=where, prefix=f"{fld}.{key}.")
        if key == TDGQ:
            found["2.1"] = PublishedIndicator(
                "2.1", reader.number("totalOnTime", required=True), reader.number("totalReceived", required=True),
                reader.number("ratio", high=MAX_RATE), reader.number("score", high=100), reader.number("maxScore", high=100))
        elif key == ONLINE:
            found["3.1"] = PublishedIndicator("3.1", None, None, reader.number("ratio", high=MAX_RATE),
                                              reader.number("score", high=100), reader.number("maxScore", high=100))
        elif key == TTTT:
            for code, (num, den) in TTTT_COUNTS.items():
                found[code] = PublishedIndicator(code, reader.number(num), reader.number(den), None, None,
                                                 INDICATORS_BY_CODE[code].max_points)
        metrics = component.get("metrics")
        if metrics is None:
            continue
        if not isinstance(metrics, list):
            issues.add(N_("{unit}: phải là một danh sách."), row=row, fld=f"{fld}.{key}.metrics", unit=where)
            continue
        for i, metric in enumerate(metrics):
            at = f"{fld}.{key}.metrics[{i}]"
            if not isinstance(metric, dict) or not isinstance(metric.get("code"), str):
                issues.add(N_("{unit}: mỗi chỉ số phải là một đối tượng JSON có «code»."), row=row, fld=at, unit=where)
                continue
            mapped = PORTAL_METRICS.get(metric["code"])
            if mapped is None:
                if metric["code"] not in NOT_INDICATORS:
                    issues.add(N_("{unit}: chỉ số «{metric}» không có trong Bộ chỉ số 766."), row=row, fld=at,
                               unit=where, metric=metric["code"][:60])
                continue
            if mapped in found:
                issues.add(N_("{unit}: chỉ số «{metric}» có hai lần."), row=row, fld=at, unit=where,
                           metric=metric["code"])
                continue
            found[mapped] = _metric(_Reader(issues, metric, row=row, where=where, prefix=at + "."), mapped)
    return found


def _unit(issues: _Issues, value: Any, row: int) -> PublishedUnit | None:
    if not isinstance(value, dict):
        issues.add(N_("{unit}: mỗi đơn vị phải là một đối tượng JSON."), row=row, unit=f"#{row}")
        return None
    code = value.get("departmentCode")
    where = code if isinstance(code, str) and 0 < len(code) <= 64 else f"#{row}"
    reader = _Reader(issues, value, row=row, where=where)
    code, name = reader.text("departmentCode"), reader.text("departmentName")
    block = str(value.get("childGroup"))
    if block not in BLOCKS:
        issues.add(N_("{unit}: khối phải là AGENCY hoặc COMMUNE."), row=row, fld="childGroup", unit=where)
    groups = _groups(issues, value.get("groupScores"), row=row, where=where, fld="groupScores")
    indicators = (_indicators(issues, value["componentIndicators"], row=row, where=where)
                  if "componentIndicators" in value else {})
    return PublishedUnit(code, name, reader.text("departmentId", required=False), block,
                         reader.number("totalScore", required=True, high=100), groups,
                         reader.integer("rank"), reader.integer("groupRank"), indicators)


def parse(content: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> Snapshot:
    """The portal's published answer in ``content`` (one of the three shapes of the module docstring).

    Source: the national portal's 766 answers as kept by GitHub duynghiaqn/Crawler-766 (DOMAIN §12.1, R10);
    the mapping of its group and metric keys is cchc.core.score766's. All or nothing: raises InvalidInput
    with every problem found (file, unit as ``row`` (its position from 1) and its code, field)."""
    document = _load(content, filename, max_bytes)
    meta = _meta(document, filename)
    lists = [key for key in UNIT_LISTS if key in document]
    if len(lists) != 1:
        raise _refuse(filename, N_("Tệp phải có đúng một danh sách đơn vị: {keys}."), keys=", ".join(UNIT_LISTS))
    items = document[lists[0]]
    if not isinstance(items, list):
        raise _refuse(filename, N_("«{key}» phải là một danh sách."), fld=lists[0], key=lists[0])
    if len(items) > MAX_UNITS:
        raise _refuse(filename, N_("Tệp có hơn {limit} đơn vị."), fld=lists[0], limit=MAX_UNITS)
    issues = _Issues(filename)
    overview = _overview(document, issues)
    units = [_unit(issues, item, row) for row, item in enumerate(items, start=1)]
    seen: set[str] = set()
    for row, unit in enumerate(units, start=1):
        if unit and unit.code:
            if unit.code in seen:
                issues.add(N_("{unit}: mã đơn vị có hai lần trong tệp."), row=row, fld="departmentCode", unit=unit.code)
            seen.add(unit.code)
    issues.refuse()
    shape = DETAIL if lists[0].endswith("Detail") else SUMMARY
    return Snapshot(filename, shape, meta, overview, tuple(u for u in units if u is not None))


# --- Why the portal's figure differs from CCHC's ------------------------------------------------------

SAME, MISSING, COUNTS, FORMULA, NOT_PUBLISHED, UNEXPLAINED = (
    "same", "missing", "counts", "formula", "not_published", "unexplained")
EXPLANATIONS = (SAME, MISSING, COUNTS, FORMULA, NOT_PUBLISHED, UNEXPLAINED)
#: Which explanation a group or total takes from its indicators' when its points differ: the first found.
_PRECEDENCE = (MISSING, COUNTS, FORMULA, UNEXPLAINED)


def explain(portal_points: Decimal | None, cchc_points: Decimal | None, *,
            portal_counts: tuple[Decimal | None, Decimal | None] = (None, None),
            cchc_counts: tuple[Decimal | int | None, Decimal | int | None] = (None, None)) -> str:
    """Why an indicator's published points differ from CCHC's, one of EXPLANATIONS.

    Source: issue #15 item 3 (reconciling the published scores): ``missing`` when CCHC has no data for it
    (its inputs are missing); ``not_published`` when the portal published neither points nor counts;
    ``counts`` when numerator or denominator differ (both published and known to CCHC); ``formula`` when
    the counts are the same and the points differ (the portal scores them otherwise); ``same`` when the
    points (or, with no published points, the counts) agree; ``unexplained`` when the points differ and the
    portal published no counts to compare. A count CCHC does not know (None) is not compared.
    """
    if cchc_points is None:
        return MISSING
    compared = [(p, c) for p, c in zip(portal_counts, cchc_counts, strict=True) if p is not None and c is not None]
    counts_differ = any(Decimal(p) != Decimal(c) for p, c in compared)
    if portal_points is None:
        if not compared:
            return NOT_PUBLISHED
        return COUNTS if counts_differ else SAME
    if portal_points == cchc_points:
        return SAME
    if counts_differ:
        return COUNTS
    return FORMULA if compared else UNEXPLAINED


def explain_group(portal_points: Decimal | None, cchc_points: Decimal | None, indicators: list[str]) -> str:
    """Why a group's (or the total's) published points differ from CCHC's, from its indicators'
    explanations (``explain``): ``same`` when equal, ``missing`` when CCHC has none, else the first of
    missing, counts, formula, unexplained among its indicators (a group summed over indicators some of
    which CCHC cannot score differs for that first), ``unexplained`` when none says.

    Source: issue #15 item 3; the group is the sum of its indicators (QĐ 766, DOMAIN S1)."""
    if cchc_points is None:
        return MISSING
    if portal_points is None:
        return NOT_PUBLISHED
    if portal_points == cchc_points:
        return SAME
    for reason in _PRECEDENCE:
        if reason in indicators:
            return reason
    return UNEXPLAINED
