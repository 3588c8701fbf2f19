"""ILLUSTRATIVE DATA, NOT FACTS: the current year's PAR inspection plans of today's Gia Lai, one per block,
drawn with fixed seeds (the same units on every install with the same figures), and one inspection of the
demo commune (Xã Phù Mỹ) with three findings: one remedied by the commune and closed by the inspector, two
still open; so the officer, the inspector and the commune's focal point each find something to do, and the
plan's targets MH06/MH07 (coverage per block, findings remedied within the year) show their verdicts.
Idempotent: nothing is drawn again once the year's plans exist."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cchc.inspections import records, services
from cchc.inspections.models import InspectionPlan
from cchc.units.models import Unit

PROVINCE_KEY = "vn:2025:province:52"  # today's Gia Lai
COMMUNE_KEY = "vn:2025:commune:21730"  # Xã Phù Mỹ, the demo's commune account
NOTE = "Dữ liệu minh họa do lệnh «cchc demo load» tạo."
FINDINGS = (
    ("TTHC", "major", "Chưa niêm yết công khai đầy đủ 3 thủ tục hành chính mới ban hành tại Bộ phận Một cửa (minh họa)."),
    ("CQS", "minor", "Tỷ lệ số hóa kết quả giải quyết TTHC còn thấp so với chỉ tiêu kế hoạch (minh họa)."),
    ("CDDH", "minor", "Chưa ban hành kế hoạch tự kiểm tra CCHC của đơn vị (minh họa)."),
)


def load() -> int:
    """Draw the year's plans (agency and commune blocks) and record the demo inspection; returns the number
    of plans drawn (0 when they already exist or the province is missing)."""
    province = Unit.objects.filter(key=PROVINCE_KEY).first()
    users = get_user_model().objects.in_bulk(["snv.cchc", "thanhtra", "dm.xaphumy"], field_name="username")
    if province is None or len(users) < 3:
        return 0
    today = timezone.localdate()
    year = today.year
    if InspectionPlan.objects.filter(province=province, year=year).exists():
        return 0
    officer, inspector, focal = users["snv.cchc"], users["thanhtra"], users["dm.xaphumy"]
    plans = {block: services.draw_plan(user=officer, province=province, year=year, block=block,
                                       seed=f"minh-hoa-{year}-{block}")
             for block in ("agency", "commune")}
    commune = Unit.objects.filter(key=COMMUNE_KEY).first()
    if commune is None:
        return len(plans)
    plan = plans["commune"]
    row = plan.units.filter(unit=commune).first() or services.add_unit(
        user=officer, plan=plan, unit=commune, reason=f"Đơn vị có tài khoản mẫu. {NOTE}")
    held = max(date(year, 1, 2), min(date(year, 10, 15), today - timedelta(days=7)))
    inspection = records.record_inspection(
        user=officer, inspection=row.inspection, mode="on_site", held_on=held,
        team="Chuyên viên CCHC Sở Nội vụ — Trưởng đoàn (minh họa)\nThành viên đoàn kiểm tra (minh họa)",
        participants="Chủ tịch UBND xã (minh họa)\nCông chức Văn phòng — Thống kê (minh họa)",
        content={"CDDH": "Kế hoạch CCHC năm, báo cáo định kỳ (minh họa).",
                 "TTHC": "Niêm yết, công khai TTHC; 20 hồ sơ giải quyết trong quý (minh họa).",
                 "CQS": "Số hóa hồ sơ, kết quả giải quyết TTHC (minh họa)."},
        recommendations=f"Khắc phục các tồn tại nêu tại biên bản trước 31/12/{year}. {NOTE}")
    # The second finding is due within days (its reminder shows in the focal point's and inspector's
    # notices); the others by the year's end.
    soon = min(date(year, 12, 31), today + timedelta(days=5))
    found = [records.add_finding(user=officer, inspection=inspection, area=area, severity=severity, text=text,
                                 deadline=soon if i == 1 else None)
             for i, (area, severity, text) in enumerate(FINDINGS)]
    records.issue_notice(user=officer, inspection=inspection, issued_on=held + timedelta(days=3),
                         actions="Khắc phục các tồn tại nêu tại biên bản, báo cáo kết quả kèm minh chứng (minh họa).",
                         deadline=date(year, 12, 31))
    item = found[0].remediation
    records.submit_item(user=focal, item=item, evidence="Đã niêm yết đủ 3 TTHC tại Bộ phận Một cửa, kèm ảnh (minh họa).")
    records.close_item(user=inspector, item=item, confirm=True)
    return len(plans)
