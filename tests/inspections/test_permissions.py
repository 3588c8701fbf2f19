"""Who may open what in the inspections namespace: every URL name × every role (and anonymous), the expected
status written out as a table, as tests/web/test_permissions.py does for the rest of the project (it leaves
this namespace to this file: OWN_MATRIX).

This year's commune plan holds focal_commune's commune (Xã Mỹ Đức), inspected with two findings: one item
open (its focal point may report it), one reported with a file (the inspector may close it). The PAR
officer draws and manages plans; the officer and inspectors write records; leaders read; a focal point
sees only its own unit's inspection and items; posts with empty forms answer 200 (the form, with errors)
to whoever may act and 403 to anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cchc.inspections import records, services
from tests.factories import client_for, make_integration_user
from tests.permission_matrix import ROLES, appraiser_cell, check_cell, url_names

# fmt: off
EXPECTED = {
    #                               anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "inspections:index":          (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "inspections:draw":           (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "inspections:plan":           (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "inspections:plan_change":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "inspections:plan_docx":      (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "inspections:inspection":     (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "inspections:record":         (302, 200,  200,  403,  200,  403,  403,   403,  403),
    "inspections:finding":        (302, 200,  200,  403,  200,  403,  403,   403,  403),
    "inspections:notice":         (302, 200,  200,  403,  200,  403,  403,   403,  403),
    "inspections:docx":           (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "inspections:item":           (302, 200,  200,  200,  200,  403,  403,   200,  403),
    "inspections:item_submit":    (302, 200,  403,  403,  403,  403,  403,   200,  403),
    "inspections:item_close":     (302, 200,  403,  403,  200,  403,  403,   403,  403),
    "inspections:item_evidence":  (302, 200,  200,  200,  200,  403,  403,   200,  403),
}
# fmt: on

#: Changes are posts (an empty form: the page again, with its errors).
METHODS = {n: "post" for n in ("inspections:plan_change", "inspections:finding", "inspections:item_submit",
                               "inspections:item_close")}


@dataclass
class World:
    args: dict


@pytest.fixture
def world(province, users) -> World:
    tree = province
    year = timezone.localdate().year
    plan = services.draw_plan(user=users["officer"], province=tree.province, year=year, block="commune", seed="m")
    row = plan.units.filter(unit=tree.commune).first() or services.add_unit(
        user=users["officer"], plan=plan, unit=tree.commune, reason="Theo phản ánh")
    day = max(date(year, 1, 1), timezone.localdate() - timedelta(days=1))
    inspection = records.record_inspection(user=users["officer"], inspection=row.inspection, mode="on_site",
                                           held_on=day, team="A", participants="", content={"TTHC": "x"},
                                           recommendations="")
    open_item = records.add_finding(user=users["officer"], inspection=inspection, area="TTHC", severity="major",
                                    text="Một").remediation
    reported = records.add_finding(user=users["officer"], inspection=inspection, area="CQS", severity="minor",
                                   text="Hai").remediation
    records.submit_item(user=users["focal_commune"], item=reported, evidence="Đã làm",
                        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"))
    return World({
        "inspections:plan": [plan.pk], "inspections:plan_change": [plan.pk, "add"],
        "inspections:plan_docx": [plan.pk], "inspections:inspection": [inspection.pk],
        "inspections:record": [inspection.pk], "inspections:finding": [inspection.pk],
        "inspections:notice": [inspection.pk], "inspections:docx": [inspection.pk, "record"],
        "inspections:item": [open_item.pk], "inspections:item_submit": [open_item.pk],
        "inspections:item_close": [reported.pk], "inspections:item_evidence": [reported.pk],
    })


def url_of(name: str, w: World) -> str:
    return reverse(name, args=w.args.get(name, []))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, _users(), url, method=METHODS.get(name, "get"),
               redirect=lambda: f"/login/?next={url}")


def _users():
    from django.contrib.auth import get_user_model

    by_name = {u.username: u for u in get_user_model().objects.all()}
    return {role: by_name[role.replace("_", ".")] for role in ROLES if role != "anonymous"}


def test_every_url_of_the_namespace_has_a_row():
    names = {n for n in url_names() if n.startswith("inspections:")}
    assert "inspections:index" in names, "the walk must see the namespace, or this test could never fail"
    assert names - set(EXPECTED) == set(), "add these views to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names a URL that no longer exists"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, world):
    response = getattr(client_for(user=make_integration_user()), METHODS.get(name, "get"))(url_of(name, world))
    assert response.status_code == 403, name


@pytest.mark.parametrize("name", ["inspections:inspection", "inspections:item", "inspections:plan"])
def test_missing_objects_are_404(world, name):
    assert client_for(user=_users()["admin"]).get(reverse(name, args=[999999])).status_code == 404


#: Where a PAR index appraiser differs from an inspector (issue 13: both read the province, the appraiser
#: writes nothing here).
APPRAISER_DIFFERS: dict[str, int] = {
    # The inspection team's own work: recording, findings, the results notice, closing a remediation item.
    "inspections:record": 403, "inspections:finding": 403, "inspections:notice": 403, "inspections:item_close": 403,
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_appraiser_opens_what_an_inspector_opens(name, world):
    appraiser_cell(EXPECTED, name, url_of(name, world), APPRAISER_DIFFERS, method=METHODS.get(name, "get"))
