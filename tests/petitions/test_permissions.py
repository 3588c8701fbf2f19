"""Who may open what in the petitions namespace: every URL name × every role (and anonymous), as
tests/web/test_permissions.py does for the rest of the project (it leaves this namespace to this file:
OWN_MATRIX). The petitions listed belong to focal_commune's commune; focal_district is the focal point of
that commune's district (it sees the units under it), focal_commune2 of another commune."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cchc.petitions import services
from cchc.petitions.models import Petition
from cchc.platform.tables import read_table
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# fmt: off
EXPECTED = {
    #                        anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "petitions:upload":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "petitions:unit":      (302, 200,  200,  200,  200,  403,  200,   200,  403),
}
# fmt: on


@pytest.fixture
def world(province, users):
    text = "code,unit,received_on,action,acted_on\nQ1,90101,2026-03-02,processed,2026-03-30\n"
    services.import_table(read_table(text.encode(), "q.csv"))
    return province, users


def url_of(name: str, province) -> str:
    return reverse(name, args=[province.commune.pk] if name == "petitions:unit" else [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    province, users = world
    url = url_of(name, province)
    check_cell(EXPECTED, name, role, users, url, redirect=lambda: f"/login/?next={url}")


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("petitions:")}
    assert "petitions:upload" in names, "the walk must see the namespace, or this test could never fail"
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, world):
    response = client_for(user=make_integration_user()).get(url_of(name, world[0]))
    assert response.status_code == 403


def test_posting_a_file_is_refused_to_a_reader_and_needs_the_csrf_token(world):
    province, users = world
    url = reverse("petitions:upload")
    leader = client_for(user=users["leader"])
    assert leader.post(url, {"file": _file()}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["officer"])
    assert strict.post(url, {"file": _file()}).status_code == 403
    assert not Petition.objects.filter(code="Z1").exists()


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("z.csv", b"code,unit,received_on\nZ1,90101,2026-03-02\n", content_type="text/csv")


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world[0]), APPRAISER_DIFFERS, method="get")
