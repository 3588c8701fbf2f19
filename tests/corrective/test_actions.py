"""Corrective actions: detection of targets missed in two reporting periods in a row (stored values
written by hand), the unit's answer, the officer's confirmation, the command and the pages.

Target CT01 of the test plan (2022): digitised results ≥ 35% for a commune, ≥ 40% for a district, ≥ 50% for
a department. Reporting periods: Quarter I (elapsed 90/365), 6 months (181/365), 9 months (273/365), year.
A rate is projected at its value. Detection reads final periods only (ended and settled), so met or missed.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from cchc.core.errors import DomainError, InvalidInput, NotAllowed
from cchc.corrective import services
from cchc.corrective.models import CorrectiveAction
from tests.corrective import data
from tests.factories import client_for

KINDS = ("quarter", "half", "nine_months", "year")
ENDS = (date(2022, 3, 31), date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31))


def store(unit, values, *, as_of=data.AS_OF):
    """Digitised-results rates of ``unit`` for Quarter I, 6 months, 9 months and the year (None: not stored)."""
    for kind, value in zip(KINDS, values, strict=True):
        if value is not None:
            data.kpi(unit=unit, code="digitised_results_rate", kind=kind, start=date(2022, 1, 1), value=value,
                     as_of=as_of)


@pytest.fixture
def figures(province, plan):
    """commune   20 R, 25 R, 40 A, 30 R → one run: Q1 + 6 months
    commune2  10 R, 50 M, 20 R, 34.99 R → one run: 9 months + year
    other     20 R, 20 R, 20 R, 20 R → two runs: Q1 + 6 months, 9 months + year
    district  —  N, 10 R, 10 R, 50 M (threshold 40) → one run: 6 + 9 months
    SNV       10 computed on 15/3 (before the quarter ended: not final) N, 10 R, — N, 60 M → none
    STP       nothing stored → none"""
    t = province
    store(t.commune, [20, 25, 40, 30])
    store(t.commune2, [10, 50, 20, Decimal("34.99")])
    store(t.other_district_commune, [20, 20, 20, 20])
    store(t.district, [None, 10, 10, 50])
    store(t.snv, [10, None, None, None], as_of=datetime(2022, 3, 15, 9, 0, tzinfo=data.VN))
    store(t.snv, [None, 10, None, 60])
    return t


def runs():
    return sorted((a.unit.name, a.first_period_end, a.last_period_end) for a in CorrectiveAction.objects.select_related("unit"))


def test_detection_after_the_year(figures):
    result = services.detect(today=date(2023, 1, 20))

    assert runs() == sorted([
        ("Xã Mỹ Đức", ENDS[0], ENDS[1]),
        ("Xã Mỹ Lộc", ENDS[2], ENDS[3]),
        ("Xã Canh Vinh", ENDS[0], ENDS[1]),
        ("Xã Canh Vinh", ENDS[2], ENDS[3]),
        ("Huyện Phù Mỹ", ENDS[1], ENDS[2]),
    ])
    assert (len(result.created), result.existing, result.plans) == (5, 0, 1)
    assert result.pairs == 7  # CT01 × the seven units it applies to; CT02 is entered by hand
    first = CorrectiveAction.objects.get(unit=figures.commune)
    assert first.state == "required"
    assert first.periods == "Quý I/2022, 6 tháng 2022"
    assert [(r["period"], Decimal(r["value"]), Decimal(r["threshold"])) for r in first.readings] == [
        ("Quý I/2022", 20, 35), ("6 tháng 2022", 25, 35)]


def test_detection_follows_a_kpi_refresh(figures):
    """The app listens to analytics' signal (cchc.corrective.apps): a refresh of 2022 requires its actions."""
    from cchc.analytics.signals import kpi_values_refreshed

    kpi_values_refreshed.send(sender=None, years=[2022, 2022])

    assert len(runs()) == 5  # today is after 2022: every period is final


def test_detection_is_idempotent(figures):
    services.detect(today=date(2023, 1, 20))
    audit_entries = LogEntry.objects.count()

    again = services.detect(today=date(2023, 1, 20))

    assert (len(again.created), again.existing) == (0, 5)
    assert CorrectiveAction.objects.count() == 5
    assert LogEntry.objects.count() == audit_entries


def test_a_period_counts_once_it_has_ended(figures):
    """On 20/10/2022 the year has not ended: commune2's run (9 months + year) is not complete yet."""
    services.detect(today=date(2022, 10, 20))

    assert runs() == sorted([
        ("Xã Mỹ Đức", ENDS[0], ENDS[1]),
        ("Xã Canh Vinh", ENDS[0], ENDS[1]),
        ("Huyện Phù Mỹ", ENDS[1], ENDS[2]),
    ])
    services.detect(today=date(2023, 1, 20))
    assert CorrectiveAction.objects.count() == 5  # the rest comes with the next run


