"""One evaluation, every surface (issue 9): for a set of units × targets of the current year's plan, the
target page, the dashboard (target counts and a unit's drill-down), a unit's periodic report, the province's
report content and the API give the same verdict and projection as cchc.plans.evaluation.evaluate_plan,
and all of them say the figures are provisional ("tạm tính") while the year is open.

The figures are chosen so that every verdict occurs (checked below, so agreement is not vacuous):
CT01 digitised results (≥ 50% department, ≥ 40% district, ≥ 35% commune), a rate judged on its value:
Sở Nội vụ 62.5 met, Sở Tư pháp 48 at risk (2 short), Huyện Phù Mỹ 45 met, Huyện Vân Canh 30 missed (10
short), Xã Mỹ Đức 36 met (just above: never "at risk" from the good side), Xã Mỹ Lộc 31 at risk, Xã Canh
Vinh no figure. CT03 late dossiers (≤ 10 a year), a count projected to the year's end: 3, 9 and 40 among
others (40 is over the limit already: missed whatever the day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.core.evaluation import Verdict
from cchc.dashboard import services as dashboard
from cchc.plans import evaluation
from cchc.plans.services import import_plan
from cchc.reporting import services as reporting
from cchc.reporting.content import collect
from tests.factories import PLAN_YAML, client_for, make_kpi_value

COUNT_TARGET = """\
  - code: CT03
    area: TTHC
    text: "Số hồ sơ trễ hạn trong năm"
    measure: kpi
    kpi_code: late
    unit_of_measure: "hồ sơ"
    comparator: "<="
    thresholds:
      - {{level: all, value: 10}}
    applies_to: [province, district, commune]
"""


@pytest.fixture
def this_year_plan(province):
    year = timezone.localdate().year
    text = PLAN_YAML.replace("TN-2022", f"TN-{year}").replace("year: 2022", f"year: {year}")
    text = text.replace("tasks:\n", COUNT_TARGET + "tasks:\n", 1)
    return import_plan(text.format(code=province.province.code).encode(), "this-year.yaml").plan


def _value(unit, code, value, year):
    make_kpi_value(unit=unit, code=code, kind="year", start=date(year, 1, 1), value=value,
                   as_of=datetime.now(UTC))


@pytest.fixture
def figures(province, this_year_plan):
    t, year = province, this_year_plan.year
    for unit, rate, late in ((t.snv, "62.5", 3), (t.stp, 48, 9), (t.district, 45, 40), (t.district2, 30, 5),
                             (t.commune, 36, 12), (t.commune2, 31, 0)):
        _value(unit, "digitised_results_rate", rate, year)
        _value(unit, "late", late, year)
    return this_year_plan


def _key(e):
    return (e.verdict.value if isinstance(e.verdict, Verdict) else e.verdict, e.projection)


def test_every_surface_gives_the_same_verdict_and_projection(figures, province, users):
    plan, today = figures, timezone.localdate()
    reference = {(target_id, r.unit.name): _key(r.evaluation)
                 for target_id, rows in evaluation.evaluate_plan(plan, today).items() for r in rows}
    targets = {t.code: t for t in plan.targets.all()}
    by_code = {(code, unit): v for (tid, unit), v in reference.items() for code, t in targets.items() if t.pk == tid}
    # Not vacuous: every verdict occurs, and the count target is projected beyond its value.
    assert {v for v, _ in reference.values()} == {"met", "at_risk", "missed", "no_data"}
    assert by_code[("CT01", "Xã Mỹ Đức")][0] == "met"  # 36 against ≥ 35 (issue 9)
    assert by_code[("CT03", "Huyện Phù Mỹ")][0] == "missed"
    provisional = not evaluation.Window(date(plan.year, 12, 31), today).settled
    assert provisional  # the plan's year is in progress (or still settling)

    # 1. The target page.
    client = client_for(user=users["officer"])
    for code, target in targets.items():
        if target.measure != "kpi":
            continue
        response = client.get(reverse("plans:target", args=[target.pk]))
        assert response.status_code == 200
        page = {r.unit.name: _key(r.evaluation) for r in response.context["results"]}
        assert page == {unit: v for (c, unit), v in by_code.items() if c == code}
        assert response.context["provisional"] is True
        assert "Tạm tính" in response.content.decode()

    # 2. The dashboard: counts per target, and each unit's drill-down.
    (status,) = dashboard.target_statuses(province.province, plan.year, today)
    for row in status.targets:
        expected = [v for (c, _), (v, _) in by_code.items() if c == row.target.code]
        assert row.counts == {v.value: expected.count(v.value) for v in Verdict}
        assert row.projected_to_meet == row.counts["met"]
        assert row.provisional
    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200 and page.context["targets_provisional"] is True
    for unit in (province.snv, province.stp, province.district, province.district2, province.commune,
                 province.commune2, province.other_district_commune):
        got = {t.code: _key(e) for t, e in dashboard.unit_target_results(unit, plan.year, today)}
        assert got == {c: v for (c, name), v in by_code.items() if name == unit.name}

    # 3. A unit's report for the quarter that ends the year (year to date = the year).
    period = reporting.open_period(user=users["officer"], province=province.province, kind="quarter", year=plan.year,
                                   number=4, deadline=date(plan.year + 1, 1, 15),
                                   units=[province.stp, province.district, province.commune])
    for unit in (province.stp, province.district, province.commune):
        report = reporting.current_report(period, unit.pk)
        got = {s.target_code: (s.verdict, s.projection) for s in report.target_statuses.all()}
        assert got == {c: v for (c, name), v in by_code.items() if name == unit.name}
        assert all(s.provisional for s in report.target_statuses.all())

    # 4. The province's report content (the DOCX and XLSX render exactly this).
    content = collect(scope=province.province, kind="quarter", start=date(plan.year, 10, 1),
                      end=date(plan.year, 12, 31), plans=[plan], issued_on=today, place="Quy Nhơn",
                      issuer="Sở Nội vụ", issuer_parent="UBND tỉnh", signer_title="GIÁM ĐỐC", signer_name="A")
    got = {(t.code, s.unit_name): (s.verdict, s.projection) for a in content.areas for t in a.targets
           for s in t.units if t.measure == "kpi"}
    assert got == by_code
    assert content.provisional and content.evaluated_on == today

    # 5. The API.
    response = client.get(f"/api/v1/plans/{plan.code}/targets")
    assert response.status_code == 200
    body = response.json()
    got = {(t["code"], u["unit_name"]): (u["verdict"], None if u["projection"] is None else Decimal(u["projection"]))
           for t in body for u in t["units"]}
    assert got == by_code
    assert all(t["provisional"] and t["evaluated_on"] == today.isoformat() for t in body)
    assert {t["code"]: t["counts"] for t in body} == {
        code: {v.value: [c for (c2, _), (c, _) in by_code.items() if c2 == code].count(v.value) for v in Verdict}
        for code in ("CT01", "CT03")}
