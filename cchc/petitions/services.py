"""Petitions (PAKN): importing them (a file, an API batch), storing their 766 figures, listing those behind
a figure.

An import is all or nothing: every row is checked first (unit, dates, action, counts), each problem named by
file, row and field in Vietnamese; if any row has a problem nothing is written. Accepted rows are upserted by
petition code; each petition's verdicts (6.1 on time, 6.2 satisfied) are decided by
cchc.core.petitions766.judge and stored with it; then the figures of every unit the import touched are
recounted from the stored verdicts (``PetitionFigure``) and the province's imported periods recorded
(``PetitionCoverage``), in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import petitions766 as rules
from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.kpis import period_end, periods_of
from cchc.core.parsing import parse_date
from cchc.core.workdays import DateOutsideCalendar, calendar_for
from cchc.dossiers.models import HolidayOverride
from cchc.platform.tables import Table
from cchc.scoreboard import inputs
from cchc.units.models import Unit
from cchc.units.services import UnitResolver

from . import figures766
from .choices import Listed
from .models import Petition, PetitionCoverage, PetitionFigure, PetitionImport

#: The columns a file or a record may have (CCHC's names); ``REQUIRED`` must be there.
COLUMNS = ("code", "unit", "received_on", "action", "acted_on", "due_on", "handled_on", "status", "likes",
           "dislikes", "recomplained", "topic", "dossier_code", "title")
REQUIRED = ("code", "unit", "received_on")
#: Other names the PAKN system's export uses for the same columns (portal-style), read as CCHC's.
SYNONYMS = {
    "ma_pakn": "code", "maphananh": "code", "don_vi": "unit", "departmentcode": "unit", "ma_don_vi": "unit",
    "ngay_tiep_nhan": "received_on", "ngaytiepnhan": "received_on", "hanh_dong": "action",
    "ngay_hanh_dong": "acted_on", "han_xu_ly": "due_on", "hanxuly": "due_on", "ngay_xu_ly": "handled_on",
    "trang_thai": "status", "luot_thich": "likes", "luot_khong_thich": "dislikes", "phan_anh_lai": "recomplained",
    "phan_loai": "topic", "ma_ho_so": "dossier_code", "tieu_de": "title",
}
#: How the actions and topics may be written (CCHC's value, or the Vietnamese label, any case).
ACTION_WORDS = {"xử lý": rules.Action.PROCESSED, "đã xử lý": rules.Action.PROCESSED, "từ chối": rules.Action.REJECTED,
                "yêu cầu bổ sung": rules.Action.SUPPLEMENT, "bổ sung": rules.Action.SUPPLEMENT,
                "công khai": rules.Action.PUBLISHED}
TOPIC_WORDS = {"quy định": rules.Topic.RULES, "thủ tục hành chính": rules.Topic.RULES, "tthc": rules.Topic.RULES,
               "cán bộ": rules.Topic.OFFICIALS, "công chức": rules.Topic.OFFICIALS, "khác": rules.Topic.OTHER}
TRUE_WORDS = {"1", "true", "x", "có", "yes", "co"}
FALSE_WORDS = {"", "0", "false", "không", "no", "khong"}
#: The most problems an import reports (the rest are counted).
MAX_ISSUES = 200


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    units: int
    late: int
    unsatisfied: int


def _key(name: str) -> str:
    name = str(name or "").strip()
    return SYNONYMS.get(name.lower(), name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    """One row being checked: its values as they are read, and its problems."""

    def __init__(self, filename: str, number: int, issues: list[Issue]):
        self.filename, self.number, self.issues = filename, number, issues

    def problem(self, field: str, message: str) -> None:
        self.issues.append(Issue(message, file=self.filename, row=self.number, field=field))

    def day(self, values: Mapping[str, Any], field: str, *, required: bool = False) -> date | None:
        raw = values.get(field)
        if raw is None or _text(raw) == "":
            if required:
                self.problem(field, _("Thiếu giá trị bắt buộc."))
            return None
        try:
            return parse_date(raw)
        except ValueError:
            self.problem(field, _("«{value}» không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy).").format(value=_text(raw)))
            return None

    def count(self, values: Mapping[str, Any], field: str) -> int:
        text = _text(values.get(field))
        if text == "":
            return 0
        if not text.isdigit():
            self.problem(field, _("«{value}» không phải số nguyên không âm.").format(value=text))
            return 0
        return int(text)

    def flag(self, values: Mapping[str, Any], field: str) -> bool:
        raw = values.get(field)
        if isinstance(raw, bool):
            return raw
        text = _text(raw).lower()
        if text in TRUE_WORDS:
            return True
        if text not in FALSE_WORDS:
            self.problem(field, _("«{value}» không phải có/không (1/0).").format(value=_text(raw)))
        return False

    def choice(self, values: Mapping[str, Any], field: str, enum, words: dict) -> str:
        text = _text(values.get(field))
        if text == "":
            return ""
        lowered = text.lower()
        if lowered in {e.value for e in enum}:
            return lowered
        for word, value in words.items():
            if lowered == word:
                return value.value
        self.problem(field, _("«{value}» không phải giá trị hợp lệ ({allowed}).").format(
            value=text, allowed=", ".join(e.value for e in enum)))
        return ""


def _overrides() -> tuple[list[date], list[date]]:
    rows = list(HolidayOverride.objects.values_list("day", "is_working_day"))
    return [d for d, working in rows if not working], [d for d, working in rows if working]


def check(table: Table, *, as_of: date) -> list[dict[str, Any]]:
    """Every row of ``table`` checked and judged, as the petition fields to write; raises InvalidInput
    naming file, row and field of every problem (nothing is written by this function)."""
    issues: list[Issue] = []
    if table.header is not None:
        header = [_key(h) for h in table.header]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InvalidInput(issues=[Issue(_("Thiếu cột bắt buộc: {columns}.").format(columns=", ".join(missing)),
                                             file=table.filename)])
    resolver = UnitResolver()
    days_off, workdays = _overrides()
    parsed: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in table.mappings():
        if not isinstance(raw, Mapping):
            issues.append(Issue(_("Mỗi bản ghi phải là một đối tượng JSON."), file=table.filename, row=number))
            continue
        values = {_key(k): v for k, v in raw.items()}
        row = _Row(table.filename, number, issues)
        before = len(issues)
        code = _text(values.get("code"))
        if not code:
            row.problem("code", _("Thiếu giá trị bắt buộc."))
        elif len(code) > 64:
            row.problem("code", _("Mã PAKN dài quá 64 ký tự."))
        elif code in seen:
            row.problem("code", _("Mã PAKN «{code}» trùng với dòng {row}.").format(code=code, row=seen[code]))
        else:
            seen[code] = number
        received = row.day(values, "received_on", required=True)
        unit_ref = _text(values.get("unit"))
        unit_id = None
        if not unit_ref:
            row.problem("unit", _("Thiếu giá trị bắt buộc."))
        elif received is not None:
            choice = resolver.choose(unit_ref, (received, received))
            if choice.id is None:
                row.problem("unit", resolver.describe(unit_ref, choice, (received, received)))
            unit_id = choice.id
        action = row.choice(values, "action", rules.Action, ACTION_WORDS)
        acted_on = row.day(values, "acted_on")
        due = row.day(values, "due_on")
        handled = row.day(values, "handled_on")
        if action and acted_on is None:
            row.problem("acted_on", _("Có hành động đầu tiên thì phải có ngày của hành động đó."))
        if acted_on is not None and not action:
            row.problem("action", _("Có ngày hành động thì phải ghi hành động (xử lý, từ chối, yêu cầu bổ sung, công khai)."))
        for field, day in (("acted_on", acted_on), ("due_on", due), ("handled_on", handled)):
            if day is not None and received is not None and day < received:
                row.problem(field, _("Ngày {day} trước ngày tiếp nhận {received}.").format(
                    day=f"{day:%d/%m/%Y}", received=f"{received:%d/%m/%Y}"))
        if received is not None and received > as_of:
            row.problem("received_on", _("Ngày tiếp nhận {day} sau ngày số liệu {as_of}.").format(
                day=f"{received:%d/%m/%Y}", as_of=f"{as_of:%d/%m/%Y}"))
        likes, dislikes = row.count(values, "likes"), row.count(values, "dislikes")
        recomplained = row.flag(values, "recomplained")
        topic = row.choice(values, "topic", rules.Topic, TOPIC_WORDS)
        texts = {f: _text(values.get(f)) for f in ("status", "dossier_code", "title")}
        for field, limit in (("status", 100), ("dossier_code", 100), ("title", 500)):
            if len(texts[field]) > limit:
                row.problem(field, _("Dài quá {n} ký tự.").format(n=limit))
        if len(issues) > before or received is None:
            keep_first(issues, MAX_ISSUES)
            continue
        try:
            calendar = calendar_for(range(received.year, as_of.year + 1), extra_days_off=days_off,
                                    extra_workdays=workdays)
            verdict = rules.judge(received=received, action=action or None, acted_on=acted_on, due=due, likes=likes,
                                  dislikes=dislikes, recomplained=recomplained, as_of=as_of, calendar=calendar)
        except DateOutsideCalendar as exc:
            row.problem("received_on", exc.message)
            continue
        parsed.append({"code": code, "unit_id": unit_id, "received_on": received, "action": action,
                       "acted_on": acted_on, "due_on": verdict.due, "due_given": due is not None,
                       "handled_on": handled, "likes": likes, "dislikes": dislikes, "recomplained": recomplained,
                       "topic": topic, "as_of": as_of, "on_time": verdict.on_time, "satisfied": verdict.satisfied,
                       **texts})
    if not parsed and not issues:
        issues.append(Issue(_("Tệp không có dòng PAKN nào."), file=table.filename))
    if issues:
        omitted = keep_first(issues, MAX_ISSUES)
        raise InvalidInput(issues=issues, omitted=omitted)
    return parsed


@transaction.atomic
def write(records: list[dict[str, Any]], *, source: str, user=None, illustrative: bool = False) -> ImportResult:
    """Upsert checked records by code, recount the figures of the units touched (before and after: a
    petition may move to another unit) and record the imported periods of their provinces."""
    codes = [r["code"] for r in records]
    existing = {p.code: p for p in Petition.objects.filter(code__in=codes)}
    touched = {p.unit_id for p in existing.values()} | {r["unit_id"] for r in records}
    new, changed = [], []
    fields = [f for f in records[0] if f != "code"] + ["illustrative"] if records else []
    for record in records:
        petition = existing.get(record["code"])
        if petition is None:
            new.append(Petition(**record, illustrative=illustrative))
        else:
            for name, value in record.items():
                setattr(petition, name, value)
            petition.illustrative = illustrative
            petition.updated_at = timezone.now()
            changed.append(petition)
    Petition.objects.bulk_create(new, batch_size=500)
    if changed:
        Petition.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=500)
    recount(touched)
    provinces = dict(Unit.objects.filter(pk__in=touched).values_list("pk", "province_id"))
    periods = {(provinces.get(r["unit_id"]) or r["unit_id"], kind, start)
               for r in records for kind, start in rules.periods_containing(r["received_on"])}
    for province_id, kind, start in periods:
        PetitionCoverage.objects.get_or_create(province_id=province_id, period_kind=kind, period_start=start)
    PetitionImport.objects.create(source=source[:255], user=user if getattr(user, "pk", None) else None,
                                  rows=len(records), created=len(new), updated=len(changed))
    figures766.forget()  # read again from the database (this transaction's readers see the new import)
    transaction.on_commit(figures766.remember)  # and written for the others once committed
    inputs.changed()
    return ImportResult(len(records), len(new), len(changed), len({r["unit_id"] for r in records}),
                        sum(not r["on_time"] for r in records), sum(not r["satisfied"] for r in records))


def recount(unit_ids: Iterable[int]) -> None:
    """The figures of ``unit_ids`` recounted from their petitions' stored verdicts (all their periods)."""
    ids = list(unit_ids)
    counts: dict[tuple[int, str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    rows = Petition.objects.filter(unit_id__in=ids).values_list("unit_id", "received_on", "on_time", "satisfied",
                                                                  "topic")
    for unit_id, received, on_time, satisfied, topic in rows.iterator(chunk_size=5000):
        for kind, start in rules.periods_containing(received):
            c = counts[(unit_id, kind, start)]
            c[0] += 1
            c[1] += on_time
            c[2] += satisfied
            c[3] += topic == rules.Topic.RULES
            c[4] += topic == rules.Topic.OFFICIALS
    now = timezone.now()
    PetitionFigure.objects.filter(unit_id__in=ids).delete()
    PetitionFigure.objects.bulk_create([
        PetitionFigure(unit_id=u, period_kind=k, period_start=s, received=c[0], on_time=c[1], satisfied=c[2],
                       about_rules=c[3], about_officials=c[4], computed_at=now)
        for (u, k, s), c in counts.items()], batch_size=500)


def import_table(table: Table, *, user=None, as_of: date | None = None, illustrative: bool = False) -> ImportResult:
    """Check then write a file's rows (all or nothing); ``as_of``: the day the file's states were known
    (today by default), against which petitions not yet acted on are judged."""
    as_of = as_of or timezone.localdate()
    records = check(table, as_of=as_of)
    return write(records, source=table.filename, user=user, illustrative=illustrative)


def import_records(records: list[dict], *, source: str, user=None, as_of: date | None = None) -> ImportResult:
    """An API batch: records as a file's rows (position = row number), the same checks, all or nothing."""
    if not records:
        return ImportResult(0, 0, 0, 0, 0, 0)
    table = Table(source, None, records, range(1, len(records) + 1))
    as_of = as_of or timezone.localdate()
    return write(check(table, as_of=as_of), source=source, user=user)


def is_period_start(kind: str, start: date) -> bool:
    return any(first == start for first, _last in periods_of(start.year, kind))




def listed(unit_ids: Iterable[int], kind: str, start: date, which: str = Listed.ALL):
    """The petitions behind a unit's figure for the period (those received in it): all of them (the
    denominator), the late ones (6.1 lost) or the unsatisfied ones (6.2 lost), by the stored verdicts the
    figure counted."""
    qs = Petition.objects.filter(unit_id__in=list(unit_ids), received_on__gte=start,
                                 received_on__lte=period_end(kind, start)).select_related("unit")
    if which == Listed.LATE:
        qs = qs.filter(on_time=False)
    elif which == Listed.UNSATISFIED:
        qs = qs.filter(satisfied=False)
    return qs.order_by("received_on", "code")


def figure_of(unit_id: int, kind: str, start: date) -> PetitionFigure | None:
    return PetitionFigure.objects.filter(unit_id=unit_id, period_kind=kind, period_start=start).first()

