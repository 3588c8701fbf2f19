"""Issue 11 in a real browser: an officer uploads a portal export whose unit name CCHC does not know, finds
the unit by typing part of its name on the job page, maps it, and the same file imports."""

from __future__ import annotations

import csv
import io

from cchc.dossiers.models import Dossier
from cchc.units.models import UnitAlias
from tests import factories
from tests.background import wait_for_background_work
from tests.browser.test_journey import login
from tests.dossiers.helpers import DATA


def test_officer_maps_an_unknown_unit_name_and_the_file_imports(page, transactional_db, settings, tmp_path):
    settings.ANALYTICS_DUCKDB_PATH = tmp_path / "analytics.duckdb"
    rows = list(csv.DictReader(io.StringIO((DATA / "portal_dossiers.csv").read_text(encoding="utf-8"))))
    for row in rows:
        if row["MaDonVi"] == "90101":
            row["MaDonVi"], row["DonViXuLy"] = "", "UBND xã Phù Mỹ"
    export = tmp_path / "xuat-dvcqg.csv"
    with export.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["STT", *rows[0]])
        writer.writeheader()
        writer.writerows({"STT": n, **row} for n, row in enumerate(rows, start=1))
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    for code in {row["MaTTHC"] for row in rows}:
        factories.make_procedure(code=code, time_limit=3)
    phu_my = factories.make_unit(key="t:commune:phu-my", code="90103", name="Xã Phù Mỹ", kind="commune",
                                 parent=tree.district, province=tree.province)

    login(page, users["officer"].username)
    page.goto("/dossiers/upload/")
    page.get_by_label("Tệp hồ sơ").set_input_files(str(export))
    page.get_by_label("Hệ thống nguồn").fill("dvcqg")
    page.get_by_role("button", name="Nhập", exact=True).click()
    mapping = page.locator("#job-map-units")
    mapping.wait_for(timeout=30_000)  # the page polls the background import until it is refused
    assert "UBND xã Phù Mỹ" in mapping.inner_text()
    # The search box before the choice keeps the units whose name holds the words typed, accents ignored.
    page.get_by_label("Tìm đơn vị theo tên hoặc mã (UBND xã Phù Mỹ)").fill("phu my")
    assert page.locator("#map-0").input_value() == str(phu_my.pk)
    page.get_by_role("button", name="Ghi ánh xạ và nhập lại tệp").click()
    page.locator("#job-summary").wait_for(timeout=30_000)

    assert "hồ sơ mới" in page.locator("#job-summary").inner_text()
    assert UnitAlias.objects.get(name="UBND xã Phù Mỹ").unit == phu_my
    assert Dossier.objects.filter(unit=phu_my).exists()
    wait_for_background_work()
