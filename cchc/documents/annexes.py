"""The XLSX annexes of the periodic PAR report (issue #4 part 2): targets × units with their statuses,
tasks with each unit's progress, the KPI table of the period and its Decision 766 index (issue #15), one
sheet each.

Built from the same :class:`~cchc.documents.par_report.ReportContent` as the DOCX, so the annexes and the
report always agree. Each sheet opens the way NĐ 30/2020 heads an annex (DOMAIN §11 Q1.2, row "Phụ lục"):
"Phụ lục I", the title in capitals, "(Kèm theo Báo cáo số … ngày … của …)". Figures are
stored as numbers (percentages as 62.35, not text) with a display format, dates as dates, so that the
officer can sort, filter and sum; Excel and LibreOffice show them with the user's separators.
The bytes are reproducible (:mod:`.packaging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .packaging import normalise_package, package_time
from .par_report import (
    COMPARATOR_SIGNS,
    ReportContent,
    block_label,
    level_label,
    task_status_label,
    verdict_label,
)
from .vietnamese import format_date_long

__all__ = ["SHEETS", "render_annexes"]

SHEETS = ("Chỉ tiêu", "Nhiệm vụ", "Chỉ số KPI", "Chỉ số 766")
HEADER_ROW = 5
FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
PERCENT_FORMAT = "0.00"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NUMBER_FORMATS = ("General", PERCENT_FORMAT, COUNT_FORMAT, DECIMAL_FORMAT, DATE_FORMAT, DATETIME_FORMAT)
HEADER_STYLE = "CCHC header"
TEXT_STYLE = "CCHC text"
NUMBER_STYLE = "CCHC number"


def _heading(ws: Worksheet, content: ReportContent, annex: str, title: str, columns: int) -> None:
    last = get_column_letter(columns)
    ws["A1"] = annex
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A2"] = title.upper()
    ws["A2"].font = Font(name=FONT, size=13, bold=True)
    ws["A3"] = _("(Kèm theo Báo cáo số {number} {date} của {issuer})").format(
        number=content.number_line, date=format_date_long(content.issued_on), issuer=content.issuer)
    ws["A3"].font = Font(name=FONT, size=13, italic=True)
    for row in (1, 2, 3):
        ws.merge_cells(f"A{row}:{last}{row}")
        ws[f"A{row}"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 36


def _add_styles(wb: Workbook) -> None:
    """Named styles, one per kind of cell: assigning a named style is a lookup, while building a font, a
    border and an alignment for each of ~30,000 cells took most of the time (2 s for the demo province)."""
    def style(name: str, *, bold: bool = False, fill: PatternFill | None = None, number_format: str = "General",
              horizontal: str | None = None, wrap: bool = True) -> None:
        named = NamedStyle(name=name)
        named.font = Font(name=FONT, size=12, bold=bold)
        named.border = BORDER
        named.alignment = Alignment(horizontal=horizontal, vertical="center" if bold else "top", wrap_text=wrap)
        named.number_format = number_format
        if fill is not None:
            named.fill = fill
        wb.add_named_style(named)

    style(HEADER_STYLE, bold=True, fill=HEADER_FILL, horizontal="center")
    style(TEXT_STYLE)
    for fmt in NUMBER_FORMATS:
        style(f"{NUMBER_STYLE} {fmt}", number_format=fmt, horizontal="right", wrap=False)


def _table(ws: Worksheet, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[object]],
           formats: Sequence[str | None]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        ws.cell(row=HEADER_ROW, column=column, value=header).style = HEADER_STYLE
        ws.column_dimensions[get_column_letter(column)].width = width
    number_styles = [f"{NUMBER_STYLE} {fmt or 'General'}" for fmt in formats]
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=column, value=value)
            numeric = isinstance(value, int | float | Decimal | date) and not isinstance(value, bool)
            cell.style = number_styles[column - 1] if numeric else TEXT_STYLE
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW + len(rows), HEADER_ROW)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _targets_sheet(ws: Worksheet, content: ReportContent) -> None:
    headers = [_("TT"), _("Lĩnh vực"), _("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Mã đơn vị"), _("Đơn vị"),
               _("Cấp"), _("So sánh"), _("Ngưỡng"), _("Giá trị"), _("Dự báo cuối năm"), _("Kết quả")]
    rows: list[list[object]] = []
    for area in content.areas:
        for target in area.targets:
            for status in target.units:
                value: object = status.value if status.value is not None else status.value_text
                rows.append([
                    len(rows) + 1, area.name, target.code, target.text, target.unit_of_measure, status.unit_code,
                    status.unit_name, level_label(status.level), COMPARATOR_SIGNS.get(status.comparator, status.comparator),
                    status.threshold, value, status.projection, verdict_label(status.verdict),
                ])
    _heading(ws, content, _("Phụ lục I"),
             _("Kết quả thực hiện các chỉ tiêu cải cách hành chính {period}").format(period=content.period_name),
             len(headers))
    _table(ws, headers, [6, 24, 12, 48, 9, 12, 30, 11, 8, 10, 12, 12, 18], rows,
           [None, None, None, None, None, None, None, None, None, DECIMAL_FORMAT, DECIMAL_FORMAT, DECIMAL_FORMAT, None])


def _tasks_sheet(ws: Worksheet, content: ReportContent) -> None:
    headers = [_("TT"), _("Lĩnh vực"), _("Mã nhiệm vụ"), _("Nhiệm vụ"), _("Thời hạn"), _("Sản phẩm"), _("Mã đơn vị"),
               _("Đơn vị thực hiện"), _("Tiến độ (%)"), _("Trạng thái"), _("Cập nhật ngày")]
    rows: list[list[object]] = []
    for area in content.areas:
        for task in area.tasks:
            head = [area.name, task.code, task.title, task.deadline, task.expected_output]
            if not task.assignments:
                rows.append([len(rows) + 1, *head, "", "", None, _("Chưa phân công"), None])
            for a in task.assignments:
                rows.append([len(rows) + 1, *head, a.unit_code, a.unit_name, a.progress, task_status_label(a.status),
                             a.updated_on])
    _heading(ws, content, _("Phụ lục II"),
             _("Tiến độ thực hiện các nhiệm vụ cải cách hành chính {period}").format(period=content.period_name),
             len(headers))
    _table(ws, headers, [6, 24, 12, 50, 12, 30, 12, 30, 10, 16, 13], rows,
           [None, None, None, None, DATE_FORMAT, None, None, None, COUNT_FORMAT, None, DATE_FORMAT])


def _kpi_sheet(ws: Worksheet, content: ReportContent) -> None:
    headers = [_("TT"), _("Mã đơn vị"), _("Đơn vị"), _("Cấp"),
               *[f"{c.name} ({c.unit})" for c in content.kpi_columns], _("Số liệu tính lúc")]
    formats = [None, None, None, None,
               *[PERCENT_FORMAT if c.unit == "%" else COUNT_FORMAT if c.unit == "hồ sơ" else DECIMAL_FORMAT
                 for c in content.kpi_columns], DATETIME_FORMAT]
    rows = [[i, r.unit_code, r.unit_name, level_label(r.level), *r.values, r.as_of]
            for i, r in enumerate(content.kpi_rows, start=1)]
    _heading(ws, content, _("Phụ lục III"),
             _("Chỉ số giải quyết hồ sơ thủ tục hành chính {period}").format(period=content.period_name), len(headers))
    _table(ws, headers, [6, 12, 32, 11, *[14] * len(content.kpi_columns), 17], rows, formats)
    ws.row_dimensions[HEADER_ROW].height = 90


def _index766_sheet(ws: Worksheet, content: ReportContent) -> None:
    """The same rows as the report's section "Bộ chỉ số 766": the scope's own total first, then (the
    province) each ranked unit; for a half or nine months, only the note that the index has no such period."""
    headers = [_("TT"), _("Mã đơn vị"), _("Đơn vị"), _("Khối"), _("Điểm"), _("Điểm các chỉ số có số liệu"),
               _("Điểm tối đa"), _("Hạng trong khối"), _("Số đơn vị xếp hạng trong khối"), _("Điểm Cổng DVCQG công bố"),
               _("Hạng công bố trong khối"), _("Ngày công bố")]
    rows = [[i, r.unit_code, r.unit_name, block_label(r.block), r.points, r.available, r.max_points, r.rank, r.of_n,
             r.published_total, r.published_rank, r.published_on]
            for i, r in enumerate(content.index766, start=1)]
    _heading(ws, content, _("Phụ lục IV"),
             _("Bộ chỉ số 766 {period}").format(period=content.period_name), len(headers))
    if not content.index766_period:
        ws["A4"] = _("Bộ chỉ số 766 được tính và công bố theo tháng, quý và năm; kỳ báo cáo {period} không có kỳ "
                     "đánh giá tương ứng (xem báo cáo quý hoặc năm).").format(period=content.period_name)
        ws["A4"].font = Font(name=FONT, size=12, italic=True)
        ws.merge_cells(f"A4:{get_column_letter(len(headers))}4")
    _table(ws, headers, [6, 12, 32, 18, 10, 14, 10, 10, 12, 14, 12, 13], rows,
           [None, None, None, None, DECIMAL_FORMAT, DECIMAL_FORMAT, DECIMAL_FORMAT, COUNT_FORMAT, COUNT_FORMAT,
            DECIMAL_FORMAT, COUNT_FORMAT, DATE_FORMAT])
    ws.row_dimensions[HEADER_ROW].height = 60


def render_annexes(content: ReportContent, *, language: str = "vi") -> bytes:
    """One XLSX with the sheets "Chỉ tiêu", "Nhiệm vụ", "Chỉ số KPI" and "Chỉ số 766"; the same content gives
    the same bytes."""
    with translation.override(language):
        wb = Workbook()
        _add_styles(wb)
        targets = wb.active
        targets.title = SHEETS[0]
        _targets_sheet(targets, content)
        _tasks_sheet(wb.create_sheet(SHEETS[1]), content)
        _kpi_sheet(wb.create_sheet(SHEETS[2]), content)
        _index766_sheet(wb.create_sheet(SHEETS[3]), content)
        when = package_time(content.issued_on)
        wb.properties.creator = content.issuer
        wb.properties.lastModifiedBy = content.issuer
        wb.properties.title = _("Phụ lục kèm theo Báo cáo: {subject}").format(subject=content.subject)
        wb.properties.language = "vi-VN"
        wb.properties.created = when
        buffer = BytesIO()
        wb.save(buffer)
        return normalise_package(buffer.getvalue(), when)
