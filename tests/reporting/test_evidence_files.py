"""Evidence files are checked and kept the same way wherever they are uploaded (cchc.platform.evidence):
a task's progress update (plans) and a report's manual measure (reporting). Before, plans' service checked
no extension and kept a suffix's case, while reporting lowercased it; plans' form and reporting's form
checked different things."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import InvalidInput
from cchc.plans.forms import ProgressForm
from cchc.plans.models import Assignment, ProgressUpdate
from cchc.plans.services import report_progress
from cchc.reporting import services
from cchc.reporting.forms import ReportForm

MB = 2**20


def test_plans_and_reporting_refuse_and_keep_files_alike(report, users):
    """The same upload through both apps: the same refusal, the same stored name."""
    focal = users["focal_commune"]
    row = report.task_rows.get()
    assignment = Assignment.objects.get(pk=row.assignment_id)
    measure = report.measures.get()

    with pytest.raises(InvalidInput) as plans_refusal:
        report_progress(user=focal, assignment=assignment, progress=10, note="Ghi nhận",
                        evidence=SimpleUploadedFile("chay-thu.EXE", b"MZ"))
    with pytest.raises(InvalidInput) as reporting_refusal:
        services.save_report(user=focal, report=report, evidence={measure.pk: SimpleUploadedFile("chay-thu.EXE", b"MZ")})
    assert [i.message for i in plans_refusal.value.issues] == [i.message for i in reporting_refusal.value.issues] == [
        "Loại tệp không được chấp nhận: chay-thu.EXE."]
    assert not ProgressUpdate.objects.exists()

    content = b"%PDF-1.4 cung mot bien ban"
    update = report_progress(user=focal, assignment=assignment, progress=10, note="Ghi nhận",
                             evidence=SimpleUploadedFile("Biên bản.PDF", content))
    services.save_report(user=focal, report=report, evidence={measure.pk: SimpleUploadedFile("Biên bản.PDF", content)})
    measure.refresh_from_db()
    name = f"{hashlib.sha256(content).hexdigest()[:16]}.pdf"
    assert update.evidence.name.rsplit("/", 1)[-1] == measure.evidence.name.rsplit("/", 1)[-1] == name
    assert (update.evidence_name, update.evidence_sha256) == (measure.evidence_name, measure.evidence_sha256)


def test_the_forms_refuse_what_the_services_refuse(report, users, settings):
    settings.EVIDENCE_MAX_BYTES = MB
    big = SimpleUploadedFile("lon.pdf", b"x" * (MB + 1))
    form = ProgressForm({"progress": 10, "note": "x"}, {"evidence": big})
    assert not form.is_valid() and form.errors["evidence"] == ["Tệp vượt quá 1 MB."]
    measure = report.measures.get()
    form = ReportForm(report, {}, {f"measure-{measure.pk}-evidence": SimpleUploadedFile("lon.pdf", b"x" * (MB + 1))})
    assert not form.is_valid() and form.errors[f"measure-{measure.pk}-evidence"] == ["Tệp vượt quá 1 MB."]
