"""The pages: who may read the list and upload a file (server-side, every role), the upload's answers (good:
stored and listed; bad: 400 naming file, row and field, nothing written), CSRF, and the Excel file equal to
the page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from cchc.portalcounts.models import PortalCount
from cchc.portalcounts.services import import_file
from tests.factories import client_for, make_integration_user
from tests.portalcounts.helpers import GOOD, csv_bytes

pytestmark = pytest.mark.django_db
LIST, IMPORT, XLSX = "/portal-counts/", "/portal-counts/import/", "/portal-counts/export.xlsx"


def upload(client, content: bytes, name: str):
    return client.post(IMPORT, {"file": _named(content, name)})


def _named(content: bytes, name: str):
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.mark.parametrize(("who", "list_status", "import_status"), [
    ("admin", 200, 200), ("officer", 200, 200), ("leader", 200, 403), ("inspector", 200, 403),
    ("focal_snv", 200, 403), ("focal_commune", 200, 403),
])
def test_who_reads_and_who_uploads(users, who, list_status, import_status):
    client = client_for(user=users[who])
    assert client.get(LIST).status_code == list_status
    assert client.get(XLSX).status_code == list_status
    assert client.get(IMPORT).status_code == import_status
    response = upload(client, csv_bytes([GOOD[1]]), "a.csv")
    assert response.status_code == (302 if import_status == 200 else 403)
    assert PortalCount.objects.count() == (1 if import_status == 200 else 0)


def test_an_integration_account_and_a_visitor_read_nothing(province):
    assert client_for(user=make_integration_user()).get(LIST).status_code == 403
    assert Client().get(LIST).status_code == 302  # to the sign-in page
    assert Client().post(IMPORT, {"file": _named(csv_bytes([GOOD[1]]), "a.csv")}).status_code == 302
    assert PortalCount.objects.count() == 0


def test_a_good_upload_is_listed(users, portal_alias):
    client = client_for(user=users["officer"])
    response = upload(client, csv_bytes(GOOD), "dvcqg.csv")
    assert response.status_code == 302 and response.url == LIST
    page = client.get(LIST).content.decode()
    assert page.count('data-indicator="') == 4 and "Quý III/2026" in page and "dvcqg.csv" in page
    filtered = client.get(LIST, {"indicator": "5.5"}).content.decode()
    assert filtered.count('data-indicator="') == 1


def test_a_bad_upload_names_file_row_and_field_and_writes_nothing(users):
    client = client_for(user=users["officer"])
    response = upload(client, csv_bytes([GOOD[1], ["52.SNV", "Q3/2026", "5.5", "30", "20", "", ""]]), "xau.csv")
    assert response.status_code == 400
    text = response.content.decode()
    assert "xau.csv, dòng 3, trường «numerator»: Tử số lớn hơn mẫu số." in text
    assert PortalCount.objects.count() == 0


def test_the_upload_needs_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer"])
    assert upload(client, csv_bytes([GOOD[1]]), "a.csv").status_code == 403
    assert PortalCount.objects.count() == 0


def test_the_excel_file_holds_the_pages_rows(users, portal_alias):
    import_file(csv_bytes(GOOD), "dvcqg.csv")
    client = client_for(user=users["leader"])
    book = load_workbook(io.BytesIO(b"".join(client.get(XLSX, {"indicator": "1.4"}).streaming_content)))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    data = [r for r in values if r and r[0] == "Sở Nội vụ"]
    assert len(data) == 1
    assert data[0][2:10] == ["Quý III/2026", "1.4", 540, None, 547, 530, None, 547]
