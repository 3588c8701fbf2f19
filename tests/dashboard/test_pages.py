"""What the dashboard pages show, from stored values written by hand (tests/dashboard/data.py)."""

from __future__ import annotations

import json
import re
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from cchc.plans.services import import_plan
from cchc.scoreboard import services as scoreboard
from tests.corrective import data as corrective_data
from tests.dashboard import data
from tests.factories import client_for, plan_yaml


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
    # The map colours each unit's area by its verdict on the plan's KPI target (CT01: 36% ≥ 35%, met).
    (area,) = chart["map"]["areas"]
    assert (area["name"], area["verdict"], area["value"], area["url"]) == (
        "Xã Mỹ Đức", "met", 36.0, f"/dashboard/units/{province.commune.pk}/")
    assert [f["properties"]["name"] for f in chart["map"]["geo"]["features"]] == [str(province.commune.pk)]
    assert chart["map"]["target"]["code"] == "CT01"
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


def ontime_plan(tree, year: int = 2022):
    """The test plan with CT01 bound to the on-time rate (≥ 50% at the province's level, ≥ 35% communes)."""
    text = plan_yaml(code=tree.province.code, year=year).replace(b"digitised_results_rate", b"ontime_rate")
    return import_plan(text, "thu-nghiem.yaml").plan


def section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    return html[start:html.index("</section>", start)]


def test_the_first_screen_is_one_truth_with_the_scorecard_ranking_and_target_page(province, users):
    """The headline on-time rate, its target and verdict; the province's 766 total; each block's highest
    and lowest: the same figures as the target page, the province's scorecard and the 766 ranking."""
    plan = ontime_plan(province)
    data.year_values(province)
    client = client_for(user=users["leader"])

    html = client.get(reverse("dashboard:index")).content.decode()

    headline = section(html, "figures")
    ontime = headline[headline.index('id="headline-ontime_rate"'):headline.index('id="headline-online_rate"')]
    assert "83,33%" in ontime  # 250 / 300, the province's stored figure
    target = plan.targets.get(code="CT01")
    assert f'href="/plans/targets/{target.pk}/">Mục tiêu ≥ 50,00%</a>' in ontime
    assert 'class="badge met">Đạt<' in ontime and "border-left-color: #1e7b34" in ontime  # the verdict's colour
    assert "Kế hoạch không đặt chỉ tiêu cho chỉ số này" in headline  # the other figures have no target
    assert 'id="provisional"' not in html  # 2022 is over and settled
    # Drill-down from a figure to its dossiers: received → the province's list for the year, on time → the
    # dossiers 766 indicator 2.1 counted late; only for a user who may see them.
    pk = province.province.pk
    assert f'href="/dossiers/?subtree={pk}&amp;from=01%2F01%2F2022&amp;to=31%2F12%2F2022">1.234</a>' in headline
    assert f'href="/scoreboard/units/{pk}/dossiers/2.1/?kind=year&amp;start=2022-01-01">83,33%</a>' in ontime
    other = client_for(user=users["focal_commune2"]).get(reverse("dashboard:index")).content.decode()
    assert "/dossiers/?subtree=" not in section(other, "figures") and "83,33%" in section(other, "figures")

    card = scoreboard.scorecard(province.province, "year", date(2022, 1, 1))
    score = section(html, "score766")
    assert f'?kind=year&amp;start=2022-01-01">{number_format(card.total.points, 2)}</a>' in score
    ranked = scoreboard.ranking("year", date(2022, 1, 1), block="commune", province=province.province)
    row = re.search(r"<tr>\s*<td><a [^>]*block=commune\">Khối xã, phường</a></td>(.*?)</tr>", score, re.S).group(1)
    names = re.findall(r'<a href="/dashboard/units/\d+/">([^<]+)</a>', row)
    assert names == [ranked[0].unit.name, ranked[-1].unit.name] == ["Xã Mỹ Đức", "Xã Mỹ Lộc"]  # 5.1 adds to Mỹ Đức
    assert chart_data(html)["spreads"][0]["five"][-1] == float(ranked[0].total.points)

    # The province's figure on its scorecard page is the headline's.
    page = client.get(reverse("scoreboard:unit", args=[province.province.pk]) + "?kind=year&start=2022-01-01")
    assert number_format(card.total.points, 2) in page.content.decode()


def test_a_running_year_is_provisional_and_its_running_month_is_not_drawn(province, users):
    """This year (whatever today is) is never settled: the headlines say "tạm tính" with the day the
    figures were computed, and this month's figures are not on the chart, only beside it."""
    today = timezone.localdate()
    year, month = today.year, date(today.year, today.month, 1)
    data.kpi(unit=province.province, code="received", kind="year", start=date(year, 1, 1), value=40, as_of=data.AS_OF)
    data.kpi(unit=province.province, code="received", kind="month", start=month, value=7, as_of=data.AS_OF)
    data.kpi(unit=province.province, code="ontime_rate", kind="month", start=month, numerator=4, denominator=7,
             as_of=data.AS_OF)

    html = client_for(user=users["leader"]).get(reverse("dashboard:index") + f"?year={year}").content.decode()

    assert 'id="provisional">Tạm tính đến ngày 05/01/2023' in html  # the figures' as-of (data.AS_OF)
    trend = chart_data(html)["trend"]
    assert f"{today.month:02d}/{year}" not in trend["months"]
    assert trend["running"]["month"] == f"{today.month:02d}/{year}"
    running = html[html.index('id="running-month"'):]
    assert "đang diễn ra" in running and "57,14%" in running.split("</p>")[0]  # 4 / 7, tạm tính
    assert 'id="chart-trend"' in html or trend["months"] == []  # January: nothing to draw yet
