"""Survey points from an XLSX file (one row per unit and survey component) and publishing from the
season's page: a bad file names the file, row and column and writes nothing."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cchc.core.errors import InvalidInput, NotAllowed
from cchc.parindex import survey
from cchc.parindex.choices import SeasonStatus
from cchc.parindex.models import Assessment, Score
from tests import factories
from tests.parindex.test_results_pages import season  # noqa: F401  (the fixture)


def xlsx(rows, header=("Mã đơn vị", "Mã tiêu chí thành phần", "Điểm")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def open_season(province):
    version = factories.make_par_result_version(year=2026, block="commune")
    return factories.make_par_result_season(version=version, units=[province.commune, province.commune2])


def _survey(of, unit):
    return Score.objects.get(assessment__season=of, assessment__unit=unit, component__code="8.1.1")


def test_survey_points_are_imported_and_the_totals_refreshed(open_season, province, users):
    n = survey.import_survey_points(open_season, xlsx([("90101", "8.1.1", 3.5), ("90102", "8.1.1", "2,25")]),
                                     "dieu-tra.xlsx", by=users["officer"])
    assert n == 2
    assert _survey(open_season, province.commune).final_points == D("3.50")
    assert Assessment.objects.get(season=open_season, unit=province.commune2).survey_total == D("2.25")


def test_a_bad_file_names_each_row_and_writes_nothing(open_season, province, users):
    rows = [("90101", "8.1.1", 3), ("99999", "8.1.1", 1), ("90102", "1.1.1", 1), ("90102", "8.1.1", 9),
            ("90101", "8.1.1", 2)]
    with pytest.raises(InvalidInput) as raised:
        survey.import_survey_points(open_season, xlsx(rows), "dieu-tra.xlsx", by=users["officer"])
    got = [(i.file, i.row, str(i.field)) for i in raised.value.issues]
    assert got == [("dieu-tra.xlsx", 3, "Mã đơn vị"), ("dieu-tra.xlsx", 4, "Mã tiêu chí thành phần"),
                   ("dieu-tra.xlsx", 5, "Điểm"), ("dieu-tra.xlsx", 6, "Mã tiêu chí thành phần")]
    assert "từ 0 đến 4" in str(raised.value.issues[2].message)
    assert _survey(open_season, province.commune).survey_points is None


def test_missing_columns_and_rights(open_season, users):
    with pytest.raises(InvalidInput) as raised:
        survey.import_survey_points(open_season, xlsx([("90101", 3)], header=("Mã đơn vị", "Điểm")), "x.xlsx",
                                     by=users["officer"])
    assert [(i.row, str(i.field)) for i in raised.value.issues] == [(1, "Mã tiêu chí thành phần")]
    with pytest.raises(NotAllowed):
        survey.import_survey_points(open_season, xlsx([]), "x.xlsx", by=users["leader"])


def test_the_season_page_imports_then_publishes(season, users, province):  # noqa: F811
    officer = factories.client_for(user=users["officer"])
    url = reverse("parindex:season_results", args=[season.pk])
    html = officer.get(url).content.decode()
    assert 'id="publish-form"' in html and 'id="survey-form"' in html
    assert 'id="publish-form"' not in factories.client_for(user=users["leader"]).get(url).content.decode()
    upload = SimpleUploadedFile("dieu-tra.xlsx", xlsx([("90101", "8.1.1", 4)]))
    done = officer.post(reverse("parindex:survey_import", args=[season.pk]), {"file": upload}, follow=True)
    assert "Đã nhập 1 điểm điều tra xã hội học." in done.content.decode()
    # Xã Mỹ Đức: survey 3 → 4 points: 25 of 30
    assert Assessment.objects.get(season=season, unit=province.commune).final_total == D("25.00")
    assert factories.client_for(user=users["leader"]).post(
        reverse("parindex:publish", args=[season.pk]), {"decision": "x"}).status_code == 403
    done = officer.post(reverse("parindex:publish", args=[season.pk]), {"decision": "15/QĐ-UBND"}, follow=True)
    assert "Đã công bố kết quả, xếp hạng và xếp loại." in done.content.decode()
    season.refresh_from_db()
    assert season.status == SeasonStatus.PUBLISHED and season.decision == "15/QĐ-UBND"
    again = officer.post(reverse("parindex:publish", args=[season.pk]), follow=True)
    assert "Đợt đánh giá này đã công bố." in again.content.decode()


def test_publishing_with_a_unit_not_decided_says_which(season, users, province):  # noqa: F811
    Assessment.objects.filter(season=season, unit=province.commune2).update(status="appraised")
    officer = factories.client_for(user=users["officer"])
    html = officer.post(reverse("parindex:publish", args=[season.pk]), follow=True).content.decode()
    assert "Xã Mỹ Lộc: chưa chốt điểm" in html
    season.refresh_from_db()
    assert season.status != SeasonStatus.PUBLISHED


def test_imported_survey_points_are_in_the_audit_trail(open_season, province, users):
    """Issue 13 item 5, "every change audited": each imported survey point is in the audit trail, as one
    entered by hand is."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    survey.import_survey_points(open_season, xlsx([("90101", "8.1.1", 3.5)]), "dieu-tra.xlsx", by=users["officer"])
    one = _survey(open_season, province.commune)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Score), object_pk=str(one.pk))
    assert any(e.changes_dict.get("survey_points", [None, None])[1] == "3.50" for e in entries), \
        [e.changes_dict for e in entries]
