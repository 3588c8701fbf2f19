"""Who sees and edits what in the season (issue 13 item 5), on the pages: a focal point sees and edits only
its own unit's assessment (another unit's is not found), cannot edit after submission (refused), sees the
season page not at all; the officer opens seasons and sets applicability; leaders read; the rules refuse
what the pages hide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.accounts.models import Role
from cchc.parindex import permissions, services
from cchc.parindex.choices import AssessmentStatus, EvidenceState, SeasonStatus
from cchc.parindex.models import Score, Season
from tests.background import wait_for_background_work
from tests.factories import client_for, make_index_version, make_season, make_user


@pytest.fixture
def season(province, users):
    return make_season(by=users["officer"])


def _score(a, code):
    return Score.objects.get(assessment=a, component__code=code)


def test_a_focal_point_cannot_see_or_edit_another_units_assessment(season, province, users):
    theirs = season.assessments.get(unit=province.commune2)
    me = client_for(user=users["focal_commune"])
    assert me.get(reverse("parindex:assessment", args=[theirs.pk])).status_code == 404
    s = _score(theirs, "1.1.1")
    r = me.post(reverse("parindex:assessment_score", args=[theirs.pk]),
                {"score": s.pk, f"s{s.pk}-points": "2", f"s{s.pk}-evidence_state": "full"})
    assert r.status_code == 404
    assert me.post(reverse("parindex:assessment_submit", args=[theirs.pk])).status_code == 404
    s.refresh_from_db()
    assert s.self_points is None
    # A score row of another assessment is not reachable through one's own either.
    mine = season.assessments.get(unit=province.commune)
    r = me.post(reverse("parindex:assessment_score", args=[mine.pk]),
                {"score": s.pk, f"s{s.pk}-points": "2", f"s{s.pk}-evidence_state": "full"})
    assert r.status_code == 404
    assert me.get(reverse("parindex:season", args=[season.pk])).status_code == 403


def test_a_focal_point_cannot_edit_after_submission(season, province, users):
    mine = season.assessments.get(unit=province.commune)
    focal = users["focal_commune"]
    for code in ("1.1.1", "1.1.2", "3.1.2"):
        services.save_self_score(mine, _score(mine, code).component, points=1, evidence_state=EvidenceState.FULL,
                                 explanation="", by=focal)
    services.submit(mine, by=focal)
    me = client_for(user=focal)
    page = me.get(reverse("parindex:assessment", args=[mine.pk]))
    assert page.status_code == 200 and b"self-score" not in page.content and b"submit-assessment" not in page.content
    s = _score(mine, "1.1.1")
    r = me.post(reverse("parindex:assessment_score", args=[mine.pk]),
                {"score": s.pk, f"s{s.pk}-points": "2", f"s{s.pk}-evidence_state": "full"})
    assert r.status_code == 403
    assert me.post(reverse("parindex:assessment_submit", args=[mine.pk])).status_code == 403


def test_the_rules(season, province, users):
    a = season.assessments.get(unit=province.commune)
    appraiser = make_user(username="thamdinh", role=Role.APPRAISER)
    assert permissions.can_view_assessment(users["focal_commune"], a)
    assert not permissions.can_view_assessment(users["focal_commune2"], a)
    assert not permissions.can_view_assessment(users["focal_district"], a)  # the parent district's is not its
    for who in ("leader", "officer", "inspector", "admin"):
        assert permissions.can_view_assessment(users[who], a), who
        assert not permissions.can_edit_self(users[who], a), who
    assert permissions.can_view_assessment(appraiser, a) and not permissions.can_edit_self(appraiser, a)
    assert permissions.can_edit_self(users["focal_commune"], a)
    assert permissions.can_manage(users["officer"]) and permissions.can_manage(users["admin"])
    assert not permissions.can_manage(users["leader"]) and not permissions.can_manage(users["focal_commune"])
    assert not permissions.can_view_results(users["focal_commune"], season)
    assert permissions.can_view_results(users["leader"], season) and permissions.can_view_results(appraiser, season)
    season.status = SeasonStatus.APPRAISAL
    assert not permissions.can_edit_self(users["focal_commune"], a)  # the self-assessment stage is over
    season.status = SeasonStatus.PUBLISHED
    assert permissions.can_view_results(users["focal_commune"], season)


def test_the_officer_opens_a_season_on_the_page(transactional_db, province, users):
    version = make_index_version()
    assert client_for(user=users["focal_commune"]).get(reverse("parindex:season_open")).status_code == 403
    assert client_for(user=users["leader"]).post(reverse("parindex:season_open"), {}).status_code == 403
    officer = client_for(user=users["officer"])
    form = officer.get(reverse("parindex:season_open"))
    assert form.status_code == 200 and version.name in form.content.decode()
    bad = officer.post(reverse("parindex:season_open"), {
        "version": version.pk, "opens_on": "30/11/2026", "self_due": "10/11/2026", "appraisal_due": "20/12/2026",
        "response_days": 5})
    assert bad.status_code == 200 and "theo thứ tự thời gian" in bad.content.decode()
    r = officer.post(reverse("parindex:season_open"), {
        "version": version.pk, "opens_on": "10/11/2026", "self_due": "30/11/2026", "appraisal_due": "20/12/2026",
        "response_days": 5, "publish_on": "15/03/2027"})
    assert r.status_code == 302 and not Season.objects.filter(version=version).exists()  # the worker opens it
    wait_for_background_work()
    season = Season.objects.get(version=version)
    opened = officer.get(r["Location"])
    assert opened.status_code == 302 and opened["Location"] == season.get_absolute_url()
    page = officer.get(opened["Location"]).content.decode()
    assert "30/11/2026" in page and "Xã Mỹ Lộc" in page and 'id="not-submitted"' in page
    assert season.assessments.count() == 3
    leader = client_for(user=users["leader"]).get(reverse("parindex:season", args=[season.pk]))
    assert leader.status_code == 200


def test_the_officer_sets_applicability_on_the_page(season, province, users):
    a = season.assessments.get(unit=province.commune)
    url = reverse("parindex:assessment_applicability", args=[a.pk])
    assert client_for(user=users["focal_commune"]).post(url, {"reason": "x"}).status_code == 403
    officer = client_for(user=users["officer"])
    refused = officer.post(url, {"masked": "5.1.2", "reason": ""})
    assert refused.status_code == 400 and "Hãy ghi lý do" in refused.content.decode()
    assert officer.post(url, {"masked": "5.1.2; 3", "reason": "Không tiếp nhận TTHC"}).status_code == 302
    a.refresh_from_db()
    assert (a.handles_procedures, a.masked) == (False, ["3", "5.1.2"])
    assert a.status == AssessmentStatus.DRAFT
