"""Who may open what: every URL name of the project × every role (and anonymous), the expected status
written out as a table (issue #2: permissions are checked on the server for every view).

``test_every_url_name_has_a_row`` walks the URL resolver, so a new view without a row here breaks the
build instead of shipping without a stated permission rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.models import Apology, Dossier, ImportJob
from cchc.plans.models import Assignment, Plan, ProgressUpdate, Task
from cchc.plans.services import report_progress
from tests import factories
from tests.factories import client_for, make_dossier, make_integration_user, make_procedure
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# The assignment (and its evidence) belongs to focal_commune's commune; focal_district is the focal point
# of that commune's district, focal_commune2 of another commune of the same district.
# fmt: off
EXPECTED = {
    #                             anon admin offic lead  insp  f_snv f_dist f_com f_com2
    # A leader's home is the dashboard (302); everyone reads the province's overview.
    "home":                      (302, 200,  200,  302,  200,  200,  200,   200,  200),
    "overview":                  (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "jobs":                      (302, 200,  403,  403,  403,  403,  403,   403,  403),
    "login":                     (200, 302,  302,  302,  302,  302,  302,   302,  302),
    "logout":                    (302, 302,  302,  302,  302,  302,  302,   302,  302),
    "units:tree":                (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "units:detail":              (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "units:children":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:list":                (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:detail":              (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:task":                (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:task_history":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:target":              (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:target_xlsx":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:task_xlsx":           (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:assignment":          (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:assignment_update":   (302, 200,  200,  403,  403,  403,  403,   200,  403),
    "plans:evidence":            (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "plans:my_tasks":            (302, 403,  200,  403,  403,  200,  200,   200,  200),
    "plans:import":              (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "plans:source":              (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:export_yaml":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:export_xlsx":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:targets_xlsx":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "plans:tasks_xlsx":          (302, 200,  200,  200,  200,  200,  200,   200,  200),
    # The audit trail: province-wide roles read it (leaders and inspectors read everything); focal
    # points read only their own things' history pages.
    "accounts:audit":            (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "accounts:audit_xlsx":       (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "accounts:me":               (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "accounts:password_change":  (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "accounts:twofactor_setup":  (302, 200,  200,  200,  200,  200,  200,   200,  200),
    # No code owed by these sessions: back home. Turning it off (POST): back to "my page", with a message.
    "accounts:twofactor_verify": (302, 302,  302,  302,  302,  302,  302,   302,  302),
    "accounts:twofactor_disable": (302, 302, 302,  302,  302,  302,  302,   302,  302),
    "dossiers:list":             (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "dossiers:list_xlsx":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "dossiers:near_due":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "dossiers:detail":           (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "dossiers:history":          (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "dossiers:apology_new":      (302, 200,  200,  403,  403,  403,  200,   200,  403),
    "dossiers:upload":           (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "dossiers:job":              (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "dossiers:job_map_units":    (302, 400,  400,  403,  403,  403,  403,   403,  403),
    "dossiers:job_refused":      (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "dossiers:apology_document": (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "scoreboard:ranking":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    # The portal's published 766 figures: read by every role, imported by the PAR officer and the admin.
    "portal766:reconciliation":  (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "portal766:unit":            (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "portal766:history":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "portal766:upload":          (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "portal766:upload_lists":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
    # The dossiers CCHC and the portal count differently name citizens' dossiers: the lists' rule.
    "portal766:differences_csv": (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "scoreboard:ranking_xlsx":   (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "scoreboard:unit":           (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "scoreboard:dossiers":       (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "scoreboard:dossiers_xlsx":  (302, 200,  200,  200,  200,  403,  200,   200,  403),
    # "Điểm có thể tăng" names dossiers: the lists' rule; the province's, the province-wide roles only.
    "scoreboard:whatif":         (302, 200,  200,  200,  200,  403,  200,   200,  403),
    "scoreboard:province_whatif": (302, 200, 200,  200,  200,  403,  403,   403,  403),
    "admin:index":               (302, 200,  302,  302,  302,  302,  302,   302,  302),
    # Everyone with a role has their own notices (the services filter by the person: another's is 404,
    # tests/notices/test_pages.py); marking all read is a POST that comes back to the list.
    "notices:list":              (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "notices:preferences":       (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "notices:read":              (302, 302,  302,  302,  302,  302,  302,   302,  302),
}
# fmt: on

#: Logging out is a POST since Django 5, mapping an import's units is a POST (an empty one: 400 for those
#: who may), turning two-step sign-in off and marking notices read are POSTs; every other row is a GET.
METHODS = {"logout": "post", "dossiers:job_map_units": "post", "accounts:twofactor_disable": "post", "notices:read": "post"}

#: URL names Django itself provides (tested in tests/web/test_misc.py, not permission-scoped).
DJANGO_OWN_NAMES = {"set_language"}

#: Namespaces with their own matrix of the same kind (every URL name × every role, and their own
#: "every URL name has a row" check over the namespace), kept next to the app's tests.
OWN_MATRIX = {
    "api": "tests/api/test_api.py",
    "reporting": "tests/reporting/test_permissions.py",
    "dashboard": "tests/dashboard/test_permissions.py",
    "corrective": "tests/corrective/test_permissions.py",
    "classification": "tests/classification/test_pages.py",
    "inspections": "tests/inspections/test_permissions.py",
    # issue 13: each part of the PAR index keeps its own matrix; this one checks that together they give every
    # URL name of the namespace a row.
    "parindex": "tests/parindex/test_permissions_matrix.py",
    "publications": "tests/publications/test_pages.py",
    "petitions": "tests/petitions/test_permissions.py",
    "portalcounts": "tests/portalcounts/test_permissions.py",
}


@dataclass
class World:
    tree: factories.Tree
    plan: Plan
    users: dict
    assignment: Assignment  # focal_commune's share of NV02
    update: ProgressUpdate  # with an evidence file
    dossier: Dossier  # handled by focal_commune's commune
    apology: Apology  # for that dossier, with its letter
    job: ImportJob  # a finished upload, partial: one row refused and given back as a file


@pytest.fixture
def world(province, plan, users) -> World:
    plan.source_file = "seeds/000_cc24fcc81d765bbb.txt"
    plan.save()
    task = Task.objects.get(plan=plan, code="NV02")
    assignment = Assignment.objects.get(task=task, unit=province.commune)
    update = report_progress(
        user=users["focal_commune"], assignment=assignment, progress=30, note="Đã số hóa 30 hồ sơ",
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban"),
    )
    dossier = make_dossier(
        code="HS-001", unit=province.commune, procedure=make_procedure(name="Chứng thực bản sao", time_limit=1),
        status=4, received_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), due_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    )
    apology = issue_apology(user=users["officer"], dossier=dossier, reason="Chờ xác minh", signer_title="CHỦ TỊCH",
                            signer_name="Nguyễn Văn A", new_due_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
                            now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    refused = default_storage.save("imports/refused/motcua-dong-loi.csv", ContentFile("MaHoSo,Lỗi\nHS-9,x\n".encode()))
    job = ImportJob.objects.create(filename="motcua.csv", source_system="motcua", state="done", created_by=users["officer"],
                                   summary={"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "imported": 1,
                                            "refused_rows": 1, "refused_file": refused})
    return World(province, plan, users, assignment, update, dossier, apology, job)


def url_of(name: str, w: World) -> str:
    args = {
        "units:detail": [w.tree.commune.pk],
        "units:children": [w.tree.district.pk],
        "plans:detail": [w.plan.code],
        "plans:task": [w.assignment.task_id],
        "plans:task_history": [w.assignment.task_id],
        "plans:target": [w.plan.targets.get(code="CT01").pk],
        "plans:target_xlsx": [w.plan.targets.get(code="CT01").pk],
        "plans:task_xlsx": [w.assignment.task_id],
        "plans:assignment": [w.assignment.pk],
        "plans:assignment_update": [w.assignment.pk],
        "plans:evidence": [w.update.pk],
        "plans:source": [w.plan.code],
        "dossiers:detail": [w.dossier.pk],
        "dossiers:history": [w.dossier.pk],
        "dossiers:apology_new": [w.dossier.pk],
        "dossiers:job": [w.job.pk],
        "dossiers:job_map_units": [w.job.pk],
        "dossiers:job_refused": [w.job.pk],
        "dossiers:apology_document": [w.apology.pk],
        "scoreboard:unit": [w.tree.commune.pk],
        "portal766:unit": [w.tree.commune.pk],
        "portal766:history": [w.tree.commune.pk],
        "portal766:differences_csv": [w.tree.commune.pk],
        "scoreboard:dossiers": [w.tree.commune.pk, "2.1"],
        "scoreboard:dossiers_xlsx": [w.tree.commune.pk, "2.1"],
        "scoreboard:whatif": [w.tree.commune.pk],
        "plans:export_yaml": [w.plan.code],
        "plans:export_xlsx": [w.plan.code],
        "plans:targets_xlsx": [w.plan.code],
        "plans:tasks_xlsx": [w.plan.code],
    }.get(name, [])
    return reverse(name, args=args)


def expected_redirect(name: str, url: str, role: str) -> str:
    if name == "admin:index":
        return f"/admin/login/?next={url}"
    if name == "home" and role == "leader":
        return "/dashboard/"
    if name == "login":
        return "/"
    if name == "logout":
        return "/login/"
    if name == "accounts:twofactor_verify" and role != "anonymous":
        return "/"
    if name == "accounts:twofactor_disable" and role != "anonymous":
        return "/accounts/me/"
    if name == "notices:read" and role != "anonymous":
        return "/notices/"
    assert role == "anonymous", f"only anonymous users are redirected from {name}"
    return f"/login/?next={url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, world.users, url, method=METHODS.get(name, "get"),
               redirect=lambda: expected_redirect(name, url, role))


#: Where a PAR index appraiser differs from an inspector: their home is the appraisal queue; the province's
#: audit trail is not theirs.
APPRAISER_DIFFERS = {"home": 302, "accounts:audit": 403, "accounts:audit_xlsx": 403}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method=METHODS.get(name, "get"))


def test_every_url_name_has_a_row():
    # Django's admin has its own staff check (admin:index stands for all of it); OWN_MATRIX namespaces
    # have their own matrix.
    names = url_names(skip={"admin", *OWN_MATRIX})
    # The walk must actually see our apps, or this test could never fail.
    assert {"home", "login", "logout", "plans:assignment_update", "units:tree", "accounts:audit"} <= names

    assert names - DJANGO_OWN_NAMES - set(EXPECTED) == set(), "add these views to EXPECTED"
    assert set(EXPECTED) - {"admin:index"} <= names, "EXPECTED names a URL that no longer exists"


# --- writing is refused too, not only the page ------------------------------------------------

def _progress_post(client: Client, assignment: Assignment, **extra):
    return client.post(
        reverse("plans:assignment_update", args=[assignment.pk]),
        {"progress": 90, "note": "Báo cáo thay đơn vị khác", **extra},
    )


def _nothing_written(world: World, audit_entries: int) -> None:
    world.assignment.refresh_from_db()
    assert world.assignment.progress == 30
    assert ProgressUpdate.objects.count() == 1
    assert LogEntry.objects.count() == audit_entries


@pytest.mark.parametrize("role", ["focal_commune2", "focal_district", "focal_snv", "leader", "inspector"])
def test_posting_progress_for_a_unit_not_ones_own_is_refused_and_writes_nothing(world, role):
    audit_entries = LogEntry.objects.count()

    response = _progress_post(client_for(user=world.users[role]), world.assignment)

    assert response.status_code == 403
    _nothing_written(world, audit_entries)


def test_the_units_own_focal_point_may_post_progress(world):
    """The counterpart of the refusals above: the same request from the right user is accepted."""
    response = _progress_post(client_for(user=world.users["focal_commune"]), world.assignment)

    assert response.status_code == 302
    world.assignment.refresh_from_db()
    assert world.assignment.progress == 90


def test_csrf_token_is_required_to_post_progress(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["focal_commune"])
    audit_entries = LogEntry.objects.count()

    refused = _progress_post(client, world.assignment)

    assert refused.status_code == 403
    _nothing_written(world, audit_entries)

    client.get(reverse("plans:assignment_update", args=[world.assignment.pk]))  # sets the CSRF cookie
    accepted = _progress_post(client, world.assignment, csrfmiddlewaretoken=client.cookies["csrftoken"].value)
    assert accepted.status_code == 302


@pytest.mark.parametrize(
    "name, arg",
    [
        ("units:detail", 999999),
        ("units:children", 999999),
        ("plans:detail", "KHONG-CO"),
        ("plans:task", 999999),
        ("plans:assignment", 999999),
        ("plans:assignment_update", 999999),
        ("plans:evidence", 999999),
        ("plans:export_yaml", "KHONG-CO"),
    ],
)
def test_missing_objects_are_404(world, name, arg):
    assert client_for(user=world.users["officer"]).get(reverse(name, args=[arg])).status_code == 404


def test_evidence_of_an_update_without_a_file_is_404(world):
    update = report_progress(user=world.users["focal_commune"], assignment=world.assignment, progress=40, note="Không kèm tệp")

    response = client_for(user=world.users["admin"]).get(reverse("plans:evidence", args=[update.pk]))

    assert response.status_code == 404


def test_evidence_download_is_the_uploaded_file(world):
    response = client_for(user=world.users["inspector"]).get(reverse("plans:evidence", args=[world.update.pk]))

    assert b"".join(response.streaming_content) == b"%PDF-1.4 bien ban"
    assert "bien-ban.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", [n for n in EXPECTED if n not in {"login", "logout", "admin:index"}])
def test_an_integration_account_opens_no_page(name, world):
    """A one-stop system's account pushes dossiers through the API; it reads nothing through the pages."""
    client = client_for(user=make_integration_user())
    response = getattr(client, METHODS.get(name, "get"))(url_of(name, world))
    assert response.status_code == 403, name


def test_namespaces_left_to_their_own_matrix_have_one():
    """A namespace skipped above must be covered by its own matrix file, or its views would escape."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for namespace, path in OWN_MATRIX.items():
        text = (root / path).read_text(encoding="utf-8")
        assert "def test_every" in text or "openapi" in text.lower(), f"{path} has no coverage check for {namespace}"
