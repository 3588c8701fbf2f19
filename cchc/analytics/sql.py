"""The KPI statement as SQL text: pure string builders, no Django, no database.

The 766 timeliness classification (cchc.core.timeliness.classify) written in SQL, one conditional count
per measure, the KPIs over the measures, the rollup up the unit closure, and the per-fact derived
columns. Everything here is standard SQL (CTEs, ``CASE``, ``FULL JOIN``) run by DuckDB over the fact store
(cchc.analytics.store), so it can be tested without Django and moved to a distributed engine over
partitioned Parquet when one machine is outgrown (ARCHITECTURE "Scale"). The conditional counts are
written ``sum(CASE WHEN … THEN 1 ELSE 0 END)`` rather than ``count(*) FILTER (WHERE …)``: same result, and
2x faster in DuckDB 1.5 with 24 of them per group (measured, 1.1M facts).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from cchc.core import kpis
from cchc.core.timeliness import WITHIN_TIME_STATUSES, Channel, Status, Timeliness

from .integrity_sql import INTEGRITY_MEASURES

# --- The fact store's tables ----------------------------------------------------------------------

DOSSIER_COLUMNS = """
    id BIGINT NOT NULL,
    unit_id BIGINT NOT NULL,
    prior_unit_id BIGINT,
    transferred_us BIGINT,
    transferred_day DATE,
    receiving_unit_id BIGINT,
    procedure_id BIGINT NOT NULL,
    status SMALLINT NOT NULL,
    channel SMALLINT NOT NULL,
    online_full BOOLEAN NOT NULL,
    received_us BIGINT NOT NULL,
    received_day DATE NOT NULL,
    due_us BIGINT,
    due_day DATE,
    finished_us BIGINT,
    finished_day DATE,
    returned_us BIGINT,
    returned_day DATE,
    supplement_count INTEGER NOT NULL,
    supplement_wait_us BIGINT NOT NULL,
    has_apology BOOLEAN NOT NULL,
    fee_amount BIGINT NOT NULL,
    paid_online BOOLEAN NOT NULL,
    components_digitised BOOLEAN NOT NULL,
    result_digitised BOOLEAN NOT NULL,
    reused_data BOOLEAN NOT NULL,
    rating SMALLINT,
    result_issued_us BIGINT,
    result_issued_day DATE,
    rated_us BIGINT,
    in_burst BOOLEAN NOT NULL,
    submitted_by_official BOOLEAN,
    submitted_at_counter BOOLEAN,
    paid_by_official BOOLEAN,
    updated_us BIGINT NOT NULL
"""
# The Django columns, in the order of DOSSIER_COLUMNS (days are derived, not read). ``TS`` marks an


def _ints(values) -> str:
    """A set of status codes as a SQL list, in order ("7, 9, 10")."""
    return ", ".join(str(int(v)) for v in sorted(values))


NOT_RECEIVED_SQL = _ints(kpis.NOT_RECEIVED)  # statuses 1, 3: never in a period
FINISHED_SQL = _ints(kpis.FINISHED_STATUSES)  # statuses 7, 9, 10: processing ended
WITHIN_TIME_SQL = _ints(WITHIN_TIME_STATUSES)  # statuses 5, 6, 8: waiting counts as within time
WITHDRAWN_SQL = str(int(Status.WITHDRAWN))

# --- The KPI statement ----------------------------------------------------------------------------

# The 766 timeliness classes, coded as small integers (cheaper than strings over millions of rows).
CLASS_CODES: dict[Timeliness, int] = {
    Timeliness.EARLY: 1, Timeliness.ON_TIME: 2, Timeliness.LATE: 3,
    Timeliness.PENDING_ON_TIME: 4, Timeliness.PENDING_OVERDUE: 5,
}
CLASS_OF_CODE: dict[int, Timeliness] = {code: cls for cls, code in CLASS_CODES.items()}
_C = {cls.value: code for cls, code in CLASS_CODES.items()}

# The 766 timeliness class of a dossier at the end of period p, as cchc.core.timeliness.classify
# decides it; the rules are applied in classify's order. Dossiers reaching this point are received
# (not 1, 3) by the end of the period, so EXCLUDED does not occur. Durations are compared exactly in
# microseconds, days in local time.
TIMELINESS_SQL = f"""
CASE
    WHEN f.supplement_count > 1 THEN {_C['late']}
    WHEN f.status IN ({WITHIN_TIME_SQL}) THEN {_C['pending_on_time']}
    WHEN f.status = {WITHDRAWN_SQL} AND NOT coalesce(f.finished_us > p.end_us, false) THEN {_C['on_time']}
    WHEN f.finished_us IS NULL OR f.finished_us > p.end_us THEN
        CASE
            WHEN f.due_us IS NOT NULL THEN
                CASE WHEN f.due_day >= p.end_day THEN {_C['pending_on_time']} ELSE {_C['pending_overdue']} END
            WHEN f.limit_us IS NOT NULL THEN
                CASE WHEN p.end_us - f.received_us - f.supplement_wait_us <= f.limit_us THEN {_C['pending_on_time']} ELSE {_C['pending_overdue']} END
            ELSE {_C['pending_on_time']}
        END
    WHEN f.due_us IS NOT NULL THEN
        CASE WHEN f.finished_day < f.due_day THEN {_C['early']}
             WHEN f.finished_day = f.due_day THEN {_C['on_time']}
             ELSE {_C['late']} END
    WHEN f.limit_us IS NOT NULL THEN
        CASE WHEN f.finished_us - f.received_us - f.supplement_wait_us <= f.limit_us THEN {_C['on_time']} ELSE {_C['late']} END
    ELSE {_C['on_time']}
