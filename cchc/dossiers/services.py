"""Use cases of the dossier ledger: importing dossier files and API batches (validated, all or nothing).

Every row of every file is checked, units and procedures are resolved, and due dates are computed
before anything is written; any problem refuses the whole import with all problems listed (file, row,
field). Writing is one transaction: dossiers are upserted by (source system, code) in batches, rows
identical to what is stored are skipped (so a re-import writes nothing and ``updated_at``, the analytics
watermark, only moves for real changes), and a written dossier's supplements and events are replaced.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import InvalidInput, Issue
from cchc.core.workdays import DateOutsideCalendar, calendar_for
from cchc.units.models import Unit

from . import ingest
from .models import (
    Dossier,
    DossierEvent,
    DossierSupplement,
    EventKind,
    HolidayOverride,
    OnlineLevel,
    Procedure,
)

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

#: The stored fields an import sets, in a fixed order (they are compared as a tuple to skip identical rows).
FIELDS = (
    "receipt_number", "unit_id", "procedure_id", "status", "channel", "online_full", "applicant_kind",
    "received_at", "due_at", "due_computed", "finished_at", "returned_at", "return_by_post",
    "supplement_count", "supplement_wait_seconds", "apology_at", "apology_new_due_at", "fee_amount",
    "paid_online", "components_digitised", "result_digitised", "reused_data", "rating",
)
DEFAULTS: dict[str, Any] = {
    "receipt_number": "", "channel": 1, "applicant_kind": None, "due_at": None, "due_computed": False,
    "finished_at": None, "returned_at": None, "return_by_post": False, "supplement_count": 0,
    "supplement_wait_seconds": 0, "apology_at": None, "apology_new_due_at": None, "fee_amount": Decimal(0),
    "paid_online": False, "components_digitised": False, "result_digitised": False, "reused_data": False,
    "rating": None,
}
@dataclass
class IngestSummary:
    """What an import did: rows read, dossiers created, updated and left unchanged (identical)."""

    rows: int
    created: int
    updated: int
    unchanged: int
    due_computed: int = 0
    files: list[str] = field(default_factory=list)


@dataclass
class _Dossier:
    """A checked row, ready to write: the model's field values and the supplements."""

    code: str
    values: dict[str, Any]
    supplements: list[tuple[datetime, datetime | None]]
    #: Whether the row states an apology; if not, a stored one (issued in CCHC) is kept.
    gives_apology: bool = False


# --- resolving references -------------------------------------------------------------------------

