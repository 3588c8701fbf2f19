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
