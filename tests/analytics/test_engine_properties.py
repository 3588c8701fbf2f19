"""The engine's SQL agrees with the rules one dossier at a time, for any dossiers.

Sources: QĐ 766/QĐ-TTg group 2 (DOMAIN S1 §1.1) as implemented by cchc.core.timeliness.classify; the
period scope of cchc.core.kpis.in_scope; the rollup "a unit's figure includes its subordinate units"
(S1). For random dossiers (statuses, dates to the microsecond, period-edge moments, supplements,
channels, flags) the engine's numerator and denominator of every KPI, for every unit and period, equal
a plain-Python computation that calls classify on each dossier and walks up the parents itself, and,
on PostgreSQL, the same figures computed by one plain SQL query on the system of record.
"""

from __future__ import annotations

from unittest.mock import patch

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from cchc.analytics import store as store_module
from cchc.analytics.models import KpiValue
from cchc.analytics.store import FactStore
from cchc.core import kpis
from cchc.dossiers.models import Dossier
from tests.analytics.helpers import KPI_FROM_MEASURES, at, period_bounds, reference_kpis
from tests.analytics.strategies import (
    KINDS,
    computed,
    edited_and_refreshed,
    edits,
    examples,
    specs,
    store_batch,
    units_above,
)
from tests.factories import build_dossier


def engine_figures(kind: str) -> dict[tuple[int, int, str], tuple[int | None, int | None]]:
    starts = [s for s, _e in kpis.periods_of(2025, kind)]
    return {
        (v.unit_id, starts.index(v.period_start), v.kpi_code): (v.numerator, v.denominator)
        for v in KpiValue.objects.filter(period_kind=kind)
    }


def expected_or_zero(ref: dict, unit_id: int, code: str) -> tuple[int, int | None]:
    if (unit_id, code) in ref:
        return ref[(unit_id, code)]
    return (0, None if KPI_FROM_MEASURES[code][1] is None else 0)


@examples(60)
@given(batch=st.lists(specs, min_size=10, max_size=40), kind=KINDS)
def test_engine_equals_the_rules_dossier_by_dossier(province, procedures, small_bursts, tmp_path, batch, kind):
    Dossier.objects.all().delete()
    dossiers = store_batch(batch, province, procedures)
    store = FactStore(tmp_path / "facts.duckdb")
    assert store.sync(incremental=False).copied == len(dossiers)
    store.compute(kind, 2025)

    got = engine_figures(kind)
    above = units_above()
    periods = kpis.periods_of(2025, kind)
    for pidx, (start, end) in enumerate(periods):
        ref = reference_kpis(dossiers, above, start, end)
        for unit_id in above:
            for code in kpis.KPI_CODES:
                expected = expected_or_zero(ref, unit_id, code)
                assert got[(unit_id, pidx, code)] == expected, (code, unit_id, start)

    if connection.vendor == "postgresql":
        plain = postgres_figures(periods)
        for (unit_id, pidx, code), figure in got.items():
            assert figure == plain.get((unit_id, pidx, code), expected_or_zero({}, unit_id, code)), (code, unit_id)


