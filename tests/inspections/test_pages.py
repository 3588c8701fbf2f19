"""The inspection pages and documents: the officer draws and sees each unit's risk inputs and why it was
chosen, a focal point sees only its own unit's inspection and item (another's is refused), the unit submits
its evidence and the inspector closes the item; the plan, record and notice download as NĐ 30/2020 DOCX."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cchc.inspections import records, services
from cchc.inspections.choices import RemediationStatus
from cchc.inspections.models import InspectionPlan, RemediationItem
from tests.factories import client_for, make_user
from tests.inspections import data


@pytest.fixture
def w(db):
    return data.world()


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_the_officer_draws_on_the_page_and_sees_why_each_unit_was_chosen(w):
    tree, _extra, _plan, users = w
    client = client_for(user=users["officer"])
    page = client.get(reverse("inspections:draw"))
    assert page.status_code == 200 and "Trọng số: Kết quả Chỉ số CCHC năm gần nhất" in page.content.decode()
    form = {"province": tree.province.pk, "year": data.year(), "block": "commune", "share": "", "random_share": "30",
            "seed": "trang-1", **{f"w_{k}": v for k, v in
                                  {"ontime_rate": 25, "late_without_apology": 20, "integrity_flags": 15, "par_index": 15,
                                   "unremedied_findings": 15, "years_since_inspected": 10}.items()}}
    response = client.post(reverse("inspections:draw"), form, follow=True)
    body = response.content.decode()
    assert "Đã rút mẫu 3 đơn vị, hạt giống «trang-1»." in body
    assert "Xã Thử 1" in body and "Theo mức độ rủi ro" in body
    assert "chưa có số liệu, không tính trọng số" in body  # the PAR index
    plan = InspectionPlan.objects.get()
    issued = client.post(reverse("inspections:plan_change", args=[plan.pk, "issue"]), {"i-number": "12"}, follow=True)
    assert "Đã ban hành kế hoạch kiểm tra." in issued.content.decode()
    docx = client.get(reverse("inspections:plan_docx", args=[plan.pk]))
    text = _text(docx.content)
    assert "KẾ HOẠCH" in text and "trang-1" in text and "Xã Thử 1" in text and "12/KH-SNV" in text
    # a bad share: a message on the field, no plan
    form.update(block="agency", share="150")
    again = client.post(reverse("inspections:draw"), form)
    assert again.status_code == 200 and InspectionPlan.objects.count() == 1


def test_who_may_open_what(w):
    tree, extra, _plan, users = w
    plan = services.draw_plan(user=users["officer"], province=tree.province, year=data.year(), block="commune",
                              seed="abc")
    inspection = plan.units.get(unit=extra[0]).inspection
    focal = client_for(user=users["focal_commune"])  # Xã Mỹ Đức: not Xã Thử 1
    assert focal.get(reverse("inspections:plan", args=[plan.pk])).status_code == 403
    assert focal.get(reverse("inspections:draw")).status_code == 403
    assert focal.get(reverse("inspections:inspection", args=[inspection.pk])).status_code == 403
    assert client_for(user=users["leader"]).get(reverse("inspections:draw")).status_code == 403
    assert client_for(user=users["leader"]).get(reverse("inspections:plan", args=[plan.pk])).status_code == 200
    assert focal.get(reverse("inspections:index")).status_code == 200


def test_record_notice_remedy_and_close_through_the_pages(w):
    tree, extra, _plan, users = w
    plan = services.draw_plan(user=users["officer"], province=tree.province, year=data.year(), block="commune",
                              seed="abc")
    inspection = plan.units.get(unit=extra[0]).inspection
    officer = client_for(user=users["officer"])
    day = timezone.localdate() - timedelta(days=2)
    response = officer.post(reverse("inspections:record", args=[inspection.pk]), {
        "mode": "on_site", "held_on": f"{day:%d/%m/%Y}", "team": "Nguyễn Văn A — Trưởng đoàn",
        "participants": "Chủ tịch UBND xã", "recommendations": "Niêm yết đủ TTHC", "area_TTHC": "20 hồ sơ"})
    assert response.status_code == 302
    response = officer.post(reverse("inspections:finding", args=[inspection.pk]), {
        "f-area": "TTHC", "f-severity": "major", "f-text": "Chưa niêm yết 3 TTHC", "f-action": "", "f-deadline": ""})
    assert response.status_code == 302
    response = officer.post(reverse("inspections:notice", args=[inspection.pk]), {
        "issued_on": f"{day:%d/%m/%Y}", "actions": "Niêm yết đủ TTHC", "deadline": f"{day + timedelta(days=20):%d/%m/%Y}"})
    assert response.status_code == 302
    record = _text(officer.get(reverse("inspections:docx", args=[inspection.pk, "record"])).content)
    assert "BIÊN BẢN" in record and "Chưa niêm yết 3 TTHC" in record and "Nguyễn Văn A" in record
    notice = _text(officer.get(reverse("inspections:docx", args=[inspection.pk, "notice"])).content)
    assert "THÔNG BÁO" in notice and "Niêm yết đủ TTHC" in notice

    item = RemediationItem.objects.get()
    other = client_for(user=users["focal_commune"])
    assert other.get(reverse("inspections:item", args=[item.pk])).status_code == 403
    focal = client_for(user=make_user(username="dm.x1", role="focal_point", unit=extra[0]))
    assert "Báo cáo kết quả khắc phục" in focal.get(reverse("inspections:item", args=[item.pk])).content.decode()
    evidence = SimpleUploadedFile("anh-niem-yet.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = focal.post(reverse("inspections:item_submit", args=[item.pk]),
                          {"s-evidence": "Đã niêm yết đủ", "s-evidence_file": evidence})
    assert response.status_code == 302
    assert officer.post(reverse("inspections:item_close", args=[item.pk]), {"c-decision": "confirm"}).status_code == 403
    inspector = client_for(user=users["inspector"])
    response = inspector.post(reverse("inspections:item_close", args=[item.pk]), {"c-decision": "confirm"}, follow=True)
    assert "Đã xác nhận đơn vị khắc phục xong." in response.content.decode()
    item.refresh_from_db()
    assert item.status == RemediationStatus.CLOSED and item.evidence_name == "anh-niem-yet.pdf"
    api = focal.get("/api/v1/inspections/items").json()
    assert [i["status"] for i in api] == ["closed"]
    assert other.get("/api/v1/inspections/items").json() == []


def test_records_need_a_record_before_findings(w):
    tree, extra, _plan, users = w
    plan = services.draw_plan(user=users["officer"], province=tree.province, year=data.year(), block="commune",
                              seed="abc")
    inspection = plan.units.get(unit=extra[0]).inspection
    response = client_for(user=users["officer"]).post(reverse("inspections:finding", args=[inspection.pk]), {
        "f-area": "TTHC", "f-severity": "major", "f-text": "X"})
    assert response.status_code == 200 and "Lập biên bản kiểm tra trước khi ghi tồn tại." in response.content.decode()
    assert not records.Finding.objects.exists()
