"""The appraisal pages (issue 13 items 2 and 5; cchc.parindex.views_appraisal): every URL name × every role,
the journey through the pages (an appraiser adjusts with a reason, the commune responds once, the appraiser
decides and closes), the area scope on the server (an appraiser of area 2 cannot adjust area 3), and 404 for
what is out of scope."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.parindex.choices import AssessmentStatus, SeasonStatus
from cchc.parindex.models import AppraiserScope, Assessment, Evidence, Score
from cchc.parindex.views_appraisal import __name__ as VIEWS_MODULE
from tests import factories
from tests.factories import client_for
from tests.permission_matrix import DENIED, ROLES, check_cell, url_names

# The assessment is the commune's (focal_commune), submitted; its season in self-assessment.
# fmt: off
EXPECTED = {
    #                                  anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "parindex:appraisal_queue":       (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:appraise":              (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:appraisal_evidence":    (302, 200,  200,  403,  403,  403,  403,   403,  403),
    # POSTs without what they need: back to the page with the refusal as a message (302).
    "parindex:appraise_score":        (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:appraisal_finish":      (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:decide_score":          (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:close":                 (302, 302,  302,  403,  403,  403,  403,   403,  403),
    # The unit's own focal point only; another unit's assessment does not exist for a focal point.
    "parindex:respond":               (302, 403,  403,  403,  403,  404,  404,   200,  404),
    "parindex:appraisers":            (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:season_to_appraisal":   (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:close_unsubmitted":     (302, 302,  302,  403,  403,  403,  403,   403,  403),
}
# fmt: on
POSTS = {"parindex:appraise_score", "parindex:appraisal_finish", "parindex:decide_score", "parindex:close",
         "parindex:season_to_appraisal", "parindex:close_unsubmitted"}


@pytest.fixture
def season(db):
    return factories.make_par_season(version=factories.make_par_version())


@pytest.fixture
def assessment(season, province):
    return factories.make_par_assessment(season=season, unit=province.commune)


@pytest.fixture
def evidence(assessment, users):
    score = assessment.scores.get(component__code="1.1.1")
    item = Evidence(score=score, document_number="12/KH-UBND", locator="Mục II, trang 3", uploaded_by=users["focal_commune"])
    item.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4 ke hoach"), save=False)
    item.save()
    return item


def url_of(name: str, assessment: Assessment, evidence: Evidence) -> str:
    score = assessment.scores.get(component__code="2.1.1")
    args = {
        "parindex:appraise": [assessment.pk], "parindex:appraisal_finish": [assessment.pk],
        "parindex:respond": [assessment.pk], "parindex:close": [assessment.pk],
        "parindex:appraise_score": [score.pk], "parindex:decide_score": [score.pk],
        "parindex:appraisal_evidence": [evidence.pk],
        "parindex:appraisers": [assessment.season_id], "parindex:season_to_appraisal": [assessment.season_id],
        "parindex:close_unsubmitted": [assessment.season_id],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, users, assessment, evidence):
    url = url_of(name, assessment, evidence)
    check_cell(EXPECTED, name, role, users, url, method="post" if name in POSTS else "get")


#: A member of the season's Tổ thẩm định (every area), and an appraiser of no season.
MEMBER = {"parindex:appraisal_queue": 200, "parindex:appraise": 200, "parindex:appraisal_evidence": 200,
          "parindex:appraise_score": 302, "parindex:appraisal_finish": 302, "parindex:decide_score": 302,
          "parindex:close": 302, "parindex:respond": 403, "parindex:appraisers": 403,
          "parindex:season_to_appraisal": 403, "parindex:close_unsubmitted": 403}
STRANGER = {**MEMBER, "parindex:appraise": 404, "parindex:appraisal_evidence": 404, "parindex:appraise_score": 404,
            "parindex:appraisal_finish": 404, "parindex:decide_score": 404, "parindex:close": 404}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_for_an_appraiser_of_the_season_and_of_none(name, assessment, evidence, season):
    url = url_of(name, assessment, evidence)
    method = "post" if name in POSTS else "get"
    member = factories.make_appraiser(username="thamdinh", season=season)
    stranger = factories.make_appraiser(username="thamdinh.khac")
    assert getattr(client_for(user=member), method)(url).status_code == MEMBER[name], name
    assert getattr(client_for(user=stranger), method)(url).status_code == STRANGER[name], name


def test_every_url_name_has_a_row():
    """Every page of the appraisal (the views of cchc.parindex.views_appraisal) has a row; the namespace's
    other pages are covered by their own matrices."""
    from django.urls import get_resolver

    patterns = get_resolver().namespace_dict["parindex"][1].url_patterns
    mine = {f"parindex:{p.name}" for p in patterns if getattr(p, "callback", None) and p.callback.__module__ == VIEWS_MODULE}
    assert {"parindex:appraisal_queue", "parindex:appraise", "parindex:respond"} <= mine  # the walk sees them
    assert mine == set(EXPECTED) and set(EXPECTED) <= url_names()


# --- the journey through the pages ---------------------------------------------------------------------

def test_adjust_respond_decide_close_through_the_pages(assessment, season, users, evidence):
    appraiser = factories.make_appraiser(season=season)
    client = client_for(user=appraiser)
    page = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    # The evidence (its number, page or section and file link) and the computed figure with its source.
    assert "12/KH-UBND" in page and "Mục II, trang 3" in page
    assert reverse("parindex:appraisal_evidence", args=[evidence.pk]) in page
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in page
    download = client.get(reverse("parindex:appraisal_evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ke hoach"

    scores = {s.component.code: s for s in assessment.scores.select_related("component")}
    refused = client.post(reverse("parindex:appraise_score", args=[scores["2.1.1"].pk]), {"points": "2", "reason": ""},
                          follow=True)
    assert "2.1.1: ghi lý do khi điểm thẩm định khác điểm tự chấm." in refused.content.decode()
    assert Score.objects.get(pk=scores["2.1.1"].pk).appraised_points is None
    client.post(reverse("parindex:appraise_score", args=[scores["2.1.1"].pk]), {"points": "2", "reason": "Thiếu văn bản"})
    for code in ("1.1.1", "2.1.2", "3.1.1"):
        client.post(reverse("parindex:appraise_score", args=[scores[code].pk]), {"accept": "1"})
    assert Score.objects.get(pk=scores["2.1.2"].pk).appraised_points == Decimal("1.00")
    client.post(reverse("parindex:appraisal_finish", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED and assessment.response_due > timezone.localdate()

    focal = client_for(user=users["focal_commune"])
    form = focal.get(reverse("parindex:respond", args=[assessment.pk])).content.decode()
    assert "Thiếu văn bản" in form and f'name="response_{scores["2.1.1"].component_id}"' in form
    assert f'name="response_{scores["1.1.1"].component_id}"' not in form  # accepted: nothing to answer
    focal.post(reverse("parindex:respond", args=[assessment.pk]),
               {f"response_{scores['2.1.1'].component_id}": "Đã ban hành QĐ 15/QĐ-UBND, trang 2."})
    again = focal.post(reverse("parindex:respond", args=[assessment.pk]),
                       {f"response_{scores['2.1.1'].component_id}": "Lần hai"}, follow=True)
    assert "chỉ được phản hồi một lần" in again.content.decode()
    assert Score.objects.get(pk=scores["2.1.1"].pk).response == "Đã ban hành QĐ 15/QĐ-UBND, trang 2."

    page = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    assert "Đã ban hành QĐ 15/QĐ-UBND, trang 2." in page
    client.post(reverse("parindex:decide_score", args=[scores["2.1.1"].pk]), {"points": "3", "reason": "Minh chứng hợp lệ"})
    client.post(reverse("parindex:close", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DECIDED
    assert Score.objects.get(pk=scores["2.1.1"].pk).decided_points == Decimal("3.00")


def test_an_appraiser_of_area_2_cannot_adjust_area_3_on_the_server(assessment, season):
    member = factories.make_appraiser(season=season, areas=["2"])
    client = client_for(user=member)
    page = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    area3 = assessment.scores.get(component__code="3.1.1")
    area2 = assessment.scores.get(component__code="2.1.1")
    assert reverse("parindex:appraise_score", args=[area2.pk]) in page
    assert reverse("parindex:appraise_score", args=[area3.pk]) not in page  # shown, not editable

    response = client.post(reverse("parindex:appraise_score", args=[area3.pk]), {"points": "1", "reason": "Thiếu"})

    assert response.status_code == 403 and DENIED in response.content.decode()
    assert Score.objects.get(pk=area3.pk).appraised_points is None


def test_a_focal_point_cannot_appraise_its_own_assessment(assessment, users):
    score = assessment.scores.get(component__code="1.1.1")
    response = client_for(user=users["focal_commune"]).post(reverse("parindex:appraise_score", args=[score.pk]),
                                                             {"points": "2"})
    assert response.status_code == 403
    assert Score.objects.get(pk=score.pk).appraised_points is None


def test_the_queue_lists_the_seasons_assessments_with_their_deadline(assessment, season, province):
    factories.make_par_assessment(season=season, unit=province.commune2, status="draft")
    other_season = factories.make_par_season(version=factories.make_par_version(code="khac", block="agency"))
    factories.make_par_assessment(season=other_season, unit=province.snv)
    member = factories.make_appraiser(season=season)

    html = client_for(user=member).get(reverse("parindex:appraisal_queue")).content.decode()

    assert province.commune.name in html  # submitted
    assert province.commune2.name not in html  # a draft is not the appraisers' yet
    assert province.snv.name not in html  # another season's
    assert "31/12/2026" in html  # the appraisal deadline


def test_the_officer_forms_the_team_and_moves_the_season(season, users):
    member = factories.make_appraiser()
    client = client_for(user=users["officer"])
    area2 = season.version.areas.get(code="2")
    client.post(reverse("parindex:appraisers", args=[season.pk]), {"user": member.pk, "areas": [area2.pk]})
    scope = AppraiserScope.objects.get(season=season, user=member)
    assert list(scope.areas.all()) == [area2]
    refused = client.post(reverse("parindex:appraisers", args=[season.pk]), {"user": users["focal_commune"].pk})
    assert refused.status_code == 200 and not AppraiserScope.objects.filter(user=users["focal_commune"]).exists()

    season.self_due = timezone.localdate() + timedelta(days=3)
    season.save()
    client.post(reverse("parindex:season_to_appraisal", args=[season.pk]))  # before the due date, not confirmed
    season.refresh_from_db()
    assert season.status == SeasonStatus.SELF
    client.post(reverse("parindex:season_to_appraisal", args=[season.pk]), {"early": "1"})
    season.refresh_from_db()
    assert season.status == SeasonStatus.APPRAISAL

    assert client.post(reverse("parindex:appraisers", args=[season.pk]), {"remove": "1x"}).status_code == 404
    client.post(reverse("parindex:appraisers", args=[season.pk]), {"remove": scope.pk})
    assert not AppraiserScope.objects.filter(pk=scope.pk).exists()


def test_an_appraiser_lands_on_the_queue_and_finds_it_in_the_menu(db):
    appraiser = factories.make_appraiser()
    client = client_for(user=appraiser)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("parindex:appraisal_queue")
    html = client.get(reverse("parindex:appraisal_queue")).content.decode()
    assert f'<a href="{reverse("parindex:appraisal_queue")}"' in html and '<a href="/overview/"' in html
    assert '<a href="/accounts/audit/"' not in html


def test_the_pages_in_english(assessment, season):
    client = client_for(user=factories.make_appraiser(season=season))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    assert "Appraisal" in html and "Thẩm định Chỉ số CCHC" not in html


def test_anonymous_is_sent_to_sign_in(assessment):
    url = reverse("parindex:appraisal_queue")
    assert Client().get(url)["Location"] == f"/login/?next={url}"


def test_a_computed_criterion_links_its_source_and_says_why_a_figure_is_missing(assessment, season):
    """Issue 13 item 2 ("computed criteria … with their value, as-of date and a link to what produced them"):
    the appraiser's page links the page that shows the figure, as the unit's page does, and a missing figure
    reads its reason in the reader's language (the stored source is the reason's message id)."""
    from cchc.parindex import computed

    figure = assessment.scores.get(component__code="2.1.2")
    Score.objects.filter(pk=figure.pk).update(computed_value=Decimal("96.5"), computed_as_of=timezone.localdate(),
                                              computed_source="/reports/?year=2026")
    client = client_for(user=factories.make_appraiser(season=season))
    html = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    assert '<a href="/reports/?year=2026">' in html
    assert "96,5" in html and "96,5000" not in html
    Score.objects.filter(pk=figure.pk).update(computed_value=None, computed_as_of=None, computed_source=computed.NO_KPI)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("parindex:appraise", args=[assessment.pk])).content.decode()
    assert "The unit has no yearly figure of this indicator yet" in html