# One plain SQL query on PostgreSQL: the rules written again against the system of record's own tables,
# with the unit tree walked by a recursive CTE. It checks the sync (time zones, epochs, days) as well.
POSTGRES_SQL = """
WITH RECURSIVE up(unit_id, ancestor_id) AS (
    SELECT id, id FROM units_unit
    UNION
    SELECT up.unit_id, u.parent_id FROM up JOIN units_unit u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL
),
p(pidx, first_at, last_at) AS (
    SELECT * FROM unnest(%(pidx)s::int[], %(first)s::timestamptz[], %(last)s::timestamptz[])
),
-- ratings in bursts: a span opens at each rating (1-3, with its moment) and holds the unit's identical ratings
-- up to the settings' minutes later; a rating is in a burst when a span of at least their count holds it
r AS (
    SELECT id, unit_id, rating, rated_at,
           count(*) OVER (PARTITION BY unit_id, rating ORDER BY rated_at
                          RANGE BETWEEN CURRENT ROW AND %(span)s::interval FOLLOWING) >= %(burst)s AS opens
    FROM dossiers_dossier WHERE rated_at IS NOT NULL AND rating BETWEEN 1 AND 3
),
b AS (
    SELECT id, bool_or(opens) OVER (PARTITION BY unit_id, rating ORDER BY rated_at
                                    RANGE BETWEEN %(span)s::interval PRECEDING AND CURRENT ROW) AS in_burst
    FROM r
),
f AS (
    SELECT d.*, coalesce(b.in_burst, false) AS in_burst, pr.online_level, pr.has_fee, pr.result_is_document,
           CASE pr.time_limit_kind WHEN 'hours' THEN pr.time_limit * 3600
                WHEN 'calendar_days' THEN pr.time_limit * 86400
                WHEN 'working_days' THEN pr.time_limit * 86400 * 7 / 5 END AS limit_s
    FROM dossiers_dossier d JOIN dossiers_procedure pr ON pr.id = d.procedure_id LEFT JOIN b ON b.id = d.id
),
x AS (
    SELECT f.*, p.pidx, p.last_at AS p_last,
        f.received_at >= p.first_at AS rec,
        f.status IN (7, 9, 10) AND f.finished_at BETWEEN p.first_at AND p.last_at AS fin,
        CASE
            WHEN f.supplement_count > 1 THEN 'late'
            WHEN f.status IN (5, 6, 8) THEN 'pending_on_time'
            WHEN f.status = 7 AND NOT coalesce(f.finished_at > p.last_at, false) THEN 'on_time'
            WHEN f.finished_at IS NULL OR f.finished_at > p.last_at THEN CASE
                WHEN f.due_at IS NOT NULL THEN CASE
                    WHEN (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= (p.last_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                    THEN 'pending_on_time' ELSE 'pending_overdue' END
                WHEN f.limit_s IS NOT NULL THEN CASE
                    WHEN extract(epoch FROM p.last_at) - extract(epoch FROM f.received_at) - f.supplement_wait_seconds <= f.limit_s
                    THEN 'pending_on_time' ELSE 'pending_overdue' END
                ELSE 'pending_on_time' END
            WHEN f.due_at IS NOT NULL THEN CASE
                WHEN (f.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'early'
                WHEN (f.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = (f.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'on_time'
                ELSE 'late' END
            WHEN f.limit_s IS NOT NULL THEN CASE
                WHEN extract(epoch FROM f.finished_at) - extract(epoch FROM f.received_at) - f.supplement_wait_seconds <= f.limit_s
                THEN 'on_time' ELSE 'late' END
            ELSE 'on_time'
        END AS cls
    FROM f JOIN p ON f.status NOT IN (1, 3) AND f.received_at <= p.last_at
     AND coalesce(f.finished_at, CASE WHEN f.status IN (7, 9, 10) THEN f.received_at END, p.first_at) >= p.first_at
),
-- Each row twice: at the competent unit it had at the period's end (before its transfer: the unit it came
-- from), and at the counter that received it (that unit when none is recorded); "here" marks the first.
y AS (
    SELECT x.*, true AS here,
           CASE WHEN x.transferred_at > p.last_at THEN x.prior_unit_id ELSE x.unit_id END AS at_unit
    FROM x JOIN p ON p.pidx = x.pidx
    UNION ALL
    SELECT x.*, false AS here,
           coalesce(x.receiving_unit_id, CASE WHEN x.transferred_at > p.last_at THEN x.prior_unit_id ELSE x.unit_id END)
    FROM x JOIN p ON p.pidx = x.pidx
)
SELECT up.ancestor_id, y.pidx,
    count(*) FILTER (WHERE here) AS handled,
    count(*) FILTER (WHERE NOT here AND rec) AS received,
    count(*) FILTER (WHERE here AND rec) AS received_competent,
    count(*) FILTER (WHERE here AND fin) AS finished,
    count(*) FILTER (WHERE here AND cls = 'early') AS early,
    count(*) FILTER (WHERE here AND cls = 'on_time') AS on_time,
    count(*) FILTER (WHERE here AND cls = 'late') AS late,
    count(*) FILTER (WHERE here AND cls = 'pending_on_time') AS pending_on_time,
    count(*) FILTER (WHERE here AND cls = 'pending_overdue') AS pending_overdue,
    count(*) FILTER (WHERE here AND supplement_count > 1) AS supplement_over_once,
    count(*) FILTER (WHERE here AND fin AND status IN (9, 10) AND ((result_is_document AND NOT result_digitised)
        OR coalesce((result_issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                    > (finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, false)))
        AS closed_before_result,
    count(*) FILTER (WHERE here AND rec AND in_burst) AS rating_burst,
    count(*) FILTER (WHERE here AND rec AND ((channel = 2 AND (coalesce(submitted_by_official, false)
        OR coalesce(submitted_at_counter, false))) OR (paid_online AND coalesce(paid_by_official, false)))) AS on_behalf,
    count(*) FILTER (WHERE here AND rec AND (submitted_by_official IS NOT NULL OR submitted_at_counter IS NOT NULL
        OR paid_by_official IS NOT NULL)) AS on_behalf_data,
    count(*) FILTER (WHERE here AND fin AND status IN (9, 10)
        AND CASE WHEN returned_at IS NULL THEN status = 9
                 ELSE (returned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > (p_last AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END
        AND (p_last AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - (finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > 10)
        AS unreturned,
    count(*) FILTER (WHERE here AND cls IN ('late', 'pending_overdue')) AS late_all,
    count(*) FILTER (WHERE here AND cls IN ('late', 'pending_overdue') AND apology_at IS NOT NULL) AS late_apology,
    count(*) FILTER (WHERE here AND rec AND online_level = 'full') AS fullprocess_eligible,
    count(*) FILTER (WHERE here AND rec AND online_level = 'full' AND online_full) AS fullprocess_done,
    count(*) FILTER (WHERE NOT here AND rec AND channel = 2) AS channel_online,
    count(*) FILTER (WHERE NOT here AND rec AND channel = 3) AS channel_postal,
    count(*) FILTER (WHERE here AND rec AND has_fee AND fee_amount > 0) AS fee_dossiers,
    count(*) FILTER (WHERE here AND rec AND has_fee AND fee_amount > 0 AND paid_online) AS paid_online,
    count(*) FILTER (WHERE here AND rec AND components_digitised AND (result_digitised OR NOT result_is_document)) AS digitised,
    count(*) FILTER (WHERE here AND fin AND (result_digitised OR NOT result_is_document)) AS results_digitised,
    count(*) FILTER (WHERE here AND rec AND reused_data) AS reused,
    count(*) FILTER (WHERE here AND rec AND rating BETWEEN 1 AND 3) AS rated,
    count(*) FILTER (WHERE here AND rec AND rating IN (1, 2)) AS satisfied,
    coalesce(sum(rating) FILTER (WHERE here AND rec AND rating BETWEEN 1 AND 3), 0) AS rating_sum
FROM y JOIN up ON up.unit_id = y.at_unit
GROUP BY up.ancestor_id, y.pidx
"""


