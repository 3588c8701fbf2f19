"""Taking in the portal's dossier lists (issue #15 item 3: "the dossiers CCHC counts that the portal does not,
and the reverse, when the dossier lists are available").

A file (CSV or XLSX, read by the bounded readers of cchc.platform.tables) or the API's JSON records hold one
row per dossier the portal counts against an indicator of a unit for a period:

| column (other names accepted) | what |
|---|---|
| ``unit`` (``departmentCode``, ``mã đơn vị``) | the unit's code on the portal (a ``dvcqg`` alias) or in CCHC |
| ``period`` (``kỳ``), optional ``kind`` | "2026", "Q3/2026", "10/2026" (cchc.core.portal_counts.parse_period) |
| ``indicator`` (``chỉ số``, ``metric``) | 2.1, 5.1, 5.2, 5.4 or the portal's key of one (``LIST_INDICATORS``) |
| ``MaHoSo`` (``dossier``, ``mã hồ sơ``) | the dossier's code, as the portal and the one-stop system write it |

What "counted against" means is what CCHC's own list of the indicator holds (cchc.analytics.sql.LISTED_KPIS:
denominator − numerator): 2.1 the dossiers not handled on time, 5.1 the finished dossiers without an
electronic result, 5.2 the dossiers not digitised, 5.4 those reusing no digitised data.

A file is checked whole, every problem named by file, row and field, and written only without any (all or
nothing). Its rows make one list per unit, period and indicator, which replaces the one stored before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from cchc.core import kpis
from cchc.core import portal_counts as periods
from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.i18n import N_
from cchc.platform.tables import Table, read_table
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import Unit
from cchc.units.services import UnitResolver

from .models import PortalDossierList, PortalListedDossier

#: The indicators whose dossiers are compared, with the portal's key of each (score766.PORTAL_METRICS; 2.1 is
#: the TDGQ group's ``TDGQ_TienDoGiaiQuyet``). Each has a list in CCHC (cchc.scoreboard.services.LISTS).
LIST_INDICATORS: dict[str, str] = {
    "2.1": "TDGQ_TienDoGiaiQuyet",
    "5.1": "ORIGINAL_RESULT_AVAILABLE",
    "5.2": "SO_HOA_GIAY_TO_GIAI_QUYET",
    "5.4": "REUSED_DIGITIZED_DATA",
}
_BY_PORTAL_KEY = {key.upper(): code for code, key in LIST_INDICATORS.items()} | {"TDGQ": "2.1"}

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "departmentcode", "mã đơn vị", "ma_don_vi", "đơn vị", "don_vi"),
    "period": ("period", "kỳ", "ky"),
    "kind": ("kind", "period_kind", "loại kỳ", "loai_ky"),
    "indicator": ("indicator", "chỉ số", "chi_so", "metric", "code"),
    "dossier": ("mahoso", "dossier", "mã hồ sơ", "ma_ho_so"),
}
REQUIRED = ("unit", "period", "indicator", "dossier")
_BY_NAME = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
#: The longest dossier code (cchc.dossiers.models.Dossier.code).
MAX_CODE = 64


@dataclass
class ImportResult:
    rows: int = 0
    lists: int = 0  # lists written (each replacing the one stored before, if any)
    replaced: int = 0


def indicator_code(text: str) -> str | None:
    """2.1, 5.1, 5.2, 5.4 as written, or the portal's key of one (any case); None otherwise."""
    text = str(text or "").strip()
    return text if text in LIST_INDICATORS else _BY_PORTAL_KEY.get(text.upper())


def _column(header: str) -> str | None:
    return _BY_NAME.get(" ".join(str(header or "").split()).casefold())


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class _Key:
    unit_id: int
    kind: str
    start: date
    indicator: str


