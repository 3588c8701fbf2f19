"""Every error of the API has one body, {detail, code, issues: [{file, row, field, message}]}, in the
caller's language (Vietnamese unless the language cookie says English), never django-ninja's or Django's
English; the OpenAPI document declares that body for each operation's error statuses."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from cchc.accounts.models import ApiToken
from cchc.api import api
from tests.factories import make_integration_user

SHAPE = {"detail", "code", "issues"}
ISSUE_SHAPE = {"file", "row", "field", "message"}


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE, body
    assert body["code"] == code
    assert all(set(issue) == ISSUE_SHAPE for issue in body["issues"]), body
    assert body["detail"], "every error says what went wrong"
    return body


@pytest.fixture
def reader(province, plan, users):
    token = ApiToken.issue(name="đọc", user=users["leader"])[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def integration(province):
    token = ApiToken.issue(name="một cửa", user=make_integration_user())[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_unknown_plan_is_404_in_the_one_shape_and_not_djangos_english(reader):
    body = _error(reader.get("/api/v1/plans/KHONG-CO"), 404, "not_found")
    assert body["detail"] == "Không có trang hoặc đối tượng này (đường dẫn sai, hoặc đối tượng đã bị xóa)."
    assert body["issues"] == []
    body = _error(english(reader).get("/api/v1/plans/KHONG-CO"), 404, "not_found")
    assert body["detail"] == "There is no such page or object (the address is wrong, or the object was deleted)."


def test_an_unknown_api_address_is_404_in_the_same_shape(reader):
    # Outside every router: Django's handler404 answers, in JSON because the path is under /api/.
    body = _error(reader.get("/api/v1/khong-co/"), 404, "not_found")
    assert "Not Found" not in body["detail"]


def test_a_domain_not_found_keeps_its_own_message(reader):
    body = _error(reader.get("/api/v1/reports/abc"), 404, "not_found")
    assert body["detail"] == "Không có báo cáo mã abc."


def test_a_role_without_the_right_is_403(integration):
    body = _error(integration.get("/api/v1/units/"), 403, "forbidden")
    assert body["detail"] == "Bạn không có quyền thực hiện thao tác này."
    body = _error(english(integration).get("/api/v1/units/"), 403, "forbidden")
    assert body["detail"] != "Bạn không có quyền thực hiện thao tác này."


def test_no_credentials_is_401_in_words_not_unauthorized(db):
    body = _error(Client().get("/api/v1/units/"), 401, "unauthenticated")
    assert body["detail"].startswith("Cần đăng nhập")
    body = _error(english(Client()).get("/api/v1/units/"), 401, "unauthenticated")
    assert body["detail"].startswith("Sign in")


def test_a_parameter_that_does_not_validate_is_422_naming_the_field(reader):
    body = _error(reader.get("/api/v1/units/", {"as_of": "31/12/2025"}), 422, "invalid_request")
    assert body["issues"] == [{"file": "", "row": None, "field": "as_of", "message": "Phải là ngày dạng yyyy-mm-dd."}]
    assert body["detail"] == "trường «as_of»: Phải là ngày dạng yyyy-mm-dd."
    body = _error(english(reader).get("/api/v1/plans/", {"year": "hai nghìn"}), 422, "invalid_request")
    assert body["issues"] == [{"file": "", "row": None, "field": "year", "message": "Must be a whole number."}]
    assert body["detail"] == "field «year»: Must be a whole number."


def test_a_body_that_does_not_validate_is_422_with_each_field(integration):
    response = integration.post("/api/v1/dossiers/batch", {"records": "không phải danh sách"},
                                content_type="application/json")
    body = _error(response, 422, "invalid_request")
    assert {(i["field"], i["message"]) for i in body["issues"]} == {
        ("source_system", "Thiếu giá trị bắt buộc."),
        ("records", "Phải là một danh sách."),
    }


def test_a_body_that_is_not_json_is_400(integration):
    response = integration.post("/api/v1/dossiers/batch", "{không phải json", content_type="application/json")
    body = _error(response, 400, "unreadable_request")
    assert body["detail"] == "Không đọc được nội dung yêu cầu: cần JSON hợp lệ."


def test_refused_input_is_400_with_file_row_and_field(integration):
    record = {"MaHoSo": "HS-1", "MaTTHC": "1.001193", "MaDonVi": "99999", "NgayTiepNhan": "20260302081500",
              "NgayHenTra": "20260303081500", "TrangThaiHoSo": "2", "KenhThucHien": "2"}
    response = integration.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": [record]},
                                content_type="application/json")
    body = _error(response, 400, "invalid_input")
    assert sorted((i["file"], i["row"], i["field"]) for i in body["issues"]) == [
        ("api", 1, "MaDonVi"), ("api", 1, "MaTTHC")]  # no such unit, no such procedure
    assert all(i["message"] in body["detail"] for i in body["issues"])


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=64 * 1024)
def test_a_body_over_the_size_limit_is_413_in_the_one_shape_not_an_html_page(integration):
    """Issue 10: a body over the limit got Django's HTML 400 page from the JSON API."""
    records = [{"code": f"HS-{i}", "status": 4} for i in range(5_000)]
    response = integration.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": records},
                                content_type="application/json")
    body = _error(response, 413, "request_too_large")
    assert body["detail"] == "Nội dung yêu cầu quá lớn (tối đa 0.0625 MB); hãy chia thành các lô nhỏ hơn."
    english(integration)
    response = integration.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": records},
                                content_type="application/json")
    assert _error(response, 413, "request_too_large")["detail"].startswith("The request body is too large")


