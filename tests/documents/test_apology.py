"""The apology letter for a late dossier.

Sources: DOMAIN §11 Q2. Content of TT 01/2018/TT-VPCP Mẫu 04 as published by Thanh Hóa and Chơn Thành
(Q2.2): receipt date and time, procedure, dossier code, original due date, the statement that the result
was not returned by then, "Lý do: …", the apology, the new date, "Trân trọng./.", Nơi nhận with
"- Như trên;", the one-stop unit and "- Lưu: VT."; from 1/7/2025 the title of TT 03/2025 Mẫu 04.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cchc.core.errors import DomainError
from cchc.documents.apology import build_apology_docx
from cchc.dossiers.models import Dossier, Procedure
from cchc.units.models import Unit
from tests.factories import build_dossier, make_dossier, make_procedure

from .reading import all_text, open_docx, run_of

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
TT01_TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
TT03_TITLE = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"


def letter_dossier(**overrides) -> Dossier:
    """An unsaved dossier (build_dossier): the letter needs no database."""
    fields = dict(
        source_system="dvc-binhdinh",
        code="H08.22-240105-0001",
        received_at=datetime(2024, 1, 5, 8, 30, tzinfo=HCM),
        due_at=datetime(2024, 1, 19, 17, 0, tzinfo=HCM),
        procedure=Procedure(code="1.001193", name="Thủ tục đăng ký khai sinh"),
        unit=Unit(name="Ủy ban nhân dân xã Mỹ Đức", kind="commune"),
    )
    fields.update(overrides)
    return build_dossier(**fields)


def letter(**overrides) -> bytes:
    args = dict(
        dossier=letter_dossier(),
        reason="Cần xác minh thông tin hộ tịch tại nơi đăng ký thường trú trước đây",
        new_due_at=datetime(2024, 1, 24, 16, 0, tzinfo=HCM),
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Bình",
        authority_lines=["TM. Ủy ban nhân dân"],
        issuing_agency="Ủy ban nhân dân xã Mỹ Đức",
        parent_agency="Ủy ban nhân dân huyện Phù Mỹ",
        number=5,
        place="Mỹ Đức",
        issued_on=date(2024, 1, 18),
        applicant_name="Trần Thị Hoa",
        issuer_abbr="UBND",
    )
    args.update(overrides)
    return build_apology_docx(**args)


@pytest.fixture(scope="module")
def document():
    return open_docx(letter())


def test_header_number_date_and_title(document):
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 05/PXL-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Mỹ Đức, ngày 18 tháng 01 năm 2024"
    assert run_of(header.cell(1, 1).paragraphs[0]).font.italic
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ", "ỦY BAN NHÂN DÂN XÃ MỸ ĐỨC"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in all_text(document)
    title = next(p for p in document.paragraphs if p.text)
    assert title.text == TT01_TITLE and run_of(title).font.bold and run_of(title).font.size.pt == 14


def test_content_in_the_order_of_the_form(document):
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[1:] == [
        "Kính gửi: Ông/Bà Trần Thị Hoa.",
        "Hồ sơ của Ông/Bà được tiếp nhận lúc 08 giờ 30 phút, ngày 05/01/2024:",
        "- Thủ tục hành chính: Thủ tục đăng ký khai sinh;",
        "- Mã hồ sơ: H08.22-240105-0001;",
        "- Ngày hẹn trả kết quả: 17 giờ 00 phút, ngày 19/01/2024.",
        "Đến ngày hẹn trả nêu trên, Ủy ban nhân dân xã Mỹ Đức chưa giải quyết xong và chưa trả kết quả hồ sơ "
        "cho Ông/Bà theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
        "Lý do: Cần xác minh thông tin hộ tịch tại nơi đăng ký thường trú trước đây.",
        "Ủy ban nhân dân xã Mỹ Đức thành thật xin lỗi Ông/Bà vì sự chậm trễ này và rất mong nhận được sự "
        "thông cảm của Ông/Bà.",
        "Ủy ban nhân dân xã Mỹ Đức hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào 16 giờ 00 phút, "
        "ngày 24/01/2024.",
        "Trân trọng./.",
    ]


def test_recipients_and_signature(document):
    block = document.tables[-1]
    assert [p.text for p in block.cell(0, 0).paragraphs if p.text] == [
        "Nơi nhận:", "- Như trên;", "- Bộ phận Một cửa;", "- Lưu: VT."]
    assert [p.text for p in block.cell(0, 1).paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Bình"]


def test_layout_is_the_official_one(document):
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert section.different_first_page_header_footer is True


def test_dates_are_printed_in_local_time():
    # 20:00 UTC on 18/01 is 03:00 on 19/01 in Việt Nam: the letter must say 19/01.
    dossier = letter_dossier(received_at=datetime(2024, 1, 5, 1, 30, tzinfo=UTC),
                           due_at=datetime(2024, 1, 18, 20, 0, tzinfo=UTC))
    text = all_text(open_docx(letter(dossier=dossier, new_due_at=date(2024, 1, 24))))
    assert "08 giờ 30 phút, ngày 05/01/2024" in text
    assert "03 giờ 00 phút, ngày 19/01/2024" in text
    assert "hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào ngày 24/01/2024." in text  # a date: no time


@pytest.mark.parametrize(
    ("issued_on", "title", "last_sentence"),
    [
        (date(2025, 6, 30), TT01_TITLE, "hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào"),
        (date(2025, 7, 1), TT01_TITLE, "hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào"),
        (date(2025, 9, 14), TT01_TITLE, "hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào"),
        (date(2025, 9, 15), TT03_TITLE, "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến"),
    ],
    ids=["tt01-under-nd61", "tt01-first-day-of-nd118", "tt01-last-day", "tt03-first-day"],
)
def test_form_switches_on_15_september_2025(issued_on, title, last_sentence):
    """NĐ 118/2025 is in force from 1/7/2025, but TT 03/2025's forms only from 15/9/2025 (DOMAIN §12.2)."""
    dossier = letter_dossier(received_at=datetime.combine(issued_on, time(9, 0), tzinfo=HCM) - timedelta(days=10),
                           due_at=datetime.combine(issued_on, time(17, 0), tzinfo=HCM) + timedelta(days=2))
    new_due = datetime.combine(issued_on, time(17, 0), tzinfo=HCM) + timedelta(days=9)
    text = all_text(open_docx(letter(dossier=dossier, issued_on=issued_on, new_due_at=new_due)))
    assert title in text
    assert (TT03_TITLE if title == TT01_TITLE else TT01_TITLE) not in text
    assert f"{last_sentence} 17 giờ 00 phút, ngày {new_due:%d/%m/%Y}." in text


