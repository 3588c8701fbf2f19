"""The PAR index documents from the database (issue 13 item 4): what cchc.parindex.documents gathers from the
assessments and the stored results, and the downloads (who may have them, what they hold).

The world (tests/factories.py, block "pi-docs"): the test province's commune block scored on a small index
of 10 points (area 1: 1.1.1 evidence 2, 1.1.2 computed 3, 1.2.1 evidence 1; area 3 (procedures only): 3.1.1
evidence 2,5; area 8: 8.1.1 survey 1,5) and its agency block on the same structure, both published by
Quyết định 125/QĐ-UBND. Stored results, written by hand as cchc.parindex.results would store them:
- Xã Mỹ Lộc: 9,00/10 → 90,00%, first in its block, first overall, band A;
- Xã Mỹ Đức (handles no procedures, area 3 masked): self 4,50, final 5,70/7,50 → 76,00%, second, third
  overall, band C; 1.2.1 has no evidence (explained), 1.1.2 is computed (85,5 as of 30/11/2026);
- Xã Canh Vinh: no result (it did not submit): listed last, blank;
- Sở Nội vụ (agency block): 8,00/10 → 80,00%, first in its block, second overall, band B.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role
from cchc.core.errors import DomainError
from cchc.parindex import documents
from cchc.parindex.models import AppraiserScope
from tests import factories
from tests.documents.reading import all_text, open_docx
from tests.permission_matrix import DENIED

D = Decimal
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLISHED_AT = timezone.make_aware(datetime(2027, 3, 5, 10, 0))


def _finals(**points):
    return {code.replace("_", "."): {"final_points": D(p)} for code, p in points.items()}


@pytest.fixture
def world(province, users):
    communes = factories.make_par_docs_season(
        version=factories.make_par_docs_version(block="commune"), status="published", decision="125/QĐ-UBND",
        published_at=PUBLISHED_AT)
    agencies = factories.make_par_docs_season(
        version=factories.make_par_docs_version(block="agency"), status="published", decision="125/QĐ-UBND",
        published_at=PUBLISHED_AT)
    my_duc = factories.make_par_docs_assessment(
        season=communes, unit=province.commune, status="published", handles_procedures=False,
        self_total=D("4.50"), final_total=D("5.70"), applicable_max=D("7.50"), index_value=D("76.00"),
        rank_in_block=2, rank_overall=3, band="C", submitted_at=timezone.make_aware(datetime(2026, 11, 28, 9, 0)),
        difficulties="Thiếu máy quét.", recommendations="Hỗ trợ kinh phí số hóa.",
        scores={
            "1.1.1": {"self_points": D("2.00"), "evidence_state": "full", "final_points": D("2.00")},
            "1.1.2": {"self_points": D("2.50"), "computed_value": D("85.5"), "computed_as_of": date(2026, 11, 30),
                      "computed_source": "Tiến độ nhiệm vụ", "final_points": D("2.50")},
            "1.2.1": {"self_points": D("0.00"), "evidence_state": "none", "explanation": "Kế hoạch đang trình ký.",
                      "final_points": D("0.00")},
            "3.1.1": {"self_points": D("2.50"), "evidence_state": "full", "final_points": D("2.50")},  # masked
            "8.1.1": {"survey_points": D("1.20"), "final_points": D("1.20")},
        },
        evidence={"1.1.1": [("15/KH-UBND", "trang 2, mục II"), ("20/QĐ-UBND", "Điều 1")]})
    my_loc = factories.make_par_docs_assessment(
        season=communes, unit=province.commune2, status="published", final_total=D("9.00"), applicable_max=D("10.00"),
        index_value=D("90.00"), rank_in_block=1, rank_overall=1, band="A",
        scores=_finals(**{"1_1_1": "2", "1_1_2": "3", "1_2_1": "1", "3_1_1": "2.5", "8_1_1": "0.5"}))
    canh_vinh = factories.make_par_docs_assessment(season=communes, unit=province.other_district_commune)
    snv = factories.make_par_docs_assessment(
        season=agencies, unit=province.snv, status="published", final_total=D("8.00"), applicable_max=D("10.00"),
        index_value=D("80.00"), rank_in_block=1, rank_overall=2, band="B",
        scores=_finals(**{"1_1_1": "2", "1_1_2": "2", "1_2_1": "1", "3_1_1": "2", "8_1_1": "1"}))
    appraiser = factories.make_user(username="tham.dinh", role=Role.APPRAISER, unit=province.snv)
    AppraiserScope.objects.create(season=communes, user=appraiser)
    other_appraiser = factories.make_user(username="tham.dinh.khac", role=Role.APPRAISER, unit=province.stp)
    AppraiserScope.objects.create(season=agencies, user=other_appraiser)
    users = {**users, "appraiser": appraiser, "other_appraiser": other_appraiser}
    return {"communes": communes, "agencies": agencies, "my_duc": my_duc, "my_loc": my_loc, "canh_vinh": canh_vinh,
            "snv": snv, "users": users, "province": province}


# --- what is gathered -----------------------------------------------------------------------------


def test_the_report_content_is_the_units_assessment(world):
    content = documents.self_assessment_content(world["my_duc"])
    assert (content.year, content.unit, content.issued_on) == (2026, "Ủy ban nhân dân xã Mỹ Đức", date(2026, 11, 28))
    assert (content.agency.parent, content.agency.abbreviation) == ("Ủy ban nhân dân huyện Phù Mỹ", "UBND")
    assert content.agency.signer_authority == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert (content.self_total, content.applicable_max) == (D("4.50"), D("7.50"))  # the stored totals
    area1, area3, area8 = content.areas
    assert (area1.self_points, [c.self_points for c in area1.criteria]) == (D("4.50"), [D("4.50"), D("0.00")])
    assert area3.self_points is None and not area3.criteria[0].components[0].applicable
    first, computed = area1.criteria[0].components
    assert [(e.number, e.locator) for e in first.evidence] == [("15/KH-UBND", "trang 2, mục II"), ("20/QĐ-UBND", "Điều 1")]
    assert computed.computed == "Số liệu 85,50, tính đến 30/11/2026 (Tiến độ nhiệm vụ)"
    assert [c.code for c in content.explained()] == ["1.2.1"]  # the survey criterion needs no evidence
    assert content.masked == ("3. Cải cách thủ tục hành chính",)
    assert content.mask_reason == "đơn vị không giải quyết thủ tục hành chính"
    assert content.notes == ()


def test_an_illustrative_index_says_so_in_both_documents(world):
    version = world["communes"].version
    version.illustrative = True
    version.save()
    note = "Bộ chỉ số minh họa, không phải quyết định thật của tỉnh."
    assert documents.self_assessment_content(world["my_duc"]).notes == (note,)
    assert documents.result_content(world["communes"]).notes == (note,)


def test_a_masked_component_is_neither_scored_nor_explained(world):
    assessment = world["my_duc"]
    assessment.masked = ["1.2.1"]
    assessment.mask_reason = "Đơn vị mới thành lập."
    assessment.save()
    content = documents.self_assessment_content(assessment)
    assert content.explained() == []
    assert content.masked == ("1.2.1", "3. Cải cách thủ tục hành chính")
    assert content.mask_reason == "Đơn vị mới thành lập."


def test_the_result_annex_reads_the_stored_results_of_every_block_the_decision_published(world):
    content = documents.result_content(world["communes"])
    assert (content.decision, content.decided_on, content.draft) == ("125/QĐ-UBND", date(2027, 3, 5), False)
    assert content.province == "tỉnh Thử Nghiệm"
    assert [b.block for b in content.blocks] == ["Khối sở, ban, ngành", "Khối xã, phường"]
    agencies, communes = content.blocks
    assert [(r.unit, r.total, r.index_value, r.rank_in_block, r.rank_overall, r.band) for r in communes.rows] == [
        ("Xã Mỹ Lộc", D("9.00"), D("90.00"), 1, 1, "Nhóm A"),
        ("Xã Mỹ Đức", D("5.70"), D("76.00"), 2, 3, "Nhóm C"),
        ("Xã Canh Vinh", None, None, None, None, ""),
    ]
    assert [(r.unit, r.band) for r in agencies.rows] == [("Sở Nội vụ", "Nhóm B")]
    # Per area, what applies: Mỹ Đức's area 3 is masked, so it counts nowhere.
    assert [r.areas for r in communes.rows[:2]] == [(D("6.00"), D("2.50"), D("0.50")), (D("4.50"), None, D("1.20"))]


def test_a_versions_own_bands_name_the_band(world):
    version = world["communes"].version
    version.bands = [{"code": "A", "label": "Xuất sắc", "min_pct": 90}, {"code": "C", "label": "Khá", "min_pct": 70}]
    version.save()
    rows = documents.result_content(world["communes"]).blocks[1].rows
    assert [r.band for r in rows] == ["Xuất sắc", "Khá", ""]


def test_before_publication_the_annex_is_refused_unless_a_draft(world):
    season = world["communes"]
    season.status = "appraisal"
    season.save()
    with pytest.raises(DomainError, match="chưa được công bố"):
        documents.result_content(season)
    draft = documents.result_content(season, draft=True)
    assert draft.draft and draft.decision == "" and draft.decided_on is None
    assert [b.block for b in draft.blocks] == ["Khối xã, phường"]  # the decision's other seasons: not yet


def test_the_queries_do_not_grow_with_the_units(world):
    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    before_result = count(lambda: documents.result_content(world["communes"]))
    before_report = count(lambda: documents.self_assessment_content(world["my_duc"]))
    p = world["province"]
    for i in range(3):
        unit = factories.make_unit(key=f"t:commune:x{i}", code=f"9x{i}", name=f"Xã Mới {i}", kind="commune",
                                   parent=p.district, province=p.province)
        factories.make_par_docs_assessment(season=world["communes"], unit=unit,
                                           scores=_finals(**{"1_1_1": "1"}), evidence={"1.1.1": [("1/BC", "1")]})
    factories.make_par_docs_assessment(season=world["agencies"], unit=p.stp)
    assert count(lambda: documents.result_content(world["communes"])) == before_result
    assert count(lambda: documents.self_assessment_content(world["my_duc"])) == before_report


# --- the downloads --------------------------------------------------------------------------------

ROLES = ("anonymous", "admin", "officer", "leader", "inspector", "focal_snv", "focal_district", "focal_commune",
         "focal_commune2", "appraiser", "other_appraiser")
#: Mỹ Đức's report: whoever may open its assessment (its focal point and the province-wide readers).
REPORT = (302, 200, 200, 200, 200, 403, 403, 200, 403, 200, 200)
#: A published result: everyone who reads results.
PUBLISHED = (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
#: Before publication: the managers only (a draft).
UNPUBLISHED = (302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403)


def _get(world, role, url):
    client = Client() if role == "anonymous" else factories.client_for(user=world["users"][role])
    return client.get(url)


def _check(world, url, expected):
    for role, status in zip(ROLES, expected, strict=True):
        response = _get(world, role, url)
        assert response.status_code == status, f"{role} on {url}"
        if status == 403:
            assert DENIED in response.content.decode()


#: The downloads this matrix covers (tests/parindex/test_permissions_matrix.py checks the namespace).
MATRIX_NAMES = ("parindex:assessment_report_docx", "parindex:assessment_report_xlsx", "parindex:season_result_docx",
                "parindex:season_result_xlsx")


@pytest.mark.parametrize("name", ["parindex:assessment_report_docx", "parindex:assessment_report_xlsx"])
def test_who_may_download_a_units_report(world, name):
    _check(world, reverse(name, args=[world["my_duc"].pk]), REPORT)


@pytest.mark.parametrize("name", ["parindex:season_result_docx", "parindex:season_result_xlsx"])
def test_who_may_download_the_result(world, name):
    _check(world, reverse(name, args=[world["communes"].pk]), PUBLISHED)
    season = world["communes"]
    season.status = "appraisal"
    season.save()
    _check(world, reverse(name, args=[season.pk]), UNPUBLISHED)


def test_the_report_downloads_as_docx_and_xlsx(world):
    pk = world["my_duc"].pk
    docx = _get(world, "focal_commune", reverse("parindex:assessment_report_docx", args=[pk]))
    assert docx["Content-Type"] == DOCX
    assert docx["Content-Disposition"] == 'attachment; filename="tu-danh-gia-chi-so-cchc-2026-90101.docx"'
    text = all_text(open_docx(docx.content))
    assert "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm 2026" in text
    assert "- 1.2.1. Ban hành kế hoạch tuyên truyền (Không có minh chứng): Kế hoạch đang trình ký." in text
    xlsx = _get(world, "focal_commune", reverse("parindex:assessment_report_xlsx", args=[pk]))
    assert xlsx["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(BytesIO(xlsx.content))["Tự đánh giá"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert (last[1], last[5], last[6]) == ("Tổng cộng", 7.5, 4.5)


def test_the_english_reader_gets_the_same_vietnamese_document(world):
    url = reverse("parindex:assessment_report_docx", args=[world["my_duc"].pk])
    client = factories.client_for(user=world["users"]["focal_commune"])
    vietnamese = client.get(url).content
    client.cookies["django_language"] = "en"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").content == vietnamese


def test_a_published_annex_lists_every_unit_with_its_stored_total_and_rank(world):
    response = _get(world, "focal_commune2", reverse("parindex:season_result_docx", args=[world["communes"].pk]))
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-chi-so-cchc-2026-commune.docx"'
    document = open_docx(response.content)
    tables = [[[c.text for c in row.cells] for row in t.rows[1:]] for t in document.tables if t.cell(0, 0).text == "TT"]
    assert tables == [
        [["1", "Sở Nội vụ", "8,00", "80,00", "1", "2", "Nhóm B"]],
        [["1", "Xã Mỹ Lộc", "9,00", "90,00", "1", "1", "Nhóm A"],
         ["2", "Xã Mỹ Đức", "5,70", "76,00", "2", "3", "Nhóm C"],
         ["3", "Xã Canh Vinh", "", "", "", "", ""]],
    ]
    assert "DỰ THẢO" not in all_text(document)
    xlsx = _get(world, "leader", reverse("parindex:season_result_xlsx", args=[world["communes"].pk]))
    annex = openpyxl.load_workbook(BytesIO(xlsx.content))["Phụ lục"]
    rows = [[c.value for c in row] for row in annex.iter_rows(min_row=6)]
    assert [(r[2], r[3], r[6]) for r in rows] == [("Sở Nội vụ", 8, 1), ("Xã Mỹ Lộc", 9, 1), ("Xã Mỹ Đức", 5.7, 2),
                                                  ("Xã Canh Vinh", None, None)]


def test_the_officers_draft_says_draft(world):
    season = world["communes"]
    season.status = "appraisal"
    season.save()
    response = _get(world, "officer", reverse("parindex:season_result_docx", args=[season.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-chi-so-cchc-2026-commune-du-thao.docx"'
    assert all_text(open_docx(response.content)).splitlines()[0] == "DỰ THẢO"


def test_an_unknown_assessment_is_not_found(world):
    response = _get(world, "admin", reverse("parindex:assessment_report_docx", args=[999999]))
    assert response.status_code == 404
