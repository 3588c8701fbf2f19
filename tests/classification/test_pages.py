"""The classification pages: who may open what (every URL name × every role, as tests/web/test_permissions.py
leaves this namespace here: OWN_MATRIX), the list with every input and each cap's reason, the officer's
override with a reason (POST, CSRF, audited), the Excel and DOCX files, and recording a reminder.

The world is tests/classification/test_services.py's: Xã Mỹ Đức (focal_commune's commune) reminded
20/10/2025 and late again in 2026 ⇒ capped at "Hoàn thành nhiệm vụ"."""

from __future__ import annotations

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc.classification import services
from cchc.classification.models import Proposal, Reminder
from tests.classification.test_services import figures  # noqa: F401  (the fixture)
from tests.factories import client_for, make_dossier, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

Q = "?year=2026&block=commune"

# fmt: off
EXPECTED = {
    #                                   anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "classification:list":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "classification:xlsx":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "classification:docx":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "classification:run":             (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "classification:detail":          (302, 200,  200,  200,  200,  404,  404,   200,  404),
    "classification:reminders":       (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "classification:reminder_new":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
}
# fmt: on
METHODS = {"classification:run": "post"}


@pytest.fixture
def world(figures, users):  # noqa: F811
    services.run(user=users["officer"], year=2026, block="commune")
    return figures


def url_of(name: str, tree) -> str:
    args = {"classification:detail": [Proposal.objects.get(unit=tree.commune, year=2026).pk],
            "classification:reminder_new": [tree.commune.pk]}.get(name, [])
    return reverse(name, args=args) + ("" if name == "classification:reminder_new" else Q)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world, users):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, users, url, method=METHODS.get(name, "get"),
               redirect=lambda: f"/login/?next={url.replace('?', '%3F').replace('=', '%3D').replace('&', '%26')}"
               if role == "anonymous" else reverse("classification:list") + Q)


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("classification:")}
    assert "classification:list" in names, "the walk must see the namespace, or this test could never fail"
    assert names == set(EXPECTED)


def test_an_integration_account_sees_nothing(world):
    client = client_for(user=make_integration_user())
    assert client.get(reverse("classification:list")).status_code == 403


def test_the_list_shows_every_input_and_the_caps_reason(world, users):
    page = client_for(user=users["officer"]).get(reverse("classification:list") + Q).content.decode()
    for text in ("Chỉ số CCHC", "chưa có kết quả Chỉ số CCHC", "chưa có dữ liệu kiểm tra", "Điểm 766",
                 "Tỷ lệ đúng hạn", "Nhiệm vụ đúng hạn", "Cờ toàn vẹn", "QĐ 4510/QĐ-UBND", "20/10/2025",
                 "NĐ 335/2025/NĐ-CP", "Hoàn thành nhiệm vụ"):
        assert text in page, text
    assert "năm 2026" in page and "2.026" not in page and "2.025" not in page  # a year is not a number to group
    focal = client_for(user=users["focal_commune"]).get(reverse("classification:list") + Q).content.decode()
    assert "Xã Mỹ Đức" in focal and "Xã Mỹ Lộc" not in focal


def test_the_officer_overrides_with_a_reason_and_it_is_audited(world, users):
    proposal = Proposal.objects.get(unit=world.commune, year=2026)
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer"])
    url = reverse("classification:detail", args=[proposal.pk])
    assert client.post(url, {"level": "good", "reason": "x"}).status_code == 403  # no CSRF token
    page = client.get(url)
    token = page.cookies["csrftoken"].value
    refused = client.post(url, {"level": "good", "reason": "", "csrfmiddlewaretoken": token})
    assert refused.status_code == 200 and "Ghi rõ lý do" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.confirmed_level == ""
    done = client.post(url, {"level": "good", "reason": "Đã khắc phục trong quý IV", "csrfmiddlewaretoken": token})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.confirmed_level, proposal.override_reason, proposal.confirmed_by) == (
        "good", "Đã khắc phục trong quý IV", users["officer"])
    assert LogEntry.objects.get_for_object(proposal).filter(changes__icontains="override_reason").exists()
    assert "Đã khắc phục trong quý IV" in client.get(url).content.decode()


def test_a_leader_cannot_post_a_decision(world, users):
    proposal = Proposal.objects.get(unit=world.commune, year=2026)
    response = client_for(user=users["leader"]).post(reverse("classification:detail", args=[proposal.pk]),
                                                     {"level": "excellent", "reason": "x"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.confirmed_level == ""


def test_the_excel_file_has_the_pages_rows(world, users):
    response = client_for(user=users["inspector"]).get(reverse("classification:xlsx") + Q)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Xã Mỹ Đức" in text and "QĐ 4510/QĐ-UBND" in text and "20/10/2025" in text


def test_the_docx_is_a_document(world, users):
    from docx import Document

    response = client_for(user=users["officer"]).get(reverse("classification:docx") + Q)
    doc = Document(io.BytesIO(response.content))
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Xã Mỹ Đức" in cells and "QĐ 4510/QĐ-UBND" in cells


def test_recording_a_reminder_from_the_page(province, users):
    dossier = make_dossier(unit=province.commune, code="HS-TRE-1")
    client = client_for(user=users["officer"])
    url = reverse("classification:reminder_new", args=[province.commune.pk])
    bad = client.post(url, {"on": "15/10/2025", "about": "late_dossiers",
                            "text": "Chấn chỉnh", "dossiers": "KHONG-CO"})
    assert bad.status_code == 200 and "KHONG-CO" in bad.content.decode() and not Reminder.objects.exists()
    ok = client.post(url, {"on": "15/10/2025", "about": "late_dossiers",
                           "text": "Chấn chỉnh", "dossiers": "HS-TRE-1", "kpi_code": "late", "period_start": "09/2025"})
    assert ok.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.on, reminder.period_start, list(reminder.dossiers.all())) == (
        date(2025, 10, 15), date(2025, 9, 1), [dossier])
    assert "HS-TRE-1" in client.get(reverse("classification:reminders")).content.decode()


def test_the_api_lists_the_callers_proposals(world, users):
    body = client_for(user=users["focal_commune"]).get("/api/v1/classification/", {"year": 2026}).json()
    assert [p["unit_name"] for p in body] == ["Xã Mỹ Đức"]
    assert body[0]["proposed_level"] == "done" and "QĐ 4510" in body[0]["caps"][0]["reason"]


def test_the_dashboards_unit_page_links_the_reminder_form_for_the_officer_only(world, users):
    url = reverse("dashboard:unit", args=[world.commune.pk])
    target = reverse("classification:reminder_new", args=[world.commune.pk])
    assert target in client_for(user=users["officer"]).get(url).content.decode()
    assert target not in client_for(user=users["leader"]).get(url).content.decode()


def test_the_api_refuses_a_year_out_of_range(world, users):
    response = client_for(user=users["officer"]).get("/api/v1/classification/", {"year": 10**20})
    assert response.status_code == 400


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method=METHODS.get(name, "get"))
