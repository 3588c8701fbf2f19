"""Who may open what in the corrective namespace: every URL name × every role (and anonymous), the expected
status written out as a table, as tests/web/test_permissions.py does for the rest of the project (it
leaves this namespace to this file: OWN_MATRIX). The rows were the dashboard's until the corrective
actions became their own app; the statuses are unchanged.

The corrective actions belong to focal_commune's commune; focal_district is the focal point of that
commune's district, focal_commune2 of another commune of the same district. A focal point sees and
answers only their own unit's actions; the PAR officer confirms; leaders and inspectors read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from cchc.corrective.models import CorrectiveAction
from tests.corrective import data
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# fmt: off
EXPECTED = {
    #                           anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "corrective:list":        (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "corrective:list_xlsx":   (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "corrective:detect":      (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "corrective:detail":      (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "corrective:respond":     (302, 200,  403,  403,  403,  403,  403,   200,  403),
    "corrective:confirm":     (302, 200,  200,  403,  403,  403,  403,   403,  403),
}
# fmt: on

#: Running the detection changes data: a POST (its GET is refused with 405, tested below).
METHODS = {"corrective:detect": "post"}


@dataclass
class World:
    tree: object
    plan: object
    users: dict
    required: CorrectiveAction  # waiting for focal_commune's commune
    submitted: CorrectiveAction  # answered by it, waiting for the officer


@pytest.fixture
def world(province, plan, users) -> World:
    data.year_values(province)
    required = data.action(plan=plan, unit=province.commune)
    submitted = data.action(plan=plan, unit=province.commune, state="submitted", first=date(2022, 6, 30),
                            last=date(2022, 9, 30), explanation="Thiếu máy quét", action="Mua máy quét",
                            responsible="Chủ tịch UBND xã", due_date=date(2023, 3, 31))
    return World(province, plan, users, required, submitted)


def url_of(name: str, w: World) -> str:
    args = {
        "corrective:detail": [w.required.pk],
        "corrective:respond": [w.required.pk],
        "corrective:confirm": [w.submitted.pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, world.users, url, method=METHODS.get(name, "get"),
               redirect=lambda: f"/login/?next={url}" if role == "anonymous" else reverse("corrective:list"))


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("corrective:")}
    assert "corrective:list" in names, "the walk must see the namespace, or this test could never fail"

    assert names - set(EXPECTED) == set(), "add these views to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names a URL that no longer exists"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, world):
    robot = make_integration_user()
    response = getattr(client_for(user=robot), METHODS.get(name, "get"))(url_of(name, world))
    assert response.status_code == 403, name


def test_detection_is_not_run_by_a_get(world):
    response = client_for(user=world.users["officer"]).get(reverse("corrective:detect"))
    assert response.status_code == 405


def test_a_focal_point_lists_only_their_units_actions(world):
    other = data.action(plan=world.plan, unit=world.tree.commune2)

    own = client_for(user=world.users["focal_commune"]).get(reverse("corrective:list") + "?state=all").content.decode()
    theirs = client_for(user=world.users["focal_commune2"]).get(reverse("corrective:list") + "?state=all").content.decode()
    everyone = client_for(user=world.users["leader"]).get(reverse("corrective:list") + "?state=all").content.decode()

    own_link, other_link = f"/actions/{world.required.pk}/", f"/actions/{other.pk}/"
    assert own_link in own and other_link not in own
    assert other_link in theirs and own_link not in theirs
    assert own_link in everyone and other_link in everyone


@pytest.mark.parametrize("role", ["focal_commune2", "focal_district", "focal_snv", "leader", "inspector", "officer"])
def test_answering_for_another_unit_is_refused_and_writes_nothing(world, role):
    response = client_for(user=world.users[role]).post(url_of("corrective:respond", world), {
        "explanation": "x", "action": "y", "responsible": "z", "due_date": "31/03/2023"})

    assert response.status_code == 403
    world.required.refresh_from_db()
    assert world.required.state == "required" and world.required.explanation == ""


@pytest.mark.parametrize("role", ["focal_commune", "focal_commune2", "leader", "inspector"])
def test_confirming_is_the_officers_control(world, role):
    response = client_for(user=world.users[role]).post(url_of("corrective:confirm", world), {"decision": "confirm"})

    assert response.status_code == 403
    world.submitted.refresh_from_db()
    assert world.submitted.state == "submitted"


def test_pages_refuse_an_action_in_the_wrong_state(world):
    """The form for the unit needs a required action, the confirmation a submitted one (409 otherwise)."""
    focal, officer = client_for(user=world.users["focal_commune"]), client_for(user=world.users["officer"])

    assert focal.get(reverse("corrective:respond", args=[world.submitted.pk])).status_code == 409
    assert officer.get(reverse("corrective:confirm", args=[world.required.pk])).status_code == 409


@pytest.mark.parametrize("name", ["corrective:detail", "corrective:respond", "corrective:confirm"])
def test_missing_objects_are_404(world, name):
    assert client_for(user=world.users["admin"]).get(reverse(name, args=[999999])).status_code == 404


def _file_rows(client, params) -> list[list]:
    import io

    from openpyxl import load_workbook

    response = client.get(reverse("corrective:list_xlsx"), params)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()][2:]


def test_the_excel_file_holds_the_lists_rows_in_the_users_scope(world):
    """"Tải Excel" (issue #12 item 3): the list's filters, order and scope; a focal point gets only their
    unit's actions whatever they ask; a hostile filter value never fails."""
    other = data.action(plan=world.plan, unit=world.tree.commune2)
    leader = client_for(user=world.users["leader"])
    for params in ({"state": "all"}, {"state": "open"}, {"state": "submitted"}, {"state": "all", "q": "Lộc"},
                   {"state": "=1+1", "q": "@x"}):
        html = leader.get(reverse("corrective:list"), params).content.decode()
        shown = re.findall(r'<tr><td>([^<]+)</td><td><a href="/actions/\d+/">([^<]+)</a>', html)
        rows = _file_rows(leader, params)
        assert [(r[0], f"{r[1]} · {r[2]}") for r in rows] == shown, params
    assert len(_file_rows(leader, {"state": "all"})) == 3
    own = _file_rows(client_for(user=world.users["focal_commune"]), {"state": "all", "q": ""})
    assert {r[0] for r in own} == {world.tree.commune.name} and len(own) == 2
    assert _file_rows(client_for(user=world.users["focal_commune"]), {"state": "all", "q": other.unit.name}) == []
    html = leader.get(reverse("corrective:list"), {"state": "all", "q": "Lộc"}).content.decode()
    assert 'id="export" href="/actions/export.xlsx?state=all&amp;q=L%E1%BB%99c"' in html


def test_readings_name_their_periods_in_the_readers_language(world):
    """The periods a corrective action stores are named when read (corrective.models.period_of), in the
    reader's language; a reading kept without its kind and end shows the name it was stored with."""
    from django.conf import settings
    from django.utils import translation

    old = {"period": "Quý III/2021", "value": "10"}
    world.required.readings = [*world.required.readings, old]
    with translation.override("en"):
        assert [r["period"] for r in world.required.named_readings] == ["Quarter I, 2022", "First half of 2022",
                                                                        "Quý III/2021"]
    client = client_for(user=world.users["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = client.get(url_of("corrective:detail", world)).content.decode()
    assert "Quarter I, 2022" in shown and "Quý I/2022" not in shown


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method=METHODS.get(name, "get"))