def _check(table: Table) -> dict[_Key, tuple[str, list[str]]]:
    """Every row checked; the lists by (unit, period, indicator) with the unit's code as written, or
    InvalidInput naming each problem's file, row and field."""
    filename = table.filename
    if table.header is not None:
        known = {_column(h) for h in table.header}
        missing = [c if c != "dossier" else "MaHoSo" for c in REQUIRED if c not in known]
        if missing:
            raise InvalidInput(issues=[Issue(N_("Thiếu cột bắt buộc: {columns}."), file=filename,
                                             params={"columns": ", ".join(missing)})])
    if table.count == 0:
        raise InvalidInput(issues=[Issue(N_("Tệp không có dòng số liệu nào."), file=filename)])
    resolver = UnitResolver(queryset=Unit.objects.all(), source_system=PORTAL_SOURCE)
    issues: list[Issue] = []
    omitted = 0
    lists: dict[_Key, tuple[str, list[str]]] = {}
    seen: dict[tuple[_Key, str], int] = {}
    for number, raw in table.mappings():
        cells = {name: _text(value) for key, value in raw.items() if (name := _column(key))}
        found: list[Issue] = []

        def problem(field: str, message: str, _number=number, _found=found, **params) -> None:
            _found.append(Issue(message, file=filename, row=_number, field=field, params=params))

        for name in REQUIRED:
            if not cells.get(name):
                problem("MaHoSo" if name == "dossier" else name, N_("Thiếu giá trị bắt buộc."))
        code = indicator_code(cells.get("indicator", ""))
        if cells.get("indicator") and code is None:
            problem("indicator", N_("Chỉ số «{value}» không có danh sách hồ sơ để đối chiếu; dùng một trong: {codes} "
                                    "(hoặc mã chỉ số của Cổng DVCQG)."), value=cells["indicator"][:40],
                    codes=", ".join(LIST_INDICATORS))
        dossier = cells.get("dossier", "")
        if len(dossier) > MAX_CODE:
            problem("MaHoSo", N_("Mã hồ sơ dài quá {n} ký tự."), n=MAX_CODE)
        kind = start = None
        if cells.get("period"):
            try:
                kind, start = periods.parse_period(cells["period"], cells.get("kind", ""))
            except ValueError:
                problem("period", N_("Kỳ «{value}» không đọc được; viết «2026», «Q3/2026», «10/2026», hoặc ngày đầu "
                                     "kỳ kèm cột kind (month, quarter, year)."), value=cells["period"][:40])
        unit_id = None
        ref = cells.get("unit", "")
        if ref and start is not None:
            span = (start, kpis.period_end(kind, start))
            choice = resolver.choose(ref, span)
            if choice.id is None:
                found.append(Issue(resolver.describe(ref, choice, span), file=filename, row=number, field="unit"))
            unit_id = choice.id
        if not found and unit_id is not None and code is not None:
            key = _Key(unit_id, kind, start, code)
            if (key, dossier) in seen:
                problem("MaHoSo", N_("Hồ sơ «{code}» đã có ở dòng {row} cho cùng đơn vị, kỳ và chỉ số."),
                        code=dossier, row=seen[(key, dossier)])
            else:
                seen[(key, dossier)] = number
                lists.setdefault(key, (ref, []))[1].append(dossier)
        issues.extend(found)
        omitted += keep_first(issues, settings.IMPORT_MAX_ISSUES)
    if issues:
        raise InvalidInput(issues=issues, omitted=omitted)
    return lists


def ingest(table: Table, *, user=None, illustrative: bool = False) -> ImportResult:
    """Check ``table`` whole, then write its lists in one transaction, each replacing the list stored for the
    same unit, period and indicator. Nothing is written when any row has a problem (InvalidInput)."""
    lists = _check(table)
    user = user if getattr(user, "is_authenticated", False) else None
    result = ImportResult(rows=sum(len(codes) for _ref, codes in lists.values()), lists=len(lists))
    by_period: dict[tuple[str, date], set[int]] = defaultdict(set)
    for key in lists:
        by_period[(key.kind, key.start)].add(key.unit_id)
    with transaction.atomic():
        for (kind, start), unit_ids in by_period.items():
            old = PortalDossierList.objects.filter(period_kind=kind, period_start=start, unit_id__in=unit_ids,
                                                   indicator__in={k.indicator for k in lists})
            stale = [pk for pk, unit_id, indicator in old.values_list("pk", "unit_id", "indicator")
                     if _Key(unit_id, kind, start, indicator) in lists]
            result.replaced += len(stale)
            PortalDossierList.objects.filter(pk__in=stale).delete()
        for key, (ref, codes) in lists.items():
            stored = PortalDossierList.objects.create(
                unit_id=key.unit_id, portal_code=ref[:64], period_kind=key.kind, period_start=key.start,
                indicator=key.indicator, file_name=table.filename[:255], illustrative=illustrative, imported_by=user)
            PortalListedDossier.objects.bulk_create([PortalListedDossier(dossier_list=stored, code=c) for c in codes],
                                                    batch_size=900)
    return result


def import_file(content: bytes, filename: str, *, user=None) -> ImportResult:
    """A CSV or XLSX file (cchc.platform.tables: its limits and refusals), taken in whole or not at all."""
    return ingest(read_table(content, filename), user=user)


def import_records(records: list[dict], *, source: str, user=None) -> ImportResult:
    """The API's JSON records (position = row), taken in whole or not at all."""
    return ingest(Table(source or "API", None, records, range(1, len(records) + 1)), user=user)
