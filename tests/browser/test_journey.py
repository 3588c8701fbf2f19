"""Key journeys in a real browser (issue #2): a commune's focal point logs in, reports progress on their
unit's task with an evidence file, sees it in the history, and cannot open another unit's edit page."""

from __future__ import annotations

import re

from cchc.plans.models import Assignment, ProgressUpdate
from tests import factories
from tests.background import wait_for_background_work


def login(page, username: str, password: str = factories.PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/$"))


def test_focal_point_reports_progress_with_evidence(page, transactional_db, tmp_path):
    tree = factories.make_province_tree()
    factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)
    mine = Assignment.objects.get(task__code="NV02", unit=tree.commune)
    theirs = Assignment.objects.get(task__code="NV02", unit=tree.commune2)

    login(page, users["focal_commune"].username)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Nhiệm vụ của đơn vị").first.click()
    page.get_by_role("link", name="NV02").click()
    page.get_by_role("link", name="Cập nhật tiến độ").click()

    evidence = tmp_path / "bien-ban-so-hoa.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bi\xc3\xaan b\xe1\xba\xa3n s\xe1\xbb\x91 h\xc3\xb3a\n%%EOF\n")
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Nội dung đã thực hiện").fill("Đã số hóa 60% kết quả giải quyết TTHC còn hiệu lực.")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu cập nhật").click()

    page.get_by_text("Đã ghi nhận cập nhật tiến độ.").wait_for()
    history = page.locator("#history")
    assert "Đã số hóa 60% kết quả" in history.inner_text()
    assert "bien-ban-so-hoa.pdf" in history.inner_text()
    with page.expect_download() as download:
        history.get_by_role("link", name="bien-ban-so-hoa.pdf").click()
    assert download.value.suggested_filename == "bien-ban-so-hoa.pdf"

    mine.refresh_from_db()
    assert mine.progress == 60
    assert ProgressUpdate.objects.get(assignment=mine).author == users["focal_commune"]

    # Another commune's work: viewable, but its edit page is refused by the server.
    page.goto(f"/plans/assignments/{theirs.pk}/")
    assert page.locator("#update-progress").count() == 0
    response = page.goto(f"/plans/assignments/{theirs.pk}/update/")
    assert response.status == 403
    assert "Không có quyền truy cập" in page.content()
    theirs.refresh_from_db()
    assert theirs.progress == 0


def test_officer_browses_units_and_plan_in_both_languages(page, transactional_db):
    tree = factories.make_province_tree()
    plan = factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)

    login(page, users["officer"].username)
    page.get_by_role("link", name="Kế hoạch CCHC").first.click()
    page.get_by_role("link", name=plan.document_number).click()
    assert page.get_by_role("heading", name="Cải cách thủ tục hành chính").count() == 1
    assert "≥ 50%" in page.content()

    page.get_by_role("link", name="Đơn vị").first.click()
    page.get_by_label("Tìm đơn vị").fill("Mỹ Lộc")
    page.locator("#results").get_by_role("link", name="Xã Mỹ Lộc").wait_for()

    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("heading", name="Administrative unit tree").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_label("Language").select_option("vi")
    page.get_by_role("heading", name="Cây đơn vị hành chính").wait_for()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_officer_uploads_a_portal_export_and_reads_the_scoreboard(page, transactional_db, settings, tmp_path):
    """Issue #3's journey: upload a one-stop export in the portal's field names, watch the import, then
    find the units ranked by the Decision 766 score computed from it, and drill down to the dossiers."""
    import csv
    import io
    from pathlib import Path

    settings.ANALYTICS_DUCKDB_PATH = tmp_path / "analytics.duckdb"
    export = Path(__file__).resolve().parents[1] / "dossiers" / "data" / "portal_dossiers.csv"
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    for code in {row["MaTTHC"] for row in csv.DictReader(io.StringIO(export.read_text(encoding="utf-8")))}:
        factories.make_procedure(code=code, time_limit=3)

    login(page, users["officer"].username)
    page.get_by_role("link", name="Hồ sơ TTHC").first.click()
    page.get_by_role("link", name="Nhập tệp hồ sơ").click()
    page.get_by_label("Tệp hồ sơ").set_input_files(str(export))
    page.get_by_label("Hệ thống nguồn").fill("motcua-binhdinh")
    page.get_by_role("button", name="Nhập").click()
    page.locator("#job-summary").wait_for(timeout=30_000)  # the page polls the background import
    assert "hồ sơ mới" in page.locator("#job-summary").inner_text()
    wait_for_background_work()

    page.get_by_role("link", name="Chỉ số 766").first.click()
    ranking = page.locator("#ranking")
    ranking.wait_for()
    assert "Xã Mỹ Đức" in ranking.inner_text()
    # "Tải Excel" downloads the table shown: a workbook whose unit column holds the page's units, in order.
    from openpyxl import load_workbook

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename.startswith("xep-hang-766-commune-")
    saved = io.BytesIO(Path(download.value.path()).read_bytes())  # saved without a suffix openpyxl would check
    rows = list(load_workbook(saved).active.iter_rows(min_row=3, values_only=True))
    assert [r[3] for r in rows] == [a.inner_text() for a in ranking.locator("tbody tr td a").all()]
    ranking.get_by_role("link", name="Xã Mỹ Đức").click()
    page.locator("#indicators").wait_for()
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in page.locator("#indicators").inner_text()
