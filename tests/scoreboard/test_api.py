"""The scoreboard in the JSON API (/api/v1/scoreboard/…) says what the pages say: the same ranking, the
same scorecard, the same list of dossiers behind a lost point, for the same people. Figures come from the
real engine (dossiers → DuckDB fact store → KpiValue and its lists), read once by the page and once by the
API and compared."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from cchc.accounts.models import ApiToken
from cchc.analytics.store import FactStore
from cchc.dossiers.models import Dossier
from tests.analytics.helpers import at
from tests.factories import build_dossier, client_for, make_integration_user, make_procedure
from tests.scoreboard.test_lost_dossiers_page import listed_codes
from tests.scoreboard.test_ranking_page import row_of

Q1 = {"kind": "quarter", "start": "2025-01-01"}
LATE = 53  # more than a page (50): the first pages of the page and the API are compared


@pytest.fixture
def scored(province):
    """Q1 2025. Xã Mỹ Đức: 3 dossiers on time (one rated "không hài lòng") and 53 late. Xã Mỹ Lộc: 2 on
    time, 1 late. Xã Canh Vinh: 1 on time."""
    procedure = make_procedure(time_limit=5)
    rows = []

    def on_time(unit, code, **extra):
        rows.append(build_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 1, 6),
                            due_at=at(2025, 1, 13, 17), finished_at=at(2025, 1, 8), code=code, **extra))

    def late(unit, code, minute):
        rows.append(build_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 2, 3, 9, minute),
                            due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 12), code=code))

    on_time(province.commune, "OK-1", rating=3)
    on_time(province.commune, "OK-2")
    on_time(province.commune, "OK-3")
    for i in range(LATE):
        late(province.commune, f"LATE-{i:02d}", i)
    on_time(province.commune2, "C2-OK-1")
    on_time(province.commune2, "C2-OK-2")
    late(province.commune2, "C2-LATE", 0)
    on_time(province.other_district_commune, "C3-OK")
    Dossier.objects.bulk_create(rows)
    store = FactStore()
    store.sync()
    store.compute("quarter", 2025)


def api(client, path: str, **params):
    return client.get(f"/api/v1/scoreboard{path}", {**Q1, **params})


def number(text: str) -> Decimal | None:
    """A figure as the Vietnamese page writes it ("10,00", "—") as a Decimal."""
    return None if text in {"—", ""} else Decimal(text.replace(".", "").replace(",", "."))


def dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- The API's figures are the page's ------------------------------------------------------------------

def test_the_ranking_is_the_pages(scored, province, users):
    client = client_for(user=users["leader"])
    page = client.get("/scoreboard/", Q1).content.decode()
    body = api(client, "/ranking").json()
    assert body["start"] == "2025-01-01" and body["unit_kind"] == "commune" and body["label"] == "Quý I/2025"
    assert [u["unit_name"] for u in body["units"]] == ["Xã Canh Vinh", "Xã Mỹ Lộc", "Xã Mỹ Đức"]
    for unit in body["units"]:
        cells = row_of(page, unit["unit_id"])
        # Hạng, so với kỳ trước, hạng chung, đơn vị, six groups, total, points available, share, dossiers.
        assert int(cells[0]) == unit["rank"] and int(cells[2]) == unit["overall_rank"] and cells[3] == unit["unit_name"]
        assert cells[1] == "—" and unit["previous_rank"] is None and unit["rank_change"] is None and not unit["new"]
        assert [number(c) for c in cells[4:10]] == [dec(g["points"]) for g in unit["groups"]]
        assert number(cells[10]) == dec(unit["total"]["points"])
        assert number(cells[11]) == dec(unit["total"]["available"])
        assert dec(unit["total"]["uncomputed"]) == 100 - dec(unit["total"]["available"]) and unit["total"]["band"] is None
        assert number(cells[12].rstrip("%")) == dec(unit["total"]["share"])
        assert int(cells[13]) == unit["received"]
    assert body["units"][2]["received"] == 3 + LATE


def test_the_scorecard_is_the_pages(scored, province, users):
    client = client_for(user=users["officer"])
    page = client.get(f"/scoreboard/units/{province.commune.pk}/", Q1).content.decode()
    body = api(client, f"/units/{province.commune.pk}").json()
    assert body["unit"]["name"] == "Xã Mỹ Đức" and body["start"] == "2025-01-01"
    total = re.search(r'<div class="stat"><div class="n">([^<]*)</div>', page).group(1)
    assert number(total) == dec(body["total"]["points"]) and body["total"]["points"] is not None
    table = re.search(r'<table id="indicators">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0].split(" ")[0]] = cells
    assert set(rows) == {i["code"] for i in body["indicators"]}
    for ind in body["indicators"]:
        cells = rows[ind["code"]]
        figure = "—" if ind["numerator"] is None else f"{ind['numerator']} / {ind['denominator']}"
        assert cells[1] == figure, ind["code"]
        assert number(cells[2].rstrip("%")) == dec(ind["rate"]), ind["code"]
        assert (None if cells[3] == "không có dữ liệu" else number(cells[3])) == dec(ind["points"]), ind["code"]
        assert (cells[5] == "xem hồ sơ") == (ind["dossiers"] is not None), ind["code"]
    on_time = next(i for i in body["indicators"] if i["code"] == "2.1")
    assert (on_time["numerator"], on_time["denominator"]) == (3, 3 + LATE)


def test_the_list_is_the_pages_and_holds_denominator_minus_numerator(scored, province, users):
    client = client_for(user=users["officer"])
    card = api(client, f"/units/{province.commune.pk}").json()
    on_time = next(i for i in card["indicators"] if i["code"] == "2.1")
    first = client.get(on_time["dossiers"]).json()  # the scorecard's own link
    assert first["total"] == on_time["denominator"] - on_time["numerator"] == LATE
    assert (first["numerator"], first["denominator"]) == (3, 3 + LATE)
    assert first["indicator"]["code"] == "2.1" and first["label"] == "Quý I/2025" and first["as_of"] == card["as_of"]
    assert len(first["dossiers"]) == 50 and first["has_next"] and first["page"] == 1 and first["size"] == 50
    page = client.get(f"/scoreboard/units/{province.commune.pk}/dossiers/2.1/", Q1).content.decode()
    assert [d["code"] for d in first["dossiers"]] == listed_codes(page)
    assert re.search(rf"{LATE} hồ sơ làm mất điểm", page)
    second = api(client, f"/units/{province.commune.pk}/dossiers/2.1", page=2).json()
    assert len(second["dossiers"]) == LATE - 50 and not second["has_next"]
    codes = [d["code"] for d in first["dossiers"] + second["dossiers"]]
    assert sorted(codes) == [f"LATE-{i:02d}" for i in range(LATE)]
    row = first["dossiers"][0]
    assert row["reason"] == "Trễ hạn" and row["timeliness"] == "late" and row["timeliness_label"] == "Trễ hạn"
    assert row["kpi_code"] == "ontime_rate" and row["unit_name"] == "Xã Mỹ Đức"
    assert row["kpi_name"] == "Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)"
    # 6.3 lists the late dossiers and those rated "không hài lòng", the page alike.
    six = api(client, f"/units/{province.commune.pk}/dossiers/6.3", size=200).json()
    assert six["total"] == LATE + 1 and six["numerator"] is None
    assert [d["code"] for d in six["dossiers"] if d["kpi_code"] == "satisfaction_rate"] == ["OK-1"]
    page63 = client.get(f"/scoreboard/units/{province.commune.pk}/dossiers/6.3/", Q1).content.decode()
    assert [d["code"] for d in six["dossiers"]][:50] == listed_codes(page63)


def test_the_newest_period_is_the_default(scored, province, users):
    client = client_for(user=users["leader"])
    body = client.get(f"/api/v1/scoreboard/units/{province.commune2.pk}", {"kind": "quarter"}).json()
    assert body["start"] == "2025-01-01" and body["periods"] == ["2025-01-01"]
    none = client.get(f"/api/v1/scoreboard/units/{province.commune2.pk}", {"kind": "month"}).json()
    assert none["start"] is None and none["indicators"] == [] and none["total"] is None


# --- The same people as the pages ----------------------------------------------------------------------

ROLES = ("anonymous", "admin", "officer", "leader", "inspector", "focal_snv", "focal_district", "focal_commune",
         "focal_commune2", "integration")
#: status by role (ROLES) for each operation on Xã Mỹ Đức's figures: the pages' matrix
#: (tests/web/test_permissions.py), with 401 for no credentials and the integration account refused.
MATRIX = {
    "ranking": (401, 200, 200, 200, 200, 200, 200, 200, 200, 403),
    "scorecard": (401, 200, 200, 200, 200, 200, 200, 200, 200, 403),
    "dossiers": (401, 200, 200, 200, 200, 403, 200, 200, 403, 403),
}


@pytest.fixture
def callers(scored, users):
    integration = make_integration_user()
    out = {"anonymous": Client(), "integration": Client(headers={
        "Authorization": f"Bearer {ApiToken.issue(name='một cửa', user=integration)[1]}"})}
    return out | {role: client_for(user=user) for role, user in users.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_pages_give(callers, province, role):
    paths = {"ranking": "/ranking", "scorecard": f"/units/{province.commune.pk}",
             "dossiers": f"/units/{province.commune.pk}/dossiers/2.1"}
    for operation, path in paths.items():
        response = api(callers[role], path)
        expected = MATRIX[operation][ROLES.index(role)]
        assert response.status_code == expected, (operation, role, response.content[:200])
        if expected != 200:
            assert response.json()["code"] == {401: "unauthenticated", 403: "forbidden"}[expected]
        elif operation == "scorecard":
            links = [i["dossiers"] for i in response.json()["indicators"] if i["dossiers"]]
            # The scorecard offers the lists to those who may read them, as the page's "xem hồ sơ" links.
            assert bool(links) == (MATRIX["dossiers"][ROLES.index(role)] == 200), role


def test_a_focal_point_reads_the_lists_of_units_under_it(callers, province):
    assert api(callers["focal_district"], f"/units/{province.commune2.pk}/dossiers/2.1").status_code == 200
    assert api(callers["focal_commune"], f"/units/{province.district.pk}/dossiers/2.1").status_code == 403
    assert api(callers["focal_commune"], f"/units/{province.commune.pk}/dossiers/6.3").status_code == 200


# --- Bad parameters: the JSON error, naming the parameter ----------------------------------------------

@pytest.mark.parametrize(("path", "params", "status", "code", "field"), [
    ("/ranking", {"kind": "week"}, 400, "invalid_input", "kind"),
    ("/ranking", {"unit_kind": "village"}, 400, "invalid_input", "unit_kind"),
    ("/ranking", {"start": "2025-02-01"}, 400, "invalid_input", "start"),
    ("/ranking", {"start": "01/01/2025"}, 422, "invalid_request", "start"),
    ("/units/{pk}", {"kind": ""}, 400, "invalid_input", "kind"),
    ("/units/{pk}", {"start": "2025-13-01"}, 422, "invalid_request", "start"),
    ("/units/abc", {}, 422, "invalid_request", "unit_id"),
    ("/units/999999", {}, 404, "not_found", None),
    ("/units/{pk}/dossiers/2.1", {"page": "0"}, 422, "invalid_request", "page"),
    ("/units/{pk}/dossiers/2.1", {"page": "x"}, 422, "invalid_request", "page"),
    ("/units/{pk}/dossiers/2.1", {"size": "1000"}, 422, "invalid_request", "size"),
    ("/units/{pk}/dossiers/2.1", {"start": "2025-01-02"}, 400, "invalid_input", "start"),
    ("/units/{pk}/dossiers/1.1", {}, 404, "not_found", None),
    ("/units/999999/dossiers/2.1", {}, 404, "not_found", None),
])
def test_bad_parameters_get_the_json_error(scored, province, users, path, params, status, code, field):
    response = api(client_for(user=users["officer"]), path.replace("{pk}", str(province.commune.pk)), **params)
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert set(body) == {"detail", "code", "issues"}
    if field:
        assert [i["field"] for i in body["issues"]] == [field]
        assert field in body["detail"] or status == 422


def test_an_unknown_indicator_is_named_in_the_error(scored, province, users):
    body = api(client_for(user=users["officer"]), f"/units/{province.commune.pk}/dossiers/1.1").json()
    assert body["detail"] == "Chỉ số 1.1 không có danh sách hồ sơ."


def test_a_period_beyond_the_data_is_empty_not_an_error(scored, province, users):
    client = client_for(user=users["officer"])
    later = {"start": "2025-04-01"}
    assert api(client, "/ranking", **later).json()["units"] == []
    lost = api(client, f"/units/{province.commune.pk}/dossiers/2.1", **later).json()
    assert lost["total"] == 0 and lost["dossiers"] == [] and not lost["has_next"]
    beyond = api(client, f"/units/{province.commune.pk}/dossiers/2.1", page=9).json()
    assert beyond["dossiers"] == [] and beyond["total"] == LATE


def test_each_row_is_the_stored_dossier(scored, province, users):
    from datetime import datetime

    from cchc.dossiers.models import Dossier

    row = api(client_for(user=users["officer"]), f"/units/{province.commune.pk}/dossiers/2.1", size=1).json()["dossiers"][0]
    stored = Dossier.objects.select_related("unit", "procedure").get(pk=row["id"])
    assert (row["code"], row["unit_code"], row["procedure_code"]) == (stored.code, stored.unit.code, stored.procedure.code)
    assert datetime.fromisoformat(row["received_at"]) == stored.received_at
    assert datetime.fromisoformat(row["due_at"]) == stored.due_at
    assert datetime.fromisoformat(row["finished_at"]) == stored.finished_at


def test_errors_and_labels_in_english_by_the_language_cookie(scored, province, users):
    from django.conf import settings

    client = client_for(user=users["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert api(client, "/ranking", kind="week").json()["detail"].endswith(
        "The period kind must be one of: month, quarter, half, nine_months, year.")
    lost = api(client, f"/units/{province.commune.pk}/dossiers/2.1", size=1).json()
    assert lost["label"] == "Quarter I, 2025" and lost["dossiers"][0]["reason"] == "Late"
