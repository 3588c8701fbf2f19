"""The PAR index documents (issue 13 item 4) from plain content: a unit's self-assessment report and the
province's result annex, as DOCX (NĐ 30/2020) and XLSX (cchc.documents.par_index).

The content is written by hand below; the expected cells are worked from it: a commune scored on two areas
(area 3 does not apply to it: it handles no procedures), three component criteria of area 1 and one of
area 8, one of them with partial evidence and one self-scored without stating its evidence, both of which
must be explained; the result of two blocks with their stored totals, ranks and bands.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from cchc.documents.par_index import (
    Agency,
    AreaRows,
    BlockResult,
    ComponentRow,
    CriterionRows,
    EvidenceDoc,
    ResultContent,
    ResultRow,
    SelfAssessmentContent,
    build_result_annex_docx,
    build_result_xlsx,
    build_self_assessment_docx,
    build_self_assessment_xlsx,
)
from cchc.parindex.documents import wording

from .reading import all_text, open_docx, run_of

D = Decimal


def components_1_1():
    return (
        ComponentRow("1.1.1", "Ban hành kế hoạch đúng thời hạn", D("2.00"), "evidence", "Tự chấm có minh chứng",
                     D("2.00"), evidence_state="Đủ minh chứng",
                     evidence=(EvidenceDoc("15/KH-UBND", "trang 2, mục II"), EvidenceDoc("20/QĐ-UBND", ""))),
        ComponentRow("1.1.2", "Mức độ hoàn thành kế hoạch", D("3.00"), "computed", "Tính từ số liệu CCHC", D("2.50"),
                     evidence_state="chưa nêu tình trạng minh chứng",
                     computed="Số liệu 85,00, tính đến 30/11/2026 (Tiến độ nhiệm vụ)"),
    )


def content(**overrides) -> SelfAssessmentContent:
    areas = (
        AreaRows("1", "Công tác chỉ đạo, điều hành", D("6.00"), D("3.50"), (
            CriterionRows("1.1", "Kế hoạch cải cách hành chính năm", D("5.00"), D("4.50"), components_1_1()),
            CriterionRows("1.2", "Công tác tuyên truyền", D("1.00"), D("0.00"), (
                ComponentRow("1.2.1", "Ban hành kế hoạch tuyên truyền", D("1.00"), "evidence",
                             "Tự chấm có minh chứng", D("0.00"), evidence_state="Không có minh chứng",
                             full_evidence=False, explanation="Kế hoạch đang trình ký."),
            )),
        )),
        AreaRows("3", "Cải cách thủ tục hành chính", D("2.50"), None, (
            CriterionRows("3.1", "Giải quyết thủ tục hành chính", D("2.50"), None, (
                ComponentRow("3.1.1", "Tỷ lệ hồ sơ đúng hạn", D("2.50"), "evidence", "Tự chấm có minh chứng", None,
                             applicable=False, evidence_state="chưa nêu tình trạng minh chứng", full_evidence=False),
            )),
        )),
        AreaRows("8", "Tác động của cải cách hành chính", D("1.50"), D("1.00"), (
            CriterionRows("8.1", "Sự hài lòng của người dân", D("1.50"), D("1.00"), (
                ComponentRow("8.1.1", "Mức độ hài lòng", D("1.50"), "evidence", "Tự chấm có minh chứng", D("1.00"),
                             evidence_state="Minh chứng chưa đầy đủ", full_evidence=False,
                             evidence=(EvidenceDoc("07/BC-UBND", "mục 3"),), explanation=""),
            )),
        )),
    )
    values = dict(
        year=2026, unit="Ủy ban nhân dân xã Mỹ Đức", version="Bộ chỉ số thử nghiệm khối xã năm 2026",
        agency=Agency("Ủy ban nhân dân tỉnh Thử Nghiệm", "Ủy ban nhân dân xã Mỹ Đức", "UBND", "Mỹ Đức",
                      ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Trần Văn An"),
        issued_on=date(2026, 11, 28), areas=areas, self_total=D("4.50"), applicable_max=D("7.50"),
        wording=wording(), difficulties="Thiếu máy quét.\nCán bộ kiêm nhiệm.", recommendations="Hỗ trợ kinh phí số hóa.",
        masked=("3. Cải cách thủ tục hành chính",), mask_reason="đơn vị không giải quyết thủ tục hành chính",
    )
    values.update(overrides)
    return SelfAssessmentContent(**values)


@pytest.fixture
def report():
    return open_docx(build_self_assessment_docx(content()))


def _cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_report_has_the_official_header_title_and_signature(report):
    header = report.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
                                                                        "ỦY BAN NHÂN DÂN XÃ MỸ ĐỨC"]
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).paragraphs[0].text == "Số:       /BC-UBND"  # numbered by the clerk when issued
    assert header.cell(1, 1).paragraphs[0].text == "Mỹ Đức, ngày 28 tháng 11 năm 2026"
    assert run_of(header.cell(1, 1).paragraphs[0]).font.italic
    title, subject = [p for p in report.paragraphs if p.text][:2]
    assert title.text == "BÁO CÁO" and run_of(title).font.bold and run_of(title).font.size.pt == 14
    assert subject.text == "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm 2026"
    signature = report.tables[-1]
    assert [p.text for p in signature.cell(0, 0).paragraphs if p.text] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn An"]
    section = report.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert section.different_first_page_header_footer is True


def test_the_table_of_self_scores_is_the_content(report):
    table = next(t for t in report.tables if t.cell(0, 0).text == "Mã")
    assert _cells(table) == [
        ["Mã", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá",
         "Tài liệu kiểm chứng (số, ký hiệu; trang, mục)"],
        ["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "6,00", "3,50", ""],
        ["1.1", "Kế hoạch cải cách hành chính năm", "5,00", "4,50", ""],
        ["1.1.1", "Ban hành kế hoạch đúng thời hạn", "2,00", "2,00", "15/KH-UBND (trang 2, mục II); 20/QĐ-UBND"],
        ["1.1.2", "Mức độ hoàn thành kế hoạch", "3,00", "2,50", "Số liệu 85,00, tính đến 30/11/2026 (Tiến độ nhiệm vụ)"],
        ["1.2", "Công tác tuyên truyền", "1,00", "0,00", ""],
        ["1.2.1", "Ban hành kế hoạch tuyên truyền", "1,00", "0,00", ""],
        ["3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "2,50", "", ""],
        ["3.1", "Giải quyết thủ tục hành chính", "2,50", "", ""],
        ["3.1.1", "Tỷ lệ hồ sơ đúng hạn", "2,50", "Không áp dụng", ""],
        ["8", "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH", "1,50", "1,00", ""],
        ["8.1", "Sự hài lòng của người dân", "1,50", "1,00", ""],
        ["8.1.1", "Mức độ hài lòng", "1,50", "1,00", "07/BC-UBND (mục 3)"],
        ["", "Tổng cộng", "7,50", "4,50", ""],
    ]
    bold = [all(r.font.bold for p in row.cells[1].paragraphs for r in p.runs if r.text) for row in table.rows[1:]]
    assert bold == [True, True, False, False, True, False, True, True, False, True, True, False, True]


def test_the_explanations_list_exactly_the_items_without_full_evidence(report):
    lines = all_text(report).splitlines()
    start = lines.index("II. GIẢI TRÌNH CÁC TIÊU CHÍ THÀNH PHẦN CHƯA CÓ ĐỦ TÀI LIỆU KIỂM CHỨNG")
    end = lines.index("III. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT")
    assert [line for line in lines[start + 1:end] if line] == [
        "- 1.2.1. Ban hành kế hoạch tuyên truyền (Không có minh chứng): Kế hoạch đang trình ký.",
        "- 8.1.1. Mức độ hài lòng (Minh chứng chưa đầy đủ): (chưa giải trình)",
    ]  # 3.1.1 has no evidence either, but it does not apply to the commune


def test_full_evidence_everywhere_says_so():
    full = content(areas=(AreaRows("1", "A", D("5.00"), D("4.50"), (
        CriterionRows("1.1", "B", D("5.00"), D("4.50"), components_1_1()),)),))
    lines = all_text(open_docx(build_self_assessment_docx(full))).splitlines()
    start = lines.index("II. GIẢI TRÌNH CÁC TIÊU CHÍ THÀNH PHẦN CHƯA CÓ ĐỦ TÀI LIỆU KIỂM CHỨNG")
    assert lines[start + 1] == "Các tiêu chí thành phần đều có đủ tài liệu kiểm chứng."


def test_totals_mask_difficulties_and_recommendations(report):
    lines = all_text(report).splitlines()
    assert "Kính gửi: Sở Nội vụ." in lines
    assert ("Thực hiện Bộ chỉ số thử nghiệm khối xã năm 2026, Ủy ban nhân dân xã Mỹ Đức báo cáo kết quả tự đánh giá, "
            "chấm điểm xác định Chỉ số cải cách hành chính năm 2026 như sau:") in lines
    assert "Tổng điểm tự đánh giá: 4,50/7,50 điểm." in lines
    assert ("Các lĩnh vực, tiêu chí không áp dụng đối với đơn vị: 3. Cải cách thủ tục hành chính. Lý do: đơn vị không "
            "giải quyết thủ tục hành chính") in lines
    difficulties = lines.index("1. Khó khăn, vướng mắc")
    recommendations = lines.index("2. Kiến nghị, đề xuất")
    assert lines[difficulties + 1:recommendations] == ["Thiếu máy quét.", "Cán bộ kiêm nhiệm."]
    assert lines[recommendations + 1] == "Hỗ trợ kinh phí số hóa."
    assert "Bộ chỉ số minh họa." not in lines
    noted = all_text(open_docx(build_self_assessment_docx(content(notes=("Bộ chỉ số minh họa.",))))).splitlines()
    assert noted[noted.index("Tổng điểm tự đánh giá: 4,50/7,50 điểm.") - 2] == "Bộ chỉ số minh họa."
    nothing = all_text(open_docx(build_self_assessment_docx(content(difficulties="", recommendations="  "))))
    assert nothing.count("Không có.") == 2


def test_an_undated_draft_and_a_department():
    department = content(issued_on=None, agency=Agency("Ủy ban nhân dân tỉnh Thử Nghiệm", "Sở Tư pháp", "STP",
                                                       "Thử Nghiệm", ("GIÁM ĐỐC",), ""), number=3)
    document = open_docx(build_self_assessment_docx(department))
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 03/BC-STP"
    assert header.cell(1, 1).paragraphs[0].text == "Thử Nghiệm, ngày … tháng … năm …"
    assert [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text] == ["GIÁM ĐỐC"]


def test_same_content_same_bytes():
    for build in (build_self_assessment_docx, build_self_assessment_xlsx):
        first = build(content())
        assert build(content()) == first
        with zipfile.ZipFile(BytesIO(first)) as package:
            assert {i.date_time for i in package.infolist()} == {(2026, 11, 28, 0, 0, 0)}


def test_the_self_assessment_workbook_has_every_component_and_the_total():
    book = openpyxl.load_workbook(BytesIO(build_self_assessment_xlsx(content(
        areas=(replace(content().areas[0], criteria=(replace(content().areas[0].criteria[0], components=(
            *components_1_1()[:1], replace(components_1_1()[1], explanation="=HYPERLINK(\"x\")"))),)),)))))
    sheet = book["Tự đánh giá"]
    assert sheet["A2"].value == "KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [r[0] for r in rows] == ["1.1.1", "1.1.2", None]
    assert rows[0][1:8] == ["1. Công tác chỉ đạo, điều hành", "1.1. Kế hoạch cải cách hành chính năm",
                            "Ban hành kế hoạch đúng thời hạn", "Tự chấm có minh chứng", 2, 2, "Đủ minh chứng"]
    assert rows[-1][1] == "Tổng cộng" and (rows[-1][5], rows[-1][6]) == (7.5, 4.5)
    explanation = sheet.cell(row=7, column=10)
    assert explanation.value == "=HYPERLINK(\"x\")" and explanation.data_type == "s"  # text, never a formula


def test_the_full_workbook_totals_equal_the_content():
    sheet = openpyxl.load_workbook(BytesIO(build_self_assessment_xlsx(content())))["Tự đánh giá"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [r[0] for r in rows[:-1]] == ["1.1.1", "1.1.2", "1.2.1", "3.1.1", "8.1.1"]
    assert rows[3][6] == "Không áp dụng"
    assert sum(r[6] for r in rows[:-1] if isinstance(r[6], (int, float))) == 5.5  # every self-score listed
    assert (rows[-1][5], rows[-1][6]) == (7.5, 4.5)  # the stored totals, as given


# --- the result annex -----------------------------------------------------------------------------


def result(**overrides) -> ResultContent:
    agencies = BlockResult("Khối sở, ban, ngành", "Bộ chỉ số khối sở năm 2026",
                           (("1", "Chỉ đạo, điều hành", D("10.00")), ("2", "Thể chế", D("90.00"))), (
        ResultRow("Sở Tư pháp", D("91.25"), D("100.00"), D("91.25"), 1, 1, "Nhóm A", (D("9.25"), D("82.00"))),
        ResultRow("Sở Nội vụ", D("79.00"), D("100.00"), D("79.00"), 2, 3, "Nhóm C", (D("7.00"), D("72.00"))),
    ))
    communes = BlockResult("Khối xã, phường", "Bộ chỉ số khối xã năm 2026",
                           (("1", "Chỉ đạo, điều hành", D("10.00")),), (
        ResultRow("Xã Mỹ Đức", D("68.00"), D("80.00"), D("85.00"), 1, 2, "Nhóm B", (D("8.00"),)),
        ResultRow("Xã Mỹ Lộc", None, D("100.00"), None, None, None, "", (None,)),
    ))
    values = dict(year=2026, province="tỉnh Thử Nghiệm", blocks=(agencies, communes), wording=wording(),
                  decision="125/QĐ-UBND", decided_on=date(2027, 3, 5))
    values.update(overrides)
    return ResultContent(**values)


def test_the_annex_heads_like_an_annex_of_the_decision():
    document = open_docx(build_result_annex_docx(result()))
    header = document.tables[0]
    assert len(header.rows) == 1  # an annex has no number and date of its own
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"]
    lines = [line for line in all_text(document).splitlines() if line]
    assert lines[3:6] == ["PHỤ LỤC", "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
                          "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 3 năm 2027 của Chủ tịch Ủy ban nhân dân "
                          "tỉnh Thử Nghiệm)"]
    assert "DỰ THẢO" not in lines
    assert "I. KHỐI SỞ, BAN, NGÀNH" in lines and "II. KHỐI XÃ, PHƯỜNG" in lines


def test_the_annex_lists_every_unit_of_each_block():
    document = open_docx(build_result_annex_docx(result()))
    tables = [t for t in document.tables if t.cell(0, 0).text == "TT"]
    assert [_cells(t) for t in tables] == [
        [["TT", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp hạng trong khối", "Xếp hạng chung", "Xếp loại"],
         ["1", "Sở Tư pháp", "91,25", "91,25", "1", "1", "Nhóm A"],
         ["2", "Sở Nội vụ", "79,00", "79,00", "2", "3", "Nhóm C"]],
        [["TT", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp hạng trong khối", "Xếp hạng chung", "Xếp loại"],
         ["1", "Xã Mỹ Đức", "68,00", "85,00", "1", "2", "Nhóm B"],
         ["2", "Xã Mỹ Lộc", "", "", "", "", ""]],
    ]


def test_a_draft_annex_says_so_and_has_no_decision():
    document = open_docx(build_result_annex_docx(result(draft=True, decision="", decided_on=None)))
    lines = [line for line in all_text(document).splitlines() if line]
    assert lines[0] == "DỰ THẢO"
    assert ("(Kèm theo Quyết định số       /QĐ-UBND ngày … tháng … năm … của Chủ tịch Ủy ban nhân dân tỉnh Thử "
            "Nghiệm)") in lines
    book = openpyxl.load_workbook(BytesIO(build_result_xlsx(result(draft=True, decision="", decided_on=None))))
    assert all(sheet["A1"].value == "DỰ THẢO" for sheet in book)


def test_the_result_workbook_is_the_annex_plus_a_sheet_per_block():
    book = openpyxl.load_workbook(BytesIO(build_result_xlsx(result())))
    assert book.sheetnames == ["Phụ lục", "Khối sở, ban, ngành", "Khối xã, phường"]
    annex = book["Phụ lục"]
    rows = [[c.value for c in row] for row in annex.iter_rows(min_row=6)]
    assert rows == [
        [1, "Khối sở, ban, ngành", "Sở Tư pháp", 91.25, 100, 91.25, 1, 1, "Nhóm A"],
        [2, "Khối sở, ban, ngành", "Sở Nội vụ", 79, 100, 79, 2, 3, "Nhóm C"],
        [3, "Khối xã, phường", "Xã Mỹ Đức", 68, 80, 85, 1, 2, "Nhóm B"],
        [4, "Khối xã, phường", "Xã Mỹ Lộc", None, 100, None, None, None, None],
    ]
    agencies = book["Khối sở, ban, ngành"]
    assert [c.value for c in agencies[5]] == ["TT", "Đơn vị", "1. Chỉ đạo, điều hành (10,00)", "2. Thể chế (90,00)",
                                             "Tổng điểm", "Chỉ số (%)"]
    area_rows = [[c.value for c in row] for row in agencies.iter_rows(min_row=6)]
    assert area_rows == [[1, "Sở Tư pháp", 9.25, 82, 91.25, 91.25], [2, "Sở Nội vụ", 7, 72, 79, 79]]
    assert all(r[2] + r[3] == r[4] for r in area_rows)  # the areas add up to the stored total
    assert agencies.cell(row=6, column=3).number_format == "#,##0.00"


def test_the_annex_bytes_are_reproducible():
    for build in (build_result_annex_docx, build_result_xlsx):
        first = build(result())
        assert build(result()) == first
        with zipfile.ZipFile(BytesIO(first)) as package:
            assert {i.date_time for i in package.infolist()} == {(2027, 3, 5, 0, 0, 0)}
