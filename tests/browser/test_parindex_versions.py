"""Issue 13 item 1 in a real browser: the PAR officer uploads a province's index typed in Excel, first with
a mistake (the page names the file, row and field, and nothing is written), then corrected; reads the tree;
downloads it as Excel and imports that download again as a superseding decision: the same tree. The
versions pages have no serious accessibility violation (axe-core)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from cchc.parindex.models import IndexVersion
from tests import factories
from tests.browser.test_accessibility import AXE, serious
from tests.browser.test_journey import login
from tests.parindex.test_structure import rows_small, tree_of, xlsx


def test_the_officer_uploads_reads_downloads_and_supersedes(page, transactional_db, tmp_path):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    wrong = rows_small()
    wrong[2][4] = 15  # 15 + 40 ≠ 60
    (tmp_path / "sai.xlsx").write_bytes(xlsx(wrong))
    (tmp_path / "xa.xlsx").write_bytes(xlsx(rows_small()))

    login(page, users["officer"].username)
    page.goto("/par-index/versions/")
    page.get_by_role("link", name="Nhập bộ chỉ số").click()
    page.get_by_label("Tệp bộ chỉ số (XLSX hoặc YAML)").set_input_files(str(tmp_path / "sai.xlsx"))
    page.get_by_role("button", name="Nhập").click()
    page.get_by_text("sai.xlsx, dòng 4, trường «Điểm tối đa»: Tổng điểm các tiêu chí thành phần (55) khác điểm "
                     "tối đa của tiêu chí (60).").wait_for()
    assert IndexVersion.objects.count() == 0

    page.get_by_label("Tệp bộ chỉ số (XLSX hoặc YAML)").set_input_files(str(tmp_path / "xa.xlsx"))
    page.get_by_role("button", name="Nhập").click()
    page.get_by_text("Đã nhập bộ chỉ số xa-2027.").wait_for()
    tree_text = page.locator("#tree").inner_text()
    assert "Tỷ lệ hồ sơ đúng hạn" in tree_text and "Theo chỉ số ontime_rate: từ 95: 40 điểm" in tree_text
    assert "39,5" in tree_text and "Đơn vị có giải quyết TTHC" in tree_text

    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    exported = Path(download.value.path()).read_bytes()

    # The download, its code changed in Excel, imported as the decision that supersedes the first.
    book = load_workbook(BytesIO(exported))
    book.active["B2"] = "xa-2027-b"
    book.save(tmp_path / "moi.xlsx")
    page.goto("/par-index/versions/upload/")
    page.get_by_label("Tệp bộ chỉ số (XLSX hoặc YAML)").set_input_files(str(tmp_path / "moi.xlsx"))
    page.get_by_label("Thay thế bộ chỉ số (mã)").fill("xa-2027")
    page.get_by_role("button", name="Nhập").click()
    page.get_by_text("Đã nhập bộ chỉ số xa-2027-b.").wait_for()
    old, new = IndexVersion.objects.get(code="xa-2027"), IndexVersion.objects.get(code="xa-2027-b")
    assert tree_of(new) == tree_of(old) and new.supersedes == old and old.status == "superseded"
    page.goto("/par-index/versions/")
    assert "Đã được thay thế" in page.locator("#versions").inner_text()


def test_the_versions_pages_pass_axe(browser, live_server, transactional_db):
    from cchc.parindex.structure import load_illustrative

    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    version = load_illustrative()[1]
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    login(page, users["officer"].username)
    found = []
    for url in ("/par-index/versions/", f"/par-index/versions/{version.pk}/", "/par-index/versions/upload/"):
        page.goto(url)
        found += [f"{url}: {v}" for v in serious(page)]
    page.goto(f"/par-index/versions/{version.pk}/")
    page.screenshot(path=str(Path("/tmp") / "pi-structure-version.png"), full_page=False)
    context.close()
    assert not found, "\n".join(found)