class _Units:
    """All units in memory (one query): a province has a few hundred, the whole country tens of thousands."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_code: dict[str, list[tuple[date | None, date | None, int]]] = defaultdict(list)
        self.by_name: dict[str, list[tuple[date | None, date | None, int]]] = defaultdict(list)
        for pk, key, code, name, valid_from, valid_to in Unit.objects.values_list(
                "pk", "key", "code", "name", "valid_from", "valid_to"):
            self.by_key[key] = pk
            self.by_code[code].append((valid_from, valid_to, pk))
            self.by_name[name].append((valid_from, valid_to, pk))
        self._cache: dict[tuple, tuple[int | None, str, str]] = {}

    @staticmethod
    def _valid(candidates: list, day: date) -> list[int]:
        return [pk for start, end, pk in candidates if (start is None or start <= day) and (end is None or day <= end)]

    def resolve(self, ref: str, name: str, day: date) -> tuple[int | None, str, str]:
        """(unit id, problem, which of "ref"/"name" the problem is about); by key, by code on ``day``, by name."""
        key = (ref, name, day)
        if key not in self._cache:
            self._cache[key] = self._resolve(ref, name, day)
        return self._cache[key]

    def _resolve(self, ref: str, name: str, day: date) -> tuple[int | None, str, str]:
        when = f"{day:%d/%m/%Y}"
        problem, about = "", "ref"
        if ref:
            if ref in self.by_key:
                return self.by_key[ref], "", ""
            valid = self._valid(self.by_code.get(ref, []), day)
            if len(valid) == 1:
                return valid[0], "", ""
            if len(valid) > 1:
                return None, _("Có {n} đơn vị cùng mã «{code}» còn hiệu lực ngày {day}; hãy dùng khóa định danh của đơn vị.").format(
                    n=len(valid), code=ref, day=when), "ref"
            if ref in self.by_code:
                problem = _("Đơn vị mã «{code}» không còn hiệu lực vào ngày tiếp nhận {day}.").format(code=ref, day=when)
            else:
                problem = _("Không có đơn vị mã hoặc khóa «{code}»; hãy nhập đơn vị trước (cchc units import).").format(code=ref)
        if name:
            valid = self._valid(self.by_name.get(name, []), day)
            if len(valid) == 1:
                return valid[0], "", ""
            if not problem:
                about = "name"
                if len(valid) > 1:
                    problem = _("Có {n} đơn vị cùng tên «{name}» còn hiệu lực ngày {day}; hãy ghi mã đơn vị (MaDonVi).").format(
                        n=len(valid), name=name, day=when)
                else:
                    problem = _("Không có đơn vị tên đúng là «{name}» còn hiệu lực ngày {day}.").format(name=name, day=when)
            else:
                problem += " " + _("Tên «{name}» cũng không khớp đúng một đơn vị.").format(name=name)
        return None, problem, about


@dataclass(frozen=True)
class _Procedure:
    pk: int
    time_limit: Decimal | None
    kind: str
    same_day: bool
    online_level: str


def _procedures() -> dict[str, _Procedure]:
    return {
        code: _Procedure(pk, limit, kind, same_day, level)
        for pk, code, limit, kind, same_day, level in Procedure.objects.values_list(
            "pk", "code", "time_limit", "time_limit_kind", "same_day", "online_level")
    }


def _calendar(years: set[int]):
    """The national working-day calendar with the province's overrides (HolidayOverride), for these years."""
    overrides = list(HolidayOverride.objects.values_list("day", "is_working_day"))
    return calendar_for(
        years,
        extra_days_off=[d for d, working in overrides if not working],
        extra_workdays=[d for d, working in overrides if working],
    )


# --- validation -----------------------------------------------------------------------------------

def _check(parsed: Sequence[ingest.ParsedFile], source_system: str) -> tuple[list[_Dossier], list[Issue], int]:
    """Resolve and complete every record; later files win over earlier ones for the same dossier code."""
    issues: list[Issue] = [i for p in parsed for i in p.issues]
    source_system = source_system.strip()
    if not source_system or len(source_system) > 64:
        issues.append(Issue(_("Phải ghi hệ thống nguồn (1–64 ký tự), ví dụ «motcua-binhdinh»."), field="source_system"))
    units = _Units()
    procedures = _procedures()
    by_code: dict[str, _Dossier] = {}
    for pf in parsed:
        for record in pf.records:
            v = record.values
            received = v["received_at"]
            unit_id, problem, about = units.resolve(v.get("unit_ref", ""), v.get("unit_name", ""), received.date())
            if unit_id is None:
                issues.append(Issue(problem, file=pf.filename, row=record.row,
                                    field=record.column("unit_ref" if about == "ref" else "unit_name")))
            proc = procedures.get(v["procedure_code"])
            if proc is None:
                issues.append(Issue(_("Không có thủ tục mã «{code}» trong danh mục; hãy nhập danh mục trước "
                                      "(cchc procedures import).").format(code=v["procedure_code"]),
                                    file=pf.filename, row=record.row, field=record.column("procedure_code")))
            if issues:
                continue  # nothing will be written: spare the work, keep looking for problems
            values = DEFAULTS | v  # v's extra keys (code, unit_ref, …) are never read from it
            values["unit_id"] = unit_id
            values["procedure_id"] = proc.pk
            # Not in the portal's record: a dossier submitted online for a toàn trình procedure [I].
            if "online_full" not in v:
                values["online_full"] = values["channel"] == 2 and proc.online_level == OnlineLevel.FULL
            if values["due_at"] is None:
                values["due_computed"] = False
            by_code[v["code"]] = _Dossier(v["code"], values, v["supplements"],
                                          "apology_at" in v or "apology_new_due_at" in v)
    computed = 0 if issues else _compute_due_dates(by_code.values(), procedures)
    return list(by_code.values()), issues, computed