END
"""

# Measures counted per dossier: name → condition (SQL over the classified rows ``x``).
MEASURES: dict[str, str] = {
    "handled": "true",
    "received": "is_received",
    "received_competent": "is_received",
    "finished": "is_finished",
    "early": f"cls = {_C['early']}",
    "on_time": f"cls = {_C['on_time']}",
    "late": f"cls = {_C['late']}",
    "pending_on_time": f"cls = {_C['pending_on_time']}",
    "pending_overdue": f"cls = {_C['pending_overdue']}",
    "supplement_over_once": "supplement_count > 1",
    **INTEGRITY_MEASURES,  # cchc.analytics.integrity_sql
    "late_all": f"cls IN ({_C['late']}, {_C['pending_overdue']})",
    "late_apology": f"cls IN ({_C['late']}, {_C['pending_overdue']}) AND has_apology",
    "fullprocess_eligible": "is_received AND full_process",
    "fullprocess_done": "is_received AND full_process AND online_full",
    "channel_online": f"is_received AND channel = {int(Channel.ONLINE)}",
    "channel_postal": f"is_received AND channel = {int(Channel.POSTAL)}",
    "fee_dossiers": "is_received AND has_fee AND fee_amount > 0",
    "paid_online": "is_received AND has_fee AND fee_amount > 0 AND paid_online",
    "digitised": "is_received AND components_digitised AND (result_digitised OR NOT result_is_document)",
    "results_digitised": "is_finished AND (result_digitised OR NOT result_is_document)",
    "reused": "is_received AND reused_data",
    "rated": "is_received AND rating BETWEEN 1 AND 3",
    "satisfied": "is_received AND rating IN (1, 2)",
}
# Summed rather than counted: name → (condition, value).
SUMMED: dict[str, tuple[str, str]] = {"rating_sum": ("is_received AND rating BETWEEN 1 AND 3", "rating")}
MEASURE_NAMES: tuple[str, ...] = (*MEASURES, *SUMMED)

# Each KPI of the catalogue: (numerator, denominator or None for a count) over the measures.
KPI_SQL: dict[str, tuple[str, str | None]] = {
    "received": ("received", None),
    "handled": ("handled", None),
    "finished": ("finished", None),
    "early": ("early", None),
    "on_time": ("on_time", None),
    "late": ("late", None),
    "pending_on_time": ("pending_on_time", None),
    "pending_overdue": ("pending_overdue", None),
    "supplement_over_once": ("supplement_over_once", None),
    **{name: (name, None) for name in INTEGRITY_MEASURES},  # counts
    "ontime_rate": ("early + on_time + pending_on_time", "handled"),
    "late_without_apology": ("late_all - late_apology", None),
    "late_without_apology_rate": ("late_all - late_apology", "late_all"),
    "apology_compliance_rate": ("late_apology", "late_all"),
    "online_fullprocess_rate": ("fullprocess_done", "fullprocess_eligible"),
    "online_rate": ("channel_online", "received"),
    "postal_rate": ("channel_postal", "received"),
    "online_payment_dossiers_rate": ("paid_online", "fee_dossiers"),
    "digitised_dossiers_rate": ("digitised", "received_competent"),
    "digitised_results_rate": ("results_digitised", "finished"),
    "reused_data_rate": ("reused", "received_competent"),
    "rating_average": ("rating_sum", "rated"),
    "satisfaction_rate": ("satisfied", "rated"),
}

# Counter workload (cchc.core.kpis.COUNTER_WORKLOAD_KPIS): these measures count at the unit that received
# the dossier when it is recorded, every other one at the competent unit the dossier counts at in the
# period (cchc.core.transfers.counter_unit, counting_unit). ``received`` (at the counter) and
# ``received_competent`` (at the competent unit: the base of the digitisation and reuse rates) are the same
# condition, counted at the two units.
COUNTER_MEASURES: tuple[str, ...] = tuple(n for n in MEASURES if any(
    n in re.findall(r"[a-z_]+", " ".join(filter(None, KPI_SQL[code]))) for code in kpis.COUNTER_WORKLOAD_KPIS))
assert not any(n in COUNTER_MEASURES for code, parts in KPI_SQL.items() if code not in kpis.COUNTER_WORKLOAD_KPIS
               for n in re.findall(r"[a-z_]+", " ".join(filter(None, parts)))), "a KPI mixes counter and competent units"
#: Measures that every dossier of the receipt period has (is_received alone), counted as rows.
ROW_MEASURES = ("handled", "received", "received_competent")


def unit_at_end(end_us: str, alias: str = "f") -> str:
    """The competent unit a fact counts at in a period ending at ``end_us`` (cchc.core.transfers.counting_unit
    for the latest transfer: before it, the unit it came from)."""
    return f"CASE WHEN {alias}.transferred_us > {end_us} THEN {alias}.prior_unit_id ELSE {alias}.unit_id END"


def unit_in_month_period(month: str, first: int, length: int) -> str:
    """unit_at_end for the period (months back to back from ``first``, ``length`` months each) holding month
    number ``month``: the period ends before the transfer iff the transfer's local month is after the
    period's last month (the periods are whole local months)."""
    last = f"({first} + ({month} - {first}) // {length} * {length} + {length} - 1)"
    transferred_m = "(year(transferred_day) * 12 + month(transferred_day) - 1)"
    return f"CASE WHEN {transferred_m} > {last} THEN prior_unit_id ELSE unit_id END"


