"""Accessible (issue #12 item 6): every main page, as the role who uses it, in Vietnamese and in English,
passes axe-core (vendored in tests/browser/vendor/, see its README) with no serious or critical violation;
the keyboard reaches the skip link, the menu and the main content with a visible focus ring; every chart
has a table with the same figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pages import as_role, build_world, in_english

AXE = Path(__file__).parent / "vendor" / "axe.min.js"

#: axe-core run on the whole document, the WCAG 2.x A and AA rules and axe's best practices; only the
#: violations, each with the first few elements it names.
RUN_AXE = """axe.run(document, {resultTypes: ['violations'],
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))})))"""


@pytest.fixture(params=["desktop", "phone"])
def axe_page(browser, live_server, request):
    """A page with axe-core added to every document before the page's own scripts (as a browser extension
    would: the site's Content-Security-Policy still applies to the page itself), on a desktop screen and on
    a phone's (where the menu folds and tables scroll)."""
    viewport = {"width": 1280, "height": 800} if request.param == "desktop" else {"width": 390, "height": 844}
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, viewport=viewport)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def serious(page) -> list[dict]:
    if page.locator(".chart").count():
        page.locator(".chart canvas").first.wait_for()
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_main_pages_pass_axe(axe_page, transactional_db, language):
    world = build_world()
    signed_in: list[str] = []
    found: list[str] = []
    axe_page.goto("/login/")
    if language == "en":
        in_english(axe_page)
        axe_page.reload()
    assert axe_page.locator("html").get_attribute("lang") == language
    found += [f"login: {v}" for v in serious(axe_page)]
    axe_page.context.clear_cookies()  # signing in below reads the Vietnamese labels
    for role, name, url in world.pages:
        as_role(axe_page, world, role, signed_in)
        if language == "en":
            in_english(axe_page)
        response = axe_page.goto(url)
        assert response.status == 200, f"{name} as {role}: {response.status}"
        assert axe_page.locator("html").get_attribute("lang") == language
        found += [f"{name} as {role}: {v}" for v in serious(axe_page)]
    assert not found, "\n".join(found)


def focus_ring(page) -> str:
    """The focused element's outline (or box-shadow ring) as computed by the browser."""
    return page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? 'outline' : (s.boxShadow !== 'none' ? 'shadow' : ''); })()""")


def test_the_keyboard_reaches_the_menu_and_the_main_content_with_a_visible_focus(page, transactional_db):
    world = build_world()
    as_role(page, world, "officer", [])
    page.goto("/plans/")

    page.keyboard.press("Tab")  # first stop: the skip link, shown once focused
    skip = page.get_by_role("link", name="Đến nội dung chính")
    assert page.evaluate("document.activeElement.classList.contains('skip')")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # on screen, no longer parked above it
    assert focus_ring(page)

    page.keyboard.press("Tab")  # the brand, then the menu's links in order
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert page.evaluate("document.activeElement.textContent") == "Việc hôm nay"  # the first item of every menu but the leader's
    assert focus_ring(page)
    page.keyboard.press("Tab")  # Đơn vị
    page.keyboard.press("Tab")  # Kế hoạch CCHC, the page shown
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
    assert focus_ring(page)

    # Back to the top, the skip link takes the focus to the main content; the next Tab is in it.
    page.goto("/plans/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.tagName") in ("A", "SELECT", "BUTTON", "INPUT")
    assert focus_ring(page)


def test_the_menu_button_works_from_the_keyboard_on_a_phone(browser, live_server, transactional_db):
    world = build_world()
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        as_role(page, world, "focal_commune", [])
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")  # brand
        page.keyboard.press("Tab")  # the menu button
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "menu"
        assert focus_ring(page)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Việc hôm nay"
        assert page.get_by_role("link", name="Việc hôm nay").is_visible()
    finally:
        context.close()


def chart_option(page, chart_id: str):
    page.locator(f"#{chart_id} canvas").first.wait_for()
    return page.evaluate(f"echarts.getInstanceByDom(document.getElementById('{chart_id}')).getOption()")


def cells(table, selector: str) -> list[str]:
    return [t.strip() for t in table.locator(selector).all_text_contents()]  # shown or folded


def test_every_chart_has_a_table_with_its_figures(page, transactional_db):
    world = build_world()
    as_role(page, world, "leader", [])
    for url in ("/dashboard/?year=2022", f"/dashboard/units/{world.tree.province.pk}/?year=2022"):
        page.goto(url)
        charts = page.locator(".chart")
        assert charts.count() >= 1
        for i in range(charts.count()):  # each chart's section holds a table, shown or behind "Xem dạng bảng"
            assert charts.nth(i).locator("xpath=ancestor::section[1]//table").count() >= 1, f"{url}: chart {i}"

        # The monthly trend: a row per month drawn, a column per line or bar.
        trend = chart_option(page, "chart-trend")
        table = page.locator("#trend-table")
        months = cells(table, "tbody tr > :first-child")
        assert len(months) == len(trend["xAxis"][0]["data"])
        assert all(shown.startswith(drawn) for shown, drawn in zip(months, trend["xAxis"][0]["data"], strict=True))
        assert cells(table, "thead th")[1:] == [s["name"] for s in trend["series"]]

    page.goto("/dashboard/?year=2022")
    # The map: the same units, each with the verdict and figure its area is coloured by.
    option = chart_option(page, "chart-map")
    drawn = {d["fullName"]: (d["verdict"], d["value"]) for series in option["series"] for d in series["data"]}
    table = page.locator("#map-table")
    rows = table.locator("tbody tr")
    assert rows.count() == len(drawn) == 3
    verdict_names = {v["key"]: v["name"] for v in page.evaluate(
        "JSON.parse(document.getElementById('dash-data').textContent).labels.verdicts")}
    for r in range(rows.count()):
        name = rows.nth(r).locator("th").text_content().strip()
        verdict, value = drawn[name]
        shown = [t.strip() for t in rows.nth(r).locator("td").all_text_contents()]
        assert shown[0] == verdict_names[verdict], name
        assert shown[1] == ("Chưa có số liệu" if value is None else f"{value:.2f}".replace(".", ",")), name

    # The targets' chart: each bar's count per verdict is the number in that target's row of the tables.
    option = chart_option(page, "chart-targets")
    headers = cells(page.locator("#targets table").first, "thead th")
    assert option["yAxis"][0]["data"]
    for i, label in enumerate(option["yAxis"][0]["data"]):
        code = label.split(" · ")[-1]
        row = page.locator("#targets table tbody tr").filter(has=page.get_by_role("link", name=code, exact=True))
        values = [t.strip() for t in row.locator("td").all_inner_texts()]
        for series in option["series"]:
            assert values[headers.index(series["name"])] == str(series["data"][i]["value"]), (code, series["name"])
