"""The PAR index results in the JSON API: the same readers and permissions as the pages; the API equals
the page."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from cchc.accounts.models import ApiToken
from cchc.parindex import api as par_api
from cchc.parindex import results
from tests import factories
from tests.parindex.test_results_pages import season  # noqa: F401  (the fixture)


def _get(client, user, path):
    token = ApiToken.issue(name="đọc", user=user)[1]
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def _plain(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def test_roles_before_and_after_publication(client, season, users, province):  # noqa: F811
    a = season.assessments.get(unit=province.commune)
    paths = ["/api/v1/par-index/seasons/", f"/api/v1/par-index/seasons/{season.pk}/results/",
             f"/api/v1/par-index/assessments/{a.pk}/result/"]
    for name in ("leader", "officer", "inspector", "admin"):
        assert [_get(client, users[name], p).status_code for p in paths] == [200, 200, 200], name
    focal = users["focal_commune2"]
    assert [_get(client, focal, p).status_code for p in paths] == [200, 403, 403]
    assert _get(client, focal, paths[0]).json() == []  # no published season yet
    assert _get(client, factories.make_integration_user(), paths[0]).status_code == 403
    assert client.get(paths[1]).status_code == 401
    results.publish(season, by=users["officer"])
    assert [_get(client, focal, p).status_code for p in paths] == [200, 200, 200]
    assert [s["id"] for s in _get(client, focal, paths[0]).json()] == [season.pk]
    assert _get(client, users["leader"], "/api/v1/par-index/assessments/999999/result/").status_code == 404


def test_the_api_equals_the_page(client, season, users, province):  # noqa: F811
    results.publish(season, by=users["officer"])
    a = season.assessments.get(unit=province.commune)
    body = _get(client, users["leader"], f"/api/v1/par-index/assessments/{a.pk}/result/").json()
    page = factories.client_for(user=users["leader"]).get(reverse("parindex:result", args=[a.pk]))
    assert body == _plain(par_api.unit_result_out(page.context["r"]))
    assert (body["index_value"], body["band"], body["rank_in_block"], body["full_count"], body["component_count"]) == (
        "80.00", "B", 3, 2, 5)
    assert [w["code"] for w in body["what_if"]] == ["3.1.1", "1.1.1", "8.1.1"]
    assert body["areas"][0]["children"][0]["children"][0]["final_points"] == "8.00"
    listed = _get(client, users["leader"], f"/api/v1/par-index/seasons/{season.pk}/results/").json()
    season_page = factories.client_for(user=users["leader"]).get(reverse("parindex:season_results",
                                                                         args=[season.pk]))
    assert listed == _plain(par_api.season_results_out(season_page.context["s"]))
    assert [(r["unit_name"], r["rank_in_block"], r["band"]) for r in listed["ranking"]] == [
        ("Xã Canh Vinh", 1, "A"), ("Xã Mỹ Lộc", 2, "B"), ("Xã Mỹ Đức", 3, "B")]


@pytest.mark.parametrize("bad", ["abc", "١٢", "-1"])
def test_a_bad_id_is_404(client, season, users, bad):  # noqa: F811
    assert _get(client, users["leader"], f"/api/v1/par-index/seasons/{bad}/results/").status_code == 404
