"""The appraisal of a PAR index season (issue 13 item 2; cchc.parindex.appraisal): submitted → appraised (an
adjustment needs a reason) → the unit's one response within its window → the appraiser's decision → closed;
the appraisers' area scope; notices; the audit trail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from cchc.core.errors import DomainError, InvalidInput, NotAllowed
from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from cchc.parindex import appraisal
from cchc.parindex.appraisal_permissions import can_appraise, can_respond
from cchc.parindex.choices import AssessmentStatus, SeasonStatus
from cchc.parindex.models import AppraiserScope, Score
from tests import factories

# Wednesday 2/12/2026: five working days later is Wednesday 9/12/2026.
APPRAISED_ON = date(2026, 12, 2)


@pytest.fixture
def season(db):
    return factories.make_par_season(version=factories.make_par_version())


@pytest.fixture
def assessment(season, province):
    return factories.make_par_assessment(season=season, unit=province.commune, self_points={"2.1.1": "3"})


def score(assessment, code: str) -> Score:
    return assessment.scores.select_related("component__criterion__area", "assessment__season").get(component__code=code)


def appraise_all(assessment, by, *, adjust: dict | None = None):
    """Accept every appraisable component, adjusting those in ``adjust`` (code → (points, reason))."""
    adjust = adjust or {}
    for s in assessment.scores.select_related("component__criterion__area", "assessment"):
        if not appraisal.is_appraised_here(s):
            continue
        points, reason = adjust.get(s.component.code, (appraisal.reference_points(s), ""))
        appraisal.appraise(s, points=points, reason=reason, by=by)


def test_the_whole_path_submitted_appraised_responded_decided_closed(assessment, season, users):
    appraiser = factories.make_appraiser(season=season)
    focal = users["focal_commune"]

    # An adjustment without a reason is refused, and nothing is written.
    with pytest.raises(InvalidInput) as refused:
        appraisal.appraise(score(assessment, "2.1.1"), points="2", reason="  ", by=appraiser)
    assert refused.value.issues[0].field == "reason"
    assert score(assessment, "2.1.1").appraised_points is None

    appraise_all(assessment, appraiser, adjust={"2.1.1": ("2", "Văn bản chưa ban hành đúng hạn.")})
    adjusted = score(assessment, "2.1.1")
    assert adjusted.appraised_points == Decimal("2.00") and adjusted.appraisal_reason == "Văn bản chưa ban hành đúng hạn."
    assert adjusted.appraised_by == appraiser
    # The computed component is accepted at the points its figure gives (80 → 1 point), without a reason.
    assert score(assessment, "2.1.2").appraised_points == Decimal("1.00")
    assert score(assessment, "3.1.2").appraised_points is None  # survey: not appraised

    appraisal.finish_appraisal(assessment, by=appraiser, today=APPRAISED_ON)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED
    assert assessment.response_due == date(2026, 12, 9)
    notice = Notification.objects.get(user=focal, kind=Kind.PAR_APPRAISED)
    assert "09/12/2026" in notice.body and notice.url == f"/par-index/assessments/{assessment.pk}/respond/"
    assert not Notification.objects.filter(user=users["focal_commune2"], kind=Kind.PAR_APPRAISED).exists()

    # Only adjusted components may be answered.
    with pytest.raises(InvalidInput):
        appraisal.respond(assessment, {score(assessment, "1.1.1").component_id: "Đồng ý"}, by=focal, today=APPRAISED_ON)
    appraisal.respond(assessment, {adjusted.component_id: "Văn bản ban hành ngày 15/3, kèm minh chứng."}, by=focal,
                      today=date(2026, 12, 9))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RESPONDED
    assert score(assessment, "2.1.1").response == "Văn bản ban hành ngày 15/3, kèm minh chứng."
    assert Notification.objects.filter(user=appraiser, kind=Kind.PAR_RESPONDED).count() == 1

    # A second response is refused.
    with pytest.raises(InvalidInput):
        appraisal.respond(assessment, {adjusted.component_id: "Lần hai"}, by=focal, today=date(2026, 12, 9))

    # Closing waits for the decision on the answered component.
    with pytest.raises(InvalidInput) as waiting:
        appraisal.close(assessment, by=appraiser)
    assert [i.field for i in waiting.value.issues] == ["2.1.1"]
    with pytest.raises(InvalidInput):
        appraisal.decide(score(assessment, "2.1.1"), points="3", reason="", by=appraiser)
    with pytest.raises(DomainError):  # not answered
        appraisal.decide(score(assessment, "1.1.1"), points="1", reason="x", by=appraiser)
    appraisal.decide(score(assessment, "2.1.1"), points="3", reason="Minh chứng bổ sung hợp lệ.", by=appraiser)
    decided = score(assessment, "2.1.1")
    assert (decided.decided_points, decided.decided_by) == (Decimal("3.00"), appraiser)

    appraisal.close(assessment, by=appraiser)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DECIDED and assessment.decided_at is not None


def test_a_late_response_is_refused_and_the_window_passed_closes_as_it_stands(assessment, season, users):
    appraiser = factories.make_appraiser(season=season)
    appraise_all(assessment, appraiser, adjust={"1.1.1": ("1", "Thiếu kế hoạch năm.")})
    appraisal.finish_appraisal(assessment, by=appraiser, today=APPRAISED_ON)
    one = score(assessment, "1.1.1")

    with pytest.raises(InvalidInput) as late:
        appraisal.respond(assessment, {one.component_id: "Muộn"}, by=users["focal_commune"], today=date(2026, 12, 10))
    assert "09/12/2026" in late.value.issues[0].message
    with pytest.raises(InvalidInput):  # still within the window
        appraisal.close(assessment, by=appraiser, today=date(2026, 12, 9))

    appraisal.close(assessment, by=appraiser, today=date(2026, 12, 10))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DECIDED and score(assessment, "1.1.1").response == ""


def test_finishing_lists_the_components_left(assessment, season):
    appraiser = factories.make_appraiser(season=season)
    appraisal.appraise(score(assessment, "1.1.1"), points="2", by=appraiser)

    with pytest.raises(InvalidInput) as left:
        appraisal.finish_appraisal(assessment, by=appraiser)

    assert [i.field for i in left.value.issues] == ["2.1.1", "2.1.2", "3.1.1"]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_a_unit_without_procedures_is_not_appraised_on_area_3(season, province):
    assessment = factories.make_par_assessment(season=season, unit=province.commune2, handles_procedures=False)
    appraiser = factories.make_appraiser(season=season)
    with pytest.raises(DomainError):
        appraisal.appraise(score(assessment, "3.1.1"), points="4", by=appraiser)
    appraise_all(assessment, appraiser)
    appraisal.finish_appraisal(assessment, by=appraiser, today=APPRAISED_ON)  # 3.1.1 is not asked for
    assert score(assessment, "3.1.1").appraised_points is None


def test_points_outside_zero_to_max_are_refused(assessment, season):
    appraiser = factories.make_appraiser(season=season)
    for bad in ("-1", "2.5", "abc", "1.234"):
        with pytest.raises(InvalidInput):
            appraisal.appraise(score(assessment, "1.1.1"), points=bad, reason="x", by=appraiser)
    assert score(assessment, "1.1.1").appraised_points is None


def test_an_appraiser_of_area_2_cannot_appraise_area_3(assessment, season, users):
    member = factories.make_appraiser(season=season, areas=["2"])
    assert can_appraise(member, score(assessment, "2.1.1"))
    assert not can_appraise(member, score(assessment, "3.1.1"))

    with pytest.raises(NotAllowed):
        appraisal.appraise(score(assessment, "3.1.1"), points="1", reason="Thiếu minh chứng", by=member)
    assert score(assessment, "3.1.1").appraised_points is None
    appraisal.appraise(score(assessment, "2.1.1"), points="3", by=member)  # its own area
    # The PAR officer appraises everything; an appraiser of another season nothing.
    assert can_appraise(users["officer"], score(assessment, "3.1.1"))
    stranger = factories.make_appraiser(username="thamdinh2")
    assert not can_appraise(stranger, score(assessment, "1.1.1"))


@pytest.mark.parametrize("role", ["focal_commune", "focal_commune2", "leader", "inspector"])
def test_no_one_else_appraises(assessment, users, role):
    with pytest.raises(NotAllowed):
        appraisal.appraise(score(assessment, "1.1.1"), points="2", by=users[role])
    assert not can_appraise(users[role], score(assessment, "1.1.1"))


def test_only_the_units_own_focal_point_responds(assessment, season, users):
    appraiser = factories.make_appraiser(season=season)
    appraise_all(assessment, appraiser, adjust={"1.1.1": ("1", "Thiếu kế hoạch.")})
    appraisal.finish_appraisal(assessment, by=appraiser, today=APPRAISED_ON)
    assert can_respond(users["focal_commune"], assessment)
    for role in ("focal_commune2", "focal_district", "officer", "leader"):
        assert not can_respond(users[role], assessment)
        with pytest.raises(NotAllowed):
            appraisal.respond(assessment, {}, by=users[role], today=APPRAISED_ON)
    with pytest.raises(NotAllowed):
        appraisal.respond(assessment, {}, by=appraiser, today=APPRAISED_ON)


def test_appraising_waits_for_submission_and_stops_at_publication(season, province):
    draft = factories.make_par_assessment(season=season, unit=province.commune2, status="draft")
    appraiser = factories.make_appraiser(season=season)
    with pytest.raises(DomainError):
        appraisal.appraise(score(draft, "1.1.1"), points="2", by=appraiser)
    submitted = factories.make_par_assessment(season=season, unit=province.commune)
    season.status = SeasonStatus.PUBLISHED
    season.save()
    with pytest.raises(DomainError):
        appraisal.appraise(score(submitted, "1.1.1"), points="2", by=appraiser)


def test_adjustments_are_in_the_audit_trail(assessment, season):
    appraiser = factories.make_appraiser(season=season)
    one = score(assessment, "2.1.1")
    appraisal.appraise(one, points="1.5", reason="Chỉ ban hành 1/2 văn bản.", by=appraiser)

    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Score), object_pk=str(one.pk))
    changes = [e.changes_dict for e in entries]
    assert any(c.get("appraised_points", [None, None])[1] == "1.50" for c in changes), changes
    assert any("Chỉ ban hành 1/2 văn bản." in str(c.get("appraisal_reason")) for c in changes)


def test_assigning_appraisers(season, users):
    member = factories.make_appraiser()
    area2 = season.version.areas.get(code="2")
    scope = appraisal.assign_appraiser(season, member, [area2], by=users["officer"])
    assert list(scope.areas.all()) == [area2]
    appraisal.assign_appraiser(season, member, [], by=users["officer"])  # every area now
    assert AppraiserScope.objects.get(season=season, user=member).areas.count() == 0

    with pytest.raises(InvalidInput):  # a focal point is no appraiser
        appraisal.assign_appraiser(season, users["focal_commune"], [], by=users["officer"])
    other = factories.make_par_version(code="khac", block="agency")
    with pytest.raises(InvalidInput):  # another version's area
        appraisal.assign_appraiser(season, member, [other.areas.get(code="1")], by=users["officer"])
    with pytest.raises(NotAllowed):
        appraisal.assign_appraiser(season, member, [], by=users["inspector"])
    with pytest.raises(NotAllowed):
        appraisal.assign_appraiser(season, member, [], by=member)
    appraisal.assign_appraiser(season, users["officer"], [], by=users["admin"])  # a PAR officer may be a member


def test_the_season_goes_to_appraisal_after_self_due_or_by_choice(season, users):
    with pytest.raises(InvalidInput):
        appraisal.season_to_appraisal(season, by=users["officer"], today=date(2026, 11, 30))
    with pytest.raises(NotAllowed):
        appraisal.season_to_appraisal(season, by=users["leader"], today=date(2026, 12, 1))
    appraisal.season_to_appraisal(season, by=users["officer"], today=date(2026, 11, 20), early=True)
    season.refresh_from_db()
    assert season.status == SeasonStatus.APPRAISAL
    with pytest.raises(DomainError):
        appraisal.season_to_appraisal(season, by=users["officer"], today=date(2026, 12, 1))


def test_the_response_window_counts_working_days_over_holidays(season, province):
    """Five working days from Thursday 31/12/2026 skip New Year's Day and the weekend (BLLĐ 2019 Art. 112)."""
    assessment = factories.make_par_assessment(season=season, unit=province.commune)
    appraiser = factories.make_appraiser(season=season)
    appraise_all(assessment, appraiser)
    appraisal.finish_appraisal(assessment, by=appraiser, today=date(2026, 12, 31))
    assessment.refresh_from_db()
    assert assessment.response_due == date(2027, 1, 8)


