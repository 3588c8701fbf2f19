"""Issue 13's "Done when" in a real browser, through the pages only (factories make the province, the
users, the index version and two stored figures; every later step is a click): the PAR officer opens the
year's season and forms its Tổ thẩm định; Xã Mỹ Đức's focal point self-scores with evidence and an
explanation, is refused an early submission with the list of what is missing, then submits; the officer
ends self-assessment; the appraiser accepts, adjusts one score with a reason and finishes; the commune
responds once; the appraiser decides and closes; the officer imports the survey points and publishes; the
ranking shows the commune with its rank and band; the unit's report and the season's result download as
DOCX. A second test: a unit masked out of the procedure area by the officer's applicability form shows its
total out of the applicable maximum and the index rescaled to 100.

The index (tests/factories.make_index_version, 20 points): area 1 (1.1.1 evidence 2, 1.1.2 evidence 3,
1.2.1 computed reporting timeliness 2, 1.2.2 computed task completion 2), area 3 for units that handle
procedures (3.1.1 computed on-time rate by thresholds ≥95 → 4, ≥80 → 2; 3.1.2 evidence 2), area 5
(5.1.1 computed 766 total, linear to 100, 2; 5.1.2 computed inspection remediation rate, linear, 1), area
8 (8.1.1 survey 2).
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from cchc.parindex.models import Assessment, Score, Season
from cchc.scoreboard import services as scoreboard
from tests import factories
from tests.browser.test_journey import login

PDF = b"%PDF-1.4\n% ke hoach CCHC\n%%EOF\n"
EXPLANATION = "Kế hoạch tuyên truyền ban hành muộn do sáp nhập đơn vị hành chính."
RESPONSE = "Kế hoạch đã ban hành đúng hạn tại Quyết định 12/QĐ-UBND ngày 05/01, trang 2."


def _dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _relogin(page, user) -> None:
    page.context.clear_cookies()
    login(page, user.username)


def _card(page, code: str):
    return page.locator(f'div.component[data-code="{code}"]')


def _self_score(page, code: str, points: str, state: str, explanation: str = "") -> None:
    card = _card(page, code)
    card.get_by_label("Điểm tự chấm").fill(points)
    card.get_by_label("Minh chứng:", exact=True).select_option(label=state)
    if explanation:
        card.get_by_label("Giải trình:", exact=True).fill(explanation)
    card.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text(f"Đã lưu điểm tự chấm của tiêu chí {code}.").wait_for()


def _row(page, code: str):
    return page.locator("#scores tbody tr", has=page.locator("strong", has_text=re.compile(rf"^{re.escape(code)}$")))


def _docx_text(path: str) -> str:
    from docx import Document

    doc = Document(io.BytesIO(Path(path).read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_whole_season_in_the_browser(page, transactional_db, tmp_path):
    today = timezone.localdate()
    year = today.year
    tree = factories.make_province_tree()
    # Only Xã Mỹ Đức is in force on the opening day: publication waits for every unit of the season to be
    # decided, and this journey walks one commune through every step.
    for unit in (tree.commune2, tree.other_district_commune):
        unit.valid_to = today - timedelta(days=60)
        unit.save()
    users = factories.make_users(tree=tree)
    # The version's own bands (the province's decision), highest first.
    version = factories.make_index_version(code=f"tn-xa-{year}", year=year, bands=[
        {"code": "A", "label": "Xuất sắc", "min_pct": 90}, {"code": "B", "label": "Tốt", "min_pct": 75},
        {"code": "C", "label": "Khá", "min_pct": 60}])
    appraiser = factories.make_appraiser(username="thamdinh")
    # The year's stored figures the computed criteria read: the commune received dossiers (so it handles
    # procedures), 96 % on time (3.1.1: ≥ 95 → 4 points) and 50 % of its inspection findings remedied
    # (5.1.2: 1 × 50 / 100 = 0.5).
    start = date(year, 1, 1)
    factories.make_kpi_value(unit=tree.commune, code="received", start=start, kind="year", value=25, numerator=25,
                             as_of=timezone.now())
    factories.make_kpi_value(unit=tree.commune, code="ontime_rate", start=start, kind="year", value=96,
                             numerator=24, denominator=25, as_of=timezone.now())
    factories.make_kpi_value(unit=tree.commune, code="inspection_remediation_rate", start=start, kind="year",
                             value=50, numerator=1, denominator=2, as_of=timezone.now())

    # 1. The PAR officer opens the year's season and forms its Tổ thẩm định.
    login(page, users["officer"].username)
    page.get_by_role("link", name="Chỉ số CCHC").first.click()
    page.get_by_role("link", name="Mở đợt đánh giá").click()
    page.get_by_label("Bộ chỉ số").select_option(label=version.name)
    page.get_by_label("Ngày mở tự đánh giá").fill(_dmy(today - timedelta(days=3)))
    page.get_by_label("Hạn tự đánh giá").fill(_dmy(today + timedelta(days=14)))
    page.get_by_label("Hạn thẩm định").fill(_dmy(today + timedelta(days=30)))
    page.get_by_label("Số ngày đơn vị được phản hồi kết quả thẩm định").fill("5")
    page.get_by_label("Ngày dự kiến công bố").fill(_dmy(today + timedelta(days=45)))
    page.get_by_role("button", name="Mở đợt đánh giá").click()
    page.get_by_text("Đã mở đợt đánh giá cho 1 đơn vị.").wait_for()
    season = Season.objects.get(version=version)
    mine = Assessment.objects.get(season=season, unit=tree.commune)
    assert mine.handles_procedures

    page.locator("#season-links").get_by_role("link", name="Tổ thẩm định").click()
    page.get_by_label("Thành viên").select_option(label="Người thẩm định (thamdinh)")
    page.get_by_role("button", name="Phân công").click()
    page.get_by_text("Đã phân công Người thẩm định thẩm định.").wait_for()
    assert "Người thẩm định" in page.locator("#members").inner_text()

    # 2. The commune's focal point self-scores.
    _relogin(page, users["focal_commune"])
    page.get_by_role("link", name="Chỉ số CCHC").first.click()
    page.locator("#own").get_by_role("link", name=version.name).click()
    computed = _card(page, "3.1.1").locator(".computed").inner_text()
    assert "96" in computed and "4 điểm" in computed  # prefilled from the stored figure, with its source link
    assert _card(page, "3.1.1").get_by_role("link", name="nguồn số liệu").count() == 1
    assert "chưa có số liệu" in _card(page, "1.2.1").inner_text()

    _self_score(page, "1.1.1", "1,5", "Minh chứng chưa đầy đủ", EXPLANATION)
    # An early submission is refused with the list of what is missing.
    page.get_by_role("button", name="Gửi tổ thẩm định").click()
    issues = page.locator("#submit-issues").inner_text()
    assert "1.1.2. Tiêu chí thành phần 1.1.2: chưa tự chấm điểm." in issues
    assert "3.1.2. Tiêu chí thành phần 3.1.2: chưa tự chấm điểm." in issues
    assert "1.1.1" not in issues

    _self_score(page, "1.1.2", "3", "Đủ minh chứng")
    evidence = tmp_path / "ke-hoach-cchc.pdf"
    evidence.write_bytes(PDF)
    card = _card(page, "1.1.2")
    card.locator("summary", has_text="Đính kèm minh chứng").click()
    card.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    card.get_by_label("Số, ký hiệu văn bản").fill("15/KH-UBND")
    card.get_by_label("Trang, mục chứng minh").fill("Trang 3, mục II.1")
    card.locator("form.evidence-upload button").click()
    page.get_by_text("Đã đính kèm minh chứng cho tiêu chí 1.1.2.").wait_for()
    assert "15/KH-UBND — Trang 3, mục II.1" in _card(page, "1.1.2").locator("ul.evidence").inner_text()
    _self_score(page, "3.1.2", "2", "Đủ minh chứng")
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu cán bộ chuyên trách CCHC.")
    page.get_by_label("Kiến nghị, đề xuất").fill("Đề nghị tập huấn chấm điểm Chỉ số CCHC.")
    page.locator("#report-text").get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu khó khăn, vướng mắc và kiến nghị, đề xuất.").wait_for()
    page.get_by_role("button", name="Gửi tổ thẩm định").click()
    page.get_by_text("Đã gửi bản tự đánh giá tới tổ thẩm định.").wait_for()
    assert "Đã gửi, chờ thẩm định" in page.locator("#status").inner_text()
    assert page.locator("form.self-score").count() == 0

    # 3. The officer ends self-assessment before its due date (confirming it).
    _relogin(page, users["officer"])
    page.goto(season.get_absolute_url())
    page.locator("#season-links").get_by_role("link", name="Tổ thẩm định").click()
    page.get_by_label("Chưa hết hạn tự đánh giá: tôi xác nhận chuyển sang thẩm định trước hạn.").check()
    page.get_by_role("button", name="Chuyển sang thẩm định").click()
    page.get_by_text("Đợt đánh giá đã chuyển sang bước thẩm định.").wait_for()

    # 4. The appraiser accepts all but 1.1.2, adjusts it with a reason, and finishes.
    _relogin(page, appraiser)
    page.locator("#queue").get_by_role("link", name="Xã Mỹ Đức").click()
    assert "15/KH-UBND" in _row(page, "1.1.2").inner_text() and EXPLANATION in _row(page, "1.1.1").inner_text()
    for code in ("1.1.1", "1.2.1", "1.2.2", "3.1.1", "3.1.2", "5.1.1", "5.1.2"):
        row = _row(page, code)
        if "Không áp dụng" in row.inner_text():
            continue
        row.get_by_role("button", name="Chấp nhận").click()
        page.get_by_text(f"Đã ghi điểm thẩm định {code}.").wait_for()
    row = _row(page, "1.1.2")
    row.get_by_label("Điểm thẩm định").fill("2")
    row.get_by_label("Lý do điều chỉnh").fill("Kế hoạch ban hành sau thời hạn 5 ngày.")
    row.get_by_role("button", name="Ghi điểm").click()
    page.get_by_text("Đã ghi điểm thẩm định 1.1.2.").wait_for()
    page.get_by_role("button", name="Hoàn thành thẩm định, gửi kết quả cho đơn vị").click()
    page.get_by_text(re.compile("Đã thẩm định xong Xã Mỹ Đức")).wait_for()

    # 5. The focal point responds once.
    _relogin(page, users["focal_commune"])
    page.goto(mine.get_absolute_url())
    page.locator("#assessment-links").get_by_role("link", name="Phản hồi kết quả thẩm định").click()
    assert page.locator("#adjusted tbody tr").count() == 1
    assert "Kế hoạch ban hành sau thời hạn 5 ngày." in page.locator("#adjusted").inner_text()
    page.get_by_label("Ý kiến của đơn vị 1.1.2").fill(RESPONSE)
    page.get_by_role("button", name="Gửi phản hồi (chỉ gửi được một lần)").click()
    page.get_by_text("Đã gửi phản hồi của đơn vị tới tổ thẩm định.").wait_for()
    assert page.locator("#respond").count() == 0  # no second response: the form is gone
    assert RESPONSE in page.locator("#adjusted").inner_text()
    # Even sent past the page (a valid form, the session's CSRF token), a second response is refused.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    adjusted = Score.objects.get(assessment=mine, component__code="1.1.2")
    second = page.request.post(page.url, form={"csrfmiddlewaretoken": token,
                                               f"response_{adjusted.component_id}": "Ý kiến lần hai."},
                               headers={"Referer": page.url})
    assert "chỉ được phản hồi một lần" in second.text()
    assert Score.objects.get(assessment=mine, component__code="1.1.2").response == RESPONSE

    # 6. The appraiser decides on the response and closes the assessment.
    _relogin(page, appraiser)
    page.locator("#queue").get_by_role("link", name="Xã Mỹ Đức").click()
    row = _row(page, "1.1.2")
    row.get_by_label("Điểm sau phản hồi").fill("2,5")
    row.get_by_label("Lý do quyết định").fill("Quyết định 12/QĐ-UBND chứng minh ban hành đúng hạn một phần.")
    row.get_by_role("button", name="Quyết định").click()
    page.get_by_text("Đã quyết định điểm 1.1.2 sau phản hồi.").wait_for()
    page.get_by_role("button", name="Chốt điểm").click()
    page.get_by_text("Đã chốt điểm của Xã Mỹ Đức.").wait_for()

    # 7. The officer imports the survey points and publishes.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Mã tiêu chí thành phần", "Điểm"])
    sheet.append([tree.commune.code, "8.1.1", "1,5"])
    survey = tmp_path / "diem-dieu-tra.xlsx"
    book.save(survey)
    _relogin(page, users["officer"])
    page.goto(season.get_absolute_url())
    page.locator("#season-links").get_by_role("link", name="Kết quả", exact=True).click()
    page.get_by_label("Tệp điểm điều tra").set_input_files(str(survey))
    page.get_by_role("button", name="Nhập điểm điều tra").click()
    page.get_by_text("Đã nhập 1 điểm điều tra xã hội học.").wait_for()
    page.get_by_label("Số, ký hiệu quyết định công bố").fill("25/QĐ-UBND")
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Đã công bố kết quả, xếp hạng và xếp loại.").wait_for()

    mine.refresh_from_db()
    # 5.1.1 reads the commune's 766 total of the year, the figure its scorecard shows (from the one stored
    # on-time rate: 96 % of the 20 points its indicator carries, 19.20): linear, 2 × 19.20 / 100 = 0.384 →
    # 0.38.
    card = scoreboard.scorecard(tree.commune, "year", start)
    s511 = Score.objects.get(assessment=mine, component__code="5.1.1")
    assert s511.computed_value == Decimal(card.total.points) == Decimal("19.20")
    # By hand: 1.1.1 1.5 + 1.1.2 2.5 (decided after the response) + 1.2.1 0 and 1.2.2 0 (no figure) + 3.1.1 4
    # + 3.1.2 2 + 5.1.1 0.38 + 5.1.2 0.5 + 8.1.1 1.5 (survey) = 12.38 of 20 → 61.90 %.
    expected = Decimal("12.38")
    assert mine.status == "published" and mine.applicable_max == 20
    assert mine.final_total == expected, mine.final_total
    index = (expected * 100 / 20).quantize(Decimal("0.01"))
    assert mine.index_value == index
    ranked = page.locator("#ranking tbody tr").first.inner_text()
    assert "Xã Mỹ Đức" in ranked and ranked.startswith("1")
    assert str(index).replace(".", ",") in ranked
    # 61.90 % is in the version's band C (60–< 75), "Khá".
    assert mine.band == "C" and "Khá" in ranked

    # 8. The season's result and the unit's report as DOCX.
    with page.expect_download() as download:
        page.locator("#result-docs").get_by_role("link", name="Kết quả công bố (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")
    annex = _docx_text(download.value.path())
    assert "Xã Mỹ Đức" in annex and "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH" in annex.upper()

    _relogin(page, users["focal_commune"])
    page.goto(mine.get_absolute_url())
    with page.expect_download() as download:
        page.locator("#assessment-links").get_by_role("link", name="Báo cáo tự đánh giá (Word)").click()
    report = _docx_text(download.value.path())
    assert "MỸ ĐỨC" in report.upper()
    assert EXPLANATION in report and "15/KH-UBND" in report
    page.locator("#assessment-links").get_by_role("link", name="Kết quả", exact=True).click()
    assert page.locator("#band").inner_text() == "Khá"
    assert page.locator("#index-value").inner_text() == f"{str(index).replace('.', ',')}%"


def test_a_masked_area_rescales_on_the_pages(page, transactional_db):
    """The officer marks Xã Mỹ Đức as handling no procedures (a reason given): area 3 (6 points) leaves the
    maximum. The focal point scores 1.1.1 at 2 and 1.1.2 at 3 (full); no figure is stored, so computed
    criteria give nothing, and the survey has no points. By hand: 2 + 3 = 5 of 20 − 6 = 14 → 5 × 100 / 14
    = 35.714… → 35,71 % (against 5 / 20 = 25 % without the mask)."""
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    season = factories.make_season(by=users["officer"])
    mine = season.assessments.get(unit=tree.commune)
    assert mine.handles_procedures  # no dossier figure stored: every unit is taken to handle procedures

    login(page, users["officer"].username)
    page.goto(mine.get_absolute_url())
    page.get_by_label("Đơn vị có giải quyết TTHC").uncheck()
    page.locator("#applicability").get_by_label("Lý do").fill("Xã không tiếp nhận hồ sơ TTHC trong năm.")
    page.get_by_role("button", name="Cập nhật phạm vi áp dụng").click()
    page.get_by_text("Đã cập nhật phạm vi áp dụng của đơn vị.").wait_for()

    _relogin(page, users["focal_commune"])
    page.goto(mine.get_absolute_url())
    assert "Không áp dụng cho đơn vị." in _card(page, "3.1.2").inner_text()
    assert _card(page, "3.1.2").locator("form.self-score").count() == 0
    _self_score(page, "1.1.1", "2", "Đủ minh chứng")
    _self_score(page, "1.1.2", "3", "Đủ minh chứng")
    assert page.locator("#running-total").inner_text() == "5 / 14 điểm áp dụng — 35,71%"

    _relogin(page, users["officer"])
    page.goto(f"/par-index/assessments/{mine.pk}/result/")
    assert page.locator("#index-value").inner_text() == "35,71%"
    assert "5,00/14,00" in page.locator("#summary").inner_text() or "5.00/14.00" in page.locator("#summary").inner_text()
    mine.refresh_from_db()
    assert (mine.final_total, mine.applicable_max, mine.index_value) == (Decimal("5.00"), Decimal("14.00"),
                                                                         Decimal("35.71"))