def classified_sql(cutoffs: list[date], *, source: str = "dossiers", keep: str = "") -> str:
    """The CTEs ``f`` (the facts of ``source`` with their procedure) and ``x`` (each fact once per period
    it is handled in, cchc.core.kpis.in_scope, with its 766 class ``cls`` at the end of that period and
    the flags the measures read): the one classification every figure and every list is made from.
    ``keep`` adds columns of ``f`` to ``x`` (", f.sign")."""
    bucket = " + ".join(f"CAST(f.received_day >= DATE '{d.isoformat()}' AS INTEGER)" for d in cutoffs) or "0"
    return f"""
WITH f AS (
    SELECT d.*, pr.limit_us,
           coalesce(pr.online_level = 'full', false) AS full_process,
           coalesce(pr.has_fee, false) AS has_fee,
           coalesce(pr.result_is_document, true) AS result_is_document
    FROM {source} d LEFT JOIN procedures pr ON pr.id = d.procedure_id
    WHERE d.status NOT IN ({NOT_RECEIVED_SQL})
),
x AS (
    SELECT p.kind, p.year, p.pidx, {unit_at_end("p.end_us")} AS unit_id,
           coalesce(f.receiving_unit_id, {unit_at_end("p.end_us")}) AS counter_unit_id{keep},
           ({bucket}) AS bucket,
           f.received_us >= p.start_us AS is_received,
           f.status IN ({FINISHED_SQL}) AND f.finished_us BETWEEN p.start_us AND p.end_us AS is_finished,
           {TIMELINESS_SQL.strip()} AS cls,
           f.status, p.end_day, f.finished_day, f.returned_day, f.supplement_count, f.has_apology, f.full_process, f.online_full, f.channel, f.has_fee, f.fee_amount,
           f.paid_online, f.components_digitised, f.result_digitised, f.result_is_document, f.reused_data, f.rating,
           f.result_issued_day, f.in_burst, f.submitted_by_official, f.submitted_at_counter, f.paid_by_official
    FROM f JOIN periods p
      ON f.received_us <= p.end_us
     AND coalesce(f.finished_us, CASE WHEN f.status IN ({FINISHED_SQL}) THEN f.received_us END, p.start_us) >= p.start_us
)"""


