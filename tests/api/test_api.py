"""The JSON API: every operation refuses anonymous callers and checks the caller's role on the server.

A matrix covers every operation of the OpenAPI document; a new operation without a row fails the build.
"""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cchc.accounts.models import ApiToken
from cchc.api import api
from cchc.plans.models import Plan
from cchc.plans.plan_io import plan_as_dict
from cchc.units.models import Unit
from tests import factories

# operation (method, path) -> expected status for: anonymous, leader token, integration token, admin token
EXPECTED = {
    ("get", "/api/v1/units/"): (401, 200, 403, 200),
    ("get", "/api/v1/plans/"): (401, 200, 403, 200),
    ("get", "/api/v1/plans/{code}"): (401, 200, 403, 200),
    ("get", "/api/v1/plans/{code}/targets"): (401, 200, 403, 200),
    ("post", "/api/v1/dossiers/batch"): (401, 403, 200, 200),
    # No report exists here: readers get 404 for the id, the integration account 403 before any lookup
    # (tests/reporting/test_api.py covers each role on real reports).
    ("get", "/api/v1/reports/{report_id}"): (401, 404, 403, 404),
    ("put", "/api/v1/reports/{report_id}"): (401, 404, 403, 404),
    ("post", "/api/v1/reports/{report_id}/submit"): (401, 404, 403, 404),
    # No figures here: the ranking is empty, the scorecard and the list say "no period"
    # (tests/scoreboard/test_api.py covers each role on computed figures).
    ("get", "/api/v1/scoreboard/ranking"): (401, 200, 403, 200),
    ("get", "/api/v1/scoreboard/units/{unit_id}"): (401, 200, 403, 200),
    ("get", "/api/v1/scoreboard/units/{unit_id}/dossiers/{indicator}"): (401, 200, 403, 200),
    ("get", "/api/v1/scoreboard/units/{unit_id}/whatif"): (401, 200, 403, 200),
    ("get", "/api/v1/scoreboard/whatif"): (401, 200, 403, 200),
    # No corrective action exists here either (tests/corrective/test_api.py covers each role on real ones).
    ("get", "/api/v1/actions/"): (401, 200, 403, 200),
    ("get", "/api/v1/actions/{action_id}"): (401, 404, 403, 404),
    # No proposal exists here: an empty list (tests/classification/test_pages.py reads real ones).
    ("get", "/api/v1/classification/"): (401, 200, 403, 200),
    # No remediation item exists here (tests/inspections/test_pages.py reads real ones as a focal point).
    ("get", "/api/v1/inspections/items"): (401, 200, 403, 200),
    ("get", "/api/v1/inspections/items/{item_id}"): (401, 404, 403, 404),
    # An empty batch of publication records (tests/publications/test_api.py sends real ones).
    ("post", "/api/v1/publications/batch"): (401, 403, 200, 200),
    # An empty batch writes nothing (tests/petitions/test_pages.py pushes real ones).
    ("post", "/api/v1/petitions/batch"): (401, 403, 200, 200),
    # An empty batch is refused (400) once the caller may push (tests/portalcounts/test_api.py: real batches).
    ("post", "/api/v1/portal-counts/"): (401, 403, 400, 400),
    ("get", "/api/v1/portal-counts/"): (401, 200, 403, 200),
    # The portal's published 766 figures: read by every reader, imported by the PAR officer and the admin
    # (here a JSON body without the multipart file: 400 after the role; tests/portal766 imports real files).
    ("get", "/api/v1/portal766/snapshots"): (401, 200, 403, 200),
    ("post", "/api/v1/portal766/snapshots"): (401, 403, 403, 400),
    ("get", "/api/v1/portal766/units/{unit_id}/history"): (401, 200, 403, 200),
    ("post", "/api/v1/portal766/dossier-lists"): (401, 403, 403, 400),
    # The caller's own notices (tests/notices/test_pages.py: another's are never served or marked).
    ("get", "/api/v1/notices/"): (401, 200, 403, 200),
    ("get", "/api/v1/notices/unread"): (401, 200, 403, 200),
    ("post", "/api/v1/notices/read"): (401, 200, 403, 200),
    # No PAR index season exists here: an empty list, 404 for an id (tests/parindex/test_api.py reads real
    # results as each role).
    ("get", "/api/v1/par-index/seasons/"): (401, 200, 403, 200),
    ("get", "/api/v1/par-index/seasons/{season_id}/results/"): (401, 404, 403, 404),
    ("get", "/api/v1/par-index/assessments/{assessment_id}/result/"): (401, 404, 403, 404),
}
CALLERS = ("anonymous", "leader", "integration", "admin")


@pytest.fixture
def tokens(province, plan, users):
    integration = factories.make_integration_user()
    return {
        "leader": ApiToken.issue(name="đọc", user=users["leader"])[1],
        "integration": ApiToken.issue(name="một cửa", user=integration)[1],
        "admin": ApiToken.issue(name="quản trị", user=users["admin"])[1],
    }


