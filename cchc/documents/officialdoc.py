"""A builder for administrative documents in the national format of NĐ 30/2020/NĐ-CP (python-docx).

Source: NĐ 30/2020/NĐ-CP, Phụ lục I (thể thức, kỹ thuật trình bày) and Phụ lục III (abbreviations,
sample forms), summarised in DOMAIN §11 Q1. Every size and margin is a field of :class:`Layout`, whose
defaults are the decree's example column (§V) and the margins 20/20/30/15 mm inside its ranges.

Choices the decree leaves to the implementer, each checked in LibreOffice (DOMAIN §11 Q1.5):
- the header is a borderless 2×2 table, ``[issuer | Quốc hiệu + Tiêu ngữ]`` over ``[Số | place, date]``,
  so that Số and the date share a line (§II.4c). Column widths go into both ``w:tcW`` and ``w:tblGrid``:
  with only the cell widths LibreOffice keeps the equal grid and breaks the Quốc hiệu over two lines;
- the lines under the issuer and the subject (1/3–1/2 of the text) are a bottom border on an empty,
  indented paragraph, never typed underscores, which change length with the font;
- the Tiêu ngữ is an underlined run, so its line is exactly as long as the text;
- page numbers are a PAGE field centred in the default header, with a separate, empty first-page
  header: the decree does not number page 1;
- Times New Roman is set on the Normal style and the document defaults in all four ``w:rFonts``
  slots, with the theme fonts removed (a theme attribute wins over an explicit font in Word).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import IO, Literal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .ooxml import P_PR_AFTER_BORDERS, _add_field, _borderless, _fix_widths, _new_paragraph
from .packaging import normalise_package
from .vietnamese import format_date_long, format_number

__all__ = ["Layout", "OfficialDocument", "document_number", "estimate_text_width_mm"]

Kind = Literal["named", "letter"]
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
CELL_MARGIN_MM = 1.905  # Word's default left and right cell margin (108 twips)


@dataclass(frozen=True)
class Layout:
    """Page, sizes (points) and spacing of an official document; defaults from NĐ 30/2020 Phụ lục I."""

    page_width_mm: float = 210  # A4 portrait
    page_height_mm: float = 297
    margin_top_mm: float = 20  # decree: 20–25
    margin_bottom_mm: float = 20  # decree: 20–25
    margin_left_mm: float = 30  # decree: 30–35
    margin_right_mm: float = 15  # decree: 15–20
    header_distance_mm: float = 10  # the page number sits in the top margin
    font_name: str = "Times New Roman"
    header_widths_mm: tuple[float, float] = (60, 105)  # fits the 12-pt Quốc hiệu on one line [C A2]
    signature_widths_mm: tuple[float, float] = (75, 90)
    national_title_pt: float = 12  # Quốc hiệu, 12–13
    motto_pt: float = 13  # Tiêu ngữ, 13–14
    parent_agency_pt: float = 12  # 12–13
    issuing_agency_pt: float = 12  # 12–13
    number_pt: float = 13  # Số, ký hiệu
    letter_subject_pt: float = 12  # "V/v …" of a công văn, 12–13
    place_date_pt: float = 13  # 13–14
    doc_type_pt: float = 14  # 13–14
    subject_pt: float = 14  # 13–14
    kinh_gui_pt: float = 14  # 13–14
    body_pt: float = 14  # 13–14
    heading_pt: float = 14  # 13–14
    table_pt: float = 13  # not fixed by the decree [I]
    authority_pt: float = 14  # 13–14
    signer_pt: float = 14  # 13–14
    noi_nhan_label_pt: float = 12
    recipients_pt: float = 11
    page_number_pt: float = 13  # 13–14
    first_line_indent_cm: float = 1.27  # decree: 1 cm or 1.27 cm
    paragraph_after_pt: float = 6  # decree: at least 6 pt
    line_spacing: float = 1.0  # decree: single to 1.5 lines
    header_gap_pt: float = 6  # between the header lines and Số / the date; "V/v" sits 6 pt under Số
    title_before_pt: float = 12  # above the document type
    short_line_ratio: float = 0.4  # decree: 1/3 to 1/2 of the text above it
    kinh_gui_indent_mm: float = 35  # where "Kính gửi:" starts when there are several recipients
    signature_before_pt: float = 12
    signature_space_lines: int = 4  # room for the signature and seal

    def __post_init__(self) -> None:
        for name in ("header_widths_mm", "signature_widths_mm"):
            widths = getattr(self, name)
            if sum(widths) > self.text_width_mm + 0.01:
                raise ValueError(
                    f"{name} {widths} is wider than the text area ({self.text_width_mm:g} mm between the margins)"
                )
        if not 0 < self.short_line_ratio <= 1:
            raise ValueError("short_line_ratio must be in (0, 1]")

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


DEFAULT_LAYOUT = Layout()


def _t(text: object) -> str:
    """Text as NFC: TCVN 6909 is Unicode, and one-stop systems sometimes send decomposed diacritics,
    which print as separate marks in some fonts and break searches in the PDF."""
    return unicodedata.normalize("NFC", str(text)).strip()


def _caps(text: object) -> str:
    return _t(text).upper()


def document_number(number: int | None, symbol: str) -> str:
    """"Số: 05/BC-UBND": numbers below 10 get a leading zero and there are no spaces (Phụ lục I §II.3).

    ``number=None`` leaves the number blank, as on a draft that the clerk numbers when it is issued.
    """
    symbol = _t(symbol)
    if not symbol or any(c.isspace() for c in symbol):
        raise ValueError(f"a document symbol has no spaces: {symbol!r}")
    if number is None:
        return f"{_('Số')}:       /{symbol}"
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"a document number is a positive whole number: {number!r}")
    return f"{_('Số')}: {number:02d}/{symbol}"


# Rough advance widths of Times New Roman in ems, enough to size a decorative line to its text.
def _char_em(c: str) -> float:
    if c.isspace():
        return 0.25
    if c.isupper():
        return 0.70
    if c.isdigit():
        return 0.50
    if c.isalpha():
        return 0.30 if unicodedata.normalize("NFD", c)[0] in "ijlft" else 0.48
    return 0.30


def estimate_text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """An estimate of the printed length of one line of ``text``; within ~10% for Times New Roman."""
    ems = sum(_char_em(c) for c in text) * (1.06 if bold else 1.0)
    return ems * size_pt * 25.4 / 72


def _cell_text(value: object) -> tuple[str, bool]:
    """The text of a table cell and whether it is a number (numbers are right-aligned, Vietnamese
    separators, with the decimal places the value carries)."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), False
    if isinstance(value, int):
        return format_number(value), True
    if isinstance(value, float | Decimal):
        exponent = Decimal(repr(value) if isinstance(value, float) else value).as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(value, places), True
    return _t(value), False


