"""The dashboard's headline figures and the province's 766 section (issue 12, item 2), on stored values
written by hand. The plan here is the test plan with CT01 bound to the on-time rate (province threshold
≥ 50%, margin 5 points: cchc.core.evaluation), so the on-time headline has a target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.analytics.models import KpiValue
from cchc.core.evaluation import Verdict
from cchc.dashboard import services
from cchc.plans.services import import_plan
from cchc.scoreboard import services as scoreboard
from tests import factories
from tests.dashboard import data

AFTER_THE_YEAR = date(2023, 2, 1)


@pytest.fixture
def ontime_plan(province):
    text = factories.plan_yaml(code=province.province.code).replace(b"digitised_results_rate", b"ontime_rate")
    return import_plan(text, "thu-nghiem.yaml").plan


def by_code(headlines):
    return {h.figure.code: h for h in headlines}


def test_headlines_after_the_year(province, ontime_plan):
    """The year 2022 over and settled (1/2/2023): on-time 250/300 = 83.33% ≥ 50% (province level): met,
    not provisional. Against 9 months 2022 (170/200 = 85%): 83.3333 − 85 = −1.67 points; against 2021
    (70/100 = 70%): +13.33 points. Received 1,234 against 1,000 in 2021: +234 (the year over: a year
    against a year); a count is never compared with 9 months. Online rate: no figure, no target."""
    data.year_values(province)
    data.kpi(unit=province.province, code="ontime_rate", kind="nine_months", start=date(2022, 1, 1),
             numerator=170, denominator=200)
    data.kpi(unit=province.province, code="ontime_rate", kind="year", start=date(2021, 1, 1), numerator=70,
             denominator=100)
    data.kpi(unit=province.province, code="received", kind="year", start=date(2021, 1, 1), value=1000)

    found = by_code(services.headlines(province.province, 2022, AFTER_THE_YEAR))

    ontime = found["ontime_rate"]
    assert ontime.figure.value == Decimal("83.3333")
    assert ontime.target.code == "CT01" and ontime.target_url == f"/plans/targets/{ontime.target.pk}/"
    assert (ontime.evaluation.verdict, ontime.evaluation.threshold) == (Verdict.MET, Decimal(50))
    assert ontime.verdict == "met" and not ontime.provisional
    assert (ontime.previous.label, ontime.previous.value, ontime.previous.delta) == (
        "9 tháng 2022", Decimal("85.0000"), Decimal("-1.67"))
    assert (ontime.last_year.label, ontime.last_year.delta) == ("Năm 2021", Decimal("13.33"))
    assert ontime.as_of == data.AS_OF

    received = found["received"]
    assert received.target is None and received.evaluation is None and received.verdict == ""
    assert received.previous is None
    assert (received.last_year.value, received.last_year.delta) == (Decimal(1000), Decimal(234))

    online = found["online_rate"]
    assert online.figure.value is None and online.target is None
    assert online.previous.delta is None and online.last_year.delta is None  # shown as "—", never 0


def test_headlines_while_the_year_runs_are_provisional(province, ontime_plan):
    """On 10/7/2022: the year so far is compared with 6 months (ended 30/6). On-time 40/100 = 40%: a rate
    is its own projection; 40 is 10 points short of 50, beyond the 5-point margin: missed, provisional.
    At 47/100 it is within the margin: at risk. The count is not compared with 2021's whole year."""
    today = date(2022, 7, 10)
    data.kpi(unit=province.province, code="ontime_rate", kind="year", start=date(2022, 1, 1), numerator=40,
             denominator=100)
    data.kpi(unit=province.province, code="ontime_rate", kind="half", start=date(2022, 1, 1), numerator=47,
             denominator=100)
    data.kpi(unit=province.province, code="received", kind="year", start=date(2022, 1, 1), value=600)
    data.kpi(unit=province.province, code="received", kind="year", start=date(2021, 1, 1), value=1000)

    found = by_code(services.headlines(province.province, 2022, today))

    ontime = found["ontime_rate"]
    assert (ontime.verdict, ontime.provisional) == ("missed", True)
    assert (ontime.previous.label, ontime.previous.delta) == ("6 tháng 2022", Decimal("-7.00"))
    assert ontime.last_year.delta is None  # no 2021 figure
    assert found["received"].last_year is None and found["received"].previous is None
    assert found["received"].provisional

    KpiValue.objects.filter(unit=province.province, kpi_code="ontime_rate", period_kind="year").update(
        numerator=47, value=Decimal(47))
    assert by_code(services.headlines(province.province, 2022, today))["ontime_rate"].verdict == "at_risk"


def test_headlines_in_the_first_quarter_have_nothing_to_compare_with_in_the_year(province, ontime_plan):
    data.kpi(unit=province.province, code="ontime_rate", kind="year", start=date(2022, 1, 1), numerator=60,
             denominator=100)
    ontime = by_code(services.headlines(province.province, 2022, date(2022, 2, 15)))["ontime_rate"]
    assert ontime.previous is None and ontime.verdict == "met" and ontime.provisional


def test_block_spread_quartiles_by_hand():
    ranked = [services.Ranked(i, i, f"u{i}", Decimal(v), 10, i, "commune") for i, v in enumerate((90, 80, 70, 60), 1)]
    spread = services.BlockSpread("commune", "Khối xã, phường", ranked, "")
    assert spread.five == [Decimal(60), Decimal("67.5"), Decimal(75), Decimal("82.5"), Decimal(90)]
    assert (spread.highest.name, spread.lowest.name) == ("u1", "u4")
    assert services.BlockSpread("commune", "", ranked[:1], "").five == [Decimal(90)] * 5
    assert services.BlockSpread("commune", "", [], "").five is None


def test_province_766_is_the_scorecard_and_the_blocks_are_the_ranking(province, plan):
    """One truth: the province's total is its scorecard's; each block's rows are the scoreboard ranking's
    of that block, in its order. Communes: Mỹ Đức and Canh Vinh 90/100 on time, Mỹ Lộc 50/100."""
    data.year_values(province)

    card, spreads = services.province_766(province.province, 2022, ["agency", "commune", "district", "all"])

    assert card.total == scoreboard.scorecard(province.province, "year", date(2022, 1, 1)).total
    assert card.total.points is not None
    assert [s.block for s in spreads] == ["commune", "district"]  # no agency handled a dossier
    commune = spreads[0]
    expected = scoreboard.ranking("year", date(2022, 1, 1), block="commune", province=province.province)
    assert [(r.unit_id, r.rank, r.value) for r in commune.ranked] == [
        (r.unit.pk, r.rank, r.total.points) for r in expected]
    assert commune.highest.value > commune.lowest.value and commune.lowest.name == "Xã Mỹ Lộc"
    assert commune.url == "/scoreboard/?kind=year&start=2022-01-01&block=commune"
