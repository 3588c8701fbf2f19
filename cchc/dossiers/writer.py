"""Writing checked dossiers: compare each batch with what is stored, insert the new dossiers, update the
changed ones, replace their supplements and derive their lifecycle events in the database.

Rows identical to what is stored are skipped, so a re-import writes nothing and ``updated_at`` (the
analytics watermark) only moves for real changes. The SQL itself is the generic bulk layer
(cchc.platform.db.bulk); this module holds what is particular to dossiers: the fields, the batch, the
"identical, skip" comparison and the events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cchc.core.timeliness import Status
from cchc.platform.db.bulk import Adapter, Sql

from . import late
from .ingest import DATE_FIELDS, Supplement
from .models import Dossier, DossierEvent, DossierSupplement, EventKind

#: The stored fields an import sets, in a fixed order (they are compared as a tuple to skip identical rows).
FIELDS = (
    "receipt_number", "unit_id", "procedure_id", "status", "channel", "online_full", "applicant_kind",
    "received_at", "due_at", "due_computed", "finished_at", "returned_at", "return_by_post",
    "supplement_count", "supplement_wait_seconds", "apology_at", "apology_new_due_at", "fee_amount",
    "paid_online", "components_digitised", "result_digitised", "reused_data", "rating", "receiving_unit_id",
    "stop_reason", "result_issued_at", "rated_at", "submitted_by_official", "submitted_at_counter",
    "paid_by_official",
)
#: What a field is when the file says nothing (the model's defaults); the instants then stay empty.
DEFAULTS: dict[str, Any] = {
    "receipt_number": "", "channel": 1, "applicant_kind": None, "due_computed": False, "return_by_post": False,
    "supplement_count": 0, "supplement_wait_seconds": 0, "fee_amount": Decimal(0), "paid_online": False,
    "components_digitised": False, "result_digitised": False, "reused_data": False, "rating": None,
    "stop_reason": "", "submitted_by_official": None, "submitted_at_counter": None, "paid_by_official": None,
}


@dataclass
class Batch:
    """The checked dossiers of an import, column by column, ready to write: one entry per dossier code.

    ``values`` has every name of FIELDS: a list, or for the instants (ingest.DATE_FIELDS) a
    ``datetime64[us]`` array in UTC with NaT for none.
    """

    codes: list[str]
    values: dict[str, Any]
    supplements: list[tuple[Supplement, ...]]
    #: Whether the row states an apology; if not, a stored one (issued in CCHC) is kept.
    gives_apology: list[bool]
    #: The values of FIELDS and the supplements, adapted for the database (``adapt``).
    rows: list[tuple] = field(default_factory=list)
    supplement_rows: list[tuple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.codes)


def adapt(adapter: Adapter, batch: Batch) -> None:
    """Fill ``batch.rows`` and ``batch.supplement_rows`` with the values as the database stores them (on the
    checking thread: the adapter needs only the connection's settings)."""
    v = batch.values
    batch.rows = list(zip(*(adapter.times(v[name]) if name in DATE_FIELDS else v[name] for name in FIELDS),
                          strict=True))
    batch.supplement_rows = [tuple((adapter.dt(req), adapter.dt(comp)) for req, comp in pairs) if pairs else ()
                             for pairs in batch.supplements]


_APOLOGY_AT, _APOLOGY_NEW_DUE_AT = FIELDS.index("apology_at"), FIELDS.index("apology_new_due_at")
_UNIT = FIELDS.index("unit_id")


def write(sql: Sql, batch: Batch, source_system: str) -> tuple[int, int, int]:
    """Compare a batch with what is stored, then insert the new dossiers, update the changed ones and
    write the supplements and events of both. Returns (created, updated, unchanged)."""
    params, supplements, codes = batch.rows, batch.supplement_rows, batch.codes

    existing: dict[str, tuple[int, tuple]] = {}
    prior: dict[str, int] = {}  # code → the competent unit before the dossier's latest transfer
    for code, pk, prior_unit, *values in sql.select_in(Dossier, ["code", "id", "prior_unit", *FIELDS], "code", codes,
                                                        where=sql.col(Dossier, "source_system") + " = {mark} AND ",
                                                        params=[source_system]):
        existing[code] = (pk, tuple(values))
        if prior_unit is not None:
            prior[code] = prior_unit
    new = [i for i, code in enumerate(codes) if code not in existing]
    changed = _changed(sql, batch, params, supplements, existing, prior) if existing else []

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
    if new or changed:
        written = sorted([*(ids if new else []), *(replaced if changed else [])])
        _keep_original_due(sql, written)
        late.refresh(written)
    return len(new), len(changed), len(batch) - len(new) - len(changed)


def _keep_original_due(sql: Sql, ids: list[int]) -> None:
    """The due date at reception (``original_due_at``) is the first one a dossier was imported with; a later
    import changes only the current one (``due_at``: an extension moves it, DOMAIN §12.2)."""
    original, due = sql.col(Dossier, "original_due_at"), sql.col(Dossier, "due_at")
    for chunk in sql.id_chunks(ids):
        condition, params = sql.ids_condition(sql.col(Dossier, "id"), chunk)
        sql.cursor.execute(f"UPDATE {sql.table(Dossier)} SET {original} = {due} "
                           f"WHERE {original} IS NULL AND {due} IS NOT NULL AND {condition}", params)


def _changed(sql: Sql, batch: Batch, params: list[tuple], supplements: list[tuple],
             existing: dict[str, tuple[int, tuple]], prior: dict[str, int]) -> list[int]:
    """Positions of the stored dossiers the batch changes: a field, or the supplement list. A stored
    apology (issued in CCHC, cchc.dossiers.apologies) survives a row that states none: one-stop exports
    never carry it, so ``params`` takes the stored one for such rows. Likewise a transfer recorded in CCHC
    (cchc.dossiers.transfers) survives a row that still names the unit the dossier was transferred from:
    the source may not know of it (``prior``: code → that unit)."""
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
        if code in prior and row[_UNIT] == prior[code]:
            row = list(row)
            row[_UNIT] = stored[1][_UNIT]
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


def _write_children(sql: Sql, ids: list[int], supplements: list[tuple]) -> None:
    """The supplements of these (just written) dossiers, then their lifecycle events."""
    sql.insert(DossierSupplement, ["dossier", "requested_at", "completed_at"],
               [(pk, req, comp) for pk, pairs in zip(ids, supplements, strict=True) for req, comp in pairs])
    derive_events(sql, ids)


def derive_events(sql: Sql, ids: list[int]) -> None:
    """Write the lifecycle events of these dossiers from their stored dates, in the database.

    Received; each supplement requested and completed; the apology, unless its event is there already
    (apology events are never replaced: the one of an apology issued in CCHC carries the letter's
    number); finished for a dossier processed to the end, or withdrawn (7) / stopped (8) at its end
    date; returned; rated, at the rating's moment when the row gives it (``rated_at``), else at the
    return, else at the end of processing [I]. Set-based (one pass over the dossiers, crossed with the
    kinds), so that hundreds of thousands of events never pass through Python.
    """
    d, s = Dossier, DossierSupplement
    status, finished, returned = sql.col(d, "status"), sql.col(d, "finished_at"), sql.col(d, "returned_at")
    received, apology, rating = sql.col(d, "received_at"), sql.col(d, "apology_at"), sql.col(d, "rating")
    rated = sql.col(d, "rated_at")
    end = f"COALESCE({finished}, {returned})"
    w, st = Status.WITHDRAWN.value, Status.STOPPED.value
    instant = {  # kind → its instant, NULL when the dossier has no such event
        EventKind.RECEIVED: received,
        EventKind.WITHDRAWN: f"CASE WHEN {status} = {w} THEN {end} END",
        EventKind.STOPPED: f"CASE WHEN {status} = {st} THEN {finished} END",
        EventKind.FINISHED: f"CASE WHEN {status} NOT IN ({w}, {st}) THEN {finished} END",
        EventKind.RETURNED: f"CASE WHEN {status} <> {w} THEN {returned} END",
        EventKind.RATED: f"CASE WHEN {rating} IS NOT NULL THEN COALESCE({rated}, {returned}, {finished}) END",
    }
    kinds = " UNION ALL ".join(f"SELECT '{kind.value}' AS kind" for kind in instant)
    pick = "CASE k.kind " + " ".join(f"WHEN '{kind.value}' THEN {at}" for kind, at in instant.items()) + " END"
    requested, completed = sql.col(s, "requested_at"), sql.col(s, "completed_at")
    dossier_id, pk = sql.col(s, "dossier"), sql.col(d, "id")
    target = f"INSERT INTO {sql.table(DossierEvent)} ({sql.cols(DossierEvent, ['dossier', 'kind', 'at', 'note'])}) "
    for chunk in sql.id_chunks(ids):
        in_d, params = sql.ids_condition(pk, chunk)
        in_s, _same = sql.ids_condition(dossier_id, chunk)
        sql.cursor.execute(
            target + f"SELECT id, kind, at, '' FROM (SELECT {pk} AS id, k.kind AS kind, {pick} AS at "
            f"FROM {sql.table(d)} CROSS JOIN ({kinds}) k WHERE {in_d}) e WHERE at IS NOT NULL",
            params)
        # The few apologies apart, as an anti-join: a correlated NOT EXISTS in the pass above made
        # PostgreSQL hash the whole event table for every chunk.
        sql.cursor.execute(
            target + f"SELECT dd.{pk}, '{EventKind.APOLOGY.value}', dd.{apology}, '' FROM {sql.table(d)} dd "
            f"LEFT JOIN {sql.table(DossierEvent)} ee ON ee.{sql.col(DossierEvent, 'dossier')} = dd.{pk} "
            f"AND ee.{sql.col(DossierEvent, 'kind')} = '{EventKind.APOLOGY.value}' "
            f"AND ee.{sql.col(DossierEvent, 'at')} = dd.{apology} "
            f"WHERE dd.{apology} IS NOT NULL AND ee.{sql.col(DossierEvent, 'id')} IS NULL AND "
            + sql.ids_condition(f"dd.{pk}", chunk)[0],
            params)
        # DISTINCT: two supplement requests at one instant make one event ((dossier, kind, at) is unique).
        sql.cursor.execute(
            target + f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_REQUESTED.value}', {requested}, '' "
            f"FROM {sql.table(s)} WHERE {in_s} UNION ALL "
            f"SELECT DISTINCT {dossier_id}, '{EventKind.SUPPLEMENT_RETURNED.value}', {completed}, '' "
            f"FROM {sql.table(s)} WHERE {in_s} AND {completed} IS NOT NULL",
            params * 2)
