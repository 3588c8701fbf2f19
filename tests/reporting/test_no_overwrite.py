"""A report never writes a stale task progress over a newer one (issue 9 item 3).

The issue's journey: Xã Mỹ Đức's report is prefilled with its task at 70%; the focal point then records
85% on the task, with evidence, through the plan's progress update; the report is submitted, returned and
resubmitted. Before the fix the resubmission wrote 70% back over 85% and nobody was told. Here the task
keeps 85%, the report shows 85%, and the page said so with the update's date and author. Also: a row the
focal point changed while the task moved on is refused until confirmed, naming the task; a row changed
with no newer update is written, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone

from cchc.core.errors import InvalidInput
from cchc.plans.models import Assignment, ProgressUpdate
from cchc.plans.services import report_progress
from cchc.reporting import services
from tests.factories import client_for

from .conftest import DEADLINE, OPENED, fill

APRIL_5 = datetime(2022, 4, 5, 3, 0, tzinfo=UTC)
APRIL_8 = datetime(2022, 4, 8, 3, 0, tzinfo=UTC)
APRIL_12 = datetime(2022, 4, 12, 3, 0, tzinfo=UTC)


@pytest.fixture
def report(province, plan, users, kpis):
    """The commune's report, prefilled while its one task stood at 70%."""
    assignment = Assignment.objects.get(task__plan=plan, unit=province.commune)
    report_progress(user=users["focal_commune"], assignment=assignment, progress=70, note="Đã số hóa 70% kết quả")
    period = services.open_period(
        user=users["officer"], province=province.province, kind="quarter", year=2022, number=1, deadline=DEADLINE,
        units=[province.commune], now=OPENED)
    report = services.current_report(period, province.commune.pk)
    fill(report, users["focal_commune"])
    return report


def _task_moves_to_85(report, user) -> ProgressUpdate:
    """The plan's own progress update, with its evidence file, made after the report was prefilled."""
    row = report.task_rows.get()
    return report_progress(user=user, assignment=row.assignment, progress=85, note="Đã số hóa 85% kết quả",
                           evidence=SimpleUploadedFile("Biên bản 85.pdf", b"%PDF-1.4 bien ban"))


def _page_data(page_form, **override) -> dict:
    """What the report page's form posts when the focal point changes nothing: every field as rendered,
    including the hidden values the page writes for each task row."""
    data = {}
    for name in page_form.fields:
        value = page_form[name].value()
        if name.endswith("-confirm"):
            if value:
                data[name] = "on"
            continue
        if name.endswith("-evidence"):
            continue
        data[name] = "" if value is None else value
    for row in page_form.task_rows:
        state = page_form.task_states[row.pk]
        data[f"task-{row.pk}-base"] = state.shown
        if state.current is not None:
            data[f"task-{row.pk}-seen"] = state.current
    data.update(override)
    return data


def _assert_task_at(report, progress: int, updates: int) -> None:
    row = report.task_rows.get()
    assert Assignment.objects.get(pk=row.assignment_id).progress == progress
    assert ProgressUpdate.objects.filter(assignment_id=row.assignment_id).count() == updates