class OfficialDocument:
    """One administrative document (NĐ 30/2020): header, title, body, signature block.

    ``kind="named"`` is a văn bản có tên loại (báo cáo, kế hoạch, phiếu…): ``doc_type`` is printed in
    capitals across the page with the ``subject`` under it. ``kind="letter"`` is a công văn: no type
    line, the subject goes under Số as "V/v …". Agency names are given in normal case and printed in
    capitals; ``symbol`` is the part after the slash ("BC-UBND"; for a công văn "UBND-VX").
    """

    def __init__(
        self,
        parent_agency: str,
        issuing_agency: str,
        number: int | None,
        symbol: str,
        place: str,
        issued_on: date | datetime | None,
        doc_type: str,
        subject: str,
        kind: Kind = "named",
        *,
        layout: Layout = DEFAULT_LAYOUT,
    ):
        if kind not in ("named", "letter"):
            raise ValueError(f"kind is 'named' or 'letter', not {kind!r}")
        if not _t(issuing_agency):
            raise ValueError("the issuing agency is required")
        if kind == "named" and not _t(doc_type):
            raise ValueError("a named document needs its document type (báo cáo, kế hoạch, …)")
        if kind == "letter" and not _t(subject):
            raise ValueError("a công văn needs its subject (V/v …)")
        self.layout = layout
        self.kind = kind
        self.parent_agency = _t(parent_agency)
        self.issuing_agency = _t(issuing_agency)
        self.number_line = document_number(number, symbol)
        self.place = _t(place)
        self.issued_on = issued_on
        self.doc_type = _t(doc_type)
        self.subject = _t(subject)
        self._signature_table: Table | None = None
        self._signed = False
        self._recipients_listed = False

        self.document = Document()
        self._set_up_page()
        self._set_up_styles()
        self._set_up_page_numbers()
        self._set_properties()
        self._header()
        if kind == "named":
            self._title()
        else:  # a công văn goes straight on to Kính gửi; one empty line keeps it clear of the header
            self._para(self.document, size=layout.body_pt, after=layout.paragraph_after_pt)

    # -- page and styles ------------------------------------------------------------------------

    def _set_up_page(self) -> None:
        lay = self.layout
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(lay.page_width_mm)
        section.page_height = Mm(lay.page_height_mm)
        section.top_margin = Mm(lay.margin_top_mm)
        section.bottom_margin = Mm(lay.margin_bottom_mm)
        section.left_margin = Mm(lay.margin_left_mm)
        section.right_margin = Mm(lay.margin_right_mm)
        section.header_distance = Mm(lay.header_distance_mm)

    def _set_up_styles(self) -> None:
        lay = self.layout
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None:
                self._set_fonts(fonts)
        normal = styles["Normal"]
        normal.font.size = Pt(lay.body_pt)
        r_pr = normal.element.get_or_add_rPr()
        self._set_fonts(r_pr.get_or_add_rFonts())
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), "vi-VN")
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = lay.line_spacing
        fmt.widow_control = True

    def _set_fonts(self, fonts) -> None:
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), self.layout.font_name)

    def _set_up_page_numbers(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        # An explicit, empty first-page header: page 1 carries no number (Phụ lục I, Part I §I).
        section.first_page_header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(paragraph, "PAGE", "2", self.layout.page_number_pt)

    def _set_properties(self) -> None:
        props = self.document.core_properties
        props.author = self.issuing_agency
        props.last_modified_by = self.issuing_agency
        props.title = self.subject or self.doc_type
        props.language = "vi-VN"
        props.comments = ""

    # -- low-level paragraphs -------------------------------------------------------------------

    def _para(
        self,
        container,
        text: str = "",
        *,
        size: float,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        align: str = "center",
        before: float = 0,
        after: float = 0,
        first_line_cm: float | None = None,
        left_mm: float | None = None,
        keep_with_next: bool = False,
    ) -> Paragraph:
        paragraph = _new_paragraph(container)
        fmt = paragraph.paragraph_format
        paragraph.alignment = ALIGN[align]
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if first_line_cm is not None:
            fmt.first_line_indent = Cm(first_line_cm)
        if left_mm is not None:
            fmt.left_indent = Mm(left_mm)
        if keep_with_next:
            fmt.keep_with_next = True
        if text:
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            # Only what is switched on is written; the rest inherits from Normal (plain text).
            run.font.bold = True if bold else None
            run.font.italic = True if italic else None
            run.font.underline = True if underline else None
        self._mark_size(paragraph, size)
        return paragraph

    @staticmethod
    def _mark_size(paragraph: Paragraph, size: float) -> None:
        """Size the paragraph mark too, so an empty or last line is as tall as its text."""
        p_pr = paragraph._p.get_or_add_pPr()
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            p_pr.append(r_pr)
        for tag in ("w:sz", "w:szCs"):
            element = r_pr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                r_pr.append(element)
            element.set(qn("w:val"), str(round(size * 2)))

    def _short_line(self, container, text: str, size: float, bold: bool, available_mm: float) -> Paragraph:
        """A centred line 1/3–1/2 as long as ``text``: the bottom border of an empty paragraph indented
        from both sides (its length no longer depends on the font, unlike typed underscores)."""
        longest = min(estimate_text_width_mm(text, size, bold), available_mm)
        length = longest * self.layout.short_line_ratio
        indent = max((available_mm - length) / 2, 0)
        paragraph = self._para(container, size=2)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(indent)
        fmt.right_indent = Mm(indent)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(2)
        p_pr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "6")  # eighths of a point: 0.75 pt
        bottom.set(qn("w:space"), "1")
        bottom.set(qn("w:color"), "000000")
        borders.append(bottom)
        p_pr.insert_element_before(borders, *P_PR_AFTER_BORDERS)  # schema order of CT_PPr
        return paragraph

    # -- header and title -----------------------------------------------------------------------

    def _date_line(self) -> str:
        if self.issued_on is None:
            text = _("ngày … tháng … năm …")
            return f"{self.place}, {text}" if self.place else text
        return format_date_long(self.issued_on, self.place)

    def _header(self) -> None:
        lay = self.layout
        table = self.document.add_table(rows=2, cols=2)
        _borderless(table)
        _fix_widths(table, lay.header_widths_mm)
        self.header_table = table
        left_mm = lay.header_widths_mm[0] - 2 * CELL_MARGIN_MM

        issuer = table.cell(0, 0)
        if self.parent_agency:
            self._para(issuer, _caps(self.parent_agency), size=lay.parent_agency_pt)
        self._para(issuer, _caps(self.issuing_agency), size=lay.issuing_agency_pt, bold=True)
        self._short_line(issuer, _caps(self.issuing_agency), lay.issuing_agency_pt, True, left_mm)

        nation = table.cell(0, 1)
        self._para(nation, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=lay.national_title_pt, bold=True)
        self._para(nation, _("Độc lập - Tự do - Hạnh phúc"), size=lay.motto_pt, bold=True, underline=True)

        number = table.cell(1, 0)
        self._para(number, self.number_line, size=lay.number_pt, before=lay.header_gap_pt)
        if self.kind == "letter":
            self._para(number, _("V/v {subject}").format(subject=self.subject), size=lay.letter_subject_pt,
                       before=lay.header_gap_pt)

        dated = table.cell(1, 1)
        self._para(dated, self._date_line(), size=lay.place_date_pt, italic=True, before=lay.header_gap_pt)

    def _title(self) -> None:
        lay = self.layout
        doc = self.document
        self._para(doc, _caps(self.doc_type), size=lay.doc_type_pt, bold=True, before=lay.title_before_pt,
                   keep_with_next=True)
        if self.subject:
            self._para(doc, self.subject, size=lay.subject_pt, bold=True, keep_with_next=True)
            self._short_line(doc, self.subject, lay.subject_pt, True, lay.text_width_mm)
        self._para(doc, size=lay.body_pt, after=lay.paragraph_after_pt)

    # -- content --------------------------------------------------------------------------------

    def kinh_gui(self, recipients: str | Iterable[str]) -> None:
        """"Kính gửi: X." on one line for one recipient; for several, "Kính gửi:" and one "- X;" line
        each, the dashes aligned under the colon, the last line ending with "." (Phụ lục I §II.9a)."""
        lay = self.layout
        given = [recipients] if isinstance(recipients, str) else list(recipients)
        names = [name for name in (_t(r).lstrip("-–• ").rstrip(";.,") for r in given) if name]
        if not names:
            raise ValueError("Kính gửi needs at least one recipient")
        label = _("Kính gửi")
        if len(names) == 1:
            self._para(self.document, f"{label}: {names[0]}.", size=lay.kinh_gui_pt, after=lay.paragraph_after_pt)
            return
        self._para(self.document, f"{label}:", size=lay.kinh_gui_pt, align="left", left_mm=lay.kinh_gui_indent_mm,
                   keep_with_next=True)
        dash_mm = lay.kinh_gui_indent_mm + estimate_text_width_mm(label, lay.kinh_gui_pt)
        for i, name in enumerate(names):
            last = i == len(names) - 1
            self._para(self.document, f"- {name}{'.' if last else ';'}", size=lay.kinh_gui_pt, align="left",
                       left_mm=dash_mm, after=lay.paragraph_after_pt if last else 0, keep_with_next=not last)

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """A report heading (Phụ lục I §II.6): level 1 "I. …" in capitals, bold; level 2 "1. …" bold;
        level 3 "a) …" plain. The caller writes the numbering."""
        lay = self.layout
        if level not in (1, 2, 3):
            raise ValueError("heading level is 1, 2 or 3")
        text = _caps(text) if level == 1 else _t(text)
        return self._para(self.document, text, size=lay.heading_pt, bold=level < 3, align="justify",
                          first_line_cm=lay.first_line_indent_cm, after=lay.paragraph_after_pt, keep_with_next=True)

    def paragraph(self, text: str = "", bold: bool = False, italic: bool = False, align: str = "justify") -> Paragraph:
        """A body paragraph: justified, first-line indent, 6 pt after, body size."""
        lay = self.layout
        return self._para(self.document, _t(text), size=lay.body_pt, bold=bold, italic=italic, align=align,
                          first_line_cm=lay.first_line_indent_cm if align == "justify" else None,
                          after=lay.paragraph_after_pt)

    def bullet(self, text: str) -> Paragraph:
        """A "- …" item as official documents write lists (a dash, not a Word bullet)."""
        return self.paragraph(f"- {_t(text).lstrip('-–• ')}")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]],
              widths_mm: Sequence[float] | None = None, *, align: Sequence[str | None] | None = None,
              bold_rows: Iterable[int] = ()) -> Table:
        """A bordered data table: bold centred header row repeated on every page; numbers right-aligned
        with Vietnamese separators. ``align`` overrides the alignment per column ("left", "center",
        "right"; None keeps the automatic one), ``bold_rows`` are data rows (0-based) printed bold, such
        as a total."""
        lay = self.layout
        rows = [list(r) for r in rows]
        if align is not None and len(align) != len(headers):
            raise ValueError("one alignment per column")
        bold = set(bold_rows)
        for i, row in enumerate(rows, start=1):
            if len(row) != len(headers):
                raise ValueError(f"row {i} has {len(row)} cells, the table has {len(headers)} columns")
        if widths_mm is None:
            widths_mm = [lay.text_width_mm / len(headers)] * len(headers)
        if len(widths_mm) != len(headers):
            raise ValueError("one width per column")
        if sum(widths_mm) > lay.text_width_mm + 0.01:
            raise ValueError(f"the table is wider than the text area ({lay.text_width_mm:g} mm)")
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        _fix_widths(table, widths_mm)
        header_row = table.rows[0]
        tr_pr = header_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for cell, title in zip(header_row.cells, headers, strict=True):
            self._para(cell, _t(title), size=lay.table_pt, bold=True)
        for index, (row, values) in enumerate(zip(table.rows[1:], rows, strict=True)):
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                text, numeric = _cell_text(value)
                where = (align[column] if align is not None else None) or ("right" if numeric else "left")
                self._para(cell, text, size=lay.table_pt, align=where, bold=index in bold)
        self._para(self.document, size=lay.body_pt, after=lay.paragraph_after_pt)  # Word needs text between tables
        return table

    # -- signature block ------------------------------------------------------------------------

    def _signature_cells(self) -> tuple[_Cell, _Cell]:
        if self._signature_table is None:
            table = self.document.add_table(rows=1, cols=2)
            _borderless(table)
            _fix_widths(table, self.layout.signature_widths_mm)
            self._signature_table = table
        row = self._signature_table.rows[0]
        return row.cells[0], row.cells[1]

    def signature(self, authority_lines: str | Iterable[str], signer_name: str) -> None:
        """The right half of the signature block: authority and title in capitals, bold (e.g.
        "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), room to sign, the signer's name bold."""
        if self._signed:
            raise ValueError("the document is already signed")
        lay = self.layout
        lines = [authority_lines] if isinstance(authority_lines, str) else list(authority_lines)
        lines = [_caps(line) for line in lines if _t(line)]
        if not lines:
            raise ValueError("the signer's authority or title is required")
        _, cell = self._signature_cells()
        for i, line in enumerate(lines):
            self._para(cell, line, size=lay.authority_pt, bold=True, before=lay.signature_before_pt if i == 0 else 0)
        for _i in range(lay.signature_space_lines):
            self._para(cell, size=lay.signer_pt)
        self._para(cell, _t(signer_name), size=lay.signer_pt, bold=True)
        self._signed = True

    def noi_nhan(self, lines: Iterable[str]) -> None:
        """The left half of the signature block: "Nơi nhận:" (italic bold) and one "- …;" line per
        recipient, the last ending with "." (usually "- Lưu: VT, <unit>.")."""
        if self._recipients_listed:
            raise ValueError("the recipients are already listed")
        lay = self.layout
        items = [_t(line).lstrip("-–• ").rstrip(";.,") for line in lines]
        items = [item for item in items if item]
        if not items:
            raise ValueError("Nơi nhận needs at least one line")
        cell, _right = self._signature_cells()
        self._para(cell, _("Nơi nhận:"), size=lay.noi_nhan_label_pt, bold=True, italic=True, align="left",
                   before=lay.signature_before_pt)
        for i, item in enumerate(items):
            end = "." if i == len(items) - 1 else ";"
            self._para(cell, f"- {item}{end}", size=lay.recipients_pt, align="left")
        self._recipients_listed = True

    # -- output ---------------------------------------------------------------------------------

    def save(self, path_or_buffer: str | IO[bytes]) -> None:
        self.document.save(path_or_buffer)

    def to_bytes(self, *, fixed_time: datetime | None = None) -> bytes:
        """The DOCX. With ``fixed_time`` (e.g. :func:`packaging.package_time` of the date of issue) the
        bytes are reproducible: the core properties' dates and every ZIP entry carry that time."""
        if fixed_time is not None:
            props = self.document.core_properties
            props.created = fixed_time
            props.modified = fixed_time
            props.revision = 1
        buffer = BytesIO()
        self.save(buffer)
        if fixed_time is None:
            return buffer.getvalue()
        return normalise_package(buffer.getvalue(), fixed_time)
