"""The PAR index documents (issue 13 item 4) as DOCX in the NĐ 30/2020 format and as XLSX: a unit's
self-assessment report and the province's result, the annex to the publishing decision.

The self-assessment report has the three parts BNV Công văn 383/384 ask for (DOMAIN §12.3 [C R24]): (a) a
table of self-scores per criterion (area → criterion → component criterion with its maximum, the self-score
and the evidence documents with their number and the page or section that proves it), (b) the explanations
for the items without full evidence, (c) difficulties and recommendations; signed by the unit's head. The
result annex lists, per block, every unit with its total, index (%), ranks and band, issued under the
province (NĐ 30/2020 Phụ lục I, row "Phụ lục": "Phụ lục", the title in capitals, "(Kèm theo Quyết định số
… ngày … của …)"; an annex carries no number and no signature of its own).

Plain values in, bytes out, through the one official-document writer (officialdoc) and the annexes'
spreadsheet styles: no model is imported here (cchc.parindex.documents gathers the content). The wording is
configuration (cchc/parindex/data/wording.yaml, [K]) carried in the content. The documents are official
Vietnamese texts whatever the reader's interface language, as the inspection documents are; the same
content gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .annexes import DECIMAL_FORMAT, FONT, HEADER_STYLE, NUMBER_STYLE, TEXT_STYLE, _add_styles
from .officialdoc import Layout, OfficialDocument
from .packaging import normalise_package, package_time
from .vietnamese import format_date_long, format_number

__all__ = ["Agency", "AreaRows", "BlockResult", "ComponentRow", "CriterionRows", "EvidenceDoc", "ResultContent",
           "ResultRow", "SelfAssessmentContent", "build_result_annex_docx", "build_result_xlsx",
           "build_self_assessment_docx", "build_self_assessment_xlsx"]

#: A4 portrait with a smaller table text: the self-assessment table has five columns on 165 mm.
LAYOUT = Layout(table_pt=11)
SELF_WIDTHS_MM = (16, 69, 18, 18, 44)
RESULT_WIDTHS_MM = (11, 60, 19, 19, 20, 18, 18)
#: Where an undated document's package time comes from when it has no date of issue (reproducible bytes).
UNDATED = date(2000, 1, 1)
HEADER_ROW = 5
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- content ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    """Who issues the self-assessment report (NĐ 30/2020 ô 2, 3, 4, 7): the unit under its parent."""

    parent: str  # "Ủy ban nhân dân tỉnh Gia Lai"
    issuer: str  # "Sở Tư pháp", "Ủy ban nhân dân xã Mỹ Đức"
    abbreviation: str = ""  # "STP", "UBND": the symbol is "BC-STP"
    place: str = ""
    signer_authority: Sequence[str] = ()
    signer_name: str = ""


@dataclass(frozen=True)
class EvidenceDoc:
    number: str  # số, ký hiệu văn bản
    locator: str  # trang, mục chứng minh


@dataclass(frozen=True)
class ComponentRow:
    """One component criterion (tiêu chí thành phần) of the unit's self-assessment."""

    code: str
    name: str
    max_points: Decimal
    method: str  # "evidence", "computed", "survey"
    method_label: str
    self_points: Decimal | None
    applicable: bool = True
    evidence_state: str = ""  # its label: "Đủ minh chứng", "Minh chứng chưa đầy đủ", …
    full_evidence: bool = True  # False: the item is listed among the explanations
    evidence: Sequence[EvidenceDoc] = ()
    explanation: str = ""
    computed: str = ""  # method "computed": the figure, its date and source, in words


@dataclass(frozen=True)
class CriterionRows:
    code: str
    name: str
    max_points: Decimal
    self_points: Decimal | None  # the sum of its applicable components' self-scores
    components: Sequence[ComponentRow]


@dataclass(frozen=True)
class AreaRows:
    code: str
    name: str
    max_points: Decimal
    self_points: Decimal | None
    criteria: Sequence[CriterionRows]


@dataclass(frozen=True)
class SelfAssessmentContent:
    year: int
    unit: str
    version: str  # "Quyết định số 1234/QĐ-UBND ngày … về Bộ chỉ số …" or the version's name
    agency: Agency
    issued_on: date | None
    areas: Sequence[AreaRows]
    self_total: Decimal | None
    applicable_max: Decimal | None
    wording: Mapping[str, Any]
    number: int | None = None
    difficulties: str = ""
    recommendations: str = ""
    masked: Sequence[str] = ()  # names of what does not apply to the unit
    mask_reason: str = ""
    notes: Sequence[str] = ()  # e.g. that the index is illustrative

    def explained(self) -> list[ComponentRow]:
        """The items without full evidence, in the table's order: applicable components whose evidence
        does not prove the self-score (DOMAIN §12.3: an explanation is required for them)."""
        return [c for a in self.areas for cr in a.criteria for c in cr.components if c.applicable and not c.full_evidence]


