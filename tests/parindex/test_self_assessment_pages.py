"""The focal point's assessment page (issue 13 item 2): components by area and criterion with their
maximum, method and guidance; a self-score form and an evidence upload per component scored on evidence;
computed components prefilled with value, as-of date and a link to their source; survey components said to
be scored by survey; submission refused with the list of what is missing, then accepted."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cchc.parindex.choices import AssessmentStatus
from cchc.parindex.models import Score
from tests.factories import client_for, make_kpi_value, make_season


@pytest.fixture
def season(province, users):
    make_kpi_value(unit=province.commune, code="ontime_rate", start=date(2026, 1, 1), kind="year", numerator=45,
                   denominator=50, value=90, as_of=timezone.make_aware(datetime(2026, 11, 1, 2, 0)))
    return make_season(by=users["officer"])


def _post_score(client, a, code, points, state, explanation=""):
    s = Score.objects.get(assessment=a, component__code=code)
    return client.post(reverse("parindex:assessment_score", args=[a.pk]), {
        "score": s.pk, f"s{s.pk}-points": points, f"s{s.pk}-evidence_state": state,
        f"s{s.pk}-explanation": explanation})


def test_the_page_shows_the_index_with_computed_figures_and_forms(season, province, users):
    a = season.assessments.get(unit=province.commune)
    page = client_for(user=users["focal_commune"]).get(reverse("parindex:assessment", args=[a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("1. Công tác chỉ đạo, điều hành", "1.1. Kế hoạch CCHC", "Minh chứng của 1.1.1", "tối đa 3 điểm",
                 "Chấm qua điều tra xã hội học", "số liệu đến 01/11/2026", f"/dashboard/units/{province.commune.pk}/?year=2026",
                 "Chưa có số liệu năm của chỉ số này cho đơn vị"):
        assert text in html, text
    assert html.count('class="self-score"') == 3 and html.count('class="evidence-upload"') == 3
    assert 'id="submit-assessment"' in html and 'id="applicability"' not in html
    officer = client_for(user=users["officer"]).get(reverse("parindex:assessment", args=[a.pk])).content.decode()
    assert 'class="self-score"' not in officer and 'id="submit-assessment"' not in officer  # reads only
    assert 'id="applicability"' in officer and "Tiêu chí thành phần 1.1.1" in officer


def test_the_focal_point_scores_uploads_and_submits(season, province, users):
    a = season.assessments.get(unit=province.commune)
    me = client_for(user=users["focal_commune"])
    refused = _post_score(me, a, "1.1.2", "2", "partial")
    assert refused.status_code == 400 and "hãy viết giải trình" in refused.content.decode()
    assert _post_score(me, a, "1.1.2", "2,5", "partial", "Thiếu báo cáo quý IV").status_code == 302
    assert Score.objects.get(assessment=a, component__code="1.1.2").self_points == 2.5
    assert 'value="2.5"' in me.get(reverse("parindex:assessment", args=[a.pk])).content.decode()  # the form keeps it

    s = Score.objects.get(assessment=a, component__code="1.1.1")
    upload = me.post(reverse("parindex:assessment_evidence", args=[a.pk]), {
        "score": s.pk, f"e{s.pk}-file": SimpleUploadedFile("kh.pdf", b"%PDF-1.4"),
        f"e{s.pk}-document_number": "15/KH-UBND", f"e{s.pk}-locator": "Mục II"})
    assert upload.status_code == 302
    ev = s.evidence.get()
    page = me.get(reverse("parindex:assessment", args=[a.pk])).content.decode()
    assert "15/KH-UBND" in page and reverse("parindex:evidence_file", args=[ev.pk]) in page
    assert me.get(reverse("parindex:evidence_file", args=[ev.pk])).status_code == 200
    assert client_for(user=users["focal_commune2"]).get(reverse("parindex:evidence_file", args=[ev.pk])).status_code == 404

    refused = me.post(reverse("parindex:assessment_submit", args=[a.pk]))
    html = refused.content.decode()
    assert refused.status_code == 400 and 'id="submit-issues"' in html
    assert "1.1.1. Tiêu chí thành phần 1.1.1: chưa tự chấm điểm" in html
    assert "3.1.2. Tiêu chí thành phần 3.1.2: chưa tự chấm điểm" in html and "1.1.2. Tiêu chí" not in html
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT

    r = me.post(reverse("parindex:assessment_report_text", args=[a.pk]), {
        "difficulties": "Thiếu cán bộ", "recommendations": "Tập huấn phần mềm"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.difficulties, a.recommendations) == ("Thiếu cán bộ", "Tập huấn phần mềm")

    _post_score(me, a, "1.1.1", "2", "full")
    _post_score(me, a, "3.1.2", "0", "none", "Chưa có kết quả đánh giá")
    assert me.post(reverse("parindex:assessment_submit", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED
    after = me.get(reverse("parindex:assessment", args=[a.pk])).content.decode()
    assert "Tập huấn phần mềm" in after and 'action="/par-index/assessments/' not in after  # shown, not editable
    assert me.post(reverse("parindex:assessment_report_text", args=[a.pk]), {"difficulties": "x"}).status_code == 403


def test_the_index_lists_the_seasons_and_the_own_assessment(season, province, users):
    mine = client_for(user=users["focal_commune"]).get(reverse("parindex:index")).content.decode()
    own = season.assessments.get(unit=province.commune)
    assert own.get_absolute_url() in mine and 'id="seasons"' not in mine
    officer = client_for(user=users["officer"]).get(reverse("parindex:index")).content.decode()
    assert season.get_absolute_url() in officer and "3 / 3" in officer
    assert client_for(user=users["focal_commune"]).get(reverse("parindex:season", args=[season.pk])).status_code == 403
