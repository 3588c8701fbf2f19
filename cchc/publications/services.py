"""Procedure publication records in, group 1 figures of the 766 index out.

* ``import_file`` / ``import_records``: a CSV or XLSX file (cchc.platform.tables) or a JSON list (the
  API) of announcements; every row is checked before anything is written (procedure by code, unit by key,
  code, name or the portal's alias, dates, parts, level), each problem named by file, row and field; then
  one transaction upserts the records by (unit, procedure, decision number) and recomputes the stored
  figures of the provinces touched. Re-importing the same file changes nothing.
* ``recompute``: the figures of 1.1–1.3 per unit and period from the records, by
  cchc.core.publication766 (one verdict per announcement, one per procedure and period), stored in
  ``PublicationFigure`` so the scoreboard reads them without scanning (cchc.publications.figures766).
* ``behind``: the records behind a unit's figure for a period, each with its verdict: the same grouping
  and the same rules as ``recompute``, so the list's counts are the figure ("one truth").

A record belongs to the periods (of every kind) that contain its decision's date [I: the portal counts
the procedures announced in the period]. A unit's figure comes from the records scoped to it in the period
when there are any, else from its province's province-wide records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cchc.core import kpis
from cchc.core import publication766 as rules
from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import keeping
from cchc.core.parsing import parse_date
from cchc.core.workdays import calendar_for
from cchc.dossiers.models import HolidayOverride, Procedure
from cchc.platform.tables import cell_text, read_csv, read_xlsx
from cchc.scoreboard import inputs
from cchc.units.models import Unit
from cchc.units.services import UnitResolver

from .models import Publication, PublicationFigure, PublicationImport

#: Messages keep their id and parameters (issues are shown again in each reader's language).
_ = keeping(gettext)

#: The columns of a publication file (docs/publication-files.md) → also accepted under these headers.
COLUMNS: dict[str, tuple[str, ...]] = {
    "procedure_code": ("mã tthc", "ma_tthc", "procedure"),
    "unit": ("đơn vị", "don_vi", "unit_code"),
    "decision_number": ("số qđ công bố", "so_qd"),
    "decision_date": ("ngày qđ công bố", "ngay_qd"),
    "effective_date": ("ngày hiệu lực", "ngay_hieu_luc"),
    "published_on": ("ngày công khai csdlqg", "ngay_cong_khai"),
    "parts": ("bộ phận", "bo_phan"),
    "level": ("cấp công bố", "cap"),
}
REQUIRED = ("procedure_code", "unit", "decision_number", "decision_date", "effective_date", "parts")
#: A ``parts`` cell that means every part of NĐ 63/2010 Art. 8.2.
ALL_PARTS = {"all", "đủ", "đầy đủ"}
#: The part codes also accepted by their Vietnamese names (cchc.core.publication766.PARTS).
PART_NAMES = {name: code for code, name in rules.PARTS.items()}
LEVELS = {"province": rules.IssuingLevel.PROVINCE, "tỉnh": rules.IssuingLevel.PROVINCE, "": rules.IssuingLevel.PROVINCE,
          "ministry": rules.IssuingLevel.MINISTRY, "bộ": rules.IssuingLevel.MINISTRY}
MAX_RECORDS = 10_000
#: The years a date may fall in (the working-day calendar is built for them; a typo like 0226 is refused).
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class ImportSummary:
    rows: int
    created: int
    updated: int
    unchanged: int
    figures: int = 0
    issues: list[Issue] = field(default_factory=list)


# --- reading and checking ------------------------------------------------------------------------------

def _header_map(header: Iterable[str], filename: str) -> dict[str, str]:
    """file header → column name; unknown headers and missing columns refuse the file (row 1)."""
    aliases = {a: c for c, names in COLUMNS.items() for a in (c, *names)}
    mapping, issues = {}, []
    for h in header:
        key = str(h or "").strip().lower()
        if key in aliases:
            mapping[h] = aliases[key]
        elif key:
            issues.append(Issue(_("Cột không xác định «{name}» (các cột: {columns}).").format(
                name=h, columns=", ".join(COLUMNS)), file=filename, row=1, field=str(h)))
    issues += [Issue(_("Thiếu cột bắt buộc «{name}».").format(name=c), file=filename, row=1, field=c)
               for c in REQUIRED if c not in mapping.values()]
    if issues:
        raise InvalidInput(issues=issues)
    return mapping


def _parts(text: str) -> list[str]:
    if text.lower() in ALL_PARTS:
        return list(rules.PARTS)
    found = []
    for piece in text.replace(",", ";").split(";"):
        piece = piece.strip()
        if not piece:
            continue
        code = piece if piece in rules.PARTS else PART_NAMES.get(piece.lower())
        if code is None:
            raise ValueError(piece)
        if code not in found:
            found.append(code)
    return [p for p in rules.PARTS if p in found]


def _calendar(years: set[int]):
    """The national calendar with the province's overrides (cchc.dossiers.models.HolidayOverride), as the
    dossiers' due dates use it."""
    overrides = list(HolidayOverride.objects.values_list("day", "is_working_day"))
    return calendar_for(years or {timezone.localdate().year},
                        extra_days_off=[d for d, working in overrides if not working],
                        extra_workdays=[d for d, working in overrides if working])


