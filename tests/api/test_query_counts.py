"""API reads cost the same number of queries whatever the number of units and figures (no N+1), like the
pages (tests/web/test_query_counts.py): each operation is measured on the test province and again with 40
more communes (and a figure for each on the targets' KPI); the count must not change, and the committed
baselines (upper bounds) make a regression visible in review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

# Upper bounds observed when the baselines were written; raise only with a reason in the commit message.
BASELINES = {"units": 4, "plans": 4, "plan": 12, "targets": 10}
URLS = {"units": "/api/v1/units/", "plans": "/api/v1/plans/", "plan": "/api/v1/plans/TN-2022",
        "targets": "/api/v1/plans/TN-2022/targets"}


def _grow(tree, *, communes: int) -> None:
    for i in range(communes):
        unit = factories.make_unit(key=f"t:api:{i}", code=f"98{i:04d}", name=f"Xã Thêm {i}", kind="commune",
                                   parent=tree.district2, province=tree.province)
        factories.make_kpi_value(unit=unit, code="digitised_results_rate", kind="year", start=date(2022, 1, 1),
                                 value=Decimal(30 + i % 20), as_of=datetime(2023, 1, 5, tzinfo=UTC))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries)


@pytest.mark.parametrize("operation", list(BASELINES))
def test_query_count_does_not_grow_with_data(province, plan, users, operation):
    client = factories.client_for(user=users["leader"])
    small = _count(client, URLS[operation])
    _grow(province, communes=40)
    large = _count(client, URLS[operation])
    assert small == large, f"{operation}: {small} queries with few units, {large} with many"
    assert large <= BASELINES[operation], f"{operation}: {large} queries, baseline {BASELINES[operation]}"


# --- The 766 scoreboard (stored KPI values and the lists the engine wrote with them) -------------------

# ranking_cold: the first call after a recompute (empty cache), 9 with the previous period's values read for
# each rank's change (issue #12); ranking_warm: every call after it. The 766 input providers
# (cchc.scoreboard.inputs.PROVIDERS: publications, petitions, portal counts) add their figures to every
# scoring (1, 2 and 1 queries a period) and their stamps once per cache lifetime (cchc.scoreboard.inputs.stamp,
# kept in the cache and renewed by every import), and the portal's published scores beside CCHC's (1).
SCOREBOARD_BASELINES = {"ranking_cold": 16, "ranking_warm": 7, "scorecard": 9, "dossiers": 14}


def _dossiers(units, procedure, *, late: int) -> None:
    """For each unit, one dossier handled on time and ``late`` handled late in Q1 2025 (real engine input)."""
    from cchc.dossiers.models import Dossier
    from tests.analytics.helpers import at

    rows = []
    for unit in units:
        rows.append(factories.build_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 1, 6),
                            due_at=at(2025, 1, 13, 17), finished_at=at(2025, 1, 8)))
        rows += [factories.build_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 2, 3, 9, i),
                         due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 12)) for i in range(late)]
    Dossier.objects.bulk_create(rows)


def _recompute() -> None:
    from cchc.analytics.store import FactStore

    store = FactStore()
    store.sync()
    store.compute("quarter", 2025)


@pytest.mark.parametrize("operation", list(SCOREBOARD_BASELINES))
def test_scoreboard_query_count_does_not_grow_with_data(province, users, operation):
    """The ranking with 2 units ranked and with 42; a scorecard and a list of 60 dossiers whatever the
    other units hold (the list reads its page of dossiers by primary key, one query)."""
    from django.core.cache import cache

    from cchc.units.models import Unit

    client = factories.client_for(user=users["officer"])
    pk = province.commune.pk
    url = {"scorecard": f"/api/v1/scoreboard/units/{pk}?kind=quarter&start=2025-01-01",
           "dossiers": f"/api/v1/scoreboard/units/{pk}/dossiers/2.1?kind=quarter&start=2025-01-01&size=50"
           }.get(operation, "/api/v1/scoreboard/ranking?kind=quarter&start=2025-01-01")

    def count() -> int:
        cache.clear()
        if operation == "ranking_warm":
            client.get(url)
        return _count(client, url)

    procedure = factories.make_procedure(time_limit=5)
    _dossiers([province.commune], procedure, late=60)
    _dossiers([province.commune2], procedure, late=1)
    _recompute()
    small = count()
    for i in range(40):
        factories.make_unit(key=f"t:ranked:{i}", code=f"98{i:04d}", name=f"Xã Xếp Hạng {i}", kind="commune",
                            parent=province.district2, province=province.province)
    _dossiers(Unit.objects.filter(key__startswith="t:ranked:"), procedure, late=2)
    _recompute()
    large = count()
    assert large == small, f"{operation}: {small} queries with 2 units ranked, {large} with 42"
    assert large <= SCOREBOARD_BASELINES[operation], f"{operation}: {large} queries, baseline {SCOREBOARD_BASELINES[operation]}"
