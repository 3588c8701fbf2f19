"""Local moments, and a plain-Python reference for the KPI engine (the dossiers themselves are made by
tests/factories.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from cchc.core import integrity, kpis
from cchc.core.timeliness import DossierFacts, Timeliness, classify
from cchc.core.transfers import Transfer, counter_unit, counting_unit
from cchc.dossiers.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """A moment in Vietnamese local time."""
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=VN)


# --- Plain-Python reference ---------------------------------------------------------------------------


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min, VN), datetime.combine(end, time.max, VN)


def facts_of(d: Dossier) -> DossierFacts:
    return DossierFacts(
        status=d.status, received_at=d.received_at, due_at=d.due_at, finished_at=d.finished_at,
        supplement_count=d.supplement_count, supplement_wait=timedelta(seconds=d.supplement_wait_seconds),
        statutory_limit=kpis.statutory_limit(d.procedure.time_limit, d.procedure.time_limit_kind),
    )


def bursts_of(dossiers: list[Dossier]) -> set[int]:
    """The ids of the dossiers whose rating was given in a burst (the settings' count and minutes)."""
    return integrity.rating_bursts(((d.pk, d.unit_id, d.rating, d.rated_at) for d in dossiers),
                                   count=settings.CCHC_INTEGRITY_BURST_COUNT, minutes=settings.CCHC_INTEGRITY_BURST_MINUTES)


def measures_of(d: Dossier, start: date, end: date, bursts: set[int] | frozenset[int] = frozenset()) -> dict[str, int]:
    """What one dossier adds to each KPI's numerator and denominator for the period, decided with the
    core's in_scope and classify one dossier at a time (the engine does the same in SQL); ``bursts``: the
    dossiers rated in a burst (``bursts_of`` all the dossiers)."""
    first, last = period_bounds(start, end)
    out: dict[str, int] = defaultdict(int)
    if not kpis.in_scope(d.status, d.received_at, d.finished_at, first, last):
        return out
    p = d.procedure
    cls = classify(facts_of(d), last)
    assert cls != Timeliness.EXCLUDED
    received = d.received_at >= first
    finished = d.status in (7, 9, 10) and d.finished_at is not None and first <= d.finished_at <= last
    late_all = cls in (Timeliness.LATE, Timeliness.PENDING_OVERDUE)
    result_ok = d.result_digitised or not p.result_is_document
    fee = received and p.has_fee and d.fee_amount > 0
    rated = received and d.rating in (1, 2, 3)

    def local(moment):
        return None if moment is None else moment.astimezone(VN).date()

    flags = {
        "unreturned": integrity.unreturned(status=d.status, finished_on=local(d.finished_at) if finished else None,
                                           returned_on=local(d.returned_at), period_first=start, period_last=end),
        "handled": True, "received": received, "received_competent": received, "finished": finished,
        "early": cls == Timeliness.EARLY, "on_time": cls == Timeliness.ON_TIME, "late": cls == Timeliness.LATE,
        "pending_on_time": cls == Timeliness.PENDING_ON_TIME, "pending_overdue": cls == Timeliness.PENDING_OVERDUE,
        "supplement_over_once": integrity.supplement_over_once(supplement_count=d.supplement_count),
        "closed_before_result": integrity.closed_before_result(
            status=d.status, finished_in_period=finished, result_is_document=p.result_is_document,
            result_on_file=d.result_digitised, finished_on=local(d.finished_at),
            result_issued_on=local(d.result_issued_at)),
        "rating_burst": received and d.pk in bursts,
        "on_behalf": received and integrity.on_behalf(
            channel=d.channel, submitted_by_official=d.submitted_by_official,
            submitted_at_counter=d.submitted_at_counter, paid_online=d.paid_online, paid_by_official=d.paid_by_official),
        "on_behalf_data": received and integrity.on_behalf_data(
            submitted_by_official=d.submitted_by_official, submitted_at_counter=d.submitted_at_counter,
            paid_by_official=d.paid_by_official),
        "late_all": late_all, "late_apology": late_all and d.apology_at is not None,
        "late_without": late_all and d.apology_at is None,
        "fullprocess_eligible": received and p.online_level == "full",
        "fullprocess_done": received and p.online_level == "full" and d.online_full,
        "channel_online": received and d.channel == 2, "channel_postal": received and d.channel == 3,
        "fee_dossiers": fee, "paid_online": fee and d.paid_online,
        "digitised": received and d.components_digitised and result_ok,
        "results_digitised": finished and result_ok,
        "reused": received and d.reused_data,
        "rated": rated, "satisfied": received and d.rating in (1, 2),
    }
    for name, flag in flags.items():
        out[name] = int(bool(flag))
    out["rating_sum"] = d.rating if rated else 0
    return out


#: The counter-workload measures (received, by channel: cchc.core.kpis.COUNTER_WORKLOAD_KPIS), stated again.
COUNTER = frozenset({"received", "channel_online", "channel_postal"})

KPI_FROM_MEASURES = {
    "received": ("received", None), "handled": ("handled", None), "finished": ("finished", None),
    "early": ("early", None), "on_time": ("on_time", None), "late": ("late", None),
    "pending_on_time": ("pending_on_time", None), "pending_overdue": ("pending_overdue", None),
    "supplement_over_once": ("supplement_over_once", None),
    "closed_before_result": ("closed_before_result", None),
    "unreturned": ("unreturned", None),
    "rating_burst": ("rating_burst", None), "on_behalf": ("on_behalf", None), "on_behalf_data": ("on_behalf_data", None),
    "ontime_rate": (("early", "on_time", "pending_on_time"), "handled"),
    "late_without_apology": ("late_without", None),
    "late_without_apology_rate": ("late_without", "late_all"),
    "apology_compliance_rate": ("late_apology", "late_all"),
    "online_fullprocess_rate": ("fullprocess_done", "fullprocess_eligible"),
    "online_rate": ("channel_online", "received"), "postal_rate": ("channel_postal", "received"),
    "online_payment_dossiers_rate": ("paid_online", "fee_dossiers"),
    "digitised_dossiers_rate": ("digitised", "received_competent"),
    "digitised_results_rate": ("results_digitised", "finished"),
    "reused_data_rate": ("reused", "received_competent"),
    "rating_average": ("rating_sum", "rated"), "satisfaction_rate": ("satisfied", "rated"),
}


def reference_kpis(dossiers: list[Dossier], units_of: dict[int, list[int]], start: date,
                   end: date) -> dict[tuple[int, str], tuple[int, int | None]]:
    """{(unit id, KPI code): (numerator, denominator)} for the period; ``units_of`` maps a dossier's unit
    to every unit whose figures include it (worked out by the test itself). A dossier counts at the
    competent unit it had at the period's end (cchc.core.transfers.counting_unit), its counter-workload
    measures at its receiving unit when it has one (counter_unit)."""
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    _first, last = period_bounds(start, end)
    bursts = bursts_of(dossiers)
    for d in dossiers:
        m = measures_of(d, start, end, bursts)
        if not m:
            continue
        moves = [] if d.transferred_at is None else [Transfer(d.prior_unit_id, d.unit_id, d.transferred_at)]
        competent = counting_unit(d.unit_id, moves, last)
        counter = counter_unit(competent, d.receiving_unit_id)
        for name, n in m.items():
            for unit_id in units_of[counter if name in COUNTER else competent]:
                sums[unit_id][name] += n
    out = {}
    for unit_id, s in sums.items():
        for code, (num, den) in KPI_FROM_MEASURES.items():
            numerator = sum(s[n] for n in num) if isinstance(num, tuple) else s[num]
            out[(unit_id, code)] = (numerator, None if den is None else s[den])
    return out