def contributions_sql(cutoffs: list[date], *, source: str = "dossiers", signed: bool = False) -> str:
    """Every measure per (period, unit, lineage bucket) over the facts of ``source``: the one pass over
    the dossiers. A dossier belongs to a period when it is handled in it (cchc.core.kpis.in_scope).

    Inputs: ``periods`` (kind, year, pidx, start_day, end_day, start_us, end_us), ``procedures``, and
    ``source`` with the columns of ``dossiers`` (plus ``sign``, +1 or -1, when ``signed``: a change is
    the new row counted +1 and the row it replaces -1, so the sums can be added to stored ones)."""
    one, times = ("sign", " * sign") if signed else ("1", "")

    def counted(here: str, elsewhere: str) -> str:
        """Each measure summed where ``here`` holds for a competent-unit measure, ``elsewhere`` for a counter one."""
        return ",\n        ".join(
            [f"sum(CASE WHEN ({elsewhere if name in COUNTER_MEASURES else here}) AND {cond} THEN {one} ELSE 0 END) AS {name}"
             for name, cond in MEASURES.items()]
            + [f"sum(CASE WHEN ({here}) AND {cond} THEN {value}{times} ELSE 0 END) AS {name}"
               for name, (cond, value) in SUMMED.items()]
        )

    # One pass for the competent unit (and the counter measures of dossiers received there); a second over
    # the few dossiers received at another counter, for that counter's measures.
    return classified_sql(cutoffs, source=source, keep=", f.sign" if signed else "") + f"""
SELECT kind, year, pidx, unit_id, bucket, {', '.join(f'sum({n}) AS {n}' for n in MEASURE_NAMES)}
FROM (
    SELECT kind, year, pidx, unit_id, bucket,
        {counted("true", "counter_unit_id = unit_id")}
    FROM x
    GROUP BY kind, year, pidx, unit_id, bucket
    UNION ALL
    SELECT kind, year, pidx, counter_unit_id AS unit_id, bucket,
        {counted("false", "true")}
    FROM x
    WHERE counter_unit_id <> unit_id
    GROUP BY kind, year, pidx, counter_unit_id, bucket
)
GROUP BY kind, year, pidx, unit_id, bucket
"""


# --- The dossiers behind a figure ---------------------------------------------------------------------

#: The KPIs whose figure a page explains with the list of its dossiers (cchc.scoreboard's 766 drill-downs):
#: for a rate, the dossiers in the denominator and not in the numerator, so the list's length is
#: denominator − numerator; for a count, the dossiers counted. Each is a sum of MEASURES whose numerator
#: conditions imply the denominator's, so every dossier weighs 0 or 1.
LISTED_KPIS: tuple[str, ...] = (
    "ontime_rate", "online_fullprocess_rate", "online_payment_dossiers_rate", "digitised_results_rate",
    "digitised_dossiers_rate", "reused_data_rate", "satisfaction_rate", "late", "late_without_apology",
    # the integrity checks (cchc.core.integrity.RULES) that are one condition per dossier
    "supplement_over_once", "closed_before_result", "unreturned", "rating_burst", "on_behalf",
)
assert len(LISTED_KPIS) <= 15, "the lists' bits are a SMALLINT"
# The lists are filed under the competent unit (classified_sql's unit_id): no counter-workload KPI has one.
assert not kpis.COUNTER_WORKLOAD_KPIS.intersection(LISTED_KPIS)
#: The lists are read as one row per (period, dossier) in at least one list: bit i of ``lists`` says the
#: dossier is in the list of LISTED_KPIS[i] (a row per list and dossier was 2x the rows, and their sort
#: dominated the writing).


def list_bit(code: str) -> int:
    """The bit of ``lists`` (DRILL_COLUMNS) that marks the list of ``code``."""
    return 1 << LISTED_KPIS.index(code)


def _per_dossier(expression: str, measure=None) -> str:
    """A KPI's numerator or denominator (a sum or difference of MEASURES) for one classified dossier:
    each measure its condition as 0 or 1 (or ``measure(name)``, an expression worth 0 or 1)."""
    def one(match: re.Match) -> str:
        name = match.group()
        if name not in MEASURES:
            return name
        return measure(name) if measure else f"(CASE WHEN {MEASURES[name]} THEN 1 ELSE 0 END)"
    return re.sub(r"\b[a-z_]+\b", one, expression)


