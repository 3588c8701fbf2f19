"""The periodic PAR report (báo cáo kết quả thực hiện công tác cải cách hành chính) as a DOCX.

:func:`render_docx` lays out a :class:`~cchc.documents.report_content.ReportContent` (built by
cchc.reporting.content) in the NĐ 30/2020 format (:mod:`.officialdoc`, DOMAIN §11 Q1): national motto
header, issuer, number and symbol, place and date, "BÁO CÁO" and its subject, a body organised by the plan's
reform areas, the late-dossier table by unit, the Decision 766 index of the period (the scope's total out of
100 and rank within the block, the portal's published score beside them; a half or nine months has no 766
period and says so), the units that reported late or not at all, "Nơi nhận:" and the
signature block. :mod:`.annexes` writes the XLSX annexes from the same content, :mod:`.pdf` converts the
DOCX. Plain data in, bytes out: no model is read here. The bytes are deterministic (:mod:`.packaging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from cchc.core import tasks as task_rules
from cchc.core.evaluation import Verdict

from .officialdoc import DEFAULT_LAYOUT, Layout, OfficialDocument
from .packaging import package_time
from .report_content import (
    COMPARATOR_SIGNS,
    LETTERS,
    MANUAL,
    REPORTING_STATUSES,
    ROMAN,
    AreaNarrative,
    AreaSection,
    AssignmentRow,
    DossierRow,
    Index766Row,
    KpiColumn,
    KpiUnitRow,
    LevelSummary,
    PlanRef,
    ReportContent,
    ReportingRow,
    TargetResult,
    TaskResult,
    UnitTargetStatus,
    _in_sentence,
    _value_text,
    amount_text,
    block_label,
    level_label,
    period_name,
    task_status_label,
    verdict_label,
    vi_sort_key,
)
from .vietnamese import format_date_short, format_number

__all__ = [
    "AreaNarrative", "AreaSection", "AssignmentRow", "DossierRow", "Index766Row", "KpiColumn", "KpiUnitRow",
    "LevelSummary", "PlanRef", "ReportContent", "ReportingRow", "TargetResult", "TaskResult", "UnitTargetStatus",
    "period_name", "render_docx", "vi_sort_key",
]


# --- The DOCX ------------------------------------------------------------------------------------


def _threshold_text(target: TargetResult) -> str:
    parts = [
        f"{level_label(s.level).lower()} {COMPARATOR_SIGNS.get(s.comparator, s.comparator)} "
        f"{amount_text(s.threshold, target.unit_of_measure)}"
        for s in target.levels
    ]
    return "; ".join(parts)


#: Beyond this many units a line of the body gives the count and points to the annex, which lists them all.
NAMES_IN_BODY = 10


def _listed(label: str, names: Sequence[str], annex: str, *, count: bool = True) -> str:
    """"không đạt: 2 (A, B)"; for a long list "không đạt: 29 đơn vị (chi tiết tại Phụ lục I)"."""
    if len(names) > NAMES_IN_BODY:
        return _("{label}: {n} đơn vị (chi tiết tại {annex})").format(label=label, n=len(names), annex=annex)
    if count:
        return f"{label}: {len(names)} ({', '.join(names)})"
    return f"{label}: {', '.join(names)}"


def _level_line(target: TargetResult, level: LevelSummary) -> str:
    sign = COMPARATOR_SIGNS.get(level.comparator, level.comparator)
    head = f"{level_label(level.level)} ({sign} {amount_text(level.threshold, target.unit_of_measure)})"
    if level.no_data == level.units:
        none = (_("chưa đơn vị nào báo cáo ({units} đơn vị)") if target.measure == MANUAL
                else _("chưa có số liệu của {units} đơn vị")).format(units=level.units)
        return f"+ {head}: {none}."
    parts = [_("{met}/{units} đơn vị đạt").format(met=level.met, units=level.units)]
    if level.at_risk_units:
        parts.append(_listed(_("có nguy cơ không đạt"), level.at_risk_units, _("Phụ lục I")))
    if level.missed_units:
        parts.append(_listed(_("không đạt"), level.missed_units, _("Phụ lục I")))
    if level.no_data:
        parts.append((_("chưa báo cáo: {n} đơn vị") if target.measure == MANUAL
                      else _("chưa có số liệu: {n} đơn vị")).format(n=level.no_data))
    return f"+ {head}: {'; '.join(parts)}."


def _unit_line(target: TargetResult, status: UnitTargetStatus) -> str:
    sign = COMPARATOR_SIGNS.get(status.comparator, status.comparator)
    head = f"{status.unit_name} ({sign} {amount_text(status.threshold, target.unit_of_measure)})"
    if status.verdict == Verdict.NO_DATA and not status.value_text:
        return f"+ {head}: {verdict_label(status.verdict).lower()}."
    text = status.value_text or _value_text(status.value, target.unit_of_measure)
    detail = text
    if (status.projection is not None and status.value is not None and status.projection != status.value):
        detail = _("{value}, dự báo cuối năm {projection}").format(
            value=text, projection=_value_text(status.projection, target.unit_of_measure))
    return f"+ {head}: {detail} — {verdict_label(status.verdict).lower()}."


def _task_line(task: TaskResult, as_of: date) -> str:
    head = f"{task.code}: {task.title.rstrip('.;')}"
    if task.deadline is not None:
        head = _("{task} (thời hạn {deadline})").format(task=head, deadline=format_date_short(task.deadline))
    if not task.assignments:
        return _("{task}: chưa phân công đơn vị thực hiện.").format(task=head)
    if len(task.assignments) == 1:
        row = task.assignments[0]
        return _("{task}: {unit} — tiến độ {progress}%, {status}.").format(
            task=head, unit=row.unit_name, progress=row.progress, status=task_status_label(row.status).lower())
    parts = [_("tiến độ bình quân {progress}%, {status}").format(
        progress=task.progress, status=task_status_label(task.status).lower()),
        _("{done}/{units} đơn vị hoàn thành").format(done=task.units_done, units=task.units)]
    overdue = [r.unit_name for r in task.assignments if r.status == task_rules.TaskStatus.OVERDUE]
    if overdue:
        parts.append(_listed(_("quá hạn"), overdue, _("Phụ lục II"), count=False))
    return f"{head}: {'; '.join(parts)}."


def _narrative_parts(narrative: AreaNarrative) -> list[tuple[str, str]]:
    return [(title, text.strip()) for title, text in (
        (_("Kết quả đạt được"), narrative.results),
        (_("Tồn tại, hạn chế"), narrative.shortcomings),
        (_("Nguyên nhân"), narrative.causes),
        (_("Giải pháp, nhiệm vụ thời gian tới"), narrative.solutions),
    ) if text.strip()]


def _paragraphs(doc: OfficialDocument, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())


def _dossier_cells(row: DossierRow, label: str | None = None) -> list[object]:
    def count(n: int | None) -> object:
        return n if n is not None else "—"

    rate = row.ontime_rate.quantize(Decimal("0.01")) if row.ontime_rate is not None else "—"
    return [label or row.unit_name, count(row.received), rate, count(row.late), count(row.pending_overdue),
            count(row.late_without_apology)]


def _intro(content: ReportContent) -> str:
    scope = _in_sentence(content.scope_name, content.scope_kind)
    real = [p for p in content.plans if not p.illustrative]  # an illustrative plan is no legal basis
    if real:
        bases = "; ".join(
            _("{title} (số {number} ngày {date})").format(
                title=p.title, number=p.document_number, date=format_date_short(p.document_date))
            for p in real)
        return _("Thực hiện {bases}, {issuer} báo cáo kết quả thực hiện công tác cải cách hành chính {period} "
                 "của {scope} như sau:").format(bases=bases, issuer=content.issuer, period=content.period_name,
                                                scope=scope)
    return _("Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {issuer} báo cáo kết quả thực hiện "
             "công tác cải cách hành chính {period} của {scope} như sau:").format(
        issuer=content.issuer, period=content.period_name, scope=scope)


def _area(doc: OfficialDocument, number: int, area: AreaSection, content: ReportContent) -> None:
    doc.heading(f"{number}. {area.name}", 2)
    letters = iter(LETTERS)
    if area.targets:
        doc.heading(_("{letter}) Kết quả thực hiện các chỉ tiêu").format(letter=next(letters)), 3)
        for target in area.targets:
            thresholds = _threshold_text(target)
            head = f"{target.code}: {target.text.rstrip('.;')}"
            doc.bullet(_("{target} (chỉ tiêu: {thresholds}).").format(target=head, thresholds=thresholds)
                       if thresholds else _("{target}: không có đơn vị nào thuộc phạm vi áp dụng.").format(target=head))
            if len(target.units) == 1:
                doc.paragraph(_unit_line(target, target.units[0]))
            else:
                for level in target.levels:
                    doc.paragraph(_level_line(target, level))
    if area.tasks:
        doc.heading(_("{letter}) Tiến độ thực hiện nhiệm vụ").format(letter=next(letters)), 3)
        for task in area.tasks:
            doc.bullet(_task_line(task, content.as_of))
    for title, text in _narrative_parts(area.narrative):
        doc.heading(f"{next(letters)}) {title}", 3)
        _paragraphs(doc, text)
    if not area.targets and not area.tasks and area.narrative.is_empty():
        doc.paragraph(_("Không có chỉ tiêu, nhiệm vụ hoặc nội dung báo cáo của lĩnh vực này trong kỳ."), italic=True)


def _dossiers(doc: OfficialDocument, content: ReportContent) -> None:
    scope = _in_sentence(content.scope_name, content.scope_kind)
    total = content.dossier_total
    if total is None and not content.dossier_rows:
        doc.paragraph(_("Chưa có số liệu hồ sơ thủ tục hành chính của {scope} cho kỳ báo cáo này.").format(scope=scope))
        return
    if total is not None:
        def n(value: int | None) -> str:
            return format_number(value) if value is not None else "—"

        rate = format_number(total.ontime_rate, 2) + "%" if total.ontime_rate is not None else "—"
        doc.paragraph(_(
            "Trong kỳ, {scope} tiếp nhận {received} hồ sơ thủ tục hành chính; tỷ lệ hồ sơ giải quyết đúng hạn "
            "đạt {rate}; {late} hồ sơ giải quyết trễ hạn và {overdue} hồ sơ đang giải quyết quá hạn; "
            "{without} hồ sơ trễ hạn chưa có văn bản xin lỗi."
        ).format(scope=scope, received=n(total.received), rate=rate, late=n(total.late),
                 overdue=n(total.pending_overdue), without=n(total.late_without_apology)))
    if content.dossier_rows:
        numbered = [[str(i), *_dossier_cells(r)] for i, r in enumerate(content.dossier_rows, start=1)]
        if total is not None:
            label = _("Toàn tỉnh") if content.is_province else _("Toàn đơn vị")
            numbered.append(["", *_dossier_cells(total, label)])
        doc.paragraph(_("Tình hình giải quyết hồ sơ, hồ sơ trễ hạn theo đơn vị:"))
        doc.table(
            [_("TT"), _("Đơn vị"), _("Hồ sơ tiếp nhận"), _("Tỷ lệ đúng hạn (%)"), _("Trễ hạn (đã giải quyết)"),
             _("Quá hạn (đang giải quyết)"), _("Trễ hạn chưa xin lỗi")],
            numbered, widths_mm=[10, 50, 21, 21, 21, 21, 21],
            align=["center", "left", "right", "right", "right", "right", "right"],
            bold_rows=[len(numbered) - 1] if total is not None else [],
        )
    if content.units_without_dossier_figures:
        doc.paragraph(_("{n} đơn vị trực thuộc không có số liệu hồ sơ trong kỳ.").format(
            n=content.units_without_dossier_figures), italic=True)


def _points(value: Decimal | None) -> str:
    """A 766 score as the portal writes it: 79,27 (two decimals); "—" for none."""
    return format_number(value, 2) if value is not None else "—"


def _index766_sentence(content: ReportContent, row: Index766Row) -> str:
    return index766_sentence(content.scope_name, content.scope_kind, row)


def index766_sentence(scope_name: str, scope_kind: str, row: Index766Row) -> str:
    """CCHC's total of the scope (and its rank within the block), then the portal's published figure: the
    report's sentence, printed by the DOCX and by the unit's report page alike."""
    scope = _in_sentence(scope_name, scope_kind)
    if row.points is None:
        text = _("Chưa chỉ số nào của Bộ chỉ số 766 có số liệu của {scope} trong kỳ").format(scope=scope)
    else:
        text = _("Theo số liệu của hệ thống, {scope} đạt {points}/{max} điểm Bộ chỉ số 766 (các chỉ số có số liệu "
                 "chiếm {available} điểm)").format(scope=scope, points=_points(row.points),
                                                   max=format_number(row.max_points), available=_points(row.available))
        if row.rank is not None:
            text = _("{text}, xếp hạng {rank}/{of_n} trong {block}").format(
                text=text, rank=row.rank, of_n=row.of_n, block=block_label(row.block).lower())
    if row.published_total is not None:
        published = _("Cổng Dịch vụ công quốc gia công bố {points} điểm ngày {date}").format(
            points=_points(row.published_total), date=format_date_short(row.published_on))
        if row.published_rank is not None:
            published = _("{text}, hạng {rank} trong khối").format(text=published, rank=row.published_rank)
        text = f"{text}; {published}"
    return f"{text}."


def no_index766_sentence(period_name: str) -> str:
    """What a report of 6 or 9 months says in place of the 766 section."""
    return _("Bộ chỉ số 766 được tính và công bố theo tháng, quý và năm; kỳ báo cáo {period} không có kỳ "
             "đánh giá tương ứng (xem báo cáo quý hoặc năm).").format(period=period_name)


def _index766(doc: OfficialDocument, content: ReportContent) -> None:
    """The Decision 766 index of the period: the scope's total, then (the province) each ranked unit."""
    if not content.index766_period:
        doc.paragraph(no_index766_sentence(content.period_name), italic=True)
        return
    if not content.index766:
        return
    own, units = content.index766[0], content.index766[1:]
    doc.paragraph(_index766_sentence(content, own))
    if units:
        doc.paragraph(_("Điểm và thứ hạng trong khối của các đơn vị:"))
        rows = [[str(i), r.unit_name, block_label(r.block), _points(r.points), _points(r.available),
                 f"{r.rank}/{r.of_n}" if r.rank is not None else "—", _points(r.published_total),
                 str(r.published_rank) if r.published_rank is not None else "—",
                 format_date_short(r.published_on) if r.published_on is not None else "—"]
                for i, r in enumerate(units, start=1)]
        doc.table(
            [_("TT"), _("Đơn vị"), _("Khối"), _("Điểm (/100)"), _("Điểm các chỉ số có số liệu"), _("Hạng trong khối"),
             _("Điểm Cổng DVCQG công bố"), _("Hạng công bố trong khối"), _("Ngày công bố")],
            rows, widths_mm=[9, 40, 20, 16, 17, 16, 17, 14, 16],
            align=["center", "left", "left", "right", "right", "center", "right", "center", "center"],
        )
    if any(r.published_total is not None for r in content.index766):
        doc.paragraph(_("Điểm và thứ hạng tính theo Quyết định số 766/QĐ-TTg từ số liệu của hệ thống, như trang Bộ chỉ số "
                        "766; điểm Cổng Dịch vụ công quốc gia công bố là số liệu Cổng công bố được nhập vào hệ "
                        "thống."), italic=True)


