"""Unit reports through the JSON API: the same scoping and locking as the pages (issue #4: "a locked
report cannot be edited through the page or the API")."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from cchc.accounts.models import ApiToken
from cchc.reporting import services
from tests.factories import client_for, make_integration_user

from .conftest import fill


def _put(client, report, body: dict, **headers):
    return client.put(f"/api/v1/reports/{report.pk}", body, content_type="application/json", headers=headers)


def test_a_focal_point_reads_its_report_prefilled(report, users):
    body = client_for(user=users["focal_commune"]).get(f"/api/v1/reports/{report.pk}").json()
    assert (body["period"], body["unit_name"], body["version"], body["state"]) == ("Quý I/2022", "Xã Mỹ Đức", 1, "draft")
    assert (body["locked"], body["editable"]) == (False, True)
    assert [t["task_code"] for t in body["tasks"]] == ["NV02"]
    assert [(m["target_code"], m["threshold"]) for m in body["measures"]] == [("CT02", "30.0000")]
    assert [(t["target_code"], t["verdict"], t["value"]) for t in body["targets"]] == [("CT01", "at_risk", "30.0000")]
    assert [k["kpi_code"] for k in body["kpis"]] == ["received", "ontime_rate", "digitised_results_rate"]
    assert [n["area_code"] for n in body["narratives"]] == ["CDDH", "TTHC"]
    # Codes are for programs; the names are what a reader is shown, in the reader's language (issue #12).
    assert body["kpis"][1]["kpi_name"] == "Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)"
    assert body["targets"][0]["kpi_name"] == "Tỷ lệ số hóa kết quả giải quyết TTHC"
    english = client_for(user=users["focal_commune"])
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = english.get(f"/api/v1/reports/{report.pk}").json()
    assert body["kpis"][1]["kpi_name"] == "On-time rate (766 group 2)"


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("officer", 200), ("leader", 200), ("inspector", 200), ("focal_commune", 200),
    ("focal_commune2", 403), ("focal_district", 403), ("focal_snv", 403),
])
def test_who_reads_a_report(report, users, role, status):
    assert client_for(user=users[role]).get(f"/api/v1/reports/{report.pk}").status_code == status


def test_put_changes_only_what_is_sent(report, users):
    client = client_for(user=users["focal_commune"])
    row, measure = report.task_rows.get(), report.measures.get()
    response = _put(client, report, {
        "tasks": [{"id": row.pk, "progress": 70}],
        "measures": [{"id": measure.pk, "value": "24,5", "note": "Đếm tại bộ phận một cửa"}],
        "narratives": [{"area_code": "TTHC", "results": "Số hóa 70% kết quả."}],
    })
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tasks"][0]["progress"] == 70 and body["tasks"][0]["note"] == ""
    assert (body["measures"][0]["value"], body["measures"][0]["note"]) == ("24.5000", "Đếm tại bộ phận một cửa")
    assert [n["results"] for n in body["narratives"]] == ["", "Số hóa 70% kết quả."]

    again = _put(client, report, {"measures": [{"id": measure.pk, "value": None}],
                                  "narratives": [{"area_code": "TTHC", "causes": "Thiếu máy quét"}]}).json()
    assert again["measures"][0]["value"] is None  # sent as null: cleared
    assert again["measures"][0]["note"] == "Đếm tại bộ phận một cửa"  # not sent: kept
    assert again["narratives"][1]["results"] == "Số hóa 70% kết quả."


def test_bad_input_is_400_with_each_problem(report, users):
    row = report.task_rows.get()
    response = _put(client_for(user=users["focal_commune"]), report, {"tasks": [{"id": row.pk, "progress": 101}]})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["issues"] == [
        {"file": "", "row": None, "field": f"task-{row.pk}-progress", "message": "Tiến độ phải từ 0 đến 100."}]


@pytest.mark.parametrize("role", ["officer", "leader", "focal_commune2"])
def test_put_by_anyone_but_the_unit_is_403_and_writes_nothing(report, users, role):
    response = _put(client_for(user=users[role]), report, {"narratives": [{"area_code": "TTHC", "results": "Ghi đè"}]})
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."
    assert report.narratives.get(area_code="TTHC").results == ""


def test_submit_then_the_locked_report_refuses_put_and_submit(report, users):
    focal = client_for(user=users["focal_commune"])
    fill(report, users["focal_commune"])
    submitted = focal.post(f"/api/v1/reports/{report.pk}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted" and submitted.json()["editable"] is False

    services.approve(user=users["officer"], report=report, now=datetime(2022, 4, 8, tzinfo=UTC))
    refused = _put(focal, report, {"narratives": [{"area_code": "TTHC", "results": "Sửa sau khi duyệt"}]})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Báo cáo đã được duyệt nên đã khóa, không thể sửa. Muốn sửa, hãy mở phiên bản sửa đổi.")
    assert report.narratives.get(area_code="TTHC").results == "Đã số hóa 30% kết quả giải quyết TTHC."
    assert focal.post(f"/api/v1/reports/{report.pk}/submit").status_code == 409
    body = focal.get(f"/api/v1/reports/{report.pk}").json()
    assert (body["state"], body["locked"]) == ("approved", True)


def test_submitting_an_incomplete_report_is_400(report, users):
    response = client_for(user=users["focal_commune"]).post(f"/api/v1/reports/{report.pk}/submit")
    assert response.status_code == 400
    assert "Chỉ tiêu CT02" in response.json()["detail"]


def test_a_bearer_token_acts_as_its_user(client, report, users):
    token = ApiToken.issue(name="phần mềm của xã", user=users["focal_commune"])[1]
    response = client.put(f"/api/v1/reports/{report.pk}", {"narratives": [{"area_code": "CDDH", "results": "Qua API"}]},
                          content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert report.narratives.get(area_code="CDDH").results == "Qua API"


def test_an_integration_account_reads_no_report(client, report):
    token = ApiToken.issue(name="một cửa", user=make_integration_user())[1]
    response = client.get(f"/api/v1/reports/{report.pk}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_an_unknown_report_is_404(report, users):
    client = client_for(user=users["officer"])
    assert client.get("/api/v1/reports/999999").status_code == 404
    assert client.get("/api/v1/reports/abc").json()["detail"] == "Không có báo cáo mã abc."


def test_values_are_decimal_in_json(report, users):
    measure = report.measures.get()
    body = _put(client_for(user=users["focal_commune"]), report, {"measures": [{"id": measure.pk, "value": 27.25}]}).json()
    assert Decimal(body["measures"][0]["value"]) == Decimal("27.25")