def _compute_due_dates(dossiers, procedures: dict[str, _Procedure]) -> int:
    """Due dates from the procedure's time limit and the working-day calendar where the file gives none.

    The supplement waits pause the clock (DOMAIN §4). A procedure without a usable limit (none, or in
    months) leaves the due date empty.
    """
    by_pk = {p.pk: p for p in procedures.values()}
    todo = [d for d in dossiers if d.values["due_at"] is None and by_pk[d.values["procedure_id"]].time_limit is not None]
    if not todo:
        return 0
    calendar = _calendar({d.values["received_at"].year for d in todo})
    computed = 0
    for d in todo:
        proc = by_pk[d.values["procedure_id"]]
        try:
            due = calendar.due_at(d.values["received_at"], proc.time_limit, proc.kind, same_day=proc.same_day,
                                  pauses=d.supplements)
        except (DateOutsideCalendar, ValueError):
            continue  # e.g. a fractional number of calendar days: no rule says how to count it
        d.values["due_at"] = due
        d.values["due_computed"] = True
        computed += 1
    return computed


# --- writing --------------------------------------------------------------------------------------

class _Sql:
    """Bulk reads and writes in plain SQL, on SQLite and PostgreSQL alike.

    The upsert is the statement ``bulk_create(update_conflicts=True, unique_fields=[...],
    update_fields=[...])`` emits (``INSERT … ON CONFLICT (source_system, code) DO UPDATE … RETURNING``),
    but values are adapted here once per row instead of by Django field by field: on 100k dossiers of 23
    fields ``bulk_create`` spent about 20 s preparing values (3,600 rows/s for the whole import). Statements
    go to the DB-API cursor: Django's wrapper rewrites every placeholder with a regular expression on
    SQLite, and its psycopg cursors bind parameters on the client, so PostgreSQL gets COPY instead.
    Stored values are read back raw and compared with the adapted ones, which makes "identical, skip"
    exact and cheap. Datetimes are adapted as Django adapts them: aware, and on SQLite as UTC text.
    """

    #: Binary COPY types of the field kinds written here (PostgreSQL).
    COPY_TYPES = {"CharField": "text", "TextField": "text", "BigAutoField": "int8", "ForeignKey": "int8",
                  "PositiveSmallIntegerField": "int2", "PositiveIntegerField": "int4", "BooleanField": "bool",
                  "DateTimeField": "timestamptz", "DecimalField": "numeric", "BigIntegerField": "int8"}

    def __init__(self) -> None:
        connection.ensure_connection()
        self.sqlite = connection.vendor == "sqlite"
        self.qn = connection.ops.quote_name
        self.mark = "?" if self.sqlite else "%s"
        if self.sqlite:
            import sqlite3

            self.max_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        else:
            self.max_params = 65535  # PostgreSQL's wire protocol limit
        db_tz = connection.timezone

        def adapt_datetime(value: datetime | None) -> str | datetime | None:
            # Django: str(make_naive(value, connection.timezone)); the offset of an aware str() is cut off.
            if value is None or not self.sqlite:
                return value
            return str(value.astimezone(db_tz))[:-6]

        self.dt = adapt_datetime
        self.cursor = connection.connection.cursor()

    def table(self, model) -> str:
        return self.qn(model._meta.db_table)

    def col(self, model, name: str) -> str:
        return self.qn(model._meta.get_field(name).column)

    def cols(self, model, names: Sequence[str]) -> str:
        return ", ".join(self.col(model, name) for name in names)

    def _read_column(self, model, name: str) -> str:
        """A column as the SELECT reads it: on SQLite, datetimes as the stored text (the driver would
        otherwise parse them, and they are compared with the adapted values, which are that text)."""
        f = model._meta.get_field(name)
        if self.sqlite and f.get_internal_type() == "DateTimeField":
            return f"CAST({self.qn(f.column)} AS TEXT)"
        return self.qn(f.column)

    def _in(self, column: str, n: int) -> str:
        """``column IN (…)`` on SQLite, ``column = ANY(array)`` (one parameter) on PostgreSQL."""
        return f"{column} IN ({', '.join([self.mark] * n)})" if self.sqlite else f"{column} = ANY(%s)"

    def _in_params(self, chunk: list) -> list:
        return chunk if self.sqlite else [chunk]

    def select_in(self, model, names: Sequence[str], key: str, keys: list, where: str = "", params: Sequence = ()):
        """Rows of ``names`` whose ``key`` is in ``keys`` (chunked to the parameter limit), raw values.
        ``where`` is an extra condition ending in AND, with placeholders ``{mark}`` for ``params``."""
        cols = ", ".join(self._read_column(model, name) for name in names)
        where = where.format(mark=self.mark)
        for chunk in ingest.iter_chunks(keys, min(self.max_params - len(params) - 1, 10000)):
            self.cursor.execute(f"SELECT {cols} FROM {self.table(model)} WHERE {where}{self._in(self.col(model, key), len(chunk))}",
                                [*params, *self._in_params(chunk)])
            yield from self.cursor.fetchall()

    def delete_in(self, model, key: str, keys: list, where: str = "") -> None:
        """Delete the rows whose ``key`` is in ``keys``; ``where`` is an extra condition ending in AND."""
        for chunk in ingest.iter_chunks(keys, min(self.max_params, 10000)):
            self.cursor.execute(
                f"DELETE FROM {self.table(model)} WHERE {where}{self._in(self.col(model, key), len(chunk))}",
                self._in_params(chunk))

    def _copy(self, target: str, model, names: Sequence[str], rows: list[tuple]) -> None:
        kinds = [self.COPY_TYPES.get(model._meta.get_field(name).get_internal_type()) for name in names]
        binary = all(kinds)
        with self.cursor.copy(f"COPY {target} ({self.cols(model, names)}) FROM STDIN"
                              + (" (FORMAT BINARY)" if binary else "")) as copy:
            if binary:
                copy.set_types(kinds)
            for row in rows:
                copy.write_row(row)

    def insert(self, model, names: Sequence[str], rows: list[tuple]) -> None:
        """Plain inserts (of rows that cannot conflict): multi-row INSERTs on SQLite, COPY on PostgreSQL."""
        if not rows:
            return
        if not self.sqlite:
            self._copy(self.table(model), model, names, rows)
            return
        head = f"INSERT INTO {self.table(model)} ({self.cols(model, names)}) VALUES "
        row_marks = f"({', '.join([self.mark] * len(names))})"
        for chunk in ingest.iter_chunks(rows, max(1, min(self.max_params // len(names), 5000))):
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)), [v for row in chunk for v in row])

    def upsert(self, model, names: Sequence[str], rows: list[tuple], *, conflict: Sequence[str],
               returning: Sequence[str]) -> list[tuple]:
        """Insert or update on ``conflict``, every other column updated; returns ``returning`` of each row.
        PostgreSQL: COPY into a temporary table, then one ``INSERT … SELECT … ON CONFLICT``."""
        if not rows:
            return []
        table, cols = self.table(model), self.cols(model, names)
        keys = {model._meta.get_field(n).column for n in conflict}
        updates = ", ".join(f"{self.qn(c)} = EXCLUDED.{self.qn(c)}"
                            for c in (model._meta.get_field(n).column for n in names) if c not in keys)
        tail = (f" ON CONFLICT ({self.cols(model, conflict)}) DO UPDATE SET {updates}"
                f" RETURNING {self.cols(model, returning)}")
        if not self.sqlite:
            stage = self.qn(f"_stage_{model._meta.db_table}")
            self.cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
                                f"SELECT {cols} FROM {table} WITH NO DATA")
            self.cursor.execute(f"TRUNCATE {stage}")
            self._copy(stage, model, names, rows)
            self.cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}{tail}")
            return self.cursor.fetchall()
        head = f"INSERT INTO {table} ({cols}) VALUES "
        row_marks = f"({', '.join([self.mark] * len(names))})"
        out: list[tuple] = []
        for chunk in ingest.iter_chunks(rows, max(1, min(self.max_params // len(names), 5000))):
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)) + tail, [v for row in chunk for v in row])
            out.extend(self.cursor.fetchall())
        return out

    def derive_events(self, ids: list[int]) -> None:
        """Write the lifecycle events of these dossiers from their stored dates, in the database.

        Received; each supplement requested and completed; the apology, unless its event is there already
        (apology events are never replaced: the one of an apology issued in CCHC carries the letter's
        number); finished for a dossier processed to the end, or withdrawn (7) / stopped (8) at its end
        date; returned; rated. The rating has no date of its own in the sources: it is placed at the
        return, else at the end of processing [I]. Set-based (one pass over the dossiers, crossed with the
        kinds), so that hundreds of thousands of events never pass through Python.
        """
        d, s = Dossier, DossierSupplement
        status, finished, returned = self.col(d, "status"), self.col(d, "finished_at"), self.col(d, "returned_at")
        received, apology, rating = self.col(d, "received_at"), self.col(d, "apology_at"), self.col(d, "rating")
        end = f"COALESCE({finished}, {returned})"
        w, st = ingest.WITHDRAWN, ingest.STOPPED
        instant = {  # kind → its instant, NULL when the dossier has no such event
            EventKind.RECEIVED: received,
            EventKind.WITHDRAWN: f"CASE WHEN {status} = {w} THEN {end} END",
            EventKind.STOPPED: f"CASE WHEN {status} = {st} THEN {finished} END",
            EventKind.FINISHED: f"CASE WHEN {status} NOT IN ({w}, {st}) THEN {finished} END",
            EventKind.RETURNED: f"CASE WHEN {status} <> {w} THEN {returned} END",
            EventKind.RATED: f"CASE WHEN {rating} IS NOT NULL THEN COALESCE({returned}, {finished}) END",
        }
        kinds = " UNION ALL ".join(f"SELECT '{kind.value}' AS kind" for kind in instant)
        pick = "CASE k.kind " + " ".join(f"WHEN '{kind.value}' THEN {at}" for kind, at in instant.items()) + " END"
        requested, completed = self.col(s, "requested_at"), self.col(s, "completed_at")
        dossier_id, pk = self.col(s, "dossier"), self.col(d, "id")
        target = f"INSERT INTO {self.table(DossierEvent)} ({self.cols(DossierEvent, ['dossier', 'kind', 'at', 'note'])}) "
        for chunk in ingest.iter_chunks(ids, min(self.max_params // 3, 10000)):
            in_d, in_s = self._in(pk, len(chunk)), self._in(dossier_id, len(chunk))
            self.cursor.execute(
                target + f"SELECT id, kind, at, '' FROM (SELECT {pk} AS id, k.kind AS kind, {pick} AS at "
                f"FROM {self.table(d)} CROSS JOIN ({kinds}) k WHERE {in_d}) e WHERE at IS NOT NULL",
                self._in_params(chunk))
            # The few apologies apart, as an anti-join: a correlated NOT EXISTS in the pass above made
            # PostgreSQL hash the whole event table for every chunk.
            self.cursor.execute(
                target + f"SELECT dd.{pk}, '{EventKind.APOLOGY.value}', dd.{apology}, '' FROM {self.table(d)} dd "
                f"LEFT JOIN {self.table(DossierEvent)} ee ON ee.{self.col(DossierEvent, 'dossier')} = dd.{pk} "
                f"AND ee.{self.col(DossierEvent, 'kind')} = '{EventKind.APOLOGY.value}' "
                f"AND ee.{self.col(DossierEvent, 'at')} = dd.{apology} "
                f"WHERE dd.{apology} IS NOT NULL AND ee.{self.col(DossierEvent, 'id')} IS NULL AND "
                + self._in(f"dd.{pk}", len(chunk)),
                self._in_params(chunk))
            # DISTINCT: two supplement requests at one instant make one event ((dossier, kind, at) is unique).
            self.cursor.execute(
                target + f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_REQUESTED.value}', {requested}, '' "
                f"FROM {self.table(s)} WHERE {in_s} UNION ALL "
                f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_RETURNED.value}', {completed}, '' "
                f"FROM {self.table(s)} WHERE {in_s} AND {completed} IS NOT NULL",
                self._in_params(chunk) * 2)


