"""Illustrative facts for the integrity checks on the demo's dossiers (issue 14 item 2, docs/integrity.md).

The one-stop exports the demo imitates carry no result date, no rating time and nothing on who submitted or
paid online (DOMAIN §10), so the generated dossiers have none; this step gives them to the demo dossiers
received since 1/7/2025 (today's units), so that each check has data and flags a few. Demo data
(``source_system = "demo"``), illustrative: the shares are invented, and the flagged dossiers are chosen by
their id, not by any unit's behaviour.

- the result's signing date: the day processing ended, for the processed dossiers with an electronic
  result; one in 400 signed the next day (closed before its result existed);
- the rating's moment: at the return, else at the end of processing; in three units, twelve "very
  satisfied" ratings within four minutes (a burst);
- who submitted or paid: the online dossiers were submitted with the citizen's own account, except one in
  250 with an official's and one in 250 from the counter's terminal; the online payments by the citizen,
  except one in 300 by an official.

Idempotent: a demo whose dossiers already carry rating times is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.core.transfers import REORGANISATION_DAY
from cchc.dossiers.models import Dossier

from .dossiers import SOURCE

BURST_UNITS, BURST_SIZE, BURST_STEP = 3, 12, timedelta(seconds=20)


def _every(queryset, n: int, rest: int = 0) -> list[int]:
    """The ids of ``queryset`` equal to ``rest`` modulo ``n`` (a fixed, reproducible choice)."""
    return [pk for pk in queryset.values_list("id", flat=True) if pk % n == rest]


@transaction.atomic
def load() -> int:
    """Give the demo dossiers received since 1/7/2025 the integrity checks' facts; returns how many
    rows the updates touched (0 when the demo already has them)."""
    since = timezone.make_aware(datetime.combine(REORGANISATION_DAY, time.min))
    demo = Dossier.objects.filter(source_system=SOURCE, received_at__gte=since)
    if demo.filter(rated_at__isnull=False).exists():
        return 0
    now = timezone.now()
    processed = demo.filter(status__in=(9, 10), finished_at__isnull=False, result_digitised=True)
    changed = processed.update(result_issued_at=F("finished_at"), updated_at=now)
    demo.filter(pk__in=_every(processed, 400)).update(result_issued_at=F("finished_at") + timedelta(days=1))

    rated = demo.filter(rating__in=(1, 2, 3)).exclude(finished_at=None)
    changed += rated.update(rated_at=Coalesce(F("returned_at"), F("finished_at")), updated_at=now)
    busiest = (rated.filter(rating=1).values("unit").annotate(n=Count("id")).order_by("-n", "unit")
               .values_list("unit", flat=True))
    bursts = 0
    for unit_id in busiest:
        chosen = list(rated.filter(unit_id=unit_id, rating=1).order_by("finished_at", "id")[:BURST_SIZE])
        if len(chosen) < BURST_SIZE:
            continue
        start = max(d.rated_at for d in chosen)
        for i, d in enumerate(chosen):
            d.rated_at = start + i * BURST_STEP
        Dossier.objects.bulk_update(chosen, ["rated_at"])
        bursts += 1
        if bursts == BURST_UNITS:
            break

    online = demo.filter(channel=2)
    changed += online.update(submitted_by_official=False, submitted_at_counter=False, updated_at=now)
    demo.filter(pk__in=_every(online, 250)).update(submitted_by_official=True)
    demo.filter(pk__in=_every(online, 250, 125)).update(submitted_at_counter=True)
    paid = demo.filter(paid_online=True)
    changed += paid.update(paid_by_official=False, updated_at=now)
    demo.filter(pk__in=_every(paid, 300, 7)).update(paid_by_official=True)
    return changed
