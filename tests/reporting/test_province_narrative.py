"""The province's report builds each area's narrative from the units' approved reports (issue 12 item 7):
under the four headings, each unit's text named, units in the tree's order; the form offers it for the
PAR officer to edit; what the officer edited is kept for the next document; the DOCX prints the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cchc.documents import par_report
from cchc.reporting import services
from cchc.reporting.documents import content_of, default_options, kept_text, narrative_form
from cchc.reporting.forms import GenerateForm
from cchc.reporting.models import GeneratedDocument
from tests.documents.reading import all_text, open_docx
from tests.factories import client_for

pytestmark = pytest.mark.django_db
SUBMITTED = datetime(2022, 4, 5, 3, 0, tzinfo=UTC)


def send(period, unit, user, officer, narratives):
    """The unit writes its measure and ``narratives``, submits; the officer approves."""
    report = services.current_report(period, unit.pk)
    measures = {m.pk: {"value": "20"} for m in report.measures.all()}
    services.save_report(user=user, report=report, measures=measures, narratives=narratives)
    services.submit(user=user, report=report, now=SUBMITTED)
    services.approve(user=officer, report=report)


@pytest.fixture
def two_units(period, province, users):
    send(period, province.commune, users["focal_commune"], users["officer"], {
        "TTHC": {"results": "Số hóa 30% kết quả.", "shortcomings": "Máy quét còn thiếu.",
                 "causes": "Kinh phí hạn chế.", "solutions": "Đề nghị bổ sung 2 máy quét."}})
    send(period, province.commune2, users["focal_commune2"], users["officer"], {
        "TTHC": {"results": "Số hóa 45% kết quả.", "causes": "Cán bộ mới."},
        "CDDH": {"results": "Ban hành kế hoạch CCHC năm 2022."}})
    return period


def test_the_assembled_narrative_names_the_units_under_each_heading(two_units):
    areas, initial, _assembled = narrative_form(two_units)
    assert [code for code, _name in areas] == ["CDDH", "TTHC"]
    assert initial["area-TTHC-results"] == "Xã Mỹ Đức: Số hóa 30% kết quả.\nXã Mỹ Lộc: Số hóa 45% kết quả."
    assert initial["area-TTHC-shortcomings"] == "Xã Mỹ Đức: Máy quét còn thiếu."
    assert initial["area-TTHC-causes"] == "Xã Mỹ Đức: Kinh phí hạn chế.\nXã Mỹ Lộc: Cán bộ mới."
    assert initial["area-TTHC-solutions"] == "Xã Mỹ Đức: Đề nghị bổ sung 2 máy quét."
    assert initial["area-CDDH-results"] == "Xã Mỹ Lộc: Ban hành kế hoạch CCHC năm 2022."
    assert initial["area-CDDH-causes"] == ""


def test_the_form_offers_it_to_the_officer(two_units, users):
    page = client_for(user=users["officer"]).get(reverse("reporting:period_generate", args=[two_units.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'name="area-TTHC-results"' in text
    assert "Xã Mỹ Đức: Số hóa 30% kết quả.\nXã Mỹ Lộc: Số hóa 45% kết quả.</textarea>" in text


def _record(period, user, posted: dict) -> GeneratedDocument:
    """What the generate view records for ``posted`` (the background build is not started here)."""
    areas, initial, assembled = narrative_form(period)
    data = {"symbol": "BC-SNV", "issued_on": "15/04/2022", "place": "Quy Nhơn", "issuer": "Sở Nội vụ",
            "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn A"} | initial | posted
    form = GenerateForm(data, initial=default_options(period) | initial, areas=areas, assembled=assembled)
    assert form.is_valid(), form.errors
    return GeneratedDocument.objects.create(period=period, options=form.options(), created_by=user)


def test_the_officers_edits_are_kept_and_new_units_flow_in(two_units, province, users):
    edited = "Toàn tỉnh số hóa bình quân 37,5% kết quả giải quyết TTHC."
    _record(two_units, users["officer"], {"area-TTHC-results": edited, "area-TTHC-shortcomings": ""})
    # later the department's report is approved: its text joins the headings the officer did not touch
    send(two_units, province.snv, users["focal_snv"], users["officer"], {
        "TTHC": {"results": "Rà soát 120 thủ tục."}, "CDDH": {"results": "Kiểm tra 10 đơn vị."}})
    _areas, initial, _assembled = narrative_form(two_units)
    assert initial["area-TTHC-results"] == edited  # edited: kept
    assert initial["area-TTHC-shortcomings"] == ""  # emptied by the officer: kept empty
    assert initial["area-CDDH-results"] == ("Sở Nội vụ: Kiểm tra 10 đơn vị.\n"
                                            "Xã Mỹ Lộc: Ban hành kế hoạch CCHC năm 2022.")  # untouched: new text
    assert initial["area-TTHC-causes"] == "Xã Mỹ Đức: Kinh phí hạn chế.\nXã Mỹ Lộc: Cán bộ mới."


@pytest.mark.parametrize(("now", "then", "written", "offered"), [
    ("new", None, None, "new"),        # no document yet
    ("new", "old", "old", "new"),      # not edited: the new assembly
    ("new", "old", "old\r\n", "new"),  # line ends and spaces are no edit
    ("new", "old", "mine", "mine"),    # edited: kept
    ("new", "old", "", ""),            # emptied: kept empty
])
def test_kept_text(now, then, written, offered):
    assert kept_text(now, then, written) == offered


def test_the_docx_prints_the_officers_text(two_units, users):
    edited = "Toàn tỉnh số hóa bình quân 37,5% kết quả giải quyết TTHC."
    document = _record(two_units, users["officer"], {"area-TTHC-results": edited})
    content = content_of(document)
    area = {a.code: a for a in content.areas}["TTHC"]
    assert area.narrative.results == edited
    assert area.narrative.causes == "Xã Mỹ Đức: Kinh phí hạn chế.\nXã Mỹ Lộc: Cán bộ mới."
    text = all_text(open_docx(par_report.render_docx(content)))
    assert edited in text and "Xã Mỹ Lộc: Cán bộ mới." in text and "Số hóa 45% kết quả." not in text
    assert "Nguyên nhân" in text and "Tồn tại, hạn chế" in text
