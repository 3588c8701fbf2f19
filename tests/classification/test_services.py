"""The year's proposals from stored figures (cchc.classification.services.run), worked by hand.

Figures written by hand (tests.factories.make_kpi_value), year 2026 (NĐ 335/2025), commune block. Only the
on-time rate is stored for the year, so the 766 score is indicator 2.1 alone: its share of the points
available equals the rate. No task is due, the PAR index has no result: score = mean(766 share, rate).

    Xã Mỹ Đức     80 of 100 on time → score 80 → "tốt"; reminded 20/10/2025 about late dossiers; in 2026
                  January 2 late of 20 finished, March 2 of 30: 4 late of 50 = 8% > 5% and 4 ≥ 3
                  ⇒ seed 003: at most "Hoàn thành nhiệm vụ".
    Xã Mỹ Lộc     95 of 100 → 95 → "xuất sắc"
    Xã Canh Vinh  96 of 100 → 96 → "xuất sắc"

Rated "tốt" or better: Mỹ Lộc and Canh Vinh (2); 20% of 2 rounds down to 0: both demoted to "tốt", each with
the share cap's reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cchc.classification import services
from cchc.classification.inputs import task_completion
from cchc.classification.models import Proposal, Reminder
from cchc.core.errors import InvalidInput, NotAllowed
from cchc.plans.models import Assignment, ProgressUpdate
from tests.factories import make_dossier, make_kpi_value, make_plan

Y = date(2026, 1, 1)
AS_OF = datetime(2026, 12, 2, tzinfo=UTC)


def _year(unit, on_time, handled=100):
    make_kpi_value(unit=unit, code="ontime_rate", start=Y, kind="year", numerator=on_time, denominator=handled,
                   value=Decimal(on_time * 100) / handled, as_of=AS_OF)


def _month(unit, month, late, finished):
    start = date(2026, month, 1)
    make_kpi_value(unit=unit, code="late", start=start, kind="month", numerator=late, value=late, as_of=AS_OF)
    make_kpi_value(unit=unit, code="finished", start=start, kind="month", numerator=finished, value=finished,
                   as_of=AS_OF)


def make_world(province, users, *, reminded: bool = True):
    """The figures and the reminder of the module docstring (also the English walk's, tests/web, and the
    browser journey's, which records the reminder itself)."""
    _year(province.commune, 80)
    _year(province.commune2, 95)
    _year(province.other_district_commune, 96)
    _month(province.commune, 1, 2, 20)
    _month(province.commune, 3, 2, 30)
    _month(province.commune2, 2, 9, 10)  # late, but never reminded: no cap
    if reminded:
        Reminder.objects.create(unit=province.commune, on=date(2025, 10, 20), text="Chấn chỉnh trễ hạn",
                                recorded_by=users["officer"])
    return province


@pytest.fixture
def figures(province, users):
    return make_world(province, users)


def test_the_seed003_cap_and_the_share_cap(figures, users):
    result = services.run(user=users["officer"], year=2026, block="commune")
    assert result.created == 3
    rows = {p.unit.name: p for p in Proposal.objects.filter(year=2026)}
    duc = rows["Xã Mỹ Đức"]
    assert duc.version == "nd335"
    assert duc.score == Decimal("80.00") and duc.base_level == "good" and duc.proposed_level == "done"
    assert [c["code"] for c in duc.caps] == ["seed003"]
    reason = duc.cap_reasons[0]
    assert "20/10/2025" in reason and "4" in reason and "50" in reason and "8.00%" in reason
    assert duc.inputs["monthly"] == {"2026-01": [2, 20], "2026-03": [2, 30]}
    assert duc.inputs["par_index"] is None and duc.inputs["findings"] is None
    for name in ("Xã Mỹ Lộc", "Xã Canh Vinh"):
        assert rows[name].base_level == "excellent" and rows[name].proposed_level == "good"
        assert [c["code"] for c in rows[name].caps] == ["top_share"]
    assert sorted(result.capped) == ["Xã Canh Vinh", "Xã Mỹ Lộc", "Xã Mỹ Đức"]


def test_a_rerun_keeps_the_confirmation(figures, users):
    services.run(user=users["officer"], year=2026, block="commune")
    duc = Proposal.objects.get(unit=figures.commune, year=2026)
    services.confirm(user=users["officer"], proposal=duc, level="good", reason="Đã khắc phục cuối năm")
    services.run(user=users["officer"], year=2026, block="commune")
    duc.refresh_from_db()
    assert (duc.proposed_level, duc.confirmed_level, duc.override_reason) == ("done", "good", "Đã khắc phục cuối năm")
    assert duc.overridden


def test_an_override_needs_a_reason_and_only_the_officer_decides(figures, users):
    services.run(user=users["officer"], year=2026, block="commune")
    duc = Proposal.objects.get(unit=figures.commune, year=2026)
    with pytest.raises(InvalidInput) as caught:
        services.confirm(user=users["officer"], proposal=duc, level="good", reason="  ")
    assert caught.value.issues[0].field == "reason"
    services.confirm(user=users["officer"], proposal=duc, level="done", reason="")  # the proposal: no reason needed
    with pytest.raises(NotAllowed):
        services.confirm(user=users["leader"], proposal=duc, level="done", reason="")


def test_a_focal_point_lists_only_its_own_unit(figures, users):
    services.run(user=users["officer"], year=2026, block="commune")
    assert [p.unit.name for p in services.listed(users["focal_commune"], year=2026, block="commune")] == ["Xã Mỹ Đức"]
    assert len(services.listed(users["inspector"], year=2026, block="commune")) == 3


def test_before_nd90_there_is_no_rule(figures, users):
    with pytest.raises(InvalidInput):
        services.run(user=users["officer"], year=2019, block="commune")


def test_recording_a_reminder_links_the_units_dossiers_only(province, users):
    own = make_dossier(unit=province.commune, code="HS-1")
    make_dossier(unit=province.commune2, code="HS-2")
    with pytest.raises(InvalidInput) as caught:
        services.record_reminder(user=users["officer"], unit=province.commune, on=date(2025, 10, 1),
                                 about="late_dossiers", text="Trễ hạn", dossier_codes=["HS-1", "HS-2"])
    assert caught.value.issues[0].field == "dossiers" and "HS-2" in str(caught.value.issues[0])
    assert not Reminder.objects.exists()
    reminder = services.record_reminder(user=users["officer"], unit=province.commune, on=date(2025, 10, 1),
                                        about="late_dossiers", text="Trễ hạn", dossier_codes=["HS-1"],
                                        kpi_code="late", period_kind="month", period_start=date(2025, 9, 1))
    assert list(reminder.dossiers.all()) == [own] and reminder.recorded_by == users["officer"]


def test_task_completion_counts_tasks_done_by_their_deadline(province, users):
    plan = make_plan(tree=province, year=2026)  # NV01 due 31/12/2026 led by Sở Nội vụ; NV02 due 2099
    assignment = Assignment.objects.get(task__plan=plan, task__code="NV01", unit=province.snv)
    assert task_completion([province.snv.pk], 2026, date(2026, 12, 7)) == {}  # not due yet, not done
    ProgressUpdate.objects.create(assignment=assignment, author=users["focal_snv"], progress=100, note="Xong")
    assignment.progress = 100
    assignment.save()
    assert task_completion([province.snv.pk], 2026, date(2026, 12, 7)) == {province.snv.pk: (1, 1)}