def _reporting(doc: OfficialDocument, content: ReportContent) -> None:
    rows = content.reporting
    if not rows:
        doc.paragraph(_("Không có số liệu về việc gửi báo cáo của các đơn vị trong kỳ."))
        return
    counts = {s: sum(1 for r in rows if r.status == s) for s in REPORTING_STATUSES}
    summary = _("Có {total} đơn vị phải báo cáo: {on_time} đơn vị gửi đúng hạn, {late} đơn vị gửi trễ hạn, "
                "{missing} đơn vị chưa gửi báo cáo").format(
        total=len(rows), on_time=counts["on_time"], late=counts["late"], missing=counts["missing"])
    if counts["pending"]:
        summary = _("{summary}, {pending} đơn vị chưa đến hạn gửi").format(summary=summary, pending=counts["pending"])
    doc.paragraph(f"{summary}.")
    late = [r for r in rows if r.status == "late"]
    missing = [r for r in rows if r.status == "missing"]
    if late:
        doc.paragraph(_("Đơn vị gửi báo cáo trễ hạn:"))
        for r in late:
            when = _(" (gửi ngày {date})").format(date=format_date_short(r.submitted_on)) if r.submitted_on else ""
            doc.bullet(f"{r.unit_name}{when};")
    if missing:
        doc.paragraph(_("Đơn vị chưa gửi báo cáo:"))
        for r in missing:
            doc.bullet(f"{r.unit_name};")
    if counts["on_time"] == len(rows):
        doc.paragraph(_("Tất cả các đơn vị gửi báo cáo đúng hạn."))


