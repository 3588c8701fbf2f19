"""A figure's list of dossiers is exactly the dossiers its figure counts against it, for any dossiers.

Issue 9 "Drill-downs equal the score": for every unit, period and KPI with a list
(cchc.analytics.sql.LISTED_KPIS), the list read by cchc.analytics.services.listed_dossiers has
denominator − numerator dossiers (a rate) or numerator dossiers (a count) of the stored figure, and they
are the very dossiers the rules one dossier at a time (cchc.core.timeliness.classify, kpis.in_scope,
tests/analytics/helpers.measures_of) put in the denominator and not in the numerator. After a full
computation and after an incremental refresh of added and edited dossiers.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cchc.analytics import services
from cchc.analytics.models import KpiValue
from cchc.analytics.store import FactStore
from cchc.core import kpis
from cchc.core.transfers import Transfer, counting_unit
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit
from tests.analytics.helpers import KPI_FROM_MEASURES, at, bursts_of, measures_of, period_bounds
from tests.analytics.strategies import (
    KINDS,
    computed,
    edited_and_refreshed,
    edits,
    examples,
    specs,
    units_above,
)
from tests.factories import build_dossier


def expected_ids(dossiers: list[Dossier], above: dict[int, list[int]], unit_id: int, code: str, start, end) -> set[int]:
    """The dossiers the rules count against the unit's figure: in the denominator and not in the
    numerator (a rate), or counted (a count), dossier by dossier."""
    numerator, denominator = KPI_FROM_MEASURES[code]
    names = numerator if isinstance(numerator, tuple) else (numerator,)
    out = set()
    last = period_bounds(start, end)[1]
    bursts = bursts_of(dossiers)
    for d in dossiers:
        moves = [] if d.transferred_at is None else [Transfer(d.prior_unit_id, d.unit_id, d.transferred_at)]
        if unit_id not in above[counting_unit(d.unit_id, moves, last)]:  # every listed KPI is the competent unit's
            continue
        m = measures_of(d, start, end, bursts)
        if not m:
            continue
        counted = sum(m[n] for n in names)
        weight = counted if denominator is None else m[denominator] - counted
        assert weight in (0, 1), (code, d.pk, weight)
        if weight:
            out.add(d.pk)
    return out


def check_lists(kind: str) -> None:
    """Every unit × period × listed KPI: the list's length is the stored figure's complement, and its
    dossiers are the rules' ones."""
    above = units_above()
    final = list(Dossier.objects.select_related("procedure"))
    stored = {(v.unit_id, v.period_start, v.kpi_code): v for v in KpiValue.objects.filter(period_kind=kind)}
    units = {u.pk: u for u in Unit.objects.all()}
    for start, end in kpis.periods_of(2025, kind):
        for unit_id in above:
            for code in services.listed_kpis():
                value = stored[(unit_id, start, code)]
                listed = services.listed_dossiers(units[unit_id], kpi_code=code, kind=kind, start=start)
                ids = [item.dossier.pk for item in listed]
                assert len(ids) == services.list_length(value), (code, unit_id, start)
                assert len(set(ids)) == len(ids)
                assert set(ids) == expected_ids(final, above, unit_id, code, start, end), (code, unit_id, start)


@examples(25)
@given(batch=st.lists(specs, min_size=10, max_size=40), kind=KINDS)
def test_each_list_holds_the_complement_of_its_figure(province, procedures, small_bursts, tmp_path, batch, kind):
    computed(batch, province, procedures, tmp_path / "facts.duckdb", kind)
    check_lists(kind)


@examples(25)
@given(first=st.lists(specs, min_size=5, max_size=25), added=st.lists(specs, min_size=0, max_size=15),
       changed=edits, kind=KINDS)
def test_lists_follow_an_incremental_refresh(province, procedures, small_bursts, tmp_path, first, added, changed, kind):
    """Dossiers added and edited after the first computation: the refresh writes only the difference
    into the lists, and they still equal the figures and the rules."""
    store, dossiers = computed(first, province, procedures, tmp_path / "facts.duckdb", kind)
    synced = edited_and_refreshed(store, dossiers, changed, added, province, procedures, kind)
    assert not synced.full
    check_lists(kind)


def test_a_list_is_not_empty_when_the_figure_lost_points(province, procedures, tmp_path):
    # Non-vacuity: a hand-worked case where the lists hold a known dossier. Finished a day after its due
    # date: late (2.1's list, and the "late" count), in the commune's and the province's lists.
    late = Dossier.objects.bulk_create([
        build_dossier(unit=province.commune, procedure=procedures[0], status=9, received_at=at(2025, 2, 3),
                      due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 11, 8)),
        build_dossier(unit=province.commune, procedure=procedures[0], status=9, received_at=at(2025, 2, 3),
                      due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 10, 23, 59)),
    ])[0]
    store = FactStore(tmp_path / "facts.duckdb")
    store.sync(incremental=False)
    store.compute("quarter", 2025)
    for unit in (province.commune, province.province):
        rows = services.listed_dossiers(unit, kpi_code="ontime_rate", kind="quarter", start=at(2025, 1, 1).date())
        assert [(r.dossier.pk, r.timeliness) for r in rows] == [(late.pk, "late")]
        late_count = services.listed_dossiers(unit, kpi_code="late", kind="quarter", start=at(2025, 1, 1).date())
        assert [r.dossier.pk for r in late_count] == [late.pk]
    assert services.listed_dossiers(province.commune2, kpi_code="ontime_rate", kind="quarter",
                                    start=at(2025, 1, 1).date()) == []
