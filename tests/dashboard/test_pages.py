"""What the dashboard pages show, from stored values written by hand (tests/dashboard/data.py)."""

from __future__ import annotations

import json
import re
from datetime import date

from django.urls import reverse

from tests.corrective import data as corrective_data
from tests.dashboard import data
from tests.factories import client_for


def chart_data(html: str) -> dict:
    found = re.search(r'<script id="dash-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_dashboard_with_figures(province, plan, users):
    province.commune.latitude, province.commune.longitude = 14.1, 109.05
    province.commune.save()
    data.year_values(province)
    data.month_values(province.province)

    html = client_for(user=users["leader"]).get(reverse("dashboard:index") + "?level=commune").content.decode()

    assert "1.234" in html  # dossiers received in the year, Vietnamese grouping
    assert "83,33%" in html  # on-time rate 250 / 300
    assert 'href="/plans/targets/' in html and "CT01" in html
    assert "1 chỉ tiêu do đơn vị tự nhập" in html  # CT02
    assert f'<a href="/dashboard/units/{province.commune.pk}/">Xã Mỹ Đức</a>' in html
    assert "echarts-5.6.0.min.js" in html
    chart = chart_data(html)
    assert chart["targets"][0]["code"] == "CT01"
    assert chart["targets"][0]["counts"] == {"met": 3, "at_risk": 0, "missed": 2, "no_data": 2}
    assert chart["trend"]["months"][:2] == ["01/2022", "02/2022"]
    (point,) = chart["map"]["points"]
    assert (point["name"], point["ontime"], point["url"]) == ("Xã Mỹ Đức", 90.0, f"/dashboard/units/{province.commune.pk}/")
    assert chart["labels"]["verdicts"][0]["name"] == "Không đạt"


def test_the_dashboard_says_when_there_is_nothing_yet(province, users):
    html = client_for(user=users["leader"]).get(reverse("dashboard:index")).content.decode()

    assert "Chưa có kế hoạch CCHC năm" in html
    assert "Chưa có số liệu theo tháng cho năm này." in html
    assert "Chưa có số liệu" in html
    assert 'id="chart-trend"' not in html and 'id="chart-targets"' not in html
    assert chart_data(html)["trend"] is None


def test_the_dashboard_without_any_unit(db, users_free_admin):
    html = client_for(user=users_free_admin).get(reverse("dashboard:index")).content.decode()
    assert "Chưa có tỉnh nào trong danh mục đơn vị." in html


def test_the_dashboard_in_english(province, plan, users):
    data.year_values(province)
    client = client_for(user=users["leader"])
    client.cookies["django_language"] = "en"

    html = client.get(reverse("dashboard:index")).content.decode()

    assert '<html lang="en">' in html
    assert "On-time rate (766 group 2)" in html
    assert "83.33%" in html


def test_an_htmx_filter_change_returns_the_page_to_swap(province, plan, users):
    data.year_values(province)
    response = client_for(user=users["leader"]).get(reverse("dashboard:index") + "?level=commune", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="dash"' in response.content.decode()


def test_the_units_drill_down(province, plan, users):
    data.year_values(province)
    data.month_values(province.commune)
    corrective_data.action(plan=plan, unit=province.commune)

    html = client_for(user=users["leader"]).get(reverse("dashboard:unit", args=[province.commune.pk])).content.decode()

    assert "<h1>Xã Mỹ Đức</h1>" in html
    assert f'href="/dashboard/units/{province.district.pk}/?year=2022">Huyện Phù Mỹ</a>' in html  # breadcrumbs
    assert 'badge met">Đạt' in html  # CT01: 36 ≥ 35
    assert "NV02" in html  # the commune-led task of the plan
    assert f"/dossiers/?subtree={province.commune.pk}&amp;from=01%2F01%2F2022&amp;to=31%2F12%2F2022" in html
    assert "Quý I/2022, 6 tháng 2022" in html  # its corrective action
    assert chart_data(html)["trend"]["months"][0] == "01/2022"


def test_a_district_lists_its_communes(province, plan, users):
    data.year_values(province)
    html = client_for(user=users["leader"]).get(reverse("dashboard:unit", args=[province.district.pk])).content.decode()
    assert f'href="/dashboard/units/{province.commune2.pk}/?year=2022">Xã Mỹ Lộc</a>' in html
    assert "50,00" in html


def test_the_drill_down_hides_what_the_user_may_not_see(province, plan, users):
    """Another commune's focal point sees the figures but not the dossiers or the corrective actions."""
    data.year_values(province)
    corrective_data.action(plan=plan, unit=province.commune)

    html = client_for(user=users["focal_commune2"]).get(reverse("dashboard:unit", args=[province.commune.pk])).content.decode()

    assert "/dossiers/?subtree=" not in html
    assert "Giải trình và biện pháp khắc phục" not in html
    assert "<h1>Xã Mỹ Đức</h1>" in html


def test_the_nav_links_to_the_dashboard(province, users):
    html = client_for(user=users["focal_commune"]).get("/").content.decode()
    assert '<a href="/dashboard/"' in html and "Bảng điều hành" in html


def test_a_year_is_chosen_on_the_drill_down(province, plan, users):
    data.kpi(unit=province.commune, code="received", kind="year", start=date(2021, 1, 1), value=7)
    html = client_for(user=users["leader"]).get(reverse("dashboard:unit", args=[province.commune.pk]) + "?year=2021").content.decode()
    assert '<option value="2021" selected>' in html
    assert "Không có chỉ tiêu tính từ dữ liệu áp dụng cho đơn vị trong năm này." in html


def test_the_rankings_by_block(province, plan, users):
    """tests/dashboard/data.py's 2022 rates: communes 90, 90, 50; Huyện Phù Mỹ 80 (160 of 200)."""
    data.year_values(province)
    client = client_for(user=users["leader"])

    def ranking_rows(html: str) -> list[list[str]]:
        table = re.search(r'<table class="compact" id="ranking-ontime">.*?</table>', html, re.S).group(0)
        return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in row]

    default = client.get(reverse("dashboard:index")).content.decode()
    assert '<option value="commune" selected>' in default  # the commune block by default
    assert '<option value="district" >' in default  # districts handled dossiers in 2022
    # Rank in the block, overall rank, unit: Mỹ Lộc is 3rd of the communes and 4th overall (after Phù Mỹ).
    assert [r[:3] for r in ranking_rows(default)] == [["1", "1", "Xã Canh Vinh"], ["1", "1", "Xã Mỹ Đức"],
                                                      ["3", "4", "Xã Mỹ Lộc"]]
    assert ranking_rows(client.get(reverse("dashboard:index") + "?level=commune").content.decode()) == ranking_rows(default)
    districts = client.get(reverse("dashboard:index") + "?block=district").content.decode()
    assert [r[:3] for r in ranking_rows(districts)] == [["1", "3", "Huyện Phù Mỹ"]]
    assert "block=district" in districts  # the link to the full 766 ranking keeps the block
    every = client.get(reverse("dashboard:index") + "?block=all").content.decode()
    assert [r[:2] for r in ranking_rows(every)][2] == ["3", "Huyện Phù Mỹ"]  # one rank column: the overall one
