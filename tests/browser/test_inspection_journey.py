"""Issue 14 item 1's journey in a real browser: the PAR officer draws this year's commune plan (30% of the
block, riskiest first, with a recorded seed), records the inspection of Xã Mỹ Đức with a finding; the
commune's focal point reports the remediation with its evidence; the inspector confirms it closed; the plan's
coverage and remediation targets show their verdicts (tests/inspections/data.py describes the world)."""

from __future__ import annotations

import re

from django.utils import timezone

from cchc.inspections.choices import RemediationStatus
from cchc.inspections.models import InspectionPlan, RemediationItem
from tests.browser.test_journey import login
from tests.inspections import data


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login/"))


def test_draw_record_remedy_close_and_the_targets_verdicts(page, transactional_db):
    tree, extra, plan, users = data.world()
    year = data.year()

    # 1. The officer draws the commune block's plan with a seed and sees why each unit was chosen.
    login(page, users["officer"].username)
    page.get_by_role("link", name="Kiểm tra CCHC").first.click()
    page.get_by_role("link", name="Lập kế hoạch, rút mẫu đơn vị").click()
    page.get_by_label("Tỉnh").select_option(label="Tỉnh Thử Nghiệm")
    page.locator("#id_year").fill(str(year))
    page.get_by_label("Khối").select_option("commune")
    page.get_by_label("Hạt giống ngẫu nhiên").fill("hanh-trinh")
    page.get_by_role("button", name="Rút mẫu").click()
    page.get_by_text("Đã rút mẫu 3 đơn vị, hạt giống «hanh-trinh».").wait_for()
    units = page.locator("#plan-units").inner_text()
    assert "Xã Thử 1" in units and "Theo mức độ rủi ro" in units
    assert "chưa có số liệu, không tính trọng số" in units  # the PAR index result
    assert page.locator("#seed").inner_text() == "hanh-trinh"

    # 2. ... records the inspection of Xã Mỹ Đức and a finding.
    page.locator("#plan-units tr", has_text="Xã Mỹ Đức").get_by_role("link", name="Chưa kiểm tra").click()
    page.get_by_role("link", name="Lập biên bản kiểm tra").click()
    page.get_by_label("Hình thức kiểm tra").select_option("on_site")
    page.get_by_label("Ngày kiểm tra").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_label("Thành viên đoàn kiểm tra").fill("Nguyễn Văn A — Trưởng đoàn")
    page.get_by_label("Cải cách thủ tục hành chính").fill("Kiểm tra 20 hồ sơ và việc niêm yết TTHC")
    page.get_by_role("button", name="Lưu biên bản").click()
    page.get_by_text("Đã lưu biên bản kiểm tra.").wait_for()
    page.get_by_label("Lĩnh vực").select_option("TTHC")
    page.get_by_label("Tồn tại, hạn chế").fill("Chưa niêm yết 3 TTHC mới")
    page.get_by_role("button", name="Ghi tồn tại").click()
    page.get_by_text("Đã ghi tồn tại và việc khắc phục của đơn vị.").wait_for()
    assert "Chưa niêm yết 3 TTHC mới" in page.locator("#findings").inner_text()
    logout(page)

    # 3. The commune's focal point reports the remediation.
    login(page, users["focal_commune"].username)
    page.get_by_role("link", name="Kiểm tra CCHC").first.click()
    assert "Xã Thử 1" not in page.locator("main").inner_text()  # only its own unit's
    page.get_by_role("link", name="Chưa niêm yết 3 TTHC mới").click()
    page.get_by_label("Kết quả khắc phục").fill("Đã niêm yết đủ 3 TTHC tại Bộ phận Một cửa")
    page.get_by_role("button", name="Gửi đoàn kiểm tra").click()
    page.get_by_text("Đã gửi kết quả khắc phục tới đoàn kiểm tra.").wait_for()
    logout(page)

    # 4. The inspector confirms it closed.
    login(page, users["inspector"].username)
    page.get_by_role("link", name="Kiểm tra CCHC").first.click()
    page.get_by_role("link", name="Chưa niêm yết 3 TTHC mới").click()
    page.get_by_label("Xác nhận đã khắc phục").check()
    page.get_by_role("button", name="Ghi kết luận").click()
    page.get_by_text("Đã xác nhận đơn vị khắc phục xong.").wait_for()
    assert page.locator("#item-status").inner_text() == "Đã khắc phục (đoàn kiểm tra xác nhận)"
    assert RemediationItem.objects.get().status == RemediationStatus.CLOSED
    assert InspectionPlan.objects.get().seed == "hanh-trinh"

    # 5. The targets show their verdicts: coverage 1/10 = 10% < 30% (not met), remediation 1/1 = 100% (met).
    coverage = plan.targets.get(code="KT01")
    remediation = plan.targets.get(code="KT02")
    page.goto(f"/plans/targets/{coverage.pk}/")
    row = page.locator("#verdicts tr", has_text="Xã Mỹ Đức").inner_text()
    assert "Không đạt" in row or "Có nguy cơ không đạt" in row
    page.goto(f"/plans/targets/{remediation.pk}/")
    assert "Đạt" in page.locator("#verdicts tr", has_text="Xã Mỹ Đức").inner_text()