_DT_POSITIONS = [i for i, name in enumerate(FIELDS) if name in
                 {"received_at", "due_at", "finished_at", "returned_at", "apology_at", "apology_new_due_at"}]
_APOLOGY_AT, _APOLOGY_NEW_DUE_AT = FIELDS.index("apology_at"), FIELDS.index("apology_new_due_at")
WRITE_BATCH = 20000


def _write(dossiers: list[_Dossier], source_system: str, tick: Callable[[int], None]) -> tuple[int, int, int]:
    sql = _Sql()
    dt = sql.dt
    params: list[tuple] = []
    for d in dossiers:
        row = [d.values[name] for name in FIELDS]
        for i in _DT_POSITIONS:
            if row[i] is not None:
                row[i] = dt(row[i])
        params.append(tuple(row))
    supplements = [[(dt(req), dt(comp)) for req, comp in d.supplements] if d.supplements else [] for d in dossiers]

    existing: dict[str, tuple[int, tuple]] = {}
    for code, pk, *values in sql.select_in(Dossier, ["code", "id", *FIELDS], "code", [d.code for d in dossiers],
                                            where=sql.col(Dossier, "source_system") + " = {mark} AND ",
                                            params=[source_system]):
        existing[code] = (pk, tuple(values))
    # One-stop exports do not carry apologies; one issued in CCHC (cchc.dossiers.apologies) must survive them.
    for i, d in enumerate(dossiers):
        stored = existing.get(d.code)
        if stored is not None and not d.gives_apology and stored[1][_APOLOGY_AT] is not None:
            row = list(params[i])
            row[_APOLOGY_AT], row[_APOLOGY_NEW_DUE_AT] = stored[1][_APOLOGY_AT], stored[1][_APOLOGY_NEW_DUE_AT]
            params[i] = tuple(row)
    same_fields: list[int] = []
    changed: list[int] = []
    created = 0
    for i, d in enumerate(dossiers):
        stored = existing.get(d.code)
        if stored is None:
            created += 1
            changed.append(i)
        elif stored[1] != params[i]:
            changed.append(i)
        else:
            same_fields.append(i)
    if same_fields:
        stored_supplements: dict[int, list[tuple]] = defaultdict(list)
        ids = [existing[dossiers[i].code][0] for i in same_fields]
        rows = sql.select_in(DossierSupplement, ["dossier", "requested_at", "completed_at", "id"], "dossier", ids)
        for dossier_id, requested, completed, _pk in sorted(rows, key=lambda r: (r[0], r[1], r[3])):
            stored_supplements[dossier_id].append((requested, completed))
        for i, pk in zip(same_fields, ids, strict=True):
            if stored_supplements.get(pk, []) != supplements[i]:
                changed.append(i)
    unchanged = len(dossiers) - len(changed)
    tick(unchanged)
    if not changed:
        return 0, 0, unchanged

    replaced = [existing[dossiers[i].code][0] for i in changed if dossiers[i].code in existing]
    sql.delete_in(DossierSupplement, "dossier", replaced)
    sql.delete_in(DossierEvent, "dossier", replaced,
                  where=f"{sql.col(DossierEvent, 'kind')} <> '{EventKind.APOLOGY.value}' AND ")
    now = dt(timezone.now())
    names = ["source_system", "code", *FIELDS, "updated_at"]
    for batch in ingest.iter_chunks(changed, WRITE_BATCH):
        ids = dict(sql.upsert(Dossier, names, [(source_system, dossiers[i].code, *params[i], now) for i in batch],
                              conflict=["source_system", "code"], returning=["code", "id"]))
        sql.insert(DossierSupplement, ["dossier", "requested_at", "completed_at"],
                   [(ids[dossiers[i].code], req, comp) for i in batch for req, comp in supplements[i]])
        sql.derive_events(list(ids.values()))
        tick(len(batch))
    return created, len(changed) - created, unchanged


