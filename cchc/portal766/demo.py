"""The demo's published 766 figures: the portal's answers committed in ``snapshots/`` (their sources in
snapshots/README.md and snapshots/SUMMARY-SOURCES.md), imported so the reconciliation page shows from a
clean clone."""

from __future__ import annotations

import logging
import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"
#: The portal's answers by the crawler's names (a block's summary or detail, every unit's detail, with the
#: run date ddmmyyyy), an excerpt of one named ``….excerpt.json`` (snapshots/README.md); the folder's other
#: files (its READMEs, any other crawler output) are not answers.
ANSWER = re.compile(r"^(?:(?:agencies|communes)(?:_detail)?|details)_[A-Za-z]+_(\d{2})(\d{2})(\d{4})(?:\.excerpt)?\.json$")


def answers() -> list[Path]:
    """The committed answers, oldest run date first."""
    found = [(m, p) for p in SNAPSHOTS.glob("*.json") if (m := ANSWER.match(p.name))]
    return [p for m, p in sorted(found, key=lambda mp: (mp[0].group(3), mp[0].group(2), mp[0].group(1), mp[1].name))]


def import_snapshots() -> int:
    """Import every committed answer (oldest run date first; again changes nothing); returns how many
    files were new."""
    from .services import import_snapshot

    new = 0
    for path in answers():
        result = import_snapshot(path.read_bytes(), path.name)
        new += int(result.created)
        for code, name in result.unmatched:
            logging.getLogger(__name__).warning("%s: portal unit %s «%s» not matched", path.name, code, name)
    return new


#: The demo's commune whose reconciliation shows a portal dossier list (Xã Phù Mỹ, today's units).
LIST_UNIT_KEY = "vn:2025:commune:21730"
LIST_FILE = "Minh họa: danh sách hồ sơ 2.1 suy từ hồ sơ mẫu"


def illustrative_list(kind: str = "year", start=None, unit_key: str = LIST_UNIT_KEY) -> int:
    """An illustrative portal list of indicator 2.1 for Xã Phù Mỹ (by default for the latest year with
    published answers: the reconciliation's default period), so its unit page
    shows the two differences: CCHC's own list of dossiers not on time, less its first three codes (CCHC
    counts them, the list does not), plus two of the commune's dossiers CCHC does not list (the list counts
    them, CCHC does not). Stored through the import's own path, marked illustrative; returns the dossiers
    listed (0 when the commune has no figure or its list is not written)."""
    from cchc.analytics import services as analytics
    from cchc.dossiers.models import Dossier
    from cchc.platform.tables import Table
    from cchc.units.models import Unit

    from .lists import ingest
    from .services import periods

    start = start or next((s for k, s in periods() if k == kind), None)
    unit = Unit.objects.filter(key=unit_key).first()
    mine = analytics.listed_codes(unit, kpi_code="ontime_rate", kind=kind, start=start) if unit and start else None
    if not mine:
        return 0
    kept = sorted(mine)[3:]
    others = list(Dossier.objects.filter(unit=unit, received_at__year=start.year).exclude(code__in=list(mine))
                  .order_by("code").values_list("code", flat=True)[:2])
    rows = [{"unit": unit.key, "period": start.isoformat(), "kind": kind, "indicator": "2.1", "MaHoSo": c}
            for c in kept + others]
    ingest(Table(LIST_FILE, None, rows, range(1, len(rows) + 1)), illustrative=True)
    return len(rows)
