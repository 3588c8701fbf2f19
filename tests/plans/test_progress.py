"""Reporting progress on a task (who may, what is refused, the evidence file) and the status of a
unit's work as SQL computes it, checked against the rule in cchc.core.tasks."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import InvalidInput, NotAllowed
from cchc.core.tasks import is_due_soon, status_of
from cchc.plans.models import Assignment, ProgressUpdate, Task
from cchc.plans.services import report_progress, status_counts


@pytest.fixture
def assignment(plan, province) -> Assignment:
    """Xã Mỹ Đức's share of NV02 (focal_commune's unit)."""
    return Assignment.objects.get(task__plan=plan, task__code="NV02", unit=province.commune)


def _unchanged(assignment: Assignment) -> None:
    assignment.refresh_from_db()
    assert assignment.progress == 0
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["focal_commune", "officer", "admin"])
def test_the_units_focal_point_and_the_province_roles_report_progress(assignment, users, role):
    update = report_progress(user=users[role], assignment=assignment, progress=60, note="  Đã số hóa 60%  ")

    assignment.refresh_from_db()
    assert assignment.progress == 60
    assert (update.author, update.progress, update.note) == (users[role], 60, "Đã số hóa 60%")
    assert list(assignment.updates.all()) == [update]


@pytest.mark.parametrize("role", ["focal_commune2", "focal_district", "focal_snv", "leader", "inspector"])
def test_anyone_else_is_not_allowed(assignment, users, role):
    with pytest.raises(NotAllowed) as caught:
        report_progress(user=users[role], assignment=assignment, progress=60, note="Báo cáo thay")

    assert caught.value.message == "Bạn không có quyền thực hiện thao tác này."
    _unchanged(assignment)


@pytest.mark.parametrize("progress", [101, -1])
def test_progress_outside_0_to_100_is_refused(assignment, users, progress):
    with pytest.raises(InvalidInput) as caught:
        report_progress(user=users["focal_commune"], assignment=assignment, progress=progress, note="Sai số")

    assert [(i.field, i.message) for i in caught.value.issues] == [("progress", "Tiến độ phải từ 0 đến 100.")]
    _unchanged(assignment)


@pytest.mark.parametrize("note", ["", "   \n\t"])
def test_an_empty_note_is_refused(assignment, users, note):
    with pytest.raises(InvalidInput) as caught:
        report_progress(user=users["focal_commune"], assignment=assignment, progress=50, note=note)

    assert [(i.field, i.message) for i in caught.value.issues] == [("note", "Hãy ghi nội dung cập nhật.")]
    _unchanged(assignment)


def test_the_evidence_file_is_kept_with_its_checksum(assignment, users):
    content = "Biên bản kiểm tra số hóa hồ sơ, xã Mỹ Đức".encode() * 100

    update = report_progress(
        user=users["focal_commune"], assignment=assignment, progress=100, note="Hoàn thành",
        evidence=SimpleUploadedFile("Biên bản.pdf", content),
    )

    update.refresh_from_db()
    assert update.evidence_sha256 == hashlib.sha256(content).hexdigest()
    assert (update.evidence_name, update.evidence_size) == ("Biên bản.pdf", len(content))
    with update.evidence.open("rb") as stored:
        assert stored.read() == content


def test_evidence_over_the_size_limit_is_refused(assignment, users):
    with pytest.raises(InvalidInput) as caught:
        report_progress(
            user=users["focal_commune"], assignment=assignment, progress=50, note="Tệp lớn",
            evidence=SimpleUploadedFile("lon.pdf", b"x" * (1024 * 1024 + 1)), max_bytes=1024 * 1024,
        )

    assert [(i.field, i.message) for i in caught.value.issues] == [("evidence", "Tệp vượt quá 1 MB.")]
    _unchanged(assignment)


# --- status in SQL agrees with the rule -------------------------------------------------------------

TODAY = date(2024, 6, 15)
DEADLINES = {
    "none": None,
    "long past": date(2022, 12, 31),
    "yesterday": TODAY - timedelta(days=1),
    "today": TODAY,
    "tomorrow": TODAY + timedelta(days=1),
}
PROGRESSES = (0, 1, 50, 99, 100)


def test_the_sql_status_agrees_with_status_of(plan, province):
    area = plan.areas.get(code="TTHC")
    units = [province.commune, province.commune2, province.other_district_commune, province.snv, province.stp]
    expected = {}
    for number, (label, deadline) in enumerate(DEADLINES.items()):
        task = Task.objects.create(plan=plan, area=area, code=f"LUOI{number}", title=f"Hạn {label}", deadline=deadline)
        for progress, unit in zip(PROGRESSES, units, strict=True):
            a = Assignment.objects.create(task=task, unit=unit, progress=progress)
            expected[a.pk] = status_of(progress, deadline, TODAY)

    got = dict(Assignment.objects.filter(pk__in=expected).with_status(TODAY).values_list("pk", "status"))

    assert got == expected
    # The grid reaches every status, so agreement is not vacuous.
    assert set(expected.values()) == {"not_started", "in_progress", "done", "overdue"}


def test_the_sql_due_soon_agrees_with_is_due_soon(plan, province):
    """Deadlines around both ends of the 14 days (the day before today, today, the 14th day, the 15th)."""
    area = plan.areas.get(code="TTHC")
    units = [province.commune, province.commune2, province.other_district_commune, province.snv, province.stp]
    deadlines = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=14), TODAY + timedelta(days=15)]
    expected = {}
    for number, deadline in enumerate(deadlines):
        task = Task.objects.create(plan=plan, area=area, code=f"SAP{number}", title="Sắp đến hạn", deadline=deadline)
        for progress, unit in zip(PROGRESSES, units, strict=True):
            a = Assignment.objects.create(task=task, unit=unit, progress=progress)
            expected[a.pk] = is_due_soon(progress, deadline, TODAY)

    got = set(Assignment.objects.filter(pk__in=expected).due_soon(TODAY).values_list("pk", flat=True))

    assert got == {pk for pk, soon in expected.items() if soon}
    assert 0 < len(got) < len(expected)  # both answers occur: agreement is not vacuous


def test_status_counts_counts_every_status(plan, province):
    """NV01 (SNV, due 31/12/2022) is overdue on 15/6/2024; NV02's three communes are due in 2099."""
    Assignment.objects.filter(task__code="NV02", unit=province.commune).update(progress=100)
    Assignment.objects.filter(task__code="NV02", unit=province.commune2).update(progress=40)

    counts = status_counts(Assignment.objects.filter(task__plan=plan), TODAY)

    assert counts == {"not_started": 1, "in_progress": 1, "done": 1, "overdue": 1}