def check(rows: Iterable[tuple[int, dict[str, Any]]], filename: str) -> list[dict]:
    """Every row checked; the records' values, or InvalidInput naming file, row and field of each problem.
    One query for the procedures, one for the units (with their aliases)."""
    rows = list(rows)
    if len(rows) > MAX_RECORDS:
        raise InvalidInput(issues=[Issue(_("Một lần nhập tối đa {n} bản ghi.").format(n=f"{MAX_RECORDS:,}".replace(",", ".")),
                                         file=filename)])
    codes = {cell_text(r.get("procedure_code") or "") for _n, r in rows}
    procedures = dict(Procedure.objects.filter(code__in=codes).values_list("code", "pk"))
    resolver = UnitResolver()
    unit_rows = {pk: (kind, province_id) for pk, kind, province_id in Unit.objects.values_list("pk", "kind", "province_id")}
    issues: list[Issue] = []
    out: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, raw in rows:
        cells = {k: ("" if v is None else (v if hasattr(v, "year") else cell_text(v))) for k, v in raw.items()}

        def bad(column: str, message: str, number: int = number) -> None:
            issues.append(Issue(message, file=filename, row=number, field=column))

        values: dict[str, Any] = {}
        code = cells.get("procedure_code", "")
        if not code:
            bad("procedure_code", _("Thiếu mã thủ tục."))
        elif code not in procedures:
            bad("procedure_code", _("Không có thủ tục mã «{code}» trong danh mục TTHC; hãy nhập danh mục trước.").format(code=code))
        else:
            values["procedure_id"] = procedures[code]
        for column, missing in (("decision_date", _("Thiếu ngày quyết định công bố.")),
                                ("effective_date", _("Thiếu ngày văn bản quy định có hiệu lực.")), ("published_on", None)):
            text = cells.get(column, "")
            if text in ("", None):
                if missing is not None:
                    bad(column, missing)
                values[column] = None
                continue
            try:
                values[column] = parse_date(text)
                if not FIRST_YEAR <= values[column].year <= LAST_YEAR:
                    raise ValueError(text)
            except ValueError:
                bad(column, _("Ngày không hợp lệ «{value}» (dạng dd/mm/yyyy hoặc yyyy-mm-dd, từ năm {first} đến {last}).")
                    .format(value=text, first=FIRST_YEAR, last=LAST_YEAR))
                values[column] = None
        number_text = cells.get("decision_number", "")
        if not number_text:
            bad("decision_number", _("Thiếu số quyết định công bố."))
        elif len(number_text) > 64:
            bad("decision_number", _("Số quyết định dài quá 64 ký tự."))
        values["decision_number"] = number_text
        if values.get("decision_date") and values.get("published_on") and values["published_on"] < values["decision_date"]:
            bad("published_on", _("Ngày công khai trên CSDLQG trước ngày quyết định công bố."))
        try:
            values["parts"] = _parts(cells.get("parts", ""))
        except ValueError as exc:
            bad("parts", _("Bộ phận không xác định «{value}» (dùng: {parts}, hoặc «đủ»).").format(
                value=exc, parts=", ".join(rules.PARTS)))
        level = str(cells.get("level", "")).strip().lower()
        if level not in LEVELS:
            bad("level", _("Cấp công bố không hợp lệ «{value}» (tỉnh hoặc bộ).").format(value=level))
        else:
            values["level"] = LEVELS[level].value
        ref = cells.get("unit", "")
        if not ref:
            bad("unit", _("Thiếu đơn vị (tỉnh, hoặc đơn vị của tỉnh khi bản ghi chỉ áp dụng cho đơn vị đó)."))
        else:
            day = values.get("decision_date")
            choice = resolver.choose(ref, (day, day) if day else (None, None))
            if choice.id is None:
                bad("unit", resolver.describe(ref, choice, (day, day) if day else (None, None)))
            else:
                kind, province_id = unit_rows[choice.id]
                if province_id is None:
                    bad("unit", _("Đơn vị «{ref}» không thuộc tỉnh nào.").format(ref=ref))
                values["unit_id"], values["province_id"] = choice.id, province_id
        key = (values.get("unit_id"), values.get("procedure_id"), number_text)
        if None not in key:
            if key in seen:
                bad("decision_number", _("Trùng với dòng {row} (cùng đơn vị, thủ tục và quyết định).").format(row=seen[key]))
            else:
                seen[key] = number
        out.append(values)
    if issues:
        raise InvalidInput(issues=issues)
    return out


