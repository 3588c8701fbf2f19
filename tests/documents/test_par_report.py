"""The periodic PAR report (issue #4 part 2): content read from the database, the DOCX in the NĐ 30/2020
format, the XLSX annexes, the PDF, and reproducibility.

The world: the test province (tests/factories.py) with the plan TN-2022 (areas CDDH, TTHC; target CT01
"digitised results" ≥ 50 / 40 / 35% for province / district / commune level, target CT02 "waiting time"
≤ 30 minutes entered by units; task NV01 led by Sở Nội vụ, task NV02 for every commune), KPI values written
by hand for Q1 2022, and progress updates dated by hand. Expected values are worked out below each fixture.

Sources: DOMAIN §11 Q1 (NĐ 30/2020 elements), seeds 001/003 (units report quarterly, at 6 months and at
year end through the Department of Home Affairs), cchc/core/evaluation.py (met / at risk / missed, margin
5 points; a rate is its own projection).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.utils import timezone

from cchc.analytics.models import KpiValue
from cchc.core.errors import DomainError
from cchc.documents.annexes import SHEETS, render_annexes
from cchc.documents.par_report import (
    AreaNarrative,
    ReportingRow,
    period_name,
    render_docx,
    vi_sort_key,
)
from cchc.documents.pdf import docx_to_pdf
from cchc.plans.models import Assignment, ProgressUpdate
from cchc.reporting.content import collect
from tests import factories
from tests.web.test_english import RAW_KPI_CODE

from .reading import all_text, open_docx

Q1 = (date(2022, 1, 1), date(2022, 3, 31))
AS_OF = timezone.make_aware(datetime(2022, 4, 2, 9, 30))
ISSUED = date(2022, 4, 5)


def kpi(unit, code, value, *, kind="quarter", start=Q1[0], end=Q1[1]):
    factories.make_kpi_value(unit=unit, code=code, value=value, kind=kind, start=start, end=end, as_of=AS_OF)


def dated_update(assignment, user, progress, when):
    update = ProgressUpdate.objects.create(assignment=assignment, author=user, progress=progress, note="Cập nhật")
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=timezone.make_aware(when))
    Assignment.objects.filter(pk=assignment.pk).update(progress=progress)


@pytest.fixture
def world(province, plan, users):
    """Q1 2022 figures.

    Late dossiers (quarter Q1): the province 1.234 received, 93,5% on time, 12 late, 3 overdue, 5 without an
    apology; Sở Nội vụ 200 / 97,25% / 2 / 0 / 1; Huyện Phù Mỹ 1.034 / 92% / 10 / 3 / 4. Sở Tư pháp and Huyện
    Vân Canh have no figure (2 units without figures among the province's direct units).

    CT01 (quarter Q1 is the year to date): Sở Nội vụ 62,5 vs ≥ 50 → met (12,5 points clear); Sở Tư pháp 48 →
    at risk (2 short, within 5); Huyện Phù Mỹ 30 vs ≥ 40 → missed; Huyện Vân Canh none → no data; Xã Mỹ Đức 36
    vs ≥ 35 → met (the good side is never "at risk", issue 9); Xã Mỹ Lộc 20 → missed; Xã Canh Vinh none → no
    data. Q1 2022 has long settled, so nothing is provisional.
    CT02 (manual, ≤ 30 phút for all levels): Sở Tư pháp "20 phút" → met; Huyện Phù Mỹ "45" → missed; the
    five other units → not reported.
    NV01 (Sở Nội vụ): 40% on 15/3/2022, 80% on 01/5/2022 → 40% as of 31/3, 80% as of 30/6.
    """
    p, officer = province, users["officer"]
    for unit, received, rate, late, overdue, without in (
        (p.province, 1234, "93.5", 12, 3, 5), (p.snv, 200, "97.25", 2, 0, 1), (p.district, 1034, "92", 10, 3, 4),
    ):
        kpi(unit, "received", received)
        kpi(unit, "ontime_rate", rate)
        kpi(unit, "late", late)
        kpi(unit, "pending_overdue", overdue)
        kpi(unit, "late_without_apology", without)
    for unit, value in ((p.snv, "62.5"), (p.stp, "48"), (p.district, "30"), (p.commune, "36"), (p.commune2, "20")):
        kpi(unit, "digitised_results_rate", value)
    nv01 = Assignment.objects.get(task__code="NV01", unit=p.snv)
    dated_update(nv01, officer, 40, datetime(2022, 3, 15, 10, 0))
    dated_update(nv01, officer, 80, datetime(2022, 5, 1, 10, 0))
    return p


def report(world, **overrides):
    args = dict(
        scope=world.province, kind="quarter", start=Q1[0], end=Q1[1],
        reporting=[ReportingRow("Sở Tư pháp", "late", date(2022, 4, 12)), ReportingRow("Huyện Vân Canh", "missing", None),
                   ReportingRow("Sở Nội vụ", "on_time", date(2022, 4, 1))],
        narratives={"TTHC": AreaNarrative(results="Đã số hóa 12.000 kết quả giải quyết TTHC.",
                                          shortcomings="Một số xã chưa số hóa.", causes="Thiếu máy quét.",
                                          solutions="Trang bị máy quét cho cấp xã.")},
        manual_measures=[("CT02", "Sở Tư pháp", "20 phút"), ("CT02", "Huyện Phù Mỹ", "45")],
        number=5, symbol="BC-SNV", issued_on=ISSUED, place="Quy Nhơn", issuer="Sở Nội vụ",
        issuer_parent="Ủy ban nhân dân Tỉnh Thử Nghiệm", signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Bình",
    )
    args.update(overrides)
    return collect(**args)


# --- Content --------------------------------------------------------------------------------------


def test_period_names():
    assert period_name("quarter", date(2026, 1, 1)) == "quý I năm 2026"
    assert period_name("quarter", date(2026, 10, 1)) == "quý IV năm 2026"
    assert period_name("half", date(2026, 1, 1)) == "6 tháng đầu năm 2026"
    assert period_name("nine_months", date(2026, 1, 1)) == "9 tháng năm 2026"
    assert period_name("year", date(2026, 1, 1)) == "năm 2026"


def test_targets_evaluated_per_unit_and_level(world):
    content = report(world)
    assert [a.code for a in content.areas] == ["CDDH", "TTHC"]
    ct01, ct02 = content.areas[1].targets
    verdicts = {s.unit_name: s.verdict for s in ct01.units}
    assert verdicts == {
        "Sở Nội vụ": "met", "Sở Tư pháp": "at_risk", "Huyện Phù Mỹ": "missed", "Huyện Vân Canh": "no_data",
        "Xã Canh Vinh": "no_data", "Xã Mỹ Đức": "met", "Xã Mỹ Lộc": "missed",
    }
    assert not content.provisional
    province_level, district_level, commune_level = ct01.levels
    assert (province_level.level, province_level.threshold, province_level.units, province_level.met) == (
        "province", Decimal(50), 2, 1)
    assert province_level.at_risk_units == ("Sở Tư pháp",)
    assert district_level.missed_units == ("Huyện Phù Mỹ",) and district_level.no_data == 1
    assert commune_level.at_risk_units == () and commune_level.missed_units == ("Xã Mỹ Lộc",)
    assert commune_level.met == 1
    manual = {s.unit_name: (s.value_text, s.value, s.verdict) for s in ct02.units}
    assert manual["Sở Tư pháp"] == ("20 phút", Decimal(20), "met")
    assert manual["Huyện Phù Mỹ"] == ("45", Decimal(45), "missed")
    assert manual["Sở Nội vụ"] == ("", None, "no_data")


def test_task_progress_is_read_as_of_the_period(world):
    q1 = report(world)
    nv01 = q1.areas[0].tasks[0]
    assert (nv01.code, nv01.progress, nv01.status) == ("NV01", 40, "in_progress")
    assert [(a.unit_name, a.progress, a.updated_on) for a in nv01.assignments] == [("Sở Nội vụ", 40, date(2022, 3, 15))]
    later = report(world, as_of=date(2022, 6, 30))
    assert later.areas[0].tasks[0].progress == 80
    nv02 = q1.areas[1].tasks[0]
    assert (nv02.units, nv02.units_done, nv02.progress, nv02.status) == (3, 0, 0, "not_started")


def test_late_dossier_rows_come_from_the_kpi_values(world):
    content = report(world)
    assert [(r.unit_name, r.received, r.ontime_rate, r.late, r.pending_overdue, r.late_without_apology)
            for r in content.dossier_rows] == [
        ("Sở Nội vụ", 200, Decimal("97.25"), 2, 0, 1), ("Huyện Phù Mỹ", 1034, Decimal("92"), 10, 3, 4)]
    total = content.dossier_total
    assert (total.received, total.ontime_rate, total.late, total.pending_overdue) == (1234, Decimal("93.5"), 12, 3)
    assert content.units_without_dossier_figures == 2
    assert content.kpi_as_of == datetime(2022, 4, 2, 9, 30)


def test_bad_period_and_status_are_refused(world):
    with pytest.raises(DomainError, match="không khớp"):
        report(world, start=date(2022, 2, 1), end=date(2022, 4, 30))
    with pytest.raises(DomainError, match="Loại kỳ"):
        report(world, kind="month", start=date(2022, 1, 1), end=date(2022, 1, 31))
    with pytest.raises(DomainError, match="Trạng thái"):
        report(world, reporting=[ReportingRow("Sở Nội vụ", "early", None)])


def test_the_standard_areas_read_in_the_documents_language(world):
    """The seven standard areas are stored copies of cchc.core.reporting.DEFAULT_AREAS; a document in
    English names them in English (cchc.core.reporting.area_name), the plan's own areas too."""
    content = report(world, kind="year", start=date(2023, 1, 1), end=date(2023, 12, 31), language="en")
    assert [a.name for a in content.areas] == [
        "Direction and management of reform", "Institutional reform", "Administrative procedure reform",
        "Reform of the state administrative apparatus", "Civil service reform", "Public finance reform",
        "Building and developing e-government and digital government"]
    with_plan = report(world, language="en")  # the factory plan's areas copy two of the standard names
    assert [a.name for a in with_plan.areas] == ["Direction and management of reform", "Administrative procedure reform"]
    assert "Administrative procedure reform" in all_text(open_docx(render_docx(with_plan)))


def test_without_a_plan_the_seven_areas_are_reported(world):
    content = report(world, kind="year", start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert content.plans == ()
    assert [a.name for a in content.areas] == [
        "Công tác chỉ đạo, điều hành", "Cải cách thể chế", "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy hành chính nhà nước", "Cải cách chế độ công vụ", "Cải cách tài chính công",
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số"]
    # One list of the standard areas (issue 9: the report's copy named area 7 differently).
    from cchc.core.reporting import DEFAULT_AREAS
    assert [(a.code, a.name) for a in content.areas] == list(DEFAULT_AREAS)
    text = all_text(open_docx(render_docx(content)))
    assert "Chưa có kế hoạch cải cách hành chính năm 2023" in text
    assert "Chưa có số liệu hồ sơ thủ tục hành chính của tỉnh Thử Nghiệm" in text


def test_a_units_report_is_scoped_to_its_subtree(world):
    content = report(world, scope=world.district, symbol="BC-UBND", issuer="Ủy ban nhân dân huyện Phù Mỹ",
                     issuer_parent="Ủy ban nhân dân Tỉnh Thử Nghiệm", reporting=[])
    ct01 = content.areas[1].targets[0]
    assert [s.unit_name for s in ct01.units] == ["Huyện Phù Mỹ", "Xã Mỹ Đức", "Xã Mỹ Lộc"]
    assert content.areas[0].tasks == ()  # NV01 belongs to Sở Nội vụ
    assert [a.unit_name for a in content.areas[1].tasks[0].assignments] == ["Xã Mỹ Đức", "Xã Mỹ Lộc"]
    assert content.dossier_rows == () and content.dossier_total.received == 1034
    assert content.units_without_dossier_figures == 2  # the two communes have no dossier figures
    assert [r.unit_name for r in content.kpi_rows] == ["Huyện Phù Mỹ", "Xã Mỹ Đức", "Xã Mỹ Lộc"]
    assert content.recipients == ("Sở Nội vụ", "Lưu: VT")
    text = all_text(open_docx(render_docx(content)))
    assert "của huyện Phù Mỹ như sau:" in text
    assert "Toàn đơn vị" not in text  # no table without rows of subordinate units; the total is in the sentence
    assert "Trong kỳ, huyện Phù Mỹ tiếp nhận 1.034 hồ sơ" in text


# --- DOCX -----------------------------------------------------------------------------------------


@pytest.fixture
def docx_bytes(world):
    return render_docx(report(world))


def test_docx_header_title_and_signature(docx_bytes):
    document = open_docx(docx_bytes)
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ"]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 05/BC-SNV"
    assert header.cell(1, 1).paragraphs[0].text == "Quy Nhơn, ngày 05 tháng 4 năm 2022"
    titles = [p.text for p in document.paragraphs if p.text][:2]
    assert titles == ["BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính quý I năm 2022"]
    signature = document.tables[-1]
    left = [p.text for p in signature.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in signature.cell(0, 1).paragraphs if p.text]
    assert left == ["Nơi nhận:", "- Bộ Nội vụ;", "- Ủy ban nhân dân tỉnh;", "- Lưu: VT."]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình"]


def test_docx_body_by_area_with_targets_tasks_and_narrative(docx_bytes):
    text = all_text(open_docx(docx_bytes))
    lines = text.splitlines()
    headings = ["I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "1. Công tác chỉ đạo, điều hành",
                "2. Cải cách thủ tục hành chính", "II. TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
                "III. BỘ CHỈ SỐ 766", "IV. TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO"]
    positions = [lines.index(h) for h in headings]
    assert positions == sorted(positions)
    assert ("Thực hiện Kế hoạch CCHC thử nghiệm năm 2022 (số 999/KH-UBND ngày 20/12/2021), Sở Nội vụ báo cáo kết "
            "quả thực hiện công tác cải cách hành chính quý I năm 2022 của tỉnh Thử Nghiệm như sau:") in lines
    assert ("- CT01: Số hóa kết quả giải quyết TTHC (chỉ tiêu: cấp tỉnh ≥ 50%; cấp huyện ≥ 40%; cấp xã ≥ 35%).") in lines
    assert "+ Cấp tỉnh (≥ 50%): 1/2 đơn vị đạt; có nguy cơ không đạt: 1 (Sở Tư pháp)." in lines
    assert "+ Cấp huyện (≥ 40%): 0/2 đơn vị đạt; không đạt: 1 (Huyện Phù Mỹ); chưa có số liệu: 1 đơn vị." in lines
    assert ("+ Cấp xã (≥ 35%): 1/3 đơn vị đạt; không đạt: 1 (Xã Mỹ Lộc); "
            "chưa có số liệu: 1 đơn vị.") in lines
    assert "+ Cấp huyện (≤ 30 phút): 0/2 đơn vị đạt; không đạt: 1 (Huyện Phù Mỹ); chưa báo cáo: 1 đơn vị." in lines
    assert "- NV01: Kiểm tra CCHC (thời hạn 31/12/2022): Sở Nội vụ — tiến độ 40%, đang thực hiện." in lines
    assert ("- NV02: Số hóa kết quả ở cấp xã (thời hạn 31/12/2099): tiến độ bình quân 0%, chưa bắt đầu; "
            "0/3 đơn vị hoàn thành.") in lines
    area = lines[lines.index("2. Cải cách thủ tục hành chính"):lines.index(headings[3])]
    for expected in ("c) Kết quả đạt được", "Đã số hóa 12.000 kết quả giải quyết TTHC.", "d) Tồn tại, hạn chế",
                     "Một số xã chưa số hóa.", "đ) Nguyên nhân", "Thiếu máy quét.", "e) Giải pháp, nhiệm vụ thời gian tới",
                     "Trang bị máy quét cho cấp xã."):
        assert expected in area


def test_docx_late_dossier_table(docx_bytes):
    document = open_docx(docx_bytes)
    table = next(t for t in document.tables if t.cell(0, 1).text == "Đơn vị")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Đơn vị", "Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn (%)", "Trễ hạn (đã giải quyết)",
                       "Quá hạn (đang giải quyết)", "Trễ hạn chưa xin lỗi"]
    assert rows[1:] == [
        ["1", "Sở Nội vụ", "200", "97,25", "2", "0", "1"],
        ["2", "Huyện Phù Mỹ", "1.034", "92,00", "10", "3", "4"],
        ["", "Toàn tỉnh", "1.234", "93,50", "12", "3", "5"],
    ]
    assert all(r.font.bold for p in table.rows[-1].cells[1].paragraphs for r in p.runs)
    text = all_text(document)
    assert ("Trong kỳ, tỉnh Thử Nghiệm tiếp nhận 1.234 hồ sơ thủ tục hành chính; tỷ lệ hồ sơ giải quyết đúng hạn đạt "
            "93,50%; 12 hồ sơ giải quyết trễ hạn và 3 hồ sơ đang giải quyết quá hạn; 5 hồ sơ trễ hạn chưa có văn bản "
            "xin lỗi.") in text
    assert "2 đơn vị trực thuộc không có số liệu hồ sơ trong kỳ." in text


def test_docx_units_reporting_late_or_not_at_all(docx_bytes):
    lines = all_text(open_docx(docx_bytes)).splitlines()
    assert ("Có 3 đơn vị phải báo cáo: 1 đơn vị gửi đúng hạn, 1 đơn vị gửi trễ hạn, 1 đơn vị chưa gửi báo cáo."
            in lines)
    assert lines[lines.index("Đơn vị gửi báo cáo trễ hạn:") + 1] == "- Sở Tư pháp (gửi ngày 12/04/2022);"
    assert lines[lines.index("Đơn vị chưa gửi báo cáo:") + 1] == "- Huyện Vân Canh;"


def test_long_unit_lists_point_to_the_annex(world):
    from cchc.documents.par_report import NAMES_IN_BODY, LevelSummary, TargetResult, _level_line

    names = tuple(f"Xã {i:02d}" for i in range(NAMES_IN_BODY + 1))
    target = TargetResult("CT", "…", "kpi", "x", "%", ">=", (), ())
    line = _level_line(target, LevelSummary("commune", ">=", Decimal(35), len(names), 0, (), names, 0))
    assert line == "+ Cấp xã (≥ 35%): 0/11 đơn vị đạt; không đạt: 11 đơn vị (chi tiết tại Phụ lục I)."


# --- XLSX -----------------------------------------------------------------------------------------


def test_annexes_reopen_with_the_four_sheets(world):
    book = openpyxl.load_workbook(BytesIO(render_annexes(report(world))))
    assert book.sheetnames == list(SHEETS) == ["Chỉ tiêu", "Nhiệm vụ", "Chỉ số KPI", "Chỉ số 766"]

    targets = book["Chỉ tiêu"]
    assert targets["A1"].value == "Phụ lục I"
    assert targets["A2"].value == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2022"
    assert targets["A3"].value == "(Kèm theo Báo cáo số 05/BC-SNV ngày 05 tháng 4 năm 2022 của Sở Nội vụ)"
    header = [c.value for c in targets[5]]
    assert header == ["TT", "Lĩnh vực", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Mã đơn vị", "Đơn vị", "Cấp",
                      "So sánh", "Ngưỡng", "Giá trị", "Dự báo cuối năm", "Kết quả"]
    rows = [[c.value for c in row] for row in targets.iter_rows(min_row=6)]
    assert len(rows) == 14  # 7 units × 2 targets
    snv = next(r for r in rows if r[2] == "CT01" and r[6] == "Sở Nội vụ")
    assert snv[7:] == ["Cấp tỉnh", "≥", 50, 62.5, 62.5, "Đạt"]
    stp_manual = next(r for r in rows if r[2] == "CT02" and r[6] == "Sở Tư pháp")
    assert stp_manual[9:] == [30, 20, 20, "Đạt"]
    missing = next(r for r in rows if r[2] == "CT01" and r[6] == "Huyện Vân Canh")
    assert missing[10:] == [None, None, "Chưa có số liệu"]
    assert targets.cell(row=6, column=10).number_format == "#,##0.00"

    tasks = book["Nhiệm vụ"]
    task_rows = [[c.value for c in row] for row in tasks.iter_rows(min_row=6)]
    assert task_rows[0][2:5] == ["NV01", "Kiểm tra CCHC", datetime(2022, 12, 31)]
    assert task_rows[0][6:] == ["52.SNV", "Sở Nội vụ", 40, "Đang thực hiện", datetime(2022, 3, 15)]
    assert [r[7] for r in task_rows[1:]] == ["Xã Canh Vinh", "Xã Mỹ Đức", "Xã Mỹ Lộc"]

    kpis = book["Chỉ số KPI"]
    header = [c.value for c in kpis[5]]
    assert header[:4] == ["TT", "Mã đơn vị", "Đơn vị", "Cấp"]
    assert header[-1] == "Số liệu tính lúc"
    received = header.index("Hồ sơ tiếp nhận trong kỳ (hồ sơ)") + 1
    rate = header.index("Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2) (%)") + 1
    by_unit = {kpis.cell(row=r, column=3).value: r for r in range(6, kpis.max_row + 1)}
    assert kpis.cell(row=6, column=3).value == "Tỉnh Thử Nghiệm"
    assert kpis.cell(row=by_unit["Tỉnh Thử Nghiệm"], column=received).value == 1234
    assert kpis.cell(row=by_unit["Huyện Phù Mỹ"], column=rate).value == 92
    assert kpis.cell(row=by_unit["Sở Nội vụ"], column=len(header)).value == datetime(2022, 4, 2, 9, 30)
    assert kpis.cell(row=by_unit["Sở Tư pháp"], column=received).value is None


def test_the_document_and_its_annexes_name_kpis_never_print_their_codes(world):
    """Issue #12 item 7: a KPI is named (cchc.analytics.choices.kpi_name), its code ("ontime_rate") is never
    printed, in the report or in its annexes."""
    content = report(world)
    text = all_text(open_docx(render_docx(content)))
    book = openpyxl.load_workbook(BytesIO(render_annexes(content)))
    cells = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None)

    assert RAW_KPI_CODE.findall(text) == [] and RAW_KPI_CODE.findall(cells) == []
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)" in cells  # the KPI is there, named
    assert "ontime_rate" in {v.kpi_code for v in KpiValue.objects.all()}  # and the world holds its code


