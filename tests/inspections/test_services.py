"""Inspection plans to remediation closure (issue 14 item 1), through the use cases on a real database: the
draw (30% per block, riskiest first, the same seed draws the same units), add and swap with a reason, the
unannounced picks, the record with findings, the unit's remediation and the inspector's closure, and the two
recorded KPIs that the plan's targets evaluate (tests/inspections/data.py describes the world)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.analytics.publish import replace_values
from cchc.core.errors import DomainError, InvalidInput, NotAllowed
from cchc.core.evaluation import Verdict
from cchc.inspections import records, services
from cchc.inspections.choices import ChosenBy, RemediationStatus
from cchc.inspections.models import InspectionPlan
from cchc.plans import evaluation
from tests.inspections import data


@pytest.fixture
def w(db):
    return data.world()


def _draw(w, **kw):
    tree, _extra, _plan, users = w
    kw.setdefault("block", "commune")
    return services.draw_plan(user=users["officer"], province=tree.province, year=data.year(), **kw)


def _names(plan):
    return sorted(r.unit.name for r in plan.units.filter(withdrawn=False).select_related("unit"))


def test_the_officer_draws_30_percent_of_a_block_riskiest_first(w):
    tree, extra, _plan, _users = w
    plan = _draw(w, seed="abc")
    rows = list(plan.units.select_related("unit").order_by("-risk_score", "unit__pk"))
    # 10 communes → ⌈3.0⌉ = 3; random share 30% → ⌈3 × 0.7⌉ = 3 by risk: the two late ones, then the tie
    # among the rest (never inspected, on time 100%) goes to the smaller id, Xã Mỹ Đức.
    assert [r.unit.name for r in rows] == ["Xã Thử 1", "Xã Thử 2", "Xã Mỹ Đức"]
    assert {r.chosen_by for r in rows} == {ChosenBy.RISK}
    top = rows[0]
    assert top.risk_inputs["parts"]["ontime_rate"]["value"] == "50.0000"
    assert "par_index" in top.risk_inputs["missing"]  # no PAR index result yet: no weight, said so
    assert plan.share == Decimal("0.300") and plan.seed == "abc"
    assert all(hasattr(r, "inspection") for r in rows)
    agencies = _draw(w, block="agency", seed="abc")
    assert len(_names(agencies)) == 1  # 2 agencies → ⌈0.6⌉ = 1


def test_the_same_seed_draws_the_same_units(w):
    first = _names(_draw(w, seed="2026-xa", random_share=Decimal("0.5"), share=Decimal("0.5")))
    InspectionPlan.objects.all().delete()
    second = _names(_draw(w, seed="2026-xa", random_share=Decimal("0.5"), share=Decimal("0.5")))
    assert first == second and len(first) == 5  # 10 × 50%: 3 by risk, 2 at random


def test_the_share_comes_from_the_years_plan_target(w):
    tree, *_ = w
    share, source = services.share_from_targets(tree.province, data.year(), "commune")
    assert share == Decimal("0.300") and "KT01" in source


def test_one_plan_per_block_and_bad_input_is_refused(w):
    _draw(w, seed="a")
    with pytest.raises(DomainError):
        _draw(w, seed="b")
    with pytest.raises(InvalidInput):
        _draw(w, block="agency", share=Decimal("1.5"))
    with pytest.raises(InvalidInput):
        _draw(w, block="agency", weights={"ontime_rate": -1})
    _tree, _extra, _plan, users = w
    with pytest.raises(NotAllowed):
        services.draw_plan(user=users["leader"], province=w[0].province, year=data.year(), block="agency")


def test_add_and_swap_with_a_reason(w):
    tree, extra, _plan, users = w
    plan = _draw(w, seed="abc")
    with pytest.raises(InvalidInput):
        services.add_unit(user=users["officer"], plan=plan, unit=extra[5], reason=" ")
    with pytest.raises(InvalidInput):  # another block
        services.add_unit(user=users["officer"], plan=plan, unit=tree.snv, reason="Theo phản ánh")
    added = services.add_unit(user=users["officer"], plan=plan, unit=extra[5], reason="Nhiều phản ánh của người dân")
    assert added.chosen_by == ChosenBy.ADDED and added.risk_score is not None
    old = plan.units.get(unit=tree.commune)
    new = services.swap_unit(user=users["officer"], plan_unit=old, unit=extra[6], reason="Đơn vị mới kiện toàn")
    old.refresh_from_db()
    assert old.withdrawn and old.withdrawn_reason == "Đơn vị mới kiện toàn"
    assert new.chosen_by == ChosenBy.SWAPPED and new.replaces == old and new.reason == "Đơn vị mới kiện toàn"
    assert "Xã Mỹ Đức" not in _names(plan) and "Xã Thử 7" in _names(plan)


def test_unannounced_inspections_are_drawn_among_the_others_reproducibly(w):
    _tree, _extra, _plan, users = w
    plan = _draw(w, seed="abc")
    before = set(_names(plan))
    rows = services.draw_unannounced(user=users["officer"], plan=plan, count=2)
    assert len(rows) == 2 and not {r.unit.name for r in rows} & before
    assert all(r.chosen_by == ChosenBy.UNANNOUNCED and r.seed == "abc:u1" for r in rows)
    again = services.draw_unannounced(user=users["officer"], plan=plan, count=1)
    assert again[0].seed == "abc:u2"


def _record(w, plan, unit, day):
    _tree, _extra, _plan, users = w
    inspection = plan.units.get(unit=unit).inspection
    return records.record_inspection(
        user=users["officer"], inspection=inspection, mode="on_site", team="Nguyễn Văn A, Trưởng đoàn", held_on=day,
        participants="Chủ tịch UBND xã", content={"TTHC": "Kiểm tra 20 hồ sơ", "nonsense": "x"},
        recommendations="Niêm yết đầy đủ TTHC")


def test_record_findings_remedy_close_and_the_targets_verdicts(w):
    tree, extra, target_plan, users = w
    plan = _draw(w, seed="abc")
    day = timezone.localdate() - timedelta(days=3)
    inspection = _record(w, plan, extra[0], day)
    assert inspection.content == {"TTHC": "Kiểm tra 20 hồ sơ"}
    one = records.add_finding(user=users["inspector"], inspection=inspection, area="TTHC", severity="major",
                              text="Chưa niêm yết 3 TTHC mới")
    records.add_finding(user=users["officer"], inspection=inspection, area="CQS", severity="minor",
                        text="Chưa số hóa kết quả")
    records.issue_notice(user=users["officer"], inspection=inspection, issued_on=day, actions="Khắc phục trong 30 ngày",
                         deadline=day + timedelta(days=30))
    item = one.remediation
    assert item.owner == extra[0] and item.deadline == date(data.year(), 12, 31)

    focal = users["focal_commune"]  # Xã Mỹ Đức's focal point: another unit
    with pytest.raises(NotAllowed):
        records.submit_item(user=focal, item=item, evidence="Đã niêm yết")
    from tests.factories import make_user
    focal_x1 = make_user(username="dm.x1", role="focal_point", unit=extra[0])
    records.submit_item(user=focal_x1, item=item, evidence="Đã niêm yết đủ 3 TTHC")
    with pytest.raises(NotAllowed):
        records.close_item(user=users["officer"], item=item, confirm=True)
    records.close_item(user=users["inspector"], item=item, confirm=True)
    item.refresh_from_db()
    assert item.status == RemediationStatus.CLOSED and item.closed_by == users["inspector"]

    # The recorded KPIs: coverage of the commune block 1/10 = 10% on every commune, remediation 1/2 = 50%.
    start = date(data.year(), 1, 1)
    stored = {(f.kpi_code, f.unit_id): f for f in analytics.values_for(
        codes=["inspection_coverage_rate", "inspection_remediation_rate"], period_kind="year", period_start=start)}
    assert stored[("inspection_coverage_rate", tree.commune.pk)].value == Decimal("10.0000")
    assert stored[("inspection_coverage_rate", tree.province.pk)].numerator == 1
    assert stored[("inspection_remediation_rate", extra[0].pk)].value == Decimal("50.0000")
    assert ("inspection_remediation_rate", tree.commune.pk) not in stored  # no findings: no data, not 100%

    # The plan's targets get verdicts from the one evaluation: coverage 10% < 30% (year not over: provisional)
    results = evaluation.evaluate_plan(target_plan, timezone.localdate())
    by_code = {t.code: t.pk for t in target_plan.targets.all()}
    coverage = {r.unit.pk: r.evaluation.verdict for r in results[by_code["KT01"]]}
    remediation = {r.unit.pk: r.evaluation.verdict for r in results[by_code["KT02"]]}
    assert coverage[tree.commune.pk] == Verdict.MISSED
    assert remediation[extra[0].pk] in (Verdict.MISSED, Verdict.AT_RISK)
    assert remediation[tree.commune.pk] == Verdict.NO_DATA

    # Inspecting two more communes brings the block to 30%: met.
    for unit in (extra[1], tree.commune):
        _record(w, plan, unit, day)
    results = evaluation.evaluate_plan(target_plan, timezone.localdate())
    assert {r.evaluation.verdict for r in results[by_code["KT01"]] if r.unit.block == "commune"} == {Verdict.MET}

    summary = services.findings_summary(data.year())
    assert summary[extra[0].pk] == services.FindingsSummary(True, 2, 1, 1)
    assert summary[tree.commune.pk] == services.FindingsSummary(True, 0, 0, 0)
    due = services.remediation_items_due(date(data.year(), 12, 31), 0)
    assert [i.finding.text for i in due] == ["Chưa số hóa kết quả"]


def test_the_engines_refresh_keeps_the_recorded_figures(w):
    tree, extra, _plan, users = w
    plan = _draw(w, seed="abc")
    _record(w, plan, extra[0], timezone.localdate() - timedelta(days=1))
    start = date(data.year(), 1, 1)
    replace_values("year", [start], [], timezone.now())  # the engine republishes the year with no rows at all
    assert analytics.values_for(codes=["ontime_rate"], period_kind="year", period_start=start) == []
    kept = analytics.values_for(codes=["inspection_coverage_rate"], period_kind="year", period_start=start)
    # every unit of the province: 10 communes, 2 agencies and 2 districts (their blocks have no plan yet: 0%),
    # and the province itself
    assert len(kept) == 15


def test_a_focal_point_sees_only_its_units_inspections_and_items(w):
    tree, extra, _plan, users = w
    plan = _draw(w, seed="abc")
    inspection = _record(w, plan, extra[0], timezone.localdate() - timedelta(days=1))
    records.add_finding(user=users["officer"], inspection=inspection, area="TTHC", severity="major", text="X")
    assert services.visible_inspections(users["focal_commune"]).filter(pk=inspection.pk).count() == 0
    assert services.visible_items(users["focal_commune"]).count() == 0
    with pytest.raises(NotAllowed):
        services.visible_inspection(users["focal_commune"], inspection.pk)
    with pytest.raises(NotAllowed):
        services.visible_plan(users["focal_commune"], plan.pk)
    assert services.visible_items(users["leader"]).count() == 1


def test_a_record_needs_its_date_team_and_content(w):
    _tree, extra, _plan, users = w
    plan = _draw(w, seed="abc")
    inspection = plan.units.get(unit=extra[0]).inspection
    with pytest.raises(InvalidInput) as exc:
        records.record_inspection(user=users["officer"], inspection=inspection, mode="nowhere", team=" ", held_on=None,
                                  participants="", content={}, recommendations="")
    assert {i.field for i in exc.value.issues} == {"mode", "team", "held_on", "content"}
    with pytest.raises(DomainError):  # no finding before the record
        records.add_finding(user=users["officer"], inspection=inspection, area="TTHC", severity="major", text="X")
    with pytest.raises(NotAllowed):
        records.record_inspection(user=users["focal_commune"], inspection=inspection, mode="on_site", team="A",
                                  held_on=timezone.localdate(), participants="", content={"TTHC": "x"},
                                  recommendations="")


def test_only_recorded_kpis_can_be_written_from_outside_the_engine(w):
    tree, *_ = w
    with pytest.raises(DomainError):
        analytics.record_values(code="ontime_rate", period_kind="year", period_start=date(data.year(), 1, 1),
                                figures={tree.commune.pk: (1, 1)}, units=[tree.commune.pk])
    before = analytics.values_stamp("year", date(data.year(), 1, 1))
    analytics.record_values(code="inspection_coverage_rate", period_kind="year", period_start=date(data.year(), 1, 1),
                            figures={tree.commune.pk: (1, 4)}, units=[tree.commune.pk])
    assert analytics.values_stamp("year", date(data.year(), 1, 1)) != before  # cached evaluations see the change
    (figure,) = analytics.values_for(codes=["inspection_coverage_rate"], period_kind="year",
                                     period_start=date(data.year(), 1, 1))
    assert figure.value == Decimal("25.0000") and figure.denominator == 4


def test_the_command_rewrites_the_figures_and_lists_the_items_due(w):
    import io

    from django.core.management import call_command

    tree, extra, _plan, users = w
    plan = _draw(w, seed="abc")
    inspection = _record(w, plan, extra[0], timezone.localdate() - timedelta(days=1))
    records.add_finding(user=users["officer"], inspection=inspection, area="TTHC", severity="major", text="Quá hạn",
                        deadline=timezone.localdate())
    out = io.StringIO()
    call_command("inspections", "figures", "--year", str(data.year()), stdout=out)
    assert tree.province.name in out.getvalue()
    out = io.StringIO()
    call_command("inspections", "due", "--days", "0", stdout=out)
    assert "Xã Thử 1: Quá hạn" in out.getvalue()
