"""Publication records through the API: the same checks as a file, all or nothing, rows counted from 1."""

from __future__ import annotations

import pytest

from cchc.accounts.models import ApiToken
from cchc.publications import figures766
from cchc.publications.models import Publication
from tests.factories import make_integration_user
from tests.publications.conftest import Q2

URL = "/api/v1/publications/batch"


def _record(**overrides):
    record = {"procedure_code": "P1", "unit": "52", "decision_number": "1/QĐ-UBND", "decision_date": "2026-06-08",
              "effective_date": "2026-06-15", "published_on": "2026-06-15", "parts": "đủ", "level": "province"}
    return {**record, **overrides}


@pytest.fixture
def token(province, procedures):
    return ApiToken.issue(name="csdlqg", user=make_integration_user())[1]


def _post(client, token, records):
    return client.post(URL, {"records": records}, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_a_batch_is_written_and_scored(client, token, province):
    parts = ["name", "steps", "channels", "documents", "time_limit", "applicants"]
    response = _post(client, token, [_record(), _record(procedure_code="P2", parts=parts,
                                                        published_on="2026-06-16")])
    assert response.status_code == 200, response.content
    # the province's 8 units (itself included) × the five periods of 8/6/2026 (month, quarter, 6 months, 9
    # months, year): the province's figure written for each
    assert response.json() == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "figures": 40}
    got = figures766.figures("quarter", Q2, [province.snv.pk])[province.snv.pk]
    assert {c: (f.numerator, f.denominator) for c, f in got.items()} == {"1.1": (2, 2), "1.2": (1, 2), "1.3": (1, 2)}


def test_a_bad_record_refuses_the_batch_naming_its_position_and_field(client, token):
    response = _post(client, token, [_record(), _record(procedure_code="P9", decision_number="2/QĐ-UBND"),
                                     _record(decision_number="3", colour="red")])
    assert response.status_code == 400
    issues = {(i["row"], i["field"]) for i in response.json()["issues"]}
    assert issues == {(3, "colour")}  # unknown fields first; then the rows' values
    response = _post(client, token, [_record(), _record(procedure_code="P9", decision_number="2/QĐ-UBND")])
    assert response.status_code == 400
    assert [(i["row"], i["field"]) for i in response.json()["issues"]] == [(2, "procedure_code")]
    assert "P9" in response.json()["issues"][0]["message"]
    assert Publication.objects.count() == 0


def test_a_leader_cannot_push(client, users, province, procedures):
    leader_token = ApiToken.issue(name="đọc", user=users["leader"])[1]
    assert _post(client, leader_token, [_record()]).status_code == 403
    assert Publication.objects.count() == 0


def test_odd_json_values_are_refused_not_crashed_on(client, token):
    response = _post(client, token, [_record(parts=[1, None]), _record(decision_number="2", decision_date={"d": 1}),
                                     _record(decision_number="3", unit=["52"]), "not an object"])
    assert response.status_code == 422  # not an object: refused by the schema (list[dict]) before any check
    response = _post(client, token, [_record(parts=[1, None]), _record(decision_number="2", decision_date={"d": 1}),
                                     _record(decision_number="3", unit=["52"])])
    assert response.status_code == 400
    assert {(i["row"], i["field"]) for i in response.json()["issues"]} == {(1, "parts"), (2, "decision_date"),
                                                                          (3, "unit")}
    assert Publication.objects.count() == 0
