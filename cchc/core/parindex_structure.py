"""The structure of a PAR index version (Bộ chỉ số CCHC) as rows, and its validation: a pure rule.

A version is typed (or imported) as rows, one per area (lĩnh vực), criterion (tiêu chí) and component
criterion (tiêu chí thành phần), each with its code, its parent's code, its name, maximum points and, for a
component, its scoring method, its rule (method *computed*), whom it applies to and guidance. ``validate``
returns every problem as an :class:`~cchc.core.errors.Issue` naming the row and the field, so a PAR officer
who typed the province's decision into a spreadsheet sees each mistake at once; nothing is written when
there is one (the app's import is all or nothing).

Sources:
- DOMAIN §2 ("PAR Index": areas → criteria → component criteria, self-assessment appraised, plus the
  sociological survey; the scale is 100; the eight provincial areas; "Model": IndexVersion → Area(max) →
  Criterion → SubCriterion(max, method)).
- DOMAIN §11 Q4 (points per area are data per index version; a survey method on component criteria).
- DOMAIN §12.3 (an index per issuer, year and block, amended or superseded, "its structure is data the
  province types in or imports"; units that handle no procedures are not scored on the procedure area and
  some IT criteria: ``applies_to``).

Field names in issues are the row's keys (``FIELDS``); the app shows them under the file's own column
names. The core cannot translate: messages are Vietnamese ids marked with ``N_`` with their parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import Issue
from .i18n import N_

AREA, CRITERION, COMPONENT = "area", "criterion", "component"
LEVELS = (AREA, CRITERION, COMPONENT)
#: Each level's parent level (an area has none).
PARENT_LEVEL = {CRITERION: AREA, COMPONENT: CRITERION}

EVIDENCE, COMPUTED, SURVEY = "evidence", "computed", "survey"
METHODS = (EVIDENCE, COMPUTED, SURVEY)

ALL, HANDLES_PROCEDURES = "all", "handles_procedures"
APPLIES_TO = (ALL, HANDLES_PROCEDURES)

#: Where a computed component's figure comes from (DOMAIN §12.3 and issue 13: a KPI, reporting
#: timeliness, task completion on time, the 766 score). A "kpi" source names a KPI code, which the app
#: checks against the KPI catalogue (cchc.core.kpis).
SOURCES = ("kpi", "reporting_timeliness", "task_completion", "score766")
SCALES = ("thresholds", "linear")

#: The scale of every index: 100 points (DOMAIN §2 "Method").
TOTAL = Decimal(100)
TWO_PLACES = Decimal("0.01")

#: The keys of a row, the ``field`` of an issue.
FIELDS = ("level", "code", "parent", "name", "max_points", "method", "rule", "applies_to", "guidance")

#: Issues kept; the rest are counted (cchc.core.errors.keep_first).
MAX_ISSUES = 200


@dataclass(frozen=True)
class Row:
    """One line of a version's structure as read from a file (``row``: the file's row or line number).

    ``max_points`` is the value as read (text, a number, or None); ``rule`` a mapping or None."""

    level: str
    code: str
    parent: str = ""
    name: str = ""
    max_points: Any = None
    method: str = ""
    rule: Any = None
    applies_to: str = ""
    guidance: str = ""
    row: int | None = None


@dataclass
class Node:
    """A validated row with its children (``tree``)."""

    row: Row
    points: Decimal
    children: list[Node] = field(default_factory=list)


def points_of(value: Any) -> Decimal | None:
    """A points value as a Decimal, or None when it is not a finite number (bool is not a number)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _places_ok(number: Decimal) -> bool:
    return number == number.quantize(TWO_PLACES)


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")


class _Issues:
    def __init__(self, filename: str):
        self.filename = filename
        self.kept: list[Issue] = []
        self.omitted = 0

    def add(self, message: str, row: int | None = None, fld: str = "", **params: Any) -> None:
        if len(self.kept) >= MAX_ISSUES:
            self.omitted += 1
            return
        self.kept.append(Issue(message, file=self.filename, row=row, field=fld, params=params))


