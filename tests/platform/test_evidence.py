"""Evidence files (cchc.platform.evidence): which are accepted, and how one is kept. That plans and
reporting use them alike is tests/reporting/test_evidence_files.py."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.plans.models import Assignment, ProgressUpdate
from cchc.platform import evidence

MB = 2**20


@pytest.mark.parametrize(("name", "size", "expected"), [
    ("bien-ban.pdf", 10, []),
    ("BIEN_BAN.PDF", 10, []),  # judged on the lowercase suffix
    ("anh chup.JPeG", 10, []),
    ("so-lieu.xlsx", 20 * MB, []),  # the limit itself is allowed
    ("so-lieu.xlsx", 20 * MB + 1, ["Tệp vượt quá 20 MB."]),
    ("virus.exe", 10, ["Loại tệp không được chấp nhận: virus.exe."]),
    ("khong-duoi", 10, ["Loại tệp không được chấp nhận: khong-duoi."]),
    ("phim.mp4", 21 * MB, ["Loại tệp không được chấp nhận: phim.mp4.", "Tệp vượt quá 20 MB."]),
])
def test_what_is_accepted(settings, name, size, expected):
    settings.EVIDENCE_MAX_BYTES = 20 * MB
    upload = SimpleUploadedFile(name, b"")
    upload.size = size  # the check reads the declared size; no need to hold 20 MB in memory
    assert evidence.problems(upload) == expected


def test_a_limit_given_by_the_caller_wins_and_no_file_is_no_problem():
    assert evidence.problems(SimpleUploadedFile("a.pdf", b"x" * (MB + 1)), MB) == ["Tệp vượt quá 1 MB."]
    assert evidence.problems(None) == [] and evidence.problems(False) == []


def test_a_file_is_kept_under_its_checksum_and_lowercase_suffix(plan, province, users):
    content = b"%PDF-1.4 bien ban kiem tra"
    update = ProgressUpdate(assignment=Assignment.objects.get(task__plan=plan, unit=province.commune),
                            author=users["focal_commune"], progress=10, note="x")
    stored = evidence.store(update.evidence, SimpleUploadedFile("thu muc/Biên Bản.PDF", content))
    digest = hashlib.sha256(content).hexdigest()
    assert stored == ("Biên Bản.PDF", digest, len(content))
    assert update.evidence.name.endswith(f"/{digest[:16]}.pdf")
    with update.evidence.open("rb") as f:
        assert f.read() == content
