"""The official documents of a reporting period (F14): the province's periodic PAR report, or one unit's
approved report, as DOCX (NĐ 30/2020) with its XLSX annexes and a PDF, built by cchc.documents from
what the reports hold.

Generation takes seconds (LibreOffice converts the PDF), so a request only records what to generate and
queues a job for the worker (cchc.platform.jobs); the page follows its steps (htmx, like the dossier uploads of
cchc.dossiers.jobs). The files are stored with who generated them and when, and served only through a
permission-checked view.

What goes into the province's report: the units' reporting timeliness (cchc.reporting.services), and
from each unit's latest *approved* report its narrative per reform area and its manual measures; a unit
whose report is not approved contributes no text. The documents are dated and read "as of" their issue
date, so generating again with the same details and data gives the same content.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import permissions
from cchc.core import reporting as rules
from cchc.core.errors import DomainError
from cchc.core.i18n import N_, stored
from cchc.core.levels import UnitKind
from cchc.documents import par_report
from cchc.documents.vietnamese import format_number
from cchc.platform.errors import job_records
from cchc.platform.jobs import in_background
from cchc.units.services import unit_order

from . import content
from . import permissions as rperm
from .models import GeneratedDocument, ReportingPeriod, ReportState, UnitReport
from .services import NARRATIVE_FIELDS, plans_in_force, timeliness

logger = logging.getLogger(__name__)


def approved_reports(period: ReportingPeriod) -> list[UnitReport]:
    """Each unit's latest approved version in the period (a correction still being written does not hide
    the version approved before it)."""
    latest: dict[int, UnitReport] = {}
    for report in (UnitReport.objects.filter(period=period, state=ReportState.APPROVED).select_related("unit")
                   .prefetch_related("narratives", "measures").order_by("unit_id", "version")):
        latest[report.unit_id] = report
    return sorted(latest.values(), key=lambda r: unit_order(r.unit))


def _value_text(value, unit_of_measure: str) -> str:
    exponent = value.normalize().as_tuple().exponent
    places = min(-exponent, 4) if isinstance(exponent, int) and exponent < 0 else 0
    text = format_number(value, places)
    unit = unit_of_measure.strip()
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def manual_measures(reports: list[UnitReport]) -> list[tuple[str, str, str]]:
    """(target code, unit key, value text) of the measures the units entered, for par_report.collect."""
    out = []
    for report in reports:
        for m in report.measures.all():
            if m.value is not None:
                out.append((m.target_code, report.unit.key, _value_text(m.value, m.unit_of_measure)))
    return out


def merged_narratives(reports: list[UnitReport]) -> dict[str, par_report.AreaNarrative]:
    """The province's text per reform area, assembled from the units' approved reports: under each
    heading (results, shortcomings, causes, solutions: the four texts a unit writes per area) what each
    unit wrote, one paragraph per unit, named ("Sở Nội vụ: …"), units in the tree's order (``reports``
    come sorted by ``approved_reports``). The province report's form offers it for the officer to edit
    before generating (``narrative_form``); nothing a unit wrote is lost on the way."""
    parts: dict[str, dict[str, list[str]]] = {}
    for report in reports:
        for n in report.narratives.all():
            for f in NARRATIVE_FIELDS:
                text = getattr(n, f).strip()
                if text:
                    parts.setdefault(n.area_code, {k: [] for k in NARRATIVE_FIELDS})[f].append(f"{report.unit.name}: {text}")
    return {code: par_report.AreaNarrative(**{f: "\n".join(lines) for f, lines in fields.items()})
            for code, fields in parts.items()}


def narrative_areas(period: ReportingPeriod) -> list[tuple[str, str]]:
    """(code, name) of the reform areas the units' reports are written by, in the report's order: the
    areas whose narrative the province's report form offers."""
    from .prefill import report_areas

    return [(a.code, rules.area_name(a.name)) for a in report_areas(period, plans_in_force(period))]


def _plain(narrative: par_report.AreaNarrative | None, field: str) -> str:
    return getattr(narrative, field).strip() if narrative is not None else ""