# --- Reproducibility ------------------------------------------------------------------------------


def test_same_inputs_give_the_same_bytes(world):
    first_docx, first_xlsx = render_docx(report(world)), render_annexes(report(world))
    second = report(world)
    assert render_docx(second) == first_docx
    assert render_annexes(second) == first_xlsx
    for data in (first_docx, first_xlsx):
        with zipfile.ZipFile(BytesIO(data)) as package:
            assert {i.date_time for i in package.infolist()} == {(2022, 4, 5, 0, 0, 0)}
            core = package.read("docProps/core.xml").decode()
            assert "2022-04-05T00:00:00Z" in core


def test_another_issue_date_changes_only_what_it_should(world):
    a = open_docx(render_docx(report(world)))
    b = open_docx(render_docx(report(world, issued_on=date(2022, 4, 6))))
    assert b.tables[0].cell(1, 1).paragraphs[0].text == "Quy Nhơn, ngày 06 tháng 4 năm 2022"
    assert all_text(a).replace("ngày 05 tháng 4", "ngày 06 tháng 4") == all_text(b)


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_conversion_with_libreoffice(docx_bytes, tmp_path):
    if not shutil.which("soffice"):
        pytest.fail("LibreOffice (soffice) is required: apt-get install libreoffice-writer-nogui")
    pdf = docx_to_pdf(docx_bytes)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type/Page") + pdf.count(b"/Type /Page") - pdf.count(b"/Type/Pages") - pdf.count(
        b"/Type /Pages") >= 2
    if shutil.which("pdftotext"):
        path = tmp_path / "baocao.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                              text=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Cải cách thủ tục hành chính" in text


