"""The dashboard costs the same number of queries whatever the number of units and dossiers: it reads
stored results only (KPI values, the evaluation, the ranking), never the dossiers.

Each page is measured on the small test province and again after adding 40 communes with their stored
values and 200 dossiers; the count must not change. Measured cold (empty cache: the evaluation and
the 766 ranking are computed) and warm (read from the cache). The baselines are upper bounds observed
when the pages were written; raise one only with a reason in the commit message.
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.corrective import data
from tests.query_counts import count_queries

#: The corrective action pages are measured in tests/corrective/test_query_counts.py. The 766 input
#: providers (cchc.scoreboard.inputs.PROVIDERS) add their figures to every scoring (the index scores a
#: ranking per block) and their stamps once per cache lifetime. The index reads the portal's published
#: total (1) and its stamp; a unit's page its published score and its rank in its block (the ranking page's
#: cached ranking of the year and the year before: cold here, then shared).
BASELINES = {"index": 50, "unit": 37}  # +1 since issue 14: the header's count of unread notices; +1 issue 13: the
#: published PAR index seasons (the leaders' card)


@pytest.mark.parametrize("page", list(BASELINES))
def test_query_count_does_not_grow_with_units_or_dossiers(province, plan, users, page):
    data.year_values(province)
    data.month_values(province.province)
    data.action(plan=plan, unit=province.commune)  # an action of the commune's, counted on the index
    client = factories.client_for(user=users["officer"])
    url = {"index": "/dashboard/?level=commune", "unit": f"/dashboard/units/{province.district2.pk}/"}[page]

    small_cold, small_warm = count_queries(client, url, cold=True), count_queries(client, url, cold=False)
    data.grow(province, plan)
    large_cold, large_warm = count_queries(client, url, cold=True), count_queries(client, url, cold=False)

    assert (large_cold, large_warm) == (small_cold, small_warm), f"{page}: more queries with more units"
    assert large_warm <= large_cold <= BASELINES[page], f"{page}: {large_cold} queries"