def kept_text(assembled_now: str, assembled_then: str | None, written_then: str | None) -> str:
    """What the province report's form offers under one heading: the text the officer wrote for the last
    document if it differs from what was assembled for it then (an edit is never overwritten), else the
    text assembled now from the units' approved reports (so a report approved since flows in)."""
    def norm(text: str | None) -> str:
        return (text or "").replace("\r\n", "\n").strip()

    if written_then is not None and norm(written_then) != norm(assembled_then):
        return written_then
    return assembled_now


def narrative_form(period: ReportingPeriod) -> tuple[list[tuple[str, str]], dict, dict]:
    """The narrative part of the province report's form: (areas, initial values by field name, the texts
    assembled now by area and heading). The initial value of each heading is ``kept_text`` of the
    assembled text and of the last province document of the period that carried a narrative."""
    areas = narrative_areas(period)
    assembled = merged_narratives(approved_reports(period))
    now = {code: {f: _plain(assembled.get(code), f) for f in NARRATIVE_FIELDS} for code, _name in areas}
    last = (period.documents.filter(report__isnull=True, options__has_key="narratives").order_by("-pk")
            .values_list("options", flat=True).first()) or {}
    written, then = last.get("narratives") or {}, last.get("assembled") or {}
    initial = {}
    for code, _name in areas:
        for f in NARRATIVE_FIELDS:
            initial[f"area-{code}-{f}"] = kept_text(now[code][f], (then.get(code) or {}).get(f),
                                                    (written.get(code) or {}).get(f))
    return areas, initial, now


def reporting_rows(period: ReportingPeriod, on: date) -> list[par_report.ReportingRow]:
    """Timeliness as of ``on``: a unit not in yet is "missing" in a document (the document cannot wait)."""
    rows = []
    for row in timeliness(period, on):
        status = rules.Timeliness.MISSING.value if row.status == rules.Timeliness.PENDING else row.status
        submitted_on = timezone.localtime(row.submitted_at).date() if row.submitted_at else None
        rows.append(par_report.ReportingRow(row.unit.name, status, submitted_on))
    return rows


def default_options(period: ReportingPeriod, report: UnitReport | None = None) -> dict:
    """Sensible initial values for the document form: the Department of Home Affairs of the province for
    the province's report, the unit itself for a unit's report, dated today."""
    province = period.province
    place = province.short_name or province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    today = timezone.localdate()
    if report is None:
        return {"symbol": "BC-SNV", "issued_on": today, "place": place, "issuer": _("Sở Nội vụ"),
                "issuer_parent": _("Ủy ban nhân dân {province}").format(province=province.name[:1].lower() + province.name[1:]),
                "signer_title": _("GIÁM ĐỐC")}
    unit = report.unit
    parent = ""
    if unit.kind == UnitKind.DEPARTMENT:
        parent = _("Ủy ban nhân dân {province}").format(province=province.name[:1].lower() + province.name[1:])
    elif unit.kind == UnitKind.COMMUNE and unit.parent is not None and unit.parent.kind == UnitKind.DISTRICT:
        parent = _("Ủy ban nhân dân {district}").format(district=unit.parent.name[:1].lower() + unit.parent.name[1:])
    issuer = unit.name if unit.kind == UnitKind.DEPARTMENT else _("Ủy ban nhân dân {unit}").format(
        unit=unit.name[:1].lower() + unit.name[1:])
    return {"symbol": "BC", "issued_on": today, "place": place, "issuer": issuer, "issuer_parent": parent,
            "signer_title": _("GIÁM ĐỐC") if unit.kind == UnitKind.DEPARTMENT else _("CHỦ TỊCH")}


