"""What would raise the score (issue #15, item 4): "Điểm có thể tăng" of a unit and of the province.

The figures come from the real engine (dossiers → fact store → stored KPI values and their lists); the page,
the API and cchc.core.score766.points must give the same gains, and the page names the dossiers of the lists.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.analytics.store import FactStore
from cchc.core import score766
from tests.analytics.helpers import at
from tests.factories import client_for, make_dossier, make_procedure

D = Decimal
Q1 = {"kind": "quarter", "start": "2025-01-01"}


@pytest.fixture
def computed(province):
    """Q1 2025 in Xã Mỹ Đức: 10 dossiers finished, 7 on time (one of them rated "không hài lòng") and 3 late
    (LATE-1..3); in Xã Canh Vinh, 2 finished, 1 late (CV-LATE).

    Mỹ Đức, 2.1: 7/10 = 70% → 20 × 70 / 100 = 14.00; the 3 late ones on time: 20.00 (+6.00), the first
    alone 8/10 → 16.00 (+2.00). 6.3: 10 − 3 late − 1 disliked = 6/10 = 60% → 6 × 60 / 90 = 4.00; one more
    → 70% → 4.667 → 4.67 (+0.67); two → 80% → 5.333 → 5.33 (+1.33); three → 90% → 6.00 (+2.00): 3 of its
    4 items are enough.
    """
    procedure = make_procedure(time_limit=5)
    for i in range(7):
        make_dossier(unit=province.commune, procedure=procedure, status=9, received_at=at(2025, 1, 6 + i),
                     due_at=at(2025, 1, 20, 17), finished_at=at(2025, 1, 15), code=f"ON-TIME-{i}",
                     rating=3 if i == 0 else None)
    for i in range(3):
        make_dossier(unit=province.commune, procedure=procedure, status=9, received_at=at(2025, 2, 3),
                     due_at=at(2025, 2, 10, 17), finished_at=at(2025, 2, 12 + i), code=f"LATE-{i + 1}")
    other = province.other_district_commune
    make_dossier(unit=other, procedure=procedure, status=9, received_at=at(2025, 1, 6), due_at=at(2025, 1, 20, 17),
                 finished_at=at(2025, 1, 15), code="CV-ON-TIME")
    make_dossier(unit=other, procedure=procedure, status=9, received_at=at(2025, 2, 3), due_at=at(2025, 2, 10, 17),
                 finished_at=at(2025, 2, 20), code="CV-LATE")
    store = FactStore()
    store.sync()
    store.compute("quarter", 2025)


def _text(html: str, section: str) -> str:
    part = re.search(rf'<section class="whatif" id="whatif-{re.escape(section)}">(.*?)</section>', html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)).strip()


def test_the_page_names_the_late_dossiers_and_what_each_correction_adds(computed, province, users):
    page = client_for(user=users["officer"]).get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1)
    assert page.status_code == 200
    html = page.content.decode()
    on_time = _text(html, "2.1")
    assert "trả đúng hạn 3 hồ sơ trễ, quá hạn: +6,00 điểm" in on_time
    assert "Hiện đạt 14,00/20 điểm (tử số / mẫu số: 7 / 10)" in on_time
    # The list's dossiers, newest first, each with what correcting it and those before adds.
    assert re.findall(r"(LATE-\d) Thủ tục [\d.]+ Trễ hạn (\+[\d,]+)", on_time) == [
        ("LATE-3", "+2,00"), ("LATE-2", "+4,00"), ("LATE-1", "+6,00")]
    satisfaction = _text(html, "6.3")
    assert "khắc phục 4 hồ sơ trễ hạn hoặc không hài lòng: +2,00 điểm" in satisfaction
    assert "Chỉ cần 3 trong 4 mục là đạt 6,00 điểm của chỉ số" in satisfaction
    assert re.findall(r"(LATE-\d|ON-TIME-0) Thủ tục [\d.]+ (Trễ hạn|Không hài lòng) (\+[\d,]+)", satisfaction) == [
        ("LATE-3", "Trễ hạn", "+0,67"), ("LATE-2", "Trễ hạn", "+1,33"), ("LATE-1", "Trễ hạn", "+2,00"),
        ("ON-TIME-0", "Không hài lòng", "+2,00")]
    # The scorecard links to it.
    card = client_for(user=users["officer"]).get(f"/scoreboard/units/{province.commune.pk}/", Q1).content.decode()
    assert f"/scoreboard/units/{province.commune.pk}/whatif/?kind=quarter&amp;start=2025-01-01" in card


def test_page_api_and_score766_points_give_the_same_gains(computed, province, users):
    client = client_for(user=users["officer"])
    api = client.get(f"/api/v1/scoreboard/units/{province.commune.pk}/whatif", Q1).json()
    card = client.get(f"/api/v1/scoreboard/units/{province.commune.pk}", Q1).json()
    html = client.get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1).content.decode()
    scored = {i["code"]: D(i["points"]) for i in card["indicators"] if i["points"] is not None}
    gains = [D(i["gain"]) for i in api["indicators"]]
    assert gains == sorted(gains, reverse=True) and {"2.1", "6.3"} <= {i["code"] for i in api["indicators"]}
    assert D(api["total"]) == D(card["total"]["points"]) and D(api["gain"]) == sum(gains)
    for item in api["indicators"]:
        ind = {i.code: i for i in score766.indicators_for(date(2025, 1, 1))}[item["code"]]
        num, den, now = D(item["numerator"]), D(item["denominator"]), D(item["points"])
        assert now == scored[item["code"]] == score766.points(ind, num, den).points
        # Correcting every item brings the numerator to the denominator (6.3: nobody late nor displeased).
        assert D(item["gain"]) == score766.points(ind, num + item["items"], den).points - now
        for step in item["steps"]:
            assert D(step["gain"]) == score766.points(ind, num + step["k"], den).points - now
        assert item["text"] in _text(html, item["code"])
        assert [s["code"] for s in item["steps"]] == re.findall(
            r'<a href="/dossiers/\d+/">([^<]+)</a>', re.search(
                rf'id="whatif-{re.escape(item["code"])}">(.*?)</section>', html, re.S).group(1))
    on_time = next(i for i in api["indicators"] if i["code"] == "2.1")
    assert (on_time["items"], on_time["enough"], on_time["gain"], on_time["per_item"]) == (3, 3, "6.00", "2.00")
    assert on_time["dossiers"] == f"/api/v1/scoreboard/units/{province.commune.pk}/dossiers/2.1?kind=quarter&start=2025-01-01"


def test_a_focal_point_sees_only_its_own_unit(computed, province, users):
    own = client_for(user=users["focal_commune"])
    assert own.get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1).status_code == 200
    assert own.get(f"/api/v1/scoreboard/units/{province.commune.pk}/whatif", Q1).status_code == 200
    other = client_for(user=users["focal_commune2"])
    assert other.get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1).status_code == 403
    assert other.get(f"/api/v1/scoreboard/units/{province.commune.pk}/whatif", Q1).status_code == 403
    assert own.get("/scoreboard/whatif/", Q1).status_code == 403
    assert own.get("/api/v1/scoreboard/whatif", Q1).status_code == 403
    # Its scorecard does not link to another unit's page.
    card = other.get(f"/scoreboard/units/{province.commune.pk}/", Q1).content.decode()
    assert "/whatif/" not in card


def test_the_province_list_says_which_units_corrections_add_most_to_its_total(computed, province, users):
    """The province's figures hold the 12 dossiers: 8 on time → 2.1 = 66.67% → 13.33. Under it, Huyện Phù Mỹ
    (Xã Mỹ Đức's 3 late): 11/12 = 91.67% → 18.33 (+5.00); Huyện Vân Canh (Xã Canh Vinh's 1): 9/12 = 75%
    → 15.00 (+1.67)."""
    client = client_for(user=users["leader"])
    api = client.get("/api/v1/scoreboard/whatif", Q1).json()
    assert api["province"]["id"] == province.province.pk
    on_time = [(u["unit_name"], u["items"], u["gain"]) for u in api["units"] if u["code"] == "2.1"]
    assert on_time == [("Huyện Phù Mỹ", 3, "5.00"), ("Huyện Vân Canh", 1, "1.67")]
    own = next(i for i in api["indicators"] if i["code"] == "2.1")
    assert (own["points"], own["items"], own["gain"], own["steps"]) == ("13.33", 4, "6.67", [])
    assert own["dossiers"] == f"/api/v1/scoreboard/units/{province.province.pk}/dossiers/2.1?kind=quarter&start=2025-01-01"
    html = client.get("/scoreboard/whatif/", Q1).content.decode()
    table = re.search(r'<table id="province-shares">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert [[name, f"{action}: {gain} điểm"] for name, _ind, action, gain in rows] == [
        [u["unit_name"], u["text"]] for u in api["units"]]
    assert ["Huyện Phù Mỹ", "trả đúng hạn 3 hồ sơ trễ, quá hạn: +5,00 điểm"] in [
        [name, f"{action}: {gain} điểm"] for name, _ind, action, gain in rows]
    ranking = client.get("/scoreboard/", {**Q1, "block": "all"}).content.decode()
    assert 'id="province-whatif"' in ranking


def test_an_indicator_fed_by_another_system_is_counted_per_item_without_dossiers(computed, province, users,
                                                                                monkeypatch):
    """1.4 from the portal's sync counts (an input, cchc.scoreboard.inputs): 2 of 5 dossiers synced → 40% →
    6 × 40 / 100 = 2.40; the 3 others synced → 6.00 (+3.60), the first → 60% → 3.60 (+1.20). It has no list
    of dossiers: its gain is counted per item."""
    from cchc.scoreboard import inputs
    from tests.scoreboard import inputs_provider

    monkeypatch.setattr(inputs, "PROVIDERS", ("tests.scoreboard.inputs_provider",))
    monkeypatch.setattr(inputs_provider, "FIGURES", {province.commune.pk: {"1.4": inputs.Figure(2, 5, timezone.now())}})
    client = client_for(user=users["officer"])
    api = client.get(f"/api/v1/scoreboard/units/{province.commune.pk}/whatif", Q1).json()
    synced = next(i for i in api["indicators"] if i["code"] == "1.4")
    assert (synced["listed"], synced["items"], synced["gain"], synced["per_item"], synced["steps"], synced["dossiers"]) == (
        False, 3, "3.60", "1.20", [], None)
    assert synced["text"] == "đồng bộ 3 hồ sơ lên Cổng DVCQG: +3,60 điểm"
    html = client.get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1).content.decode()
    assert "đồng bộ 3 hồ sơ lên Cổng DVCQG: +3,60 điểm" in _text(html, "1.4")
    assert "không có danh sách hồ sơ" in _text(html, "1.4")


def test_an_indicator_fed_by_another_system_links_to_the_records_behind_it(computed, province, users, monkeypatch):
    """Issue #15 item 4 names "the dossiers (or procedures, petitions)": an input-fed indicator has no list of
    dossiers, so its what-if links to the records behind its figure (the provider's ``source_url``, as the
    scorecard's "xem số liệu nguồn"), e.g. the unit's petitions handled late for 6.1."""
    from cchc.scoreboard import inputs
    from tests.scoreboard import inputs_provider

    monkeypatch.setattr(inputs, "PROVIDERS", ("tests.scoreboard.inputs_provider",))
    monkeypatch.setattr(inputs_provider, "FIGURES", {province.commune.pk: {"6.1": inputs.Figure(1, 4, timezone.now())}})
    monkeypatch.setattr(inputs_provider, "INDICATORS", ("6.1",), raising=False)
    monkeypatch.setattr(inputs_provider, "source_url",
                        lambda code, unit, kind, start: f"/petitions/units/{unit.pk}/?which=late&start={start}",
                        raising=False)
    html = client_for(user=users["officer"]).get(f"/scoreboard/units/{province.commune.pk}/whatif/", Q1).content.decode()
    assert "xử lý đúng hạn 3 PAKN" in _text(html, "6.1")
    section = re.search(r'<section class="whatif" id="whatif-6.1">(.*?)</section>', html, re.S).group(1)
    assert f'class="whatif-source" href="/petitions/units/{province.commune.pk}/?which=late&amp;start=2025-01-01"' in section
    assert "xem số liệu nguồn" in section
    # A listed indicator keeps its dossiers' link, not a source link.
    assert 'class="whatif-source"' not in re.search(r'<section class="whatif" id="whatif-2.1">(.*?)</section>',
                                                    html, re.S).group(1)


def test_petitions_are_phrased_as_petitions():
    from cchc.scoreboard.whatif import gain_text

    assert gain_text("6.1", 3, D("1.2")) == "xử lý đúng hạn 3 PAKN: +1,20 điểm"
    assert gain_text("2.1", 1234, D("0.8")) == "trả đúng hạn 1.234 hồ sơ trễ, quá hạn: +0,80 điểm"


def test_in_english(computed, province, users):
    client = client_for(user=users["officer"])
    client.cookies["django_language"] = "en"
    api = client.get(f"/api/v1/scoreboard/units/{province.commune.pk}/whatif", Q1,
                     HTTP_ACCEPT_LANGUAGE="en").json()
    assert any(i["text"] == "return 3 late or overdue dossiers on time: +6.00 points" for i in api["indicators"])


def test_no_period_no_figures(province, users):
    client = client_for(user=users["officer"])
    page = client.get(f"/scoreboard/units/{province.commune.pk}/whatif/")
    assert page.status_code == 200 and "Chưa có số liệu." in page.content.decode()
    assert client.get("/api/v1/scoreboard/whatif").json()["province"] is None
    assert client.get("/scoreboard/whatif/").status_code == 200
