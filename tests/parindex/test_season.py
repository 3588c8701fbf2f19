"""Opening a PAR index season (issue 13 item 2): the PAR officer opens the year for a version with its dates;
every unit of the version's block in force on the opening day gets an assessment with a score row per
component criterion; a unit that received and handled no dossier in the year so far (stored figures) is
marked as not handling procedures; the officer may change that, with a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from cchc.core.errors import InvalidInput, NotAllowed
from cchc.parindex import services
from cchc.parindex.choices import AssessmentStatus
from cchc.parindex.models import Assessment, Score
from tests.factories import make_index_version, make_kpi_value, make_season, make_unit

AS_OF = timezone.make_aware(datetime(2026, 11, 1, 2, 0))


def test_the_officer_opens_a_season_for_every_commune_in_force(province, users):
    ended = make_unit(key="t:commune:old", code="90199", name="Xã Đã Sáp Nhập", kind="commune",
                      parent=province.district, province=province.province, valid_to=date(2025, 6, 30))
    season = make_season(by=users["officer"])
    assessments = list(season.assessments.select_related("unit").order_by("unit__name"))
    assert {a.unit.name for a in assessments} == {"Xã Canh Vinh", "Xã Mỹ Đức", "Xã Mỹ Lộc"}
    assert ended.pk not in {a.unit_id for a in assessments}
    assert {a.status for a in assessments} == {AssessmentStatus.DRAFT}
    assert Score.objects.filter(assessment__season=season).count() == 3 * 9
    assert (season.year, season.opens_on, season.self_due, season.opened_by) == (
        2026, date(2026, 11, 10), date(2026, 11, 30), users["officer"])
    # No dossier figure of 2026 is stored at all: no honest signal, every unit handles procedures.
    assert {a.handles_procedures for a in assessments} == {True}


def test_a_unit_with_no_dossier_in_the_year_does_not_handle_procedures(province, users):
    jan = date(2026, 1, 1)
    make_kpi_value(unit=province.commune, code="received", start=jan, kind="year", numerator=12, as_of=AS_OF)
    make_kpi_value(unit=province.commune2, code="received", start=jan, kind="year", numerator=0, as_of=AS_OF)
    make_kpi_value(unit=province.other_district_commune, code="handled", start=jan, kind="year", numerator=3,
                   as_of=AS_OF)
    season = make_season(by=users["officer"])
    got = {a.unit_id: a.handles_procedures for a in season.assessments.all()}
    assert got == {province.commune.pk: True, province.commune2.pk: False, province.other_district_commune.pk: True}


def test_the_agency_block_has_the_departments(province, users):
    season = make_season(by=users["officer"], version=make_index_version(code="tn-so-2026", block="agency"))
    assert sorted(a.unit.name for a in season.assessments.all()) == ["Sở Nội vụ", "Sở Tư pháp"]


def test_only_the_officer_opens_a_season(province, users):
    for who in ("focal_commune", "leader", "inspector"):
        with pytest.raises(NotAllowed):
            make_season(by=users[who], version=make_index_version(code=f"v-{who}"))
    make_season(by=users["admin"], version=make_index_version(code="v-admin"))


def test_bad_dates_and_a_second_season_are_refused_with_every_problem(province, users):
    version = make_index_version()
    with pytest.raises(InvalidInput) as exc:
        services.open_season(version, opens_on=date(2026, 11, 30), self_due=date(2026, 11, 10),
                             appraisal_due=date(2026, 12, 20), response_days=0, publish_on=date(2026, 12, 1),
                             by=users["officer"])
    assert {i.field for i in exc.value.issues} == {"self_due", "response_days", "publish_on"}
    assert not Assessment.objects.exists()  # nothing half-written
    make_season(by=users["officer"], version=version)
    with pytest.raises(InvalidInput, match="đã có đợt đánh giá"):
        make_season(by=users["officer"], version=version)


def test_the_officer_sets_applicability_with_a_reason(province, users):
    season = make_season(by=users["officer"])
    a = season.assessments.get(unit=province.commune)
    with pytest.raises(InvalidInput) as exc:
        services.set_applicability(a, handles_procedures=False, masked=["9.9"], reason=" ", by=users["officer"])
    assert {i.field for i in exc.value.issues} == {"reason", "masked"}
    with pytest.raises(NotAllowed):
        services.set_applicability(a, handles_procedures=False, masked=[], reason="x", by=users["focal_commune"])
    services.set_applicability(a, handles_procedures=False, masked=["5.1.2"], reason="Không có TTHC",
                               by=users["officer"])
    a.refresh_from_db()
    assert (a.handles_procedures, a.masked, a.mask_reason) == (False, ["5.1.2"], "Không có TTHC")
    component = a.scores.get(component__code="3.1.2").component
    assert not services.applicable(a, component)  # area 3 applies to units handling procedures only
    assert not services.applicable(a, a.scores.get(component__code="5.1.2").component)
    assert services.applicable(a, a.scores.get(component__code="1.1.1").component)


def test_counts_per_status_and_the_units_not_submitted(province, users):
    season = make_season(by=users["officer"])
    Assessment.objects.filter(season=season, unit=province.commune).update(status=AssessmentStatus.SUBMITTED)
    counts = services.status_counts(season)
    assert counts[AssessmentStatus.DRAFT] == 2 and counts[AssessmentStatus.SUBMITTED] == 1
    assert sum(counts.values()) == 3
    assert {a.unit.name for a in services.not_submitted(season)} == {"Xã Canh Vinh", "Xã Mỹ Lộc"}