def _table(content: bytes, filename: str):
    lower = filename.lower()
    if lower.endswith(".csv"):
        return read_csv(content, filename)
    if lower.endswith(".xlsx"):
        return read_xlsx(content, filename)
    raise InvalidInput(issues=[Issue(_("Chỉ nhận tệp .csv hoặc .xlsx."), file=filename)])


def read_file(content: bytes, filename: str) -> list[dict]:
    """A publication file's records, checked (InvalidInput naming file, row and field)."""
    table = _table(content, filename)
    mapping = _header_map(table.header or [], filename)
    return check(((n, {mapping[k]: v for k, v in raw.items() if k in mapping}) for n, raw in table.mappings()), filename)


# --- writing ---------------------------------------------------------------------------------------------

FIELDS = ("province_id", "effective_date", "published_on", "parts", "level", "decision_date")


@transaction.atomic
def write(records: list[dict], *, source: str, user=None, illustrative: bool = False) -> ImportSummary:
    existing = {(p.unit_id, p.procedure_id, p.decision_number): p for p in Publication.objects.filter(
        unit_id__in={r["unit_id"] for r in records}, procedure_id__in={r["procedure_id"] for r in records})}
    new, changed = [], []
    for r in records:
        old = existing.get((r["unit_id"], r["procedure_id"], r["decision_number"]))
        if old is None:
            new.append(Publication(**r, source=source[:255], illustrative=illustrative))
            continue
        if all(getattr(old, f) == r[f] for f in FIELDS):
            continue
        for f in FIELDS:
            setattr(old, f, r[f])
        changed.append(old)
    Publication.objects.bulk_create(new, batch_size=500)
    for p in changed:
        p.save()  # one by one: the audit trail records each change (a province announces hundreds a year)
    summary = ImportSummary(len(records), len(new), len(changed), len(records) - len(new) - len(changed))
    if new or changed:
        summary.figures = recompute({r["province_id"] for r in records})
    PublicationImport.objects.create(filename=source[:255], rows=summary.rows, created=summary.created,
                                     updated=summary.updated, unchanged=summary.unchanged,
                                     imported_by=user if getattr(user, "is_authenticated", False) else None)
    inputs.changed()
    return summary


def import_file(content: bytes, filename: str, *, user=None, illustrative: bool = False) -> ImportSummary:
    """Import a CSV or XLSX file of announcements: all or nothing, idempotent."""
    return write(read_file(content, filename), source=filename, user=user, illustrative=illustrative)


def import_records(records: list[dict], *, user=None, source: str = "API") -> ImportSummary:
    """Import a JSON list of announcements (the API): the same columns and checks as a file, rows counted
    from 1; all or nothing."""
    issues = [Issue(_("Mỗi bản ghi phải là một đối tượng JSON."), file=source, row=n)
              for n, r in enumerate(records, start=1) if not isinstance(r, dict)]
    if issues:
        raise InvalidInput(issues=issues)
    rows = []
    for n, raw in enumerate(records, start=1):
        unknown = [k for k in raw if k not in COLUMNS]
        issues += [Issue(_("Trường không xác định «{name}» (các trường: {columns}).").format(
            name=k, columns=", ".join(COLUMNS)), file=source, row=n, field=k) for k in unknown]
        rows.append((n, {k: (";".join(map(str, v)) if k == "parts" and isinstance(v, list) else v) for k, v in raw.items()
                         if k in COLUMNS}))
    if issues:
        raise InvalidInput(issues=issues)
    return write(check(rows, source), source=source, user=user)


