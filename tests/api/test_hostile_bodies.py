"""A hostile API body (issue #10) is refused before it is parsed whole, in the API's one error shape and the
caller's language: a body of a million empty objects never becomes a million dictionaries."""

from __future__ import annotations

import pytest
from django.test import Client

from cchc.accounts.models import ApiToken
from tests.dossiers.hostile import empty_objects_json
from tests.factories import make_integration_user


@pytest.fixture
def integration(province):
    token = ApiToken.issue(name="một cửa", user=make_integration_user())[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_body_of_too_many_objects_is_refused_by_name(integration, settings):
    settings.API_MAX_JSON_NODES = 1000
    body = b'{"source_system": "motcua", "records": ' + empty_objects_json(5000) + b"}"
    response = integration.post("/api/v1/dossiers/batch", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung yêu cầu có hơn 1000 đối tượng và danh sách JSON, vượt giới hạn "
                                          "(API_MAX_JSON_NODES); hãy gửi thành nhiều lô.",
                               "code": "invalid_input",
                               "issues": [{"file": "", "row": None, "field": "", "message": "Nội dung yêu cầu có hơn "
                                           "1000 đối tượng và danh sách JSON, vượt giới hạn (API_MAX_JSON_NODES); "
                                           "hãy gửi thành nhiều lô."}]}


def test_a_batch_within_the_limit_is_still_read(integration, settings):
    settings.API_MAX_JSON_NODES = 1000
    body = b'{"source_system": "motcua", "records": ' + empty_objects_json(900) + b"}"
    response = integration.post("/api/v1/dossiers/batch", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"  # read, then refused for what the records lack
    assert "API_MAX_JSON_NODES" not in response.json()["detail"]


def test_a_deeply_nested_body_is_a_400_in_the_api_shape(integration):
    response = integration.post("/api/v1/dossiers/batch", b"[" * 100_000 + b"]" * 100_000,
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] in {"unreadable_request", "invalid_input"}


def test_a_caller_past_the_rate_limit_gets_429_in_the_api_shape(integration, settings):
    from django.core.cache import cache

    settings.API_RATE_LIMIT = "3/min"
    cache.clear()
    try:
        statuses = [integration.get("/api/v1/units/").status_code for _call in range(4)]
        refused = integration.get("/api/v1/units/")
    finally:
        cache.clear()
    assert statuses[:3] != [429] * 3 and statuses[3] == 429
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Quá nhiều yêu cầu; hãy thử lại sau ít phút.", "code": "too_many_requests",
                              "issues": []}