def test_a_period_counts_once_it_has_settled(figures):
    """A period is final only after the settling delay (CCHC_SETTLING_DAYS, 15 days by default): on
    10/1/2023 the year has ended but its figures are still provisional, so the runs ending with the year
    wait; on 15/10/2022 the 9 months (ended 30/9) are still settling too."""
    services.detect(today=date(2023, 1, 10))
    assert runs() == sorted([
        ("Xã Mỹ Đức", ENDS[0], ENDS[1]),
        ("Xã Canh Vinh", ENDS[0], ENDS[1]),
        ("Huyện Phù Mỹ", ENDS[1], ENDS[2]),
    ])
    CorrectiveAction.objects.all().delete()
    services.detect(today=date(2022, 10, 15))
    assert runs() == sorted([("Xã Mỹ Đức", ENDS[0], ENDS[1]), ("Xã Canh Vinh", ENDS[0], ENDS[1])])


def test_an_answered_or_closed_action_is_not_required_again(figures):
    services.detect(today=date(2023, 1, 20))
    CorrectiveAction.objects.filter(unit=figures.commune).update(state="done")

    again = services.detect(today=date(2023, 1, 20))

    assert len(again.created) == 0
    assert CorrectiveAction.objects.get(unit=figures.commune).state == "done"


def test_nothing_before_the_first_quarter_ends(figures):
    assert services.detect(today=date(2022, 3, 31)).plans == 0
    assert not CorrectiveAction.objects.exists()


def test_a_unit_that_did_not_exist_yet_is_not_held_to_the_period(figures):
    """A unit created on 1/7/2022 (a reorganisation) answers only for periods it existed at the end of."""
    figures.other_district_commune.valid_from = date(2022, 7, 1)
    figures.other_district_commune.save()

    services.detect(today=date(2023, 1, 20))

    assert [r for r in runs() if r[0] == "Xã Canh Vinh"] == [("Xã Canh Vinh", ENDS[2], ENDS[3])]


def test_detection_is_recorded_in_the_audit_trail(figures):
    services.detect(today=date(2023, 1, 20))
    action = CorrectiveAction.objects.get(unit=figures.commune)
    assert LogEntry.objects.get_for_object(action).get().action == LogEntry.Action.CREATE


# --- The unit answers, the officer confirms ---------------------------------------------------------

@pytest.fixture
def required(province, plan):
    return data.action(plan=plan, unit=province.commune)


def answer(user, action, **changes):
    fields = {"explanation": "Thiếu máy quét tài liệu ở bộ phận một cửa.", "measure": "Trang bị 02 máy quét.",
              "responsible": "Phó Chủ tịch UBND xã Nguyễn Văn A", "due_date": date(2099, 3, 31), **changes}
    return services.respond(user=user, action=action, **fields)


def test_the_unit_answers_then_the_officer_confirms(required, users):
    answered = answer(users["focal_commune"], required)

    assert answered.state == "submitted"
    assert (answered.explanation, answered.action) == ("Thiếu máy quét tài liệu ở bộ phận một cửa.", "Trang bị 02 máy quét.")
    assert answered.submitted_by == users["focal_commune"] and answered.submitted_at is not None

    done = services.decide(user=users["officer"], action=answered, confirm=True, note="Đã kiểm tra thực tế.")

    assert done.state == "done" and done.confirmed_by == users["officer"] and done.officer_note == "Đã kiểm tra thực tế."
    changes = [e.changes_dict.get("state") for e in LogEntry.objects.get_for_object(done).order_by("timestamp", "pk")]
    assert changes == [["None", "required"], ["required", "submitted"], ["submitted", "done"]]


def test_the_officer_returns_an_answer_with_a_reason(required, users):
    answered = answer(users["focal_commune"], required)

    with pytest.raises(InvalidInput) as caught:
        services.decide(user=users["officer"], action=answered, confirm=False, note="  ")
    assert [i.field for i in caught.value.issues] == ["note"]

    returned = services.decide(user=users["officer"], action=answered, confirm=False, note="Nêu rõ số máy, kinh phí.")
    assert returned.state == "required" and returned.confirmed_at is None
    again = answer(users["focal_commune"], returned, measure="Trang bị 02 máy quét, kinh phí 30 triệu đồng.")
    assert again.state == "submitted"


@pytest.mark.parametrize("role", ["focal_commune2", "focal_district", "leader", "inspector", "officer"])
def test_only_the_units_focal_point_answers(required, users, role):
    with pytest.raises(NotAllowed):
        answer(users[role], required)
    required.refresh_from_db()
    assert required.state == "required"


@pytest.mark.parametrize("role", ["focal_commune", "leader", "inspector"])
def test_only_the_officer_decides(required, users, role):
    answered = answer(users["focal_commune"], required)
    with pytest.raises(NotAllowed):
        services.decide(user=users[role], action=answered, confirm=True)


