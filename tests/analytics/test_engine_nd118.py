"""The engine after NĐ 118/2025 (DOMAIN §12.2), hand-worked: a dossier transferred on 1/7/2025 counts at
its old unit in Q2/2025 and at the new one in Q3/2025; a dossier received at commune A and decided by
agency B counts in A's "received" (counter workload) and in B's on-time rate (competent unit). The
incremental refresh sees a transfer, and the drill-down lists hold exactly the figures' dossiers."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.analytics.models import KpiValue
from cchc.analytics.services import listed_dossiers
from cchc.dossiers.transfers import transfer_dissolved
from cchc.units.models import UnitLink
from tests.analytics.helpers import at
from tests.factories import make_dossier, make_procedure, make_unit

Q2 = date(2025, 4, 1)
Q3 = date(2025, 7, 1)


@pytest.fixture
def procedure(db):
    return make_procedure(time_limit=5, time_limit_kind="working_days")


def values(unit, start, kind="quarter"):
    return {v.kpi_code: v for v in KpiValue.objects.filter(unit=unit, period_kind=kind, period_start=start)}


def _figure(unit, start, code):
    v = values(unit, start).get(code)
    return None if v is None else (v.numerator, v.denominator)


@pytest.fixture
def merged(province):
    """Xã Cũ ended on 30/6/2025 and went into Xã Mới (a sibling, not its lineage-linked successor's parent
    chain, so the lineage rollup does not hide where the dossier is counted)."""
    p = province.province
    old = make_unit(key="t:c:old", code="C1", name="Xã Cũ", kind="commune", parent=province.district, province=p,
                    valid_to=date(2025, 6, 30))
    new = make_unit(key="t:c:new", code="C2", name="Xã Mới", kind="commune", parent=province.district2, province=p,
                    valid_from=Q3)
    UnitLink.objects.create(predecessor=old, successor=new, kind="merged", effective_date=Q3)
    return old, new


def test_a_transferred_dossier_counts_at_its_old_unit_before_1_july_2025_and_at_the_new_one_after(
        province, merged, procedure, store):
    old, new = merged
    # Received 20/6/2025, due 27/6/2025, still open on 1/7: overdue at the end of Q2 and of Q3.
    d = make_dossier(unit=old, procedure=procedure, status=4, received_at=at(2025, 6, 20), due_at=at(2025, 6, 27, 17))
    store.sync()
    store.compute("quarter", 2025)

    report = transfer_dissolved()
    assert report.total == 1
    synced, _results = store.refresh(["quarter"], 2025)  # incremental: the transfer moved updated_at
    assert synced.copied == 1 and not synced.full

    # Q2: at Xã Cũ and its district (district 1), not at district 2 (Xã Mới's parent) through the parent chain.
    assert _figure(old, Q2, "pending_overdue") == (1, None)
    assert _figure(province.district, Q2, "handled") == (1, None)
    # Xã Mới's Q2 figure is its predecessor's (lineage rollup, Nghị quyết 202/2025/QH15), as before.
    assert _figure(new, Q2, "handled") == (1, None)
    assert _figure(province.district2, Q2, "handled") == (1, None)  # through Xã Mới's lineage, received before 1/7
    # Q3: at Xã Mới only; Xã Cũ (gone) has nothing, its district 1 nothing.
    assert _figure(new, Q3, "pending_overdue") == (1, None)
    assert _figure(new, Q3, "ontime_rate") == (0, 1)
    assert _figure(old, Q3, "handled") in (None, (0, None))
    assert _figure(province.district, Q3, "handled") == (0, None)
    assert _figure(province.district2, Q3, "handled") == (1, None)
    assert _figure(province.province, Q3, "handled") == (1, None)  # once in the province
    # The drill-down list of Q3's late dossiers at Xã Mới is that dossier; at district 1, none.
    assert listed_dossiers_of(new, Q3, "late") == []  # "late" counts finished late ones only
    assert [x.dossier.pk for x in listed_dossiers_of(new, Q3, "ontime_rate")] == [d.pk]
    assert listed_dossiers_of(province.district, Q3, "ontime_rate") == []

    # The same figures from a full recompute.
    store.rebuild("quarter", 2025)
    assert _figure(new, Q3, "ontime_rate") == (0, 1)
    assert _figure(old, Q2, "pending_overdue") == (1, None)
    assert _figure(province.district, Q3, "handled") == (0, None)


def test_received_at_a_commune_decided_by_an_agency(province, procedure, store):
    t = province
    # Received at Xã Mỹ Đức's counter (online channel 2), decided by Sở Tư pháp, finished early.
    make_dossier(unit=t.stp, receiving_unit=t.commune, procedure=procedure, status=10, channel=2,
                 received_at=at(2025, 7, 7), due_at=at(2025, 7, 14, 17), finished_at=at(2025, 7, 10),
                 components_digitised=True, result_digitised=True)
    # One of the commune's own, decided there, finished late.
    make_dossier(unit=t.commune, procedure=procedure, status=10, received_at=at(2025, 7, 7),
                 due_at=at(2025, 7, 14, 17), finished_at=at(2025, 7, 16))
    store.sync()
    store.compute("quarter", 2025)

    # The commune: received 2 (its own and the agency's), 1 online of 2; on-time 0 of 1 (its own only).
    assert _figure(t.commune, Q3, "received") == (2, None)
    assert _figure(t.commune, Q3, "online_rate") == (1, 2)
    assert _figure(t.commune, Q3, "ontime_rate") == (0, 1)
    # The agency: received nothing at its counter; on-time 1 of 1; digitisation is the competent unit's.
    assert _figure(t.stp, Q3, "received") == (0, None)
    assert _figure(t.stp, Q3, "online_rate") == (0, 0)
    assert _figure(t.stp, Q3, "ontime_rate") == (1, 1)
    assert _figure(t.stp, Q3, "digitised_dossiers_rate") == (1, 1)
    # The province counts each once.
    assert _figure(t.province, Q3, "received") == (2, None)
    assert _figure(t.province, Q3, "ontime_rate") == (1, 2)


def listed_dossiers_of(unit, start, code):
    return listed_dossiers(unit, kpi_code=code, kind="quarter", start=start)