def listed_weight(code: str, measure=None) -> str:
    """What one classified dossier adds to the length of ``code``'s list: its share of the denominator
    minus its share of the numerator (a rate), or of the count (a count). ``measure`` as for _per_dossier."""
    numerator, denominator = KPI_SQL[code]
    assert all(n in MEASURES for n in re.findall(r"[a-z_]+", f"{numerator} {denominator or ''}")), code
    if denominator is None:
        return _per_dossier(numerator, measure)
    return f"{_per_dossier(denominator, measure)} - ({_per_dossier(numerator, measure)})"


def _lists(measure=None) -> str:
    """The ``lists`` bits of one classified dossier (each listed KPI's weight, 0 or 1, at its bit)."""
    return " + ".join(f"({listed_weight(code, measure)}) * {list_bit(code)}" for code in LISTED_KPIS)


def drill_sql(*, source: str = "dossiers") -> str:
    """One row per (period, dossier of ``source``) in at least one list: the rows of ``x`` (classified_sql,
    the classification the figures are summed from) with their ``lists`` bits, the dossier's own unit
    and day of receipt (a unit's list is then read like its figure: the units and receipt days its rollup
    closure takes, cchc.core.kpis.rollup_closure). Inputs as for contributions_sql; columns kind, year,
    pidx, unit_id, received_day, dossier_id, cls (TINYINT), lists (SMALLINT)."""
    return classified_sql([], source=source, keep=", f.id, f.received_day") + f"""
SELECT kind, year, pidx, unit_id, received_day, dossier_id, cls, lists
FROM (SELECT x.kind, x.year, x.pidx, x.unit_id, x.received_day, x.id AS dossier_id, x.cls,
             CAST({_lists()} AS SMALLINT) AS lists
      FROM x)
WHERE lists <> 0
"""


def full_drill(kind: str, year: int, months: list[int] | None = None) -> str:
    """drill_sql over every fact for the periods of ``kind`` in ``year`` (``periods``), in the two parts
    the sums are made of (full_contributions): a dossier received and finished within one period is in
    that period only, counted by its derived columns (its class no longer depends on the period), so
    only the others (open at some period's end: a minority) join the periods and are classified.
    ``months``: only the dossiers received in those months (month numbers; receipts before ``year``
    count as its first month's predecessor, cchc.analytics.listing.part_sql)."""
    first, last, length = _span(kind, year)
    same = (f"finished_m IS NOT NULL AND received_m BETWEEN {first} AND {last} AND finished_m BETWEEN {first} "
            f"AND {last} AND (received_m - {first}) // {length} = (finished_m - {first}) // {length}")
    static_cls = " + ".join(f"{code} * m_{cls.value}" for cls, code in CLASS_CODES.items())

    def derived(name: str) -> str:
        if name in PERIOD_END_MEASURES:
            end = period_last_day("received_m", first, length)
            return f"(CASE WHEN {static_condition(MEASURES[name], end)} THEN 1 ELSE 0 END)"
        return "1" if name in ROW_MEASURES else f"m_{name}"

    received = "" if months is None else (
        f" AND greatest(received_m, {int(year) * 12 - 1}) IN ({', '.join(str(int(m)) for m in months) or 'NULL'})")
    closed = f"""
SELECT '{kind}' AS kind, {int(year)} AS year, CAST((received_m - {first}) // {length} AS INTEGER) AS pidx,
       {unit_in_month_period('received_m', first, length)} AS unit_id, received_day, id AS dossier_id,
       CAST({static_cls} AS TINYINT) AS cls,
       CAST({_lists(derived)} AS SMALLINT) AS lists
FROM dossiers
WHERE status NOT IN ({NOT_RECEIVED_SQL}) AND {same}{received}"""
    others = (f"(SELECT * FROM dossiers WHERE status NOT IN ({NOT_RECEIVED_SQL}) AND received_m <= {last} "
              f"AND NOT ({same}){received})")
    return f"SELECT * FROM ({closed}) WHERE lists <> 0\nUNION ALL\n" + drill_sql(source=others).replace(
        "WITH f AS", "(WITH f AS", 1) + ")"


