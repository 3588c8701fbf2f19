"""Counting the queries one page costs (the query-count baselines of tests/*/test_query_counts.py)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, cold: bool) -> int:
    """The queries of one GET of ``url`` (which must answer 200); ``cold``: with the cache emptied first."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
