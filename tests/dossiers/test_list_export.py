"""The dossier list's "Tải Excel" (issue #12 item 3): the page's filters, units and order, every row (not one
page) up to CCHC_EXPORT_MAX_ROWS, under the page's permission and the user's unit scope; hostile filter
values never a 500; a procedure's name that looks like a formula stays text."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories


@pytest.fixture
def listed(province):
    """Six dossiers of Xã Mỹ Đức (two late: one finished late, one still open past its due day), two of Xã
    Mỹ Lộc, one of Sở Tư pháp. One procedure's name starts like a formula."""
    now = timezone.now()
    plain = factories.make_procedure(name="Chứng thực bản sao")
    hostile = factories.make_procedure(name='=HYPERLINK("http://evil.example","Bấm")')
    day = timedelta(days=1)
    for i in range(4):
        factories.make_dossier(code=f"HS-OK-{i}", unit=province.commune, procedure=plain if i % 2 else hostile,
                               status=9, received_at=now - (20 + i) * day, due_at=now - (10 + i) * day,
                               finished_at=now - (15 + i) * day)
    factories.make_dossier(code="HS-LATE-1", unit=province.commune, procedure=plain, status=9,
                           received_at=now - 30 * day, due_at=now - 25 * day, finished_at=now - 20 * day)
    factories.make_dossier(code="HS-LATE-2", unit=province.commune, procedure=plain, status=4,
                           received_at=now - 9 * day, due_at=now - 3 * day)
    for i in range(2):
        factories.make_dossier(code=f"HS-LOC-{i}", unit=province.commune2, procedure=plain, status=4,
                               received_at=now - (5 + i) * day, due_at=now + 5 * day)
    factories.make_dossier(code="HS-STP-1", unit=province.stp, procedure=plain, status=4,
                           received_at=now - 2 * day, due_at=now + 5 * day)
    return province


def page_rows(client, params) -> list[tuple[str, str, str]]:
    """(code, unit, status label) of each row of the list page."""
    html = client.get("/dossiers/", params).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [(code, unit, label) for code, unit, label in re.findall(
        r'<a href="[^"]+">([^<]+)</a>.*?</td><td>([^<]*)</td>.*?<span class="badge [^"]*">([^<]*)</span>', body, re.S)]


def export(client, params):
    response = client.get("/dossiers/export.xlsx", params)
    assert response.status_code == 200, response.status_code
    assert response.streaming, "the file is streamed, not built in the response's memory"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def file_rows(ws) -> list[tuple[str, str, str]]:
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[1] == ["Mã hồ sơ", "Kênh", "Đơn vị", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Kết thúc", "Tình trạng"]
    return [(r[0], r[2], r[7]) for r in rows[2:]]


@pytest.mark.parametrize("params", [
    {}, {"late": "1"}, {"unit": "UNIT"}, {"unit": "UNIT", "late": "1"}, {"q": "HS-LOC-1"}, {"status": "4"},
    {"from": "FROM"},
])
def test_the_file_holds_the_pages_rows_for_the_same_filters(listed, users, params):
    params = {k: str(listed.commune.pk) if v == "UNIT" else v for k, v in params.items()}
    if params.get("from") == "FROM":
        params["from"] = (timezone.localdate() - timedelta(days=8)).strftime("%d/%m/%Y")
    client = factories.client_for(user=users["officer"])
    shown = page_rows(client, params)
    assert shown, "the filter selects something, or this test could not fail"
    assert file_rows(export(client, params)) == shown
    # The page's own "Tải Excel" link carries its filters.
    html = client.get("/dossiers/", params).content.decode()
    link = re.search(r'id="export" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert file_rows(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active) == shown


def test_late_only_is_the_two_late_dossiers(listed, users):
    client = factories.client_for(user=users["officer"])
    assert sorted(r[0] for r in file_rows(export(client, {"late": "1"}))) == ["HS-LATE-1", "HS-LATE-2"]


def test_a_focal_point_exports_only_their_units(listed, users):
    client = factories.client_for(user=users["focal_commune"])
    codes = {r[0] for r in file_rows(export(client, {}))}
    assert codes and all(c.startswith(("HS-OK", "HS-LATE")) for c in codes)
    # Asking for another unit's dossiers gives none, as on the page.
    assert file_rows(export(client, {"unit": str(listed.commune2.pk)})) == []
    assert file_rows(export(factories.client_for(user=users["focal_district"]), {})) != []  # its communes


def test_who_may_not_see_the_list_may_not_export_it(listed, client):
    assert factories.client_for(user=factories.make_integration_user()).get("/dossiers/export.xlsx").status_code == 403
    response = client.get("/dossiers/export.xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_more_rows_than_allowed_is_refused_with_a_message(listed, users):
    client = factories.client_for(user=users["officer"])
    with override_settings(EXPORT_MAX_ROWS=3):
        response = client.get("/dossiers/export.xlsx", {"unit": str(listed.commune2.pk)})
        assert response.status_code == 200, "two rows: within the bound"
        response = client.get("/dossiers/export.xlsx", {"late": "1", "page": "2", "after": "1.1"})
        assert response.status_code == 200
        response = client.get("/dossiers/export.xlsx", {"q": "", "status": "9", "after": "1.1"}, follow=True)
    assert response.redirect_chain == [("/dossiers/?q=&status=9", 302)]
    assert "Có hơn 3 hồ sơ phù hợp" in response.content.decode()


def test_a_name_that_looks_like_a_formula_stays_text(listed, users):
    ws = export(factories.client_for(user=users["officer"]), {"unit": str(listed.commune.pk)})
    hostile = [row[3] for row in ws.iter_rows(min_row=3) if row[3].value.startswith("=")]
    assert len(hostile) == 2 and all(c.data_type == "s" and c.quotePrefix for c in hostile)


@pytest.mark.parametrize("params", [
    {"status": "99999999999999999999"}, {"status": "-1"}, {"unit": "-1"}, {"unit": "1e9"}, {"subtree": "x"},
    {"subtree": "99999999"}, {"from": "31/02/2025"}, {"to": "abc"}, {"from": "01/01/0001"}, {"q": "=1+1"},
    {"procedure": "' OR 1=1 --"}, {"late": "<b>"}, {"q": "x" * 5000}, {"unit": "١٢"},
])
def test_hostile_filter_values_never_fail(listed, users, params):
    client = factories.client_for(user=users["officer"])
    assert client.get("/dossiers/", params).status_code == 200
    file_rows(export(client, params))