def rollup_sql(cube: str) -> str:
    """The KPI numerators and denominators per (unit, period) from per-unit sums in ``cube`` (pidx,
    unit_id, bucket, measures): summed up the rollup closure (``closure``: unit_id, ancestor_id,
    until_bucket), every (unit, period) of ``targets`` (unit_id, pidx) present even without dossiers."""
    rolled = ",\n        ".join(f"sum(s.{n}) AS {n}" for n in MEASURE_NAMES)
    filled = ",\n        ".join(f"coalesce(r.{n}, 0) AS {n}" for n in MEASURE_NAMES)
    outputs = []
    for code, (numerator, denominator) in KPI_SQL.items():
        outputs.append(f"CAST({numerator} AS BIGINT) AS {code}__n")
        if denominator is not None:
            outputs.append(f"CAST({denominator} AS BIGINT) AS {code}__d")
    selected = ",\n    ".join(outputs)
    return f"""
WITH r AS (
    SELECT c.ancestor_id AS unit_id, s.pidx,
        {rolled}
    FROM {cube} s JOIN closure c ON c.unit_id = s.unit_id AND s.bucket < c.until_bucket
    GROUP BY c.ancestor_id, s.pidx
),
t AS (
    SELECT coalesce(r.unit_id, g.unit_id) AS unit_id, coalesce(r.pidx, g.pidx) AS pidx,
        {filled}
    FROM r FULL JOIN targets g ON g.unit_id = r.unit_id AND g.pidx = r.pidx
)
SELECT unit_id, pidx,
    {selected}
FROM t
ORDER BY pidx, unit_id
"""


def kpi_sql(cutoffs: list[date]) -> str:
    """The whole computation as one statement (contributions, then the rollup): what the benchmark runs
    unchanged on PostgreSQL. Inputs as for contributions_sql (``periods`` with ``kind`` and ``year``)
    and rollup_sql."""
    return f"WITH s AS ({contributions_sql(cutoffs)})\n" + rollup_sql("s").replace("WITH r AS", ", r AS", 1).lstrip()



# Per-fact columns derived once, when the fact is copied (``static_select``): the month numbers of
# receipt and finish (year * 12 + month - 1, local time) and each measure of MEASURES/SUMMED as it
# counts in a period that holds both the receipt and the finish (is_received is then true, is_finished
# is the status being 7, 9 or 10, and the timeliness class no longer depends on the period). A full
# recompute sums these for the dossiers closed within one period, which is most of them, and runs the
# classification per period only for the rest (``full_contributions``).
#: Measures that depend on the period's end even for a dossier finished in it (``end_day``): no derived
#: column; the finish part of full_contributions and the closed part of full_drill compute them from the
#: last day of the period holding the finish.
PERIOD_END_MEASURES = tuple(n for n in MEASURES if re.search(r"\bend_day\b", MEASURES[n]))
STATIC_MEASURES = tuple(n for n in MEASURE_NAMES if n not in ROW_MEASURES and n not in PERIOD_END_MEASURES)
STATIC_COLUMNS = "received_m INTEGER NOT NULL, finished_m INTEGER, " + ", ".join(
    f"m_{n} {'SMALLINT' if n in SUMMED else 'TINYINT'} NOT NULL" for n in STATIC_MEASURES
)
CUBE_KEY = "kind VARCHAR NOT NULL, year INTEGER NOT NULL, pidx INTEGER NOT NULL, unit_id BIGINT NOT NULL, bucket INTEGER NOT NULL"
CUBE_COLUMNS = CUBE_KEY + ", " + ", ".join(f"{n} BIGINT NOT NULL" for n in MEASURE_NAMES)
_FOREVER_US = 2**63 - 1


def static_condition(cond: str, end_day: str | None = None) -> str:
    """A measure's condition over the facts of a dossier received and finished in one period (its derived
    columns); ``end_day``: the SQL of that period's last day, for PERIOD_END_MEASURES."""
    if end_day is not None:
        cond = re.sub(r"\bend_day\b", f"({end_day})", cond)
    cond = re.sub(r"\bis_received\b", "true", cond)
    cond = re.sub(r"\bis_finished\b", f"(status IN ({FINISHED_SQL}))", cond)
    return re.sub(r"\bcls\b", "s_cls", cond)


