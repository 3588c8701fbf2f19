"""Use cases of the dossier ledger: importing dossier files and API batches (validated, all or nothing).

An import is a pipeline over whole columns (``ingest`` reads and checks the files): read → normalise
the columns → validate (each row by itself, then units, procedures and due dates) → compare with what
is stored → write. It runs a part of the rows at a time on two threads: one reads and checks the next
part while the caller's thread writes the previous one (``_Checking``, ``_run``), so that Python and
the database work at the same time. Everything is one transaction: any problem refuses the whole import
with all problems listed (file, row, field), and what was written of it is rolled back.

New dossiers are inserted in bulk (multi-row statements on SQLite, COPY on PostgreSQL) with their
supplements and lifecycle events; rows identical to what is stored are skipped (so a re-import writes
nothing and ``updated_at``, the analytics watermark, only moves for real changes); a changed dossier is
updated and its supplements and events are replaced.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import chain
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.errors import InvalidInput, Issue
from cchc.core.workdays import DateOutsideCalendar, calendar_for
from cchc.units.models import Unit

from . import ingest, signals
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
#: What a field is when the file says nothing (the model's defaults); the instants then stay empty.
DEFAULTS: dict[str, Any] = {
    "receipt_number": "", "channel": 1, "applicant_kind": None, "due_computed": False, "return_by_post": False,
    "supplement_count": 0, "supplement_wait_seconds": 0, "fee_amount": Decimal(0), "paid_online": False,
    "components_digitised": False, "result_digitised": False, "reused_data": False, "rating": None,
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
class _Batch:
    """The checked dossiers of an import, column by column, ready to write: one entry per dossier code.

    ``values`` has every name of FIELDS: a list, or for the instants (ingest.DATE_FIELDS) a
    ``datetime64[us]`` array in UTC with NaT for none.
    """

    codes: list[str]
    values: dict[str, Any]
    supplements: list[tuple[ingest.Supplement, ...]]
    #: Whether the row states an apology; if not, a stored one (issued in CCHC) is kept.
    gives_apology: list[bool]
    #: The values of FIELDS and the supplements, adapted for the database (_Adapter.batch).
    rows: list[tuple] = field(default_factory=list)
    supplement_rows: list[tuple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.codes)


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

    @staticmethod
    def _valid(candidates: list, day: date) -> list[int]:
        return [pk for start, end, pk in candidates if (start is None or start <= day) and (end is None or day <= end)]

    def resolve_all(self, refs: list[str], names: list[str], days: np.ndarray) -> list[tuple[int | None, str, str]]:
        """``resolve`` for each row (``days``: ``datetime64[D]``). The answer for a (reference, name) only
        changes on the days a unit it could mean starts or stops being valid, so it is worked out once per
        stretch between those days; a problem is worked out per row (its message names the row's day)."""
        rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, pair in enumerate(zip(refs, names, strict=True)):
            rows_of[pair].append(i)
        out: list[Any] = [None] * len(refs)
        for (ref, name), rows in rows_of.items():
            spans = self.by_code.get(ref, []) + self.by_name.get(name, [])
            edges = np.array(sorted({start for start, _end, _pk in spans if start is not None}
                                    | {end + timedelta(days=1) for _start, end, _pk in spans if end is not None}),
                             dtype="datetime64[D]")
            row_days = days[rows]
            stretch = np.searchsorted(edges, row_days, side="right")
            for s in np.unique(stretch).tolist():
                members = [rows[j] for j in np.flatnonzero(stretch == s).tolist()]
                result = self.resolve(ref, name, days[members[0]].item())
                if result[0] is None:
                    for i in members:
                        out[i] = self.resolve(ref, name, days[i].item())
                else:
                    for i in members:
                        out[i] = result
        return out

    def resolve(self, ref: str, name: str, day: date) -> tuple[int | None, str, str]:
        """(unit id, problem, which of "ref"/"name" the problem is about); by key, by code on ``day``, by name."""
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


class _References:
    """What checking rows needs from the database, read once before the import starts (so that rows are
    checked on a thread that never touches the database): units, procedures and the province's
    changes to the calendar (HolidayOverride)."""

    def __init__(self) -> None:
        self.units = _Units()
        self.procedures = _procedures()
        self.overrides = list(HolidayOverride.objects.values_list("day", "is_working_day"))

    def calendar(self, years: set[int]):
        """The national working-day calendar with the province's overrides, for these years."""
        return calendar_for(
            years,
            extra_days_off=[d for d, working in self.overrides if not working],
            extra_workdays=[d for d, working in self.overrides if working],
        )


# --- validation -----------------------------------------------------------------------------------

def _check(pf: ingest.ParsedFile, refs: _References, superseded: set[str]) -> tuple[_Batch | None, list[Issue], int]:
    """Resolve the unit and procedure of every row of a (part of a) file, then complete the dossiers
    (defaults, derived flags, due dates), leaving out rows whose code a later file repeats (``superseded``:
    the later file's row wins). Returns (batch, issues, due dates computed); no batch when there is any
    issue."""
    n = len(pf)
    v = pf.values
    days = ingest.wall_clock(v.get("received_at", np.full(n, ingest.NAT))).astype("datetime64[D]")
    units = refs.units.resolve_all([ref or "" for ref in v.get("unit_ref") or [None] * n],
                                   [name or "" for name in v.get("unit_name") or [None] * n], days)
    codes = v.get("procedure_code", [])
    procs = [refs.procedures.get(code) for code in codes]
    issues: list[Issue] = []
    for row, (unit_id, problem, about), proc, code in zip(pf.rows, units, procs, codes, strict=True):
        if unit_id is None:
            issues.append(Issue(problem, file=pf.filename, row=row,
                                field=pf.column("unit_ref" if about == "ref" else "unit_name")))
        if proc is None:
            issues.append(Issue(_("Không có thủ tục mã «{code}» trong danh mục; hãy nhập danh mục trước "
                                  "(cchc procedures import).").format(code=code),
                                file=pf.filename, row=row, field=pf.column("procedure_code")))
    if issues or not n:
        return None, issues, 0
    batch, procs = _complete(pf, [unit_id for unit_id, _p, _a in units], procs, superseded)
    return batch, [], _compute_due_dates(batch, procs, refs)


def _complete(pf: ingest.ParsedFile, unit_ids: list[int], procs: list[_Procedure],
              superseded: set[str]) -> tuple[_Batch, list[_Procedure]]:
    """The rows as a batch with every field of FIELDS filled: as the file says, else as the model
    defaults, else derived."""
    n = len(pf)
    values: dict[str, Any] = {name: pf.values.get(name, np.full(n, ingest.NAT)) for name in ingest.DATE_FIELDS}
    for name in (*DEFAULTS, "status", "online_full"):
        values[name] = pf.values.get(name) or [None] * n
    values["unit_id"] = unit_ids
    values["procedure_id"] = [p.pk for p in procs]
    codes, supplements = pf.values["code"], pf.values["supplements"]
    if superseded:
        keep = [i for i, code in enumerate(codes) if code not in superseded]
        codes, procs, supplements = [codes[i] for i in keep], [procs[i] for i in keep], [supplements[i] for i in keep]
        values = {name: column[keep] if isinstance(column, np.ndarray) else [column[i] for i in keep]
                  for name, column in values.items()}
    for name, default in DEFAULTS.items():
        if default is not None:
            values[name] = [default if value is None else value for value in values[name]]
    # Not in the portal's record: a dossier submitted online for a toàn trình procedure [I].
    values["online_full"] = [channel == 2 and proc.online_level == OnlineLevel.FULL if given is None else given
                             for given, channel, proc in zip(values["online_full"], values["channel"], procs, strict=True)]
    no_due = np.isnat(values["due_at"]).tolist()
    values["due_computed"] = [computed and not missing for computed, missing in zip(values["due_computed"], no_due, strict=True)]
    gives_apology = (~np.isnat(values["apology_at"]) | ~np.isnat(values["apology_new_due_at"])).tolist()
    return _Batch(codes, values, supplements, gives_apology), procs


def _compute_due_dates(batch: _Batch, procs: list[_Procedure], refs: _References) -> int:
    """Due dates from the procedure's time limit and the working-day calendar where the file gives none.

    The supplement waits pause the clock (DOMAIN §4). A procedure without a usable limit (none, or in
    months) leaves the due date empty.
    """
    due, received = batch.values["due_at"], batch.values["received_at"]
    todo = [i for i in np.flatnonzero(np.isnat(due)).tolist() if procs[i].time_limit is not None]
    if not todo:
        return 0
    years = ingest.wall_clock(received[todo]).astype("datetime64[Y]").astype(np.int64) + 1970
    calendar = refs.calendar(set(years.tolist()))
    computed = 0
    for i in todo:
        proc = procs[i]
        try:
            at = calendar.due_at(ingest.to_datetime(received[i]), proc.time_limit, proc.kind, same_day=proc.same_day,
                                 pauses=batch.supplements[i])
        except (DateOutsideCalendar, ValueError):
            continue  # e.g. a fractional number of calendar days: no rule says how to count it
        due[i] = ingest.instant(at)
        batch.values["due_computed"][i] = True
        computed += 1
    return computed


# --- writing --------------------------------------------------------------------------------------

class _Adapter:
    """Values as the database stores them, adapted a whole column at a time (on 100k dossiers of 23 fields
    ``bulk_create`` spent about 20 s preparing values field by field). Stored values are read back in
    this form (``_Sql._read_column``) and compared with the adapted new ones, which makes "identical,
    skip" exact and cheap. Needs only the connection's settings, so the checking thread adapts its
    batches while the database writes.

    Instants: on SQLite the UTC text Django writes (``str()`` of the naive UTC datetime); on PostgreSQL
    what a binary ``timestamptz`` is on the wire, the number of microseconds since 2000-01-01 UTC (an
    int8), which numpy computes for a whole column where building aware datetimes cost a microsecond each.
    """

    #: PostgreSQL's timestamp epoch, in the units of the int8 above.
    PG_EPOCH = np.datetime64("2000-01-01T00:00:00", "us")

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.db_tz = connection.timezone
        self.utc_text = self.sqlite and self.db_tz == UTC

    def dt(self, value: datetime | None) -> str | int | None:
        """One aware datetime."""
        if value is None:
            return None
        if not self.sqlite:
            return int((ingest.instant(value) - self.PG_EPOCH).astype(np.int64))
        # Django: str(make_naive(value, connection.timezone)); the offset of an aware str() is cut off.
        return str(value.astimezone(self.db_tz))[:-6]

    def times(self, values: np.ndarray) -> list:
        """Instants (``datetime64[us]`` in UTC, NaT for none): on SQLite ``2024-03-04 01:15:00`` (with
        microseconds only when there are some), on PostgreSQL the int8."""
        if not len(values):
            return []
        missing = np.isnat(values)
        if not self.sqlite:
            micros = (values - self.PG_EPOCH).astype(np.int64).astype(object)
            micros[missing] = None
            return micros.tolist()
        if not self.utc_text:  # a database TIME_ZONE other than UTC: value by value, as Django does
            return [self.dt(ingest.to_datetime(value)) for value in values]
        seconds = values.astype("datetime64[s]")
        text = np.datetime_as_string(seconds).astype("U19")  # years 1–9999, as datetime allows
        text.view(np.uint32).reshape(-1, 19)[:, 10] = ord(" ")  # "2024-03-04T01:15:00" → "2024-03-04 01:15:00"
        text = text.astype(object)
        text[missing] = None
        for i in np.flatnonzero(~missing & (values != seconds)):
            text[i] = self.dt(ingest.to_datetime(values[i]))
        return text.tolist()

    def batch(self, batch: _Batch) -> None:
        """Fill ``batch.rows`` and ``batch.supplement_rows``."""
        v = batch.values
        batch.rows = list(zip(*(self.times(v[name]) if name in ingest.DATE_FIELDS else v[name] for name in FIELDS),
                              strict=True))
        batch.supplement_rows = [tuple((self.dt(req), self.dt(comp)) for req, comp in pairs) if pairs else ()
                                 for pairs in batch.supplements]


class _Sql:
    """Bulk reads and writes in plain SQL, on SQLite and PostgreSQL alike, of values adapted by _Adapter.

    Statements go to the DB-API cursor: Django's wrapper rewrites every placeholder with a regular
    expression on SQLite; on PostgreSQL rows go by binary COPY, and a list of keys goes as one array
    literal (psycopg dumps a list element by element in Python: a second per 100k codes).
    """

    #: Binary COPY types of the field kinds written here (PostgreSQL); instants as their int8 (_Adapter).
    COPY_TYPES = {"CharField": "text", "TextField": "text", "BigAutoField": "int8", "ForeignKey": "int8",
                  "PositiveSmallIntegerField": "int2", "PositiveIntegerField": "int4", "BooleanField": "bool",
                  "DateTimeField": "int8", "DecimalField": "numeric", "BigIntegerField": "int8"}

    def __init__(self, adapter: _Adapter) -> None:
        connection.ensure_connection()
        self.sqlite = connection.vendor == "sqlite"
        self.qn = connection.ops.quote_name
        self.mark = "?" if self.sqlite else "%s"
        self.dt = adapter.dt
        if self.sqlite:
            import sqlite3

            self.max_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.cursor = connection.connection.cursor()
        else:
            import psycopg

            self.max_params = 65535  # PostgreSQL's wire protocol limit
            self.cursor = psycopg.Cursor(connection.connection)
        self._sequences: dict[str, int] = {}

    def table(self, model) -> str:
        return self.qn(model._meta.db_table)

    def col(self, model, name: str) -> str:
        return self.qn(model._meta.get_field(name).column)

    def cols(self, model, names: Sequence[str]) -> str:
        return ", ".join(self.col(model, name) for name in names)

    def _read_column(self, model, name: str) -> str:
        """A column as the SELECT reads it, in the adapted form the new values are compared in: datetimes
        on SQLite as the stored text (the driver would otherwise parse them), on PostgreSQL as the int8."""
        f = model._meta.get_field(name)
        column = self.qn(f.column)
        if f.get_internal_type() != "DateTimeField":
            return column
        if self.sqlite:
            return f"CAST({column} AS TEXT)"
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::int8 - 946684800000000"  # exact: numeric since PostgreSQL 14

    def _in(self, column: str, n: int, *, text: bool = False) -> str:
        """``column IN (…)`` on SQLite, ``column = ANY(array)`` (one parameter, see _in_params) on PostgreSQL."""
        if self.sqlite:
            return f"{column} IN ({', '.join([self.mark] * n)})"
        return f"{column} = ANY(%s::{'text' if text else 'int8'}[])"

    def _in_params(self, chunk: list) -> list:
        """The parameters of ``_in``; on PostgreSQL one array literal: ``{1,2}``, or ``{"a","b"}`` quoted."""
        if self.sqlite:
            return chunk
        if chunk and isinstance(chunk[0], str):
            quoted = (item.replace("\\", "\\\\").replace('"', '\\"') for item in chunk)
            return ["{" + ",".join(f'"{item}"' for item in quoted) + "}"]
        return ["{" + ",".join(map(str, chunk)) + "}"]

    @contextmanager
    def page_cache(self, mib: int = 256):
        """SQLite: a page cache of up to ``mib`` while the import writes, the connection's own afterwards.
        With the default 2 MiB, every insert into the date indexes (whose keys arrive in no order) read
        and spilled pages: a third of the time of inserting 100k dossiers."""
        if not self.sqlite:
            yield
            return
        before = self.cursor.execute("PRAGMA cache_size").fetchone()[0]
        self.cursor.execute(f"PRAGMA cache_size = {-1024 * mib}")
        try:
            yield
        finally:
            self.cursor.execute(f"PRAGMA cache_size = {int(before)}")

    def lock(self, source_system: str) -> None:
        """Hold off other imports of the same source system until this transaction ends, so that the
        rows read as stored are still the stored ones when they are written. SQLite: the import's
        transaction already holds the database's write lock (BEGIN IMMEDIATE)."""
        if not self.sqlite:
            key = int.from_bytes(hashlib.blake2b(f"cchc.dossiers:{source_system}".encode(), digest_size=8).digest(),
                                 "big", signed=True)
            self.cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])

    def select_in(self, model, names: Sequence[str], key: str, keys: list, where: str = "", params: Sequence = ()):
        """Rows of ``names`` whose ``key`` is in ``keys`` (chunked to the parameter limit), raw values.
        ``where`` is an extra condition ending in AND, with placeholders ``{mark}`` for ``params``."""
        cols = ", ".join(self._read_column(model, name) for name in names)
        where = where.format(mark=self.mark)
        text = model._meta.get_field(key).get_internal_type() == "CharField"
        for chunk in ingest.iter_chunks(keys, min(self.max_params - len(params) - 1, 10000)):
            self.cursor.execute(f"SELECT {cols} FROM {self.table(model)} "
                                f"WHERE {where}{self._in(self.col(model, key), len(chunk), text=text)}",
                                [*params, *self._in_params(chunk)])
            yield from self.cursor.fetchall()

    def delete_in(self, model, key: str, keys: list, where: str = "") -> None:
        """Delete the rows whose ``key`` is in ``keys``; ``where`` is an extra condition ending in AND."""
        for chunk in ingest.iter_chunks(keys, min(self.max_params, 10000)):
            self.cursor.execute(
                f"DELETE FROM {self.table(model)} WHERE {where}{self._in(self.col(model, key), len(chunk))}",
                self._in_params(chunk))

    def new_ids(self, model, n: int) -> list[int]:
        """Ids for ``n`` rows about to be inserted, so that their supplements and events can be written
        without reading the rows back. PostgreSQL: from the id sequence. SQLite: after the largest id
        ever given (AUTOINCREMENT keeps it in sqlite_sequence); the import's transaction holds the write
        lock, so no other writer takes them meanwhile (and a writer that could would make SQLite refuse
        this transaction's writes, not mix them up)."""
        table = model._meta.db_table
        if self.sqlite:
            self.cursor.execute(f"SELECT max(n) FROM (SELECT seq AS n FROM sqlite_sequence WHERE name = ? "
                                f"UNION ALL SELECT max(id) FROM {self.qn(table)})", [table])
            last = self.cursor.fetchone()[0] or 0
            return list(range(last + 1, last + 1 + n))
        if table not in self._sequences:  # its oid, once: looked up for each row it cost 2 µs a row
            self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid", [table])
            self._sequences[table] = int(self.cursor.fetchone()[0])
        self.cursor.execute(f"SELECT nextval({self._sequences[table]}::regclass) FROM generate_series(1, %s)", [n])
        return [pk for (pk,) in self.cursor.fetchall()]

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
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)), list(chain.from_iterable(chunk)))

    def upsert(self, model, names: Sequence[str], rows: list[tuple], *, conflict: Sequence[str]) -> None:
        """Insert or update on ``conflict``, every other column updated. PostgreSQL: COPY into a temporary
        table, then one ``INSERT … SELECT … ON CONFLICT``."""
        if not rows:
            return
        table, cols = self.table(model), self.cols(model, names)
        keys = {model._meta.get_field(n).column for n in conflict}
        updates = ", ".join(f"{self.qn(c)} = EXCLUDED.{self.qn(c)}"
                            for c in (model._meta.get_field(n).column for n in names) if c not in keys)
        tail = f" ON CONFLICT ({self.cols(model, conflict)}) DO UPDATE SET {updates}"
        if not self.sqlite:
            stage = self.qn(f"_stage_{model._meta.db_table}")
            self.cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
                                f"SELECT {cols} FROM {table} WITH NO DATA")
            self.cursor.execute(f"TRUNCATE {stage}")
            self._copy(stage, model, names, rows)
            self.cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}{tail}")
            return
        head = f"INSERT INTO {table} ({cols}) VALUES "
        row_marks = f"({', '.join([self.mark] * len(names))})"
        for chunk in ingest.iter_chunks(rows, max(1, min(self.max_params // len(names), 5000))):
            self.cursor.execute(head + ", ".join([row_marks] * len(chunk)) + tail, list(chain.from_iterable(chunk)))

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
        for chunk in self._id_chunks(ids):
            in_d, params = self._ids(pk, chunk)
            in_s, _same = self._ids(dossier_id, chunk)
            self.cursor.execute(
                target + f"SELECT id, kind, at, '' FROM (SELECT {pk} AS id, k.kind AS kind, {pick} AS at "
                f"FROM {self.table(d)} CROSS JOIN ({kinds}) k WHERE {in_d}) e WHERE at IS NOT NULL",
                params)
            # The few apologies apart, as an anti-join: a correlated NOT EXISTS in the pass above made
            # PostgreSQL hash the whole event table for every chunk.
            self.cursor.execute(
                target + f"SELECT dd.{pk}, '{EventKind.APOLOGY.value}', dd.{apology}, '' FROM {self.table(d)} dd "
                f"LEFT JOIN {self.table(DossierEvent)} ee ON ee.{self.col(DossierEvent, 'dossier')} = dd.{pk} "
                f"AND ee.{self.col(DossierEvent, 'kind')} = '{EventKind.APOLOGY.value}' "
                f"AND ee.{self.col(DossierEvent, 'at')} = dd.{apology} "
                f"WHERE dd.{apology} IS NOT NULL AND ee.{self.col(DossierEvent, 'id')} IS NULL AND "
                + self._ids(f"dd.{pk}", chunk)[0],
                params)
            # DISTINCT: two supplement requests at one instant make one event ((dossier, kind, at) is unique).
            self.cursor.execute(
                target + f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_REQUESTED.value}', {requested}, '' "
                f"FROM {self.table(s)} WHERE {in_s} UNION ALL "
                f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_RETURNED.value}', {completed}, '' "
                f"FROM {self.table(s)} WHERE {in_s} AND {completed} IS NOT NULL",
                params * 2)

    def _id_chunks(self, ids: list[int]) -> Iterator[list[int]]:
        """``ids`` in pieces that ``_ids`` can name: whole if they are consecutive (new dossiers' ids are)."""
        if ids and ids[-1] - ids[0] == len(ids) - 1 and ids == sorted(ids):
            yield ids
        else:
            yield from ingest.iter_chunks(ids, min(self.max_params // 3, 10000))

    def _ids(self, column: str, ids: list[int]) -> tuple[str, list]:
        """A condition on ``column`` naming these ids, and its parameters: a range when they are consecutive
        (the planner need not weigh a long list), otherwise ``_in``."""
        if ids[-1] - ids[0] == len(ids) - 1 and ids == sorted(ids):
            return f"{column} BETWEEN {self.mark} AND {self.mark}", [ids[0], ids[-1]]
        return self._in(column, len(ids)), self._in_params(ids)



_APOLOGY_AT, _APOLOGY_NEW_DUE_AT = FIELDS.index("apology_at"), FIELDS.index("apology_new_due_at")


def _write(sql: _Sql, batch: _Batch, source_system: str) -> tuple[int, int, int]:
    """Compare a batch with what is stored, then insert the new dossiers, update the changed ones and
    write the supplements and events of both. Returns (created, updated, unchanged)."""
    params, supplements, codes = batch.rows, batch.supplement_rows, batch.codes

    existing: dict[str, tuple[int, tuple]] = {}
    for code, pk, *values in sql.select_in(Dossier, ["code", "id", *FIELDS], "code", codes,
                                            where=sql.col(Dossier, "source_system") + " = {mark} AND ",
                                            params=[source_system]):
        existing[code] = (pk, tuple(values))
    new = [i for i, code in enumerate(codes) if code not in existing]
    changed = _changed(sql, batch, params, supplements, existing) if existing else []

    now = sql.dt(timezone.now())
    names = ["source_system", "code", *FIELDS, "updated_at"]
    if new:
        ids = sql.new_ids(Dossier, len(new))
        sql.insert(Dossier, ["id", *names], [(pk, source_system, codes[i], *params[i], now)
                                            for pk, i in zip(ids, new, strict=True)])
        _write_children(sql, ids, [supplements[i] for i in new])
    if changed:
        replaced = [existing[codes[i]][0] for i in changed]
        sql.delete_in(DossierSupplement, "dossier", replaced)
        sql.delete_in(DossierEvent, "dossier", replaced,
                      where=f"{sql.col(DossierEvent, 'kind')} <> '{EventKind.APOLOGY.value}' AND ")
        sql.upsert(Dossier, names, [(source_system, codes[i], *params[i], now) for i in changed],
                   conflict=["source_system", "code"])
        _write_children(sql, replaced, [supplements[i] for i in changed])
    return len(new), len(changed), len(batch) - len(new) - len(changed)


def _changed(sql: _Sql, batch: _Batch, params: list[tuple], supplements: list[tuple],
             existing: dict[str, tuple[int, tuple]]) -> list[int]:
    """Positions of the stored dossiers the batch changes: a field, or the supplement list. A stored
    apology (issued in CCHC, cchc.dossiers.apologies) survives a row that states none: one-stop exports
    never carry it, so ``params`` takes the stored one for such rows."""
    same_fields: list[int] = []
    changed: list[int] = []
    for i, code in enumerate(batch.codes):
        stored = existing.get(code)
        if stored is None:
            continue
        row = params[i]
        if not batch.gives_apology[i] and stored[1][_APOLOGY_AT] is not None:
            row = list(row)
            row[_APOLOGY_AT], row[_APOLOGY_NEW_DUE_AT] = stored[1][_APOLOGY_AT], stored[1][_APOLOGY_NEW_DUE_AT]
            params[i] = row = tuple(row)
        (same_fields if stored[1] == row else changed).append(i)
    if same_fields:
        stored_supplements: dict[int, list[tuple]] = defaultdict(list)
        ids = [existing[batch.codes[i]][0] for i in same_fields]
        rows = sql.select_in(DossierSupplement, ["dossier", "requested_at", "completed_at", "id"], "dossier", ids)
        for dossier_id, requested, completed, _pk in sorted(rows, key=lambda r: (r[0], r[1], r[3])):
            stored_supplements[dossier_id].append((requested, completed))
        changed += [i for i, pk in zip(same_fields, ids, strict=True)
                    if tuple(stored_supplements.get(pk, ())) != supplements[i]]
    return sorted(changed)


def _write_children(sql: _Sql, ids: list[int], supplements: list[tuple]) -> None:
    """The supplements of these (just written) dossiers, then their lifecycle events."""
    sql.insert(DossierSupplement, ["dossier", "requested_at", "completed_at"],
               [(pk, req, comp) for pk, pairs in zip(ids, supplements, strict=True) for req, comp in pairs])
    sql.derive_events(ids)


# --- use cases ------------------------------------------------------------------------------------

#: Rows checked and written at a time: while the database writes one part, the next is checked. The first
#: part is smaller, so that the database starts sooner.
PART, FIRST_PART = 20000, 5000


def _parts(count: int) -> Iterator[tuple[int, int]]:
    """(start, stop) of each part of ``count`` rows."""
    start, size = 0, FIRST_PART
    while start < count:
        yield start, min(start + size, count)
        start, size = start + size, PART


class _Counter:
    """Progress in rows: each row counts once when checked and once when written or skipped, so the total
    is twice the rows (for a CSV file read part by part, twice its lines until it is read through)."""

    def __init__(self, progress: Progress | None):
        self.done = 0
        self.progress = progress

    def set(self, done: int, rows: int) -> None:
        self.done = min(max(done, self.done), 2 * rows)
        if self.progress is not None:
            self.progress(self.done, 2 * rows)


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


def _superseded(tables: list[Source]) -> list[set[str]]:
    """For each file, the dossier codes that a later file of the same import repeats: the later row wins
    (a later export updates a status), so these rows are checked but not written. Several files are all
    Tables (read whole)."""
    if len(tables) < 2:
        return [set() for _t in tables]
    codes_of = []
    for table in tables:
        if not table.count:
            codes_of.append([])
            continue
        header = ingest.read_header(table)
        key = ingest.REQUIRED[header.schema]["code"]
        cells = [row.get(key) for row in table.rows] if table.header is None else [
            row[table.header.index(key)] for row in table.rows]
        codes_of.append(header.spec[key].read(cells, key)[0])
    last = {code: index for index, codes in enumerate(codes_of) for code in codes if code is not None}
    return [{code for code in codes if code is not None and last[code] > index} for index, codes in enumerate(codes_of)]


Source = ingest.Table | ingest.CsvFile


def _source_parts(source: Source) -> Iterator[ingest.Table]:
    """A file's rows a part at a time (a CSV file read as it goes)."""
    if isinstance(source, ingest.CsvFile):
        size = FIRST_PART
        while not source.done:
            yield source.read(size)
            size = PART
    else:
        for start, stop in _parts(source.count):
            yield source.part(start, stop)


class _Checking:
    """Reads and checks the files part by part on a thread of its own, handing over each checked part (a
    _Batch) as soon as it is ready: the database writes one part (on PostgreSQL in its own process, on
    SQLite with Python's lock released) while Python reads the next. Iterate in a ``with`` block.

    The thread never touches the database (``refs`` were read before) and never calls ``progress``
    (which may use the database, from the caller's thread). After the first problem no more batches are
    handed over, but every row is still checked, so that all problems are reported at once: the caller
    then raises InvalidInput and its transaction takes back what it wrote.
    """

    _END = object()

    def __init__(self, sources: list[Source], source_system: str, refs: _References, adapter: _Adapter):
        self.sources = sources
        self.refs = refs
        self.adapter = adapter
        self.rows_checked = 0
        self.due_computed = 0
        self.read_issues: list[Issue] = []
        self.parse_issues: list[Issue] = []
        self.source_issues: list[Issue] = []
        self.check_issues: list[Issue] = []
        if not source_system.strip() or len(source_system.strip()) > 64:
            self.source_issues.append(Issue(_("Phải ghi hệ thống nguồn (1–64 ký tự), ví dụ «motcua-binhdinh»."),
                                            field="source_system"))
        self._language = translation.get_language()
        self._handover: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="dossier-import-check", daemon=True)

    @property
    def rows(self) -> int:
        """Rows of all files (lines of a CSV file not yet read through)."""
        return sum(source.count for source in self.sources)

    @property
    def issues(self) -> list[Issue]:
        """Every problem: in the files' rows, then of the import, then of units and procedures. Rows that
        could not be read (a wrong number of cells) refuse the file on their own, as a file whose reading
        fails is refused before its rows are checked."""
        if self.read_issues:
            return self.read_issues
        return self.parse_issues + self.source_issues + self.check_issues

    def __enter__(self) -> _Checking:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        while self._thread.is_alive():  # it may wait to hand over a batch nobody takes any more
            with suppress(queue.Empty):
                self._handover.get(timeout=0.1)
        self._thread.join()

    def __iter__(self) -> Iterator[_Batch]:
        while (item := self._handover.get()) is not self._END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _main(self) -> None:
        try:
            with translation.override(self._language):
                self._check_all()
            outcome = self._END
        except BaseException as exc:  # handed to the caller's thread, which raises it
            outcome = exc
        self._hand_over(outcome)
        if outcome is not self._END:
            self._hand_over(self._END)

    def _hand_over(self, item: object) -> None:
        while not self._stop.is_set():
            with suppress(queue.Full):
                self._handover.put(item, timeout=0.1)
                return

    def _check_all(self) -> None:
        superseded = _superseded(self.sources)
        for source, later in zip(self.sources, superseded, strict=True):
            header = ingest.read_header(source) if source.count or source.header is not None else None
            codes_seen: dict[str, int] = {}
            for part in _source_parts(source):
                if self._stop.is_set():
                    return
                parsed = ingest.parse_records(part, header=header, codes_seen=codes_seen)
                self.parse_issues += parsed.issues
                batch, issues, computed = _check(parsed, self.refs, later)
                self.check_issues += issues
                self.due_computed += computed
                if batch is not None and not self.issues:
                    self.adapter.batch(batch)
                    self._hand_over(batch)
                self.rows_checked += part.count
            if isinstance(source, ingest.CsvFile):
                self.read_issues += source.issues


def _run(sources: list[Source], source_system: str, progress: Progress | None) -> IngestSummary:
    """read → normalise the columns → validate (on the checking thread) → compare with what is stored →
    write (here), part by part, in one transaction."""
    counter = _Counter(progress)
    source_system = source_system.strip()
    refs, adapter = _References(), _Adapter()
    created = updated = unchanged = 0
    with _gc_paused(), _Checking(sources, source_system, refs, adapter) as checking, transaction.atomic():
        sql = _Sql(adapter)
        with sql.page_cache():
            sql.lock(source_system)
            for batch in checking:
                c, u, same = _write(sql, batch, source_system)
                created, updated, unchanged = created + c, updated + u, unchanged + same
                counter.set(checking.rows_checked + created + updated + unchanged, checking.rows)
        if checking.issues:
            raise InvalidInput(issues=checking.issues)
    rows = checking.rows
    counter.set(2 * rows, rows)
    summary = IngestSummary(rows, created, updated, unchanged, checking.due_computed, [s.filename for s in sources])
    logger.info("Dossier import from %s: %s rows, %s created, %s updated, %s unchanged", source_system,
                rows, created, updated, unchanged, extra={"files": summary.files})
    return summary


def import_dossier_files(files: Sequence[tuple[bytes, str]], *, source_system: str,
                         progress: Progress | None = None) -> IngestSummary:
    """Import dossier files (CSV, XLSX, JSON; our schema or the portal's names) as one all-or-nothing batch.

    ``files`` are (content, filename) pairs. A dossier code may appear once per file; when several files
    carry it, the later file wins (a later export updates a status). ``progress(done, total)`` counts
    each row twice, once when checked and once when written, so ``total`` is twice the number of rows; it
    is called from the caller's thread, inside the import's transaction once writing has begun. Once
    dossiers are written, ``signals.dossiers_imported`` tells the listeners (the KPI refresh).
    """
    started = timezone.now()
    issues: list[Issue] = []
    sources: list[Source] = []
    for content, filename in files:
        try:
            # A lone CSV file is read as its first parts are written. Several files are read whole first:
            # a later one may repeat an earlier one's dossiers (and win).
            if len(files) == 1 and filename.lower().endswith(".csv"):
                sources.append(ingest.CsvFile(content, filename))
            else:
                sources.append(ingest.read_table(content, filename))
        except InvalidInput as exc:
            issues.extend(exc.issues)
    if issues:
        raise InvalidInput(issues=issues)
    summary = _run(sources, source_system, progress)
    signals.imported(summary, since=started)
    return summary


def import_dossier_file(content: bytes, filename: str, *, source_system: str,
                        progress: Progress | None = None) -> IngestSummary:
    """Import one dossier file; see ``import_dossier_files``."""
    return import_dossier_files([(content, filename)], source_system=source_system, progress=progress)


def ingest_records(records: list[dict], *, source_system: str, filename: str = "api",
                   progress: Progress | None = None) -> IngestSummary:
    """Import dossiers pushed as JSON objects (the REST endpoint's body): same schemas and checks as a
    file; the row of an issue is the record's position in the list, from 1."""
    started = timezone.now()
    summary = _run([ingest.records_table(records, filename)], source_system, progress)
    signals.imported(summary, since=started)
    return summary