@dataclass(frozen=True)
class ResultRow:
    """One unit's published result (the stored figures of its assessment)."""

    unit: str
    total: Decimal | None
    applicable_max: Decimal | None
    index_value: Decimal | None
    rank_in_block: int | None
    rank_overall: int | None
    band: str  # the band's label ("Nhóm A"), "" below every band
    areas: Sequence[Decimal | None] = ()  # the final points per area, in the block's area order


@dataclass(frozen=True)
class BlockResult:
    block: str  # its name: "Khối sở, ban, ngành"
    version: str
    areas: Sequence[tuple[str, str, Decimal]]  # (code, name, maximum)
    rows: Sequence[ResultRow]


@dataclass(frozen=True)
class ResultContent:
    year: int
    province: str  # "tỉnh Gia Lai"
    blocks: Sequence[BlockResult]
    wording: Mapping[str, Any]
    decision: str = ""  # "123/QĐ-UBND"; empty before publication
    decided_on: date | None = None
    draft: bool = False  # not published yet: "DỰ THẢO" on the document
    notes: Sequence[str] = field(default_factory=tuple)


# --- helpers ------------------------------------------------------------------------------------


def _fill(text: str, **values: object) -> str:
    return str(text).format(**values)


def _points(value: Decimal | None) -> str:
    return "" if value is None else format_number(value, 2)


def _evidence_text(row: ComponentRow, w: Mapping[str, Any]) -> str:
    if row.computed:
        return row.computed
    if row.method == "survey" and not row.evidence:
        return w["survey"]
    return "; ".join(f"{e.number} ({e.locator})" if e.locator else e.number for e in row.evidence)


def self_assessment_rows(content: SelfAssessmentContent) -> list[list[object]]:
    """The table of self-scores as the DOCX prints it (area and criterion rows with their sums, then each
    component), the total last; the XLSX writes the same figures."""
    w = content.wording["self_assessment"]
    rows: list[list[object]] = []
    for area in content.areas:
        rows.append([area.code, area.name.upper(), area.max_points, area.self_points, ""])
        for criterion in area.criteria:
            rows.append([criterion.code, criterion.name, criterion.max_points, criterion.self_points, ""])
            for c in criterion.components:
                score: object = c.self_points if c.applicable else w["not_applicable_cell"]
                rows.append([c.code, c.name, c.max_points, score, _evidence_text(c, w) if c.applicable else ""])
    rows.append(["", w["total_row"], content.applicable_max, content.self_total, ""])
    return rows


def _bold_rows(content: SelfAssessmentContent) -> list[int]:
    bold, i = [], 0
    for area in content.areas:
        bold.append(i)
        i += 1
        for criterion in area.criteria:
            bold.append(i)
            i += 1 + len(criterion.components)
    bold.append(i)
    return bold


def _paragraphs(doc: OfficialDocument, text: str, empty: str) -> None:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines or [empty]:
        doc.paragraph(line)


def _dated(day: date | None):
    return package_time(day or UNDATED)


# --- DOCX ---------------------------------------------------------------------------------------


def build_self_assessment_docx(content: SelfAssessmentContent) -> bytes:
    """The unit's report of its self-assessment (BÁO CÁO kết quả tự đánh giá, chấm điểm xác định Chỉ số
    CCHC năm N): the table, the explanations, difficulties and recommendations, the head's signature."""
    w = content.wording["self_assessment"]
    h = w["headings"]
    a = content.agency
    values = {"year": content.year, "unit": content.unit, "version": content.version}
    symbol = f"{w['symbol']}-{a.abbreviation}" if a.abbreviation else w["symbol"]
    with translation.override("vi"):
        doc = OfficialDocument(a.parent, a.issuer, content.number, symbol, a.place, content.issued_on,
                               w["doc_type"], _fill(w["subject"], **values), layout=LAYOUT)
        if w.get("kinh_gui"):
            doc.kinh_gui(list(w["kinh_gui"]))
        doc.paragraph(_fill(w["opening"], **values))
        for note in content.notes:
            doc.paragraph(note, italic=True)
        doc.heading(h["result"], 1)
        doc.paragraph(_fill(w["total"], total=_points(content.self_total) or "…",
                            max=_points(content.applicable_max) or "…"))
        if content.masked:
            doc.paragraph(_fill(w["not_applicable"], items=", ".join(content.masked),
                                reason=content.mask_reason or "…"), italic=True)
        doc.heading(h["table"], 2)
        doc.table(list(w["table"]), self_assessment_rows(content), SELF_WIDTHS_MM,
                  align=["center", None, "right", "right", None], bold_rows=_bold_rows(content))
        doc.heading(h["explanations"], 1)
        explained = content.explained()
        if not explained:
            doc.paragraph(w["all_evidence"])
        for c in explained:
            doc.bullet(f"{c.code}. {c.name} ({c.evidence_state}): {c.explanation.strip() or w['no_explanation']}")
        doc.heading(h["difficulties_part"], 1)
        doc.heading(h["difficulties"], 2)
        _paragraphs(doc, content.difficulties, w["nothing_written"])
        doc.heading(h["recommendations"], 2)
        _paragraphs(doc, content.recommendations, w["nothing_written"])
        doc.noi_nhan(list(w["recipients"]))
        doc.signature(list(a.signer_authority), a.signer_name)
        return doc.to_bytes(fixed_time=_dated(content.issued_on))