def test_the_issue_journey_keeps_the_newer_progress(report, users, django_capture_on_commit_callbacks):
    focal, officer = users["focal_commune"], users["officer"]
    client = client_for(user=focal)
    url = reverse("reporting:report", args=[report.pk])
    row = report.task_rows.get()
    assert (row.prefilled_progress, row.progress) == (70, 70)
    update = _task_moves_to_85(report, focal)

    # The page shows the newer value in the field and says which task moved, from what, to what, when, by whom.
    response = client.get(url)
    page, form = response.content.decode(), response.context["form"]
    assert form[f"task-{row.pk}-progress"].value() == 85
    when = formats.date_format(timezone.localtime(update.created_at), "SHORT_DATETIME_FORMAT")
    notice = form.task_states[row.pk].notice()
    assert notice == ("Nhiệm vụ đã được cập nhật sau khi báo cáo được điền sẵn (70%): "
                      f"85% lúc {when} (Người focal_commune). Báo cáo lấy tiến độ mới này; hãy kiểm tra trước khi gửi.")
    assert notice in page
    # The page posts back what it showed, so the service tells an edit from an unchanged or older page.
    assert f'name="task-{row.pk}-base" value="85"' in page and f'name="task-{row.pk}-seen" value="85"' in page

    # Submitted as shown: nothing is written to the task, the report now says 85.
    response = client.post(url, _page_data(form, action="submit"))
    assert response.status_code == 302
    _assert_task_at(report, 85, updates=2)
    row.refresh_from_db()
    assert (row.prefilled_progress, row.progress) == (85, 85)

    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(user=officer, report=report, comment="Bổ sung số liệu.", now=APRIL_8)
    form = client.get(url).context["form"]
    assert not form.task_states[row.pk].notice()  # nothing newer any more: nothing to confirm
    response = client.post(url, _page_data(form, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "resubmitted"
    _assert_task_at(report, 85, updates=2)
    assert report.task_rows.get().progress == 85
    assert ProgressUpdate.objects.filter(assignment_id=row.assignment_id).first().evidence_name == "Biên bản 85.pdf"


def test_a_resubmission_through_the_services_alone_keeps_the_newer_progress(report, users):
    """The same loop without the page (the API's submit): the row takes the newer value at submission."""
    focal = users["focal_commune"]
    services.submit(user=focal, report=report, now=APRIL_5)
    services.return_report(user=users["officer"], report=report, comment="Bổ sung.", now=APRIL_8)
    _task_moves_to_85(report, focal)
    services.submit(user=focal, report=report, now=APRIL_12)
    _assert_task_at(report, 85, updates=2)
    assert report.task_rows.get().progress == 85


def test_a_page_opened_before_the_task_moved_does_not_write_its_old_value(report, users):
    """The focal point opens the report (70%), records 85% on the task in another tab, then submits the
    report's tab unchanged: the old page's 70 is not an edit, the task keeps 85."""
    client = client_for(user=users["focal_commune"])
    url = reverse("reporting:report", args=[report.pk])
    old_page = client.get(url).context["form"]
    _task_moves_to_85(report, users["focal_commune"])
    assert client.post(url, _page_data(old_page, action="submit")).status_code == 302
    _assert_task_at(report, 85, updates=2)
    assert report.task_rows.get().progress == 85


def test_a_row_changed_while_the_task_moved_is_refused_until_confirmed(report, users):
    focal = users["focal_commune"]
    client = client_for(user=focal)
    url = reverse("reporting:report", args=[report.pk])
    row = report.task_rows.get()
    old_page = client.get(url).context["form"]
    _task_moves_to_85(report, users["officer"])

    # The old page (70%) is changed to 90% and sent: the edit was made against 70, the task is at 85.
    response = client.post(url, _page_data(old_page, action="submit", **{f"task-{row.pk}-progress": 90}))
    assert response.status_code == 200
    page, form = response.content.decode(), response.context["form"]
    message = form.errors[f"task-{row.pk}-progress"][0]
    assert message.startswith(f"Nhiệm vụ {row.task_code}: tiến độ đã được cập nhật lên 85% lúc ")
    assert message.endswith("sau khi báo cáo được điền sẵn 70%, trong khi báo cáo ghi 90%. "
                            "Hãy kiểm tra và xác nhận tiến độ trước khi gửi.")
    assert "(Người officer)" in message
    assert "Xác nhận tiến độ" in page and f'name="task-{row.pk}-confirm"' in page
    report.refresh_from_db()
    assert report.state == "draft"
    _assert_task_at(report, 85, updates=2)
    row.refresh_from_db()
    assert (row.prefilled_progress, row.progress) == (70, 90)  # saved, so the choice is not lost

    # The service refuses the same way, whoever calls it.
    with pytest.raises(InvalidInput) as caught:
        services.submit(user=focal, report=report)
    assert [i.field for i in caught.value.issues] == [f"task-{row.pk}-progress"]

    # Confirmed on the page that showed the conflict: 90% is the focal point's choice, and it is written.
    response = client.post(url, _page_data(form, action="submit", **{f"task-{row.pk}-confirm": "on"}))
    assert response.status_code == 302
    _assert_task_at(report, 90, updates=3)
    assert ProgressUpdate.objects.filter(assignment_id=row.assignment_id).first().author == focal


def test_a_conflict_is_also_resolved_by_taking_the_tasks_value(report, users):
    row = report.task_rows.get()
    services.save_report(user=users["focal_commune"], report=report, tasks={row.pk: {"progress": 90, "seen": 70}})
    _task_moves_to_85(report, users["officer"])
    with pytest.raises(InvalidInput):
        services.submit(user=users["focal_commune"], report=report)
    services.save_report(user=users["focal_commune"], report=report, tasks={row.pk: {"progress": 85, "seen": 85}})
    services.submit(user=users["focal_commune"], report=report)
    _assert_task_at(report, 85, updates=2)


def test_a_confirmation_against_an_older_value_is_not_one(report, users):
    """Ticking "confirm" on a page that showed 85 while the task has since moved to 95 confirms nothing."""
    row = report.task_rows.get()
    focal = users["focal_commune"]
    services.save_report(user=focal, report=report, tasks={row.pk: {"progress": 90, "seen": 70}})
    _task_moves_to_85(report, users["officer"])
    report_progress(user=users["officer"], assignment=row.assignment, progress=95, note="Gần xong")
    services.save_report(user=focal, report=report, tasks={row.pk: {"progress": 90, "base": 90, "seen": 85, "confirm": True}})
    with pytest.raises(InvalidInput):
        services.submit(user=focal, report=report)
    _assert_task_at(report, 95, updates=3)


def test_an_api_edit_without_seen_is_a_conflict_when_the_task_moved(report, users):
    """A client that does not say which task value it saw is not trusted to overwrite a newer one."""
    row = report.task_rows.get()
    _task_moves_to_85(report, users["officer"])
    services.save_report(user=users["focal_commune"], report=report, tasks={row.pk: {"progress": 90}})
    with pytest.raises(InvalidInput):
        services.submit(user=users["focal_commune"], report=report)
    _assert_task_at(report, 85, updates=2)


def test_a_change_with_no_newer_update_is_written(report, users):
    focal = users["focal_commune"]
    client = client_for(user=focal)
    url = reverse("reporting:report", args=[report.pk])
    row = report.task_rows.get()
    form = client.get(url).context["form"]
    assert not form.task_states[row.pk].notice()
    response = client.post(url, _page_data(form, action="submit", **{f"task-{row.pk}-progress": 90,
                                                                     f"task-{row.pk}-note": "Số hóa 90%"}))
    assert response.status_code == 302
    _assert_task_at(report, 90, updates=2)
    update = ProgressUpdate.objects.filter(assignment_id=row.assignment_id).first()
    assert (update.progress, update.note, update.author) == (90, "Số hóa 90%", focal)
    row.refresh_from_db()
    assert (row.prefilled_progress, row.progress) == (90, 90)  # the task now holds the report's value

    # Returned and resubmitted unchanged: nothing is written again.
    services.return_report(user=users["officer"], report=report, comment="Bổ sung.", now=APRIL_8)
    services.submit(user=focal, report=report, now=APRIL_12)
    _assert_task_at(report, 90, updates=2)


def test_the_api_shows_the_newer_value_and_takes_a_confirmation(report, users):
    client = client_for(user=users["focal_commune"])
    row = report.task_rows.get()
    _task_moves_to_85(report, users["officer"])
    (task,) = client.get(f"/api/v1/reports/{report.pk}").json()["tasks"]
    assert (task["prefilled_progress"], task["progress"], task["task_progress"], task["sync"]) == (70, 85, 85, "take_newer")

    def put(body):
        return client.put(f"/api/v1/reports/{report.pk}", {"tasks": [{"id": row.pk, **body}]}, content_type="application/json")

    (task,) = put({"progress": 90}).json()["tasks"]  # without "seen": made against the older 70
    assert (task["progress"], task["sync"]) == (90, "conflict")
    assert client.post(f"/api/v1/reports/{report.pk}/submit").status_code == 400
    (task,) = put({"seen": 85, "confirm": True}).json()["tasks"]
    assert (task["progress"], task["sync"]) == (90, "write")
    assert client.post(f"/api/v1/reports/{report.pk}/submit").status_code == 200
    _assert_task_at(report, 90, updates=3)


def test_the_notice_and_the_refusal_read_in_english(report, users):
    client = client_for(user=users["focal_commune"])
    client.cookies["django_language"] = "en"
    url = reverse("reporting:report", args=[report.pk])
    row = report.task_rows.get()
    old_page = client.get(url).context["form"]
    _task_moves_to_85(report, users["officer"])
    assert "The task was updated after the report was filled (70%): 85% at " in client.get(url).content.decode()
    response = client.post(url, _page_data(old_page, action="submit", **{f"task-{row.pk}-progress": 90}))
    page = response.content.decode()
    assert f"Task {row.task_code}: its progress was updated to 85% at " in page
    assert "Confirm the report&#x27;s progress of NV02 over the task&#x27;s newer update" in page


def test_a_row_whose_task_left_the_plan_is_kept_and_writes_nothing(report, users):
    row = report.task_rows.get()
    services.save_report(user=users["focal_commune"], report=report, tasks={row.pk: {"progress": 90}})
    Assignment.objects.filter(pk=row.assignment_id).delete()  # a plan re-imported without the task
    services.submit(user=users["focal_commune"], report=report)
    row.refresh_from_db()
    assert (row.assignment_id, row.progress) == (None, 90)
    assert not ProgressUpdate.objects.exists()