def check_rule(rule: Any, max_points: Decimal | None, *, kpi_codes: Collection[str] | None = None
               ) -> list[tuple[str, str, dict[str, Any]]]:
    """The problems of a computed component's rule, as (message id, field key inside the rule, params).

    A rule names its source ("kpi" with a KPI code, "reporting_timeliness", "task_completion", "score766")
    and how the figure becomes points: ``{"scale": "thresholds", "thresholds": [[lowest, points], …]}``,
    lowest values strictly descending, each points value between 0 and the component's maximum (the first
    whose lowest ≤ the figure applies), or ``{"scale": "linear", "target": T}`` with T > 0 (full points at
    T). Sources: DOMAIN §12.3 and issue 13 item 1 ("a scoring rule such as thresholds → points or a linear
    scale, each naming its source"); the points scale is the version's (DOMAIN §2)."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    if not isinstance(rule, Mapping) or not rule:
        return [(N_("Tiêu chí thành phần tính từ số liệu cần quy tắc tính điểm (nguồn số liệu và thang điểm)."),
                 "", {})]
    source = rule.get("source")
    if source not in SOURCES:
        out.append((N_("Nguồn số liệu «{value}» không hợp lệ; dùng một trong: {allowed}."), "source",
                    {"value": source if source is not None else "", "allowed": ", ".join(SOURCES)}))
    elif source == "kpi":
        code = rule.get("kpi")
        if not isinstance(code, str) or not code.strip():
            out.append((N_("Nguồn «kpi» cần mã chỉ số KPI (khóa «kpi»)."), "kpi", {}))
        elif kpi_codes is not None and code not in kpi_codes:
            out.append((N_("Không có chỉ số KPI mã «{code}»."), "kpi", {"code": code}))
    scale = rule.get("scale")
    if scale == "thresholds":
        out += _check_thresholds(rule.get("thresholds"), max_points)
    elif scale == "linear":
        target = points_of(rule.get("target"))
        if target is None or target <= 0:
            out.append((N_("Thang tuyến tính cần mức đạt điểm tối đa («target») là số dương."), "target", {}))
    else:
        out.append((N_("Thang điểm «{value}» không hợp lệ; dùng «thresholds» (ngưỡng) hoặc «linear» (tuyến tính)."),
                    "scale", {"value": scale if scale is not None else ""}))
    return out


def _check_thresholds(thresholds: Any, max_points: Decimal | None) -> list[tuple[str, str, dict[str, Any]]]:
    if not isinstance(thresholds, list | tuple) or not thresholds:
        return [(N_("Thang ngưỡng cần danh sách «thresholds»: [[giá trị thấp nhất, điểm], …]."), "thresholds", {})]
    out: list[tuple[str, str, dict[str, Any]]] = []
    previous: Decimal | None = None
    for number, pair in enumerate(thresholds, start=1):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            out.append((N_("Ngưỡng thứ {n} phải là một cặp [giá trị thấp nhất, điểm]."), "thresholds", {"n": number}))
            continue
        lowest, points = points_of(pair[0]), points_of(pair[1])
        if lowest is None or points is None:
            out.append((N_("Ngưỡng thứ {n} phải là một cặp số [giá trị thấp nhất, điểm]."), "thresholds", {"n": number}))
            continue
        if previous is not None and lowest >= previous:
            out.append((N_("Ngưỡng thứ {n}: các giá trị thấp nhất phải giảm dần (từ cao xuống thấp)."), "thresholds",
                        {"n": number}))
        if points < 0 or (max_points is not None and points > max_points):
            out.append((N_("Ngưỡng thứ {n}: điểm {points} phải từ 0 đến điểm tối đa {max}."), "thresholds",
                        {"n": number, "points": _fmt(points), "max": _fmt(max_points) if max_points is not None else ""}))
        previous = lowest
    return out


def validate(rows: Iterable[Row], *, filename: str = "", total: Decimal = TOTAL,
             kpi_codes: Collection[str] | None = None) -> tuple[list[Issue], int]:
    """Every problem of a version's structure, as issues naming the row and the field, and how many more
    were found beyond the first ``MAX_ISSUES``. No issue: the structure may be stored.

    Checks (DOMAIN §2, §11 Q4, §12.3): a known level; a code, unique within the version; a name; the parent
    exists and is of the level above (an area has none); maximum points a positive number with at most two
    decimals; components' points add up to their criterion's maximum, criteria's to their area's, areas' to
    the version's ``total`` (100); every criterion has components and every area criteria; a component's
    method is evidence, computed or survey, a computed one has a valid rule (``check_rule``; a "kpi" source
    is checked against ``kpi_codes`` when given) and only a computed one has a rule; ``applies_to`` is
    "all" or "handles_procedures" and only on areas and components."""
    rows = list(rows)
    issues = _Issues(filename)
    seen: dict[str, Row] = {}
    points: dict[str, Decimal] = {}
    for r in rows:
        if r.level not in LEVELS:
            issues.add(N_("Cấp «{value}» không hợp lệ; dùng lĩnh vực, tiêu chí hoặc tiêu chí thành phần."), r.row,
                       "level", value=r.level)
            continue
        if not r.code:
            issues.add(N_("Thiếu mã."), r.row, "code")
        elif r.code in seen:
            issues.add(N_("Mã «{code}» trùng với dòng {first}."), r.row, "code", code=r.code,
                       first=seen[r.code].row if seen[r.code].row is not None else "")
        else:
            seen[r.code] = r
        if not r.name:
            issues.add(N_("Thiếu tên."), r.row, "name")
        number = points_of(r.max_points)
        if number is None or number <= 0:
            issues.add(N_("Điểm tối đa phải là một số dương."), r.row, "max_points")
        elif not _places_ok(number):
            issues.add(N_("Điểm tối đa có nhiều nhất hai chữ số thập phân."), r.row, "max_points")
        elif r.code and seen.get(r.code) is r:
            points[r.code] = number
        if r.applies_to and r.applies_to not in APPLIES_TO:
            issues.add(N_("Giá trị «{value}» không hợp lệ; dùng «all» (mọi đơn vị) hoặc «handles_procedures» (đơn vị "
                          "có giải quyết TTHC)."), r.row, "applies_to", value=r.applies_to)
        elif r.applies_to and r.applies_to != ALL and r.level == CRITERION:
            issues.add(N_("Chỉ lĩnh vực và tiêu chí thành phần có phạm vi áp dụng."), r.row, "applies_to")
        if r.level == COMPONENT:
            _check_component(r, number, issues, kpi_codes)
        else:
            if r.method:
                issues.add(N_("Chỉ tiêu chí thành phần có cách chấm."), r.row, "method")
            if r.rule:
                issues.add(N_("Chỉ tiêu chí thành phần có quy tắc tính điểm."), r.row, "rule")
    # Parents and sums.
    children: dict[str, list[Row]] = {}
    for r in rows:
        if r.level not in LEVELS or seen.get(r.code) is not r:
            continue
        if r.level == AREA:
            if r.parent:
                issues.add(N_("Lĩnh vực không có cấp trên; để trống mã cấp trên."), r.row, "parent")
            continue
        parent = seen.get(r.parent) if r.parent else None
        if not r.parent:
            issues.add(N_("Thiếu mã cấp trên."), r.row, "parent")
        elif parent is None or parent.level != PARENT_LEVEL[r.level]:
            message = (N_("Không có lĩnh vực mã «{parent}».") if r.level == CRITERION
                       else N_("Không có tiêu chí mã «{parent}»."))
            issues.add(message, r.row, "parent", parent=r.parent)
        else:
            children.setdefault(parent.code, []).append(r)
    areas = [r for r in rows if r.level == AREA and seen.get(r.code) is r]
    if not areas:
        issues.add(N_("Bộ chỉ số chưa có lĩnh vực nào."))
    for r in rows:
        if r.level not in (AREA, CRITERION) or seen.get(r.code) is not r:
            continue
        kids = children.get(r.code, [])
        if not kids:
            issues.add(N_("Lĩnh vực chưa có tiêu chí nào.") if r.level == AREA
                       else N_("Tiêu chí chưa có tiêu chí thành phần nào."), r.row, "code")
            continue
        if r.code not in points or any(k.code not in points for k in kids):
            continue  # a points problem was reported on the row itself
        added = sum((points[k.code] for k in kids), Decimal(0))
        if added != points[r.code]:
            message = (N_("Tổng điểm các tiêu chí ({sum}) khác điểm tối đa của lĩnh vực ({max}).") if r.level == AREA
                       else N_("Tổng điểm các tiêu chí thành phần ({sum}) khác điểm tối đa của tiêu chí ({max})."))
            issues.add(message, r.row, "max_points", sum=_fmt(added), max=_fmt(points[r.code]))
    if areas and all(a.code in points for a in areas):
        added = sum((points[a.code] for a in areas), Decimal(0))
        if added != total:
            issues.add(N_("Tổng điểm các lĩnh vực ({sum}) khác tổng điểm của bộ chỉ số ({total})."), None,
                       "max_points", sum=_fmt(added), total=_fmt(total))
    return issues.kept, issues.omitted


def _check_component(r: Row, number: Decimal | None, issues: _Issues, kpi_codes: Collection[str] | None) -> None:
    method = r.method or EVIDENCE
    if method not in METHODS:
        issues.add(N_("Cách chấm «{value}» không hợp lệ; dùng «evidence» (minh chứng), «computed» (tính từ số liệu) "
                      "hoặc «survey» (điều tra xã hội học)."), r.row, "method", value=r.method)
        return
    if method == COMPUTED:
        for message, _key, params in check_rule(r.rule, number if number and number > 0 else None,
                                                kpi_codes=kpi_codes):
            issues.add(message, r.row, "rule", **params)
    elif r.rule:
        issues.add(N_("Chỉ tiêu chí thành phần tính từ số liệu («computed») có quy tắc tính điểm."), r.row, "rule")


def tree(rows: Iterable[Row]) -> list[Node]:
    """The areas of a valid structure (``validate`` found nothing), each with its criteria and components,
    in the order of the rows."""
    nodes: dict[str, Node] = {}
    areas: list[Node] = []
    for r in rows:
        node = Node(r, points_of(r.max_points) or Decimal(0))
        nodes[r.code] = node
        if r.level == AREA:
            areas.append(node)
        else:
            nodes[r.parent].children.append(node)
    return areas


def counts(rows: Iterable[Row]) -> dict[str, int]:
    """How many areas, criteria and components (the "42/95" of the seed counts components)."""
    out = dict.fromkeys(LEVELS, 0)
    for r in rows:
        if r.level in out:
            out[r.level] += 1
    return out


def check_bands(bands: Any) -> list[tuple[str, dict[str, Any]]]:
    """The problems of a version's bands (xếp loại), as (message id, params): a list, highest first, of
    ``{"code", "label", "min_pct"}`` with distinct codes and lowest percentages strictly descending between
    0 and 100. Empty: the national default applies (A ≥ 90, B 80–< 90, C 70–< 80). Sources: DOMAIN §2
    ("bands differ by province … make them configurable"), §11 Q4 (bands per version and level), §12.3."""
    if bands in (None, "", []):
        return []
    if not isinstance(bands, list | tuple):
        return [(N_("Xếp loại phải là danh sách các loại (code, label, min_pct), loại cao nhất trước."), {})]
    out: list[tuple[str, dict[str, Any]]] = []
    codes: set[str] = set()
    previous: Decimal | None = None
    for n, band in enumerate(bands, start=1):
        if not isinstance(band, Mapping) or not str(band.get("code") or "").strip() \
                or not str(band.get("label") or "").strip():
            out.append((N_("Loại thứ {n} cần mã («code») và tên («label»)."), {"n": n}))
            continue
        code = str(band["code"]).strip()
        if code in codes:
            out.append((N_("Loại thứ {n}: mã «{code}» trùng."), {"n": n, "code": code}))
        codes.add(code)
        low = points_of(band.get("min_pct"))
        if low is None or not 0 <= low <= TOTAL:
            out.append((N_("Loại thứ {n}: mức thấp nhất («min_pct») phải là số từ 0 đến 100."), {"n": n}))
            continue
        if previous is not None and low >= previous:
            out.append((N_("Loại thứ {n}: các mức thấp nhất phải giảm dần (loại cao nhất trước)."), {"n": n}))
        previous = low
    return out
