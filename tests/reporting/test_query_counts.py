"""The reporting pages and the reminders cost the same number of queries whatever the number of units in a
period and of rows in a report (no N+1), in the style of tests/web/test_query_counts.py: each is measured
small and large, the counts must be equal, and the committed baselines (upper bounds) make a regression
visible in review.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.plans.models import Assignment, ProgressUpdate
from cchc.plans.services import import_plan, report_progress
from cchc.reporting.models import (
    Attachment,
    KpiSnapshot,
    ManualMeasure,
    Narrative,
    ReportEvent,
    TargetStatus,
    TaskRow,
    UnitReport,
)
from cchc.reporting.notifications import send_reminders
from tests import factories

# Upper bounds observed when the pages were written; raise only with a reason in the commit message.
# The history page reads its audit rows (cchc.accounts.audit.audit_rows): the entries, then one query per
# model their changes name (here the period and the unit), whatever the number of rows: 6 → 9.
# +1 on every page since issue 14: the header's count of unread notices (one count on a partial index).
#: "report" and "review" read the unit's 766 row of the period (its scorecard, rank in block and the portal's
#: published score: cchc.reporting.content.unit_index766), 5 queries, constant with rows (#15 item 5).
BASELINES = {"period_list": 7, "period": 9, "report": 22, "review": 19, "history": 10}
REMINDERS_BASELINE = 6  # per open period, reading only (a dry run); a real run adds one insert per message


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_units(period, province, users, n: int) -> None:
    """``n`` more communes in the period, each with its report (half of them submitted) and a focal point
    with an e-mail address."""
    reports = []
    for i in range(n):
        unit = factories.make_unit(key=f"t:rq:{i}", code=f"97{i:04d}", name=f"Xã Báo Cáo {i}", kind="commune",
                                   parent=province.district2, province=province.province)
        period.units.add(unit)
        factories.make_user(username=f"rq{i}", role="focal_point", unit=unit, email=f"rq{i}@example.vn")
        submitted = datetime(2022, 4, 5, 3, tzinfo=UTC) if i % 2 else None
        reports.append(UnitReport(period=period, unit=unit, state="submitted" if submitted else "draft",
                                  submitted_at=submitted, submitted_by=users["officer"] if submitted else None))
    UnitReport.objects.bulk_create(reports)


def _more_rows(report, users, n: int) -> None:
    """``n`` more rows in each of the report's child tables; the new task rows point at ``n`` different
    tasks that moved since, each with a progress update, half of them changed in the report too
    (conflicts): the costliest case of the comparison with the tasks."""
    district = report.unit.parent
    for i in range(n):  # more communes, so that the re-imported plan gives its commune-led task n more assignments
        factories.make_unit(key=f"t:rr:{i}", code=f"96{i:04d}", name=f"Xã Thêm {i}", kind="commune", parent=district,
                            province=report.unit.province)
    import_plan(factories.plan_yaml(code=report.unit.province.code), "thu-nghiem.yaml")
    assignments = list(Assignment.objects.exclude(pk=report.task_rows.get().assignment_id))
    assert len(assignments) >= n
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(progress=60)
    ProgressUpdate.objects.bulk_create(ProgressUpdate(assignment=a, author=users["officer"], progress=60, note="x")
                                       for a in assignments)
    TaskRow.objects.bulk_create(TaskRow(report=report, assignment=assignments[i], plan_code="TN",
                                        area_code="TTHC", task_code=f"X{i}", task_title="Nhiệm vụ thêm",
                                        prefilled_progress=10, progress=10 + i % 2 * 30, order=100 + i) for i in range(n))
    ManualMeasure.objects.bulk_create(ManualMeasure(report=report, target_code=f"M{i}", target_text="Chỉ tiêu thêm",
                                                    area_code="TTHC", comparator=">=", order=100 + i) for i in range(n))
    KpiSnapshot.objects.bulk_create(KpiSnapshot(report=report, kpi_code=f"k{i}", definition_version=1, value=i,
                                                as_of=datetime(2022, 3, 1, tzinfo=UTC), order=100 + i) for i in range(n))
    TargetStatus.objects.bulk_create(TargetStatus(report=report, target_code=f"T{i}", target_text="Chỉ tiêu",
                                                  area_code="TTHC", kpi_code="ontime_rate", comparator=">=", threshold=90,
                                                  value=80, verdict="missed", order=100 + i) for i in range(n))
    Narrative.objects.bulk_create(Narrative(report=report, area_code=f"A{i}", area_name=f"Lĩnh vực {i}", order=100 + i)
                                  for i in range(n))
    Attachment.objects.bulk_create(Attachment(report=report, file=f"reports/x/{i}.pdf", name=f"{i}.pdf", sha256="0" * 64,
                                              size=1, uploaded_by=users["focal_commune"]) for i in range(n))
    ReportEvent.objects.bulk_create(ReportEvent(report=report, kind="created", actor=users["officer"],
                                                at=datetime(2022, 3, 25, tzinfo=UTC), comment=f"{i}") for i in range(n))


@pytest.fixture
def moved_report(report, users):
    """The commune's report with its one task updated after the report was filled (a notice on the page),
    so the small and the large report take the same paths."""
    row = report.task_rows.get()
    report_progress(user=users["officer"], assignment=row.assignment, progress=55, note="Cập nhật sau")
    return report


@pytest.mark.parametrize("page", ["period_list", "period"])
def test_period_pages_do_not_grow_with_units(period, province, users, page):
    client = factories.client_for(user=users["officer"])
    url = "/reports/" if page == "period_list" else f"/reports/periods/{period.pk}/"
    small = _count(client, url)
    _more_units(period, province, users, 40)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries with 4 units, {large} with 44"
    assert large <= BASELINES[page], f"{page}: {large} queries"


@pytest.mark.parametrize("page", ["report", "review", "history"])
def test_report_pages_do_not_grow_with_rows(moved_report, users, page):
    report = moved_report
    user = users["officer"] if page == "review" else users["focal_commune"]
    if page == "review":
        report.state = "submitted"
        report.save()
    client = factories.client_for(user=user)
    url = {"report": f"/reports/r/{report.pk}/", "review": f"/reports/r/{report.pk}/review/",
           "history": f"/reports/r/{report.pk}/history/"}[page]
    client.get(url)  # once before counting: Django's content type cache is filled once per process
    small = _count(client, url)
    _more_rows(report, users, 30)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries with one row per table, {large} with 31"
    assert large <= BASELINES[page], f"{page}: {large} queries"


def test_the_large_report_page_shows_what_was_added(moved_report, users):
    """The measure above is of a page that really lists the rows (so "equal" is not vacuous)."""
    _more_rows(moved_report, users, 30)
    page = factories.client_for(user=users["focal_commune"]).get(f"/reports/r/{moved_report.pk}/").content.decode()
    assert page.count("Nhiệm vụ thêm") == 30 and page.count("Chỉ tiêu thêm") == 30
    assert page.count("Nhiệm vụ đã được cập nhật sau khi báo cáo được điền sẵn") == 31


def test_reminders_do_not_grow_with_units(period, province, mail_users):
    today = date(2022, 4, 9)  # the day before the deadline: every unit without a submission is reminded

    def count(**kwargs) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            run = send_reminders(today=today, **kwargs)
        return len(ctx.captured_queries), len(run.sent)

    small, sent_small = count(dry_run=True)
    _more_units(period, province, mail_users, 40)
    large, sent_large = count(dry_run=True)
    assert (sent_small, sent_large) == (4, 24)  # 20 of the 40 new units have not submitted
    assert large == small <= REMINDERS_BASELINE, f"{small} queries for 4 units, {large} for 44"
    real, sent = count()
    assert real == large + sent  # a real run adds only the record of each message sent
