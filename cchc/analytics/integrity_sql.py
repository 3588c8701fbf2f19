"""The integrity checks (cchc.core.integrity) as measures of the KPI statement (cchc.analytics.sql.MEASURES):
conditions over the classified rows ``x``, pure SQL text. Each says what its core function says; the tests'
plain-Python reference (tests/analytics/helpers.measures_of) calls those functions.
"""

from __future__ import annotations

from cchc.core import kpis
from cchc.core.timeliness import Channel

_PROCESSED = ", ".join(str(int(s)) for s in sorted(kpis.PROCESSED_STATUSES))

INTEGRITY_MEASURES: dict[str, str] = {
    # closed_before_result: finished as processed (9, 10) in the period, the result a document and no result
    # on file, or a result signed on a later day than the finish (seed 001: never close a dossier before
    # its result exists).
    "closed_before_result": f"is_finished AND status IN ({_PROCESSED}) AND ((result_is_document AND NOT "
                            "result_digitised) OR coalesce(result_issued_day > finished_day, false))",
    # unreturned: processed in the period, its result still not returned at the period's end (``end_day``)
    # more than getvariable('unreturned_days') calendar days after (set by the store).
    "unreturned": f"is_finished AND status IN ({_PROCESSED}) AND "
                  "CASE WHEN returned_day IS NULL THEN status = 9 ELSE returned_day > end_day END AND "
                  "datediff('day', finished_day, end_day) > getvariable('unreturned_days')",
    # rating_burst (rating_bursts; the store marks ``in_burst``, cchc.analytics.bursts) and on_behalf with
    # its coverage (on_behalf_data): in the period of receipt, like the rating figures.
    "rating_burst": "is_received AND in_burst",
    "on_behalf": f"is_received AND ((channel = {int(Channel.ONLINE)} AND (coalesce(submitted_by_official, false) "
                 "OR coalesce(submitted_at_counter, false))) OR (paid_online AND coalesce(paid_by_official, false)))",
    "on_behalf_data": "is_received AND (submitted_by_official IS NOT NULL OR submitted_at_counter IS NOT NULL "
                      "OR paid_by_official IS NOT NULL)",
}
