"""Computed component criteria prefilled from CCHC's own figures (issue 13 item 1 "computed", item 2 "sees
computed criteria prefilled … with their value, as-of date and a link to what produced them").

``prefill(assessment)`` writes, for every component scored by the method *computed*, the figure of the
season's year for the assessment's unit into Score.computed_value, the day it was computed into
computed_as_of and where it comes from into computed_source: the path of the page that shows the same
figure, read through the same public function that page uses. A figure that does not exist is None, and
computed_source then holds the reason (a message id of this module, translated when shown:
:func:`source_text`). Points are the rule's (cchc.core.parindex.computed_points, in results.refresh).

The sources (``Component.rule["source"]``):

* ``kpi``: a stored KPI of the year (``rule["kpi"]``, a code of cchc.core.kpis, the inspection KPIs
  ``inspection_coverage_rate`` and ``inspection_remediation_rate`` included) through
  cchc.analytics.services.values_for, as the leaders' unit page shows it (/dashboard/units/<id>/?year=);
* ``reporting_timeliness``: the share of the year's periodic reports the unit had to send that it sent on
  time: each period's status by the rule of cchc.reporting.services.timeliness, the share by
  cchc.core.reporting.timeliness_rate (periods not yet due are not counted), as the reporting pages do;
* ``task_completion``: the share of the unit's plan tasks of the year done by their deadline, of those due
  (cchc.plans.services.task_completion, the classification's input), as a percentage with 2 decimals;
* ``score766``: the unit's 766 total points for the year (cchc.scoreboard.services.scorecard), as its
  scorecard shows them (/scoreboard/units/<id>/?kind=year&start=).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.analytics import services as analytics
from cchc.core import reporting as reporting_rules
from cchc.core.i18n import N_
from cchc.core.tasks import completion_rate
from cchc.plans.services import task_completion
from cchc.reporting.models import ReportingPeriod, UnitReport
from cchc.scoreboard import services as scoreboard

from .choices import Method
from .models import Score

SOURCES = ("kpi", "reporting_timeliness", "task_completion", "score766")

NO_RULE = N_("Quy tắc tính điểm không nêu nguồn số liệu hợp lệ.")
NO_KPI = N_("Chưa có số liệu năm của chỉ số này cho đơn vị (chưa tính hoặc chưa nhập dữ liệu).")
NO_REPORTS = N_("Chưa có kỳ báo cáo nào trong năm đã đến hạn mà đơn vị phải gửi.")
NO_TASKS = N_("Đơn vị chưa có nhiệm vụ nào của kế hoạch năm đã đến hạn.")
NO_766 = N_("Chưa có điểm 766 năm của đơn vị (chưa có số liệu hồ sơ).")
REASONS = (NO_RULE, NO_KPI, NO_REPORTS, NO_TASKS, NO_766)


def as_of_day(year: int, today: date | None = None) -> date:
    """The day figures of ``year`` are read as of: today, within the year."""
    today = today or timezone.localdate()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def _day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def dashboard_url(unit_id: int, year: int) -> str:
    return f"{reverse('dashboard:unit', args=[unit_id])}?{urlencode({'year': year})}"


def kpi_figure(unit_id: int, year: int, code: str):
    """The stored yearly figure of ``code`` for the unit (cchc.analytics.services.values_for), or None."""
    rows = analytics.values_for(codes=[code], period_kind="year", period_start=date(year, 1, 1), units=[unit_id])
    return rows[0] if rows else None


def reporting_timeliness(unit, year: int, today: date) -> Decimal | None:
    """The unit's share of the year's reports sent on time (see the module): each period the unit must report
    for, with the unit's first submission in it, by the rule the reporting pages use
    (cchc.core.reporting.timeliness_of, as cchc.reporting.timeliness.timeliness). Two queries, reading only
    the unit's own reports (a season prefills every unit)."""
    periods = list(ReportingPeriod.objects.filter(year=year, units=unit).order_by("start"))
    first = dict(UnitReport.objects.filter(period__in=periods, unit=unit).values("period_id")
                 .annotate(first=Min("submitted_at")).values_list("period_id", "first"))
    statuses = [reporting_rules.timeliness_of(p.deadline, _day(first.get(p.pk)), today).value for p in periods]
    return reporting_rules.timeliness_rate(statuses)


def figure(rule: dict, unit, year: int, today: date) -> tuple[Decimal | None, date | None, str]:
    """(value, as-of day, source: a page's path, or the reason there is no value) of one rule."""
    source = (rule or {}).get("source")
    if source == "kpi" and rule.get("kpi"):
        f = kpi_figure(unit.pk, year, rule["kpi"])
        if f is None or f.value is None:
            return None, None, NO_KPI
        return Decimal(f.value), _day(f.as_of), dashboard_url(unit.pk, year)
    if source == "reporting_timeliness":
        value = reporting_timeliness(unit, year, today)
        if value is None:
            return None, None, NO_REPORTS
        return value, today, f"{reverse('reporting:periods')}?{urlencode({'year': year})}"
    if source == "task_completion":
        done, due = task_completion([unit.pk], year, today).get(unit.pk, (0, 0))
        if not due:
            return None, None, NO_TASKS
        return completion_rate(done, due), today, dashboard_url(unit.pk, year)
    if source == "score766":
        start = date(year, 1, 1)
        card = scoreboard.scorecard(unit, "year", start)
        if card.total.points is None:
            return None, None, NO_766
        url = f"{reverse('scoreboard:unit', args=[unit.pk])}?{urlencode({'kind': 'year', 'start': start.isoformat()})}"
        return card.total.points, _day(card.as_of) or today, url
    return None, None, NO_RULE


def prefill(assessment, today: date | None = None) -> int:
    """Fill every computed component's value, as-of day and source for the assessment's unit and year
    (see the module); returns how many scores were written. The caller refreshes the results."""
    year = assessment.season.year
    day = as_of_day(year, today)
    scores = list(assessment.scores.filter(component__method=Method.COMPUTED).select_related("component"))
    for score in scores:
        score.computed_value, score.computed_as_of, score.computed_source = figure(
            score.component.rule, assessment.unit, year, day)
        if score.computed_value is not None:
            score.computed_value = score.computed_value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    # One write for the unit: figures the system copies in, as the KPI engine stores its own (the people's
    # changes to a score are the audited ones).
    Score.objects.bulk_update(scores, ["computed_value", "computed_as_of", "computed_source"])
    return len(scores)


def source_text(score) -> str:
    """The reason a computed value is missing, in the reader's language ("" when there is a source page)."""
    src = score.computed_source or ""
    return _(src) if src in REASONS else ""


def is_link(score) -> bool:
    return (score.computed_source or "").startswith("/")
