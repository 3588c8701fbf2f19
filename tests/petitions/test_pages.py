"""The petitions' pages and API: the upload (good and bad files), the list behind each figure (its count is
the figure's), the batch API, and the 766 scorecard scoring 6.1 and 6.2 from the imported figures."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.accounts.models import ApiToken
from cchc.petitions import services
from cchc.petitions.models import Petition, PetitionFigure
from cchc.platform.tables import read_table
from cchc.scoreboard import services as scoreboard
from tests.factories import client_for, make_integration_user

GOOD = (
    "code,unit,received_on,action,acted_on,likes,dislikes,recomplained\n"
    "G1,90101,2026-03-02,processed,2026-03-20,1,0,0\n"  # on time, satisfied
    "G2,90101,2026-03-06,rejected,2026-03-12,0,0,0\n"  # late (due 10/3)
    "G3,90101,2026-03-09,processed,2026-03-13,0,2,0\n"  # on time, disliked
    "G4,90101,2026-03-10,supplement,2026-03-11,0,0,1\n"  # on time, re-complained
)


def upload(client, text: str, name: str = "pakn.csv", as_of: str = "10/10/2026"):
    return client.post(reverse("petitions:upload"),
                       {"file": SimpleUploadedFile(name, text.encode("utf-8")), "as_of": as_of}, follow=True)


def test_the_officer_uploads_a_good_file(province, users):
    response = upload(client_for(user=users["officer"]), GOOD)
    assert response.status_code == 200
    assert "Đã nhập tệp pakn.csv: 4 PAKN (4 mới, 0 cập nhật) của 1 đơn vị; 1 trễ hạn, 3 không đạt hài lòng." in response.content.decode()
    assert Petition.objects.count() == 4


def test_a_bad_file_on_the_page_lists_each_problem_and_writes_nothing(province, users):
    bad = GOOD + "G5,90101,ngày mai,,,0,0,0\n"
    response = upload(client_for(user=users["officer"]), bad, "xau.csv")
    assert response.status_code == 400
    page = response.content.decode()
    assert "xau.csv, dòng 6, trường «received_on»: «ngày mai» không phải ngày" in page
    assert not Petition.objects.exists()
    assert upload(client_for(user=users["officer"]), GOOD, "pakn.json").status_code == 400


@pytest.fixture
def imported(province):
    services.import_table(read_table(GOOD.encode(), "g.csv"), as_of=date(2026, 10, 10))
    return province


@pytest.mark.parametrize(("which", "expected"), [("all", "received"), ("late", "late"), ("unsatisfied", "unsatisfied")])
def test_each_list_counts_what_its_figure_says(imported, users, which, expected):
    figure = PetitionFigure.objects.get(unit=imported.commune, period_kind="quarter", period_start=date(2026, 1, 1))
    count = {"received": figure.received, "late": figure.received - figure.on_time,
             "unsatisfied": figure.received - figure.satisfied}[expected]
    url = reverse("petitions:unit", args=[imported.commune.pk]) + f"?kind=quarter&start=2026-01-01&which={which}"
    page = client_for(user=users["focal_commune"]).get(url).content.decode()
    rows = re.findall(r"<tr><td>G\d", page)
    assert len(rows) == count and count == {"all": 4, "late": 1, "unsatisfied": 3}[which]


def test_the_api_takes_a_batch_with_the_same_checks(province, client):
    robot = make_integration_user()
    token = ApiToken.issue(name="pakn", user=robot)[1]
    headers = {"Authorization": f"Bearer {token}"}
    good = {"as_of": "2026-10-10", "records": [
        {"code": "A1", "unit": "52.SNV", "received_on": "2026-03-02", "action": "processed", "acted_on": "2026-03-30"}]}
    answer = client.post("/api/v1/petitions/batch", good, content_type="application/json", headers=headers)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"rows": 1, "created": 1, "updated": 0, "units": 1, "late": 1, "unsatisfied": 1}
    bad = {"records": [{"code": "A2", "unit": "52.SNV", "received_on": "2026-03-02", "likes": -1}]}
    refused = client.post("/api/v1/petitions/batch", bad, content_type="application/json", headers=headers)
    assert refused.status_code == 400
    assert {(i["row"], i["field"]) for i in refused.json()["issues"]} == {(1, "likes")}
    assert not Petition.objects.filter(code="A2").exists()


def test_the_scorecard_scores_6_1_and_6_2_from_the_imported_figures(imported):
    card = scoreboard.scorecard(imported.commune, "quarter", date(2026, 1, 1))
    scores = {ind.code: score for ind, score, _v in card.indicators}
    assert scores["6.1"].points == Decimal("4.50")  # 3 of 4 on time: 6 × 75%
    assert scores["6.2"].points == Decimal("1.50")  # 1 of 4 satisfied: 6 × 25%
    other = scoreboard.scorecard(imported.stp, "quarter", date(2026, 1, 1))
    empty = {ind.code: score for ind, score, _v in other.indicators}
    assert empty["6.1"].points == Decimal(6) and empty["6.2"].points == Decimal(6)  # no petition, but imported
    before = scoreboard.scorecard(imported.stp, "quarter", date(2025, 10, 1))
    assert {ind.code: s.points for ind, s, _v in before.indicators}["6.1"] is None  # nothing imported: no data


def test_the_pages_in_english_have_no_vietnamese_but_data(imported, users):
    from django.conf import settings

    from tests.web.test_english import vietnamese_words, visible_text

    client = client_for(user=users["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = [imported.commune.name, "Người officer"]  # the unit and the signed-in user's name: data
    for url in (reverse("petitions:unit", args=[imported.commune.pk]) + "?kind=quarter&start=2026-01-01&which=late",
                reverse("petitions:unit", args=[imported.commune.pk]) + "?kind=month&start=2026-03-01",
                reverse("petitions:upload")):
        page = client.get(url).content.decode()
        assert vietnamese_words(visible_text(page), data) == {}, url
    refused = upload(client, GOOD + "G9,90101,ngày mai,,,0,0,0\n", "bad.csv").content.decode()
    assert "bad.csv, row 6, field «received_on»: “ngày mai” is not a date" in refused


def test_a_unit_without_petitions_in_an_imported_period_lists_none_and_says_so(imported, users):
    url = reverse("petitions:unit", args=[imported.stp.pk]) + "?kind=quarter&start=2026-01-01"
    page = client_for(user=users["officer"]).get(url).content.decode()
    assert "Đơn vị không có PAKN nào trong kỳ." in page and "Quý I/2026" in page
    assert not re.findall(r"<tr><td>G\d", page)


def test_the_count_under_the_list_is_the_figure(imported, users):
    url = reverse("petitions:unit", args=[imported.commune.pk]) + "?kind=year&start=2026-01-01&which=unsatisfied"
    page = client_for(user=users["officer"]).get(url).content.decode()
    assert re.search(r'id="count">3 PAKN\.', page)