def test_pdf_errors_are_vietnamese_messages(tmp_path):
    with pytest.raises(DomainError, match="không phải là văn bản Word"):
        docx_to_pdf(b"not a docx")
    with pytest.raises(DomainError, match="Không chạy được LibreOffice"):
        docx_to_pdf(b"PK\x03\x04", soffice=str(tmp_path / "no-soffice"))
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\necho 'lỗi giả lập' >&2\nexit 3\n")
    broken.chmod(0o755)
    with pytest.raises(DomainError, match="mã lỗi 3"):
        docx_to_pdf(b"PK\x03\x04", soffice=str(broken))
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    with pytest.raises(DomainError, match="trong 1 giây"):
        docx_to_pdf(b"PK\x03\x04", soffice=str(slow), timeout=1)


# --- Sorting --------------------------------------------------------------------------------------


def test_vietnamese_alphabetical_order():
    names = ["Xã Đức Phổ", "Xã Ân Đức", "Xã Dương", "Xã An", "Xã Ăn", "Xã Ê", "Xã Ơ", "Xã O", "Xã Ô", "Xã Ba"]
    assert sorted(names, key=vi_sort_key) == [
        "Xã An", "Xã Ăn", "Xã Ân Đức", "Xã Ba", "Xã Dương", "Xã Đức Phổ", "Xã Ê", "Xã O", "Xã Ô", "Xã Ơ"]


