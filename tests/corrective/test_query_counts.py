"""The corrective action pages cost the same number of queries whatever the number of units, actions and
dossiers (they were measured with the dashboard's pages, tests/dashboard/test_query_counts.py, when they
were the dashboard's).

Each page is measured on the small test province and again after adding 40 communes with their stored
values and 200 dossiers; the count must not change. Measured cold (empty cache: the evaluation and
the 766 ranking are computed) and warm (read from the cache). The baselines are upper bounds observed
when the pages were written; raise one only with a reason in the commit message.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.corrective import data
from tests.query_counts import count_queries

BASELINES = {"actions": 6, "action": 6}  # +1 since issue 14: the header's count of unread notices


@pytest.mark.parametrize("page", list(BASELINES))
def test_query_count_does_not_grow_with_units_or_dossiers(province, plan, users, page):
    data.year_values(province)
    data.month_values(province.province)
    first = data.action(plan=plan, unit=province.commune)
    client = factories.client_for(user=users["officer"])
    url = {"actions": reverse("corrective:list"), "action": reverse("corrective:detail", args=[first.pk])}[page]

    small_cold, small_warm = count_queries(client, url, cold=True), count_queries(client, url, cold=False)
    data.grow(province, plan)
    large_cold, large_warm = count_queries(client, url, cold=True), count_queries(client, url, cold=False)

    assert (large_cold, large_warm) == (small_cold, small_warm), f"{page}: more queries with more units"
    assert large_warm <= large_cold <= BASELINES[page], f"{page}: {large_cold} queries"
