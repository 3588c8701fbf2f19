"""Computed criteria prefilled from CCHC's own figures (issue 13 item 2): each value equals the figure it
comes from, read through the same public function its source page uses; a missing figure is None with the
reason; the source is a link to the page that shows the figure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.analytics.models import KpiValue
from cchc.core import reporting as reporting_rules
from cchc.parindex import computed
from cchc.plans.models import Assignment
from cchc.plans.services import report_progress, task_completion
from cchc.reporting.models import ReportingPeriod, UnitReport
from cchc.reporting.services import timeliness
from cchc.scoreboard import services as scoreboard
from tests.factories import make_kpi_value, make_plan, make_season

JAN = date(2026, 1, 1)
AS_OF = timezone.make_aware(datetime(2026, 11, 1, 2, 0))
DAY = date(2026, 11, 10)


def _score(season, unit, code):
    return season.assessments.get(unit=unit).scores.select_related("component").get(component__code=code)


@pytest.fixture
def figures(province, users):
    """A year of figures for Xã Mỹ Đức: dossier KPIs (so a 766 total exists), the inspection remediation
    rate, two quarterly reports (one on time, one late) and a plan task done by its deadline."""
    c = province.commune
    for code, num, den, value in (("ontime_rate", 45, 50, 90), ("late", 5, None, None), ("received", 50, None, None),
                                  ("handled", 50, None, None), ("online_fullprocess_rate", 20, 40, 50),
                                  ("satisfaction_rate", 30, 30, 100), ("inspection_remediation_rate", 1, 2, 50)):
        make_kpi_value(unit=c, code=code, start=JAN, kind="year", numerator=num, denominator=den, value=value,
                       as_of=AS_OF)
    for start, end, deadline, sent in (
            (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 10), date(2026, 4, 8)),
            (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 10), date(2026, 7, 20))):
        period = ReportingPeriod.objects.create(province=province.province, kind="quarter", year=2026, start=start,
                                                end=end, deadline=deadline, opened_by=users["officer"])
        period.units.set([c, province.commune2])
        UnitReport.objects.create(period=period, unit=c, state="submitted",
                                  submitted_at=timezone.make_aware(datetime(sent.year, sent.month, sent.day, 9)))
    make_plan(tree=province, year=2026)
    mine = Assignment.objects.get(unit=c, task__code="NV02")
    report_progress(user=users["focal_commune"], assignment=mine, progress=100, note="Đã số hóa")
    return c


def test_each_computed_value_equals_the_figure_it_comes_from(figures, province, users):
    season = make_season(by=users["officer"])
    c = figures
    today = computed.as_of_day(2026)

    ontime = _score(season, c, "3.1.1")
    stored = analytics.values_for(codes=["ontime_rate"], period_kind="year", period_start=JAN, units=[c.pk])[0]
    assert ontime.computed_value == Decimal(stored.value) == Decimal("90")
    assert ontime.computed_as_of == date(2026, 11, 1)
    assert ontime.computed_source == f"/dashboard/units/{c.pk}/?year=2026"

    remedied = _score(season, c, "5.1.2")
    assert remedied.computed_value == Decimal("50")  # the inspection KPI: a stored figure like the others

    reports = _score(season, c, "1.2.1")
    rows = [r.status for p in ReportingPeriod.objects.all() for r in timeliness(p, today) if r.unit == c]
    assert reports.computed_value == reporting_rules.timeliness_rate(rows) == Decimal("50.00")  # 1 of 2 on time
    assert reports.computed_source == "/reports/?year=2026"

    tasks = _score(season, c, "1.2.2")
    done, due = task_completion([c.pk], 2026, today)[c.pk]
    assert (done, due) == (1, 1) and tasks.computed_value == Decimal("100")

    total = _score(season, c, "5.1.1")
    card = scoreboard.scorecard(c, "year", JAN)
    assert card.total.points is not None and total.computed_value == card.total.points
    assert total.computed_source == f"/scoreboard/units/{c.pk}/?kind=year&start=2026-01-01"
    assert computed.is_link(total) and computed.source_text(total) == ""


def test_a_missing_figure_is_none_with_the_reason(figures, province, users):
    season = make_season(by=users["officer"])
    other = province.commune2  # no figure, a report period not sent (missing: counted), no task
    got = {code: _score(season, other, code) for code in ("3.1.1", "1.2.1", "1.2.2", "5.1.1")}
    assert got["1.2.1"].computed_value == Decimal("0")  # both reports missing: 0 of 2 on time, a real figure
    for code, reason in (("3.1.1", computed.NO_KPI), ("1.2.2", computed.NO_TASKS), ("5.1.1", computed.NO_766)):
        s = got[code]
        assert (s.computed_value, s.computed_as_of, s.computed_source) == (None, None, reason), code
        assert not computed.is_link(s) and computed.source_text(s) == reason
    third = _score(season, province.other_district_commune, "1.2.1")
    assert (third.computed_value, third.computed_source) == (None, computed.NO_REPORTS)  # reports nothing


def test_prefill_again_reads_the_figures_of_today(figures, province, users):
    season = make_season(by=users["officer"])
    a = season.assessments.get(unit=figures)
    KpiValue.objects.filter(unit=figures, kpi_code="ontime_rate", period_kind="year").update(value=Decimal("97.5"))
    assert computed.prefill(a, DAY) == 5  # the five computed components
    assert _score(season, figures, "3.1.1").computed_value == Decimal("97.5")


def test_reporting_timeliness_reads_only_the_units_own_reports(figures, province, users):
    """The unit's share of reports sent on time is read in two queries whatever the number of periods and of
    units that report (prefilling a season does it once per unit: reading each period's every unit made
    opening a season grow with units × units), and equals what the reporting pages' rule gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = date(2026, 11, 10)
    for quarter in (3, 4):  # two more periods: one missed (due), one not yet due (not counted)
        start = date(2026, 3 * quarter - 2, 1)
        period = ReportingPeriod.objects.create(province=province.province, kind="quarter", year=2026, start=start,
                                                end=date(2026, 3 * quarter, 28), deadline=date(2026, 3 * quarter, 28),
                                                opened_by=users["officer"])
        period.units.set([figures, province.commune2, province.other_district_commune])
    with CaptureQueriesContext(connection) as queries:
        value = computed.reporting_timeliness(figures, 2026, today)
    assert len(queries) == 2, [q["sql"] for q in queries]
    rows = [r.status for p in ReportingPeriod.objects.all() for r in timeliness(p, today) if r.unit == figures]
    assert value == reporting_rules.timeliness_rate(rows) == Decimal("33.33")  # 1 of 3 due on time


