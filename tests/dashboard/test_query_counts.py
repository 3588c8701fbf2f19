"""The dashboard costs the same number of queries whatever the number of units and dossiers: it reads
stored results only (KPI values, the evaluation, the ranking), never the dossiers.

Each page is measured on the small test province and again after adding 40 communes with their stored
values and 200 dossiers; the count must not change. Measured cold (empty cache: the evaluation and
the 766 ranking are computed) and warm (read from the cache). The baselines are upper bounds observed
when the pages were written; raise one only with a reason in the commit message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.dossiers.models import Dossier
from tests import factories
from tests.dashboard import data

BASELINES = {"index": 26, "unit": 22, "actions": 5, "action": 5}


def _grow(tree, plan) -> None:
    for i in range(40):
        unit = factories.make_unit(key=f"t:more:{i}", code=f"98{i:04d}", name=f"Xã Thêm {i}", kind="commune",
                                   parent=tree.district2, province=tree.province, latitude=14 + i / 100, longitude=109.0)
        data.kpi(unit=unit, code="ontime_rate", kind="year", start=date(2022, 1, 1), numerator=i, denominator=40)
        data.kpi(unit=unit, code="digitised_results_rate", kind="year", start=date(2022, 1, 1), value=i)
        data.action(plan=plan, unit=unit)
    procedure = factories.make_procedure(name="Chứng thực bản sao", time_limit=1)
    Dossier.objects.bulk_create(
        factories.build_dossier(code=f"HS-{i}", unit=tree.commune, procedure=procedure, status=4,
                                received_at=datetime(2022, 3, 2, 8, 0, tzinfo=UTC),
                                due_at=datetime(2022, 3, 3, 8, 0, tzinfo=UTC))
        for i in range(200)
    )


def _count(client, url: str, *, cold: bool) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", list(BASELINES))
def test_query_count_does_not_grow_with_units_or_dossiers(province, plan, users, page):
    data.year_values(province)
    data.month_values(province.province)
    first = data.action(plan=plan, unit=province.commune)
    client = factories.client_for(user=users["officer"])
    url = {"index": "/dashboard/?level=commune", "unit": f"/dashboard/units/{province.district2.pk}/",
           "actions": "/dashboard/actions/", "action": f"/dashboard/actions/{first.pk}/"}[page]

    small_cold, small_warm = _count(client, url, cold=True), _count(client, url, cold=False)
    _grow(province, plan)
    large_cold, large_warm = _count(client, url, cold=True), _count(client, url, cold=False)

    assert (large_cold, large_warm) == (small_cold, small_warm), f"{page}: more queries with more units"
    assert large_warm <= large_cold <= BASELINES[page], f"{page}: {large_cold} queries"