def test_every_field_of_the_answer_is_required(required, users):
    with pytest.raises(InvalidInput) as caught:
        answer(users["focal_commune"], required, explanation=" ", measure="", responsible="", due_date=None)

    assert {i.field for i in caught.value.issues} == {"explanation", "action", "responsible", "due_date"}
    required.refresh_from_db()
    assert required.state == "required" and required.explanation == ""


def test_the_deadline_cannot_precede_the_requirement(required, users):
    with pytest.raises(InvalidInput) as caught:
        answer(users["focal_commune"], required, due_date=date(2020, 1, 1))
    assert "không được trước ngày có yêu cầu khắc phục" in caught.value.issues[0].message


def test_states_are_enforced(required, users):
    answered = answer(users["focal_commune"], required)
    with pytest.raises(DomainError) as caught:
        answer(users["focal_commune"], answered)
    assert "Chờ Sở Nội vụ xác nhận" in caught.value.message

    done = services.decide(user=users["officer"], action=answered, confirm=True)
    for attempt in (lambda: services.decide(user=users["officer"], action=done, confirm=False, note="x"),
                    lambda: answer(users["focal_commune"], done)):
        with pytest.raises(DomainError):
            attempt()


def test_open_counts(province, plan):
    data.action(plan=plan, unit=province.commune)
    data.action(plan=plan, unit=province.commune2, state="submitted")
    data.action(plan=plan, unit=province.district, state="done")

    assert services.open_counts(province.province) == {"required": 1, "submitted": 1}
    assert services.open_counts() == {"required": 1, "submitted": 1}


# --- Through the pages and the command ---------------------------------------------------------------

def test_the_journey_through_the_pages(required, users):
    focal, officer = client_for(user=users["focal_commune"]), client_for(user=users["officer"])

    form = focal.get(reverse("corrective:respond", args=[required.pk]))
    assert "Giải trình nguyên nhân không đạt" in form.content.decode()
    refused = focal.post(reverse("corrective:respond", args=[required.pk]),
                         {"explanation": "Lý do", "action": "", "responsible": "A", "due_date": "31/02/2099"})
    assert refused.status_code == 200  # the form again, with the errors
    assert "Trường này là bắt buộc." in refused.content.decode()
    required.refresh_from_db()
    assert required.state == "required"

    sent = focal.post(reverse("corrective:respond", args=[required.pk]), {
        "explanation": "Thiếu máy quét", "action": "Mua 02 máy quét", "responsible": "Chủ tịch UBND xã",
        "due_date": "31/03/2099"})
    assert sent.status_code == 302 and sent["Location"] == reverse("corrective:detail", args=[required.pk])
    required.refresh_from_db()
    assert required.state == "submitted" and required.due_date == date(2099, 3, 31)

    returned = officer.post(reverse("corrective:confirm", args=[required.pk]), {"decision": "return", "note": ""})
    assert "Ghi rõ lý do trả lại" in returned.content.decode()
    officer.post(reverse("corrective:confirm", args=[required.pk]), {"decision": "confirm", "note": "Đạt"})
    required.refresh_from_db()
    assert required.state == "done"

    page = focal.get(reverse("corrective:detail", args=[required.pk])).content.decode()
    assert "Chờ đơn vị giải trình → Chờ Sở Nội vụ xác nhận" in page
    assert "Chờ Sở Nội vụ xác nhận → Đã khắc phục" in page
    assert "Mua 02 máy quét" in page


def test_the_officer_runs_the_detection_from_the_list(figures, users):
    response = client_for(user=users["officer"]).post(reverse("corrective:detect"), follow=True)

    assert CorrectiveAction.objects.count() == 5  # today is after 2022
    assert "5 yêu cầu khắc phục mới" in response.content.decode()


def test_the_list_filters_by_state_and_unit(province, plan, users):
    data.action(plan=plan, unit=province.commune)
    data.action(plan=plan, unit=province.commune2, state="done")
    client = client_for(user=users["leader"])

    open_page = client.get(reverse("corrective:list")).content.decode()
    done_page = client.get(reverse("corrective:list") + "?state=done").content.decode()
    by_name = client.get(reverse("corrective:list") + "?state=all&q=Lộc").content.decode()

    assert "Xã Mỹ Đức" in open_page and "Xã Mỹ Lộc" not in open_page
    assert "Xã Mỹ Lộc" in done_page and "Xã Mỹ Đức" not in done_page
    assert "Xã Mỹ Lộc" in by_name and "Xã Mỹ Đức" not in by_name


def test_the_command(figures):
    out = io.StringIO()
    call_command("actions", "detect", "--year", "2022", stdout=out)
    assert "5" in out.getvalue() and CorrectiveAction.objects.count() == 5

    out = io.StringIO()
    call_command("actions", "detect", stdout=out)
    assert CorrectiveAction.objects.count() == 5
