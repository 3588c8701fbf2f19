"""Phones first-class (issue #12 item 5): on a 390×844 screen no main page scrolls sideways (tables scroll
inside themselves with their key column fixed), the header takes little height with the menu behind an
accessible button, and the 766 ranking shows each unit's total without any sideways scroll."""

from __future__ import annotations

import pytest

from tests.browser.pages import as_role, build_world, in_english

PHONE = {"width": 390, "height": 844}

#: The elements wider than the screen, to name in a failure (what made the page scroll sideways).
WIDE = """(() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !el.closest('table, .chart')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' → ' + Math.round(box.right));
    }
  }
  return out.slice(0, 8);
})()"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_main_page_scrolls_sideways_on_a_phone(phone, transactional_db, language):
    world = build_world()
    signed_in: list[str] = []
    wide: list[str] = []
    for role, name, url in world.pages:
        as_role(phone, world, role, signed_in)
        if language == "en":
            in_english(phone)
        response = phone.goto(url)
        assert response.status == 200, f"{name} as {role}: {response.status}"
        assert phone.locator("html").get_attribute("lang") == language
        phone.wait_for_load_state("load")
        scroll, client = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert client == PHONE["width"]
        if scroll > client:
            wide.append(f"{name} as {role} ({url}): {scroll} > {client}: {phone.evaluate(WIDE)}")
    assert not wide, "\n".join(wide)


def test_the_header_is_compact_and_its_menu_opens_from_a_button(phone, transactional_db):
    world = build_world()
    as_role(phone, world, "focal_commune", [])
    header = phone.locator("header.top")
    assert header.bounding_box()["height"] <= 60
    menu = phone.get_by_role("navigation", name="Điều hướng chính")
    assert not menu.is_visible()
    button = phone.get_by_role("button", name="Chức năng")
    assert button.get_attribute("aria-expanded") == "false"

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    menu.get_by_role("link", name="Hồ sơ TTHC").click()
    phone.wait_for_url("**/dossiers/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Escape closes the menu and gives the focus back to its button.
    button.click()
    assert menu.is_visible()
    phone.keyboard.press("Escape")
    assert not menu.is_visible()
    assert phone.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_the_766_total_is_on_screen_while_the_ranking_scrolls_inside_itself(phone, transactional_db):
    world = build_world()
    as_role(phone, world, "officer", [])
    phone.goto("/scoreboard/?kind=quarter&start=2022-01-01")
    table = phone.locator("#ranking")
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    width = PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # the groups' columns scroll inside the table

    def on_screen(locator) -> bool:
        box = locator.bounding_box()
        return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width

    for i in range(rows.count()):
        assert on_screen(rows.nth(i).locator("td.total")), f"row {i}: the total is off screen"
        assert on_screen(rows.nth(i).locator("td.key")), f"row {i}: the unit's name is off screen"
    # Scrolled to its far end, the table still shows each unit's name and total.
    table.evaluate("t => { t.scrollLeft = t.scrollWidth; }")
    assert on_screen(rows.first.locator("td.key"))
    assert on_screen(rows.first.locator("td.total"))
    assert rows.first.locator("td.key").get_by_role("link").count() == 1
