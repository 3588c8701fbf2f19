"""The dossier pages cost the same number of queries whatever the number of dossiers, events,
supplements and apologies (no N+1), in the style of tests/web/test_query_counts.py.

Each page is measured on a little data and again on much more; the counts must be equal. The committed
baselines (upper bounds) make a regression visible in review.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.models import Dossier, DossierEvent, DossierSupplement, EventKind, Procedure
from tests import factories

# Upper bounds observed when the pages were written; raise only with a reason in the commit message.
BASELINES = {
    # Each +1 since issue 14: the header's count of unread notices (one count on a partial index).
    # The list: the officer's +2 since issue 10's load work (the unit picker read from the shared cache under
    # the newest dossier's id and the number of units); a focal point's +1 (the page's positions read by
    # unit, then its rows by id: one query per unit in scope, here one).
    ("list", "officer"): 8, ("list", "focal_commune"): 8,
    ("near_due", "officer"): 6, ("near_due", "focal_commune"): 7,
    ("detail", "officer"): 9, ("detail", "focal_commune"): 11,  # +1: the transfers on the timeline
}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _dossiers(tree, procedures, n: int, *, start: int) -> list[Dossier]:
    """``n`` dossiers of the two communes, spread over the procedures: a third overdue, a third due within
    the near-due horizon, a third finished."""
    now = timezone.now()
    made = []
    for i in range(start, start + n):
        kind = i % 3
        made.append(factories.build_dossier(
            code=f"HS-Q-{i:04d}", unit=tree.commune if i % 2 else tree.commune2,
            procedure=procedures[i % len(procedures)], status=(4, 4, 10)[kind], channel=1 + i % 3,
            received_at=now - timedelta(days=10, minutes=i),
            due_at=now + (timedelta(hours=-5), timedelta(hours=5), timedelta(days=-2))[kind],
            finished_at=now - timedelta(days=3) if kind == 2 else None,
        ))
    return Dossier.objects.bulk_create(made)


def _procedures(n: int, *, start: int = 0) -> list[Procedure]:
    return [factories.make_procedure(code=f"9.00{i:04d}", name=f"Thủ tục thử {i}") for i in range(start, start + n)]


def _children(dossier: Dossier, *, events: int, supplements: int) -> None:
    DossierEvent.objects.bulk_create(
        DossierEvent(dossier=dossier, kind=EventKind.SUPPLEMENT_REQUESTED, at=dossier.received_at + timedelta(hours=i))
        for i in range(1, events + 1))
    DossierSupplement.objects.bulk_create(
        DossierSupplement(dossier=dossier, requested_at=dossier.received_at + timedelta(hours=i),
                          completed_at=dossier.received_at + timedelta(hours=i, minutes=30))
        for i in range(1, supplements + 1))


@pytest.mark.parametrize(("page", "role"), list(BASELINES), ids=[f"{p}-{r}" for p, r in BASELINES])
def test_query_count_does_not_grow_with_dossiers(province, users, page, role):
    client = factories.client_for(user=users[role])
    procedures = _procedures(2)
    first = _dossiers(province, procedures, 3, start=0)
    detail = next(d for d in first if d.unit_id == province.commune.pk and d.finished_at is None)
    url = {"list": "/dossiers/", "near_due": "/dossiers/near-due/", "detail": f"/dossiers/{detail.pk}/"}[page]
    small = _count(client, url)

    _dossiers(province, procedures + _procedures(8, start=2), 90, start=3)
    _children(detail, events=25, supplements=6)
    issue_apology(user=users["officer"], dossier=detail, reason="Chờ xác minh", signer_title="CHỦ TỊCH",
                  signer_name="Nguyễn Văn A", new_due_at=detail.due_at + timedelta(days=7))
    large = _count(client, url)
    assert large == small, f"{page} as {role}: {small} queries on 3 dossiers, {large} on 93"
    assert large <= BASELINES[page, role], f"{page} as {role}: {large} queries"
