"""Illustrative counts for the demo: for every unit and period with dossier figures, counts of 1.4, 4.1,
4.2, 5.3, 5.5, 5.6 and 5.7 that look like the portal's, marked illustrative (``illustrative``, source
"Minh họa"), for the quarters and years since the reorganisation of 1/7/2025 (today's agencies and communes, the
portal's two blocks) and the latest six months. Derived from the figures the demo already has (dossiers received and handled, the online
payment rate), with a fixed spread per unit, so a reload gives the same counts. One read of stored figures
and one bulk write: about 15,000 figures, under two seconds of the demo."""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.core.levels import Block
from cchc.scoreboard import inputs

from .choices import Source
from .models import PortalCount

SOURCE = "Minh họa (suy từ hồ sơ mẫu)"
KINDS = ("month", "quarter", "year")
#: Months with illustrative counts: the latest ones with figures (every quarter and year has them).
MONTHS = 6
#: The KPI figures the counts are derived from.
INPUTS = ("received", "ontime_rate", "online_payment_dossiers_rate")


def _spread(unit_id: int, salt: str, low: int, high: int) -> int:
    """A fixed whole number from ``low`` to ``high`` for a unit (the same on every reload)."""
    return low + zlib.crc32(f"{unit_id}:{salt}".encode()) % (high - low + 1)


def counts_for(unit_id: int, block: str, received: int, handled: int, paid: int | None,
               fee_dossiers: int | None) -> dict[str, dict]:
    """The illustrative counts of one unit and period: synced ≈ received; procedures with a fee and those
    with data synced or paid online; population data and the citizen's repository on a share of dossiers;
    e-certified copies offered by most communes, null/null (full points, as the portal) for agencies."""
    national = received + received * _spread(unit_id, "national", 0, 3) // 100
    synced = min(received, received - received * _spread(unit_id, "unsynced", 0, 4) // 100)
    fee_procedures = _spread(unit_id, "fee", 8, 60)
    procedures = _spread(unit_id, "procedures", 90, 400)
    paid_share = (paid / fee_dossiers) if paid is not None and fee_dossiers else _spread(unit_id, "paid", 20, 80) / 100
    out = {
        "1.4": {"numerator": synced, "received_national": national, "received_dvcqg": received},
        "4.1": {"numerator": fee_procedures * _spread(unit_id, "fee-sync", 40, 100) // 100,
                "denominator": fee_procedures},
        "4.2": {"numerator": min(fee_procedures, round(fee_procedures * paid_share)), "denominator": fee_procedures},
        "5.5": {"numerator": handled * _spread(unit_id, "repository", 0, 12) // 100, "denominator": handled},
        "5.6": {"numerator": procedures * _spread(unit_id, "population-tthc", 4, 25) // 100,
                "denominator": procedures},
        "5.7": {"numerator": handled * _spread(unit_id, "population", 30, 100) // 100, "denominator": handled},
    }
    if block == Block.COMMUNE:
        offered = int(_spread(unit_id, "certified-copy", 0, 9) > 1)  # about four communes in five
        out["5.3"] = {"numerator": offered, "denominator": 1}
    else:
        out["5.3"] = {"numerator": None, "denominator": None}
    return out


def load(since: date) -> int:
    """Replace the illustrative counts of the periods (month, quarter, year) starting on or after ``since``
    with ones derived from the stored dossier figures of every agency and commune with dossiers in the
    period; imported counts are left alone. Returns how many figures were written."""
    from cchc.units.models import Unit

    now = timezone.now()
    rows: list[PortalCount] = []
    blocks = dict(Unit.objects.values_list("pk", "block"))
    with transaction.atomic():
        imported = set(PortalCount.objects.filter(illustrative=False).values_list(
            "unit_id", "period_kind", "period_start", "indicator"))
        old = PortalCount.objects.filter(illustrative=True)
        old._raw_delete(old.db)  # illustrative rows carry no history: no audit entry per row (a reload is fast)
        for kind in KINDS:
            figures: dict[tuple[int, date], dict[str, object]] = defaultdict(dict)
            starts = [s for s in analytics.periods_with_data(kind) if s >= since]  # newest first
            if kind == "month":  # the latest months only: a month's figures are many and rarely read
                starts = starts[:MONTHS]
            for f in analytics.values_for(codes=INPUTS, period_kind=kind, period_starts=starts):
                figures[(f.unit_id, f.period_start)][f.kpi_code] = f
            for (unit_id, start), by_code in figures.items():
                handled_fig = by_code.get("ontime_rate")
                handled = (handled_fig.denominator or 0) if handled_fig else 0
                if not handled or blocks.get(unit_id) not in (Block.AGENCY, Block.COMMUNE):
                    continue
                received = (by_code["received"].numerator or 0) if "received" in by_code else 0
                pay = by_code.get("online_payment_dossiers_rate")
                counts = counts_for(unit_id, blocks[unit_id], received, handled,
                                    pay.numerator if pay else None, pay.denominator if pay else None)
                for code, fields in counts.items():
                    if (unit_id, kind, start, code) in imported:
                        continue
                    rows.append(PortalCount(unit_id=unit_id, period_kind=kind, period_start=start, indicator=code,
                                            channel=Source.DEMO, source=SOURCE, illustrative=True,
                                            imported_at=now, **fields))
        PortalCount.objects.bulk_create(rows, batch_size=2000)
        inputs.changed()
    return len(rows)
