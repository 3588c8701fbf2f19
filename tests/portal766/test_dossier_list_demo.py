"""The demo's illustrative portal dossier list (cchc.portal766.demo.illustrative_list), on hand-built data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.portal766 import demo, services
from cchc.portal766.models import PortalDossierList
from tests.factories import client_for
from tests.portal766.test_dossier_lists import Q1, QUERY, build_quarter


@pytest.fixture
def computed(province):
    return build_quarter(province)


def test_the_demo_list_is_illustrative_and_differs_both_ways(computed, users):
    # The demo's list on the test commune: CCHC's list (LATE, OPEN-OVERDUE) less its first three codes, plus
    # two dossiers CCHC counts on time (EARLY, ON-TIME); stored by the import's own path, marked illustrative.
    assert demo.illustrative_list("quarter", Q1, unit_key=computed.commune.key) == 2
    stored = PortalDossierList.objects.get()
    assert stored.illustrative and stored.file_name == demo.LIST_FILE
    (diff,) = services.dossier_differences(computed.commune, "quarter", Q1)
    assert [c for c, _pk in diff.cchc_only] == ["LATE", "OPEN-OVERDUE"] and diff.portal_only == ["EARLY", "ON-TIME"]
    html = client_for(user=users["officer"]).get(reverse("portal766:unit", args=[computed.commune.pk]), QUERY)
    assert "Danh sách minh họa do dữ liệu mẫu tạo ra, không phải của Cổng." in html.content.decode()
