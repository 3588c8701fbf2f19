"""Evidence files (a task's progress update, a report's manual measure, a report's attachment): which
files are accepted and how they are kept, the same wherever a file is uploaded.

Accepted: office documents, PDF, images, plain text and ZIP, compared on the lowercase suffix (a scan named
``BIEN_BAN.PDF`` is a PDF), up to ``settings.EVIDENCE_MAX_BYTES`` (``CCHC_EVIDENCE_MAX_MB``, 20 MB by
default) [I: what officials attach as minh chứng; the size keeps a mail-sized scan and refuses videos].
Kept: under the SHA-256 of its content (first 16 hex digits) and its lowercase suffix, so the same file
uploaded twice is one stored name and a file name typed by the user never becomes a path; the original
name, the full checksum and the size are recorded beside it so the file can be shown and verified.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from cchc.core.errors import Issue

EVIDENCE_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".zip", ".txt"})


class StoredFile(NamedTuple):
    name: str  # as uploaded, without its folders
    sha256: str
    size: int


def suffix(name: str) -> str:
    """The suffix a file is judged and stored by: lowercase, at most 10 characters (``.PDF`` → ``.pdf``)."""
    return Path(name).suffix.lower()[:10]


def max_bytes(limit: int | None = None) -> int:
    return limit if limit is not None else settings.EVIDENCE_MAX_BYTES


def problems(upload: UploadedFile | None, limit: int | None = None) -> list[str]:
    """What is wrong with an uploaded file (nothing for no file): its type, its size; each message names
    the file or the limit, in the reader's language."""
    if not upload:  # None, or False for a cleared file field
        return []
    out = []
    if suffix(upload.name) not in EVIDENCE_EXTENSIONS:
        out.append(_("Loại tệp không được chấp nhận: {name}.").format(name=upload.name))
    if upload.size > max_bytes(limit):
        out.append(_("Tệp vượt quá {mb} MB.").format(mb=max_bytes(limit) // 2**20))
    return out


def check_file(upload: UploadedFile | None, field: str, issues: list[Issue], limit: int | None = None) -> None:
    """Add an issue on ``field`` for each problem of ``upload`` (services report every problem at once)."""
    issues.extend(Issue(message, field=field) for message in problems(upload, limit))


def store(field, upload: UploadedFile) -> StoredFile:
    """Save ``upload`` into the model's FileField ``field`` (without saving the model) under its checksum
    and lowercase suffix; the caller records the returned name, checksum and size."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    field.save(f"{digest.hexdigest()[:16]}{suffix(upload.name)}", upload, save=False)
    return StoredFile(Path(upload.name).name[:255], digest.hexdigest(), upload.size)


def _limit_text() -> str:
    return _("PDF, Word, Excel, ảnh hoặc ZIP; tối đa {mb} MB.").format(mb=max_bytes() // 2**20)


#: A form field's help text, translated when shown (forms are defined at import time).
limit_text = lazy(_limit_text, str)
