"""The plan page's target and task tables as Excel files (issue #12 item 3): the page's rows for the same
status filter, under the page's permission; a hostile filter value never fails.

The test plan (tests.factories.PLAN_YAML): CT01 (≥ 50% province, 40% district, 35% commune, from a KPI),
CT02 (≤ 30 phút at every level, reported by the units); NV01 led by Sở Nội vụ (due 31/12/2022, overdue),
NV02 led by the communes (due 2099).
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from cchc.plans.models import Assignment
from cchc.plans.services import report_progress
from tests.factories import client_for, make_integration_user


def sheet(client, url, params=None) -> list[list]:
    response = client.get(url, params or {})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def text(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def page_tables(client, plan, params=None) -> tuple[list[list[str]], list[list[str]]]:
    """The target rows and the task rows of the plan page, each cell as text."""
    html = client.get(f"/plans/{plan.code}/", params or {}).content.decode()
    targets, tasks = [], []
    for caption, table in re.findall(r"<h3>([^<]+)</h3>\s*<table>(.*?)</table>", html, re.S):
        rows = [[text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
        (targets if caption == "Chỉ tiêu" else tasks).extend(rows)
    return targets, tasks


def test_the_target_file_holds_the_pages_targets(plan, users):
    client = client_for(user=users["leader"])
    targets, _tasks = page_tables(client, plan)
    rows = sheet(client, f"/plans/{plan.code}/targets.xlsx")
    assert plan.document_number in rows[0][0]
    assert rows[1][:8] == ["Lĩnh vực", "Mã", "Nội dung", "Cách đo", "Mã chỉ số", "Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    assert [r[1] for r in rows[2:]] == [t[0] for t in targets] == ["CT01", "CT02"]
    for got, shown in zip(rows[2:], targets, strict=True):
        assert [v or "—" for v in got[5:8]] == shown[3:6], "thresholds written as the page writes them"
        assert got[2] == shown[1]
    assert rows[2][5:8] == ["≥ 50%", "≥ 40%", "≥ 35%"] and rows[3][5] == "≤ 30 phút"
    assert rows[3][8:] == [None, None, None, None], "a target the units report on has no verdict counts"


def test_the_task_file_holds_the_pages_tasks_with_its_status_filter(plan, users, province):
    report_progress(user=users["officer"], assignment=Assignment.objects.get(task__code="NV02", unit=province.commune),
                    progress=40, note="Đã số hóa 40%")
    client = client_for(user=users["focal_commune"])
    for params in ({}, {"status": "overdue"}, {"status": "in_progress"}, {"status": "bogus"}, {"status": "=1+1"}):
        _targets, tasks = page_tables(client, plan, params)
        rows = sheet(client, f"/plans/{plan.code}/tasks.xlsx", params)
        assert [r[1] for r in rows[2:]] == [t[0] for t in tasks], params
        for got, shown in zip(rows[2:], tasks, strict=True):
            assert (got[2], got[3]) == (shown[1], shown[2])
            assert got[4].date() == date(*map(int, reversed(shown[3].split("/"))))  # openpyxl reads a datetime
            assert shown[4].startswith(got[5])
    overdue = sheet(client, f"/plans/{plan.code}/tasks.xlsx", {"status": "overdue"})
    assert [r[1] for r in overdue[2:]] == ["NV01"] and "Quá hạn" in overdue[0][0]
    # The page's links carry the filter.
    html = client.get(f"/plans/{plan.code}/", {"status": "overdue"}).content.decode()
    assert f'href="/plans/{plan.code}/tasks.xlsx?status=overdue"' in html


@pytest.mark.parametrize("url", ["targets.xlsx", "tasks.xlsx"])
def test_the_files_follow_the_pages_permission(plan, url, client):
    assert client_for(user=make_integration_user()).get(f"/plans/{plan.code}/{url}").status_code == 403
    assert client.get(f"/plans/{plan.code}/{url}").status_code == 302
    assert client_for(user=make_integration_user(username="x2")).get(f"/plans/NO-SUCH/{url}").status_code == 403


def test_a_tasks_units_and_a_targets_verdicts_as_files_equal_their_pages(plan, users, province):
    from cchc.plans.models import Target, Task

    client = client_for(user=users["inspector"])
    task = Task.objects.get(plan=plan, code="NV02")
    for params in ({}, {"q": "Mỹ"}, {"status": "not_started"}, {"status": "x", "q": "=1+1"}):
        html = client.get(f"/plans/tasks/{task.pk}/", params).content.decode()
        table = html.split('<h2>Đơn vị thực hiện</h2>')[1].split("</table>")[0]
        shown = re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td><td><span class="badge [^"]*">([^<]+)</span>', table)
        link = re.search(r'id="export" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        rows = sheet(client, link)
        assert [(r[0], r[1]) for r in rows[2:]] == shown, params
    assert len(sheet(client, f"/plans/tasks/{task.pk}/units.xlsx")) - 2 == task.assignments.count() > 0
    target = Target.objects.get(plan=plan, code="CT01")
    html = client.get(f"/plans/targets/{target.pk}/").content.decode()
    shown = re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td>.*?<td class="num">([^<]+)</td>\s*<td><span class="badge[^"]*">([^<]+)</span>',
                       html.split('id="verdicts"')[1], re.S)
    rows = sheet(client, f"/plans/targets/{target.pk}/units.xlsx")
    assert rows[1] == ["Đơn vị", "Giá trị", "Dự báo cuối năm", "Ngưỡng", "Đánh giá"]
    assert [(r[0], r[3], r[4]) for r in rows[2:]] == [(n, " ".join(t.split()), v) for n, t, v in shown] and shown
