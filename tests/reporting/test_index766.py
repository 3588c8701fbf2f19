"""Issue #15 item 5 in the periodic PAR report: the Decision 766 index of the period, the same figures as the
scoreboard (one truth: cchc.scoreboard.services.scorecard's total, block_rank's rank), with the portal's
published score beside them where one is imported, in the content, the DOCX (Vietnamese numbers) and the
annex sheet "Chỉ số 766".

The world: the test province's Sở Nội vụ with its year-2026 figures of tests/portal766 (the portal's H21.17,
published 79,27 points, rank 1 in its block, on 10/10/2026), Sở Tư pháp with 100 of 200 dossiers on time (so
the agency block ranks two), the province's own on-time figure, and the agencies' summary answer of the same
day (the province's own published total, 66,23)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from cchc.analytics import services as analytics
from cchc.documents.annexes import render_annexes
from cchc.documents.par_report import render_docx
from cchc.documents.vietnamese import format_number
from cchc.portal766 import services as portal
from cchc.reporting.content import collect
from cchc.scoreboard import services as scoreboard
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests.documents.reading import all_text, open_docx
from tests.factories import make_kpi_value
from tests.portal766.test_import_and_reconcile import _cchc_figures

DATA = Path(__file__).resolve().parents[1] / "portal766" / "data" / "agencies_detail_small.json"
SUMMARY = Path(__file__).resolve().parents[2] / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_10102026.json"
YEAR = date(2026, 1, 1)
AT = datetime(2026, 10, 10, tzinfo=UTC)


@pytest.fixture
def world(province):
    _cchc_figures(province.snv)
    make_kpi_value(unit=province.stp, code="ontime_rate", kind="year", start=YEAR, value="50", numerator=100,
                   denominator=200, as_of=AT)
    make_kpi_value(unit=province.province, code="ontime_rate", kind="year", start=YEAR, value="90", numerator=900,
                   denominator=1000, as_of=AT)
    return province


@pytest.fixture
def published(world):
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.17", unit=world.snv)
    portal.import_snapshot(DATA.read_bytes(), DATA.name)
    portal.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    return world


def report(scope, *, kind="year", start=YEAR, end=date(2026, 12, 31), language="vi"):
    return collect(scope=scope, kind=kind, start=start, end=end, plans=[], number=7, symbol="BC-SNV",
                   issued_on=date(2026, 10, 12), place="Gia Lai", issuer="Sở Nội vụ", issuer_parent="UBND tỉnh",
                   signer_title="GIÁM ĐỐC", signer_name="Nguyễn Văn A", today=date(2026, 10, 12), language=language)


def _truth(unit):
    """The scoreboard's figures of the unit for 2026: its scorecard's total and its rank within the block."""
    card = scoreboard.scorecard(unit, "year", YEAR)
    return card.total, scoreboard.block_rank(unit, "year", YEAR, analytics.values_stamp("year"))


def test_a_units_report_holds_its_scorecard_total_and_block_rank(world):
    content = report(world.snv)
    (row,) = content.index766
    total, (rank, of_n) = _truth(world.snv)
    assert (row.unit_name, row.block) == ("Sở Nội vụ", "agency")
    assert (row.points, row.available, row.max_points) == (total.points, total.available, total.max)
    assert (row.rank, row.of_n) == (rank, of_n) == (1, 2)
    assert (row.published_total, row.published_rank, row.published_on) == (None, None, None)  # nothing imported
    text = all_text(open_docx(render_docx(content)))
    assert "III. BỘ CHỈ SỐ 766" in text.splitlines()
    assert (f"đạt {format_number(total.points, 2)}/100 điểm Bộ chỉ số 766 (các chỉ số có số liệu chiếm "
            f"{format_number(total.available, 2)} điểm), xếp hạng 1/2 trong khối sở, ban, ngành.") in text
    assert "Cổng Dịch vụ công quốc gia công bố" not in text


def test_the_published_score_sits_beside_cchcs(published):
    (row,) = report(published.snv).index766
    assert (row.published_total, row.published_rank, row.published_on) == (D("79.27"), 1, date(2026, 10, 10))
    text = all_text(open_docx(render_docx(report(published.snv))))
    assert "Cổng Dịch vụ công quốc gia công bố 79,27 điểm ngày 10/10/2026, hạng 1 trong khối." in text


def test_the_provinces_report_lists_each_ranked_unit_by_block(published):
    content = report(published.province)
    own, *units = content.index766
    province_total, _none = _truth(published.province)
    assert (own.unit_name, own.points, own.rank) == ("Tỉnh Thử Nghiệm", province_total.points, None)
    assert (own.published_total, own.published_on) == (D("66.23"), date(2026, 10, 10))
    assert [(r.unit_name, r.block, r.rank, r.of_n) for r in units] == [
        ("Sở Nội vụ", "agency", 1, 2), ("Sở Tư pháp", "agency", 2, 2)]
    for r, unit in zip(units, (published.snv, published.stp), strict=True):
        total, placed = _truth(unit)
        assert (r.points, r.available, (r.rank, r.of_n)) == (total.points, total.available, placed)
    assert units[0].published_total == D("79.27") and units[1].published_total is None

    document = open_docx(render_docx(content))
    text = all_text(document)
    assert "Cổng Dịch vụ công quốc gia công bố 66,23 điểm ngày 10/10/2026." in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT" and len(t.columns) == 9)
    snv = [c.text for c in table.rows[1].cells]
    assert snv == ["1", "Sở Nội vụ", "Khối sở, ban, ngành", format_number(units[0].points, 2),
                   format_number(units[0].available, 2), "1/2", "79,27", "1", "10/10/2026"]
    assert [c.text for c in table.rows[2].cells][5:] == ["2/2", "—", "—", "—"]

    sheet = openpyxl.load_workbook(BytesIO(render_annexes(content)))["Chỉ số 766"]
    assert sheet["A1"].value == "Phụ lục IV" and sheet["A2"].value == "BỘ CHỈ SỐ 766 NĂM 2026"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert [r[2] for r in rows] == ["Tỉnh Thử Nghiệm", "Sở Nội vụ", "Sở Tư pháp"]
    assert D(str(rows[1][4])) == units[0].points and rows[1][7:11] == [1, 2, 79.27, 1]
    assert rows[1][11] == datetime(2026, 10, 10)
    assert D(str(rows[0][9])) == D("66.23") and rows[0][7] is None


def test_a_half_year_report_says_the_index_has_no_such_period(world):
    content = report(world.province, kind="half", end=date(2026, 6, 30))
    assert content.index766 == () and not content.index766_period
    text = all_text(open_docx(render_docx(content)))
    assert ("Bộ chỉ số 766 được tính và công bố theo tháng, quý và năm; kỳ báo cáo 6 tháng đầu năm 2026 không có kỳ "
            "đánh giá tương ứng (xem báo cáo quý hoặc năm).") in text
    sheet = openpyxl.load_workbook(BytesIO(render_annexes(content)))["Chỉ số 766"]
    assert sheet["A4"].value.startswith("Bộ chỉ số 766 được tính") and sheet.max_row == 5


def test_the_section_in_english(published):
    content = report(published.snv, language="en")
    text = all_text(open_docx(render_docx(content, language="en")))
    assert "III. DECISION 766 INDEX" in text.splitlines()
    assert "the national public service portal published 79,27 points on 10/10/2026, rank 1 in the block." in text


def test_the_generated_documents_content_holds_the_index(period, province, users):
    """The province's document of the period (cchc.reporting.documents.content_of, what the background build
    renders): the commune ranked in its block, with the scoreboard's total and rank (tests/reporting/conftest:
    Q1 2022, Xã Mỹ Đức 191 of 200 dossiers on time)."""
    from cchc.reporting.documents import content_of
    from cchc.reporting.models import GeneratedDocument

    options = {"symbol": "BC-SNV", "issued_on": "2022-04-15", "place": "Quy Nhơn", "issuer": "Sở Nội vụ",
               "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn A"}
    document = GeneratedDocument.objects.create(period=period, options=options, created_by=users["officer"])
    content = content_of(document)
    start = date(2022, 1, 1)
    card = scoreboard.scorecard(province.commune, "quarter", start)
    placed = scoreboard.block_rank(province.commune, "quarter", start, analytics.values_stamp("quarter"))
    assert content.index766[0].unit_name == "Tỉnh Thử Nghiệm"
    (commune,) = [r for r in content.index766 if r.unit_name == "Xã Mỹ Đức"]
    assert (commune.block, commune.points, commune.available, (commune.rank, commune.of_n)) == (
        "commune", card.total.points, card.total.available, placed) and placed == (1, 1)
    sheet = openpyxl.load_workbook(BytesIO(render_annexes(content)))["Chỉ số 766"]
    row = next([c.value for c in r] for r in sheet.iter_rows(min_row=6) if r[2].value == "Xã Mỹ Đức")
    assert D(str(row[4])) == card.total.points and row[7:9] == [1, 1]
