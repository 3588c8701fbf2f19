"""Each role's home page (issue #12, item 1; cchc.web.home): what to do today and what is off track.

Every item links to the page where the work is done and counts that page's own list (one truth): the
tests open the linked page and compare. A focal point sees its own unit's things only; a leader lands on
the dashboard; the page costs the same number of queries whatever the data, and never scans the dossiers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc.dossiers.models import ImportJob
from cchc.plans.models import Assignment, Task
from cchc.reporting import services as reporting
from cchc.scoreboard import services as scoreboard
from tests import factories
from tests.corrective import data as corrective_data
from tests.dashboard import data as kpi_data
from tests.factories import client_for

OPENED = datetime(2022, 3, 25, 2, 0, tzinfo=UTC)
DEADLINE = date(2022, 4, 10)


def _fill_and_submit(report, user):
    """What a focal point writes before sending (the manual measure and one area's results), then send."""
    measure = report.measures.get()
    reporting.save_report(user=user, report=report, measures={measure.pk: {"value": "25", "note": "Khảo sát"}},
                          narratives={"TTHC": {"results": "Đã số hóa 30% kết quả."}})
    return reporting.submit(user=user, report=report)


@pytest.fixture
def world(province, plan, users):
    """Q1/2022 opened for four units; the commune's report sent and returned with comments; corrective
    actions, tasks, dossiers and stored figures for the commune and, to check the scoping, its neighbour."""
    tree, today, now = province, timezone.localdate(), timezone.now()
    period = reporting.open_period(user=users["officer"], province=tree.province, kind="quarter", year=2022, number=1,
                                   deadline=DEADLINE, units=[tree.snv, tree.district, tree.commune, tree.commune2],
                                   now=OPENED)
    report = reporting.current_report(period, tree.commune.pk)
    _fill_and_submit(report, users["focal_commune"])
    reporting.return_report(user=users["officer"], report=report, comment="Bổ sung số liệu quý I.")
    corrective_data.action(plan=plan, unit=tree.commune)  # waits for the commune
    corrective_data.action(plan=plan, unit=tree.commune2)
    corrective_data.action(plan=plan, unit=tree.commune2, state="submitted", first=date(2022, 6, 30),
                           last=date(2022, 9, 30))  # a later run, waiting for the PAR officer
    # NV02 (every commune) due in five days; NV03 (the commune alone) three days late.
    Task.objects.filter(plan=plan, code="NV02").update(deadline=today + timedelta(days=5))
    late_task = Task.objects.create(plan=plan, area=plan.areas.get(code="TTHC"), code="NV03", title="Rà soát TTHC",
                                    deadline=today - timedelta(days=3))
    Assignment.objects.create(task=late_task, unit=tree.commune, progress=20)
    procedure = factories.make_procedure()
    for unit, soon, overdue in ((tree.commune, 2, 3), (tree.commune2, 1, 4)):
        for i in range(soon):
            factories.make_dossier(unit=unit, procedure=procedure, due_at=now + timedelta(hours=2 + i))
        for i in range(overdue):
            factories.make_dossier(unit=unit, procedure=procedure, due_at=now - timedelta(days=1 + i))
        factories.make_dossier(unit=unit, procedure=procedure, due_at=now - timedelta(days=9),  # finished: not listed
                               finished_at=now - timedelta(days=8), status=10)
    for unit, n in ((tree.commune, 4), (tree.commune2, 9)):
        kpi_data.kpi(unit=unit, code="late_without_apology", kind="year", start=date(today.year, 1, 1), value=n)
    kpi_data.year_values(tree)  # 2022: CT01 missed by commune2 and district2; the 766 inputs of the communes
    return period


def _home(user):
    response = client_for(user=user).get("/")
    assert response.status_code == 200
    return response.context["home"], response.content.decode()


def _count_on(user, url: str, key: str) -> int:
    """The length of the list a linked page shows (its paginator's count, or the list itself)."""
    context = client_for(user=user).get(url).context
    value = context[key]
    return value.paginator.count if hasattr(value, "paginator") else len(value)


# --- A focal point ----------------------------------------------------------------------------------


def test_a_focal_points_home_lists_its_work_each_count_equal_to_the_linked_page(world, users, province):
    user = users["focal_commune"]
    home, html = _home(user)

    report = reporting.current_report(world, province.commune.pk)
    item = home.item("report")
    assert item.url == report.get_absolute_url() and item.tone == "bad"
    assert "bị trả lại" in item.text and "10/04/2022" in item.text
    assert item.detail == "Bổ sung số liệu quý I." and "Bổ sung số liệu quý I." in html

    assert home.item("actions_required").count == 1 == _count_on(user, home.item("actions_required").url, "page")
    assert home.item("tasks_overdue").count == 1  # NV03 (NV01 is the departments')
    assert home.item("tasks_overdue").count == _count_on(user, home.item("tasks_overdue").url, "page")
    assert home.item("tasks_soon").count == 1 == _count_on(user, home.item("tasks_soon").url, "page")
    near_due = client_for(user=user).get("/dossiers/near-due/").context
    assert home.item("dossiers_overdue").count == 3 == len(near_due["overdue"])
    assert home.item("dossiers_soon").count == 2 == len(near_due["soon"])
    late = home.item("late_without_apology")
    assert late.count == 4 and late.url == (f"/dashboard/units/{province.commune.pk}/figures/late_without_apology/"
                                            f"dossiers/?kind=year&start={timezone.localdate().year}-01-01")
    for item in home.items("dossiers_overdue") + home.items("tasks_soon") + home.items("actions_required"):
        assert f'href="{item.url}"' in html.replace("&amp;", "&")


def test_a_focal_point_sees_only_its_own_units_items(world, users, province):
    home, html = _home(users["focal_commune2"])

    own = reporting.current_report(world, province.commune2.pk)
    other = reporting.current_report(world, province.commune.pk)
    assert [i.url for i in home.items("report")] == [own.get_absolute_url()]
    assert other.get_absolute_url() not in html and "Bổ sung số liệu quý I." not in html
    assert home.item("report").tone == "bad"  # a draft past its deadline: missing
    assert home.item("actions_required").count == 1  # its own; the commune's is not counted
    assert home.item("tasks_overdue") is None  # NV03 is the commune's
    assert home.item("dossiers_overdue").count == 4 and home.item("dossiers_soon").count == 1
    assert home.item("late_without_apology").count == 9
    # CT01 (digitised results ≥ 35% of a commune): commune2 has 30 in 2022, missed; the commune (36) meets it.
    assert [i.text.split(" — ")[0] for i in home.items("target")] == ["CT01"]
    target_page = client_for(user=users["focal_commune2"]).get(home.item("target").url).context
    assert any(r.unit.pk == province.commune2.pk and r.evaluation.verdict == "missed" for r in target_page["results"])
    assert _home(users["focal_commune"])[0].item("target") is None


def test_a_district_focal_point_counts_the_dossiers_of_its_communes(world, users):
    home, _html = _home(users["focal_district"])
    assert home.item("dossiers_overdue").count == 7  # the commune's 3 and commune2's 4, both under the district


# --- The PAR officer, the administrator, an inspector --------------------------------------------------


def test_the_par_officers_home_counts_equal_the_period_page(world, users):
    user = users["officer"]
    commune2 = reporting.current_report(world, users["focal_commune2"].profile.unit_id)
    _fill_and_submit(commune2, users["focal_commune2"])  # sent after the deadline: late, waiting for review
    home, _html = _home(user)

    review = home.item("review_submitted")
    assert review.count == 1 == _count_on(user, review.url, "rows")
    assert home.item("review_resubmitted") is None  # the commune's report was returned, not sent again
    missing, late = home.item("units_missing"), home.item("units_late")
    assert missing.count == 2 == _count_on(user, missing.url, "rows")  # the SNV and the district
    assert late.count == 2 == _count_on(user, late.url, "rows")  # the commune (returned) and commune2
    assert home.item("actions_submitted").count == 1 == _count_on(user, home.item("actions_submitted").url, "page")
    assert home.item("report") is None and home.item("tasks_overdue") is None


def test_a_report_sent_again_waits_for_review_and_no_longer_for_the_unit(world, users, province):
    report = reporting.current_report(world, province.commune.pk)
    reporting.submit(user=users["focal_commune"], report=report)  # after the return: sent again

    officer_home, _html = _home(users["officer"])
    again = officer_home.item("review_resubmitted")
    assert again.count == 1 == _count_on(users["officer"], again.url, "rows")
    unit_home, html = _home(users["focal_commune"])
    assert unit_home.item("report").tone == "info" and "chờ Sở Nội vụ duyệt" in unit_home.item("report").text
    assert "Bổ sung số liệu quý I." not in html  # the comments answered are not shown any more
    reporting.approve(user=users["officer"], report=report)
    assert _home(users["focal_commune"])[0].item("report") is None  # approved: nothing more to do


def test_failed_and_refused_imports_of_the_last_days_are_listed(world, users):
    officer = users["officer"]

    def job(name, state, summary, days_ago=0):
        j = ImportJob.objects.create(file=f"imports/{name}", filename=name, source_system="motcua", state=state,
                                     summary=summary, created_by=officer)
        ImportJob.objects.filter(pk=j.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        return j

    failed = job("hong.csv", ImportJob.State.FAILED, {})
    partial = job("mot-phan.csv", ImportJob.State.DONE, {"refused_rows": 3})
    job("tot.csv", ImportJob.State.DONE, {"refused_rows": 0})
    job("cu.csv", ImportJob.State.FAILED, {}, days_ago=40)

    home, _html = _home(officer)

    assert [i.url for i in home.items("import")] == [f"/dossiers/jobs/{partial.pk}/", f"/dossiers/jobs/{failed.pk}/"]
    assert "3 dòng lỗi bị bỏ qua" in home.items("import")[0].text
    for item in home.items("import"):
        assert client_for(user=officer).get(item.url).status_code == 200
    assert _home(users["inspector"])[0].items("import") == []  # an inspector follows no import


def test_red_targets_and_the_bottom_of_each_766_block(world, users, province):
    home, _html = _home(users["admin"])

    red = home.items("red_target")
    assert [i.text.split(" — ")[0] for i in red] == ["CT01"]
    summary = client_for(user=users["admin"]).get(red[0].url).context["summary"]
    assert red[0].count == summary["missed"] == 2  # commune2 and district2
    bottom = [s for s in home.sections if s.key == "bottom_commune"][0]
    ranking = scoreboard.ranking("year", date(2022, 1, 1), block="commune", province=province.province)
    assert [i.url.split("?")[0] for i in bottom.items] == [f"/scoreboard/units/{r.unit.pk}/" for r in ranking[-3:]]
    assert bottom.items[-1].text.startswith(f"Hạng {ranking[-1].rank}/{len(ranking)}: {ranking[-1].unit.name}")


def test_an_inspector_sees_what_is_off_track_and_nothing_to_review(world, users):
    home, _html = _home(users["inspector"])
    assert home.item("units_missing").count == 3 and home.item("review_submitted") is None
    assert home.item("actions_submitted") is None and home.items("red_target")


def test_a_leader_lands_on_the_dashboard_and_keeps_the_overview(world, users):
    client = client_for(user=users["leader"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    overview = client.get("/overview/")
    assert overview.status_code == 200 and '<a href="/overview/"' in overview.content.decode()


def test_corrective_actions_are_in_the_menu_of_who_acts_on_them(world, users):
    for name, shown in (("focal_commune", True), ("officer", True), ("leader", False), ("inspector", False)):
        html = client_for(user=users[name]).get("/overview/").content.decode()
        assert ('<a href="/actions/"' in html) is shown, name
    html = client_for(user=users["focal_commune"]).get("/actions/").content.decode()
    assert html.count('aria-current="page"') == 1


# --- English, cost -------------------------------------------------------------------------------------


def test_the_home_page_in_english(world, users):
    client = client_for(user=users["focal_commune"])
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    for english in ("To do today: Xã Mỹ Đức", "Periodic reports", "Corrective action", "overdue, not done",
                    "due in the next 14 days", "late dossiers without an apology"):
        assert english in html, english
    for vietnamese in ("Việc hôm nay", "Báo cáo định kỳ", "nhiệm vụ đã quá hạn", "chưa có văn bản xin lỗi", "Cần xử lý ngay"):
        assert vietnamese not in html, vietnamese


def _queries(user) -> list[str]:
    """The SQL of one request to the home page, the cache emptied first (every cached figure read again)."""
    cache.clear()
    client = client_for(user=user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("name", ["focal_commune", "officer"])
def test_the_home_page_costs_the_same_whatever_the_data_and_never_scans_dossiers(world, users, province, plan, name):
    small = _queries(users[name])
    corrective_data.grow(province, plan)  # 40 communes with figures and actions, 200 dossiers of the commune
    large = _queries(users[name])

    # Cold cache (every cached figure read again); one open period (three more queries per open period). 42 from
    # 35 since the 766 rankings read the input providers' figures and stamps and the portal's published scores
    # (issue #15; cchc.scoreboard.inputs), the same whatever the data; 43 since the header counts the unread
    # notices (issue 14: one count on a partial index).
    assert len(large) == len(small) <= 43, (len(small), len(large))
    for sql in large:
        if '"dossiers_dossier"' in sql:  # only the near-due page's read: open dossiers by due date
            assert '"due_at"' in sql and '"finished_at" IS NULL' in sql, sql
