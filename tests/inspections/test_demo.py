"""The demo's inspections (cchc.demo.inspections) on the real units of today's Gia Lai (Bình Định's
successor): a plan per block with at least 30% of its units, the same seed drawing the same units again,
the demo commune inspected with one finding closed and two open, and the illustrative plan's targets MH06
and MH07 judged by the one evaluation."""

from __future__ import annotations

import math

import pytest
from django.utils import timezone

from cchc.accounts.choices import Role
from cchc.core.evaluation import Verdict
from cchc.demo import inspections as demo
from cchc.demo.province import _demo_plan
from cchc.inspections import services
from cchc.inspections.choices import RemediationStatus
from cchc.inspections.models import InspectionPlan, RemediationItem
from cchc.plans import evaluation
from cchc.plans.models import Plan
from cchc.units.models import Unit
from cchc.units.services import import_province
from tests.factories import make_user


@pytest.fixture
def gia_lai(db):
    import_province("Bình Định")
    make_user(username="snv.cchc", role=Role.PAR_OFFICER, unit=Unit.objects.get(key="dept:2025:52.SNV"))
    make_user(username="thanhtra", role=Role.INSPECTOR)
    make_user(username="dm.xaphumy", role=Role.FOCAL_POINT, unit=Unit.objects.get(key=demo.COMMUNE_KEY))
    _demo_plan()
    return Unit.objects.get(key=demo.PROVINCE_KEY)


def test_the_demo_draws_30_percent_per_block_and_records_an_inspection(gia_lai):
    assert demo.load() == 2
    assert demo.load() == 0  # idempotent
    year = timezone.localdate().year
    for plan in InspectionPlan.objects.filter(province=gia_lai, year=year):
        size = len(services.block_units(gia_lai, plan.block, year))
        drawn = plan.units.exclude(chosen_by="added").count()
        assert drawn == math.ceil(size * 0.3), plan.block
    items = RemediationItem.objects.filter(owner__key=demo.COMMUNE_KEY)
    assert sorted(i.status for i in items) == [RemediationStatus.CLOSED, RemediationStatus.OPEN, RemediationStatus.OPEN]

    # the same seed draws the same units
    commune_plan = InspectionPlan.objects.get(province=gia_lai, year=year, block="commune")
    first = set(commune_plan.units.exclude(chosen_by="added").values_list("unit_id", flat=True))
    seed = commune_plan.seed
    commune_plan.delete()
    again = services.draw_plan(user=make_user(username="snv2", role=Role.PAR_OFFICER), province=gia_lai, year=year,
                               block="commune", seed=seed)
    assert set(again.units.values_list("unit_id", flat=True)) == first


def test_the_illustrative_plans_inspection_targets_get_verdicts(gia_lai):
    demo.load()
    plan = Plan.objects.get(code=f"MH-{timezone.localdate().year}")
    results = evaluation.evaluate_plan(plan, timezone.localdate())
    targets = {t.code: t.pk for t in plan.targets.all()}
    coverage = results[targets["MH06"]]
    remediation = {r.unit.key: r.evaluation.verdict for r in results[targets["MH07"]]}
    # ⌈30%⌉ of each block is inspected only once each unit's inspection is held: one held so far
    assert {r.evaluation.verdict for r in coverage} <= {Verdict.MISSED, Verdict.AT_RISK}
    assert all(r.evaluation.value is not None for r in coverage)
    assert remediation[demo.COMMUNE_KEY] in (Verdict.MISSED, Verdict.AT_RISK)  # 1 of 3 remedied