# --- use cases ------------------------------------------------------------------------------------

class _Counter:
    """Progress in rows: each row counts once when checked and once when written or skipped."""

    def __init__(self, rows: int, progress: Progress | None):
        self.total = 2 * rows
        self.done = 0
        self.progress = progress

    def set(self, done: int) -> None:
        self.done = min(done, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def add(self, n: int) -> None:
        self.set(self.done + n)


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector during an import.

    An import holds a few objects per cell for every row; each generation-2 collection walks all of them
    again, which cost a quarter of a 100k-row import. Nothing here makes reference cycles worth
    collecting early. The switch is process-wide, so other threads also run without the cyclic collector
    meanwhile (reference counting still frees their memory); it is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(tables: list[ingest.Table], source_system: str, progress: Progress | None) -> IngestSummary:
    rows = sum(t.count for t in tables)
    counter = _Counter(rows, progress)
    with _gc_paused():
        parsed = []
        for table in tables:
            base = counter.done
            parsed.append(ingest.parse_records(table, progress=lambda n, base=base: counter.set(base + n)))
            counter.set(base + table.count)
        dossiers, issues, computed = _check(parsed, source_system)
        if issues:
            raise InvalidInput(issues=issues)
        with transaction.atomic():
            created, updated, unchanged = _write(dossiers, source_system.strip(), counter.add)
    counter.set(counter.total)
    summary = IngestSummary(rows, created, updated, unchanged, computed, [t.filename for t in tables])
    logger.info("Dossier import from %s: %s rows, %s created, %s updated, %s unchanged", source_system,
                rows, created, updated, unchanged, extra={"files": summary.files})
    return summary


def import_dossier_files(files: Sequence[tuple[bytes, str]], *, source_system: str,
                         progress: Progress | None = None) -> IngestSummary:
    """Import dossier files (CSV, XLSX, JSON; our schema or the portal's names) as one all-or-nothing batch.

    ``files`` are (content, filename) pairs. A dossier code may appear once per file; when several files
    carry it, the later file wins (a later export updates a status). ``progress(done, total)`` counts
    each row twice, once when checked and once when written, so ``total`` is twice the number of rows.
    """
    issues: list[Issue] = []
    tables = []
    for content, filename in files:
        try:
            tables.append(ingest.read_table(content, filename))
        except InvalidInput as exc:
            issues.extend(exc.issues)
    if issues:
        raise InvalidInput(issues=issues)
    return _run(tables, source_system, progress)


def import_dossier_file(content: bytes, filename: str, *, source_system: str,
                        progress: Progress | None = None) -> IngestSummary:
    """Import one dossier file; see ``import_dossier_files``."""
    return import_dossier_files([(content, filename)], source_system=source_system, progress=progress)


def ingest_records(records: list[dict], *, source_system: str, filename: str = "api",
                   progress: Progress | None = None) -> IngestSummary:
    """Import dossiers pushed as JSON objects (the REST endpoint's body): same schemas and checks as a
    file; the row of an issue is the record's position in the list, from 1."""
    return _run([ingest.records_table(records, filename)], source_system, progress)
