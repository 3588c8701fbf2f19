"""Realistic synthetic dossiers for the demo province, at any size (`cchc demo dossiers --count N`).

Everything here is demo data, marked ``source_system = "demo"``. What makes it realistic: units and
procedures by level (departments handle province-level procedures, districts and communes commune-level
ones), history from 2021 at the units valid on each day (the departments, districts and communes of Bình
Định, Gia Lai and Bình Thuận until 30/6/2025, the departments the early-2025 consolidation ended only until
they ended, today's Gia Lai's departments and communes from 1/7/2025), receipts on working
days only with a seasonal rhythm and the Tết lull, due dates from the working-day calendar, lateness that
differs by unit (the seeds name Phù Mỹ, Hoài Nhơn, Vân Canh and Tuy Phước as late: seed 002), online
and digitisation shares that grow over time, supplements, apologies for part of the late dossiers, fees,
online payment and ratings. Generation is vectorised (numpy) and written in bulk (executemany on SQLite,
COPY on PostgreSQL), in chunks, so ten million rows fit in memory and show progress.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from cchc.core.levels import UnitKind
from cchc.core.workdays import calendar_for
from cchc.dossiers import late
from cchc.dossiers.models import Dossier, Procedure
from cchc.units.models import Unit

SOURCE = "demo"
LATE_NAMES = ("Phù Mỹ", "Hoài Nhơn", "Vân Canh", "Tuy Phước")  # seed 002: late dossiers named per unit
#: The provinces of the demo as they were before 1/7/2025; the first one's successor (today's Gia Lai) after.
DEMO_PROVINCES = ("Bình Định", "Gia Lai", "Bình Thuận")
#: The first day of the history the demo generates by default (the seed plans are for 2022–2024).
HISTORY_START = date(2021, 1, 1)
#: Reception regardless of administrative boundary from this day (NĐ 118/2025/NĐ-CP, in force 1/7/2025).
NON_TERRITORIAL_FROM = date(2025, 7, 1)
COLUMNS = (
    "source_system", "code", "receipt_number", "unit_id", "procedure_id", "status", "channel", "online_full",
    "applicant_kind", "received_at", "due_at", "due_computed", "finished_at", "returned_at", "return_by_post",
    "supplement_count", "supplement_wait_seconds", "apology_at", "apology_new_due_at", "fee_amount",
    "paid_online", "components_digitised", "result_digitised", "reused_data", "rating", "updated_at",
    "original_due_at", "stop_reason", "receiving_unit_id",
)
#: The reason a demo dossier in status 8 (stopped) gives (TT 03/2025 Mẫu 05 states one).
STOP_REASON = "Hồ sơ không đủ điều kiện giải quyết theo quy định"


@dataclass
class _Pool:
    """The units that receive dossiers from ``start`` on (until the next pool's start), with their profile."""

    start: date
    unit_ids: np.ndarray
    weights: np.ndarray
    late_rate: np.ndarray
    diligence: np.ndarray  # scales the online, digitisation and online-payment shares (the late units lag)
    unhappy: np.ndarray  # share of "not satisfied" ratings among the dossiers finished on time
    province_level: np.ndarray  # True for departments (they handle province-level procedures)


def is_named_late(unit: Unit) -> bool:
    """The unit (or the district it belongs to) is one the seeds name as late (LATE_NAMES)."""
    return any(n in unit.name or (unit.parent_id and n in unit.parent.name) for n in LATE_NAMES)


def _spread(unit: Unit, salt: str) -> float:
    """A stable number in [0, 1) per unit and purpose, the same on every run."""
    return (zlib.crc32(f"{salt}{unit.key}".encode()) % 1000) / 1000


def _pool(start: date, units: list[Unit]) -> _Pool:
    ids, weights, late, diligence, unhappy, prov = [], [], [], [], [], []
    for u in units:
        ids.append(u.pk)
        weights.append({UnitKind.DEPARTMENT: 6.0, UnitKind.DISTRICT: 4.0}.get(u.kind, 1.0))
        named_late = is_named_late(u)
        # A stable per-unit late rate of 1–6%; 20–28% for the units the seeds call late, so that their
        # on-time rate stays well below the plans' and the 766 method's expectations.
        late.append(0.20 + 0.08 * _spread(u, "") if named_late else 0.01 + 0.05 * _spread(u, ""))
        diligence.append(0.55 + 0.10 * _spread(u, "d") if named_late else 0.90 + 0.30 * _spread(u, "d"))
        unhappy.append(0.15 if named_late else 0.01 + 0.05 * _spread(u, "s"))
        prov.append(u.kind == UnitKind.DEPARTMENT)
    w = np.array(weights)
    return _Pool(start, np.array(ids), w / w.sum(), np.array(late), np.array(diligence), np.array(unhappy),
                 np.array(prov))


def demo_units(provinces: tuple[str, ...] = DEMO_PROVINCES):
    """The units that receive demo dossiers, whatever the day: the departments, districts and communes of
    the provinces named as they were before 1/7/2025, and of the province that took over the first of
    them (today's Gia Lai) since. Each receives dossiers only while it exists (``_pools``)."""
    old = Unit.objects.filter(kind=UnitKind.PROVINCE, short_name__in=provinces, valid_to__isnull=False)
    successor = Unit.objects.filter(predecessor_links__predecessor__in=old.filter(short_name=provinces[0]))
    homes = list(old.values_list("pk", flat=True)) + list(successor.values_list("pk", flat=True))
    if not homes:  # a province imported without its history
        homes = list(Unit.objects.filter(kind=UnitKind.PROVINCE, short_name__in=provinces).values_list("pk", flat=True))
    kinds = [UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE]
    return Unit.objects.filter(province__in=homes, kind__in=kinds).select_related("parent")


def _pools(start: date, end: date, provinces: tuple[str, ...]) -> list[_Pool]:
    """One pool per stretch of days over which the set of units does not change: the units valid on the
    stretch's first day (the early-2025 consolidation of departments and the 1/7/2025 reorganisation
    each start a stretch)."""
    units = list(demo_units(provinces).valid_during(start, end))
    bounds = {start}
    for u in units:
        if u.valid_from and start < u.valid_from <= end:
            bounds.add(u.valid_from)
        if u.valid_to and start <= u.valid_to < end:
            bounds.add(u.valid_to + timedelta(days=1))
    pools = []
    for day in sorted(bounds):
        valid = [u for u in units if u.is_valid_on(day)]
        if valid:
            pools.append(_pool(day, valid))
    return pools


def _day_weights(cal, days: list[date]) -> np.ndarray:
    """Receipts per working day: a yearly rhythm (busier before Tết and mid-year), quieter after Tết."""
    w = np.array([1.0 + 0.25 * np.sin(2 * np.pi * (d.timetuple().tm_yday - 60) / 365) for d in days])
    for i, d in enumerate(days):
        if i and (d - days[i - 1]).days > 4:  # the first working days after a long break (Tết)
            w[i: i + 8] *= 0.35
    return w / w.sum()


def generate(*, count: int, start: date, end: date, seed: int = 766, chunk: int = 200_000,
             progress: Callable[[int, int], None] | None = None,
             provinces: tuple[str, ...] = DEMO_PROVINCES) -> int:
    """Insert ``count`` demo dossiers received between ``start`` and ``end`` (both inclusive), each at a
    unit that existed on the day it was received."""
    pools = _pools(start, end, provinces)
    if not pools:
        raise ValueError("no units: run `cchc units import` for the demo provinces first")
    procs = list(Procedure.objects.values_list("pk", "levels", "time_limit", "time_limit_kind", "online_level", "has_fee"))
    if not procs:
        raise ValueError("no procedures: run `cchc procedures import --demo` first")
    p_ids = np.array([p[0] for p in procs])
    p_days = np.array([_limit_days(p[2], p[3]) for p in procs])
    p_full = np.array([p[4] == "full" for p in procs])
    p_fee = np.array([bool(p[5]) for p in procs])
    p_province = np.array(["province" in (p[1] or []) for p in procs])
    p_commune = np.array(["commune" in (p[1] or []) or not p[1] for p in procs])
    cal = calendar_for(range(start.year, end.year + 2))
    days = [start + timedelta(i) for i in range((end - start).days + 1)]
    days = [d for d in days if cal.is_working_day(d)]
    day_arr = np.array(days, dtype="datetime64[D]")
    day_w = _day_weights(cal, days)
    rng = np.random.default_rng(seed)
    now = np.datetime64(timezone.now().replace(tzinfo=None), "s")
    existing = Dossier.objects.filter(source_system=SOURCE).count()
    written = 0
    with transaction.atomic():
        while written < count:
            n = min(chunk, count - written)
            rows = _chunk(n, existing + written, rng, day_arr, day_w, pools, cal, now,
                          p_ids, p_days, p_full, p_fee, p_province, p_commune)
            before = Dossier.objects.aggregate(last=Max("pk"))["last"] or 0
            _write(rows, n)
            late.refresh(queryset=Dossier.objects.filter(pk__gt=before))
            written += n
            if progress:
                progress(written, count)
    return written


def _limit_days(limit, kind) -> int:
    if limit is None:
        return 5
    if kind == "hours":
        return max(1, int(-(-float(limit) // 8)))
    return max(1, int(round(float(limit))))


def _units_for(received_day, rng, pools: list[_Pool]) -> dict[str, np.ndarray]:
    """For each dossier, a unit of the pool in force on its day of receipt, with that unit's profile."""
    n = len(received_day)
    which = np.searchsorted(np.array([p.start for p in pools], dtype="datetime64[D]"), received_day, side="right") - 1
    out = {"unit": np.zeros(n, dtype=np.int64), "late_rate": np.zeros(n), "diligence": np.ones(n),
           "unhappy": np.zeros(n), "province_level": np.zeros(n, dtype=bool), "receiving": np.zeros(n, dtype=np.int64)}
    for i, pool in enumerate(pools):
        mask = which == i
        k = int(mask.sum())
        if not k:
            continue
        idx = rng.choice(len(pool.unit_ids), size=k, p=pool.weights)
        out["unit"][mask] = pool.unit_ids[idx]
        out["late_rate"][mask] = pool.late_rate[idx]
        out["diligence"][mask] = pool.diligence[idx]
        out["unhappy"][mask] = pool.unhappy[idx]
        out["province_level"][mask] = pool.province_level[idx]
        # From 1/7/2025 a dossier may be received at any commune's counter (phi địa giới, NĐ 118 Art. 14 and
        # 20): ~8% of the communes' dossiers are received at another commune than the one deciding them.
        communes = pool.unit_ids[~pool.province_level]
        if pool.start >= NON_TERRITORIAL_FROM and len(communes) > 1:
            away = (rng.random(k) < 0.08) & ~pool.province_level[idx]
            picked = np.zeros(k, dtype=np.int64)
            picked[away] = communes[rng.integers(0, len(communes), size=int(away.sum()))]
            picked[picked == pool.unit_ids[idx]] = 0  # the same commune: no other receiving unit
            out["receiving"][mask] = picked
    return out


def _chunk(n, offset, rng, day_arr, day_w, pools, cal, now, p_ids, p_days, p_full, p_fee, p_province, p_commune):
    received_day = np.sort(rng.choice(day_arr, size=n, p=day_w))
    # Office-hour receipt times, Vietnam time, stored in UTC (−7 h).
    minutes = rng.integers(7 * 60 + 15, 16 * 60 + 45, size=n)
    minutes = np.where((minutes > 11 * 60 + 30) & (minutes < 13 * 60 + 30), minutes + 120, minutes)
    received = received_day.astype("datetime64[s]") + (minutes * 60 - 7 * 3600).astype("timedelta64[s]")
    units = _units_for(received_day, rng, pools)
    unit, late_rate, province_level = units["unit"], units["late_rate"], units["province_level"]
    diligence = units["diligence"]
    # Procedures by level: departments take province-level ones, the others commune-level ones.
    prov_idx, comm_idx = np.flatnonzero(p_province), np.flatnonzero(p_commune)
    proc = np.where(province_level, rng.choice(prov_idx if len(prov_idx) else np.arange(len(p_ids)), size=n),
                    rng.choice(comm_idx if len(comm_idx) else np.arange(len(p_ids)), size=n))
    limit = p_days[proc]
    due_day = cal.add_working_days_vectorised(received_day, limit)
    due = due_day.astype("datetime64[s]") + (received - received_day.astype("datetime64[s]"))
    # Years since 1/1/2021: the online, digitisation and payment shares grow with it (times the unit's
    # diligence), e.g. online receipts from ~8% in 2021 to ~55% in 2026; postal ~3%.
    years = (received_day - np.datetime64(HISTORY_START)).astype(int) / 365.25
    u = rng.random(n)
    channel = np.where(u < np.clip((0.08 + 0.09 * years) * diligence, 0, 0.9), 2, np.where(u > 0.97, 3, 1))
    online_full = (channel == 2) & p_full[proc]
    # Supplements: 8% once, 1% twice; each wait 1–5 days.
    s = rng.random(n)
    supplements = np.where(s < 0.01, 2, np.where(s < 0.09, 1, 0))
    wait = supplements * rng.integers(86400, 5 * 86400, size=n)
    late = rng.random(n) < late_rate
    # Processing time in working days: late ones 1–10 beyond the limit, others 30–100% of it.
    spent = np.where(late, limit + rng.integers(1, 11, size=n), np.maximum(0, np.ceil(limit * rng.uniform(0.3, 1.0, size=n)).astype(int)))
    finish_day = cal.add_working_days_vectorised(received_day, spent)
    # Finished during office hours (Vietnam time, stored in UTC); supplement waits are inside `spent`.
    finished_at = finish_day.astype("datetime64[s]") + rng.integers(1 * 3600, 9 * 3600, size=n).astype("timedelta64[s]")
    done = finished_at < now
    withdrawn = rng.random(n) < 0.005
    status = np.where(done, np.where(rng.random(n) < 0.85, 10, 9), np.where(supplements > 0, 5, 4))
    status = np.where(withdrawn & done, 7, status)
    returned = np.where(status == 10, finished_at + rng.integers(0, 3 * 86400, size=n).astype("timedelta64[s]"), np.datetime64("NaT"))
    returned = np.where(returned > now, now, returned)
    finished_out = np.where(done, finished_at, np.datetime64("NaT"))
    # Apologies: 60% of late dossiers, 70% of those sent a working day before the due date.
    apologised = late & (rng.random(n) < 0.6)
    on_time_apology = rng.random(n) < 0.7
    apology_day = np.where(on_time_apology, cal.add_working_days_vectorised(received_day, np.maximum(limit - 1, 0)), due_day)
    apology_at = np.where(apologised, apology_day.astype("datetime64[s]") + np.timedelta64(3 * 3600, "s"), np.datetime64("NaT"))
    apology_new = np.where(apologised, finish_day.astype("datetime64[s]") + np.timedelta64(9 * 3600, "s"), np.datetime64("NaT"))
    fee = np.where(p_fee[proc], rng.integers(1, 50, size=n) * 10_000, 0)
    paid_online = (fee > 0) & (rng.random(n) < np.where(channel == 2, 0.60 + 0.05 * years, 0.30 + 0.04 * years) * diligence)
    digitised = rng.random(n) < np.clip((0.25 + 0.12 * years) * diligence, 0, 0.98)
    result_digitised = done & (rng.random(n) < np.clip((0.36 + 0.11 * years) * diligence, 0, 0.98))
    reused = rng.random(n) < 0.05 + 0.07 * years
    rated = done & (rng.random(n) < 0.4)
    # Ratings: 1 very satisfied, 2 satisfied, 3 not satisfied; late dossiers are rated worse, and each
    # unit has its own share of unhappy ratings of on-time dossiers.
    unhappy = units["unhappy"]
    happy = np.where(rng.random(n) < 0.57, 1, 2)
    rating = np.where(rated, np.where(late, rng.choice([1, 2, 3], size=n, p=[0.2, 0.4, 0.4]),
                                      np.where(rng.random(n) < unhappy, 3, happy)), 0)
    applicant = np.where(rng.random(n) < 0.85, 1, 2)
    year = received_day.astype("datetime64[Y]").astype(int) + 1970
    seq = np.arange(offset + 1, offset + n + 1)
    codes = [f"DEMO-{y}-{q:08d}" for y, q in zip(year.tolist(), seq.tolist(), strict=True)]
    return {
        "code": codes, "unit_id": unit, "receiving_unit_id": units["receiving"], "procedure_id": p_ids[proc], "status": status, "channel": channel,
        "online_full": online_full, "applicant_kind": applicant, "received_at": received, "due_at": due,
        "finished_at": finished_out, "returned_at": returned, "return_by_post": channel == 3,
        "supplement_count": supplements, "supplement_wait_seconds": wait, "apology_at": apology_at,
        "apology_new_due_at": apology_new, "fee_amount": fee, "paid_online": paid_online,
        "components_digitised": digitised, "result_digitised": result_digitised, "reused_data": reused,
        "rating": rating,
    }


def _py_times(arr: np.ndarray, sqlite: bool) -> list:
    """UTC instants as the database expects them: text on SQLite (Django's format), datetimes on PostgreSQL."""
    text = np.datetime_as_string(arr, unit="s")
    if sqlite:
        return [None if t == "NaT" else t.replace("T", " ") for t in text.tolist()]
    return [None if t == "NaT" else datetime.fromisoformat(t + "+00:00") for t in text.tolist()]


def _write(rows: dict, n: int) -> None:
    sqlite = connection.vendor == "sqlite"
    stamp = timezone.now()
    times = {k: _py_times(rows[k], sqlite) for k in ("received_at", "due_at", "finished_at", "returned_at", "apology_at", "apology_new_due_at")}
    updated_value = stamp.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else stamp  # timezone.now() is UTC
    cols = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in rows.items() if k not in times}
    rating = [r or None for r in cols["rating"]]
    data = zip(
        ["demo"] * n, cols["code"], [""] * n, cols["unit_id"], cols["procedure_id"], cols["status"], cols["channel"],
        cols["online_full"], cols["applicant_kind"], times["received_at"], times["due_at"], [False] * n,
        times["finished_at"], times["returned_at"], cols["return_by_post"], cols["supplement_count"],
        cols["supplement_wait_seconds"], times["apology_at"], times["apology_new_due_at"], cols["fee_amount"],
        cols["paid_online"], cols["components_digitised"], cols["result_digitised"], cols["reused_data"], rating,
        [updated_value] * n, times["due_at"], [STOP_REASON if st == 8 else "" for st in cols["status"]],
        [r or None for r in cols["receiving_unit_id"]], strict=True,
    )
    table = Dossier._meta.db_table
    with connection.cursor() as cursor:
        if sqlite:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", list(data))
        else:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