def static_select(source: str, procedures: str = "procedures") -> str:
    """``source`` (a batch shaped as SOURCE_COLUMNS plus the local days) with its procedure joined (from
    the table ``procedures`` names) and the derived columns added, in the column order of the ``dossiers``
    table."""
    names = [line.split()[0] for line in DOSSIER_COLUMNS.strip().splitlines()]
    base = ", ".join("CAST(has_apology AS BOOLEAN) AS has_apology" if n == "has_apology" else f"b.{n}" for n in names)
    final_class = TIMELINESS_SQL.replace("p.end_us", str(_FOREVER_US)).replace("p.end_day", "DATE '9999-12-31'")
    measures = ", ".join(
        [f"CAST(CASE WHEN {static_condition(MEASURES[n])} THEN 1 ELSE 0 END AS TINYINT)" for n in STATIC_MEASURES
         if n in MEASURES]
        + [f"CAST(CASE WHEN {static_condition(cond)} THEN {value} ELSE 0 END AS SMALLINT)"
           for cond, value in SUMMED.values()]
    )
    return f"""
SELECT {', '.join(names)},
       year(received_day) * 12 + month(received_day) - 1,
       year(finished_day) * 12 + month(finished_day) - 1,
       {measures}
FROM (
    SELECT f.*, {final_class.strip()} AS s_cls
    FROM (
        SELECT {base}, pr.limit_us,
               coalesce(pr.online_level = 'full', false) AS full_process,
               coalesce(pr.has_fee, false) AS has_fee,
               coalesce(pr.result_is_document, true) AS result_is_document
        FROM {source} b LEFT JOIN {procedures} pr ON pr.id = b.procedure_id
    ) f
)
"""


def period_last_day(month: str, first: int, length: int) -> str:
    """The last day of the period (months back to back from ``first``, ``length`` each) holding month
    number ``month``."""
    last = f"({first} + (({month}) - {first}) // {length} * {length} + {length} - 1)"
    return f"last_day(make_date(CAST({last} // 12 AS INTEGER), CAST({last} % 12 + 1 AS INTEGER), 1))"


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


# Where a measure can count: in the period of the receipt (every one of these requires is_received),
# or in the period of the finish and in the periods a dossier is still open at their end.
RECEIPT_MEASURES = tuple(n for n in MEASURE_NAMES if n == "received" or "is_received" in
                         (MEASURES.get(n) or SUMMED[n][0]))
FINISH_MEASURES = tuple(n for n in MEASURE_NAMES if n not in RECEIPT_MEASURES)
OPEN_MEASURES = tuple(n for n in FINISH_MEASURES if "is_finished" not in MEASURES[n])


def _span(kind: str, year: int) -> tuple[int, int, int]:
    """The month numbers of the first and last month of ``kind``'s periods in ``year``, and their length
    in months: the periods of every kind are whole months of equal length, back to back from the first
    (cchc.core.kpis.periods_of), so a month number m is in period (m - first) // length."""
    periods = kpis.periods_of(year, kind)
    first, last = _month_number(periods[0][0]), _month_number(periods[-1][1])
    length = (last - first + 1) // len(periods)
    assert all(
        s.day == 1 and (e + timedelta(days=1)).day == 1 and _month_number(s) == first + i * length
        and _month_number(e) == first + (i + 1) * length - 1
        for i, (s, e) in enumerate(periods)
    ), f"periods of {kind} are not back-to-back months of equal length"
    return first, last, length


