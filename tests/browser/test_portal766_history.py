"""A unit's published 766 history in a real browser: the leader opens the reconciliation page, drills into
a unit, opens its history, and the ECharts line draws (a canvas) with the published totals and ranks, with
no script error (the page's scripts are static files under the site's Content-Security-Policy)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from cchc.portal766 import services
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests import factories
from tests.browser.test_dashboard import login

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_10102026.json"
OLDER = ROOT / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_02102026.json"


def test_leader_drills_into_a_unit_and_reads_its_published_history(page, transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.17", unit=tree.snv)
    services.import_snapshot(OLDER.read_bytes(), OLDER.name)
    services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # a script's error (the favicon's 404 is not one)
    login(page, users["leader"].username)
    page.goto("/portal766/")
    expect(page.locator("#reconciliation")).to_contain_text("79,27")
    page.get_by_role("link", name=tree.snv.name).click()
    expect(page.locator("#groups")).to_contain_text("79,27")
    page.get_by_role("link", name="Điểm và thứ hạng Cổng công bố qua các ngày").click()
    page.locator("#chart-history canvas").first.wait_for()
    series = page.evaluate("echarts.getInstanceByDom(document.getElementById('chart-history')).getOption().series"
                           ".map(s => s.data)")
    assert series == [["79.07", "79.27"], [1, 1]]
    expect(page.locator("#history")).to_contain_text("02/10/2026")
    assert errors == []
