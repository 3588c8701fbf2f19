"""The KPI engine on hand-worked cases: timeliness, rollups up the unit tree, lineage, incremental sync.

Sources: QĐ 766/QĐ-TTg group 2 as the DVCQG formula document computes it (DOMAIN S1, §1.1): on-time rate
= (early + on time + in progress within time) / dossiers received or handled in the period, more than
one supplement request ⇒ late; a province's figure includes its subordinate units (S1 2.2: "chính nó
và đơn vị cấp con"); Nghị quyết 202/2025/QH15: a new commune's figure before 1/7/2025 is that of the
communes it came from. Every expected number below was worked out by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.analytics.models import KpiValue, PeriodKind, SyncState
from cchc.analytics.sql import KPI_SQL
from cchc.analytics.store import FactStore
from cchc.core import kpis
from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier
from cchc.units.models import UnitLink
from tests.analytics.helpers import at
from tests.factories import make_dossier, make_procedure, make_unit

D = Decimal
Q1 = date(2025, 1, 1)
Q2 = date(2025, 4, 1)
Q3 = date(2025, 7, 1)


@pytest.fixture
def procedure(db):
    return make_procedure(time_limit=5, time_limit_kind="working_days", online_level="full")


@pytest.fixture
def worked(province, procedure):
    """The hand-worked case: five dossiers of one commune in Q1 2025, and a few elsewhere.

    Commune 1 (Xã Mỹ Đức): early, on time, late (apologised), pending within its due date, and one
    finished before its due date but with two supplement requests (⇒ late): on-time rate 3/5 = 60%.
    Commune 2, same district: one on time, one still open after its due date: 1/2. District 1: 4/7.
    Commune 3 (district 2): one early. Department SNV: one early, one late. Province: 6/10 = 60%.
    """
    t, p = province, procedure
    c1 = [
        make_dossier(unit=t.commune, procedure=p, status=10, channel=2, received_at=at(2025, 1, 6),
                     due_at=at(2025, 1, 13, 17), finished_at=at(2025, 1, 10, 10), components_digitised=True,
                     result_digitised=True, rating=1),
        make_dossier(unit=t.commune, procedure=p, status=9, channel=3, received_at=at(2025, 2, 3),
                     due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 10, 15), rating=3),
        make_dossier(unit=t.commune, procedure=p, status=10, received_at=at(2025, 2, 17),
                     due_at=at(2025, 2, 24, 17), finished_at=at(2025, 2, 26, 9), apology_at=at(2025, 2, 21)),
        make_dossier(unit=t.commune, procedure=p, status=4, received_at=at(2025, 3, 25), due_at=at(2025, 4, 1, 17)),
        make_dossier(unit=t.commune, procedure=p, status=10, received_at=at(2025, 1, 15),
                     due_at=at(2025, 1, 22, 17), finished_at=at(2025, 1, 20, 9), supplement_count=2,
                     supplement_wait_seconds=2 * 86400),
    ]
    make_dossier(unit=t.commune2, procedure=p, status=9, received_at=at(2025, 3, 3), due_at=at(2025, 3, 10, 17),
                 finished_at=at(2025, 3, 10, 16))
    make_dossier(unit=t.commune2, procedure=p, status=4, received_at=at(2025, 3, 3), due_at=at(2025, 3, 10, 17))
    make_dossier(unit=t.other_district_commune, procedure=p, status=9, received_at=at(2025, 2, 3),
                 due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 5))
    make_dossier(unit=t.snv, procedure=p, status=10, received_at=at(2025, 1, 6), due_at=at(2025, 1, 13, 17),
                 finished_at=at(2025, 1, 8))
    make_dossier(unit=t.snv, procedure=p, status=10, received_at=at(2025, 1, 6), due_at=at(2025, 1, 13, 17),
                 finished_at=at(2025, 1, 14))
    # Not counted anywhere: never received (status 3), and received after the year.
    make_dossier(unit=t.commune, procedure=p, status=3, received_at=at(2025, 2, 3))
    make_dossier(unit=t.commune, procedure=p, status=4, received_at=at(2026, 1, 5))
    return c1


def values(unit, start, kind="quarter"):
    rows = KpiValue.objects.filter(unit=unit, period_kind=kind, period_start=start)
    return {v.kpi_code: v for v in rows}


def test_engine_knows_every_kpi_of_the_catalogue():
    # The SQL must implement each catalogue code, and nothing else.
    assert set(KPI_SQL) == set(kpis.KPI_CODES)


def test_period_kinds_are_the_cores():
    assert tuple(PeriodKind.values) == kpis.PERIOD_KINDS


def test_commune_on_time_rate_three_of_five(worked, province, store):
    store.sync()
    store.compute("quarter", 2025)
    v = values(province.commune, Q1)
    counts = {code: v[code].numerator for code in
              ("received", "handled", "finished", "early", "on_time", "late", "pending_on_time", "pending_overdue",
               "supplement_over_once")}
    assert counts == {"received": 5, "handled": 5, "finished": 4, "early": 1, "on_time": 1, "late": 2,
                      "pending_on_time": 1, "pending_overdue": 0, "supplement_over_once": 1}
    rate = v["ontime_rate"]
    assert (rate.numerator, rate.denominator, rate.value) == (3, 5, D("60.0000"))
    assert rate.definition_version == 1
    # Two late dossiers, one apologised.
    assert (v["apology_compliance_rate"].numerator, v["apology_compliance_rate"].denominator) == (1, 2)
    assert v["apology_compliance_rate"].value == D("50.0000")
    assert v["late_without_apology"].value == D(1)
    # One online (channel 2), one postal (3) of five received.
    assert v["online_rate"].value == D("20.0000")
    assert v["postal_rate"].value == D("20.0000")
    # Digitised: only the first (components and result); results: 1 of 4 finished.
    assert v["digitised_dossiers_rate"].value == D("20.0000")
    assert (v["digitised_results_rate"].numerator, v["digitised_results_rate"].denominator) == (1, 4)
    # Ratings 1 and 3: mean 2, one of two satisfied.
    assert v["rating_average"].value == D("2.0000")
    assert v["satisfaction_rate"].value == D("50.0000")
    # No fee-bearing procedure: no value, which is not 0.
    assert (v["online_payment_dossiers_rate"].denominator, v["online_payment_dossiers_rate"].value) == (0, None)


def test_district_and_province_roll_up(worked, province, store):
    store.sync()
    store.compute("quarter", 2025)
    district = values(province.district, Q1)["ontime_rate"]
    assert (district.numerator, district.denominator, district.value) == (4, 7, D("57.1429"))
    other = values(province.district2, Q1)["ontime_rate"]
    assert (other.numerator, other.denominator) == (1, 1)
    snv = values(province.snv, Q1)["ontime_rate"]
    assert (snv.numerator, snv.denominator) == (1, 2)
    top = values(province.province, Q1)
    assert (top["ontime_rate"].numerator, top["ontime_rate"].denominator, top["ontime_rate"].value) == (6, 10, D("60.0000"))
    assert top["received"].numerator == 10
    assert top["pending_overdue"].numerator == 1


def test_open_dossiers_carry_into_the_next_period(worked, province, store):
    store.sync()
    store.compute("quarter", 2025)
    # Q2: nothing new; the two open dossiers are carried over, now past their due dates.
    c1 = values(province.commune, Q2)
    assert (c1["received"].numerator, c1["handled"].numerator, c1["pending_overdue"].numerator) == (0, 1, 1)
    assert c1["ontime_rate"].value == D(0)
    assert values(province.province, Q2)["handled"].numerator == 2
    # A unit with nothing in the period still gets its row: zero counts, rates without a value.
    c3 = values(province.other_district_commune, Q2)
    assert c3["received"].numerator == 0
    assert (c3["ontime_rate"].denominator, c3["ontime_rate"].value) == (0, None)


def test_cumulative_periods_and_months(worked, province, store):
    store.sync()
    store.compute("half", 2025)
    store.compute("month", 2025)
    half = values(province.commune, date(2025, 1, 1), "half")
    # Jan–Jun: the open dossier is overdue at 30/6, so on time 2 (early, on time) of 5.
    assert (half["ontime_rate"].numerator, half["ontime_rate"].denominator) == (2, 5)
    march = values(province.commune, date(2025, 3, 1), "month")
    # March: received 25/3 and open within its due date (1/4).
    assert (march["handled"].numerator, march["pending_on_time"].numerator) == (1, 1)
    assert KpiValue.objects.filter(period_kind="month", kpi_code="received").values("period_start").distinct().count() == 12


def test_compute_replaces_the_periods_rows(worked, province, store):
    store.sync()
    store.compute("quarter", 2025)
    first = KpiValue.objects.filter(period_kind="quarter").count()
    first_as_of = KpiValue.objects.filter(period_kind="quarter").first().as_of
    store.compute("quarter", 2025)
    assert KpiValue.objects.filter(period_kind="quarter").count() == first
    assert KpiValue.objects.filter(period_kind="quarter").first().as_of >= first_as_of


def test_a_recompute_updates_every_row_and_drops_those_of_a_unit_gone(worked, province, store):
    """Rows are updated in place (SQLite) or replaced (PostgreSQL): either way every row of the periods
    carries the new stamp, and a unit no longer valid in a period keeps no row for it."""
    gone = make_unit(key="t:commune:99", code="99", name="Xã Sáp Nhập", kind="commune", parent=province.district,
                     province=province.province)
    store.sync()
    store.compute("quarter", 2025)
    assert KpiValue.objects.filter(period_kind="quarter", unit=gone).count() == 4 * len(kpis.KPI_CODES)
    before = {(v.kpi_code, v.unit_id, v.period_start): v.pk for v in KpiValue.objects.filter(period_kind="quarter")}
    gone.valid_to = date(2024, 12, 31)
    gone.save()
    store.compute("quarter", 2025)
    after = KpiValue.objects.filter(period_kind="quarter")
    assert not after.filter(unit=gone).exists()
    assert {(v.kpi_code, v.unit_id, v.period_start) for v in after} == {k for k in before if k[1] != gone.pk}
    assert len({v.as_of for v in after}) == 1


def test_incremental_sync_copies_only_what_changed(worked, province, procedure, store):
    first = store.sync()
    assert first.full and first.copied == 12
    again = store.sync()
    assert (again.full, again.copied) == (False, 0)
    store.compute("quarter", 2025)
    assert values(province.commune, Q1)["ontime_rate"].value == D("60.0000")

    # The open dossier is finished on time, and two new dossiers arrive: three rows to copy.
    open_one = worked[3]
    open_one.status, open_one.finished_at = 9, at(2025, 3, 28)
    open_one.save()
    make_dossier(unit=province.commune, procedure=procedure, status=9, received_at=at(2025, 3, 3),
                 due_at=at(2025, 3, 10, 17), finished_at=at(2025, 3, 5))
    make_dossier(unit=province.commune2, procedure=procedure, status=9, received_at=at(2025, 3, 4),
                 due_at=at(2025, 3, 10, 17), finished_at=at(2025, 3, 20))
    step = store.sync()
    assert (step.full, step.copied) == (False, 3)
    assert store.count() == 14
    store.compute("quarter", 2025)
    v = values(province.commune, Q1)
    # 6 dossiers: early ×2, on time, late ×2, and the finished one is early (28/3 < 1/4): 4/6.
    assert (v["ontime_rate"].numerator, v["ontime_rate"].denominator) == (4, 6)
    assert values(province.commune2, Q1)["late"].numerator == 1
    state = SyncState.objects.get(name="dossier_facts")
    assert state.last_id == Dossier.objects.order_by("-updated_at", "-id").first().id


def test_a_new_store_file_gets_a_full_copy(worked, tmp_path):
    FactStore(tmp_path / "one.duckdb").sync()
    # SyncState says "up to date", but this store is empty: it must not trust the mark.
    other = FactStore(tmp_path / "two.duckdb").sync()
    assert (other.full, other.copied) == (True, 12)


def test_lineage_new_commune_includes_its_predecessor_before_1_july_2025(worked, province, procedure, store):
    t = province
    t.commune.valid_to = date(2025, 6, 30)
    t.commune.save()
    new = make_unit(key="t:2025:commune:1", code="29001", name="Xã Mỹ Đức Mới", kind="commune", parent=t.province,
                    province=t.province, valid_from=Q3)
    UnitLink.objects.create(predecessor=t.commune, successor=new, kind="merged", effective_date=Q3)
    # After the reorganisation: one dossier of the new commune, and one still filed under the old one.
    make_dossier(unit=new, procedure=procedure, status=9, received_at=at(2025, 7, 10), due_at=at(2025, 7, 17, 17),
                 finished_at=at(2025, 7, 14))
    make_dossier(unit=t.commune, procedure=procedure, status=9, received_at=at(2025, 7, 11),
                 due_at=at(2025, 7, 18, 17), finished_at=at(2025, 7, 25))
    store.sync()
    store.compute("quarter", 2025)
    store.compute("year", 2025)
    # Q1 2025: the new commune did not exist yet; its figure is its predecessor's.
    q1 = values(new, Q1)
    assert (q1["ontime_rate"].numerator, q1["ontime_rate"].denominator) == (3, 5)
    # Counted once in the province, although reachable through the district and through the new commune.
    assert values(t.province, Q1)["handled"].numerator == 10
    # Q3: the new commune's own dossier, plus the predecessor's dossier carried over from Q1 (open, now
    # overdue); the old commune's July dossier is not taken over (received after 1/7/2025).
    q3 = values(new, Q3)
    assert (q3["handled"].numerator, q3["early"].numerator, q3["pending_overdue"].numerator) == (2, 1, 1)
    assert values(t.commune, Q3)["late"].numerator == 1
    # The year: 5 (Q1, via the predecessor) + 1 of its own.
    year = values(new, Q1, "year")
    assert year["received"].numerator == 6
    assert values(t.province, Q1, "year")["received"].numerator == 12


def test_rebuild_copies_everything_again(worked, province, store):
    store.sync()
    Dossier.objects.filter(unit=province.snv).delete()  # deletions are seen by a full copy only
    assert store.sync().copied == 0
    result = store.rebuild("year", 2025)
    assert result.periods == 1
    assert values(province.snv, Q1, "year")["handled"].numerator == 0
    assert store.count() == 10


def test_compute_refuses_a_store_never_synced(worked, store):
    # An empty store would overwrite every figure with zeros.
    with pytest.raises(DomainError, match="chưa được đồng bộ"):
        store.compute("quarter", 2025)
    assert not KpiValue.objects.exists()


def test_a_procedure_edited_after_its_dossiers_were_copied_is_seen(worked, province, procedure, store):
    store.sync()
    store.compute("quarter", 2025)
    assert values(province.commune, Q1)["online_fullprocess_rate"].denominator == 5
    procedure.online_level = "partial"  # the dossiers themselves do not change
    procedure.save()
    assert store.sync().copied == 0
    store.compute("quarter", 2025)
    assert values(province.commune, Q1)["online_fullprocess_rate"].denominator == 0


def test_batches_split_equal_timestamps_without_loss(worked, province, procedure, store):
    # All rows share one updated_at, and batches of 5 cut through them: the id breaks the tie.
    same = at(2025, 5, 5, 10, 0, 0, 123456)
    Dossier.objects.update(updated_at=same)
    first = store.sync(batch_size=5)
    assert (first.copied, store.count()) == (12, 12)
    assert store.sync(batch_size=5).copied == 0
    # A later row with the very same timestamp and a higher id is still picked up.
    late = make_dossier(unit=province.commune, procedure=procedure, status=4, received_at=at(2025, 5, 5))
    Dossier.objects.filter(pk=late.pk).update(updated_at=same)
    assert store.sync(batch_size=5).copied == 1
    assert store.count() == 13
