"""Issue 13 item 3 in a real browser: the PAR officer publishes a decided commune season from its results
page, reads the ranking, opens Xã Mỹ Đức's result (the chart of points lost by area is drawn), corrects a
component with a reason and sees revision 2 beside revision 1; then the commune's focal point reads its
published result. Points: tests/parindex/test_results.py's."""

from __future__ import annotations

from cchc.parindex.models import ResultRevision
from tests import factories
from tests.browser.test_journey import login
from tests.parindex.test_results import POINTS_A, POINTS_B


def test_publish_read_correct_and_the_focal_point_reads(page, transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    season = factories.make_par_result_season(version=factories.make_par_result_version(year=2026, block="commune"),
                                       units=[tree.commune, tree.commune2])
    mine = factories.score_par(assessment=season.assessments.get(unit=tree.commune), points=POINTS_A)
    factories.score_par(assessment=season.assessments.get(unit=tree.commune2), points=POINTS_B)

    login(page, users["officer"].username)
    page.goto(f"/par-index/seasons/{season.pk}/results/")
    page.get_by_label("Số, ký hiệu quyết định công bố").fill("15/QĐ-UBND")
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Đã công bố kết quả, xếp hạng và xếp loại.").wait_for()
    rows = page.locator("#ranking tbody tr")
    # Mỹ Đức 80 % (B) leads; Mỹ Lộc, handling procedures here, 23 of 30 → 76,67 % (C)
    assert "Xã Mỹ Đức" in rows.nth(0).inner_text() and "Nhóm B" in rows.nth(0).inner_text()
    assert "Xã Mỹ Lộc" in rows.nth(1).inner_text() and "Nhóm C" in rows.nth(1).inner_text()
    page.locator("#ranking").get_by_role("link", name="Xã Mỹ Đức").click()
    page.locator("#lost-chart canvas").wait_for()  # ECharts drew the chart
    assert page.locator("#index-value").inner_text() == "80,00%"

    page.get_by_label("Tiêu chí thành phần").select_option(label="3.1.1. Tiêu chí thành phần 3.1.1 (3,00/6,00)")
    page.get_by_label("Điểm đúng").fill("6")
    page.get_by_label("Lý do đính chính").fill("Minh chứng bổ sung được chấp nhận")
    page.get_by_role("button", name="Đính chính (tạo lần công bố mới)").click()
    page.get_by_text("Đã đính chính kết quả (lần công bố 2).").wait_for()
    assert page.locator("#index-value").inner_text() == "90,00%"
    assert page.locator("#revisions tbody tr").count() == 2
    assert list(ResultRevision.objects.filter(assessment=mine).values_list("revision", flat=True)) == [1, 2]

    page.context.clear_cookies()
    login(page, users["focal_commune"].username)
    page.goto(f"/par-index/assessments/{mine.pk}/result/")
    assert page.locator("#band").inner_text() == "Nhóm A"
    assert page.locator("#correct-form").count() == 0
