"""The rows an import left out (``valid_rows``), given back as a file the officer corrects and imports
again: the same format as the file uploaded (CSV → CSV with its delimiter, XLSX → XLSX, JSON → a JSON
list of records), the same columns and cells as written, and one more column, ``Lỗi`` (ERROR_COLUMN),
with the row's problems in Vietnamese. The import reads that column past, in either schema
(cchc.dossiers.ingest.schemas), so the corrected file imports as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.utils import translation

from cchc.core.errors import Issue
from cchc.platform.tables import csv_lines, read_table

from .ingest.schemas import ERROR_COLUMN


def _messages(issues: Iterable[Issue]) -> dict[int, str]:
    """Row number → its problems, each with the column it is about, in Vietnamese (the file's language,
    whoever reads it)."""
    found: dict[int, list[str]] = defaultdict(list)
    with translation.override("vi"):
        for issue in issues:
            if issue.row is None:
                continue
            text = issue.text()
            found[issue.row].append(f"{issue.field}: {text}" if issue.field else text)
    return {row: "; ".join(dict.fromkeys(texts)) for row, texts in found.items()}


def refused_file(content: bytes, filename: str, issues: Iterable[Issue]) -> bytes:
    """The rows of the file ``filename`` (``content``) that ``issues`` name, in the file's own format, with
    the ERROR_COLUMN added; rows in the order of the file. Issues of other files are not considered."""
    messages = _messages(i for i in issues if i.file == filename)
    lower = filename.lower()
    if lower.endswith(".csv"):
        delimiter, header, rows = csv_lines(content, filename)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([*header, ERROR_COLUMN])
        for number in sorted(messages):
            cells = rows.get(number, [])
            writer.writerow([*cells, *[""] * (len(header) - len(cells)), messages[number]])
        return out.getvalue().encode("utf-8-sig")  # with a BOM: Excel then reads the accents right
    table = read_table(content, filename)
    wanted = [(number, row) for number, row in zip(table.numbers, table.rows, strict=True) if number in messages]
    if lower.endswith(".xlsx"):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append([*table.header, ERROR_COLUMN])
        for number, row in wanted:
            sheet.append([*row, messages[number]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    records = [{**row, ERROR_COLUMN: messages[number]} for number, row in wanted]
    return json.dumps(records, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def refused_name(filename: str) -> str:
    """The name of the file of refused rows: "ket-xuat.csv" → "ket-xuat-dong-loi.csv"."""
    path = Path(filename)
    return f"{path.stem}-dong-loi{path.suffix.lower()}"
