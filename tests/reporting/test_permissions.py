"""Who may open what in periodic reporting: every URL name of the "reporting" namespace × every role (and
anonymous), the expected status written out as a table (the pattern of tests/web/test_permissions.py,
which leaves this namespace to this file through its OWN_MATRIX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.reporting import services
from cchc.reporting.models import Attachment, GeneratedDocument, ManualMeasure, ReportingPeriod, UnitReport
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

from .conftest import fill

# The commune's report (focal_commune's) is a draft with an attachment and a measure's evidence; the SNV's
# (focal_snv's) is waiting for review; the second commune's (focal_commune2's) is approved.
# fmt: off
EXPECTED = {
    #                                anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "reporting:periods":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "reporting:period_new":         (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "reporting:period":             (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "reporting:period_state":       (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "reporting:period_generate":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "reporting:document":           (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "reporting:document_file":      (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "reporting:report":             (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "reporting:report_review":      (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "reporting:report_correct":     (302, 200,  200,  403,  403,  403,  403,   403,  200),
    "reporting:report_history":     (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "reporting:attachment_add":     (302, 403,  403,  403,  403,  403,  403,   302,  403),
    "reporting:report_generate":    (302, 200,  200,  200,  200,  403,  403,   403,  200),
    "reporting:attachment":         (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "reporting:attachment_delete":  (302, 403,  403,  403,  403,  403,  403,   302,  403),
    "reporting:measure_evidence":   (302, 200,  200,  200,  200,  403,  403,   200,  403),
}
# fmt: on

METHODS = {"reporting:period_state": "post", "reporting:attachment_add": "post", "reporting:attachment_delete": "post"}


@dataclass
class World:
    period: ReportingPeriod
    draft: UnitReport  # focal_commune's
    submitted: UnitReport  # focal_snv's
    approved: UnitReport  # focal_commune2's
    attachment: Attachment
    measure: ManualMeasure
    document: GeneratedDocument


@pytest.fixture
def world(period, province, users) -> World:
    at = datetime(2022, 4, 5, 3, 0, tzinfo=UTC)
    draft = services.current_report(period, province.commune.pk)
    measure = draft.measures.get()
    services.save_report(user=users["focal_commune"], report=draft, measures={measure.pk: {"value": "25"}},
                         evidence={measure.pk: SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 khao sat")})
    attachment = services.add_attachment(user=users["focal_commune"], report=draft,
                                         upload=SimpleUploadedFile("bao-cao-ky.pdf", b"%PDF-1.4 bao cao"))
    submitted = fill(services.current_report(period, province.snv.pk), users["focal_snv"])
    services.submit(user=users["focal_snv"], report=submitted, now=at)
    approved = fill(services.current_report(period, province.commune2.pk), users["focal_commune2"])
    services.submit(user=users["focal_commune2"], report=approved, now=at)
    services.approve(user=users["officer"], report=approved, now=at)
    document = GeneratedDocument.objects.create(period=period, options={}, created_by=users["officer"], state="done", step=4)
    document.docx.save("bao-cao.docx", ContentFile(b"PK docx"), save=True)
    measure.refresh_from_db()
    return World(period, draft, submitted, approved, attachment, measure, document)


def url_of(name: str, w: World) -> str:
    args = {
        "reporting:period": [w.period.pk],
        "reporting:period_state": [w.period.pk],
        "reporting:period_generate": [w.period.pk],
        "reporting:document": [w.document.pk],
        "reporting:document_file": [w.document.pk, "docx"],
        "reporting:report": [w.draft.pk],
        "reporting:report_review": [w.submitted.pk],
        "reporting:report_correct": [w.approved.pk],
        "reporting:report_history": [w.draft.pk],
        "reporting:attachment_add": [w.draft.pk],
        "reporting:report_generate": [w.approved.pk],
        "reporting:attachment": [w.attachment.pk],
        "reporting:attachment_delete": [w.attachment.pk],
        "reporting:measure_evidence": [w.measure.pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world, users):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, users, url, method=METHODS.get(name, "get"),
               redirect=(lambda: f"/login/?next={url}") if role == "anonymous" else None)


def test_every_url_name_has_a_row():
    names = {n for n in url_names() if n.startswith("reporting:")}
    assert {"reporting:periods", "reporting:report"} <= names, "the walk must see the namespace"
    assert names == set(EXPECTED), "add the new views to EXPECTED (or remove the rows of views that are gone)"


@pytest.mark.parametrize("name", [n for n in EXPECTED if n not in METHODS])
def test_an_integration_account_opens_no_page(name, world):
    assert client_for(user=make_integration_user()).get(url_of(name, world)).status_code == 403, name


@pytest.mark.parametrize("name, args", [
    ("reporting:period", [999999]),
    ("reporting:report", [999999]),
    ("reporting:document", [999999]),
    ("reporting:attachment", [999999]),
    ("reporting:measure_evidence", [999999]),
])
def test_missing_objects_are_404(world, users, name, args):
    assert client_for(user=users["officer"]).get(reverse(name, args=args)).status_code == 404


def test_a_file_kind_that_does_not_exist_is_404(world, users):
    client = client_for(user=users["officer"])
    assert client.get(reverse("reporting:document_file", args=[world.document.pk, "exe"])).status_code == 404
    assert client.get(reverse("reporting:document_file", args=[world.document.pk, "pdf"])).status_code == 404  # not made


def test_a_focal_point_cannot_see_another_units_draft(world, users):
    """Issue #4: the page, its history, its files and the API all refuse it."""
    client = client_for(user=users["focal_commune2"])
    for url in (reverse("reporting:report", args=[world.draft.pk]), reverse("reporting:report_history", args=[world.draft.pk]),
                reverse("reporting:attachment", args=[world.attachment.pk]),
                reverse("reporting:measure_evidence", args=[world.measure.pk]), f"/api/v1/reports/{world.draft.pk}"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Đã số hóa" not in response.content.decode()
    # …and the list of periods shows it only its own report.
    page = client.get(reverse("reporting:periods")).content.decode()
    assert reverse("reporting:report", args=[world.approved.pk]) in page
    assert reverse("reporting:report", args=[world.draft.pk]) not in page


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method=METHODS.get(name, "get"))
