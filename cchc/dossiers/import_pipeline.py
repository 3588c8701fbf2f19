"""The dossier import as a pipeline over whole columns: read → normalise the columns → validate (each row
by itself, then units, procedures and due dates) → compare with what is stored → write.

It runs a part of the rows at a time on two threads: one reads and checks the next part while the
caller's thread writes the previous one (``_Checking``, ``_run``), so that Python and the database work
at the same time. Everything is one transaction: any problem refuses the whole import with all problems
listed (file, row, field), and what was written of it is rolled back; the references to units that match
none are gathered (``references.Unresolved``) so that the job page can offer to map them. With
``valid_rows`` the rows with a problem are left out instead, the others written (still one transaction)
and the refused rows returned with their problems. The public use cases are in ``services``; reading
files is ``ingest``, writing is ``writer``.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from cchc.core.errors import InvalidInput, Issue, keep_first
from cchc.core.i18n import keeping
from cchc.core.workdays import DateOutsideCalendar
from cchc.platform.db.bulk import Adapter, Sql
from cchc.platform.memory import release_memory

from . import ingest
from .models import OnlineLevel
from .references import ProcedureFacts, References, Unresolved
from .writer import DEFAULTS, Batch, adapt, write

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)

logger = logging.getLogger("cchc.dossiers.services")  # the name operators filter the import's log on

Progress = Callable[[int, int], None]


@dataclass
class IngestSummary:
    """What an import did: rows read, dossiers created, updated and left unchanged (identical)."""

    rows: int
    created: int
    updated: int
    unchanged: int
    due_computed: int = 0
    files: list[str] = field(default_factory=list)
    #: file → the columns of a portal export CCHC does not know and read past (cchc.dossiers.ingest.read_header)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    #: With ``valid_rows``: the problems of the rows left out (each names its file and row), in row order.
    refused: list[Issue] = field(default_factory=list)
    #: With ``valid_rows``: the references to units that match none (references.Unresolved.as_list).
    unknown_units: list[dict] = field(default_factory=list)

    @property
    def refused_rows(self) -> int:
        """How many rows were left out (a row with several problems counts once)."""
        return len({(issue.file, issue.row) for issue in self.refused})


@dataclass
class RefusedImport(InvalidInput):
    """An import refused for its problems (nothing written), with the references to units that match no
    unit gathered (references.Unresolved.as_list) so that the officer can map them and import again."""

    unknown_units: list[dict] = field(default_factory=list)


# --- validation -----------------------------------------------------------------------------------

def _check(pf: ingest.ParsedFile, refs: References, superseded: set[str], *, partial: bool = False,
           unresolved: Unresolved | None = None) -> tuple[Batch | None, list[Issue], int]:
    """Resolve the unit and procedure of every row of a (part of a) file, then complete the dossiers
    (defaults, derived flags, due dates), leaving out rows whose code a later file repeats (``superseded``:
    the later file's row wins). Returns (batch, issues, due dates computed); no batch when there is any
    issue, unless ``partial``: then the rows with an issue are left out of the batch. A row whose unit
    matches none is also noted in ``unresolved``."""
    n = len(pf)
    v = pf.values
    days = ingest.wall_clock(v.get("received_at", np.full(n, ingest.NAT))).astype("datetime64[D]")
    given_refs = [ref or "" for ref in v.get("unit_ref") or [None] * n]
    given_names = [name or "" for name in v.get("unit_name") or [None] * n]
    units = refs.units.resolve_all(given_refs, given_names, days)
    codes = v.get("procedure_code", [])
    procs = [refs.procedures.get(code) for code in codes]
    issues: list[Issue] = []
    bad: set[int] = set()
    for i, (row, (unit_id, problem, about), proc, code) in enumerate(zip(pf.rows, units, procs, codes, strict=True)):
        if unit_id is None:
            field_name = pf.column("unit_ref" if about == "ref" else "unit_name")
            issues.append(Issue(problem, file=pf.filename, row=row, field=field_name))
            bad.add(i)
            if unresolved is not None:
                unresolved.add(given_refs[i], given_names[i], file=pf.filename, row=row, day=days[i].item(),
                               field=field_name)
        if proc is None:
            issues.append(Issue(_("Không có thủ tục mã «{code}» trong danh mục; hãy nhập danh mục trước "
                                  "(cchc procedures import).").format(code=code),
                                file=pf.filename, row=row, field=pf.column("procedure_code")))
            bad.add(i)
    receiving: list[int | None] = [None] * n
    if any(v.get("receiving_unit_ref") or ()):
        given = [i for i, ref in enumerate(v["receiving_unit_ref"]) if ref]
        found = refs.units.resolve_all([v["receiving_unit_ref"][i] for i in given], [""] * len(given), days[given])
        for i, (unit_id, problem, _about) in zip(given, found, strict=True):
            if unit_id is None:
                issues.append(Issue(problem, file=pf.filename, row=pf.rows[i], field=pf.column("receiving_unit_ref")))
                bad.add(i)
            receiving[i] = unit_id
    if not n or (issues and not partial):
        return None, issues, 0
    if bad:
        keep = [i for i in range(n) if i not in bad]
        if not keep:
            return None, issues, 0
        pf = _subset(pf, keep)
        units, procs = [units[i] for i in keep], [procs[i] for i in keep]
        receiving = [receiving[i] for i in keep]
    batch, procs = _complete(pf, [unit_id for unit_id, _p, _a in units], procs, superseded, receiving)
    return batch, issues, _compute_due_dates(batch, procs, refs)


def _subset(pf: ingest.ParsedFile, keep: list[int]) -> ingest.ParsedFile:
    """The rows of ``pf`` at the positions ``keep`` (its issues are not carried)."""
    values = {name: column[keep] if isinstance(column, np.ndarray) else [column[i] for i in keep]
              for name, column in pf.values.items()}
    return ingest.ParsedFile(pf.filename, pf.schema, rows=[pf.rows[i] for i in keep], values=values,
                             columns=pf.columns)


def _without_rows(pf: ingest.ParsedFile, rows: set[int]) -> ingest.ParsedFile:
    """``pf`` less the rows numbered ``rows`` (a row that broke a rule between its fields is kept by
    parse_records so that its unit and procedure are still checked; a partial import leaves it out)."""
    return _subset(pf, [i for i, row in enumerate(pf.rows) if row not in rows])


def _complete(pf: ingest.ParsedFile, unit_ids: list[int], procs: list[ProcedureFacts],
              superseded: set[str], receiving: list[int | None]) -> tuple[Batch, list[ProcedureFacts]]:
    """The rows as a batch with every field of FIELDS filled: as the file says, else as the model
    defaults, else derived."""
    n = len(pf)
    values: dict[str, Any] = {name: pf.values.get(name, np.full(n, ingest.NAT)) for name in ingest.DATE_FIELDS}
    for name in (*DEFAULTS, "status", "online_full"):
        values[name] = pf.values.get(name) or [None] * n
    values["unit_id"] = unit_ids
    # A receiving unit that is the competent unit itself is stored as none: "received elsewhere" only.
    values["receiving_unit_id"] = [None if r == u else r for r, u in zip(receiving, unit_ids, strict=True)]
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
    return Batch(codes, values, supplements, gives_apology), procs


def _compute_due_dates(batch: Batch, procs: list[ProcedureFacts], refs: References) -> int:
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


#: Rows checked and written at a time: while the database writes one part, the next is checked. The first
#: part is smaller, so that the database starts sooner. Two parts are held at once: at 10,000 rows an import of
#: 200,000 dossiers peaked at 424 MiB, at 20,000 at 478 MiB (docs/benchmarks.md, "Hostile files").
PART, FIRST_PART = 10000, 5000


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
    Batch) as soon as it is ready: the database writes one part (on PostgreSQL in its own process, on
    SQLite with Python's lock released) while Python reads the next. Iterate in a ``with`` block.

    The thread never touches the database (``refs`` were read before) and never calls ``progress``
    (which may use the database, from the caller's thread). After the first problem no more batches are
    handed over, but every row is still checked, so that all problems are reported at once: the caller
    then raises InvalidInput and its transaction takes back what it wrote.
    """

    _END = object()

    def __init__(self, sources: list[Source], source_system: str, refs: References, adapter: Adapter, *,
                 partial: bool = False):
        self.sources = sources
        self.partial = partial
        self.unresolved = Unresolved()
        self.refs = refs
        self.adapter = adapter
        self.rows_checked = 0
        self.due_computed = 0
        self.ignored_columns: dict[str, list[str]] = {}
        self.read_issues: list[Issue] = []
        self.parse_issues: list[Issue] = []
        self.source_issues: list[Issue] = []
        self.check_issues: list[Issue] = []
        self._omitted = {"read": 0, "rows": 0}  # problems past IMPORT_MAX_ISSUES: counted, not kept
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

    @property
    def row_issues(self) -> list[Issue]:
        """Every problem of a row (what a partial import leaves out), in file and row order."""
        order = {source.filename: n for n, source in enumerate(self.sources)}
        return sorted(self.read_issues + self.parse_issues + self.check_issues,
                      key=lambda issue: (order.get(issue.file, len(order)), issue.row or 0))

    def may_write(self) -> bool:
        """Whether checked parts are still handed over: while nothing is wrong, or in a partial import
        while nothing is wrong with the import itself (its rows' problems leave out only those rows)."""
        return not self.source_issues if self.partial else not self.issues

    @property
    def omitted(self) -> int:
        """Problems found beyond those kept in ``issues`` (InvalidInput.omitted)."""
        return self._omitted["read"] if self.read_issues else self._omitted["rows"]

    def __enter__(self) -> _Checking:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        while self._thread.is_alive():  # it may wait to hand over a batch nobody takes any more
            with suppress(queue.Empty):
                self._handover.get(timeout=0.1)
        self._thread.join()

    def __iter__(self) -> Iterator[Batch]:
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
            if header is not None and header.ignored:
                self.ignored_columns[source.filename] = list(header.ignored)
            codes_seen: dict[str, int] = {}
            for part in _source_parts(source):
                if self._stop.is_set():
                    return
                parsed = ingest.parse_records(part, header=header, codes_seen=codes_seen)
                self.parse_issues += parsed.issues
                if self.partial and parsed.issues:
                    parsed = _without_rows(parsed, {issue.row for issue in parsed.issues})
                batch, issues, computed = _check(parsed, self.refs, later, partial=self.partial,
                                                 unresolved=self.unresolved)
                self.check_issues += issues
                if not self.partial:  # a partial import gives every refused row back: its problems are all kept
                    limit = settings.IMPORT_MAX_ISSUES  # (as many as the row limit, IMPORT_MAX_ROWS, at most)
                    self._omitted["rows"] += keep_first(self.parse_issues, limit) + keep_first(self.check_issues, limit)
                self.due_computed += computed
                if batch is not None and self.may_write():
                    adapt(self.adapter, batch)
                    self._hand_over(batch)
                self.rows_checked += part.count
            if isinstance(source, ingest.CsvFile):
                self.read_issues += source.issues
                self._omitted["read"] += source.omitted


#: An import of a file of at least this many lines gives its memory back to the system when it ends, written
#: or refused: 0.1 s of collection or more (the whole heap is walked), worth it after a large file, not after
#: each small API batch.
RELEASE_AFTER_ROWS = 10_000


def _run(sources: list[Source], source_system: str, progress: Progress | None, *,
         valid_rows: bool = False) -> IngestSummary:
    """``_import``, then the memory it used given back to the system (cchc.platform.memory) once its
    objects are gone, so that what follows in this process (the CLI's KPI refresh, the worker's next job)
    starts from the process's usual size (issue 10: ≤ 500 MB)."""
    large = sum(source.count or 0 for source in sources) >= RELEASE_AFTER_ROWS
    try:
        return _import(sources, source_system, progress, valid_rows=valid_rows)
    finally:
        if large:
            release_memory()


def _import(sources: list[Source], source_system: str, progress: Progress | None, *,
            valid_rows: bool = False) -> IngestSummary:
    """read → normalise the columns → validate (on the checking thread) → compare with what is stored →
    write (here), part by part, in one transaction. Any problem raises RefusedImport and nothing is
    written, unless ``valid_rows``: then only a problem of the import itself does, and the rows with a
    problem are left out and listed in the summary's ``refused``."""
    counter = _Counter(progress)
    source_system = source_system.strip()
    refs, adapter = References(), Adapter()
    created = updated = unchanged = 0
    with (_gc_paused(), _Checking(sources, source_system, refs, adapter, partial=valid_rows) as checking,
          transaction.atomic()):
        sql = Sql(adapter)
        with sql.page_cache():
            sql.lock(f"cchc.dossiers:{source_system}")
            for batch in checking:
                c, u, same = write(sql, batch, source_system)
                created, updated, unchanged = created + c, updated + u, unchanged + same
                counter.set(checking.rows_checked + created + updated + unchanged, checking.rows)
        if valid_rows and checking.source_issues:
            raise RefusedImport(issues=checking.source_issues, omitted=checking.omitted)
        if not valid_rows and checking.issues:
            raise RefusedImport(issues=checking.issues, omitted=checking.omitted,
                                unknown_units=checking.unresolved.as_list(refs.units))
    rows = checking.rows
    counter.set(2 * rows, rows)
    summary = IngestSummary(rows, created, updated, unchanged, checking.due_computed, [s.filename for s in sources],
                            checking.ignored_columns)
    if valid_rows:
        summary.refused = checking.row_issues
        summary.unknown_units = checking.unresolved.as_list(refs.units)
    logger.info("Dossier import from %s: %s rows, %s created, %s updated, %s unchanged", source_system,
                rows, created, updated, unchanged, extra={"files": summary.files})
    return summary
