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
