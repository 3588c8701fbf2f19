"""Ratings in bursts (cchc.core.integrity.rating_bursts) in the fact store: which facts' ratings were given
in a burst, decided by DuckDB window functions over the store and kept on each fact (``in_burst``), so the
measure ``rating_burst`` is a condition on one fact like every other (cchc.analytics.integrity_sql).

A burst is a property of a rating and its neighbours: a new or changed rating can put ratings already in the
store into a burst, or take them out. After every copy (``FactStore.sync``) the flags of the (unit, rating)
groups the copied facts touch are decided again (all of them after a full copy); a fact whose flag changes
is counted in the stored sums' change (``delta``) as a changed fact is: its old row -1, its new row +1.
The count and minutes are settings (CCHC_INTEGRITY_BURST_COUNT, CCHC_INTEGRITY_BURST_MINUTES; after
changing them, rebuild: ``cchc kpi rebuild``).
"""

from __future__ import annotations

import re

import duckdb
from django.conf import settings

from cchc.core.integrity import BURST_COUNT, BURST_MINUTES

from .sql import DOSSIER_COLUMNS, MEASURES, STATIC_MEASURES, static_condition


def burst_sql(count: int, minutes: int, where: str = "true") -> str:
    """(id, in_burst) of the facts with a rating (1-3) and its moment among ``dossiers d`` matching
    ``where``: a span opens at each rating and holds the same unit's identical ratings up to ``minutes``
    later (both ends included); a rating is in a burst when a span of at least ``count`` ratings holds it
    (cchc.core.integrity.rating_bursts)."""
    span = int(minutes) * 60_000_000  # microseconds
    window = "PARTITION BY unit_id, rating ORDER BY rated_us"
    return f"""
SELECT id, bool_or(opens) OVER ({window} RANGE BETWEEN {span} PRECEDING AND CURRENT ROW) AS in_burst
FROM (
    SELECT id, unit_id, rating, rated_us,
           count(*) OVER ({window} RANGE BETWEEN CURRENT ROW AND {span} FOLLOWING) >= {int(count)} AS opens
    FROM dossiers d
    WHERE d.rated_us IS NOT NULL AND d.rating BETWEEN 1 AND 3 AND ({where})
)"""


def mark(con: duckdb.DuckDBPyConnection, *, incremental: bool) -> int:
    """Decide ``in_burst`` again for the facts of the (unit, rating) groups ``delta`` touches (every fact
    unless ``incremental``) and, when ``incremental``, add each changed fact's difference to ``delta``.
    Returns how many facts changed."""
    count = int(getattr(settings, "CCHC_INTEGRITY_BURST_COUNT", BURST_COUNT))
    minutes = int(getattr(settings, "CCHC_INTEGRITY_BURST_MINUTES", BURST_MINUTES))
    # A group changes only when a rating with a moment enters or leaves it (a copied fact's old row, -1,
    # or new row, +1): only those groups are decided again, none when no such rating was copied.
    member = "t.rated_us IS NOT NULL AND t.rating BETWEEN 1 AND 3"
    if incremental and not con.execute(f"SELECT count(*) FROM delta t WHERE {member}").fetchone()[0]:
        return 0
    where = (f"EXISTS (SELECT 1 FROM delta t WHERE {member} AND t.unit_id = d.unit_id AND t.rating = d.rating)"
             if incremental else "true")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE burst_flips AS
        SELECT d.id FROM dossiers d LEFT JOIN ({burst_sql(count, minutes, where)}) b ON b.id = d.id
        WHERE ({where}) AND d.in_burst <> coalesce(b.in_burst, false)""")
    flipped = con.execute("SELECT count(*) FROM burst_flips").fetchone()[0]
    if not flipped:
        return 0
    names = ", ".join(line.split()[0] for line in DOSSIER_COLUMNS.strip().splitlines())
    chosen = "WHERE id IN (SELECT id FROM burst_flips)"
    # The derived columns of the measures that read the flag, from the flag after the update.
    flag = re.compile(r"\bin_burst\b")
    after = {n: flag.sub("(NOT in_burst)", static_condition(MEASURES[n])) for n in STATIC_MEASURES
             if n in MEASURES and flag.search(MEASURES[n])}
    derived = ", ".join(f"m_{n} = CAST(CASE WHEN {cond} THEN 1 ELSE 0 END AS TINYINT)" for n, cond in after.items())
    if incremental:
        con.execute(f"INSERT INTO delta SELECT -1, {names} FROM dossiers {chosen}")
    con.execute(f"UPDATE dossiers SET in_burst = NOT in_burst, {derived} {chosen}")
    if incremental:
        con.execute(f"INSERT INTO delta SELECT 1, {names} FROM dossiers {chosen}")
    con.execute("DROP TABLE burst_flips")
    return flipped
