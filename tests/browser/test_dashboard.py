"""The leaders' dashboard in a real browser (issue #4 part 3): the leader opens it, the ECharts charts draw
(a canvas in each box), a filter change swaps the page with htmx and the charts draw again, a unit clicked
on the ranking and on the map opens its drill-down, and from there the target's page."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from cchc.corrective.models import CorrectiveAction
from tests import factories
from tests.corrective import data
from tests.dashboard.data import kpi as data_kpi


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def map_points(page) -> int:
    """Units drawn as areas on the map (after waiting for the chart to exist)."""
    # Locators, not wait_for_function: Playwright evaluates a function's text with eval, which the site's
    # Content-Security-Policy forbids (docs/security.md); ECharts draws the canvas once the chart exists.
    page.locator("#chart-map canvas").first.wait_for()
    return page.evaluate("echarts.getInstanceByDom(document.getElementById('chart-map')).getOption().series[0].data.length")


def map_areas(page) -> dict[str, dict]:
    """Each area of the map by unit name: its fill colour and its verdict."""
    page.locator("#chart-map canvas").first.wait_for()
    return page.evaluate(
        "(() => { const o = echarts.getInstanceByDom(document.getElementById('chart-map')).getOption();"
        " const out = {}; o.series[0].data.forEach(d => { out[d.fullName] = {colour: d.itemStyle.areaColor,"
        " verdict: d.verdict, type: o.series[0].type}; }); return out; })()"
    )


def place(unit, lat: float, lon: float) -> None:
    unit.latitude, unit.longitude = lat, lon
    unit.save()


def test_leader_reads_the_dashboard_and_drills_down(page, transactional_db):
    tree = factories.make_province_tree()
    plan = factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)
    for unit, lat, lon in ((tree.district, 14.2, 109.05), (tree.district2, 13.9, 108.9), (tree.commune, 14.25, 109.1),
                           (tree.commune2, 14.15, 109.0), (tree.other_district_commune, 13.85, 108.95)):
        place(unit, lat, lon)
    data.year_values(tree)
    data.month_values(tree.province)
    data.action(plan=plan, unit=tree.commune2)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, users["leader"].username)
    page.get_by_role("link", name="Bảng điều hành").click()
    page.get_by_role("heading", name="Bảng điều hành công tác cải cách hành chính").wait_for()
    for box in ("#chart-targets", "#chart-trend", "#chart-map"):
        page.locator(f"{box} canvas").first.wait_for()
    assert "Tỉnh Thử Nghiệm, năm 2022" in page.content()

    assert map_points(page) == 3  # the commune block by default
    # Named areas in the tables' colours: CT01 (digitised results, ≥ 35% for communes): Mỹ Đức 36% met
    # (green, as the "Đạt" badge), Mỹ Lộc 30% missed (red), Canh Vinh no figure (grey).
    areas = map_areas(page)
    assert {name: (a["verdict"], a["colour"]) for name, a in areas.items()} == {
        "Xã Mỹ Đức": ("met", "#1e7b34"), "Xã Mỹ Lộc": ("missed", "#b42318"), "Xã Canh Vinh": ("no_data", "#9aa5b1")}
    assert {a["type"] for a in areas.values()} == {"map"}
    # The province's 766 total and the block spreads are on the first screen; 2022 is settled: no "tạm tính".
    expect(page.locator("#province-766")).to_be_visible()
    page.locator("#chart-spreads canvas").first.wait_for()
    assert page.locator("#provisional").count() == 0

    # Districts instead of communes: htmx swaps the page body, the charts are drawn again.
    page.get_by_label("Khối xếp hạng").select_option("district")
    page.wait_for_url(re.compile(r"block=district"))
    page.locator("#ranking-ontime").get_by_role("link", name="Huyện Phù Mỹ").wait_for()
    page.locator("#chart-map canvas").first.wait_for()
    assert map_points(page) == 2  # Phù Mỹ and Vân Canh (no CT01 figure: grey)

    # Back and forward through htmx's history: the charts are drawn again each time.
    page.go_back()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#block")).to_have_value("commune")
    assert map_points(page) == 3
    page.go_forward()
    expect(page.locator("#block")).to_have_value("district")
    assert map_points(page) == 2
    page.go_back()
    expect(page.locator("#block")).to_have_value("commune")

    page.locator("#ranking-ontime").get_by_role("link", name="Xã Mỹ Đức").click()
    page.wait_for_url(f"**/dashboard/units/{tree.commune.pk}/")
    page.get_by_role("heading", name="Xã Mỹ Đức").wait_for()
    assert page.locator("#unit-targets").get_by_text("Đạt", exact=True).count() == 1  # CT01: 36% ≥ 35%
    page.locator("#unit-targets").get_by_role("link", name="CT01").click()
    page.get_by_role("heading", name=re.compile("^CT01")).wait_for()

    # On the map, a click on a unit's point opens its drill-down too.
    page.go_back()
    page.go_back()
    page.locator("#chart-map canvas").first.wait_for()
    page.locator("#chart-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        "(() => { const el = document.getElementById('chart-map'); const chart = echarts.getInstanceByDom(el);"
        " const p = chart.convertToPixel({seriesIndex: 0}, [109.0, 14.15]);"
        " const box = el.getBoundingClientRect(); return [box.left + p[0], box.top + p[1]]; })()"
    )
    page.mouse.click(x, y)
    page.wait_for_url(f"**/dashboard/units/{tree.commune2.pk}/")
    page.get_by_role("heading", name="Xã Mỹ Lộc").wait_for()
    assert page.locator("#unit-actions").get_by_text("Chờ đơn vị giải trình").count() == 1
    assert errors == []
    assert CorrectiveAction.objects.count() == 1  # reading the dashboard changes nothing


def test_a_running_year_is_marked_provisional_and_its_month_left_off_the_chart(page, transactional_db):
    """This year is never settled: the headlines carry "Tạm tính đến ngày …"; this month's figures are
    beside the trend chart, not on it (a week of a month drawn as a month looked like a collapse)."""
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    before = date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    for start in {month, before}:
        data_kpi(unit=tree.province, code="received", kind="month", start=start, value=20)
        data_kpi(unit=tree.province, code="ontime_rate", kind="month", start=start, numerator=15, denominator=20)
    data_kpi(unit=tree.province, code="received", kind="year", start=date(today.year, 1, 1), value=40)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    login(page, users["leader"].username)
    page.goto(f"/dashboard/?year={today.year}")
    expect(page.locator("#provisional")).to_contain_text("Tạm tính đến ngày")
    expect(page.locator("#running-month")).to_contain_text(f"Tháng {today.month:02d}/{today.year} đang diễn ra")
    if today.month > 1:
        page.locator("#chart-trend canvas").first.wait_for()
        months = page.evaluate(
            "echarts.getInstanceByDom(document.getElementById('chart-trend')).getOption().xAxis[0].data")
        assert not any(m.startswith(f"{today.month:02d}/{today.year}") for m in months)
        assert months[-1].startswith(f"{before.month:02d}/{today.year}")
    assert errors == []