def _attached_line(content: ResultContent) -> str:
    w = content.wording["result"]
    decision_issuer = _fill(w["decision_issuer"], province=content.province)
    decision = content.decision.strip() or "      /QĐ-UBND"
    when = format_date_long(content.decided_on) if content.decided_on else "ngày … tháng … năm …"
    return _fill(w["attached"], decision=decision, date=when, decision_issuer=decision_issuer)


def _draft_mark(doc: OfficialDocument, text: str) -> None:
    """"DỰ THẢO" above the header, bold, as a draft is marked before it is issued."""
    paragraph = doc.document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.bold = True
    run.font.size = Pt(doc.layout.body_pt)
    doc.document.element.body.insert(0, paragraph._p)


def result_rows(block: BlockResult) -> list[list[object]]:
    """One block's table as the annex prints it, in the order of the content."""
    return [[i, r.unit, r.total, r.index_value, r.rank_in_block, r.rank_overall, r.band]
            for i, r in enumerate(block.rows, start=1)]


def build_result_annex_docx(content: ResultContent) -> bytes:
    """The annex to the decision publishing the year's PAR index: per block, every unit with its total,
    index (%), rank in the block and overall, and band. Before publication it says "DỰ THẢO"."""
    w = content.wording["result"]
    with translation.override("vi"):
        doc = OfficialDocument(_fill(w["issuer_parent"], province=content.province),
                               _fill(w["issuer"], province=content.province), None, "QĐ", "", None, w["doc_type"],
                               _fill(w["subject"], year=content.year).upper(), layout=LAYOUT)
        # An annex has no number or date of its own: they are the decision's, on the "Kèm theo" line.
        header = doc.header_table
        header._tbl.remove(header.rows[1]._tr)
        if content.draft:
            _draft_mark(doc, w["draft"])
        doc.paragraph(_attached_line(content), italic=True, align="center")
        for number, block in enumerate(content.blocks, start=1):
            doc.heading(_fill(w["block_heading"], number=_roman(number), block=block.block), 1)
            if not block.rows:
                doc.paragraph(w["no_units"])
                continue
            doc.table(list(w["table"]), result_rows(block), RESULT_WIDTHS_MM,
                      align=["center", None, "right", "right", "center", "center", "center"])
        for note in content.notes:
            doc.paragraph(note, italic=True)
        return doc.to_bytes(fixed_time=_dated(content.decided_on))


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


# --- XLSX ---------------------------------------------------------------------------------------


def _title_rows(ws: Worksheet, lines: Sequence[tuple[str, int, bool, bool]], columns: int) -> None:
    last = get_column_letter(columns)
    for row, (text, size, bold, italic) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.data_type = "s"  # a title is text, never a formula
        cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(f"A{row}:{last}{row}")


