"""The leaders' dashboard in a real browser (issue #4 part 3): the leader opens it, the ECharts charts draw
(a canvas in each box), a filter change swaps the page with htmx and the charts draw again, a unit clicked
on the ranking and on the map opens its drill-down, and from there the target's page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cchc.corrective.models import CorrectiveAction
from tests import factories
from tests.corrective import data


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def map_points(page) -> int:
    """Units drawn in colour on the map (after waiting for the chart to exist)."""
    # Locators, not wait_for_function: Playwright evaluates a function's text with eval, which the site's
    # Content-Security-Policy forbids (docs/security.md); ECharts draws the canvas once the chart exists.
    page.locator("#chart-map canvas").first.wait_for()
    return page.evaluate("echarts.getInstanceByDom(document.getElementById('chart-map')).getOption().series[0].data.length")


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

    # Districts instead of communes: htmx swaps the page body, the charts are drawn again.
    page.get_by_label("Khối xếp hạng").select_option("district")
    page.wait_for_url(re.compile(r"block=district"))
    page.locator("#ranking-ontime").get_by_role("link", name="Huyện Phù Mỹ").wait_for()
    page.locator("#chart-map canvas").first.wait_for()
    assert map_points(page) == 1  # Phù Mỹ; Vân Canh handled no dossier: grey, in the second series

    # Back and forward through htmx's history: the charts are drawn again each time.
    page.go_back()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#block")).to_have_value("commune")
    assert map_points(page) == 3
    page.go_forward()
    expect(page.locator("#block")).to_have_value("district")
    assert map_points(page) == 1
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