def render_docx(content: ReportContent, *, layout: Layout = DEFAULT_LAYOUT, language: str = "vi") -> bytes:
    """The report as a DOCX in the NĐ 30/2020 format; the same content gives the same bytes."""
    with translation.override(language):
        doc = OfficialDocument(content.issuer_parent, content.issuer, content.number, content.symbol, content.place,
                               content.issued_on, _("Báo cáo"), content.subject, layout=layout)
        if content.kinh_gui:
            doc.kinh_gui(list(content.kinh_gui))
        doc.paragraph(_intro(content))
        if content.kpi_as_of is not None:
            doc.paragraph(_("Số liệu hồ sơ thủ tục hành chính được tính đến {time} ngày {date}; tiến độ nhiệm vụ theo "
                            "báo cáo của các đơn vị đến ngày {as_of}.").format(
                time=f"{content.kpi_as_of:%H} giờ {content.kpi_as_of:%M} phút",
                date=format_date_short(content.kpi_as_of), as_of=format_date_short(content.as_of)), italic=True)
        else:
            doc.paragraph(_("Tiến độ nhiệm vụ theo báo cáo của các đơn vị đến ngày {as_of}.").format(
                as_of=format_date_short(content.as_of)), italic=True)
        if content.provisional and content.evaluated_on is not None:
            doc.paragraph(_("Kết quả đánh giá chỉ tiêu là tạm tính đến ngày {date}: kỳ báo cáo chưa kết thúc hoặc "
                            "số liệu chưa chốt.").format(date=format_date_short(content.evaluated_on)), italic=True)

        for plan in (p for p in content.plans if p.illustrative):
            doc.paragraph(_("Chỉ tiêu và nhiệm vụ của kế hoạch {code} trong báo cáo này là số liệu minh họa, không phải "
                            "văn bản thật.").format(code=plan.code), italic=True)
        doc.heading(_("{n}. Kết quả thực hiện các nhiệm vụ cải cách hành chính").format(n=ROMAN[0]), 1)
        if not content.plans:
            doc.paragraph(_("Chưa có kế hoạch cải cách hành chính năm {year} trong hệ thống; báo cáo theo 07 lĩnh vực "
                            "cải cách hành chính.").format(year=content.start.year), italic=True)
        for number, area in enumerate(content.areas, start=1):
            _area(doc, number, area, content)

        doc.heading(_("{n}. Tình hình giải quyết hồ sơ thủ tục hành chính").format(n=ROMAN[1]), 1)
        _dossiers(doc, content)

        doc.heading(_("{n}. Bộ chỉ số 766").format(n=ROMAN[2]), 1)
        _index766(doc, content)

        doc.heading(_("{n}. Tình hình thực hiện chế độ báo cáo").format(n=ROMAN[3]), 1)
        _reporting(doc, content)

        doc.paragraph(_("Kết quả chi tiết theo từng đơn vị tại các phụ lục kèm theo: Phụ lục I (chỉ tiêu), "
                        "Phụ lục II (nhiệm vụ), Phụ lục III (chỉ số hồ sơ thủ tục hành chính), "
                        "Phụ lục IV (Bộ chỉ số 766)."))
        doc.paragraph(_("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period} của {issuer}./.")
                      .format(period=content.period_name, issuer=content.issuer))
        doc.noi_nhan(list(content.recipients) or [_("Lưu: VT")])
        title_lines = [line for line in content.signer_title.splitlines() if line.strip()]
        doc.signature([*content.authority_lines, *title_lines], content.signer_name)
        return doc.to_bytes(fixed_time=package_time(content.issued_on))