def test_a_batch_over_the_limit_is_refused_naming_the_field(integration):
    response = integration.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": [{}] * 10_001},
                                content_type="application/json")
    body = _error(response, 400, "invalid_input")
    assert body["issues"] == [{"file": "", "row": None, "field": "records", "message": "Một lô tối đa 10.000 hồ sơ."}]


def test_a_session_call_without_csrf_is_403_in_words(province, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    body = _error(client.post("/api/v1/dossiers/batch", {"source_system": "x", "records": []},
                              content_type="application/json"), 403, "csrf_failed")
    assert "CSRF" in body["detail"] and "Failed" not in body["detail"]


@override_settings(ROOT_URLCONF="tests.web.failing_urls")
def test_a_server_fault_under_the_api_is_500_in_the_same_shape(db):
    client = Client(raise_request_exception=False)
    body = _error(client.get("/api/v1/hong/"), 500, "server_error")
    assert body["detail"].startswith("Hệ thống gặp lỗi")


def test_the_openapi_document_declares_the_error_body_for_every_operation():
    schema = api.get_openapi_schema()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == SHAPE
    issue = schema["components"]["schemas"]["IssueOut"]
    assert set(issue["required"]) == ISSUE_SHAPE
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    declared = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = {int(s) for s, r in operation["responses"].items()
                        if r.get("content", {}).get("application/json", {}).get("schema") == ref}
            declared[(method, path)] = statuses
            assert {401, 403, 422, 500} <= statuses, (method, path)
    # 13 + what-if (2), publications and petitions batches, portal counts (2), portal766 (3) and its dossier
    # lists (1): issue #15; notices (3), classification (1), remediation items (2): issue 14; PAR index
    # results (3): issue 13
    assert len(declared) == 32
    assert 400 in declared[("post", "/api/v1/portal766/dossier-lists")]
    assert 404 in declared[("get", "/api/v1/plans/{code}")]
    assert 404 in declared[("get", "/api/v1/plans/{code}/targets")]
    assert 400 in declared[("post", "/api/v1/dossiers/batch")]
    assert 400 in declared[("post", "/api/v1/publications/batch")]
    assert 400 in declared[("post", "/api/v1/petitions/batch")]
    assert {400, 404, 409} <= declared[("put", "/api/v1/reports/{report_id}")]
    assert 400 in declared[("get", "/api/v1/scoreboard/ranking")]
    assert {400, 404} <= declared[("get", "/api/v1/scoreboard/units/{unit_id}/dossiers/{indicator}")]
    assert 400 in declared[("get", "/api/v1/actions/")]
    assert 404 in declared[("get", "/api/v1/actions/{action_id}")]
    assert 400 in declared[("get", "/api/v1/inspections/items")]
    assert 404 in declared[("get", "/api/v1/inspections/items/{item_id}")]


def test_the_served_openapi_document_declares_it_too(db):
    served = Client().get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json()["components"]["schemas"]["ErrorOut"] == api.get_openapi_schema()["components"]["schemas"]["ErrorOut"]


def test_refused_input_is_worded_in_english_too(integration):
    response = english(integration).post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": [{}] * 10_001},
                                         content_type="application/json")
    body = _error(response, 400, "invalid_input")
    assert body["detail"].startswith("field «records»: ")


def test_a_method_the_address_does_not_take_is_405_in_the_one_shape(integration):
    response = integration.get("/api/v1/dossiers/batch")
    body = _error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"
    assert body["detail"] == "Địa chỉ này không nhận yêu cầu GET; chỉ nhận: POST."


def test_a_page_refusing_a_method_says_so_in_the_site_layout(province, users):
    from tests.factories import client_for

    response = client_for(user=users["officer"]).get("/actions/detect/")
    assert response.status_code == 405
    assert "Địa chỉ này không nhận yêu cầu GET; chỉ nhận: POST." in response.content.decode()
