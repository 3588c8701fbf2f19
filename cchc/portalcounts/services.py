"""Taking in the counts of 1.4, 4.1, 4.2, 5.3, 5.5, 5.6 and 5.7 (file, page, API) and reading them back.

One path for every channel: rows (a CSV or XLSX file read by cchc.platform.tables, or the API's JSON
records) are checked whole, every problem named by file, row and field, and only a file without any is
written, in one transaction (all or nothing). A row for a unit, period and indicator already stored
replaces it; each replacement is saved one by one, so the audit trail (django-auditlog) keeps the counts
it replaced and who imported them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cchc.core import kpis
from cchc.core import portal_counts as rules
from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.i18n import N_
from cchc.platform.tables import Table, check_size, read_table
from cchc.scoreboard import inputs
from cchc.units.models import Unit
from cchc.units.services import UnitResolver

from .choices import Source
from .models import PortalCount

#: The columns a file or record may have, by their canonical name, with the other names accepted
#: (Vietnamese headers; the portal's field names for the counts). Compared case-folded, spaces trimmed.
COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "đơn vị", "don_vi", "departmentcode", "ma_don_vi", "mã đơn vị"),
    "period": ("period", "kỳ", "ky"),
    "kind": ("kind", "period_kind", "loại kỳ", "loai_ky"),
    "indicator": ("indicator", "chỉ số", "chi_so", "code", "metric"),
    "numerator": ("numerator", "tử số", "tu_so"),
    "denominator": ("denominator", "mẫu số", "mau_so"),
    "received_national": ("received_national", "tiếp nhận theo hệ thống báo cáo quốc gia", "tiep_nhan_bcqg"),
    "received_dvcqg": ("received_dvcqg", "tiếp nhận theo cổng dvcqg", "tiep_nhan_dvcqg"),
    "last_year_total": ("last_year_total", "tổng năm trước", "tong_nam_truoc"),
}
REQUIRED = ("unit", "period", "indicator")
COUNT_FIELDS = ("numerator", "denominator", "received_national", "received_dvcqg", "last_year_total")
_BY_NAME = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_INTEGER = re.compile(r"^-?(\d{1,3}([.,\s]\d{3})+|\d+)$")


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Row:
    unit_id: int
    kind: str
    start: date
    code: str
    counts: rules.Counts


def _column(header: str) -> str | None:
    return _BY_NAME.get(" ".join(str(header or "").split()).casefold())


def _count(value) -> int | None:
    """A count as written in a cell or JSON: 1234, "1234", "1.234" (thousands), 1234.0 (Excel); None when
    empty. Raises ValueError for anything else (a fraction, text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not _INTEGER.match(text):
        raise ValueError(text)
    return int(re.sub(r"[.,\s]", "", text))


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _check(table: Table) -> list[_Row]:
    """Every row of ``table`` checked (unit, period, indicator, counts; a row repeating another's unit,
    period and indicator); InvalidInput naming each problem's file, row and field, or the rows."""
    filename = table.filename
    issues: list[Issue] = []
    omitted = 0
    if table.header is not None:
        known = {_column(h) for h in table.header}
        missing = [c for c in REQUIRED if c not in known]
        if missing:
            raise InvalidInput(issues=[Issue(N_("Thiếu cột bắt buộc: {columns}."), file=filename,
                                             params={"columns": ", ".join(missing)})])
    if table.count == 0:
        raise InvalidInput(issues=[Issue(N_("Tệp không có dòng số liệu nào."), file=filename)])
    resolver = UnitResolver(queryset=Unit.objects.all())
    rows: list[_Row] = []
    seen: dict[tuple[int, str, date, str], int] = {}
    for number, raw in table.mappings():
        cells = {name: value for key, value in raw.items() if (name := _column(key))}
        found: list[Issue] = []

        def problem(field: str, message: str, _number=number, _found=found, **params) -> None:
            _found.append(Issue(message, file=filename, row=_number, field=field, params=params))

        for name in REQUIRED:
            if not _text(cells.get(name)):
                problem(name, N_("Thiếu giá trị bắt buộc."))
        code = rules.indicator_code(_text(cells.get("indicator")))
        if _text(cells.get("indicator")) and code is None:
            problem("indicator", N_("Chỉ số «{value}» không nhận ở đây; dùng một trong: {codes} (hoặc mã chỉ số "
                                    "của Cổng DVCQG)."), value=_text(cells.get("indicator")),
                    codes=", ".join(rules.ACCEPTED))
        kind = start = None
        if _text(cells.get("period")):
            try:
                kind, start = rules.parse_period(_text(cells.get("period")), _text(cells.get("kind")))
            except ValueError:
                problem("period", N_("Kỳ «{value}» không đọc được; viết «2026», «Q3/2026», «10/2026», hoặc ngày đầu "
                                     "kỳ kèm cột kind (month, quarter, year)."), value=_text(cells.get("period")))
        counts = {}
        for name in COUNT_FIELDS:
            try:
                counts[name] = _count(cells.get(name))
            except ValueError:
                problem(name, N_("Phải là số nguyên."))
        unit_id = None
        ref = _text(cells.get("unit"))
        if ref and start is not None:
            end = kpis.period_end(kind, start)
            choice = resolver.choose(ref, (start, end))
            if choice.id is None:
                found.append(Issue(resolver.describe(ref, choice, (start, end)), file=filename, row=number,
                                   field="unit"))
            unit_id = choice.id
        if not found and code is not None and kind is not None:
            given = rules.Counts(**counts)
            for field, message in rules.problems(code, kind, given):
                problem(field, message)
            key = (unit_id, kind, start, code)
            if not found and key in seen:
                problem("indicator", N_("Trùng đơn vị, kỳ và chỉ số với dòng {row}."), row=seen[key])
            if not found:
                seen[key] = number
                rows.append(_Row(unit_id, kind, start, code, given))
        issues.extend(found)
        omitted += keep_first(issues, settings.IMPORT_MAX_ISSUES)
    if issues:
        raise InvalidInput(issues=issues, omitted=omitted)
    return rows


def _fields(row: _Row) -> dict:
    c = row.counts
    return {"numerator": c.numerator, "denominator": c.denominator, "received_national": c.received_national,
            "received_dvcqg": c.received_dvcqg, "last_year_total": c.last_year_total}


def ingest(table: Table, *, channel: str = Source.FILE, source: str = "", user=None,
           now: datetime | None = None) -> ImportResult:
    """Check ``table`` whole, then store its figures in one transaction: a figure already stored for the
    same unit, period and indicator is replaced (saved, so the audit trail keeps its old counts), the
    others created. Nothing is written when any row has a problem (InvalidInput)."""
    rows = _check(table)
    now = now or timezone.now()
    source = (source or table.filename)[:255]
    user = user if getattr(user, "is_authenticated", False) else None
    result = ImportResult(rows=len(rows))
    with transaction.atomic():
        stored: dict[tuple, PortalCount] = {}
        for kind, start in {(r.kind, r.start) for r in rows}:  # one read per period, not one per row
            ids = {r.unit_id for r in rows if (r.kind, r.start) == (kind, start)}
            for c in PortalCount.objects.select_for_update().filter(period_kind=kind, period_start=start,
                                                                    unit_id__in=ids):
                stored[(c.unit_id, c.period_kind, c.period_start, c.indicator)] = c
        for row in rows:
            existing = stored.get((row.unit_id, row.kind, row.start, row.code))
            fields = _fields(row)
            if existing is None:
                PortalCount.objects.create(unit_id=row.unit_id, period_kind=row.kind, period_start=row.start,
                                           indicator=row.code, channel=channel, source=source,
                                           imported_at=now, imported_by=user, **fields)
                result.created += 1
                continue
            if all(getattr(existing, k) == v for k, v in fields.items()) and not existing.illustrative:
                result.unchanged += 1
                continue
            for k, v in fields.items():
                setattr(existing, k, v)
            existing.channel, existing.source, existing.illustrative = channel, source, False
            existing.imported_at, existing.imported_by = now, user
            existing.save()
            result.replaced += 1
        inputs.changed()
    return result


#: The portal's detail snapshots (GitHub duynghiaqn/Crawler-766, ``*_detail_*.json``): the lists of units.
SNAPSHOT_LISTS = ("agenciesDetail", "communesDetail")


def snapshot_records(data: dict, filename: str) -> list[dict]:
    """The counts of a snapshot of the portal's published details as records (the API's shape): for each
    unit (``departmentCode``, a portal alias), each metric of ``componentIndicators`` mapped to an indicator
    taken in (cchc.core.portal_counts.indicator_code: DOSSIER_SYNC, ELECTRONIC_CERTIFIED_COPY, …) with its
    numerator and denominator as published, and 4.2 from the online-payment group's
    totalDossierOnlineFormalityPaymentSuccess / totalFeeFormality. Only year snapshots
    (``metadata.timeType`` "year": the year to the snapshot's day) are read; the published ones are."""
    meta = data.get("metadata") or {}
    if meta.get("timeType") != "year" or not str(meta.get("year", "")).isdigit():
        raise InvalidInput(issues=[Issue(N_("Chỉ nhận ảnh chụp số liệu theo năm của Cổng DVCQG (metadata.timeType "
                                            "«year» và metadata.year)."), file=filename, field="metadata")])
    period = str(meta["year"])
    records: list[dict] = []
    for key in SNAPSHOT_LISTS:
        for unit in data.get(key) or []:
            if not isinstance(unit, dict):
                continue
            ref = unit.get("departmentCode") or unit.get("departmentName") or ""
            groups = unit.get("componentIndicators") or {}
            for group in groups.values() if isinstance(groups, dict) else ():
                for metric in (group.get("metrics") or []) if isinstance(group, dict) else ():
                    code = rules.indicator_code(str((metric or {}).get("code", "")))
                    if code is not None:
                        records.append({"unit": ref, "period": period, "indicator": code,
                                        "numerator": metric.get("numerator"), "denominator": metric.get("denominator")})
            payment = groups.get("TTTT_ThanhToanTrucTuyen") if isinstance(groups, dict) else None
            if isinstance(payment, dict) and payment.get("totalFeeFormality") is not None:
                records.append({"unit": ref, "period": period, "indicator": "4.2",
                                "numerator": payment.get("totalDossierOnlineFormalityPaymentSuccess"),
                                "denominator": payment.get("totalFeeFormality")})
    return records


def import_file(content: bytes, filename: str, *, user=None) -> ImportResult:
    """A CSV, XLSX or JSON file (cchc.platform.tables: its limits and refusals) taken in whole or not at all; a
    JSON snapshot of the portal's published details (``snapshot_records``) is read for its counts."""
    if filename.lower().endswith(".json"):
        check_size(content, filename)
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if isinstance(data, dict) and any(k in data for k in SNAPSHOT_LISTS):
            run = str((data.get("metadata") or {}).get("runDateStr", ""))[:8]
            records = snapshot_records(data, filename)
            table = Table(filename, None, records, range(1, len(records) + 1))
            return ingest(table, channel=Source.FILE, user=user,
                          source=f"Cổng DVCQG, ảnh chụp {run} ({filename})" if run else filename)
    return ingest(read_table(content, filename), channel=Source.FILE, source=filename, user=user)


def import_records(records: list[dict], *, source: str, user=None) -> ImportResult:
    """The API's JSON records (position = row), taken in whole or not at all."""
    table = Table(source or "API", None, records, range(1, len(records) + 1))
    return ingest(table, channel=Source.API, source=source or "API", user=user)


def listed(*, kind: str = "", start: date | None = None, indicator: str = "", q: str = "", block: str = ""):
    """The stored figures, filtered by period kind and start, indicator, a part of the unit's name, block."""
    qs = PortalCount.objects.select_related("unit", "imported_by")
    if kind:
        qs = qs.filter(period_kind=kind)
    if start is not None:
        qs = qs.filter(period_start=start)
    if indicator:
        qs = qs.filter(indicator=indicator)
    if q:
        qs = qs.filter(unit__name__icontains=q)
    if block:
        qs = qs.filter(unit__block=block)
    return qs.order_by("period_kind", "-period_start", "unit__name", "indicator", "pk")


def starts(kind: str = "") -> list[date]:
    """The period starts with stored figures (of ``kind`` when given), newest first."""
    qs = PortalCount.objects.all()
    if kind:
        qs = qs.filter(period_kind=kind)
    return list(qs.order_by("-period_start").values_list("period_start", flat=True).distinct())
