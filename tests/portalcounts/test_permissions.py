"""Who may open each page of the counts (every URL name of the namespace × every role, the expected status
written out), and an integration account opens none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# fmt: off
EXPECTED = {
    #                            anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "portalcounts:list":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "portalcounts:list_xlsx":   (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "portalcounts:import":      (302, 200,  200,  403,  403,  403,  403,   403,  403),
}
# fmt: on


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, users):
    url = reverse(name)
    check_cell(EXPECTED, name, role, users, url, redirect=lambda: f"/login/?next={url}")


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("portalcounts:")}
    assert "portalcounts:list" in names, "the walk must see the namespace, or this test could never fail"
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, province):
    assert client_for(user=make_integration_user()).get(reverse(name)).status_code == 403


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, users):
    appraiser_cell(EXPECTED, name, reverse(name), APPRAISER_DIFFERS, method="get")
