"""The unit's report page prints the report's Decision 766 sentence (#15 item 5): the same function the DOCX
prints it with (cchc.documents.par_report.index766_sentence), over the unit's own row of the period
(cchc.reporting.content.unit_index766: its scorecard's total, rank within the block, the portal's published
score). A report of 6 or 9 months says the index has no such period, as the DOCX does."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from cchc.documents import par_report
from cchc.documents.report_content import period_name
from cchc.reporting import content, services
from tests import factories


def _paragraph(response) -> str:
    html = response.content.decode()
    found = re.search(r'<p id="index766">(.*?)</p>', html, flags=re.S)
    assert found, "the report page has no 766 paragraph"
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_the_quarter_report_prints_the_units_766_sentence(report, users, province):
    row = content.unit_index766(province.commune, "quarter", date(2022, 1, 1))
    assert row is not None and row.max_points == 100
    expected = par_report.index766_sentence(province.commune.name, province.commune.kind, row)
    page = _paragraph(factories.client_for(user=users["focal_commune"]).get(f"/reports/r/{report.pk}/"))
    assert page.startswith(expected)
    assert "Xem điểm từng chỉ số" in page
    # the commune has stored figures for the quarter (on-time, digitised), so its total is printed
    assert row.points is not None and "Chưa chỉ số nào" not in page


def test_a_half_year_report_says_the_index_has_no_such_period(province, users, plan):
    period = services.open_period(user=users["officer"], province=province.province, kind="half", year=2022,
                                  number=1, deadline=date(2022, 7, 10), units=[province.commune])
    report = services.current_report(period, province.commune.pk)
    assert content.unit_index766(province.commune, "half", date(2022, 1, 1)) is None
    page = _paragraph(factories.client_for(user=users["focal_commune"]).get(f"/reports/r/{report.pk}/"))
    assert page == par_report.no_index766_sentence(period_name("half", date(2022, 1, 1)))
    assert "6 tháng" in page
