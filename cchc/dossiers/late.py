"""The dossier's stored ``late`` flag: the part of the timeliness rule that does not move with time.

cchc.core.timeliness.classify calls a received dossier LATE, at any instant after it is finished, when it had
more than one supplement request or was finished after its local due day (or, with no due date, past its
statutory limit). Whether that holds never changes with the instant of reading, only with the dossier's own
fields (and its procedure's limit), so it is stored on the dossier and the list's "late only" filter reads a
partial index instead of computing local days row by row (issue #10: 0.8 s at 1,000,000 dossiers).

Two ways keep it, one rule: ``late_by_rule`` is classify itself, for a dossier saved or bulk-created through
the ORM; ``refresh`` is the same rule as a database condition (cchc.dossiers.filters.late_whenever, tested
against classify), for the bulk writers (the import, the demo generator) and for a procedure whose statutory
limit changed. tests/dossiers/test_late_flag.py checks both against classify.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from cchc.core.timeliness import Timeliness, classify

#: An instant after every dossier's dates: classify read "whenever".
WHENEVER = datetime(9000, 1, 1, tzinfo=UTC)

#: Ids per statement (well under SQLite's and PostgreSQL's parameter limits).
CHUNK = 5000


def late_by_rule(dossier) -> bool:
    """Source: cchc.core.timeliness.classify (QĐ 766/QĐ-TTg group 2; DOMAIN §1.1, §4), read at an instant
    after every date of the dossier: LATE then is LATE at every instant after its finish."""
    from .filters import facts_of

    return classify(facts_of(dossier), WHENEVER) is Timeliness.LATE


def refresh(ids: Iterable[int] | None = None, *, queryset=None) -> int:
    """Set ``late`` by the rule for these dossiers (ids, or a queryset), writing only the rows whose flag
    changes; returns how many changed."""
    from .filters import late_whenever
    from .models import Dossier

    if queryset is not None:
        return _refresh(queryset, late_whenever())
    ids = list(ids or ())
    rule = late_whenever()
    changed = 0
    for start in range(0, len(ids), CHUNK):
        changed += _refresh(Dossier.objects.filter(pk__in=ids[start:start + CHUNK]), rule)
    return changed


def _refresh(dossiers, rule) -> int:
    late = dossiers.filter(rule).values("pk")
    return (dossiers.filter(late=False, pk__in=late).update(late=True)
            + dossiers.filter(late=True).exclude(pk__in=late).update(late=False))
