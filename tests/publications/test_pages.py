"""The publication pages: who may open what (every URL name × every role), the upload (CSRF, all or nothing,
messages naming file, row and field), and "one truth": the figures page's records are the figure."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.publications import figures766, services
from cchc.publications.models import Publication
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names
from tests.publications.conftest import Q2, YEAR, csv_of

# fmt: off
EXPECTED = {
    #                              anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "publications:list":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "publications:figures":      (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "publications:upload":       (302, 200,  200,  403,  403,  403,  403,   403,  403),
}
# fmt: on


@pytest.fixture
def imported(province, users, good_file):
    services.import_file(good_file, "cong-bo.csv")
    return province


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, imported, users):
    url = reverse(name)
    check_cell(EXPECTED, name, role, users, url, redirect=lambda: f"/login/?next={url}")


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("publications:")}
    assert "publications:list" in names
    assert names == set(EXPECTED)


def test_an_integration_account_reads_no_page(imported):
    client = client_for(user=make_integration_user())
    assert client.get(reverse("publications:list")).status_code == 403
    assert client.get(reverse("publications:upload")).status_code == 403


def _upload(client, content: bytes, name: str = "cong-bo.csv"):
    return client.post(reverse("publications:upload"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_the_officer_uploads_a_good_file(province, users, good_file):
    response = _upload(client_for(user=users["officer"]), good_file)
    assert response.status_code == 302 and response["Location"] == reverse("publications:list")
    assert Publication.objects.count() == 5


def test_a_bad_file_is_refused_on_the_page_naming_file_row_and_field(province, users, procedures):
    content = csv_of(["P1,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh",
                      "P9,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh"])
    response = _upload(client_for(user=users["officer"]), content, "loi.csv")
    assert response.status_code == 200
    assert "loi.csv, dòng 3, trường «procedure_code»" in response.content.decode()
    assert Publication.objects.count() == 0


def test_a_focal_point_cannot_upload_even_by_posting(province, users, good_file):
    response = _upload(client_for(user=users["focal_snv"]), good_file)
    assert response.status_code == 403
    assert Publication.objects.count() == 0


def test_the_upload_needs_its_csrf_token(province, users, good_file):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer"])
    response = _upload(client, good_file)
    assert response.status_code == 403
    assert Publication.objects.count() == 0


def test_the_list_filters_by_verdict(imported, users):
    client = client_for(user=users["leader"])
    page = client.get(reverse("publications:list"), {"year": 2026, "state": "late"}).content.decode()
    assert sorted(re.findall(r'data-procedure="([^"]+)"', page)) == ["P1", "P3"]  # P1's QĐ 2, P3
    page = client.get(reverse("publications:list"), {"year": 2026, "state": "incomplete"}).content.decode()
    assert re.findall(r'data-procedure="([^"]+)"', page) == ["P2"]
    page = client.get(reverse("publications:list"), {"year": 2026, "q": "P4"}).content.decode()
    assert re.findall(r'data-procedure="([^"]+)"', page) == ["P4"]
    page = client.get(reverse("publications:list"), {"year": 2026, "unit": imported.commune.pk}).content.decode()
    assert re.findall(r'data-procedure="([^"]+)"', page) == ["P4"]  # the record scoped to Xã Mỹ Đức
    page = client.get(reverse("publications:list"), {"year": 2026, "unit": imported.province.pk}).content.decode()
    assert sorted(set(re.findall(r'data-procedure="([^"]+)"', page))) == ["P1", "P2", "P3"]


@pytest.mark.parametrize(("unit_attr", "kind", "start"), [("snv", "quarter", Q2), ("commune", "quarter", Q2),
                                                          ("stp", "year", YEAR), ("province", "year", YEAR)])
def test_one_truth_the_records_behind_are_the_figure(imported, users, unit_attr, kind, start):
    """The figures page shows the scoreboard's figure (figures766) and lists the records behind it: as many
    distinct procedures as the denominator, and as many passing each indicator as its numerator."""
    unit = getattr(imported, unit_attr)
    fed = figures766.figures(kind, start, [unit.pk])[unit.pk]
    behind = services.behind(unit, kind, start)
    listed = behind.by_procedure
    assert len(listed) == fed["1.1"].denominator == fed["1.2"].denominator == fed["1.3"].denominator
    assert sum(v.announced_on_time for v in listed.values()) == fed["1.1"].numerator
    assert sum(v.published_on_time for v in listed.values()) == fed["1.2"].numerator
    assert sum(v.complete for v in listed.values()) == fed["1.3"].numerator
    page = client_for(user=users["leader"]).get(reverse("publications:figures"),
                                                {"unit": unit.pk, "kind": kind, "start": start.isoformat()})
    html = page.content.decode()
    assert len(set(re.findall(r'data-procedure="([^"]+)"', html))) == fed["1.1"].denominator
    row = re.search(r'<tr data-code="1.1">(.*?)</tr>', html, re.S).group(1)
    assert f"{fed['1.1'].numerator} / {fed['1.1'].denominator}" in row


def test_the_figures_page_says_whose_figure_it_is(imported, users):
    client = client_for(user=users["leader"])
    own = client.get(reverse("publications:figures"), {"unit": imported.commune.pk, "kind": "quarter",
                                                         "start": Q2.isoformat()}).content.decode()
    assert "Số liệu của riêng đơn vị" in own
    province_wide = client.get(reverse("publications:figures"), {"unit": imported.snv.pk, "kind": "quarter",
                                                                   "start": Q2.isoformat()}).content.decode()
    assert "Số liệu của toàn tỉnh" in province_wide


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, imported, users):
    appraiser_cell(EXPECTED, name, reverse(name), APPRAISER_DIFFERS, method="get")