def test_a_computed_component_without_a_figure_is_accepted_at_zero_without_a_reason(season, province, users):
    """No figure → no points, counted 0 in the totals (cchc.core.parindex.final_points); the appraiser's
    "Chấp nhận" posts the reference, which is then 0, not a blank the service refuses (found in the browser
    journey, tests/browser/test_par_season_journey.py)."""
    assessment = factories.make_par_assessment(season=season, unit=province.commune, computed_value=None)
    appraiser = factories.make_appraiser(season=season)
    computed = score(assessment, "2.1.2")
    assert appraisal.reference_points(computed) == 0
    appraisal.appraise(computed, points=str(appraisal.reference_points(computed)), reason="", by=appraiser)
    computed = score(assessment, "2.1.2")
    assert computed.appraised_points == 0 and not appraisal.is_adjusted(computed)
    # A point above what no figure gives is an adjustment, and needs a reason.
    with pytest.raises(InvalidInput):
        appraisal.appraise(computed, points="1", reason="", by=appraiser)


def test_units_that_sent_nothing_are_closed_after_the_deadline_and_the_block_publishes(assessment, season, users,
                                                                                       province):
    """A commune that never submits would hold back the block's publication; after the deadline the PAR
    officer closes it: its evidence criteria appraised at 0 with the reason, its computed and survey criteria
    keep their points, and the block publishes (the submitted unit is decided first)."""
    from cchc.parindex import results

    officer = users["officer"]
    silent = factories.make_par_assessment(season=season, unit=province.commune2, status=AssessmentStatus.DRAFT,
                                           self_points={"1.1.1": "2"})
    with pytest.raises(DomainError):  # 30/11 is the deadline: the unit may still send
        appraisal.close_unsubmitted(season, by=officer, today=date(2026, 11, 30))
    with pytest.raises(NotAllowed):
        appraisal.close_unsubmitted(season, by=users["focal_commune"], today=date(2026, 12, 1))
    assert appraisal.close_unsubmitted(season, by=officer, today=date(2026, 12, 1)) == 1
    silent.refresh_from_db()
    assert silent.status == AssessmentStatus.DECIDED
    closed = {s.component.code: s for s in silent.scores.select_related("component")}
    assert closed["1.1.1"].appraised_points == Decimal("0.00") and closed["1.1.1"].final_points == Decimal("0.00")
    assert closed["1.1.1"].self_points == Decimal("2.00")  # the unsent draft is kept, not counted
    assert closed["1.1.1"].appraisal_reason == appraisal.NOT_SUBMITTED
    assert closed["2.1.2"].appraised_points is None  # computed: its figure's points stand
    assert silent.final_total == sum((s.final_points or Decimal(0)) for s in closed.values()
                                     if results.applicable(silent, s.component))
    # The submitted one is appraised and closed; then the block publishes with both units.
    appraiser = factories.make_appraiser(season=season)
    appraise_all(assessment, appraiser)
    appraisal.finish_appraisal(assessment, by=appraiser, today=APPRAISED_ON)
    appraisal.close(assessment, by=appraiser, today=date(2026, 12, 31))
    results.publish(season, by=officer)
    assert season.assessments.filter(status=AssessmentStatus.PUBLISHED).count() == 2


def test_closing_the_units_that_sent_nothing_is_in_the_audit_trail(season, users, province):
    """Issue 13 item 5, "every change audited": each criterion appraised at 0 for a unit that sent nothing is
    in the audit trail with its points and reason, as an appraiser's own adjustment is."""
    silent = factories.make_par_assessment(season=season, unit=province.commune2, status=AssessmentStatus.DRAFT,
                                           self_points={"1.1.1": "2"})
    assert appraisal.close_unsubmitted(season, by=users["officer"], today=date(2026, 12, 1)) == 1
    closed = score(silent, "1.1.1")
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Score), object_pk=str(closed.pk))
    changes = [e.changes_dict for e in entries]
    assert any(c.get("appraised_points", [None, None])[1] == "0.00" for c in changes), changes
    assert any(appraisal.NOT_SUBMITTED in str(c.get("appraisal_reason")) for c in changes), changes
