"""The season's pages link to each other and to the documents (found missing by the browser journey,
tests/browser/test_par_season_journey.py): the season page → its Tổ thẩm định, results and result annex;
a unit's assessment → its report (DOCX, XLSX), the response page once appraised, the result once
readable; each link only for those the linked page lets in."""

from __future__ import annotations

from django.urls import reverse

from cchc.parindex.choices import AssessmentStatus
from tests import factories


def test_the_season_page_links_the_appraisers_results_and_annex(province, users):
    season = factories.make_season(by=users["officer"])
    html = factories.client_for(user=users["officer"]).get(season.get_absolute_url()).content.decode()
    for name in ("parindex:appraisers", "parindex:season_results", "parindex:season_result_docx"):
        assert reverse(name, args=[season.pk]) in html, name
    # A leader reads the season and its results, but neither forms the Tổ thẩm định nor reads the annex before
    # publication.
    html = factories.client_for(user=users["leader"]).get(season.get_absolute_url()).content.decode()
    assert reverse("parindex:season_results", args=[season.pk]) in html
    assert reverse("parindex:appraisers", args=[season.pk]) not in html
    assert reverse("parindex:season_result_docx", args=[season.pk]) not in html


def test_the_assessment_page_links_the_report_and_once_appraised_the_response(province, users):
    season = factories.make_season(by=users["officer"])
    mine = season.assessments.get(unit=province.commune)
    focal = factories.client_for(user=users["focal_commune"])
    html = focal.get(mine.get_absolute_url()).content.decode()
    assert reverse("parindex:assessment_report_docx", args=[mine.pk]) in html
    assert reverse("parindex:respond", args=[mine.pk]) not in html  # a draft: nothing to respond to
    assert reverse("parindex:result", args=[mine.pk]) not in html  # not published: not the focal point's yet
    mine.status = AssessmentStatus.APPRAISED
    mine.save(update_fields=["status"])
    html = focal.get(mine.get_absolute_url()).content.decode()
    assert reverse("parindex:respond", args=[mine.pk]) in html
    # The officer reads the result at any time, and never responds.
    html = factories.client_for(user=users["officer"]).get(mine.get_absolute_url()).content.decode()
    assert reverse("parindex:result", args=[mine.pk]) in html
    assert reverse("parindex:respond", args=[mine.pk]) not in html
