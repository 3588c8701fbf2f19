"""Issue #4's journey in a real browser: the PAR officer opens Q1 with a deadline; the commune's focal
point finds its report prefilled, writes the narrative and a manual measure with evidence, and submits;
the officer returns it with a comment; the focal point sees the comment, corrects and resubmits; the
officer approves, generates the province's documents and downloads the DOCX (in the NĐ 30/2020 format)."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from django.utils import timezone
from docx import Document

from cchc.reporting.models import GeneratedDocument, UnitReport
from tests import factories
from tests.browser.test_journey import login


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login/"))


def _world():
    """This year's plan (the factories' plan moved to the current year) and the commune's Q1 figures."""
    year = timezone.localdate().year
    tree = factories.make_province_tree()
    factories.make_plan(tree=tree, year=year)
    users = factories.make_users(tree=tree)
    as_of = timezone.now() - timedelta(days=1)
    for code, value in (("received", 120), ("digitised_results_rate", 30)):
        factories.make_kpi_value(unit=tree.commune, code=code, start=date(year, 1, 1), numerator=value, value=value,
                                 as_of=as_of)
    return tree, users, year


def test_periodic_report_from_opening_to_the_provinces_documents(page, transactional_db, tmp_path):
    tree, users, year = _world()
    deadline = timezone.localdate() + timedelta(days=7)

    # 1. The officer opens Q1 with a deadline, for every commune.
    login(page, users["officer"].username)
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name="Mở kỳ báo cáo").click()
    page.get_by_label("Tỉnh").select_option(label="Tỉnh Thử Nghiệm")
    page.get_by_label("Loại kỳ").select_option("quarter")
    page.get_by_label("Năm").fill(str(year))
    page.get_by_label("Quý (với kỳ quý)").select_option("1")
    page.get_by_label("Hạn gửi báo cáo").fill(f"{deadline:%d/%m/%Y}")
    page.get_by_label("Tất cả UBND cấp xã").check()
    page.get_by_role("button", name="Mở kỳ báo cáo").click()
    page.get_by_text(f"Đã mở kỳ báo cáo Quý I/{year}: 3 đơn vị phải báo cáo").wait_for()
    assert page.locator("#deadline").inner_text() == f"{deadline:%d/%m/%Y}"
    logout(page)

    # 2. The commune's focal point finds its report prefilled, fills it in and submits.
    login(page, users["focal_commune"].username)
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name=f"Báo cáo Quý I/{year}").click()
    assert "NV02" in page.locator("#tasks").inner_text()
    assert "Có nguy cơ không đạt" in page.locator("#target-statuses").inner_text()  # 30% against ≥ 35%
    assert "Hồ sơ tiếp nhận trong kỳ" in page.locator("#kpis").inner_text()
    evidence = tmp_path / "khao-sat-thoi-gian-cho.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% khao sat\n%%EOF\n")
    page.get_by_label("Kết quả CT02").fill("32")
    page.get_by_label("Cách tính, nguồn số liệu CT02").fill("Khảo sát 200 lượt tại bộ phận một cửa")
    page.get_by_label("Minh chứng CT02").set_input_files(str(evidence))
    page.locator("#id_area-TTHC-results").fill("Đã số hóa 30% kết quả giải quyết TTHC còn hiệu lực.")
    page.get_by_role("button", name="Lưu và gửi báo cáo").click()
    page.get_by_text(f"Đã gửi báo cáo Quý I/{year} tới Sở Nội vụ.").wait_for()
    assert page.locator("#report-state").inner_text() == "Đã gửi"
    logout(page)

    # 3. The officer returns it with a comment.
    login(page, users["officer"].username)
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name=f"Quý I/{year}").click()
    page.locator("#units tr", has_text="Xã Mỹ Đức").get_by_role("link", name="Xem xét").click()
    page.get_by_label("Ý kiến của Sở Nội vụ").fill("Thời gian chờ 32 phút vượt ngưỡng 30 phút: đề nghị kiểm tra lại số liệu.")
    page.get_by_role("button", name="Trả lại để hoàn thiện").click()
    page.get_by_text("Đã trả lại báo cáo cho Xã Mỹ Đức.").wait_for()
    logout(page)

    # 4. The focal point sees the comment, corrects and resubmits.
    login(page, users["focal_commune"].username)
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name=f"Báo cáo Quý I/{year}").click()
    assert "đề nghị kiểm tra lại số liệu" in page.locator("#review-comments").inner_text()
    page.get_by_label("Kết quả CT02").fill("28")
    page.get_by_role("button", name="Lưu và gửi lại báo cáo").click()
    page.get_by_text(f"Đã gửi báo cáo Quý I/{year} tới Sở Nội vụ.").wait_for()
    assert page.locator("#report-state").inner_text() == "Đã gửi lại"
    logout(page)

    # 5. The officer approves, then generates the province's documents and downloads the DOCX.
    login(page, users["officer"].username)
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name=f"Quý I/{year}").click()
    page.locator("#units tr", has_text="Xã Mỹ Đức").get_by_role("link", name="Xem xét").click()
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.get_by_text("Đã duyệt báo cáo của Xã Mỹ Đức.").wait_for()
    report = UnitReport.objects.get(unit=tree.commune, is_current=True)
    assert (report.state, report.version) == ("approved", 1)
    assert "gửi đúng hạn" in page.locator("#timeliness").inner_text()

    page.get_by_role("link", name="Tạo báo cáo của tỉnh (Word, Excel, PDF)").click()
    page.get_by_label("Họ và tên người ký").fill("Nguyễn Văn A")
    page.get_by_role("button", name="Tạo văn bản").click()
    page.locator("#document-files").wait_for(timeout=180_000)  # the page polls the background generation
    document = GeneratedDocument.objects.get()
    assert document.state == "done", document.error
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo (Word, DOCX)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    docx = Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"quý I năm {year}" in text
    assert "Xã Mỹ Đức: Đã số hóa 30% kết quả giải quyết TTHC còn hiệu lực." in text
    assert page.get_by_role("link", name="Báo cáo (PDF)").count() == 1
