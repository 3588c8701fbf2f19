"""Real-browser tests: Playwright drives Debian's /usr/bin/chromium (never a downloaded browser)."""

from __future__ import annotations

import os

import pytest

from tests.background import worker_beside_server

CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are
    # still synchronous, so allow them explicitly for browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    # launch() gives the browser a fresh temporary profile of its own.
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    with worker_beside_server():  # the jobs the pages queue run while the pages poll, as beside `cchc serve`
        yield page
    context.close()