# --- figures ---------------------------------------------------------------------------------------------

def _announcement(p: Publication) -> rules.Announcement:
    return rules.Announcement(p.decision_date, p.effective_date, p.published_on, frozenset(p.parts),
                              rules.IssuingLevel(p.level))


def verdicts(publications: list[Publication]) -> dict[int, rules.Verdict]:
    """Each record's verdict (by pk), with the province's calendar."""
    if not publications:
        return {}
    cal = _calendar({p.decision_date.year for p in publications} | {p.effective_date.year for p in publications})
    return {p.pk: rules.verdict(_announcement(p), cal) for p in publications}


def recompute(province_ids: Iterable[int]) -> int:
    """Rebuild the stored figures of these provinces' units from their records; the number of figures.

    Each unit of a province gets, for each period, the figure of the records scoped to it when there are
    any, else the figure of the province-wide records (written for every unit of the province, the
    province included, so that the scoreboard reads a unit's figure in one query). A unit added to the
    province later gets its figures at the next import."""
    province_ids = set(province_ids)
    records = list(Publication.objects.filter(province_id__in=province_ids))
    judged = verdicts(records)
    grouped: dict[tuple[int, str, date], list[tuple[int, rules.Verdict]]] = defaultdict(list)
    for p in records:
        for kind, start in kpis.periods_containing(p.decision_date):
            grouped[(p.unit_id, kind, start)].append((p.procedure_id, judged[p.pk]))
    members: dict[int, list[int]] = defaultdict(list)
    for pk, province_id in Unit.objects.filter(province_id__in=province_ids).values_list("pk", "province_id"):
        members[province_id].append(pk)
    now = timezone.now()
    figures: dict[tuple[int, str, date], PublicationFigure] = {}
    # the province-wide figures first, for every unit; then the scoped ones replace them for their units
    for (source, kind, start), items in sorted(grouped.items(), key=lambda kv: kv[0][0] not in province_ids):
        c = rules.counts(rules.per_procedure(items))
        for unit_id in (members[source] if source in province_ids else [source]):
            figures[(unit_id, kind, start)] = PublicationFigure(
                unit_id=unit_id, source_id=source, period_kind=kind, period_start=start, procedures=c.procedures,
                announced_on_time=c.announced_on_time, published_on_time=c.published_on_time, complete=c.complete,
                computed_at=now)
    PublicationFigure.objects.filter(source__province_id__in=province_ids).delete()
    PublicationFigure.objects.bulk_create(figures.values(), batch_size=1000)
    return len(figures)


def source_unit(unit: Unit, kind: str, start: date) -> int | None:
    """The unit whose records make ``unit``'s figure for the period (its stored figure's ``source``): itself
    when records are scoped to it, else its province; None when it has no figure."""
    return PublicationFigure.objects.filter(unit=unit, period_kind=kind, period_start=start).values_list(
        "source_id", flat=True).first()


@dataclass(frozen=True)
class Behind:
    """The records behind a unit's figure for a period, each with its verdict, and the counts they give."""

    records: list[Publication]
    verdicts: dict[int, rules.Verdict]
    by_procedure: dict[int, rules.Verdict]
    counts: rules.Counts
    scoped: bool  # the records are scoped to the unit (else: the province's, applied to it)


def behind(unit: Unit, kind: str, start: date) -> Behind:
    """The records behind ``unit``'s figure for the period: those of :func:`source_unit` whose decision
    falls in it, judged and grouped as :func:`recompute` does."""
    first, last = start, kpis.period_end(kind, start)
    source = source_unit(unit, kind, start)
    records = list(Publication.objects.filter(unit_id=source, decision_date__range=(first, last))
                   .select_related("procedure", "unit").order_by("procedure__code", "decision_date", "pk")) if source else []
    judged = verdicts(records)
    by_procedure = rules.per_procedure((p.procedure_id, judged[p.pk]) for p in records)
    return Behind(records, judged, by_procedure, rules.counts(by_procedure),
                  source is not None and source != unit.province_id)