def test_optional_parts():
    dossier = letter_dossier(receipt_number="BN-000123")
    text = all_text(open_docx(letter(
        dossier=dossier, applicant_name="", responsible_unit="Công chức Tư pháp - Hộ tịch xã",
        one_stop_unit="Bộ phận Tiếp nhận và Trả kết quả xã Mỹ Đức", return_place="Bộ phận Một cửa xã Mỹ Đức",
        number=None, issuer_abbr="", authority_lines=[], signer_title="Chủ tịch")))
    assert "Kính gửi: Ông/Bà …………………………." in text
    assert "- Mã hồ sơ: H08.22-240105-0001; số biên nhận: BN-000123;" in text
    assert "Đến ngày hẹn trả nêu trên, Công chức Tư pháp - Hộ tịch xã chưa giải quyết xong" in text
    assert "- Bộ phận Tiếp nhận và Trả kết quả xã Mỹ Đức;" in text
    assert "ngày 24/01/2024. Nơi trả kết quả: Bộ phận Một cửa xã Mỹ Đức." in text
    assert "Số:       /PXL\n" in text


def test_without_a_unit_the_statement_names_none():
    dossier = build_dossier(unit=None, code="X-1", received_at=datetime(2024, 1, 5, 8, 0, tzinfo=HCM),
                            due_at=datetime(2024, 1, 19, 17, 0, tzinfo=HCM), procedure=Procedure(name="Chứng thực bản sao"))
    text = all_text(open_docx(letter(dossier=dossier)))
    assert "Đến ngày hẹn trả nêu trên, hồ sơ của Ông/Bà chưa được giải quyết xong" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dossier": letter_dossier(due_at=None)}, "không có ngày hẹn trả"),
        ({"new_due_at": datetime(2024, 1, 19, 20, 0, tzinfo=HCM)}, "phải sau ngày hẹn trả cũ"),
        ({"new_due_at": date(2024, 1, 10)}, "phải sau ngày hẹn trả cũ"),
        ({"reason": "  "}, "lý do"),
        ({"new_due_at": datetime(2024, 1, 22, 16, 0, tzinfo=HCM), "issued_on": date(2024, 1, 22)},
         "phải sau ngày lập phiếu"),
        ({"new_due_at": date(2024, 1, 22), "issued_on": date(2024, 1, 25)}, "phải sau ngày lập phiếu"),
    ],
    ids=["no-due-date", "same-day", "earlier", "no-reason", "on-the-letters-day", "before-the-letter"],
)
def test_refused(overrides, message):
    with pytest.raises(DomainError, match=message):
        letter(**overrides)


def test_with_a_saved_dossier(province):
    procedure = make_procedure(code="1.001193", name="Thủ tục đăng ký khai sinh")
    dossier = make_dossier(
        code="H08.22-240105-0002", unit=province.commune, procedure=procedure, status=4,
        received_at=datetime(2024, 1, 5, 8, 30, tzinfo=HCM), due_at=datetime(2024, 1, 19, 17, 0, tzinfo=HCM),
    )
    dossier = Dossier.objects.select_related("unit", "procedure").get(pk=dossier.pk)
    text = all_text(open_docx(letter(dossier=dossier)))
    assert "H08.22-240105-0002" in text
    assert "Đến ngày hẹn trả nêu trên, Xã Mỹ Đức chưa giải quyết xong" in text  # the processing unit
    assert "- Ngày hẹn trả kết quả: 17 giờ 00 phút, ngày 19/01/2024." in text