def _figure_changes(figures):
    """The stored on-time rate moves after the season opened (a night's KPI refresh), to 97.5 as of 5/12."""
    KpiValue.objects.filter(unit=figures, kpi_code="ontime_rate", period_kind="year").update(
        value=Decimal("97.5"), as_of=timezone.make_aware(datetime(2026, 12, 5, 1, 30)))


def test_submitting_carries_the_figures_of_the_day_of_submission(figures, province, users):
    """What the unit submits and the appraiser appraises is the figure its source page shows when the unit
    submits, not the one of the opening day."""
    from cchc.parindex import services
    from cchc.parindex.choices import EvidenceState
    from cchc.parindex.models import Component

    season = make_season(by=users["officer"])
    mine = season.assessments.get(unit=figures)
    assert _score(season, figures, "3.1.1").computed_value == Decimal("90")
    _figure_changes(figures)
    for code in ("1.1.1", "1.1.2", "3.1.2"):
        services.save_self_score(mine, Component.objects.get(code=code), points="1", evidence_state=EvidenceState.FULL,
                                 explanation="", by=users["focal_commune"])
    services.submit(mine, by=users["focal_commune"])
    ontime = _score(season, figures, "3.1.1")
    assert (ontime.computed_value, ontime.computed_as_of) == (Decimal("97.5"), date(2026, 12, 5))
    assert ontime.final_points == Decimal("4")  # ≥ 95 → 4 (it was 2 at 90); the stored totals follow


def test_drafts_follow_the_figures_every_day_and_submitted_ones_keep_theirs(figures, province, users, settings):
    """The scheduled refresh (settings.CCHC_SCHEDULE "parindex.computed_figures") reads every draft's computed
    criteria again while its season is in self-assessment; a submitted assessment keeps what it was submitted
    with."""
    from cchc.parindex import services
    from cchc.parindex.choices import AssessmentStatus

    season = make_season(by=users["officer"])
    submitted = season.assessments.get(unit=province.commune2)
    Assessment = type(submitted)
    Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.SUBMITTED)
    before = _score(season, province.commune2, "1.2.1").computed_as_of
    _figure_changes(figures)
    assert services.refresh_computed_drafts_on(date(2026, 12, 6)) == season.assessments.count() - 1
    ontime = _score(season, figures, "3.1.1")
    assert (ontime.computed_value, ontime.computed_as_of) == (Decimal("97.5"), date(2026, 12, 5))
    assert ontime.final_points == Decimal("4")
    assert _score(season, figures, "1.2.1").computed_as_of == date(2026, 12, 6)  # read again on the day
    assert _score(season, province.commune2, "1.2.1").computed_as_of == before != date(2026, 12, 6)  # kept
    entry = settings.CCHC_SCHEDULE["parindex.computed_figures"]
    assert entry["func"] == "cchc.parindex.services.refresh_computed_drafts"
