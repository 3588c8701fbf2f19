"""Hostile files for the readers' limits, built without a spreadsheet library so that a file of millions of
rows or of a gibibyte of blanks takes seconds and little memory to make (issue #10: a 423 KB .xlsx of
3,000,000 one-cell rows, a 1 MB .xlsx of 1 GiB of whitespace, a 3 MB JSON ``[{},{},…]``). Used by
tests/dossiers/test_hostile_files.py at modest sizes and by bench/hostile_files.py at full size."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _xlsx(write_sheet, dimension: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = _SHEET_HEAD.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "")
            sheet.write(head.encode())
            write_sheet(sheet)
            sheet.write(_SHEET_TAIL.encode())
    return out.getvalue()


def many_rows_xlsx(rows: int, *, declare: bool = False) -> bytes:
    """A header ``code`` and ``rows`` one-cell rows; ``declare`` writes the sheet's true dimension (a file
    that says at once how big it is), else none (the rows must be counted as they stream)."""
    one = "".join(f"<row>{_cell('HS')}</row>" for _i in range(1000)).encode()

    def write(sheet):
        sheet.write(f"<row>{_cell('code')}</row>".encode())
        for _block in range(rows // 1000):
            sheet.write(one)
        sheet.write("".join(f"<row>{_cell('HS')}</row>" for _i in range(rows % 1000)).encode())

    return _xlsx(write, dimension=f"A1:A{rows + 1}" if declare else "")


def blank_xlsx(blank_bytes: int, *, inside_cell: bool = True) -> bytes:
    """A header row, then ``blank_bytes`` of spaces: in one cell's text (``inside_cell``) or between rows.
    Deflate packs a gibibyte of spaces into about a mebibyte."""
    block = b" " * (1024 * 1024)

    def write(sheet):
        sheet.write(f"<row>{_cell('code')}</row>".encode())
        sheet.write(b'<row><c t="inlineStr"><is><t>' if inside_cell else b"")
        for _i in range(blank_bytes // len(block)):
            sheet.write(block)
        sheet.write(b" " * (blank_bytes % len(block)))
        sheet.write(b"</t></is></c></row>" if inside_cell else b"")

    return _xlsx(write)


def header_only_xlsx() -> bytes:
    """A sheet with the header row of CCHC's schema and no data row."""
    header = "".join(_cell(name) for name in ("code", "unit_code", "procedure_code", "status", "received_at"))
    return _xlsx(lambda sheet: sheet.write(f"<row>{header}</row>".encode()))


def empty_objects_json(count: int) -> bytes:
    """``[{},{},…]``: ``count`` empty objects, 3 bytes each."""
    return b"[" + b",".join([b"{}"] * count) + b"]"


def nested_json(depth: int) -> bytes:
    """A list nested ``depth`` deep, which a recursive parser cannot follow."""
    return b"[" * depth + b"]" * depth


def many_rows_csv(rows: int, header: str = "code,unit_code,procedure_code,status,received_at") -> bytes:
    """A CSV header and ``rows`` lines of one bad row repeated (every cell wrong)."""
    return (header + "\n" + "x,y,z,0,nope\n" * rows).encode()
