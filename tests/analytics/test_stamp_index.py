"""The figures' stamp (cchc.analytics.services.values_stamp), read by every cached page, comes from an index
alone: it scanned every stored value of a period kind before (44 ms at 1.2 million values, the 766 ranking's
whole cost at 10,000,000 dossiers)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.analytics.services import values_stamp


@pytest.mark.django_db
def test_the_stamp_reads_its_index():
    with CaptureQueriesContext(connection) as captured:
        values_stamp("quarter")
    (query,) = [q["sql"] for q in captured.captured_queries if "analytics_kpivalue" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + query)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "COVERING INDEX kpi_value_stamp_idx" in plan, plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + query)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
            # on a table this small PostgreSQL may prefer another index that also serves it; never the table
            assert "Index" in plan and "Seq Scan" not in plan, plan
