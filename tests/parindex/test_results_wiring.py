"""A published PAR index result reaches the inputs that waited for it: the inspections' risk score (the
last published result of the previous year or before) and the yearly classification (the last published
result of the year or before); without one, both still say "no result" and give it no weight."""

from __future__ import annotations

from decimal import Decimal

from cchc.classification import services as classification
from cchc.classification.models import Proposal
from cchc.inspections import services as inspections
from cchc.parindex import results
from tests import factories
from tests.classification.test_services import make_world
from tests.inspections import data
from tests.parindex.test_results import POINTS_A, POINTS_C


def _published(*, year, units_points, officer):
    season = factories.make_par_result_season(version=factories.make_par_result_version(year=year), units=[u for u, _p in
                                                                                              units_points])
    for unit, points in units_points:
        factories.score_par(assessment=season.assessments.get(unit=unit), points=points)
    results.publish(season, by=officer)
    return season


def test_a_published_result_enters_the_inspection_risk_score(db):
    tree, _extra, _plan, users = data.world()
    year = data.year()
    # Xã Mỹ Đức 80.00 % last year: its risk part is (100 − 80) / 100 = 0.2, weighted; the others: missing.
    _published(year=year - 1, units_points=[(tree.commune, POINTS_A)], officer=users["officer"])
    plan = inspections.draw_plan(user=users["officer"], province=tree.province, year=year, block="commune",
                                 seed="abc", share=Decimal(1))
    rows = {r.unit.name: r.risk_inputs for r in plan.units.select_related("unit")}
    duc = rows["Xã Mỹ Đức"]
    assert duc["parts"]["par_index"]["value"] == "80.00" and duc["parts"]["par_index"]["risk"] == "0.2000"
    assert "par_index" not in duc["missing"]
    assert "par_index" in rows["Xã Mỹ Lộc"]["missing"]


def test_a_result_not_yet_published_stays_out_of_the_risk_score(db):
    tree, _extra, _plan, users = data.world()
    season = factories.make_par_result_season(version=factories.make_par_result_version(year=data.year() - 1),
                                       units=[tree.commune])
    factories.score_par(assessment=season.assessments.get(), points=POINTS_A)
    plan = inspections.draw_plan(user=users["officer"], province=tree.province, year=data.year(),
                                 block="commune", seed="abc", share=Decimal(1))
    duc = plan.units.get(unit=tree.commune).risk_inputs
    assert "par_index" in duc["missing"]


def test_a_published_result_enters_the_classification(province, users):
    make_world(province, users)
    # Xã Mỹ Lộc 100.00 % in 2026: score = mean(766 share 95, on-time 95, PAR index 100) = 96.67
    _published(year=2026, units_points=[(province.commune2, POINTS_C)], officer=users["officer"])
    classification.run(user=users["officer"], year=2026, block="commune")
    rows = {p.unit.name: p for p in Proposal.objects.filter(year=2026)}
    loc = rows["Xã Mỹ Lộc"]
    assert loc.inputs["par_index"] == "100.00" and loc.inputs["par_index_year"] == 2026
    assert loc.score == Decimal("96.67")
    assert rows["Xã Mỹ Đức"].inputs["par_index"] is None and rows["Xã Mỹ Đức"].score == Decimal("80.00")
    page = factories.client_for(user=users["leader"]).get("/classification/?year=2026&block=commune")
    html = page.content.decode()
    assert "100,00% (2026)" in html and "chưa có kết quả Chỉ số CCHC" in html
