"""Issue 14 item 3's journey in a real browser: the PAR officer runs this year's proposals, records a
reminder to Xã Mỹ Đức about its late dossiers (dated last year), runs them again and sees seed 003's cap
with its reason, overrides the commune's level with a reason, and downloads the list as Excel.

The figures are tests/classification/test_services.py's (Mỹ Đức late again in 2026: 4 of 50 dossiers)."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from cchc.classification.models import Proposal, Reminder
from tests import factories
from tests.browser.test_journey import login
from tests.classification.test_services import make_world

YEAR = "/classification/?year=2026&block=commune"


def test_the_officer_records_a_reminder_sees_the_cap_overrides_and_downloads(page, transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    make_world(tree, users, reminded=False)

    login(page, users["officer"].username)
    page.get_by_role("link", name="Phân loại năm").first.click()  # in the menu
    page.goto(YEAR)  # the figures are 2026's, whatever year the test runs in
    page.get_by_role("button", name="Lập (lại) đề xuất từ số liệu").click()
    page.get_by_text("Đã lập đề xuất cho 3 đơn vị").wait_for()
    row = page.locator("#proposals tr", has_text="Xã Mỹ Đức")
    assert "Hoàn thành tốt nhiệm vụ" in row.inner_text() and "QĐ 4510" not in row.inner_text()

    # The reminder, from the commune's proposal page.
    row.get_by_role("link", name="Xã Mỹ Đức").click()
    page.get_by_role("link", name="Ghi nhận nhắc nhở cho đơn vị này").click()
    page.get_by_label("Ngày nhắc nhở").fill("20/10/2025")
    page.get_by_label("Về việc").select_option("late_dossiers")
    page.get_by_label("Nội dung nhắc nhở").fill("Chấn chỉnh việc giải quyết hồ sơ trễ hẹn trong quý III/2025")
    page.get_by_role("button", name="Ghi nhận").click()
    page.get_by_text("Đã ghi nhận nhắc nhở đối với Xã Mỹ Đức.").wait_for()
    assert Reminder.objects.get().recorded_by == users["officer"]

    # Run again: the cap shows with its reason.
    page.goto(YEAR)
    page.get_by_role("button", name="Lập (lại) đề xuất từ số liệu").click()
    page.get_by_text("Đã lập đề xuất cho 3 đơn vị").wait_for()
    row = page.locator("#proposals tr", has_text="Xã Mỹ Đức")
    text = row.inner_text()
    assert "20/10/2025" in text and "QĐ 4510/QĐ-UBND" in text and "8.00%" in text
    assert "Hoàn thành nhiệm vụ" in text

    # The officer overrides it with a reason.
    row.get_by_role("link", name="Xã Mỹ Đức").click()
    assert "QĐ 4510/QĐ-UBND" in page.locator("#caps").inner_text()
    page.get_by_label("Mức xếp loại").select_option("good")
    page.get_by_role("button", name="Ghi mức xếp loại").click()
    page.get_by_text("Ghi rõ lý do khi xếp loại khác mức đề xuất.").wait_for()  # refused without a reason
    page.get_by_label("Lý do điều chỉnh").fill("Đơn vị đã khắc phục triệt để từ quý IV")
    page.get_by_role("button", name="Ghi mức xếp loại").click()
    page.get_by_text("Đã ghi mức xếp loại của Xã Mỹ Đức.").wait_for()
    proposal = Proposal.objects.get(unit=tree.commune, year=2026)
    assert (proposal.proposed_level, proposal.confirmed_level) == ("done", "good")

    # The list as Excel, with the cap's reason and the override.
    page.goto(YEAR)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename.startswith("phan-loai-2026-commune")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    cells = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "QĐ 4510/QĐ-UBND" in cells and "Đơn vị đã khắc phục triệt để từ quý IV" in cells