def test_a_level_without_any_figure_says_so(world):
    from cchc.documents.par_report import LevelSummary, TargetResult, _level_line

    kpi_target = TargetResult("CT", "…", "kpi", "x", "%", ">=", (), ())
    manual_target = TargetResult("CT", "…", "manual", "", "phút", "<=", (), ())
    nothing = LevelSummary("province", ">=", Decimal(30), 18, 0, (), (), 18)
    assert _level_line(kpi_target, nothing) == "+ Cấp tỉnh (≥ 30%): chưa có số liệu của 18 đơn vị."
    waiting = LevelSummary("commune", "<=", Decimal(30), 3, 0, (), (), 3)
    assert _level_line(manual_target, waiting) == "+ Cấp xã (≤ 30 phút): chưa đơn vị nào báo cáo (3 đơn vị)."


def test_reports_not_yet_due_are_counted_apart(world):
    content = report(world, reporting=[ReportingRow("Sở Nội vụ", "on_time", date(2022, 4, 1)),
                                       ReportingRow("Sở Tư pháp", "pending", None)])
    lines = all_text(open_docx(render_docx(content))).splitlines()
    assert ("Có 2 đơn vị phải báo cáo: 1 đơn vị gửi đúng hạn, 0 đơn vị gửi trễ hạn, 0 đơn vị chưa gửi báo cáo, "
            "1 đơn vị chưa đến hạn gửi.") in lines
    assert "Tất cả các đơn vị gửi báo cáo đúng hạn." not in lines
    assert "Đơn vị chưa gửi báo cáo:" not in lines


