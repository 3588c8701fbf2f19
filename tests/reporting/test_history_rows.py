"""A report's business history (its history page) reads its audit entries as the audit page does: the same
rows, from ``cchc.accounts.audit.audit_rows`` (issue #12, item 4)."""

from __future__ import annotations

import re

from django.urls import reverse

from cchc.accounts.audit import audit_url
from cchc.reporting import services
from cchc.reporting.models import UnitReport
from tests.factories import client_for
from tests.reporting.conftest import fill


def entry_rows(page: str) -> dict[str, str]:
    """entry id → its rendered row."""
    return dict(re.findall(r'<tr data-entry="(\d+)">(.*?)</tr>', page, flags=re.S))


def test_the_history_page_and_the_audit_page_show_the_same_rows(report, users):
    fill(report, users["focal_commune"])
    services.submit(user=users["focal_commune"], report=report)
    services.approve(user=users["officer"], report=report)
    client = client_for(user=users["officer"])

    history = client.get(reverse("reporting:report_history", args=[report.pk])).content.decode()
    link = audit_url(UnitReport, report.pk)
    assert link.replace("&", "&amp;") in history
    audit = client.get(link).content.decode()

    on_audit = entry_rows(audit)
    on_history = entry_rows(history)
    assert on_audit and set(on_audit) <= set(on_history)  # the history also holds the report's parts
    for n, row in on_audit.items():
        assert on_history[n] == row
    # In words and names: the approval's state change, by the officer, with their unit.
    assert "Sửa" in audit and "Người officer" in audit and "Sở Nội vụ" in audit
    assert "Đã duyệt" in audit and "approved" not in re.sub(r"<[^>]+>", "", "".join(on_audit.values()))
    # The measure and narrative the focal point wrote are in the history too, by name.
    assert "Người focal_commune" in history


def test_a_focal_point_reads_their_reports_history_without_addresses_or_the_audit_link(report, users):
    fill(report, users["focal_commune"])
    page = client_for(user=users["focal_commune"]).get(reverse("reporting:report_history", args=[report.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert entry_rows(text) and "Người focal_commune" in text
    assert reverse("accounts:audit") not in text
    other = client_for(user=users["focal_commune2"]).get(reverse("reporting:report_history", args=[report.pk]))
    assert other.status_code == 403
