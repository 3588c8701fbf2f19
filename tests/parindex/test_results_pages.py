"""The PAR index result pages: who reads them when, what they show (the readers' stored figures), the
officer's correction after publication."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from cchc.parindex import results
from cchc.parindex.models import Component, ResultRevision
from tests import factories
from tests.parindex.test_results import POINTS_A, POINTS_B, POINTS_C


@pytest.fixture
def season(province):
    version = factories.make_par_result_version(year=2026, block="commune")
    season = factories.make_par_result_season(version=version, units=[province.commune, province.commune2,
                                                               province.other_district_commune])
    season.assessments.filter(unit=province.commune2).update(handles_procedures=False)  # as in test_results
    for unit, points in ((province.commune, POINTS_A), (province.commune2, POINTS_B),
                         (province.other_district_commune, POINTS_C)):
        factories.score_par(assessment=season.assessments.get(unit=unit), points=points)
    return season


def _a(season, unit):
    return season.assessments.get(unit=unit)


def test_who_reads_results_before_and_after_publication(season, users, province):
    mine = _a(season, province.commune)
    other = _a(season, province.commune2)
    urls = [reverse("parindex:result", args=[mine.pk]), reverse("parindex:result", args=[other.pk]),
            reverse("parindex:season_results", args=[season.pk])]
    for name in ("leader", "officer", "inspector", "admin"):
        client = factories.client_for(user=users[name])
        assert [client.get(u).status_code for u in urls] == [200, 200, 200], name
    appraiser = factories.make_user(username="thamdinh", role="appraiser", unit=province.snv)
    assert factories.client_for(user=appraiser).get(urls[0]).status_code == 200
    focal = factories.client_for(user=users["focal_commune"])
    assert [focal.get(u).status_code for u in urls] == [403, 403, 403]
    results.publish(season, by=users["officer"])
    assert [focal.get(u).status_code for u in urls] == [200, 200, 200]  # others' too, once published


def test_the_unit_page_shows_what_unit_result_reads(season, users, province):
    results.publish(season, by=users["officer"])
    a = _a(season, province.commune)
    page = factories.client_for(user=users["leader"]).get(reverse("parindex:result", args=[a.pk]))
    html = page.content.decode()
    r = results.unit_result(a)
    assert page.context["r"].index_value == r.index_value == D("80.00")
    assert '<span id="index-value">80,00%</span>' in html
    assert '<span id="band">Nhóm B</span>' in html
    assert "thứ 3/3 trong khối; thứ 3 chung" in html
    assert "2/5 tiêu chí thành phần đạt điểm tối đa" in html
    assert [w.code for w in page.context["r"].what_if] == [w.code for w in r.what_if] == ["3.1.1", "1.1.1", "8.1.1"]
    assert "Minh chứng cho 3.1.1" in html  # what the criterion needs
    assert page.context["chart"]["areas"] == [{"code": "1", "name": "Lĩnh vực 1", "lost": 2.0},
                                              {"code": "3", "name": "Lĩnh vực 3", "lost": 3.0},
                                              {"code": "8", "name": "Lĩnh vực 8", "lost": 1.0}]
    assert 'id="result-chart"' in html and "parindex/results.js" in html
    assert 'id="correct-form"' not in html  # a leader reads, does not correct


def test_the_season_page(season, users):
    results.publish(season, by=users["officer"])
    page = factories.client_for(user=users["leader"]).get(reverse("parindex:season_results", args=[season.pk]))
    html = page.content.decode()
    assert [r.assessment.unit.name for r in page.context["s"].rows] == ["Xã Canh Vinh", "Xã Mỹ Lộc", "Xã Mỹ Đức"]
    assert '<tr data-band="A"><td>Nhóm A</td><td>1</td></tr>' in html
    assert '<tr data-band="B"><td>Nhóm B</td><td>2</td></tr>' in html
    assert 'data-code="1.1.1"' in html


def test_the_officer_corrects_after_publication(season, users, province):
    a = _a(season, province.commune)
    url = reverse("parindex:correct", args=[a.pk])
    comp = Component.objects.get(criterion__area__version=season.version, code="3.1.1")
    officer = factories.client_for(user=users["officer"])
    officer.post(url, {"component": comp.pk, "points": "6", "reason": "Bổ sung minh chứng"})
    assert not ResultRevision.objects.exists()  # not published: refused, nothing written
    results.publish(season, by=users["officer"])
    page = officer.get(reverse("parindex:result", args=[a.pk]))
    assert 'id="correct-form"' in page.content.decode()
    refused = officer.post(url, {"component": comp.pk, "points": "6", "reason": ""}, follow=True)
    assert "Phải ghi lý do đính chính." in refused.content.decode()
    assert factories.client_for(user=users["leader"]).post(
        url, {"component": comp.pk, "points": "6", "reason": "x"}).status_code == 403
    done = officer.post(url, {"component": comp.pk, "points": "6", "reason": "Bổ sung minh chứng"}, follow=True)
    html = done.content.decode()
    assert "Đã đính chính kết quả (lần công bố 2)." in html
    assert '<span id="index-value">90,00%</span>' in html
    assert list(ResultRevision.objects.filter(assessment=a).values_list("revision", flat=True)) == [1, 2]


def test_a_page_in_english(season, users, province):
    client = factories.client_for(user=users["leader"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("parindex:result", args=[_a(season, province.commune).pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "PAR index" in html or "PAR Index" in html


def test_the_leaders_dashboard_card_only_once_published(season, users):
    client = factories.client_for(user=users["leader"])
    html = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="par-index"' not in html
    results.publish(season, by=users["officer"])
    html = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="par-index"' in html
    assert reverse("parindex:season_results", args=[season.pk]) in html
    card = html[html.index('id="par-index"'):html.index('id="trend"')]
    assert card.index("Xã Canh Vinh") < card.index("Xã Mỹ Lộc") < card.index("Xã Mỹ Đức")
    assert "100,00" in card and "Nhóm A" in card
