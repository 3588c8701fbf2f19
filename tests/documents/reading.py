"""Reading a generated DOCX back with python-docx, the way a reviewer would check it."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.oxml.ns import qn
from docx.shared import Length

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes):
    return docx.Document(BytesIO(data))


def mm(length: Length | None) -> float:
    assert length is not None
    return round(length.mm, 1)


def grid_mm(table) -> list[float]:
    """Column widths as written in w:tblGrid (what LibreOffice lays out by)."""
    return [mm(col.w) for col in table._tbl.tblGrid.gridCol_lst]


def cell_widths_mm(table) -> list[list[float]]:
    return [[mm(cell.width) for cell in row.cells] for row in table.rows]


def all_text(document) -> str:
    """Every paragraph of the body and of its tables, in order, one per line."""
    lines = []
    for block in document.element.body.iter(f"{W}p"):
        lines.append("".join(t.text or "" for t in block.iter(f"{W}t")))
    return "\n".join(lines)


def run_of(paragraph):
    runs = [r for r in paragraph.runs if r.text]
    assert len(runs) == 1, [r.text for r in runs]
    return runs[0]


def size_pt(run) -> float:
    return run.font.size.pt


def has_bottom_border(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return False
    bottom = p_pr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    return bottom is not None and bottom.get(qn("w:val")) == "single"


def field_instructions(part_element) -> list[str]:
    return [(t.text or "").strip() for t in part_element.iter(f"{W}instrText")]


def table_borders(table) -> dict[str, str]:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is None:
        return {}
    return {child.tag.replace(W, ""): child.get(qn("w:val")) for child in borders}
