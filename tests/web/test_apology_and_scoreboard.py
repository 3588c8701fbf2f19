"""Apology letters (F9) and the Decision 766 scoreboard (F8) read from stored KPI values."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from cchc.core.errors import InvalidInput, NotAllowed
from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.models import DossierEvent
from cchc.scoreboard import services as scoreboard
from tests.factories import client_for, make_dossier, make_kpi_value, make_procedure

VN = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture
def dossier(province):
    proc = make_procedure(code="1.004227", name="Cấp giấy phép xây dựng", time_limit=15)
    # Due Friday 13/3/2026 at 09:00 Vietnam time.
    return make_dossier(code="HS-2026-1", unit=province.commune, procedure=proc, status=4,
                        received_at=datetime(2026, 2, 20, 9, 0, tzinfo=VN), due_at=datetime(2026, 3, 13, 9, 0, tzinfo=VN))


def _issue(user, dossier, *, now, new_due=datetime(2026, 3, 20, 16, 0, tzinfo=VN)):
    return issue_apology(user=user, dossier=dossier, reason="Cần xác minh thực địa", new_due_at=new_due,
                         signer_title="PHÓ CHỦ TỊCH", signer_name="Trần Thị B", authority_lines=["KT. CHỦ TỊCH"], now=now)


def test_an_apology_a_working_day_before_the_due_date_is_compliant_and_filed(dossier, users):
    # Thursday 12/3/2026 is one working day before Friday 13/3.
    apology = _issue(users["focal_commune"], dossier, now=datetime(2026, 3, 12, 10, 0, tzinfo=VN))
    assert apology.compliant and apology.seq == 1 and apology.number == 1
    dossier.refresh_from_db()
    assert dossier.apology_new_due_at == datetime(2026, 3, 20, 16, 0, tzinfo=VN)
    # In 2026 the letter is TT 03/2025's extension request: the current due date moves, the original stays.
    assert dossier.original_due_at == datetime(2026, 3, 13, 9, 0, tzinfo=VN), "the original due date is kept"
    assert dossier.due_at == datetime(2026, 3, 20, 16, 0, tzinfo=VN)
    assert DossierEvent.objects.filter(dossier=dossier, kind="apology").count() == 1
    text = "\n".join(p.text for p in Document(io.BytesIO(apology.document.read())).paragraphs)
    assert "HS-2026-1" in text and "Cần xác minh thực địa" in text and "20/03/2026" in text


def test_an_apology_on_the_due_day_is_recorded_as_late(dossier, users):
    apology = _issue(users["officer"], dossier, now=datetime(2026, 3, 13, 8, 0, tzinfo=VN))
    assert not apology.compliant


def test_the_date_is_reset_only_once(dossier, users):
    _issue(users["officer"], dossier, now=datetime(2026, 3, 12, 10, 0, tzinfo=VN))
    with pytest.raises(InvalidInput) as caught:
        _issue(users["officer"], dossier, now=datetime(2026, 3, 19, 10, 0, tzinfo=VN), new_due=datetime(2026, 3, 27, 16, 0, tzinfo=VN))
    assert "không được hẹn lại lần nữa" in str(caught.value)
    assert dossier.apologies.count() == 1


def test_the_new_date_must_be_later_and_the_reason_given(dossier, users):
    with pytest.raises(InvalidInput) as caught:
        issue_apology(user=users["officer"], dossier=dossier, reason=" ", new_due_at=datetime(2026, 3, 13, 16, 0, tzinfo=VN),
                      signer_title="CHỦ TỊCH", signer_name="A", now=datetime(2026, 3, 12, 10, 0, tzinfo=VN))
    fields = {i.field for i in caught.value.issues}
    assert fields == {"new_due_at", "reason"}
    assert not dossier.apologies.exists()


def test_only_the_processing_unit_or_the_officer_may_apologise(dossier, users):
    for name in ("focal_commune2", "leader", "focal_snv"):
        with pytest.raises(NotAllowed):
            _issue(users[name], dossier, now=datetime(2026, 3, 12, 10, 0, tzinfo=VN))


# The page's good case (letter stored, DOCX downloadable) moved to tests/dossiers/test_apology_pages.py,
# with dates relative to today: the new date must now be in the future.


# --- scoreboard -----------------------------------------------------------------------------------

def _store(unit, code, numerator, denominator, start=date(2026, 1, 1)):
    value = None if not denominator else round(100 * numerator / denominator, 4)
    make_kpi_value(unit=unit, code=code, start=start, end=date(2026, 3, 31), numerator=numerator,
                   denominator=denominator, value=value, as_of=datetime(2026, 4, 1, tzinfo=UTC))


@pytest.fixture
def stored(province):
    # Commune 1: 95 of 100 on time (19 points), 40/50 toàn trình (9.6), every other source KPI absent.
    _store(province.commune, "ontime_rate", 95, 100)
    _store(province.commune, "online_fullprocess_rate", 40, 50)
    # Commune 2: 80 of 100 on time (16 points) only.
    _store(province.commune2, "ontime_rate", 80, 100)


def test_scorecard_points_from_stored_values_with_no_data_apart(stored, province):
    card = scoreboard.scorecard(province.commune, "quarter", date(2026, 1, 1))
    by_code = {ind.code: score for ind, score, _v in card.indicators}
    assert by_code["2.1"].points == Decimal("19.00") and by_code["3.1"].points == Decimal("9.60")
    assert by_code["1.1"].points is None and by_code["5.1"].points is None, "no data is not 0"
    assert card.total.points == Decimal("28.60")


def test_ranking_orders_units_by_points(stored, province):
    rows = scoreboard.ranking("quarter", date(2026, 1, 1), block="commune")
    assert [(r.rank, r.unit.name) for r in rows] == [(1, "Xã Mỹ Đức"), (2, "Xã Mỹ Lộc")]


def test_scoreboard_pages_and_drill_down(stored, province, users):
    client = client_for(user=users["officer"])
    page = client.get("/scoreboard/", {"kind": "quarter", "start": "2026-01-01", "unit_kind": "commune"}).content.decode()
    assert page.index("Xã Mỹ Đức") < page.index("Xã Mỹ Lộc")
    card = client.get(f"/scoreboard/units/{province.commune.pk}/", {"kind": "quarter", "start": "2026-01-01"}).content.decode()
    assert "không có dữ liệu" in card
    # "xem hồ sơ" opens the engine's own list for the indicator, unit and period (not a dossier filter).
    assert f"/scoreboard/units/{province.commune.pk}/dossiers/2.1/?kind=quarter&amp;start=2026-01-01" in card
    listed = client.get(f"/scoreboard/units/{province.commune.pk}/dossiers/2.1/", {"kind": "quarter", "start": "2026-01-01"})
    assert listed.status_code == 200 and "5 hồ sơ làm mất điểm" in listed.content.decode()


# --- target evaluation (F7) -----------------------------------------------------------------------

def test_targets_are_evaluated_per_unit_against_its_levels_threshold(plan, province, users):
    """CT01 of the test plan: digitised results ≥ 50% (province), ≥ 40% (district), ≥ 35% (commune)."""
    from cchc.plans.evaluation import evaluate_target, summary

    def year_value(unit, value):
        make_kpi_value(unit=unit, code="digitised_results_rate", kind="year", start=date(2022, 1, 1),
                       numerator=int(value), denominator=100, value=value, as_of=datetime(2023, 1, 2, tzinfo=UTC))

    year_value(province.snv, 55)        # department: ≥ 50 → met
    year_value(province.district, 38)   # district: ≥ 40 → missed (the year is over)
    year_value(province.commune, 35)    # commune: exactly 35 → met
    target = plan.targets.get(code="CT01")
    results = {r.unit.name: r.evaluation.verdict for r in evaluate_target(target, date(2023, 2, 1))}
    assert results["Sở Nội vụ"] == "met"
    assert results["Huyện Phù Mỹ"] == "missed"
    assert results["Xã Mỹ Đức"] == "met"
    assert results["Xã Mỹ Lộc"] == "no_data"
    assert summary(evaluate_target(target, date(2023, 2, 1)))["missed"] == 1
    page = client_for(user=users["leader"]).get(f"/plans/targets/{target.pk}/").content.decode()
    assert page.index("Huyện Phù Mỹ") < page.index("Sở Nội vụ"), "units that miss the target come first"


def test_units_late_in_two_consecutive_quarters_are_flagged(province, users):
    for start, late in ((date(2025, 10, 1), 8), (date(2026, 1, 1), 9)):
        for unit, n_late in ((province.commune, late), (province.commune2, 2)):
            make_kpi_value(unit=unit, code="late", start=start, end=start, numerator=n_late, value=n_late,
                           as_of=datetime(2026, 4, 1, tzinfo=UTC))
            make_kpi_value(unit=unit, code="ontime_rate", start=start, end=start, numerator=100 - n_late,
                           denominator=100, value=100 - n_late, as_of=datetime(2026, 4, 1, tzinfo=UTC))
    flagged = scoreboard.repeat_offenders("quarter", date(2026, 1, 1))
    assert [(u.name, shares) for u, shares in flagged] == [("Xã Mỹ Đức", [Decimal("8.00"), Decimal("9.00")])]
    page = client_for(user=users["leader"]).get("/scoreboard/", {"kind": "quarter", "start": "2026-01-01"}).content.decode()
    assert "Xã Mỹ Đức" in page.split("Đơn vị trễ hạn lặp lại")[1]
