"""The year's classification proposals for the emulation council (Hội đồng thi đua, khen thưởng), as a DOCX
in the NĐ 30/2020 format (cchc.documents.officialdoc), landscape for its wide table.

Plain values in, bytes out: the rows are the proposal list's own cells (cchc.classification.table), so the
document says what the page says. The wording of the document is configuration the province may change
[K]: a "danh sách đề xuất" (named document) with the rule version, its notes and the province's caps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT

from .officialdoc import Layout, OfficialDocument

LANDSCAPE = Layout(page_width_mm=297, page_height_mm=210, margin_left_mm=25, margin_right_mm=15,
                   header_widths_mm=(100, 140), signature_widths_mm=(120, 130), table_pt=9)


@dataclass(frozen=True)
class ClassificationList:
    year: int
    block: str  # the block's name in the reader's language
    version: str  # the rule version's name
    parent_agency: str
    issuer: str
    place: str
    issued_on: date
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    notes: Sequence[str] = field(default_factory=tuple)  # what the rules could not compute, the defaults [I]
    signer_title: str = ""
    signer_name: str = ""


def build_classification_docx(content: ClassificationList) -> bytes:
    doc = OfficialDocument(content.parent_agency, content.issuer, None, "DS-SNV", content.place, content.issued_on,
                           _("Danh sách"), _("Đề xuất phân loại mức độ hoàn thành nhiệm vụ năm {year} — {block}")
                           .format(year=content.year, block=content.block), layout=LANDSCAPE)
    doc.document.sections[0].orientation = WD_ORIENT.LANDSCAPE  # the page is wider than high: say so to Word
    doc.paragraph(_("Căn cứ: {version}; quy định của tỉnh về xếp loại đơn vị có hồ sơ trễ hạn sau khi đã được "
                    "nhắc nhở, chấn chỉnh.").format(version=content.version))
    doc.table([_("STT"), *content.columns], [[i, *row] for i, row in enumerate(content.rows, start=1)])
    for note in content.notes:
        doc.paragraph(note, italic=True)
    doc.noi_nhan([_("Hội đồng Thi đua - Khen thưởng tỉnh;"), _("Lưu: VT.")])
    doc.signature([content.signer_title or _("NGƯỜI LẬP DANH SÁCH")], content.signer_name)
    return doc.to_bytes()
