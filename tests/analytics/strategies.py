"""Random dossiers for the property tests of the KPI engine and its drill-down lists
(test_engine_properties.py, test_drill_properties.py): the Hypothesis strategies, the four procedures
they draw from (the ``procedures`` fixture, in conftest.py) and the dossiers they build.

Moments lie between November 2024 and early 2026 to the microsecond, with period edges of 2025 (where
off-by-one errors live) drawn often; due and finish times relative to receipt, or at/just past the
statutory limit (the no-due-date rule).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cchc.analytics.store import FactStore
from cchc.core import kpis
from cchc.dossiers.models import Dossier, Procedure
from cchc.units.models import Unit
from tests.analytics.helpers import at
from tests.factories import build_dossier, make_procedure

BASE = at(2024, 11, 1, 0)
# Moments on the edges of 2025's periods (local time), where off-by-one errors live.
EDGES = [
    at(2024, 12, 31, 23, 59, 59, 999999), at(2025, 1, 1, 0), at(2025, 3, 31, 23, 59, 59, 999999), at(2025, 4, 1, 0),
    at(2025, 6, 30, 23, 59, 59, 999999), at(2025, 7, 1, 0), at(2025, 9, 30, 23, 59, 59, 999999),
    at(2025, 12, 31, 23, 59, 59, 999999), at(2026, 1, 1, 0), at(2025, 2, 28, 17),
]
UNITS = ("commune", "commune2", "other_district_commune", "snv", "district", "province")
#: The period kinds of a year the engine computes.
KINDS = st.sampled_from(["month", "quarter", "half", "nine_months", "year"])
#: The fields an edit of a stored dossier changes (the incremental-refresh tests).
EDITED_FIELDS = ("unit", "procedure", "status", "received_at", "due_at", "finished_at", "supplement_count",
                 "supplement_wait_seconds", "channel", "online_full", "paid_online", "fee_amount",
                 "components_digitised", "result_digitised", "reused_data", "rating", "apology_at", "returned_at",
                 "receiving_unit", "prior_unit", "transferred_at", "result_issued_at", "rated_at",
                 "submitted_by_official", "submitted_at_counter", "paid_by_official")
#: Ratings are given within ten minutes of this moment, so that bursts occur (the property tests ask for
#: two identical ratings of a unit within 5 minutes: the ``small_bursts`` fixture).
RATED_BASE = at(2025, 3, 5, 9)



def examples(n: int) -> settings:
    """The settings of a property test on the database: ``n`` examples, no deadline (each writes and
    computes), and the function-scoped fixtures (the province, the procedures) shared by the examples."""
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


moments = st.one_of(
    st.builds(lambda d, s, us: BASE + timedelta(days=d, seconds=s, microseconds=us),
              st.integers(0, 470), st.integers(0, 86399), st.integers(0, 999_999)),
    st.sampled_from(EDGES),
)
specs = st.fixed_dictionaries({
    "unit": st.sampled_from(UNITS),
    "procedure": st.integers(0, 3),
    "status": st.integers(1, 10),
    "received_at": moments,
    "due": st.one_of(st.none(), moments, st.integers(-3 * 86400, 40 * 86400)),
    "finished": st.one_of(st.none(), moments, st.integers(0, 70 * 86400), st.sampled_from(["at_limit", "past_limit"])),
    "supplement_count": st.integers(0, 3),
    "supplement_wait_seconds": st.one_of(st.just(0), st.integers(0, 15 * 86400)),
    "channel": st.integers(1, 3),
    "online_full": st.booleans(),
    "paid_online": st.booleans(),
    "fee_amount": st.sampled_from([0, 0, 25000]),
    "components_digitised": st.booleans(),
    "result_digitised": st.booleans(),
    "reused_data": st.booleans(),
    "rating": st.one_of(st.none(), st.integers(1, 4)),
    "apology": st.booleans(),
    # returned some days after the finish (or never): the integrity check "unreturned"
    "returned": st.one_of(st.none(), st.integers(0, 40 * 86400)),
    # the integrity checks: a result signed some time around the finish, the rating's moment (seconds after
    # RATED_BASE), who submitted or paid online (None: the data does not say)
    "result_issued": st.one_of(st.none(), st.integers(-86400, 3 * 86400)),
    "rated": st.one_of(st.none(), st.integers(0, 600)),
    "on_behalf": st.tuples(*[st.sampled_from([None, True, False])] * 3),
    # NĐ 118/2025: received at another counter; moved from another unit (its latest transfer) at a moment.
    "receiving": st.one_of(st.none(), st.none(), st.sampled_from(UNITS)),
    "transfer": st.one_of(st.none(), st.none(), st.tuples(st.sampled_from(UNITS), moments)),
})
#: Edits of stored dossiers: (which of the first dossiers, modulo their number; its new values).
edits = st.lists(st.tuples(st.integers(0, 24), specs), max_size=8)


def make_procedures() -> list[Procedure]:
    """The four procedures a spec's "procedure" indexes: limits in working days, calendar days, hours and
    none; fully, partly and not online; with and without a fee; a result that is not a document."""
    return [
        make_procedure(time_limit=5, time_limit_kind="working_days", online_level="full"),
        make_procedure(time_limit=10, time_limit_kind="calendar_days", online_level="partial", has_fee=True),
        make_procedure(time_limit=8, time_limit_kind="hours", online_level="none", has_fee=True,
                       result_is_document=False),
        make_procedure(time_limit=None, time_limit_kind="", online_level="full"),
    ]


def build(spec: dict, tree, procedures) -> Dossier:
    """The unsaved dossier a spec describes, in the test province ``tree``."""
    procedure = procedures[spec["procedure"]]
    received = spec["received_at"]
    due = spec["due"]
    if isinstance(due, int):
        due = received + timedelta(seconds=due)
    wait = timedelta(seconds=spec["supplement_wait_seconds"])
    finished = spec["finished"]
    if isinstance(finished, int):
        finished = received + timedelta(seconds=finished)
    elif isinstance(finished, str):  # exactly at, or just past, the statutory limit (no-due-date rule)
        limit = kpis.statutory_limit(procedure.time_limit, procedure.time_limit_kind) or timedelta(days=3)
        finished = received + wait + limit + timedelta(microseconds=1 if finished == "past_limit" else 0)
    return build_dossier(
        unit=getattr(tree, spec["unit"]), procedure=procedure, source_system="test", status=spec["status"],
        received_at=received, due_at=due, finished_at=finished, supplement_count=spec["supplement_count"],
        supplement_wait_seconds=spec["supplement_wait_seconds"], channel=spec["channel"],
        online_full=spec["online_full"], paid_online=spec["paid_online"], fee_amount=spec["fee_amount"],
        components_digitised=spec["components_digitised"], result_digitised=spec["result_digitised"],
        reused_data=spec["reused_data"], rating=spec["rating"],
        apology_at=received + timedelta(days=1) if spec["apology"] else None,
        returned_at=finished + timedelta(seconds=spec["returned"])
        if finished is not None and spec.get("returned") is not None else None,
        receiving_unit=getattr(tree, spec["receiving"]) if spec.get("receiving") else None,
        prior_unit=getattr(tree, spec["transfer"][0]) if spec.get("transfer") else None,
        transferred_at=spec["transfer"][1] if spec.get("transfer") else None,
        result_issued_at=finished + timedelta(seconds=spec["result_issued"])
        if finished is not None and spec.get("result_issued") is not None else None,
        rated_at=RATED_BASE + timedelta(seconds=spec["rated"]) if spec.get("rated") is not None else None,
        **dict(zip(("submitted_by_official", "submitted_at_counter", "paid_by_official"),
                   spec.get("on_behalf") or (None, None, None), strict=True)),
    )


def store_batch(specs_: list[dict], tree, procedures) -> list[Dossier]:
    """The dossiers of the specs, stored in one statement."""
    return Dossier.objects.bulk_create([build(spec, tree, procedures) for spec in specs_])


def apply_edits(dossiers: list[Dossier], changes: list[tuple[int, dict]], tree, procedures) -> None:
    """Edit stored dossiers in place: each change gives one of them the fields of a new spec."""
    for index, spec in changes:
        old = dossiers[index % len(dossiers)]
        new = build(spec, tree, procedures)
        for field in EDITED_FIELDS:
            setattr(old, field, getattr(new, field))
        old.save()


def computed(batch: list[dict], tree, procedures, path, kind: str) -> tuple[FactStore, list[Dossier]]:
    """The database holds exactly the batch's dossiers, and a fact store at ``path``, fully synced, has
    computed 2025's periods of ``kind``."""
    Dossier.objects.all().delete()
    dossiers = store_batch(batch, tree, procedures)
    store = FactStore(path)
    store.sync(incremental=False)
    store.compute(kind, 2025)
    return store, dossiers


def edited_and_refreshed(store: FactStore, dossiers: list[Dossier], changed, added: list[dict], tree, procedures,
                         kind: str):
    """After a computation: the changes applied, the added dossiers stored, then an incremental refresh of
    ``kind``; returns the refresh's sync result (``full`` is False when it was incremental)."""
    apply_edits(dossiers, changed, tree, procedures)
    store_batch(added, tree, procedures)
    synced, _results = store.refresh([kind], 2025)
    return synced


def units_above() -> dict[int, list[int]]:
    """Each unit and every unit above it, by walking the parents (independently of the engine)."""
    parent = dict(Unit.objects.values_list("id", "parent_id"))
    out = {}
    for unit_id in parent:
        chain, node = [], unit_id
        while node is not None:
            chain.append(node)
            node = parent[node]
        out[unit_id] = chain
    return out