def content_of(document: GeneratedDocument) -> par_report.ReportContent:
    """What the document prints, read from the reports and the database (cchc.documents.par_report)."""
    period, o = document.period, document.options
    issued_on = date.fromisoformat(o["issued_on"])
    common = {
        "kind": period.kind, "start": period.start, "end": period.end, "plans": plans_in_force(period),
        "number": o.get("number"), "symbol": o["symbol"], "issued_on": issued_on, "place": o["place"],
        "issuer": o["issuer"], "issuer_parent": o.get("issuer_parent", ""), "signer_title": o["signer_title"],
        "signer_name": o["signer_name"], "recipients": o.get("recipients"), "as_of": issued_on,
    }
    if document.report is None:
        reports = approved_reports(period)
        # the officer's text from the form (the units' texts assembled, then edited); a document recorded
        # without one (the API, before the form had it) prints the units' texts as assembled
        written = o.get("narratives")
        narratives = ({code: par_report.AreaNarrative(**{f: (texts or {}).get(f, "") for f in NARRATIVE_FIELDS})
                       for code, texts in written.items()} if isinstance(written, dict) else merged_narratives(reports))
        return content.collect(scope=period.province, reporting=reporting_rows(period, issued_on),
                                  narratives=narratives, manual_measures=manual_measures(reports), **common)
    report = document.report
    row = [r for r in reporting_rows(period, issued_on) if r.unit_name == report.unit.name]
    narratives = {n.area_code: par_report.AreaNarrative(**{f: getattr(n, f) for f in NARRATIVE_FIELDS})
                  for n in report.narratives.all()}
    return content.collect(scope=report.unit, reporting=row, narratives=narratives,
                              manual_measures=manual_measures([report]),
                              kinh_gui=[_("Sở Nội vụ")], **common)


def _slug(document: GeneratedDocument) -> str:
    from django.utils.text import slugify

    from cchc.core.kpis import period_label

    period = document.period
    who = slugify(document.report.unit.name.replace("đ", "d").replace("Đ", "D")) if document.report else "tinh"
    name = period_label(period.kind, period.start)  # the Vietnamese name, as the file name is Vietnamese
    return f"bao-cao-cchc-{slugify(name.replace('/', '-'))}-{who}"


@transaction.atomic
def request_documents(*, user, period: ReportingPeriod, options: dict, report: UnitReport | None = None) -> GeneratedDocument:
    """Record what to generate and queue its job (seen by the worker once the row is committed)."""
    if report is None:
        permissions.require(rperm.can_manage_periods(user))
    else:
        permissions.require(rperm.can_view_report(user, report))
        if not report.is_locked:
            raise DomainError(_("Chỉ báo cáo đã được duyệt mới xuất thành văn bản."))
    document = GeneratedDocument.objects.create(period=period, report=report, options=options, created_by=user)
    start(document)
    return document


def _step(document: GeneratedDocument, step: int, **files) -> None:
    document.step = step
    GeneratedDocument.objects.filter(pk=document.pk).update(step=step, **files)


def run(document_id: int) -> None:
    """Build the documents step by step; files made before a failure stay downloadable (a PDF that
    LibreOffice could not make still leaves the DOCX and XLSX)."""
    from cchc.documents.annexes import render_annexes
    from cchc.documents.pdf import docx_to_pdf

    document = GeneratedDocument.objects.select_related("period", "period__province", "report", "report__unit").get(pk=document_id)
    if document.state in (GeneratedDocument.State.DONE, GeneratedDocument.State.FAILED):
        return  # handed out again after it ended (its worker stopped before saying so): nothing to redo
    GeneratedDocument.objects.filter(pk=document_id).update(state=GeneratedDocument.State.RUNNING)
    name = _slug(document)
    try:
        content = content_of(document)
        _step(document, 1)
        docx = par_report.render_docx(content)
        document.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        _step(document, 2, docx=document.docx.name)
        document.xlsx.save(f"{name}-phu-luc.xlsx", ContentFile(render_annexes(content)), save=False)
        _step(document, 3, xlsx=document.xlsx.name)
        document.pdf.save(f"{name}.pdf", ContentFile(docx_to_pdf(docx)), save=False)
        _step(document, 4, pdf=document.pdf.name)
    except Exception as exc:  # the page must say the job ended (cchc.platform.errors words why)
        document.state = GeneratedDocument.State.FAILED
        document.errors = job_records(exc, logger=logger, job=f"document generation {document_id}",
                                      system=stored(N_("Lỗi hệ thống khi tạo văn bản; xem nhật ký máy chủ.")))
    else:
        document.state = GeneratedDocument.State.DONE
    document.finished_at = timezone.now()
    document.save(update_fields=["state", "errors", "finished_at", "docx", "xlsx", "pdf", "step"])


def start(document: GeneratedDocument) -> str:
    """Queue the generation for the worker, seen once the row is committed (cchc.platform.jobs); returns
    the queued job's id."""
    return in_background(run, document.pk, name=f"report-documents-{document.pk}")
