"""Who may open what in the dashboard namespace: every URL name × every role (and anonymous), the expected
status written out as a table, as tests/web/test_permissions.py does for the rest of the project (it
leaves this namespace to this file: OWN_MATRIX). The corrective action pages, which were the dashboard's,
have their matrix in tests/corrective/test_permissions.py; their old addresses here redirect (below).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from cchc.corrective.models import CorrectiveAction
from tests.corrective import data
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# fmt: off
EXPECTED = {
    #                     anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "dashboard:index":  (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "dashboard:unit":   (302, 200,  200,  200,  200,  200,  200,   200,  200),
    # the dossiers behind the commune's figure: who may see the commune's dossiers
    "dashboard:figure_dossiers": (302, 200, 200, 200, 200, 403, 200, 200, 403),
    # integrity flags (issue 14): province-wide roles read every unit's; a focal point is sent to its own
    # unit's page, and reads the flags of its unit and those under it
    "dashboard:integrity": (302, 200, 200, 200, 200, 302, 302, 302, 302),
    "dashboard:unit_integrity": (302, 200, 200, 200, 200, 403, 200, 200, 403),
}
# fmt: on


@dataclass
class World:
    tree: object
    plan: object
    users: dict
    required: CorrectiveAction  # waiting for focal_commune's commune


@pytest.fixture
def world(province, plan, users) -> World:
    data.year_values(province)
    return World(province, plan, users, data.action(plan=plan, unit=province.commune))


def url_of(name: str, w: World) -> str:
    args = {"dashboard:unit": [w.tree.commune.pk],
            "dashboard:figure_dossiers": [w.tree.commune.pk, "late_without_apology"],
            "dashboard:unit_integrity": [w.tree.commune.pk]}.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    url = url_of(name, world)

    def redirect() -> str:
        if role != "anonymous" and name == "dashboard:integrity":  # a focal point: to its own unit's flags
            return reverse("dashboard:unit_integrity", args=[world.users[role].profile.unit_id]) + "?"
        return f"/login/?next={url}"

    check_cell(EXPECTED, name, role, world.users, url, redirect=redirect)


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("dashboard:")}
    assert "dashboard:index" in names, "the walk must see the namespace, or this test could never fail"

    assert names - set(EXPECTED) == set(), "add these views to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names a URL that no longer exists"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, world):
    robot = make_integration_user()
    assert client_for(user=robot).get(url_of(name, world)).status_code == 403, name


def test_missing_objects_are_404(world):
    assert client_for(user=world.users["admin"]).get(reverse("dashboard:unit", args=[999999])).status_code == 404


# --- The corrective action pages moved to /actions/: the old addresses redirect for good ----------------

@pytest.mark.parametrize(("old", "name", "with_pk"), [
    ("/dashboard/actions/", "corrective:list", False),
    ("/dashboard/actions/{pk}/", "corrective:detail", True),
    ("/dashboard/actions/{pk}/respond/", "corrective:respond", True),
    ("/dashboard/actions/{pk}/confirm/", "corrective:confirm", True),
])
def test_old_action_addresses_redirect_permanently(world, old, name, with_pk):
    """A bookmark or a link in an old e-mail opens the same page at its new address, filters kept."""
    pk = world.required.pk
    new = reverse(name, args=[pk] if with_pk else [])
    assert new.startswith("/actions/")

    for client in (Client(), client_for(user=world.users["focal_commune"])):  # whoever follows it
        response = client.get(old.format(pk=pk) + "?state=all&q=M%E1%BB%B9")
        assert response.status_code == 301
        assert response["Location"] == new + "?state=all&q=M%E1%BB%B9"

    focal = client_for(user=world.users["focal_commune"])
    followed = focal.get(old.format(pk=pk), follow=True)
    assert followed.redirect_chain == [(new, 301)]
    assert followed.status_code == focal.get(new).status_code  # the new page's own answer, checks included


def test_the_old_detection_address_keeps_a_post_a_post(world):
    """The detection is a POST: its old address answers 308, which browsers follow with the same POST."""
    officer = client_for(user=world.users["officer"])
    response = officer.post("/dashboard/actions/detect/")
    assert response.status_code == 308 and response["Location"] == reverse("corrective:detect")

    assert officer.post("/dashboard/actions/detect/", follow=True).status_code == 200
    assert client_for(user=world.users["leader"]).post("/dashboard/actions/detect/", follow=True).status_code == 403


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method="get")
