"""Under the site's Content-Security-Policy (docs/security.md) the pages still work in a real browser: the
inline select handlers allowed by their hash run (the language switch submits its form), htmx loads, and no
script is refused on the way."""

from __future__ import annotations

import re

from tests import factories
from tests.browser.test_journey import login


def test_the_language_switch_and_htmx_work_under_the_policy(page, transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    login(page, users["officer"].username)
    assert page.evaluate("typeof window.htmx") == "object"
    page.get_by_label("Ngôn ngữ").select_option("en")  # onchange="this.form.submit()": allowed by its hash
    page.locator("html[lang=en]").wait_for()
    page.goto("/units/")  # the unit tree filters through htmx as one types
    with page.expect_response(re.compile(r"/units/\?.*q=")):
        page.locator("#q").fill("Mỹ")
    assert refused == []
