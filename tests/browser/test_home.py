"""Issue #12, item 1 in a real browser: the commune's focal point signs in and lands on its work for the
day (the report returned with comments, the corrective action waiting for it); each item leads to where
the work is done; the leader signs in and lands on the dashboard."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from cchc.reporting import services as reporting
from tests import factories
from tests.browser.test_journey import login
from tests.corrective import data as corrective_data


def _send(report, user):
    measure = report.measures.get()
    reporting.save_report(user=user, report=report, measures={measure.pk: {"value": "25", "note": "Khảo sát"}},
                          narratives={"TTHC": {"results": "Đã số hóa 30% kết quả."}})
    return reporting.submit(user=user, report=report)


def test_a_focal_point_lands_on_its_work_and_a_leader_on_the_dashboard(page, transactional_db):
    tree = factories.make_province_tree()
    plan = factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)
    period = reporting.open_period(user=users["officer"], province=tree.province, kind="quarter", year=2022, number=1,
                                   deadline=date(2022, 4, 10), units=[tree.commune],
                                   now=datetime(2022, 3, 25, 2, 0, tzinfo=UTC))
    report = _send(reporting.current_report(period, tree.commune.pk), users["focal_commune"])
    reporting.return_report(user=users["officer"], report=report, comment="Bổ sung số liệu quý I.")
    corrective_data.action(plan=plan, unit=tree.commune)

    login(page, users["focal_commune"].username)
    assert page.get_by_role("heading", level=1).inner_text() == "Việc hôm nay của Xã Mỹ Đức"
    assert "Bổ sung số liệu quý I." in page.locator("#reports").inner_text()
    page.locator("#reports").get_by_role("link", name=re.compile("bị trả lại")).click()
    assert "Bổ sung số liệu quý I." in page.locator("#review-comments").inner_text()
    page.go_back()
    page.locator("#actions").get_by_role("link", name=re.compile("chờ đơn vị giải trình")).click()
    page.wait_for_url(re.compile(r"/actions/\?state=required$"))
    assert page.locator("nav a[aria-current=page]").inner_text() == "Biện pháp khắc phục"
    assert "Xã Mỹ Đức" in page.locator("main").inner_text()
    page.get_by_role("button", name="Đăng xuất").click()

    page.wait_for_url(re.compile(r"/login/"))
    page.get_by_label("Tên đăng nhập").fill(users["leader"].username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