def _call(client, method: str, path: str, token: str | None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "post" and "data" not in kwargs:
        kwargs = {"data": {"source_system": "motcua", "records": []}, "content_type": "application/json", **kwargs}
    if "{unit_id}" in path:
        path = path.replace("{unit_id}", str(Unit.objects.get(code="90101").pk)).replace("{indicator}", "2.1")
    return getattr(client, method)(path.replace("{code}", "TN-2022"), headers=headers, **kwargs)


def test_every_operation_has_a_row():
    schema = api.get_openapi_schema()
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations, "the walk must see the API's operations"
    assert operations == set(EXPECTED), "add the new operations to EXPECTED"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation", list(EXPECTED))
def test_status_of_every_operation_for_every_caller(client, tokens, operation, caller):
    method, path = operation
    response = _call(client, method, path, tokens.get(caller))
    assert response.status_code == EXPECTED[operation][CALLERS.index(caller)], response.content


@pytest.mark.parametrize("operation", list(EXPECTED))
def test_an_appraisers_token_is_answered_as_a_leaders(client, tokens, operation):
    """A PAR index appraiser (issue 13) reads what a leader reads and pushes nothing."""
    token = ApiToken.issue(name="thẩm định", user=factories.make_appraiser())[1]
    method, path = operation
    response = _call(client, method, path, token)
    assert response.status_code == EXPECTED[operation][CALLERS.index("leader")], response.content


def test_a_revoked_or_unknown_token_is_refused(client, tokens):
    ApiToken.objects.update(revoked_at=timezone.now())
    assert _call(client, "get", "/api/v1/units/", tokens["leader"]).status_code == 401
    assert _call(client, "get", "/api/v1/units/", "cchc_not-a-token").status_code == 401


def test_units_as_of_a_date(client, tokens, province):
    province.commune2.valid_to = timezone.datetime(2025, 6, 30).date()
    province.commune2.save()
    before = _call(client, "get", "/api/v1/units/", tokens["leader"], data={"as_of": "2025-06-30", "kind": "commune"}).json()
    after = _call(client, "get", "/api/v1/units/", tokens["leader"], data={"as_of": "2025-07-01", "kind": "commune"}).json()
    assert {u["name"] for u in before} - {u["name"] for u in after} == {"Xã Mỹ Lộc"}


def test_plan_in_file_schema(client, tokens):
    body = _call(client, "get", "/api/v1/plans/{code}", tokens["leader"]).json()
    # Exactly the plan file's schema (plan_io.plan_as_dict), unchanged by declaring the error responses.
    assert body == json.loads(json.dumps(plan_as_dict(Plan.objects.get(code="TN-2022")), cls=DjangoJSONEncoder))
    assert body["plan"]["code"] == "TN-2022"
    assert [t["code"] for t in body["targets"]] == ["CT01", "CT02"]


def test_only_the_hash_of_a_token_is_stored(tokens):
    stored = set(ApiToken.objects.values_list("token_hash", flat=True))
    assert tokens["leader"] not in stored
    assert ApiToken.digest(tokens["leader"]) in stored


def test_session_users_can_read_too(province, plan, users):
    client = factories.client_for(user=users["inspector"])
    assert client.get("/api/v1/plans/").status_code == 200


RECORD = {
    "MaHoSo": "000.00.20.H52-260302-0001", "MaTTHC": "1.001193", "MaDonVi": "90101", "NgayTiepNhan": "20260302081500",
    "NgayHenTra": "20260303081500", "NgayKetThucXuLy": "20260302153000", "TrangThaiHoSo": "9", "KenhThucHien": "2",
}


def _push(client, token, records):
    return client.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": records},
                       content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_a_batch_in_portal_field_names_is_upserted_and_a_bad_one_writes_nothing(client, tokens, province):
    from cchc.dossiers.models import Dossier

    factories.make_procedure(code="1.001193", name="Đăng ký khai sinh", time_limit=1)
    first = _push(client, tokens["integration"], [RECORD])
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 1
    again = _push(client, tokens["integration"], [RECORD])
    assert again.json() == {"rows": 1, "created": 0, "updated": 0, "unchanged": 1, "due_computed": 0, "ignored": [],
                            "refused_rows": 0, "refused": []}
    with_extra = _push(client, tokens["integration"], [dict(RECORD, STT=1)])  # a field CCHC does not use
    assert with_extra.json() == {"rows": 1, "created": 0, "updated": 0, "unchanged": 1, "due_computed": 0,
                                 "ignored": ["STT"], "refused_rows": 0, "refused": []}

    bad_status = dict(RECORD, MaHoSo="000.00.20.H52-260302-0002", TrangThaiHoSo="11")
    bad_unit = dict(RECORD, MaHoSo="000.00.20.H52-260302-0004", MaDonVi="99999")
    refused = _push(client, tokens["integration"], [dict(RECORD, MaHoSo="000.00.20.H52-260302-0003"), bad_status, bad_unit])
    assert refused.status_code == 400
    issues = {(i["row"], i["field"]) for i in refused.json()["issues"]}
    assert issues == {(2, "TrangThaiHoSo"), (3, "MaDonVi")}
    assert Dossier.objects.count() == 1, "nothing of a refused batch is written"

    partial = client.post("/api/v1/dossiers/batch", {
        "source_system": "motcua", "valid_rows": True,
        "records": [dict(RECORD, MaHoSo="000.00.20.H52-260302-0003"), bad_status, bad_unit],
    }, content_type="application/json", headers={"Authorization": f"Bearer {tokens['integration']}"})
    assert partial.status_code == 200, partial.content
    body = partial.json()
    assert (body["created"], body["refused_rows"]) == (1, 2)
    assert {(i["row"], i["field"]) for i in body["refused"]} == {(2, "TrangThaiHoSo"), (3, "MaDonVi")}
    assert Dossier.objects.count() == 2