def postgres_figures(periods) -> dict[tuple[int, int, str], tuple[int, int | None]]:
    bounds = [period_bounds(s, e) for s, e in periods]
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SQL, {
            "pidx": list(range(len(periods))),
            "first": [b[0] for b in bounds],
            "last": [b[1] for b in bounds],
            "burst": settings.CCHC_INTEGRITY_BURST_COUNT, "span": f"{settings.CCHC_INTEGRITY_BURST_MINUTES} minutes",
        })
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    out = {}
    for row in rows:
        row["late_without"] = row["late_all"] - row["late_apology"]
        for code, (num, den) in KPI_FROM_MEASURES.items():
            numerator = sum(row[n] for n in num) if isinstance(num, tuple) else row[num]
            out[(row["ancestor_id"], row["pidx"], code)] = (int(numerator), None if den is None else int(row[den]))
    return out


def test_postgres_query_sees_the_hand_worked_case(province, procedures):
    # The plain query above is itself checked on a tiny case, so "both agree" means something.
    if connection.vendor != "postgresql":
        pytest.skip("the plain-SQL cross-check is written for PostgreSQL")
    Dossier.objects.bulk_create([
        build_dossier(unit=province.commune, procedure=procedures[0], status=9, received_at=at(2025, 2, 3),
                      due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 10, 23, 59)),
        build_dossier(unit=province.commune, procedure=procedures[0], status=4, received_at=at(2025, 3, 3),
                      due_at=at(2025, 3, 10, 17)),
    ])
    figures = postgres_figures(kpis.periods_of(2025, "quarter"))
    assert figures[(province.commune.id, 0, "ontime_rate")] == (1, 2)
    assert figures[(province.province.id, 0, "pending_overdue")] == (1, None)
    assert figures[(province.district.id, 1, "handled")] == (1, None)


@examples(40)
@given(first=st.lists(specs, min_size=5, max_size=25), added=st.lists(specs, min_size=0, max_size=15),
       changed=edits, kind=KINDS)
def test_refresh_after_changes_equals_the_rules(province, procedures, small_bursts, tmp_path, first, added, changed, kind):
    """The incremental path: figures computed, then dossiers added and edited (each edit counted as the new
    row minus the row it replaces in the stored sums), then a refresh: the same figures as the rules."""
    store, dossiers = computed(first, province, procedures, tmp_path / "facts.duckdb", kind)
    synced = edited_and_refreshed(store, dossiers, changed, added, province, procedures, kind)
    assert not synced.full

    got = engine_figures(kind)
    above = units_above()
    final = list(Dossier.objects.all())
    for pidx, (start, end) in enumerate(kpis.periods_of(2025, kind)):
        ref = reference_kpis(final, above, start, end)
        for unit_id in above:
            for code in kpis.KPI_CODES:
                assert got[(unit_id, pidx, code)] == expected_or_zero(ref, unit_id, code), (code, unit_id, start)


@examples(25)
@given(first=st.lists(specs, min_size=5, max_size=20), added=st.lists(specs, min_size=4, max_size=15),
       changed=edits, kind=KINDS)
def test_an_incremental_copy_committed_in_parts_equals_the_rules(province, procedures, small_bursts, tmp_path, first,
                                                                 added, changed, kind):
    """The same, with the incremental copy read 3 rows at a time and committed every 4 (store.COMMIT_ROWS:
    each commit adds its rows' differences to the stored sums): the same figures as the rules."""
    store, dossiers = computed(first, province, procedures, tmp_path / "facts.duckdb", kind)
    with patch.object(store_module, "BATCH_SIZE", 3), patch.object(store_module, "COMMIT_ROWS", 4):
        synced = edited_and_refreshed(store, dossiers, changed, added, province, procedures, kind)
    assert not synced.full and synced.copied >= len(added)

    got = engine_figures(kind)
    above = units_above()
    final = list(Dossier.objects.all())
    for pidx, (start, end) in enumerate(kpis.periods_of(2025, kind)):
        ref = reference_kpis(final, above, start, end)
        for unit_id in above:
            for code in kpis.KPI_CODES:
                assert got[(unit_id, pidx, code)] == expected_or_zero(ref, unit_id, code), (code, unit_id, start)
