"""A dossier's business history on its own page (issue #12, item 4): its lifecycle, and who recorded its
apology letters and transfers (``cchc.accounts.audit.audit_rows``), for whoever may read the dossier."""

from __future__ import annotations

from datetime import UTC, datetime

from auditlog.context import set_actor
from django.urls import reverse

from cchc.dossiers.apologies import issue_apology
from tests.factories import client_for, make_dossier, make_procedure


def test_the_dossier_history_shows_the_apology_and_who_issued_it(province, users):
    dossier = make_dossier(
        code="HS-001", unit=province.commune, procedure=make_procedure(name="Chứng thực bản sao", time_limit=1),
        status=4, received_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), due_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    )
    with set_actor(users["officer"]):  # as the page's request does (auditlog's middleware)
        issue_apology(user=users["officer"], dossier=dossier, reason="Chờ xác minh", signer_title="CHỦ TỊCH",
                      signer_name="Nguyễn Văn A", new_due_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
                      now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    detail = client_for(user=users["focal_commune"]).get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert reverse("dossiers:history", args=[dossier.pk]) in detail

    page = client_for(user=users["focal_commune"]).get(reverse("dossiers:history", args=[dossier.pk])).content.decode()
    assert "Tạo mới" in page and "Người officer" in page and "Sở Nội vụ" in page
    assert "Chờ xác minh" in page
    assert "10/03/2026" in page or "16:00 10/03/2026" in page  # the new due date, local
    assert client_for(user=users["focal_commune2"]).get(reverse("dossiers:history", args=[dossier.pk])).status_code == 403
