"""Corrective actions in the JSON API: the same scope as the pages (tests/corrective/test_permissions.py),
the list's filters, bad parameters refused with the API's one error body naming the field, and a cost that
does not grow with the number of actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cchc.accounts.models import ApiToken
from tests import factories
from tests.corrective import data

LIST = "/api/v1/actions/"


@pytest.fixture
def actions(province, plan):
    return {
        "required": data.action(plan=plan, unit=province.commune),
        "submitted": data.action(plan=plan, unit=province.commune2, state="submitted", explanation="Thiếu máy quét",
                                 action="Mua máy quét", responsible="Chủ tịch UBND xã", due_date=date(2022, 12, 31)),
        "done": data.action(plan=plan, unit=province.district, state="done"),
    }


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(name='api', user=user)[1]}"})


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {a["id"] for a in response.json()}


# fmt: off
#: Which actions each role reads (the list with state=all, and each action by its id).
SEES = {
    "admin":          {"required", "submitted", "done"},
    "officer":        {"required", "submitted", "done"},
    "leader":         {"required", "submitted", "done"},
    "inspector":      {"required", "submitted", "done"},
    "focal_snv":      set(),
    "focal_district": {"done"},          # the district's own action, not its communes'
    "focal_commune":  {"required"},
    "focal_commune2": {"submitted"},
}
# fmt: on


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_reads_the_actions_the_pages_show_it(actions, users, role):
    client = token_client(users[role])

    assert ids(client.get(LIST, {"state": "all"})) == {actions[k].pk for k in SEES[role]}
    for key, action in actions.items():
        response = client.get(f"{LIST}{action.pk}")
        assert response.status_code == (200 if key in SEES[role] else 403), (role, key)
        page = factories.client_for(user=users[role]).get(f"/actions/{action.pk}/")
        assert page.status_code == response.status_code, "the API and the page agree"


def test_an_integration_account_reads_none(actions):
    robot = factories.make_integration_user()
    client = token_client(robot)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{actions['required'].pk}").status_code == 403
    assert client.get(f"{LIST}{actions['required'].pk}").json()["code"] == "forbidden"


def test_the_list_filters_like_the_page(actions, users):
    client = token_client(users["leader"])

    assert ids(client.get(LIST)) == {actions["required"].pk, actions["submitted"].pk}  # open by default
    assert ids(client.get(LIST, {"state": "done"})) == {actions["done"].pk}
    assert ids(client.get(LIST, {"state": "all", "q": "Lộc"})) == {actions["submitted"].pk}
    listed = client.get(LIST, {"state": "all"}).json()
    assert [a["state"] for a in listed] == ["done", "required", "submitted"]  # the page's order
    assert ids(client.get(LIST, {"state": "all", "limit": 1, "offset": 1})) == {listed[1]["id"]}


def test_one_action_says_what_the_page_says(actions, users):
    body = token_client(users["officer"]).get(f"{LIST}{actions['submitted'].pk}").json()

    assert body["target_code"] == "CT01" and body["unit_name"] == "Xã Mỹ Lộc" and body["plan_code"] == "TN-2022"
    assert (body["state"], body["state_label"]) == ("submitted", "Chờ Sở Nội vụ xác nhận")
    assert body["periods"] == "Quý I/2022, 6 tháng 2022"
    assert [(r["period"], r["end"], Decimal(r["value"]), Decimal(r["threshold"])) for r in body["readings"]] == [
        ("Quý I/2022", "2022-03-31", 20, 35), ("6 tháng 2022", "2022-06-30", 25, 35)]
    assert (body["explanation"], body["action"], body["due_date"]) == ("Thiếu máy quét", "Mua máy quét", "2022-12-31")
    assert body["overdue"] is True  # open, and its deadline has passed


def test_labels_follow_the_callers_language(actions, users):
    client = token_client(users["officer"])
    client.cookies["django_language"] = "en"
    body = client.get(f"{LIST}{actions['submitted'].pk}").json()
    assert body["state_label"] == "Awaiting confirmation by the Department of Home Affairs"


@pytest.mark.parametrize(("params", "field"), [
    ({"state": "xong"}, "state"), ({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"offset": -1}, "offset"),
])
def test_bad_parameters_are_refused_naming_the_field(actions, users, params, field):
    response = token_client(users["leader"]).get(LIST, params)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "issues"} and body["code"] == "invalid_input"
    assert [i["field"] for i in body["issues"]] == [field]


@pytest.mark.parametrize("action_id", ["999999", "abc", "9" * 30])
def test_an_unknown_action_is_404(actions, users, action_id):
    response = token_client(users["leader"]).get(f"{LIST}{action_id}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert action_id in response.json()["detail"]


def test_the_list_costs_the_same_whatever_the_number_of_actions(actions, province, plan, users):
    client = factories.client_for(user=users["leader"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"state": "all"}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    data.grow(province, plan)
    assert count() == small <= 6