def full_contributions(kind: str, year: int, cutoffs: list[date]) -> str:
    """Every measure per (period, unit, bucket) of ``kind`` in ``year`` from all the facts, as rows of
    ``cube``, in three parts that add up to contributions_sql over every dossier and period:

    - receipt: in the period holding the receipt, the measures that require it (RECEIPT_MEASURES),
      summed from the derived columns;
    - finish: in the period holding the finish, the dossier is handled, finished (by its status) and
      classified for good (cchc.core.timeliness.classify no longer depends on the period): summed from
      the derived columns too;
    - open: in each period at whose end a dossier is still open (received, not yet finished), the
      timeliness of an open dossier at that end (OPEN_MEASURES), classified per period by
      TIMELINESS_SQL; only these (a minority: open, or finished in a later period) join the periods.

    Each part keeps the scope rule of cchc.core.kpis.in_scope (a dossier finished before the period
    of its receipt is in no period). The periods of every kind are whole months of equal length, back
    to back from the first (cchc.core.kpis.periods_of), so a month number m gives the period:
    (m - first) // length."""
    first, last, length = _span(kind, year)
    bucket = " + ".join(f"CAST(received_day >= DATE '{d.isoformat()}' AS INTEGER)" for d in cutoffs) or "0"

    def pidx(month: str) -> str:
        return f"CAST(({month} - {first}) // {length} AS INTEGER)"

    def period_first(month: str) -> str:  # first month of the period holding ``month`` (within the span)
        return f"({first} + ({month} - {first}) // {length} * {length})"

    def sums(names: tuple[str, ...]) -> str:
        def one(n: str) -> str:
            if n in ROW_MEASURES:
                return f"count(*) AS {n}"
            if n in PERIOD_END_MEASURES:  # only in the finish part: the period of the finish
                cond = static_condition(MEASURES[n], period_last_day("finished_m", first, length))
                return f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {n}"
            return f"sum(m_{n}) AS {n}"
        return ", ".join(one(n) for n in names)

    def here(n: str) -> str:  # a counter measure at the competent unit: only for a dossier received there
        one = "1" if n in ROW_MEASURES else f"m_{n}"
        return f"sum(CASE WHEN receiving_unit_id IS NULL THEN {one} ELSE 0 END) AS {n}"

    receipt_where = f"""
    FROM dossiers
    WHERE status NOT IN ({NOT_RECEIVED_SQL}) AND received_m BETWEEN {first} AND {last}
      AND (finished_m IS NULL OR finished_m >= {period_first('received_m')})"""
    # One pass at the competent unit; the few dossiers received at another counter again, for its measures.
    receipt = f"""
    SELECT {pidx('received_m')} AS pidx, {unit_in_month_period("received_m", first, length)} AS unit_id,
           ({bucket}) AS bucket, {sums(tuple(n for n in RECEIPT_MEASURES if n not in COUNTER_MEASURES))},
           {', '.join(here(n) for n in COUNTER_MEASURES)}{receipt_where}
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT {pidx('received_m')} AS pidx, receiving_unit_id AS unit_id, ({bucket}) AS bucket,
           {sums(COUNTER_MEASURES)}{receipt_where} AND receiving_unit_id IS NOT NULL
    GROUP BY ALL"""
    finish = f"""
    SELECT {pidx('finished_m')} AS pidx, {unit_in_month_period('finished_m', first, length)} AS unit_id,
           ({bucket}) AS bucket, {sums(FINISH_MEASURES)}
    FROM dossiers
    WHERE status NOT IN ({NOT_RECEIVED_SQL}) AND finished_m BETWEEN {first} AND {last}
      AND received_m < {period_first('finished_m')} + {length}
    GROUP BY ALL"""
    counted = ",\n        ".join(f"sum(CASE WHEN {MEASURES[n]} THEN 1 ELSE 0 END) AS {n}" for n in OPEN_MEASURES)
    still_open = f"""
    SELECT pidx, unit_id, bucket,
        {counted}
    FROM (
        SELECT p.pidx, {unit_at_end("p.end_us")} AS unit_id, f.supplement_count, f.has_apology,
               ({bucket.replace('received_day', 'f.received_day')}) AS bucket,
               {TIMELINESS_SQL.strip()} AS cls
        FROM (
            SELECT d.unit_id, d.prior_unit_id, d.transferred_us, d.status, d.received_us, d.received_day, d.due_us, d.due_day, d.finished_us,
                   d.finished_day, d.supplement_count, d.supplement_wait_us, d.has_apology, pr.limit_us
            FROM dossiers d LEFT JOIN procedures pr ON pr.id = d.procedure_id
            WHERE d.status NOT IN ({NOT_RECEIVED_SQL}) AND d.received_m <= {last}
              AND (d.finished_m IS NULL OR d.received_m < {first}
                   OR d.finished_m >= {period_first('d.received_m')} + {length})
        ) f JOIN periods p
          ON f.received_us <= p.end_us
         AND coalesce(f.finished_us, CASE WHEN f.status IN ({FINISHED_SQL}) THEN f.received_us END, p.start_us) >= p.start_us
         AND coalesce(f.finished_us > p.end_us, true)
    )
    GROUP BY ALL"""
    key = "kind, year, pidx, unit_id, bucket"
    total = ", ".join(f"coalesce(sum({n}), 0)" for n in MEASURE_NAMES)
    return f"""
SELECT '{kind}' AS kind, {int(year)} AS year, pidx, unit_id, bucket, {total}
FROM ({receipt}
    UNION ALL BY NAME{finish}
    UNION ALL BY NAME{still_open}
)
GROUP BY {key}
"""
