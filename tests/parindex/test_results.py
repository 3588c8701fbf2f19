"""PAR index results: refresh (totals, a masked area rescaled), publication (ranks, bands, revision 1, the
lock), correction (revision 2, revision 1 kept), survey points, last_result. Figures worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.core.errors import InvalidInput, NotAllowed
from cchc.parindex import results
from cchc.parindex.choices import AssessmentStatus, SeasonStatus
from cchc.parindex.models import Assessment, Component, ResultRevision, Score
from tests import factories

# Unit A (Xã Mỹ Đức): 1.1.1 self 10 appraised 8; 1.1.2 5; 1.2.1 figure 92 → 5; 3.1.1 self 6 appraised 3;
#   8.1.1 survey 3: final 8 + 5 + 5 + 3 + 3 = 24 of 30 → 80.00 %, 2/5 at full score.
# Unit B (Xã Mỹ Lộc, handles no procedures: area 3 masked): 1.1.1 9; 1.1.2 5; 1.2.1 figure 75 → 3;
#   8.1.1 survey 4: 21 of 24 → 87.50 %, 2/4 at full.
# Unit C (Xã Canh Vinh): every maximum: 30 of 30 → 100.00 %.
POINTS_A = {"1.1.1": (10, 8), "1.1.2": 5, "1.2.1": 92, "3.1.1": (6, 3), "8.1.1": 3}
POINTS_B = {"1.1.1": 9, "1.1.2": 5, "1.2.1": 75, "3.1.1": 2, "8.1.1": 4}
POINTS_C = {"1.1.1": 10, "1.1.2": 5, "1.2.1": 95, "3.1.1": 6, "8.1.1": 4}


@pytest.fixture
def season(province):
    version = factories.make_par_result_version(year=2026, block="commune")
    return factories.make_par_result_season(version=version, units=[province.commune, province.commune2,
                                                             province.other_district_commune])


@pytest.fixture
def decided(season, province):
    a, b, c = (season.assessments.get(unit=u) for u in (province.commune, province.commune2,
                                                        province.other_district_commune))
    Assessment.objects.filter(pk=b.pk).update(handles_procedures=False)
    b.refresh_from_db()
    factories.score_par(assessment=a, points=POINTS_A)
    factories.score_par(assessment=b, points=POINTS_B)
    factories.score_par(assessment=c, points=POINTS_C)
    return a, b, c


def _fresh(a):
    return Assessment.objects.get(pk=a.pk)


def test_refresh_stores_final_points_and_totals(decided):
    a = _fresh(decided[0])
    assert (a.self_total, a.appraised_total, a.survey_total) == (D("26.00"), D("21.00"), D("3.00"))
    assert (a.final_total, a.applicable_max, a.index_value) == (D("24.00"), D("30.00"), D("80.00"))
    assert (a.full_count, a.component_count) == (2, 5)
    finals = dict(Score.objects.filter(assessment=a).values_list("component__code", "final_points"))
    assert finals == {"1.1.1": D("8.00"), "1.1.2": D("5.00"), "1.2.1": D("5.00"), "3.1.1": D("3.00"),
                      "8.1.1": D("3.00")}


def test_a_unit_handling_no_procedures_is_rescaled_over_the_rest(decided):
    b = _fresh(decided[1])
    # the procedure area (6 points, self 2) counts nowhere: 21 of 24 → 87.50 %
    assert (b.final_total, b.applicable_max, b.index_value, b.full_count, b.component_count) == (
        D("21.00"), D("24.00"), D("87.50"), 2, 4)
    result = results.unit_result(b)
    area3 = next(r for r in result.areas if r.code == "3")
    assert not area3.applicable and area3.lost == D("0.00")
    assert [(code, lost) for code, _n, lost in result.lost_by_area] == [("1", D("3.00")), ("8", D("0.00"))]


def test_a_masked_code_rescales_too(decided):
    a = decided[0]
    Assessment.objects.filter(pk=a.pk).update(masked=["1.1.1"])
    results.refresh(_fresh(a))
    # 5 + 5 + 3 + 3 = 16 of 20 → 80.00 %; 1.1.2 and 1.2.1 at full of 4
    a = _fresh(a)
    assert (a.final_total, a.applicable_max, a.index_value, a.full_count, a.component_count) == (
        D("16.00"), D("20.00"), D("80.00"), 2, 4)


def test_refresh_runs_a_constant_number_of_queries(province):
    small = factories.make_par_result_version(year=2026, block="commune")
    big = factories.make_par_result_version(year=2026, block="agency", structure=(
        ("1", "all", [(f"1.{i}", [(f"1.{i}.{j}", "1", "evidence") for j in range(5)]) for i in range(6)]),))
    s1 = factories.make_par_result_season(version=small, units=[province.commune])
    s2 = factories.make_par_result_season(version=big, units=[province.snv])
    counts = []
    for season in (s1, s2):  # 5 components, then 30
        a = season.assessments.get()
        Score.objects.filter(assessment=a, component__method="evidence").update(self_points=1)
        a = Assessment.objects.get(pk=a.pk)
        with CaptureQueriesContext(connection) as ctx:
            results.refresh(a)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8  # scores, bulk update, season, version, save


def test_publish_ranks_bands_and_keeps_revision_1(decided, users):
    a, b, c = decided
    season = results.publish(a.season, by=users["officer"], decision="15/QĐ-UBND")
    assert season.status == SeasonStatus.PUBLISHED and season.decision == "15/QĐ-UBND"
    got = {x.unit.name: (x.rank_in_block, x.rank_overall, x.band, x.status, x.revision)
           for x in Assessment.objects.filter(season=season)}
    assert got == {"Xã Canh Vinh": (1, 1, "A", AssessmentStatus.PUBLISHED, 1),
                   "Xã Mỹ Lộc": (2, 2, "B", AssessmentStatus.PUBLISHED, 1),
                   "Xã Mỹ Đức": (3, 3, "B", AssessmentStatus.PUBLISHED, 1)}
    rev = ResultRevision.objects.get(assessment=a)
    assert rev.revision == 1 and rev.result["index_value"] == "80.00" and rev.result["rank_in_block"] == 3
    assert rev.result["scores"]["1.1.1"] == "8.00"
    assert rev.reason == "" and results.revision_reason(rev) == "Kết quả được công bố (15/QĐ-UBND)"


def test_publication_and_correction_are_in_the_audit_trail(decided, users):
    from auditlog.models import LogEntry

    a = decided[0]
    results.publish(a.season, by=users["officer"])
    changes = [e.changes_dict for e in LogEntry.objects.get_for_object(_fresh(a)).order_by("timestamp", "pk")]
    assert any(c.get("status") == ["decided", "published"] for c in changes)
    comp = Component.objects.get(criterion__area__version=a.season.version, code="3.1.1")
    results.correct(_fresh(a), comp, "6", reason="Bổ sung", by=users["officer"])
    score = Score.objects.get(assessment=a, component=comp)
    assert any(e.changes_dict.get("decided_points") == ["None", "6.00"]
               for e in LogEntry.objects.get_for_object(score))


def test_publish_refuses_while_a_unit_is_not_decided_and_writes_nothing(decided, users):
    a = decided[0]
    Assessment.objects.filter(pk=a.pk).update(status=AssessmentStatus.RESPONDED)
    with pytest.raises(InvalidInput) as raised:
        results.publish(a.season, by=users["officer"])
    assert "Xã Mỹ Đức" in str(raised.value.issues[0])
    assert not ResultRevision.objects.exists()
    assert not Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).exists()


def test_only_the_par_officer_publishes(decided, users):
    with pytest.raises(NotAllowed):
        results.publish(decided[0].season, by=users["leader"])


def test_bands_of_the_version_when_it_has_some(province, users):
    version = factories.make_par_result_version(block="agency", bands=[{"code": "tot", "label": "Tốt", "min_pct": 95},
                                                                 {"code": "kha", "label": "Khá", "min_pct": 75}])
    season = factories.make_par_result_season(version=version, units=[province.snv])
    a = season.assessments.get()
    factories.score_par(assessment=a, points=POINTS_A)  # 80.00 %
    results.publish(season, by=users["officer"])
    assert _fresh(a).band == "kha"


def test_after_publication_no_score_changes_but_by_correction(decided, users):
    a = decided[0]
    results.publish(a.season, by=users["officer"])
    with pytest.raises(InvalidInput):
        results.refresh(_fresh(a))
    survey = Component.objects.get(criterion__area__version=a.season.version, code="8.1.1")
    with pytest.raises(InvalidInput):
        results.set_survey_points(_fresh(a), survey, "4", by=users["officer"])
    assert Score.objects.get(assessment=a, component=survey).survey_points == D("3.00")


def test_correct_makes_revision_2_keeps_1_and_reranks_the_block(decided, users):
    a, b, c = decided
    results.publish(a.season, by=users["officer"])
    comp = Component.objects.get(criterion__area__version=a.season.version, code="3.1.1")
    rev = results.correct(_fresh(a), comp, "6", reason="Minh chứng bổ sung được chấp nhận", by=users["officer"])
    # 8 + 5 + 5 + 6 + 3 = 27 of 30 → 90.00 %: band A, second in the block; Xã Mỹ Lộc third
    a = _fresh(a)
    assert (a.index_value, a.band, a.rank_in_block, a.revision) == (D("90.00"), "A", 2, 2)
    assert rev.revision == 2 and rev.reason == "Minh chứng bổ sung được chấp nhận"
    assert [r.result["index_value"] for r in ResultRevision.objects.filter(assessment=a)] == ["80.00", "90.00"]
    b = _fresh(b)
    assert (b.rank_in_block, b.revision) == (3, 2)
    assert results.revision_reason(ResultRevision.objects.get(assessment=b, revision=2)) == (
        "Xếp hạng thay đổi do đính chính kết quả của Xã Mỹ Đức")
    assert _fresh(c).revision == 1  # its rank did not move


def test_correct_needs_a_reason_and_a_published_result(decided, users):
    a = decided[0]
    comp = Component.objects.get(criterion__area__version=a.season.version, code="3.1.1")
    with pytest.raises(InvalidInput):
        results.correct(a, comp, "6", reason="lý do", by=users["officer"])  # not published yet
    results.publish(a.season, by=users["officer"])
    with pytest.raises(InvalidInput) as raised:
        results.correct(_fresh(a), comp, "6", reason="  ", by=users["officer"])
    assert raised.value.issues[0].field == "reason"
    with pytest.raises(InvalidInput):
        results.correct(_fresh(a), comp, "7", reason="quá điểm tối đa", by=users["officer"])
    assert _fresh(a).revision == 1


def test_set_survey_points(season, users):
    a = season.assessments.first()
    survey = Component.objects.get(criterion__area__version=season.version, code="8.1.1")
    results.set_survey_points(a, survey, "2,5", by=users["officer"])
    assert Score.objects.get(assessment=a, component=survey).final_points == D("2.50")
    assert _fresh(a).survey_total == D("2.50")
    evidence = Component.objects.get(criterion__area__version=season.version, code="1.1.1")
    with pytest.raises(InvalidInput):
        results.set_survey_points(a, evidence, "1", by=users["officer"])
    with pytest.raises(InvalidInput):
        results.set_survey_points(a, survey, "5", by=users["officer"])
    with pytest.raises(NotAllowed):
        results.set_survey_points(a, survey, "1", by=users["focal_commune"])


def test_survey_optional_without_survey_points(province):
    version = factories.make_par_result_version(block="commune", survey_optional=True)
    season = factories.make_par_result_season(version=version, units=[province.commune])
    a = factories.score_par(assessment=season.assessments.get(), points={**POINTS_A, "8.1.1": None})
    # 8 + 5 + 5 + 3 = 21 of 26 (the survey's 4 points left out) → 80.77 %
    assert (a.final_total, a.applicable_max, a.index_value) == (D("21.00"), D("26.00"), D("80.77"))


def test_last_result_and_the_gains_against_last_year(province, users):
    old = factories.make_par_result_season(version=factories.make_par_result_version(year=2025), units=[province.commune])
    factories.score_par(assessment=old.assessments.get(), points=POINTS_B)  # 9+5+3+2+4 = 23 of 30 → 76.67 %
    assert results.last_result(province.commune, 2026) is None  # not published
    results.publish(old, by=users["officer"])
    assert results.last_result(province.commune, 2026) == (D("76.67"), "C", 2025)
    assert results.last_result(province.commune, 2024) is None
    new = factories.make_par_result_season(version=factories.make_par_result_version(year=2026), units=[province.commune])
    a = factories.score_par(assessment=new.assessments.get(), points=POINTS_A)
    result = results.unit_result(a)
    assert result.last_year == 2025
    changes = {c.code: c.change for c in result.changes}
    # area 1: 8+5+5=18 against 9+5+3=17 → +1; criterion 1.2: 5 against 3 → +2; area 3: 3 against 2 → +1
    assert (changes["1"], changes["1.1"], changes["1.2"], changes["3"], changes["8.1"]) == (
        D("1.00"), D("-1.00"), D("2.00"), D("1.00"), D("-1.00"))


def test_unit_result_what_if_and_totals(decided):
    result = results.unit_result(decided[0])
    assert (result.index_value, result.full_count, result.component_count) == (D("80.00"), 2, 5)
    # to gain: 3.1.1 3 points (10.00 index points of 30), 1.1.1 2 (6.67), 8.1.1 1 (3.33)
    assert [(w.code, w.gain, w.index_gain) for w in result.what_if] == [
        ("3.1.1", D("3.00"), D("10.00")), ("1.1.1", D("2.00"), D("6.67")), ("8.1.1", D("1.00"), D("3.33"))]
    assert result.what_if[0].guidance == "Minh chứng cho 3.1.1"
    area1 = result.areas[0]
    assert (area1.self, area1.appraised, area1.final, area1.max_points) == (D("20.00"), D("18.00"), D("18.00"),
                                                                           D("20.00"))


def test_province_results(decided, users):
    results.publish(decided[0].season, by=users["officer"])
    out = results.province_results(decided[0].season)
    assert [(r.assessment.unit.name, r.rank_in_block) for r in out.rows] == [
        ("Xã Canh Vinh", 1), ("Xã Mỹ Lộc", 2), ("Xã Mỹ Đức", 3)]
    assert [(code, n) for code, _l, n in out.distribution] == [("A", 1), ("B", 2), ("C", 0), ("", 0)]
    # below the maximum: 1.1.1 in A and B (2 + 1 points), 3.1.1 in A (3), 1.2.1 in B (2), 8.1.1 in A (1)
    assert [(x.code, x.units, x.points) for x in out.most_lost] == [
        ("1.1.1", 2, D("3.00")), ("3.1.1", 1, D("3.00")), ("1.2.1", 1, D("2.00")), ("8.1.1", 1, D("1.00"))]


def test_correcting_a_survey_component_corrects_the_survey_points(decided, users):
    a = decided[0]
    results.publish(a.season, by=users["officer"])
    survey = Component.objects.get(criterion__area__version=a.season.version, code="8.1.1")
    results.correct(_fresh(a), survey, "4", reason="Phiếu điều tra nhập thiếu", by=users["officer"])
    # survey 3 → 4: final 25 of 30 → 83.33 %, the survey total 4
    a = _fresh(a)
    assert (a.survey_total, a.final_total, a.index_value, a.revision) == (D("4.00"), D("25.00"), D("83.33"), 2)
