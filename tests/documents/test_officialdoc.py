"""The NĐ 30/2020 layout, read back from the DOCX.

Source: NĐ 30/2020/NĐ-CP Phụ lục I (DOMAIN §11 Q1): A4; margins 20–25 / 20–25 / 30–35 / 15–20 mm;
Times New Roman; Quốc hiệu capitals bold 12, Tiêu ngữ bold 13 with a line as long as itself; issuer
capitals bold with a short line; "Số: 05/BC-UBND"; the place and date italic 13 on the line of Số;
document type capitals bold 14; body justified, first-line indent, 6 pt after; no page number on page 1;
"Nơi nhận:" italic bold 12 and the list 11 on the left, authority and name bold 14 on the right.
Implementation choices checked in LibreOffice (Q1.5): widths in w:tblGrid as well as on the cells.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cchc.documents.officialdoc import Layout, OfficialDocument, document_number, estimate_text_width_mm

from .reading import (
    all_text,
    cell_widths_mm,
    field_instructions,
    grid_mm,
    has_bottom_border,
    mm,
    open_docx,
    run_of,
    size_pt,
    table_borders,
)

ISSUED = date(2020, 1, 5)


def make_report(**overrides) -> OfficialDocument:
    args = dict(
        parent_agency="Ủy ban nhân dân tỉnh Bình Định",
        issuing_agency="Sở Nội vụ",
        number=5,
        symbol="BC-SNV",
        place="Quy Nhơn",
        issued_on=ISSUED,
        doc_type="Báo cáo",
        subject="Kết quả cải cách hành chính quý I năm 2020",
    )
    args.update(overrides)
    kind = args.pop("kind", "named")
    layout = args.pop("layout", None)
    doc = OfficialDocument(**args, kind=kind, **({"layout": layout} if layout else {}))
    return doc


def full_report() -> bytes:
    doc = make_report()
    doc.kinh_gui(["Bộ Nội vụ", "Ủy ban nhân dân tỉnh Bình Định"])
    doc.heading("I. Kết quả đạt được", 1)
    doc.heading("1. Công tác chỉ đạo, điều hành", 2)
    doc.paragraph("Năm 2020, Sở Nội vụ tham mưu ban hành kế hoạch cải cách hành chính của tỉnh.")
    doc.bullet("Ban hành 12 văn bản chỉ đạo;")
    doc.heading("a) Kiểm tra", 3)
    doc.table(["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn (%)"],
              [[1, "Sở Tư pháp", 1234567, Decimal("98.5")], [2, "Sở Nội vụ", 45, 100.0]],
              widths_mm=[15, 70, 40, 40])
    doc.paragraph("Trân trọng./.")
    doc.noi_nhan(["Như trên", "UBND tỉnh (b/c)", "Lưu: VT, CCHC"])
    doc.signature(["KT. GIÁM ĐỐC", "Phó Giám đốc"], "Nguyễn Văn An")
    return doc.to_bytes()


@pytest.fixture(scope="module")
def report():
    return open_docx(full_report())


def test_page_is_a4_portrait_with_the_default_margins(report):
    section = report.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)] == [
        20.0, 20.0, 30.0, 15.0]


def test_margins_and_sizes_are_parameters():
    layout = Layout(margin_right_mm=20, header_widths_mm=(55, 105), signature_widths_mm=(70, 90), national_title_pt=13)
    document = open_docx(make_report(layout=layout).to_bytes())
    section = document.sections[0]
    assert mm(section.right_margin) == 20.0
    header = document.tables[0]
    assert grid_mm(header) == [55.0, 105.0]
    assert size_pt(run_of(header.cell(0, 1).paragraphs[0])) == 13


def test_widths_wider_than_the_text_area_are_refused():
    with pytest.raises(ValueError, match="wider than the text area"):
        Layout(margin_right_mm=20)  # 160 mm of text cannot hold the default 60 + 105 mm header


def test_normal_style_is_times_new_roman_in_all_four_font_slots(report):
    fonts = report.styles["Normal"].element.rPr.rFonts
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(slot)) == "Times New Roman", slot
    # A theme font would override the explicit one in Word.
    assert not [name for name in fonts.attrib if "Theme" in name or "theme" in name]
    defaults = report.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert {defaults.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    assert report.styles["Normal"].font.size.pt == 14


def test_header_table_is_two_by_two_borderless_with_widths_in_grid_and_cells(report):
    header = report.tables[0]
    assert (len(header.rows), len(header.columns)) == (2, 2)
    assert grid_mm(header) == [60.0, 105.0]
    assert cell_widths_mm(header) == [[60.0, 105.0], [60.0, 105.0]]
    assert set(table_borders(header).values()) == {"nil"}


def test_quoc_hieu_and_tieu_ngu(report):
    nation = report.tables[0].cell(0, 1).paragraphs
    quoc_hieu, tieu_ngu = run_of(nation[0]), run_of(nation[1])
    assert quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert quoc_hieu.font.bold and size_pt(quoc_hieu) == 12
    assert tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert tieu_ngu.font.bold and size_pt(tieu_ngu) == 13
    assert tieu_ngu.font.underline  # the line is exactly as long as the text
    assert {p.alignment for p in nation} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_agencies_and_the_short_line_under_the_issuer(report):
    cell = report.tables[0].cell(0, 0).paragraphs
    parent, issuer, line = cell[0], cell[1], cell[2]
    assert parent.text == "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH" and not run_of(parent).font.bold
    assert size_pt(run_of(parent)) == 12
    assert issuer.text == "SỞ NỘI VỤ" and run_of(issuer).font.bold and size_pt(run_of(issuer)) == 12
    assert line.text == "" and has_bottom_border(line)
    # 1/3 to 1/2 of "SỞ NỘI VỤ": the cell width minus both indents.
    inner = 60 - 2 * 1.905
    length = inner - line.paragraph_format.left_indent.mm - line.paragraph_format.right_indent.mm
    text = estimate_text_width_mm("SỞ NỘI VỤ", 12, bold=True)
    assert text / 3 <= length <= text / 2
    assert "_" not in all_text(report)


def test_number_and_date_share_the_second_row(report):
    number, dated = report.tables[0].cell(1, 0).paragraphs[0], report.tables[0].cell(1, 1).paragraphs[0]
    assert number.text == "Số: 05/BC-SNV" and size_pt(run_of(number)) == 13
    assert dated.text == "Quy Nhơn, ngày 05 tháng 01 năm 2020"
    assert run_of(dated).font.italic and size_pt(run_of(dated)) == 13


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text]


def test_document_type_and_subject(report):
    paragraphs = body_paragraphs(report)
    doc_type, subject = paragraphs[0], paragraphs[1]
    assert doc_type.text == "BÁO CÁO"
    assert run_of(doc_type).font.bold and size_pt(run_of(doc_type)) == 14
    assert doc_type.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subject.text == "Kết quả cải cách hành chính quý I năm 2020"
    assert run_of(subject).font.bold and size_pt(run_of(subject)) == 14
    line = report.paragraphs[[p.text for p in report.paragraphs].index(subject.text) + 1]
    assert line.text == "" and has_bottom_border(line)
    length = 165 - line.paragraph_format.left_indent.mm - line.paragraph_format.right_indent.mm
    text = estimate_text_width_mm(subject.text, 14, bold=True)
    assert text / 3 <= length <= text / 2


def test_kinh_gui_with_several_recipients(report):
    texts = [p.text for p in report.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1: start + 3] == ["- Bộ Nội vụ;", "- Ủy ban nhân dân tỉnh Bình Định."]
    label, first = report.paragraphs[start], report.paragraphs[start + 1]
    # The dashes line up under the colon: further in than the label.
    assert first.paragraph_format.left_indent > label.paragraph_format.left_indent


def test_kinh_gui_with_one_recipient_is_one_line():
    doc = make_report()
    doc.kinh_gui("Bộ Nội vụ;")
    document = open_docx(doc.to_bytes())
    assert "Kính gửi: Bộ Nội vụ." in [p.text for p in document.paragraphs]


def test_body_paragraph_format(report):
    body = next(p for p in report.paragraphs if p.text.startswith("Năm 2020"))
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) == 1.27
    assert fmt.space_after.pt == 6
    assert size_pt(run_of(body)) == 14
    bullet = next(p for p in report.paragraphs if p.text.startswith("- Ban hành"))
    assert bullet.text == "- Ban hành 12 văn bản chỉ đạo;"


def test_heading_levels(report):
    texts = {p.text: p for p in report.paragraphs}
    level1, level2, level3 = texts["I. KẾT QUẢ ĐẠT ĐƯỢC"], texts["1. Công tác chỉ đạo, điều hành"], texts["a) Kiểm tra"]
    assert run_of(level1).font.bold and run_of(level2).font.bold
    assert not run_of(level3).font.bold


def test_data_table(report):
    table = report.tables[1]
    assert grid_mm(table) == [15.0, 70.0, 40.0, 40.0]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn (%)"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert [c.text for c in table.rows[1].cells] == ["1", "Sở Tư pháp", "1.234.567", "98,5"]
    assert [c.text for c in table.rows[2].cells] == ["2", "Sở Nội vụ", "45", "100,0"]
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(run_of(c.paragraphs[0]).font.bold for c in table.rows[0].cells)


def test_table_rows_must_match_the_headers():
    with pytest.raises(ValueError, match="row 1"):
        make_report().table(["A", "B"], [["only one"]])


def test_signature_block(report):
    block = report.tables[-1]
    assert len(block.columns) == 2 and set(table_borders(block).values()) == {"nil"}
    left = [p for p in block.cell(0, 0).paragraphs if p.text]
    right = [p for p in block.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in left] == ["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, CCHC."]
    label = run_of(left[0])
    assert label.font.italic and label.font.bold and size_pt(label) == 12
    assert {size_pt(run_of(p)) for p in left[1:]} == {11}
    assert left[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert [p.text for p in right] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(run_of(p).font.bold and size_pt(run_of(p)) == 14 for p in right)
    # "Nơi nhận:" is level with the first authority line: the same space above, both first in their cell.
    assert block.cell(0, 0).paragraphs[0].paragraph_format.space_before == \
        block.cell(0, 1).paragraphs[0].paragraph_format.space_before


def test_signature_and_recipients_fill_one_table_in_either_order():
    doc = make_report()
    doc.signature("Giám đốc", "Trần Văn B")
    doc.noi_nhan(["Như trên", "Lưu: VT"])
    document = open_docx(doc.to_bytes())
    block = document.tables[-1]
    assert len(document.tables) == 2
    assert block.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert block.cell(0, 1).paragraphs[0].text == "GIÁM ĐỐC"
    with pytest.raises(ValueError):
        doc.signature("Giám đốc", "Trần Văn B")


def test_no_page_number_on_the_first_page(report):
    section = report.sections[0]
    assert section.different_first_page_header_footer is True
    assert not section.first_page_header.is_linked_to_previous
    assert field_instructions(section.first_page_header._element) == []
    assert field_instructions(section.header._element) == ["PAGE"]
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in number.runs} == {13}


def test_cong_van_has_its_subject_under_the_number_and_no_type_line():
    doc = make_report(kind="letter", symbol="SNV-CCHC", doc_type="", subject="triển khai Bộ chỉ số 766")
    document = open_docx(doc.to_bytes())
    cell = document.tables[0].cell(1, 0).paragraphs
    assert [p.text for p in cell] == ["Số: 05/SNV-CCHC", "V/v triển khai Bộ chỉ số 766"]
    assert size_pt(run_of(cell[1])) == 12 and cell[1].paragraph_format.space_before.pt == 6
    assert "BÁO CÁO" not in all_text(document)


def test_text_is_stored_precomposed():
    decomposed = unicodedata.normalize("NFD", "Sở Nội vụ")
    document = open_docx(make_report(issuing_agency=decomposed).to_bytes())
    assert document.tables[0].cell(0, 0).paragraphs[1].text == "SỞ NỘI VỤ"


def test_a_draft_without_number_or_date():
    document = open_docx(make_report(number=None, issued_on=None).to_bytes())
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số:       /BC-SNV"
    assert header.cell(1, 1).paragraphs[0].text == "Quy Nhơn, ngày … tháng … năm …"


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "BC-UBND", "Số: 05/BC-UBND"),  # the decree's example
        (12, "UBND-VX", "Số: 12/UBND-VX"),  # a công văn, the decree's example
        (9, "QyĐ-UBND", "Số: 09/QyĐ-UBND"),  # abbreviations may contain lower case
        (123, "KH-UBND", "Số: 123/KH-UBND"),
    ],
)
def test_document_number(number, symbol, expected):
    assert document_number(number, symbol) == expected


@pytest.mark.parametrize(("number", "symbol"), [(0, "BC-UBND"), (-1, "BC-UBND"), (True, "BC-UBND"),
                                                (5, "BC - UBND"), (5, ""), ("05", "BC-UBND")])
def test_document_number_rejects(number, symbol):
    with pytest.raises(ValueError):
        document_number(number, symbol)


def test_required_parts():
    with pytest.raises(ValueError):
        make_report(issuing_agency=" ")
    with pytest.raises(ValueError):
        make_report(doc_type="")
    with pytest.raises(ValueError):
        make_report(kind="letter", subject="")
    with pytest.raises(ValueError):
        make_report(kind="memo")


def test_save_to_a_path(tmp_path):
    path = tmp_path / "bao-cao.docx"
    make_report().save(str(path))
    assert open_docx(path.read_bytes()).tables[0].cell(1, 0).paragraphs[0].text == "Số: 05/BC-SNV"