@pytest.mark.parametrize("text, expected", [
    ("25", Decimal(25)), ("25 phút", Decimal(25)), ("85,5%", Decimal("85.5")), ("1.234", Decimal(1234)),
    ("1.234,5 hồ sơ", Decimal("1234.5")), ("12.5", Decimal("12.5")), ("khoảng 30 phút.", Decimal(30)),
    ("chưa đo", None), ("", None),
])
def test_manual_measures_are_read_as_vietnamese_numbers(text, expected):
    from cchc.reporting.content import _parse_measure

    assert _parse_measure(text) == expected


def test_an_illustrative_plan_is_reported_on_but_never_cited_as_a_document(world, plan):
    """Issue 11: an illustrative plan (the demo's) is marked by a field; its targets are still evaluated,
    but the official report does not quote it as the document it "implements", and says it is illustrative."""
    plan.illustrative = True
    plan.save()
    content = report(world)
    assert [p.illustrative for p in content.plans] == [True]
    lines = all_text(open_docx(render_docx(content))).splitlines()
    assert not any("999/KH-UBND" in line for line in lines)
    assert ("Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, Sở Nội vụ báo cáo kết quả thực hiện "
            "công tác cải cách hành chính quý I năm 2022 của tỉnh Thử Nghiệm như sau:") in lines
    assert ("Chỉ tiêu và nhiệm vụ của kế hoạch TN-2022 trong báo cáo này là số liệu minh họa, không phải văn bản "
            "thật.") in lines
    assert any(line.startswith("- CT01: Số hóa kết quả giải quyết TTHC") for line in lines)
