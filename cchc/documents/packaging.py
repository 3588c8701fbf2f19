"""Byte-for-byte reproducible Office files (DOCX, XLSX).

A DOCX or XLSX is a ZIP package. python-docx and openpyxl stamp each ZIP entry with the time of saving,
and openpyxl also writes the time of saving into ``docProps/core.xml``, so the same document saved twice
differs in its bytes though not in its content. :func:`normalise_package` rewrites a package with every
entry stamped with one given time (the document's date), the core properties' created and modified dates
set to it, and fixed file attributes, so that the same inputs give the same bytes (issue #4: documents are
"reproducible for a period"). The entries keep their order and content; compression is DEFLATE.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from io import BytesIO

__all__ = ["normalise_package", "package_time"]

CORE_PROPERTIES = "docProps/core.xml"
_CORE_DATE = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)"
)
ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a ZIP entry can carry


def package_time(day: date | datetime) -> datetime:
    """Midnight of ``day`` (a naive datetime): the time every entry of the document's package carries."""
    if isinstance(day, datetime):
        day = day.date()
    return max(datetime.combine(day, time()), ZIP_EPOCH)


def normalise_package(data: bytes, when: datetime) -> bytes:
    """``data`` (a DOCX or XLSX) rewritten with every entry dated ``when`` and the core properties'
    created/modified dates set to ``when`` (written as UTC, as the format expects)."""
    when = max(when.replace(tzinfo=None, microsecond=0), ZIP_EPOCH)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            blob = src.read(entry.filename)
            if entry.filename == CORE_PROPERTIES:
                blob = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), blob)
            info = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            info.external_attr = 0o644 << 16
            dst.writestr(info, blob)
    return out.getvalue()