def _write(ws: Worksheet, row: int, column: int, value: object, style: str) -> None:
    """One cell; a text is always a string, never a formula, whatever it starts with (a focal point's
    explanation may start with "="; CWE-1236), marked with the quote prefix as Excel does for "'=…"."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    cell.style = style


def _table(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[object]],
           *, bold_rows: Sequence[int] = ()) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _write(ws, HEADER_ROW, column, header, HEADER_STYLE)
        ws.column_dimensions[get_column_letter(column)].width = width
    number_style = f"{NUMBER_STYLE} {DECIMAL_FORMAT}"
    count_style = f"{NUMBER_STYLE} General"
    bold = set(bold_rows)
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            if isinstance(value, Decimal):
                style = number_style
            elif isinstance(value, int) and not isinstance(value, bool):
                style = count_style
            else:
                style = TEXT_STYLE
            _write(ws, r, column, value, style)
            if r - HEADER_ROW - 1 in bold:
                ws.cell(row=r, column=column).font = Font(name=FONT, size=12, bold=True)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{HEADER_ROW + max(len(rows), 0)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _save(wb: Workbook, *, issuer: str, title: str, day: date | None) -> bytes:
    when = _dated(day)
    wb.properties.creator = issuer
    wb.properties.lastModifiedBy = issuer
    wb.properties.title = title
    wb.properties.language = "vi-VN"
    wb.properties.created = when
    buffer = BytesIO()
    wb.save(buffer)
    return normalise_package(buffer.getvalue(), when)


def self_assessment_sheet_rows(content: SelfAssessmentContent) -> list[list[object]]:
    """One row per component criterion (area and criterion repeated, so the sheet sorts and filters), the
    total last."""
    w = content.wording["self_assessment"]
    rows: list[list[object]] = []
    for area in content.areas:
        for criterion in area.criteria:
            for c in criterion.components:
                rows.append([
                    c.code, f"{area.code}. {area.name}", f"{criterion.code}. {criterion.name}", c.name, c.method_label,
                    c.max_points, c.self_points if c.applicable else w["not_applicable_cell"],
                    c.evidence_state if c.applicable else "", _evidence_text(c, w) if c.applicable else "",
                    c.explanation if c.applicable else "",
                ])
    rows.append(["", w["total_row"], "", "", "", content.applicable_max, content.self_total, "", "", ""])
    return rows


def build_self_assessment_xlsx(content: SelfAssessmentContent) -> bytes:
    """The self-assessment as one sheet: every component criterion with its self-score, evidence and
    explanation, the total last (the same figures as the DOCX)."""
    w = content.wording["self_assessment"]
    subject = _fill(w["subject"], year=content.year)
    wb = Workbook()
    _add_styles(wb)
    ws = wb.active
    ws.title = w["sheet"]
    columns = list(w["sheet_columns"])
    rows = self_assessment_sheet_rows(content)
    _title_rows(ws, [(content.unit, 13, True, False), (subject.upper(), 13, True, False),
                     (content.version, 12, False, True)], len(columns))
    _table(ws, columns, [10, 28, 30, 48, 16, 10, 12, 18, 36, 48], rows, bold_rows=[len(rows) - 1])
    return _save(wb, issuer=content.agency.issuer, title=subject, day=content.issued_on)


def result_sheet_rows(content: ResultContent) -> list[list[object]]:
    """The annex as one table: every block's units in the content's order, the block named on each row."""
    rows: list[list[object]] = []
    for block in content.blocks:
        for r in block.rows:
            rows.append([len(rows) + 1, block.block, r.unit, r.total, r.applicable_max, r.index_value, r.rank_in_block,
                         r.rank_overall, r.band])
    return rows


def _sheet_name(text: str, taken: set[str]) -> str:
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def build_result_xlsx(content: ResultContent) -> bytes:
    """The annex as a sheet, then one sheet per block with each unit's final points per area, its total and
    index (the same figures as the DOCX)."""
    w = content.wording["result"]
    subject = _fill(w["subject"], year=content.year)
    wb = Workbook()
    _add_styles(wb)
    ws = wb.active
    taken: set[str] = set()
    ws.title = _sheet_name(w["sheet"], taken)
    columns = list(w["sheet_columns"])
    head = [(w["draft"], 12, True, False)] if content.draft else []
    lines = [*head, (w["doc_type"], 14, True, False), (subject.upper(), 13, True, False),
             (_attached_line(content), 13, False, True)]
    _title_rows(ws, lines, len(columns))
    _table(ws, columns, [6, 22, 36, 11, 11, 11, 11, 11, 12], result_sheet_rows(content))
    for block in content.blocks:
        sheet = wb.create_sheet(_sheet_name(block.block, taken))
        headers = [*w["area_sheet_columns"], *[f"{code}. {name} ({_points(top)})" for code, name, top in block.areas],
                   *w["area_sheet_tail"]]
        rows = [[i, r.unit, *r.areas, r.total, r.index_value] for i, r in enumerate(block.rows, start=1)]
        _title_rows(sheet, [*head, (_fill(w["area_sheet_title"], block=block.block).upper(), 13, True, False),
                            (block.version, 12, False, True)], len(headers))
        _table(sheet, headers, [6, 36, *[16] * len(block.areas), 11, 11], rows)
        sheet.row_dimensions[HEADER_ROW].height = 75
    return _save(wb, issuer=_fill(w["issuer"], province=content.province), title=subject, day=content.decided_on)
